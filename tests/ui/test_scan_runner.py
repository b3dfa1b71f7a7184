"""Scanner acquisition runs on its own runner (``backend.scan``): while feeder batches are in
progress, a print preview still renders (its pages are drawn on the render pool)."""

import threading

from counter_app import intake
from counter_app.db import open_data_dir
from counter_app.scanning import samples
from counter_app.scanning.sources import AcquireReport, PageSource
from helpers import sample_intake
from ui.print_preview import PrintPreview
from ui.scan_panel import ScanPanel


class HeldScanner(PageSource):
    """A scanner whose batch stays in the feeder until the test releases it (or Dừng is
    pressed), then delivers one page."""

    kind = "test"

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = threading.Event()
        self.release = threading.Event()

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        from counter_app.scanning.pages import page_from_image

        self.started.set()
        while not self.release.wait(0.02):
            if cancel is not None and cancel.is_set():
                return AcquireReport()
        on_page(page_from_image(samples.text_page(self.label, dpi=100), profile, origin=f"{self.label} — trang 1",
                                dpi=100, detect_qr=detect_qr))
        return AcquireReport(pages=1)


def scanning_panel(qtbot, backend, scanner):
    panel = ScanPanel(backend, mode="intake")
    qtbot.addWidget(panel)
    panel.set_components(["Tờ khai"])
    panel.select_row(1)
    panel._set_scanners([scanner])
    panel.scan()
    return panel


def test_a_print_preview_renders_while_scanners_are_busy(qtbot, backend, data_dir):
    db = open_data_dir(data_dir)
    code = intake.save(db, intake.parse_request(sample_intake()), backend.actor).code
    db.close()
    # Two batches at once (the intake form's panel and a dossier's): before the scanner had a
    # runner of its own they held both render workers and the preview waited for the feeders.
    first, second = HeldScanner("Máy quét 1"), HeldScanner("Máy quét 2")
    try:
        panels = [scanning_panel(qtbot, backend, first), scanning_panel(qtbot, backend, second)]
        qtbot.waitUntil(first.started.is_set, timeout=10000)
        assert all(p._cancel is not None for p in panels)  # both batches are in progress

        preview = PrintPreview(backend, code)
        qtbot.addWidget(preview)
        qtbot.waitUntil(lambda: preview.page_count() == 2, timeout=20000)
        assert not first.release.is_set() and panels[0]._cancel is not None  # still scanning

        first.release.set()
        second.release.set()
        qtbot.waitUntil(lambda: all(p._cancel is None and p.batch.count(1) == 1 for p in panels), timeout=20000)
        assert second.started.is_set()
    finally:
        first.release.set()
        second.release.set()
