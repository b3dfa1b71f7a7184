"""Mẫu 01 through the operating system's own print path, read back.

The clerk's "In" goes QPrinter → the system's spooler → a printer. In CI that printer is CUPS-PDF
(scripts/pdf_printer.sh): on Linux Qt talks to CUPS directly; on Windows (the Windows stage, under
Wine) Qt talks to the Windows spooler (GDI, winspool), which Wine hands to the same CUPS printer.
What comes out is a PDF of the printed pages, read back here: page count and paper, the QR
decoded; the words by OCR (scripts/read_printout.py: here on Linux; on Windows the stage runs it
on the kept printout, as CI has no tesseract for Windows).

Skipped unless a printer is configured (COUNTER_APP_TEST_PRINTER names it, COUNTER_APP_TEST_PRINT_OUT
is the folder its PDFs land in); when configured, a missing printer fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ui.main_window import MainWindow
from ui_flows import INFO, take_in_through_main_window

PRINTER = os.environ.get("COUNTER_APP_TEST_PRINTER", "")
OUT = os.environ.get("COUNTER_APP_TEST_PRINT_OUT", "")
KEEP = os.environ.get("COUNTER_APP_TEST_PRINT_KEEP", "")  # where the printout is kept for a later look
READER = Path(__file__).resolve().parents[2] / "scripts" / "read_printout.py"

pytestmark = pytest.mark.skipif(
    not (PRINTER and OUT),
    reason="no system printer that writes PDF is configured: scripts/pdf_printer.sh sets one up "
           "(CUPS-PDF), then COUNTER_APP_TEST_PRINTER and COUNTER_APP_TEST_PRINT_OUT name it and its folder")

A5_PT = (419.5, 595.3)


def complete_pdfs(folder: Path, before: set[Path]) -> list[Path]:
    """New PDFs in ``folder`` that the spooler has finished writing (they end with %%EOF)."""
    done = []
    for p in set(folder.glob("*.pdf")) - before:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if data.rstrip().endswith(b"%%EOF"):
            done.append(p)
    return done


def decoded_qr(pdf: Path) -> tuple[int, tuple[float, float], list[str], str]:
    """Pages, page-1 size in points, the QR codes pdfium and zxing find on page 1, the title."""
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        size = page.get_size()
        image = page.render(scale=200 / 72, grayscale=True).to_pil()
        title = doc.get_metadata_dict().get("Title", "")
        return len(doc), size, [r.text for r in zxingcpp.read_barcodes(image)], title
    finally:
        doc.close()


@pytest.mark.slow
def test_mau01_printed_on_the_system_printer_reads_back(qtbot, backend, data_dir, tmp_path):
    names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
    assert PRINTER in names, f"printer {PRINTER!r} not among the system's printers {names}"
    out = Path(OUT)
    assert out.is_dir(), f"the printer's output folder {out} does not exist"
    before = set(out.glob("*.pdf"))

    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    code = take_in_through_main_window(qtbot, win)
    qtbot.waitUntil(lambda: getattr(win, "preview", None) is not None, timeout=20_000)
    preview = win.preview
    qtbot.waitUntil(lambda: preview.page_count() == 2, timeout=20_000)  # Liên 1 and Liên 2

    printer = QPrinter(QPrinter.HighResolution)
    printer.setPrinterName(PRINTER)
    assert printer.outputFormat() == QPrinter.NativeFormat  # the system's spooler, not Qt's PDF writer
    with qtbot.waitSignal(preview.printed, timeout=120_000):
        preview.send_to_printer(printer, "mau-01")

    # The spooler converts and writes the job after Qt hands it over.
    qtbot.waitUntil(lambda: len(complete_pdfs(out, before)) == 1, timeout=180_000)
    printed = complete_pdfs(out, before)[0]
    pages, (w, h), qrs, title = decoded_qr(printed)
    assert f"mau-01 {code}" in title  # the job's name in the spooler's queue
    assert pages == 2
    assert abs(w - A5_PT[0]) < 3 and abs(h - A5_PT[1]) < 3, (w, h)  # the form's own paper: A5
    assert any(code in q for q in qrs), qrs
    if KEEP:
        keep = Path(KEEP)
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(printed, keep / "mau-01-printed.pdf")
        (keep / "mau-01-printed.code").write_text(code, encoding="utf-8")
    if sys.platform != "win32":
        r = subprocess.run([sys.executable, str(READER), str(printed), "--code", code,
                            "--png", str(tmp_path / "printed.png")],
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout + r.stderr
