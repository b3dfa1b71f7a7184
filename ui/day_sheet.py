"""The day-close sheet (Biên bản chốt số liệu ngày) from the Chốt ngày screen: print it or save
it as a PDF. The stored close is read on the reader pool, the PDF rendered on the render pool
(counter_app.reports.dayclose_pdf), printed by painting its pages on a worker thread
(ui.print_preview.print_pdf) and saved and audited on the writer; the GUI thread only asks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget

from counter_app import timeutil
from counter_app.errors import UserError
from counter_app.reports import dayclose_pdf, service

from .backend import Backend
from .i18n import tr
from .print_preview import print_pdf
from .widgets import Banner


class DaySheetButtons(QObject):
    """The "In biên bản…" and "Lưu PDF…" buttons of the day shown; enabled only when it is closed."""

    saved = Signal(str)  # path of the saved sheet
    printed = Signal(int)  # pages sent to the printer

    def __init__(self, backend: Backend, banner: Banner, parent: QWidget) -> None:
        super().__init__(parent)
        self.backend = backend
        self.banner = banner
        self.widget = parent
        self.day: date | None = None  # the closed day shown, else None
        self.busy = False
        self.print_button = QPushButton(tr('&In biên bản…'))
        self.save_button = QPushButton(tr('&Lưu PDF…'))
        self.print_button.setToolTip(tr('In biên bản chốt số liệu của ngày đang xem'))
        self.save_button.setToolTip(tr('Lưu biên bản chốt số liệu của ngày đang xem thành tệp PDF'))
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.ask_save)
        self.show_day(None)

    def show_day(self, day: date | None) -> None:
        """The day now shown, if it is closed (None: not closed, the buttons are disabled)."""
        self.day = day
        self._update()

    def _update(self) -> None:
        for b in (self.print_button, self.save_button):
            b.setEnabled(self.day is not None and not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.banner.show_message(exc.message if isinstance(exc, UserError)
                                 else tr('Không dựng được biên bản: {0}').format(exc))

    def _render(self, day: date, then) -> None:
        """Read the stored close of ``day``, render it off the GUI thread, then ``then(data, pdf)``."""
        self._set_busy(True)
        self.banner.clear_message()
        self.backend.read(dayclose_pdf.sheet_data, self.backend.actor, day, on_error=self._failed,
                          on_done=lambda data: self.backend.run(dayclose_pdf.render_sheet, data, on_error=self._failed,
                                                                on_done=lambda pdf: then(data, pdf)))

    # -- save ------------------------------------------------------------------------------
    def ask_save(self) -> None:
        if self.day is None or self.busy:
            return
        suggested = str(Path.home() / f"bien-ban-chot-ngay-{self.day.isoformat()}.pdf")
        path, _f = QFileDialog.getSaveFileName(self.widget, tr('Lưu biên bản chốt số liệu ngày'), suggested,
                                               "PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        day = self.day
        if day is None:
            return

        def rendered(data: dict, pdf: bytes) -> None:
            self.backend.write(service.save_export, self.backend.actor, Path(path), pdf, "day-sheet",
                               dayclose_pdf.sheet_details(data, "pdf"), on_done=done, on_error=self._failed)

        def done(res: dict) -> None:
            self._set_busy(False)
            self.banner.show_message(tr('Đã lưu biên bản chốt số liệu ngày {0}: {1}').format(
                timeutil.vn_date(day), res['path']), "ok")
            self.saved.emit(res["path"])

        self._render(day, rendered)

    # -- print -----------------------------------------------------------------------------
    def print_(self) -> None:
        if self.day is None or self.busy:
            return
        printer = QPrinter(QPrinter.HighResolution)
        dlg = QPrintDialog(printer, self.widget)
        dlg.setWindowTitle(tr('In biên bản chốt số liệu ngày {0}').format(timeutil.vn_date(self.day)))
        if dlg.exec() != QDialog.Accepted:
            return
        self.send_to_printer(printer)

    def send_to_printer(self, printer: QPrinter) -> None:
        day = self.day
        if day is None:
            return

        def rendered(data: dict, pdf: bytes) -> None:
            self.backend.run(print_pdf, pdf, printer, on_error=self._failed,
                             on_done=lambda pages: done(data, pages))

        def done(data: dict, pages: int) -> None:
            self._set_busy(False)
            self.banner.show_message(tr('Đã gửi biên bản ({0} trang) tới máy in.').format(pages), "ok")
            self.backend.write(dayclose_pdf.record_print, self.backend.actor, dayclose_pdf.sheet_details(data, "printer"))
            self.printed.emit(pages)

        self._render(day, rendered)
