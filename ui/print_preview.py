"""Print preview of an official form: pages rendered in-app (QPdfView), Print (print dialog,
two copies by default for Mẫu 01, the printer remembered per form), Save PDF, appointment slip.

The PDF is built off the GUI thread (reader pool: read the dossier, render with printing/);
printing paints the pages on a worker thread. Each print or saved PDF is audited.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageSize, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from counter_app import dossiers, settings
from counter_app.printouts import render_form, save_pdf
from counter_app.errors import UserError

from .i18n import tr
from .backend import Backend
from .help_view import install_help_key
from .widgets import Banner

FORM_LABELS = {
    "mau-01": tr('Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả'),
    "mau-02": tr('Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ'),
    "mau-03": tr('Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ'),
    "mau-04": tr('Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn'),
    "mau-05": tr('Mẫu 05 — Thông báo dừng giải quyết hồ sơ'),
    "mau-06": tr('Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ'),
    "slip": tr('Phiếu hẹn (máy in nhiệt 80 mm)'),
    "thoa-thuan": tr('Văn bản thỏa thuận gia hạn (chứng thực)'),
}
DEFAULT_COPIES = {"mau-01": 2}
PREVIEW_DPI = 96


def render_pages(pdf: bytes, dpi: float) -> list[tuple[int, int, bytes]]:
    """Rasterise every page (grey, 8 bits) with pdfium, off the GUI thread: (width, height, pixels).
    pdfium is not thread-safe: every use holds the one process-wide lock
    (``counter_app.scanning.pages.PDFIUM_LOCK``); two previews rendering at once crashed the
    process (seen: the online worklist's file viewer beside a Mẫu 01 preview)."""
    import pypdfium2 as pdfium

    from counter_app.scanning.pages import PDFIUM_LOCK

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            pages = []
            for i in range(len(doc)):
                page = doc[i]
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                img = bitmap.to_pil().convert("L")
                pages.append((img.width, img.height, img.tobytes()))
                page.close()
            return pages
        finally:
            doc.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    from counter_app.scanning.pages import PDFIUM_LOCK

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [doc[i].get_size() for i in range(len(doc))]
        finally:
            doc.close()


def to_qimage(width: int, height: int, pixels: bytes) -> QImage:
    return QImage(pixels, width, height, width, QImage.Format_Grayscale8).copy()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of ``pdf`` on ``printer`` (runs on a worker thread). Returns pages."""
    sizes = page_sizes(pdf)
    if not sizes:
        raise UserError("Tệp PDF không có trang nào để in.")
    w, h = sizes[0]
    # The form's own paper (A5, A4 landscape, 80 mm slip) unless the clerk chose otherwise.
    printer.setPageSize(QPageSize(QSizeF(w, h), QPageSize.Point, "", QPageSize.ExactMatch))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0))
    # Forms are black on white: grey pixels make a spool a third the size of RGB.
    pages = render_pages(pdf, min(printer.resolution(), 300))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in. Hãy kiểm tra máy in đã bật và kết nối.")
    try:
        for i, (pw, ph, pixels) in enumerate(pages):
            if i:
                printer.newPage()
            image = to_qimage(pw, ph, pixels)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.KeepAspectRatio)
            painter.drawImage(target.x(), target.y(), image.scaled(scaled, Qt.KeepAspectRatio, Qt.SmoothTransformation))
    finally:
        painter.end()
    return len(pages)


class PagesView(QScrollArea):
    """The pages of a PDF, one under the other (rendered by pdfium on a worker thread)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setStyleSheet("QScrollArea { background: #808080; }")
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignHCenter)
        self.setWidget(self._inner)
        self.labels: list[QLabel] = []

    def show_pages(self, pages: list[tuple[int, int, bytes]]) -> None:
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        for w, h, pixels in pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(to_qimage(w, h, pixels)))
            label.setStyleSheet("background: white; border: 1px solid #444;")
            self._layout.addWidget(label)
            self.labels.append(label)

    def page_count(self) -> int:
        return len(self.labels)


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
        self.setWindowTitle(tr('Xem trước bản in — {0}').format(code))
        self.resize(760, 900)
        self.form = QComboBox()
        for fid, label in FORM_LABELS.items():
            self.form.addItem(label, fid)
        self.form.setCurrentIndex(self.form.findData(form_id))
        self.form.currentIndexChanged.connect(lambda _i: self.load(self.form.currentData()))
        self.view = PagesView(self)
        self.banner = Banner()
        self.status = QLabel(tr('Đang dựng bản in…'))
        self.print_button = QPushButton(tr('In… (Ctrl+P)'))
        self.save_button = QPushButton(tr('Lưu PDF… (Ctrl+Shift+S)'))
        self.slip_button = QPushButton(tr('In phiếu hẹn'))
        self.close_button = QPushButton(tr('Đóng (Esc)'))
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_pdf)
        self.slip_button.clicked.connect(lambda: self.form.setCurrentIndex(self.form.findData("slip")))
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr('Biểu mẫu:')))
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
        install_help_key(self, backend, "print")  # F1
        self._set_busy(True)
        self.load(form_id)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.print_button, self.save_button):
            b.setEnabled(not busy and bool(self.pdf))

    def load(self, form_id: str) -> None:
        self.form_id = form_id
        self.pdf = b""
        self._set_busy(True)
        self.status.setText(tr('Đang dựng bản in…'))
        self.banner.clear_message()
        self.backend.read(render_form, form_id, self.code, on_done=lambda pdf: self._show(form_id, pdf),
                          on_error=self._failed)

    def _show(self, form_id: str, pdf: bytes) -> None:
        if form_id != self.form_id:
            return  # another form was chosen meanwhile
        self.backend.run(render_pages, pdf, PREVIEW_DPI, on_done=lambda pages: self._show_pages(form_id, pdf, pages),
                         on_error=self._failed)

    def _show_pages(self, form_id: str, pdf: bytes, pages) -> None:
        if form_id != self.form_id:
            return
        self.pdf = pdf
        self.view.show_pages(pages)
        self.status.setText(tr("{0} trang").format(len(pages)))
        self._set_busy(False)
        self.rendered.emit(form_id)

    def page_count(self) -> int:
        return self.view.page_count()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Không dựng được bản in: {0}').format(exc))
        self._set_busy(False)

    # -- save ------------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if not self.pdf:
            return
        suggested = str(Path.home() / f"{self.code}-{self.form_id}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, tr('Lưu PDF'), suggested, "PDF (*.pdf)")
        if not path:
            return
        pdf, form_id = self.pdf, self.form_id
        self._set_busy(True)

        def done(_r=None) -> None:
            self._set_busy(False)
            self.status.setText(tr('Đã lưu {0}').format(path))
            self.backend.write(dossiers.record_print, self.backend.actor, self.code, form_id, "pdf")
            self.saved.emit(path)

        self.backend.run(save_pdf, Path(path), pdf, on_done=done, on_error=self._failed)

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
        if not printer.docName():
            # What the spooler's queue shows: the form and the dossier code (no personal data).
            printer.setDocName(f"{form_id} {self.code}")
        self._set_busy(True)
        self.status.setText(tr('Đang gửi tới máy in…'))

        def done(pages: int) -> None:
            self._set_busy(False)
            self.status.setText(tr('Đã gửi {0} trang tới máy in.').format(pages))
            self.backend.write(dossiers.record_print, self.backend.actor, self.code, form_id, "printer")
            if printer.printerName():
                self.backend.write(settings.remember_printer, form_id, printer.printerName())
            self.printed.emit(form_id)

        self.backend.run(print_pdf, pdf, printer, on_done=done, on_error=self._failed)
