"""The result document's scan (issue 20, scope 5): from a dossier whose result is in (status 9)
or returned (10), the clerk scans the result — scanner (F8) or files, with the same scan panel as
the submitted papers — and attaches it as one PDF (``counter_app/scanning/results.py``). It goes
up with the dossier's files and the synced record lists it in ``DanhSachGiayToKetQua``.

The PDF is built and stored on the worker pool, then recorded on the writer; the GUI thread
never waits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from counter_app.errors import UserError
from counter_app.scanning import results
from counter_app.scanning.batch import UNASSIGNED

from .backend import Backend
from .i18n import tr
from .widgets import Banner

SHORTCUT = "Ctrl+K"  # "kết quả"; the detail dialog's key for this dialog


class ResultScanDialog(QDialog):
    attached = Signal(dict)  # the recorded result (results.record's summary)

    def __init__(self, backend: Backend, detail: dict, parent=None) -> None:
        super().__init__(parent)
        from .scan_panel import ScanPanel

        self.backend = backend
        self.code = detail["code"]
        self.setWindowTitle(tr('Đính kèm bản quét kết quả — {0}').format(self.code))
        self.resize(900, 600)
        self.banner = Banner()
        self.panel = ScanPanel(backend, mode="result")
        self.panel.set_components([tr('Bản quét kết quả')])
        self.panel.select_row(1)
        self.number = QLineEdit()
        self.number.setObjectName("result-number")
        self.number.setMaxLength(results.MAX_NUMBER_LEN)
        self.number.setPlaceholderText(tr('Ví dụ: 123/2026 (không bắt buộc)'))
        form = QFormLayout()
        form.addRow(tr('Số giấy tờ kết quả:'), self.number)
        hint = QLabel(tr('Quét kết quả (F8) hoặc chọn tệp PDF, JPEG, PNG; mọi trang thành một tệp PDF kết quả, '
                         'gửi lên hệ thống tỉnh khi đồng bộ.'))
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(tr('Đính &kèm'))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr('Hủy'))
        self.buttons.accepted.connect(self.attach)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.attach)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.panel, 1)
        lay.addLayout(form)
        lay.addWidget(self.banner)
        lay.addWidget(self.buttons)
        self.panel.start()
        self.setTabOrder(self.panel, self.number)
        self.setTabOrder(self.number, self.ok)

    def pages(self) -> list:
        """Every page in the panel: the result's row, then any not sorted into it."""
        return self.panel.batch.pages(1) + self.panel.batch.pages(UNASSIGNED)

    def attach(self) -> None:
        if not self.ok.isEnabled():
            return
        pages = self.pages()
        if not pages:
            self.banner.show_message(tr('Chưa có trang nào: hãy quét (F8) hoặc chọn tệp bản quét kết quả.'))
            return
        self.ok.setEnabled(False)
        self.banner.show_message(tr('Đang lưu bản quét kết quả…'), "info")
        number = self.number.text()
        backend = self.backend

        def stored(pdf) -> None:
            backend.write(results.record, self.code, pdf, backend.actor, backend.data_dir, doc_number=number,
                          on_done=self._done, on_error=self._failed, owner=self)

        backend.run(results.store_result, backend.data_dir, pages, "", on_done=stored, on_error=self._failed,
                    owner=self)

    def _done(self, res: dict) -> None:
        self.attached.emit(res)
        self.panel.shutdown()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))

    def reject(self) -> None:
        self.panel.shutdown()
        super().reject()
