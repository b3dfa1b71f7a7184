"""Benchmark: Mẫu 01 (two copies, QR + Code128) versus a bare reportlab page.

    uv run python -m printing.bench [runs]

* ``mau01_cold``: ``render("mau-01", …)`` with the QR matrix cache cleared before each
  run (what the first print of a dossier costs);
* ``mau01_warm``: the same with the cache kept (re-print, preview then print);
* ``bare_fast_qr``: the bare page with this package's QR drawing instead of the stock
  widget, which isolates the cost of the layout engine (wrapping, tables, forms);
* ``bare``: the same strings drawn with plain ``Canvas.drawString`` calls at the same
  positions on the same two A5 pages, the QR through reportlab's stock
  ``QrCodeWidget``/``renderPDF`` and the Code128 through ``Code128.drawOn``: what a
  straightforward reportlab receipt without a layout engine costs.

Prints the medians and the ratio ours/bare. Figures only; nothing passes or fails.
"""

from __future__ import annotations

import io
import statistics
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import forms
from .codes import draw_qr, lookup_target, qr_matrix
from .fonts import REGULAR, register_fonts
from .samples import SETTINGS, dossier_for


def _record_text(dossier: dict, settings: dict) -> list[list[tuple[str, float, float, float, str]]]:
    """The (font, size, x, y, text) calls Mẫu 01 makes, per page."""
    pages: list[list[tuple[str, float, float, float, str]]] = [[]]

    class Recorder(Canvas):
        def drawString(self, x, y, text, *args, **kw):  # noqa: N802 (reportlab name)
            pages[-1].append((self._fontname, self._fontsize, x, y, text))
            return super().drawString(x, y, text, *args, **kw)

        def showPage(self):  # noqa: N802
            pages.append([])
            return super().showPage()

    saved = forms.Canvas
    forms.Canvas = Recorder
    try:
        forms.render("mau-01", dossier, settings)
    finally:
        forms.Canvas = saved
    return [p for p in pages if p]


def bare_page(ops: list[list[tuple[str, float, float, float, str]]], code: str, target: str,
              stock_qr: bool = True) -> bytes:
    """Plain reportlab: replay the strings, stock QR widget (or, with stock_qr=False,
    this package's direct QR drawing), stock Code128."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A5, invariant=1, pageCompression=1, initialFontName=REGULAR)
    size = 21 * mm
    qr_matrix.cache_clear()  # one QR encoding per document, as in render()
    for page in ops:
        for font, fsize, x, y, text in page:
            c.setFont(font, fsize)
            c.drawString(x, y, text)
        if stock_qr:
            widget = qr.QrCodeWidget(target, barLevel="M", barWidth=size, barHeight=size)
            d = Drawing(size, size)
            d.add(widget)
            renderPDF.draw(d, c, A5[0] - 10 * mm - size, 380)
        else:
            draw_qr(c, target, A5[0] - 10 * mm - size, 380, size)
        code128.Code128(code, barWidth=0.75, barHeight=20, humanReadable=False, quiet=0).drawOn(c, 80, 430)
        c.showPage()
    c.save()
    return buf.getvalue()


def _samples_ms(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def run(runs: int = 200) -> dict[str, float]:
    register_fonts()
    dossier = dossier_for("mau-01")
    settings = SETTINGS
    code = dossier["code"]
    target = lookup_target(code, settings["lookup_url_template"])
    forms.render("mau-01", dossier, settings)  # warm imports and font objects
    ops = _record_text(dossier, settings)
    bare_page(ops, code, target)

    def cold() -> None:
        qr_matrix.cache_clear()
        forms.render("mau-01", dossier, settings)

    samples = {
        "mau01_cold": _samples_ms(cold, runs),
        "mau01_warm": _samples_ms(lambda: forms.render("mau-01", dossier, settings), runs),
        "bare": _samples_ms(lambda: bare_page(ops, code, target), runs),
        "bare_fast_qr": _samples_ms(lambda: bare_page(ops, code, target, stock_qr=False), runs),
    }
    result: dict = {k: statistics.median(v) for k, v in samples.items()}
    result["samples"] = samples
    result["ratio_cold"] = result["mau01_cold"] / result["bare"]
    result["ratio_warm"] = result["mau01_warm"] / result["bare"]
    result["ratio_layout"] = result["mau01_cold"] / result["bare_fast_qr"]
    result["strings"] = float(sum(len(p) for p in ops))
    return result


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    json_path = None
    if "--json" in args:  # for bench.run
        i = args.index("--json")
        json_path = args[i + 1]
        del args[i:i + 2]
    runs = int(args[0]) if args else 200
    r = run(runs)
    if json_path:
        from bench.stats import result, write_json

        cold = r["samples"]["mau01_cold"]
        write_json(json_path, [
            result("Mẫu 01 PDF (2 A5 copies, QR + Code128), first print", cold, target="median ≤ 30",
                   met=r["mau01_cold"] <= 30, note=f"{r['ratio_cold']:.2f}× the bare page"),
            result("Mẫu 01 PDF, reprint (QR cached)", r["samples"]["mau01_warm"],
                   note=f"{r['ratio_warm']:.2f}× the bare page"),
            result("bare reportlab page, same strings, stock QR + Code128 (reference)", r["samples"]["bare"]),
        ])
    print(f"Mẫu 01 (2 pages, QR + Code128), median of {runs}:")
    print(f"  render mau-01, cold QR cache : {r['mau01_cold']:7.2f} ms")
    print(f"  render mau-01, warm QR cache : {r['mau01_warm']:7.2f} ms")
    print(f"  bare reportlab, same {int(r['strings'])} strings + stock QR/Code128: {r['bare']:7.2f} ms")
    print(f"  bare reportlab, same strings + this package's QR : {r['bare_fast_qr']:7.2f} ms")
    print(f"  ratio ours/bare: cold {r['ratio_cold']:.2f}, warm {r['ratio_warm']:.2f}")
    print(f"  ratio ours(cold)/bare with the same QR drawing (layout-engine overhead): "
          f"{r['ratio_layout']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
