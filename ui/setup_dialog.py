"""First-start setup: agency, station, office hours and the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from counter_app import settings, setup

from .i18n import tr
from .backend import Backend
from .widgets import Banner, mark_invalid, ok_cancel_buttons, scrollable


class SetupDialog(QDialog):
    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(tr('Thiết lập trạm lần đầu'))
        self.setMinimumWidth(560)
        intro = QLabel(
            tr('Nhập thông tin đơn vị và tài khoản quản trị đầu tiên. Mã định danh đơn vị theo QCVN 102:2016/BTTTT, ví dụ 000.00.06.H56. Mỗi máy tiếp nhận dùng một số quầy (0–9) khác nhau.')
        )
        intro.setWordWrap(True)
        self.banner = Banner()
        self.agency_name = QLineEdit()
        self.agency_name.setPlaceholderText(tr('Trung tâm Phục vụ hành chính công xã …'))
        self.agency_code = QLineEdit()
        self.agency_code.setPlaceholderText("000.00.06.H56")
        self.province = QLineEdit()
        self.province.setPlaceholderText(tr('Tỉnh …'))
        # The forms' header and place line: filled in from the agency's name unless typed.
        self.parent_name = QLineEdit()
        self.parent_name.setPlaceholderText(tr('UBND XÃ …'))
        self.place_name = QLineEdit()
        self.place_name.setPlaceholderText(tr('Tên xã/phường ghi trên biểu mẫu, ví dụ: Yên Lạc'))
        self.agency_name.textChanged.connect(self._suggest_form_names)
        self.province.textChanged.connect(self._suggest_form_names)
        self._suggested = {"parent_name": "", "place_name": ""}
        self.station = QSpinBox()
        self.station.setRange(0, 9)
        self.station.setValue(1)
        self.office_hours = QLineEdit(settings.DEFAULTS["office_hours"])
        self.admin_user = QLineEdit("admin")
        self.admin_full_name = QLineEdit()
        self.admin_password = QLineEdit()
        self.admin_password.setEchoMode(QLineEdit.Password)
        self.admin_password2 = QLineEdit()
        self.admin_password2.setEchoMode(QLineEdit.Password)
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr('Tên đơn vị (&T):'), self.agency_name)
        form.addRow(tr('Mã định danh đơn vị (&M):'), self.agency_code)
        form.addRow(tr('Tỉnh/thành phố (&P):'), self.province)
        form.addRow(tr('Cơ quan chủ quản (dòng đầu biểu mẫu):'), self.parent_name)
        form.addRow(tr('Địa danh ghi trên biểu mẫu (&D):'), self.place_name)
        form.addRow(tr('Số quầy (0–9) (&Q):'), self.station)
        form.addRow(tr('Giờ làm việc (&G):'), self.office_hours)
        form.addRow(tr('Tài khoản quản trị (&U):'), self.admin_user)
        form.addRow(tr('Họ và tên quản trị viên:'), self.admin_full_name)
        form.addRow(tr('Mật khẩu (&K):'), self.admin_password)
        form.addRow(tr('Nhập lại mật khẩu:'), self.admin_password2)
        self.fields = {
            "agency_name": self.agency_name, "agency_code": self.agency_code, "province": self.province,
            "station": self.station, "office_hours": self.office_hours, "admin_user": self.admin_user,
            "admin_password": self.admin_password,
        }
        self.buttons = ok_cancel_buttons(self, tr('Thiết lập'), tr('Thoát'), self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.banner)
        lay.addWidget(scrollable(fields), 1)  # a short screen scrolls the fields, not the buttons
        lay.addWidget(self.buttons)

    def values(self) -> dict:
        return {
            "agency_name": self.agency_name.text(), "agency_code": self.agency_code.text().strip(),
            "province": self.province.text(), "station": self.station.value(),
            "office_hours": self.office_hours.text().strip(), "admin_user": self.admin_user.text().strip(),
            "admin_full_name": self.admin_full_name.text().strip(), "admin_password": self.admin_password.text(),
            "parent_name": self.parent_name.text().strip(), "place_name": self.place_name.text().strip(),
        }

    def _suggest_form_names(self) -> None:
        """Fill the header and place from the agency's name while the clerk has not typed them."""
        agency, province = self.agency_name.text(), self.province.text()
        suggested = {"parent_name": setup.default_parent_name(agency, province) if agency.strip() else "",
                     "place_name": setup.default_place_name(agency, province)}
        for key, widget in (("parent_name", self.parent_name), ("place_name", self.place_name)):
            if widget.text() == self._suggested[key]:
                widget.setText(suggested[key])
            self._suggested[key] = suggested[key]

    def submit(self) -> None:
        values = self.values()
        errors = setup.validate_setup(values)
        if not errors and values["admin_password"] != self.admin_password2.text():
            errors["admin_password"] = tr('Hai lần nhập mật khẩu không khớp.')
        for key, widget in self.fields.items():
            mark_invalid(widget, key in errors)
        if errors:
            self.banner.show_message("\n".join(errors.values()))
            first = next(k for k in self.fields if k in errors)
            self.fields[first].setFocus()
            return
        self.banner.clear_message()
        self.buttons.setEnabled(False)
        self.backend.write(setup.initialize, values, on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or tr('Không thiết lập được: {0}').format(exc))
