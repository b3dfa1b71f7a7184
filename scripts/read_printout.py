"""Read back what a printer produced: decode the QR codes and OCR the text of a printed PDF.

The printer path (ui.print_preview.print_pdf) sends each form page to the printer as an image,
so a printout has no text layer: its words come back only through OCR. Used by
tests/ui/test_print_to_system_printer.py on Linux and by scripts/windows_stage.sh on the PDF
that Wine's print path produced (Windows has no tesseract in CI; the check runs beside it).

    python scripts/read_printout.py PRINTED.pdf --code 000.00.06.H56-261204-0001 [--png OUT.png]

Prints what it read; exit 0 when every page-1 check holds, 1 otherwise, 2 on a bad argument.
Needs pdftoppm (poppler-utils), tesseract with the Vietnamese data (tesseract-ocr-vie), zxing-cpp.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

# Words of Mẫu 01's title and body that OCR must find (compared without diacritics, upper case,
# spaces removed: OCR's diacritics and spacing on a 300-dpi raster are not what is checked here).
MAU01_WORDS = ("GIAYTIEPNHANHOSOVAHENTRAKETQUA", "CONGHOAXAHOICHUNGHIAVIETNAM", "HENTRA")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return "".join(text.upper().split())


def render(pdf: Path, folder: Path, dpi: int) -> Path:
    prefix = folder / "page1"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(prefix)], check=True, capture_output=True, timeout=120)
    return prefix.with_suffix(".png")


def qr_texts(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with Image.open(png) as img:
        return [r.text for r in zxingcpp.read_barcodes(img.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)]


def ocr(png: Path) -> str:
    r = subprocess.run(["tesseract", str(png), "-", "-l", "vie"], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"tesseract failed: {r.stderr.strip()[:300]}")
    return r.stdout


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("pdf", type=Path)
    p.add_argument("--code", required=True, help="the dossier code the printout must carry")
    p.add_argument("--png", type=Path, help="keep the page-1 image here")
    p.add_argument("--dpi", type=int, default=300)
    args = p.parse_args(argv)
    if not args.pdf.is_file():
        print(f"no such file: {args.pdf}", file=sys.stderr)
        return 2
    missing = [tool for tool in ("pdftoppm", "tesseract") if not shutil.which(tool)]
    if missing:
        print(f"missing tools: {', '.join(missing)} (apt: poppler-utils tesseract-ocr tesseract-ocr-vie)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        png = render(args.pdf, Path(tmp), args.dpi)
        if args.png:
            shutil.copyfile(png, args.png)
        qrs = qr_texts(png)
        text = ocr(png)
    folded = fold(text)
    checks = {
        "QR carries the code": any(args.code in q for q in qrs),
        # OCR reads a leading 0 as O now and then: the two are one character for this check.
        "OCR reads the code": fold(args.code).replace("O", "0") in folded.replace("O", "0"),
        **{f"OCR reads {w}": w in folded for w in MAU01_WORDS},
    }
    print(f"printout {args.pdf.name}: QR {qrs}; OCR {len(text.split())} words")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
