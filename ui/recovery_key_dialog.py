"""The recovery-key step after an encrypted set-up (and from "Cài đặt trạm…"): the key is written
to a file on a USB stick (what `counter-app key export` writes; `key import` reads it back), and
the supervisor is told to keep the stick away from the PC (docs/security.md, "Key recovery")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout,
)

from counter_app.encryption import export_recovery_key

from .backend import Backend
from .i18n import tr
from .widgets import Banner


def where_text(store: str | None) -> str:
    if store == "keyring":
        return tr('kho khóa của hệ điều hành (Windows Credential Manager)')
    return tr('tệp db.key cạnh dữ liệu (chỉ tài khoản Windows này đọc được)')


class RecoveryKeyDialog(QDialog):
    def __init__(self, backend: Backend, store: str | None, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.saved_to: Path | None = None
        self.setWindowTitle(tr('Khóa khôi phục cơ sở dữ liệu'))
        self.setMinimumWidth(520)
        text = QLabel(tr(
            'Cơ sở dữ liệu của trạm đã được mã hóa. Khóa giải mã được giữ trong {0}. Nếu máy hỏng, '
            'cài lại Windows hoặc mất kho khóa mà không có khóa khôi phục thì toàn bộ hồ sơ và các bản '
            'sao lưu sẽ không đọc được nữa, kể cả với người hỗ trợ kỹ thuật.\n\n'
            'Hãy lưu khóa khôi phục ra USB ngay bây giờ. Người giám sát cất USB ở nơi an toàn (tủ có '
            'khóa), không để cùng máy tiếp nhận.').format(where_text(store)))
        text.setWordWrap(True)
        self.banner = Banner()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.export_button = QPushButton(tr('&Lưu khóa khôi phục ra USB…'))
        self.export_button.clicked.connect(self.export)
        self.buttons = QDialogButtonBox()
        self.done_button = self.buttons.addButton(tr('&Xong'), QDialogButtonBox.AcceptRole)
        self.buttons.accepted.connect(self.finish)
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(self.banner)
        lay.addWidget(self.export_button)
        lay.addWidget(self.result_label)
        lay.addWidget(self.buttons)
        self.export_button.setDefault(True)
        self.export_button.setFocus()

    def export(self) -> None:
        suggested = str(Path.home() / "khoa-khoi-phuc-tram.key")
        path, _ = QFileDialog.getSaveFileName(self, tr('Lưu khóa khôi phục'), suggested, tr('Tệp khóa (*.key)'))
        if not path:
            return
        self.export_button.setEnabled(False)
        self.banner.clear_message()

        def done(fingerprint: str) -> None:
            self.saved_to = Path(path)
            self.export_button.setEnabled(True)
            self.result_label.setText(tr('Đã lưu khóa khôi phục vào {0} (dấu vân tay {1}). Rút USB và cất giữ nơi an toàn.')
                                      .format(path, fingerprint))
            self.done_button.setFocus()

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.banner.show_message(getattr(exc, "message", None) or tr('Không lưu được khóa: {0}').format(exc))

        self.backend.run(export_recovery_key, self.backend.data_dir, Path(path), on_done=done, on_error=failed)

    def finish(self) -> None:
        if self.saved_to is None:
            answer = QMessageBox.warning(
                self, tr('Chưa lưu khóa khôi phục'),
                tr('Chưa lưu khóa khôi phục. Có thể lưu sau ở Quản trị → Cài đặt trạm…, nhưng nếu máy hỏng '
                   'trước đó thì mất toàn bộ dữ liệu. Vẫn để sau?'),
                QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer != QMessageBox.Yes:
                return
        self.accept()

    def reject(self) -> None:  # Esc asks the same question as "Xong"
        self.finish()
