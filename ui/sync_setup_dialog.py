"""Thiết lập đồng bộ: the province's server, the station secret, an optional CA bundle.

What ``counter-app sync-setup`` does, in a dialog: both call :func:`sync.config.setup`
(validation, the secret to the OS keyring or the 0600 file, never to the database; one audit
entry; supervisors and administrators only). "Kiểm tra kết nối" pings the server and signs in
with the secret typed (or the one stored) on a background thread (:mod:`sync.check`), without
saving anything. After "Lưu" the running sync engine restarts with the new settings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from counter_app import accounts
from counter_app.errors import UserError

from .backend import Backend
from .i18n import tr
from .sync_adapter import SyncAdapter
from .sync_gateway_fields import ADAPTER_NAMES, GatewayFields
from .widgets import Banner

SUPERVISOR_ONLY = tr('Chỉ giám sát hoặc quản trị viên thiết lập được đồng bộ.')


@dataclass
class Current:
    """The station's sync settings as loaded (None: not set up yet)."""

    cfg: object | None
    station_id: str
    has_secret: bool
    has_gateway_password: bool = False


def _load_current(db, data_dir: Path) -> Current:  # a reader thread
    from counter_app import settings
    from sync import config

    cfg = config.load(db)
    if cfg is None:
        s = settings.get_all(db)
        return Current(None, f"{s['agency_code']}/{s['station']}", False)
    return Current(cfg, cfg.station_id, config.secret_store(data_dir, cfg).get() is not None,
                   config.secret_store(data_dir, cfg, config.GATEWAY_SECRET).get() is not None)


def _check(data_dir: Path, current: Current | None, fields: dict, secret: str,
           gateway_password: str | None = None):  # a network thread
    from sync import config
    from sync.check import check_connection

    old = current.cfg if current else None
    cfg = replace(old, **fields) if old is not None else config.SyncConfig(**fields)
    if not secret and old is not None:
        secret = config.secret_store(data_dir, old).get() or ""
    if not secret:
        raise UserError("Hãy nhập khóa bí mật của trạm.")
    if not gateway_password and old is not None:
        gateway_password = config.secret_store(data_dir, old, config.GATEWAY_SECRET).get()
    return check_connection(cfg, config.check_secret(secret), gateway_password)


