"""First-start setup: agency, station, office hours and the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget,
)

from counter_app import encryption, settings, setup

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
        self.head_title = signer_title_edit()
        self.head_name = QLineEdit()
        self.head_name.setPlaceholderText(tr('Họ và tên người ký Mẫu 04, 05 (có thể để trống)'))
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
        form.addRow(tr('Chức danh người ký (&C):'), self.head_title)
        form.addRow(tr('Họ tên người ký:'), self.head_name)
        form.addRow(tr('Số quầy (0–9) (&Q):'), self.station)
        form.addRow(tr('Giờ làm việc (&G):'), self.office_hours)
        form.addRow(tr('Tài khoản quản trị (&U):'), self.admin_user)
        form.addRow(tr('Họ và tên quản trị viên:'), self.admin_full_name)
        form.addRow(tr('Mật khẩu (&K):'), self.admin_password)
        form.addRow(tr('Nhập lại mật khẩu:'), self.admin_password2)
        # Encryption at rest (docs/security.md): on by default where the key can go to the OS keyring.
        self.encrypt = QCheckBox(tr('Mã hóa cơ sở dữ liệu (khuyến nghị) (&E)'))
        self.encrypt.setEnabled(False)  # until the keyring has been looked for (off the GUI thread)
        self.encrypt_reason = QLabel(tr('Đang kiểm tra kho khóa của hệ điều hành…'))
        self.encrypt_reason.setWordWrap(True)
        self._encrypted_store: str | None = None
        form.addRow(self.encrypt)
        form.addRow(self.encrypt_reason)
        self.fields = {
            "agency_name": self.agency_name, "agency_code": self.agency_code, "province": self.province,
            "parent_name": self.parent_name, "place_name": self.place_name, "head_title": self.head_title,
            "head_name": self.head_name, "station": self.station, "office_hours": self.office_hours, "admin_user": self.admin_user,
            "admin_password": self.admin_password,
        }
        self.buttons = ok_cancel_buttons(self, tr('Thiết lập'), tr('Thoát'), self.submit)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.banner)
        lay.addWidget(scrollable(fields), 1)  # a short screen scrolls the fields, not the buttons
        lay.addWidget(self.buttons)
        backend.run(encryption_choice, backend.data_dir, on_done=self._offer_encryption,
                    on_error=lambda _e: self._offer_encryption({"store": None, "keyring": False}))

    def values(self) -> dict:
        return {
            "agency_name": self.agency_name.text(), "agency_code": self.agency_code.text().strip(),
            "province": self.province.text(), "station": self.station.value(),
            "office_hours": self.office_hours.text().strip(), "admin_user": self.admin_user.text().strip(),
            "admin_full_name": self.admin_full_name.text().strip(), "admin_password": self.admin_password.text(),
            "parent_name": self.parent_name.text().strip(), "place_name": self.place_name.text().strip(),
            "head_title": self.head_title.toPlainText().strip(), "head_name": self.head_name.text().strip(),
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
        if self.encrypt.isChecked() and self._encrypted_store is None:
            # The empty plain database is replaced by an encrypted one first (counter_app/encryption.py).
            self.backend.reopen(encryption.encrypt_new_station, on_error=self._failed,
                                on_done=lambda store: self._initialize(values, store))
        else:
            self._initialize(values, self._encrypted_store)

    def _initialize(self, values: dict, store: str | None) -> None:
        self._encrypted_store = store
        self.backend.write(setup.initialize, values, on_done=lambda _r: self._initialized(store), on_error=self._failed)

    def _initialized(self, store: str | None) -> None:
        if store is None:
            self.accept()
            return
        from .recovery_key_dialog import RecoveryKeyDialog

        self.recovery = RecoveryKeyDialog(self.backend, store, self)
        self.recovery.finished.connect(lambda _r: self.accept())
        self.recovery.open()

    def _offer_encryption(self, choice: dict) -> None:
        """Default on where the key can be kept in the OS keyring; an encrypted (half set-up)
        station stays encrypted."""
        self._encrypted_store = choice["store"]
        if choice["store"] is not None:
            self.encrypt.setChecked(True)
            self.encrypt_reason.setText(tr('Cơ sở dữ liệu của trạm này đã được mã hóa.'))
            return
        self.encrypt.setEnabled(True)
        self.encrypt.setChecked(choice["keyring"])
        reason = tr('Mã hóa giữ cho hồ sơ (họ tên, số định danh, địa chỉ) không đọc được khi máy hoặc ổ đĩa bị '
                    'lấy mất, mang đi sửa hay thanh lý. Khóa giải mã được giữ trong kho khóa của hệ điều hành; '
                    'sau khi thiết lập, hãy lưu khóa khôi phục ra USB và cất giữ — mất cả máy lẫn khóa khôi phục '
                    'là mất toàn bộ dữ liệu.')
        if not choice["keyring"]:
            reason = tr('Máy này không có kho khóa của hệ điều hành: khóa giải mã sẽ nằm trong tệp cạnh cơ sở dữ '
                        'liệu, nên mã hóa không bảo vệ được khi ổ đĩa bị lấy mất (người lấy có cả hai). Nên bật '
                        'mã hóa ổ đĩa của hệ điều hành (BitLocker) thay thế; vẫn có thể chọn mã hóa ở đây.')
        self.encrypt_reason.setText(reason)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(getattr(exc, "message", None) or tr('Không thiết lập được: {0}').format(exc))


def encryption_choice(data_dir) -> dict:
    """Off the GUI thread: whether the station is already encrypted, and whether a keyring exists."""
    return {"store": encryption.key_store(data_dir), "keyring": encryption.keyring_usable()}


def signer_title_edit() -> QPlainTextEdit:
    """The signer's title over the name on Mẫu 04, 05: one or a few lines ("KT. CHỦ TỊCH" /
    "PHÓ CHỦ TỊCH"); Tab leaves it (keyboard first), Enter starts the next line."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(tr('THỦ TRƯỞNG CƠ QUAN (mặc định). Ví dụ hai dòng: KT. CHỦ TỊCH ↵ PHÓ CHỦ TỊCH'))
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
    return edit
