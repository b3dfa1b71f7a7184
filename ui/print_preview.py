"""Print preview of an official form: pages rendered in-app (QPdfView), Print (print dialog,
two copies by default for Mẫu 01, the printer remembered per form), Save PDF, appointment slip.

The PDF is built off the GUI thread (reader pool: read the dossier, render with printing/);
printing paints the pages on a worker thread. Each print or saved PDF is audited.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from counter_app import dossiers, settings
from counter_app.cli_print import render_form, write_atomically
from counter_app.errors import UserError

from .backend import Backend
from .widgets import Banner

FORM_LABELS = {
    "mau-01": "Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "mau-02": "Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "mau-03": "Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "mau-04": "Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn",
    "mau-05": "Mẫu 05 — Thông báo dừng giải quyết hồ sơ",
    "mau-06": "Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "slip": "Phiếu hẹn (máy in nhiệt 80 mm)",
}
DEFAULT_COPIES = {"mau-01": 2}


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of ``pdf`` on ``printer`` (runs on a worker thread). Returns pages."""
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(pdf)
        tmp = f.name
    doc = QPdfDocument()
    try:
        if doc.load(tmp) != QPdfDocument.Error.None_:
            raise UserError("Không đọc được tệp PDF để in.")
        first = doc.pagePointSize(0)
        # The form's own paper (A5, A4 landscape, 80 mm slip) unless the clerk chose otherwise.
        printer.setPageSize(QPageSize(QSizeF(first.width(), first.height()), QPageSize.Point, "", QPageSize.ExactMatch))
        printer.setPageMargins(QMarginsF(0, 0, 0, 0))
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("Không mở được máy in. Hãy kiểm tra máy in đã bật và kết nối.")
        try:
            dpi = min(printer.resolution(), 300)
            for i in range(doc.pageCount()):
                if i:
                    printer.newPage()
                pts = doc.pagePointSize(i)
                size = QSize(int(pts.width() / 72 * dpi), int(pts.height() / 72 * dpi))
                # Forms are black on white: grey pixels make a spool a third the size of RGB.
                image: QImage = doc.render(i, size).convertToFormat(QImage.Format_Grayscale8)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.KeepAspectRatio, Qt.SmoothTransformation))
        finally:
            painter.end()
        return doc.pageCount()
    finally:
        doc.close()
        Path(tmp).unlink(missing_ok=True)


class PrintPreview(QDialog):
    rendered = Signal(str)  # form id, once its PDF is shown
    saved = Signal(str)  # path of a saved PDF
    printed = Signal(str)  # form id

    def __init__(self, backend: Backend, code: str, form_id: str = "mau-01", parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.code = code
        self.form_id = form_id
        self.pdf: bytes = b""
        self._buffer: QBuffer | None = None
        self.setWindowTitle(f"Xem trước bản in — {code}")
        self.resize(760, 900)
        self.form = QComboBox()
        for fid, label in FORM_LABELS.items():
            self.form.addItem(label, fid)
        self.form.setCurrentIndex(self.form.findData(form_id))
        self.form.currentIndexChanged.connect(lambda _i: self.load(self.form.currentData()))
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.banner = Banner()
        self.status = QLabel("Đang dựng bản in…")
        self.print_button = QPushButton("In… (Ctrl+P)")
        self.save_button = QPushButton("Lưu PDF… (Ctrl+Shift+S)")
        self.slip_button = QPushButton("In phiếu hẹn")
        self.close_button = QPushButton("Đóng (Esc)")
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_pdf)
        self.slip_button.clicked.connect(lambda: self.form.setCurrentIndex(self.form.findData("slip")))
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Biểu mẫu:"))
        top.addWidget(self.form, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.slip_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.save_pdf)
        self._set_busy(True)
        self.load(form_id)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.print_button, self.save_button):
            b.setEnabled(not busy and bool(self.pdf))

    def load(self, form_id: str) -> None:
        self.form_id = form_id
        self.pdf = b""
        self._set_busy(True)
        self.status.setText("Đang dựng bản in…")
        self.banner.clear_message()
        self.backend.read(render_form, form_id, self.code, on_done=lambda pdf: self._show(form_id, pdf),
                          on_error=self._failed)

    def _show(self, form_id: str, pdf: bytes) -> None:
        if form_id != self.form_id:
            return  # another form was chosen meanwhile
        self.pdf = pdf
        self.document.close()
        buf = QBuffer(self)
        buf.setData(QByteArray(pdf))
        buf.open(QIODevice.ReadOnly)
        self._buffer = buf
        self.document.load(buf)
        self.status.setText(f"{self.document.pageCount()} trang")
        self._set_busy(False)
        self.rendered.emit(form_id)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.banner.show_message(exc.message if isinstance(exc, UserError) else f"Không dựng được bản in: {exc}")
        self._set_busy(False)

    # -- save ------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if not self.pdf:
            return
        suggested = str(Path.home() / f"{self.code}-{self.form_id}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "Lưu PDF", suggested, "PDF (*.pdf)")
        if not path:
            return
        pdf, form_id = self.pdf, self.form_id
        self._set_busy(True)

        def done(_r=None) -> None:
            self._set_busy(False)
            self.status.setText(f"Đã lưu {path}")
            self.backend.write(dossiers.record_print, self.backend.actor, self.code, form_id, "pdf")
            self.saved.emit(path)

        self.backend.run(write_atomically, Path(path), pdf, on_done=done, on_error=self._failed)

    # -- print -----------------------------------------------------------------------------
    def print_(self) -> None:
        if not self.pdf:
            return
        form_id = self.form_id
        self.backend.read(settings.get, "printers", on_done=lambda p: self._ask_printer(form_id, p or {}))

    def _ask_printer(self, form_id: str, remembered: dict) -> None:
        printer = QPrinter(QPrinter.HighResolution)
        name = remembered.get(form_id)
        if name and name in [p.printerName() for p in QPrinterInfo.availablePrinters()]:
            printer.setPrinterName(name)
        printer.setCopyCount(DEFAULT_COPIES.get(form_id, 1))
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle("In " + FORM_LABELS.get(form_id, form_id))
        if dlg.exec() != QDialog.Accepted:
            return
        self.send_to_printer(printer, form_id)

    def send_to_printer(self, printer: QPrinter, form_id: str) -> None:
        pdf = self.pdf
        self._set_busy(True)
        self.status.setText("Đang gửi tới máy in…")

        def done(pages: int) -> None:
            self._set_busy(False)
            self.status.setText(f"Đã gửi {pages} trang tới máy in.")
            self.backend.write(dossiers.record_print, self.backend.actor, self.code, form_id, "printer")
            if printer.printerName():
                self.backend.write(settings.remember_printer, form_id, printer.printerName())
            self.printed.emit(form_id)

        self.backend.run(print_pdf, pdf, printer, on_done=done, on_error=self._failed)