class SyncSetupDialog(QDialog):
    saved = Signal(object)  # the sync.config.SyncConfig saved
    checked = Signal(bool, str)  # the connection check's result: (ok, message)
    loaded = Signal()

    def __init__(self, backend: Backend, adapter: SyncAdapter, parent=None) -> None:
        super().__init__(parent)
        from sync.adapters import ADAPTERS, DEFAULT

        self.backend = backend
        self.adapter = adapter
        self.current: Current | None = None
        self.setWindowTitle(tr('Thiết lập đồng bộ với hệ thống tỉnh'))
        self.setMinimumWidth(620)
        self.banner = Banner()
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://motcua.tinh.gov.vn")
        self.server.textChanged.connect(self._url_note)
        self.station = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.Password)
        self.show_secret = QCheckBox(tr('&Hiện'))
        self.show_secret.toggled.connect(
            lambda on: self.secret.setEchoMode(QLineEdit.Normal if on else QLineEdit.Password))
        self.ca = QLineEdit()
        self.ca.setPlaceholderText(tr('(không bắt buộc) tệp .pem của tỉnh'))
        self.ca_btn = QPushButton(tr('Chọn &tệp…'))
        self.ca_btn.clicked.connect(self.pick_ca)
        self.adapter_box = QComboBox()
        for name in sorted(ADAPTERS):
            self.adapter_box.addItem(ADAPTER_NAMES.get(name, name), name)
        self.gateway = GatewayFields()
        self.adapter_box.currentIndexChanged.connect(lambda _i: self.gateway.show_for(self.adapter_box.currentData()))
        self.adapter_box.setCurrentIndex(max(0, self.adapter_box.findData(DEFAULT)))
        self.gateway.show_for(self.adapter_box.currentData())
        self.adapter_box.setEnabled(len(ADAPTERS) > 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.check_btn = QPushButton(tr('&Kiểm tra kết nối'))
        self.check_btn.clicked.connect(self.check)
        self.result = Banner()
        self.result.setObjectName("check-result")

        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.show_secret)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca, 1)
        ca_row.addWidget(self.ca_btn)
        form = QFormLayout()
        form.addRow(self._label(tr('Địa chỉ &máy chủ:'), self.server), self.server)
        form.addRow(self._label(tr('Mã t&rạm:'), self.station), self.station)
        form.addRow(self._label(tr('Khóa &bí mật của trạm:'), self.secret), secret_row)
        form.addRow(self._label(tr('Chứng chỉ &CA:'), self.ca), ca_row)
        form.addRow(self._label(tr('Bộ chuyển đổ&i:'), self.adapter_box), self.adapter_box)
        form.addRow(self.gateway)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_btn)
        check_row.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_btn = self.buttons.button(QDialogButtonBox.Save)
        self.save_btn.setText(tr('&Lưu'))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr('Đóng'))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.supervisor = accounts.is_supervisor(backend.actor)
        if not self.supervisor:
            self.save_btn.setEnabled(False)
            self.save_btn.setToolTip(SUPERVISOR_ONLY)

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addLayout(check_row)
        lay.addWidget(self.result)
        lay.addWidget(self.buttons)
        self.setTabOrder(self.server, self.station)
        self.setTabOrder(self.station, self.secret)
        self.setTabOrder(self.secret, self.show_secret)
        self.setTabOrder(self.show_secret, self.ca)
        self.setTabOrder(self.ca, self.ca_btn)
        self.setTabOrder(self.ca_btn, self.adapter_box)
        chain = [self.adapter_box, *(e for edits in self.gateway.edits.values() for e in edits.values()), self.check_btn]
        for first, second in zip(chain, chain[1:]):  # hidden pages are skipped by Tab
            self.setTabOrder(first, second)
        self.server.setFocus()
        backend.read(_load_current, backend.data_dir, on_done=self._loaded, on_error=self._failed, owner=self)

    @staticmethod
    def _label(text: str, buddy) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- loading ------------------------------------------------------------------------------
    def _loaded(self, current: Current) -> None:
        self.current = current
        cfg = current.cfg
        if cfg is not None:
            if not self.server.text():
                self.server.setText(cfg.server_url)
            if not self.ca.text():
                self.ca.setText(cfg.ca_bundle or "")
            i = self.adapter_box.findData(cfg.adapter)
            if i >= 0:
                self.adapter_box.setCurrentIndex(i)
            self.gateway.load(cfg.adapter, cfg.adapter_options or {}, current.has_gateway_password)
        if not self.station.text():
            self.station.setText(current.station_id)
        if current.has_secret:
            self.secret.setPlaceholderText(tr('(để trống: giữ khóa đang dùng)'))
        self.loaded.emit()

    def _url_note(self, text: str) -> None:
        from sync import config

        url = text.strip().lower()
        if url.startswith("http://") and not config.is_local(url):
            self.note.setText(tr('Chú ý: http:// không mã hóa đường truyền; khóa bí mật của trạm có thể bị lộ. '
                                 'Chỉ dùng khi thử nghiệm; hệ thống thật dùng https://.'))
        else:
            self.note.setText("")

    # -- fields -------------------------------------------------------------------------------
    def fields(self) -> dict:
        return {"server_url": self.server.text().strip(), "station_id": self.station.text().strip(),
                "ca_bundle": self.ca.text().strip() or None, "adapter": self.adapter_box.currentData()}

    def pick_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, tr('Chọn tệp chứng chỉ CA'), self.ca.text(), tr('Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)'))
        if path:
            self.ca.setText(path)

    # -- "Kiểm tra kết nối" -----------------------------------------------------------------------
    def check(self) -> None:
        fields = self.fields()
        if not fields["server_url"]:
            self.result.show_message(tr('Hãy nhập địa chỉ máy chủ của hệ thống tỉnh.'))
            self.server.setFocus()
            return
        self.check_btn.setEnabled(False)
        self.result.show_message(tr('Đang kiểm tra kết nối…'), "info")
        fields["adapter_options"] = self.gateway.options()
        self.backend.fetch(_check, self.backend.data_dir, self.current, fields, self.secret.text().strip(),
                           self.gateway.password(), on_done=self._checked, on_error=self._check_failed, owner=self)

    def _checked(self, res) -> None:
        self.check_btn.setEnabled(True)
        self.result.show_message(res.message, "ok" if res.ok else "error")
        self.checked.emit(res.ok, res.message)

    def _check_failed(self, exc: BaseException) -> None:
        self.check_btn.setEnabled(True)
        text = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
        self.result.show_message(text)
        self.checked.emit(False, text)

    # -- "Lưu" --------------------------------------------------------------------------------
    def save(self) -> None:
        from sync import config

        f = self.fields()
        self.buttons.setEnabled(False)
        self.backend.write(
            config.setup, self.backend.data_dir, self.backend.actor, server_url=f["server_url"],
            secret=self.secret.text().strip() or None, station_id=f["station_id"] or None,
            ca_bundle=f["ca_bundle"] or "", adapter=f["adapter"], adapter_options=self.gateway.options(),
            gateway_password=self.gateway.password(),
            on_done=self._saved, on_error=self._failed, owner=self,
        )

    def _saved(self, result) -> None:
        cfg, _store = result
        self.adapter.restart()
        self.saved.emit(cfg)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not self.supervisor:
            self.save_btn.setEnabled(False)
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))


def open_setup(backend: Backend, adapter: SyncAdapter, parent=None) -> SyncSetupDialog:
    dlg = SyncSetupDialog(backend, adapter, parent)
    dlg.open()
    return dlg


def add_setup_action(menu, backend: Backend, adapter: SyncAdapter, parent):
    """The "Thiết lập đồng bộ…" menu item: for supervisors and administrators; greyed out for
    clerks with a tooltip saying who sets sync up."""
    action = menu.addAction(tr('Thiết lập đồng bộ…'), lambda: open_setup(backend, adapter, parent))
    if not accounts.is_supervisor(backend.actor):
        action.setEnabled(False)
        action.setToolTip(SUPERVISOR_ONLY)
        menu.setToolTipsVisible(True)
    return action
