"""Cài đặt trạm… (supervisor and administrator): the station's names printed on the forms, the
signer of Mẫu 04/05, the counter's name and phone, office hours and the idle lock. The agency
code and the station number are shown, not edited: they are part of every dossier code.
Saved in one audited transaction (counter_app/setup.update_station_settings)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from counter_app import settings, setup
from counter_app.accounts import is_supervisor
from counter_app.encryption import key_store

from .backend import Backend
from .i18n import tr
from .setup_dialog import signer_title_edit
from .widgets import Banner, mark_invalid, ok_cancel_buttons, scrollable


def _load(db, data_dir) -> dict:
    return {**settings.get_all(db), "key_store": key_store(data_dir)}


class SettingsDialog(QDialog):
    saved = Signal(dict)  # the values now in force (self.changed: the keys that changed)

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        if not is_supervisor(backend.actor):  # the menu is not shown to a clerk either
            raise PermissionError("supervisor only")
        self.backend = backend
        self.setWindowTitle(tr('Cài đặt trạm'))
        self.setMinimumWidth(560)
        self.banner = Banner()
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        self.agency_name = QLineEdit()
        self.parent_name = QLineEdit()
        self.place_name = QLineEdit()
        self.head_title = signer_title_edit()
        self.head_name = QLineEdit()
        self.counter_name = QLineEdit()
        self.phone = QLineEdit()
        self.office_hours = QLineEdit()
        self.office_hours.setPlaceholderText("07:00-11:30,13:30-17:00")
        self.idle_lock_minutes = QSpinBox()
        self.idle_lock_minutes.setRange(setup.MIN_IDLE_MINUTES, setup.MAX_IDLE_MINUTES)
        self.idle_lock_minutes.setSuffix(tr(' phút'))
        # [R] the legal time to receive an online dossier (counter_app/online.py), in working hours
        self.online_limit = QSpinBox()
        self.online_limit.setRange(1, setup.MAX_ONLINE_LIMIT_HOURS)
        self.online_limit.setSuffix(tr(' giờ làm việc'))
        self.fields = {
            "agency_name": self.agency_name, "parent_name": self.parent_name, "place_name": self.place_name,
            "head_title": self.head_title, "head_name": self.head_name, "counter_name": self.counter_name,
            "phone": self.phone, "office_hours": self.office_hours, "idle_lock_minutes": self.idle_lock_minutes,
            "online_receive_limit_hours": self.online_limit,
        }
        inner = QWidget()
        form = QFormLayout(inner)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.identity)
        form.addRow(tr('Tên đơn vị (&T):'), self.agency_name)
        form.addRow(tr('Cơ quan chủ quản (dòng đầu &biểu mẫu):'), self.parent_name)
        form.addRow(tr('Địa danh ghi trên biểu mẫu (&D):'), self.place_name)
        form.addRow(tr('Chức danh người ký (&C):'), self.head_title)
        form.addRow(tr('&Họ tên người ký:'), self.head_name)
        form.addRow(tr('Tên quầy (&Q):'), self.counter_name)
        form.addRow(tr('Số điện thoại (&S):'), self.phone)
        form.addRow(tr('Giờ làm việc (&G):'), self.office_hours)
        hours_note = QLabel(tr('Giờ làm việc mới dùng cho hồ sơ nhận từ nay; hạn trả của hồ sơ đã nhận giữ nguyên.'))
        hours_note.setWordWrap(True)
        form.addRow(hours_note)
        form.addRow(tr('Tự khóa màn hình sau (&K):'), self.idle_lock_minutes)
        idle_note = QLabel(tr('Thời gian tự khóa mới áp dụng từ lần đăng nhập sau.'))
        idle_note.setWordWrap(True)
        form.addRow(idle_note)
        form.addRow(tr('Thời hạn tiếp nhận hồ sơ &trực tuyến:'), self.online_limit)
        online_note = QLabel(tr('Tính từ lúc công dân nộp trên Cổng Dịch vụ công (ngoài giờ thì từ giờ làm việc kế tiếp); '
                                'hồ sơ chờ quá thời hạn hiện màu đỏ trong thẻ Hồ sơ trực tuyến. Mặc định 8 giờ (1 ngày '
                                'làm việc) — hãy đối chiếu quy định của tỉnh.'))
        online_note.setWordWrap(True)
        form.addRow(online_note)
        self.key_button = QPushButton(tr('Lưu khóa khôi phục ra &USB…'))
        self.key_button.clicked.connect(self.open_recovery_key)
        self.key_button.hide()
        form.addRow(self.key_button)
        self.buttons = ok_cancel_buttons(self, tr('Lưu'), tr('Đóng'), self.submit)
        self.buttons.setEnabled(False)  # until the current values are in
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(scrollable(inner), 1)
        lay.addWidget(self.buttons)
        self.loaded: dict = {}
        backend.read(_load, backend.data_dir, on_done=self._fill, on_error=self._failed, owner=self)

    def _fill(self, s: dict) -> None:
        self.loaded = s
        self.identity.setText(tr('Mã định danh đơn vị {0} · Quầy số {1} (không sửa được: có trong mã của mọi hồ sơ).')
                              .format(s["agency_code"], s["station"]))
        for key in ("agency_name", "parent_name", "place_name", "head_name", "counter_name", "phone", "office_hours"):
            self.fields[key].setText(str(s.get(key) or ""))
        self.head_title.setPlainText(str(s.get("head_title") or ""))
        self.idle_lock_minutes.setValue(int(s.get("idle_lock_minutes") or 10))
        self.online_limit.setValue(int(round(float(s.get("online_receive_limit_hours") or 8))))
        self.key_button.setVisible(s.get("key_store") is not None)
        self.buttons.setEnabled(True)
        self.agency_name.setFocus()

    def values(self) -> dict:
        out = {k: w.text().strip() for k, w in self.fields.items() if isinstance(w, QLineEdit)}
        out["head_title"] = self.head_title.toPlainText().strip()
        out["idle_lock_minutes"] = self.idle_lock_minutes.value()
        out["online_receive_limit_hours"] = self.online_limit.value()
        return out

    def submit(self) -> None:
        values = self.values()
        _clean, errors = setup.validate_station_settings(values)
        for key, widget in self.fields.items():
            mark_invalid(widget, key in errors)
        if errors:
            self.banner.show_message("\n".join(errors.values()))
            self.fields[next(k for k in self.fields if k in errors)].setFocus()
            return
        self.banner.clear_message()
        self.buttons.setEnabled(False)
        self.backend.write(setup.update_station_settings, self.backend.actor, values,
                           on_done=lambda changed: self._saved(values, changed), on_error=self._failed, owner=self)

    def _saved(self, values: dict, changed: list) -> None:
        self.changed = changed
        self.saved.emit(values)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(bool(self.loaded))
        errors = getattr(exc, "errors", None) or {}
        for key, widget in self.fields.items():
            mark_invalid(widget, key in errors)
        self.banner.show_message(getattr(exc, "message", None) or tr('Không lưu được: {0}').format(exc))

    def open_recovery_key(self) -> None:
        from .recovery_key_dialog import RecoveryKeyDialog

        self.recovery = RecoveryKeyDialog(self.backend, self.loaded.get("key_store"), self)
        self.recovery.open()
