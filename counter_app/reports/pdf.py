"""PDF rendering of report tables (A4 landscape) with the printed forms' engine: the embedded
Be Vietnam Pro family (``printing.fonts``) and the ``printing.layout`` flow for titles, notes
and signatures. The table grid with its merged multi-row header is drawn here; the header
repeats on each page."""

from __future__ import annotations

import io

from .table import Table


def render_pdf(tables: list[Table], *, title: str = "", author: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from printing.fonts import REGULAR, register_fonts
    from printing.layout import Flow, PageSpec

    register_fonts()
    buf = io.BytesIO()
    size = landscape(A4) if (not tables or tables[0].landscape) else A4
    c = Canvas(buf, pagesize=size, invariant=1, pageCompression=1, initialFontName=REGULAR, initialFontSize=9)
    c.setTitle(title or (tables[0].title if tables else ""))
    c.setAuthor(author)
    c.setCreator("counter-app reports")
    spec = PageSpec.from_mm(size, (12, 12, 14, 12))

    def page_end(flow: Flow, continued: bool) -> None:
        from printing.layout import text_width

        t = f"Trang {flow.page}"
        flow.c.setFont(REGULAR, 7.5)
        flow.c.drawString(flow.x0 + (flow.width - text_width(t, "R", 7.5)) / 2, flow.bottom - 16, t)

    flow = Flow(c, spec, size=8.5, on_page_end=page_end)
    for i, t in enumerate(tables):
        if i:
            flow.new_page()
        _table_page(flow, t)
    flow.finish()
    c.save()
    return buf.getvalue()


def _col_x(flow, t: Table) -> list[float]:
    total = sum(col.width for col in t.columns)
    xs = [flow.x0]
    for col in t.columns:
        xs.append(xs[-1] + flow.width * col.width / total)
    return xs


def _fmt(v, kind: str) -> str:
    if v is None:
        return ""
    if kind in ("int", "money") and isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    return str(v)


def _table_page(flow, t: Table) -> None:
    from printing.layout import SigBlock, text_width, wrap

    t.check()
    c = flow.c
    xs = _col_x(flow, t)
    # top blocks side by side
    if t.blocks:
        top = flow.y
        bottom = top
        for b in t.blocks:
            x0, x1 = xs[b.first], xs[b.last + 1]
            y = top
            for text, style in b.lines:
                size = 9.5 if "B" in style else 8.5
                for line in wrap([(text, style)], size, lambda _i, w=x1 - x0 - 4: w):
                    if b.align == "left":
                        x = x0 + 2
                    elif b.align == "right":
                        x = x1 - 2 - line.width
                    else:
                        x = x0 + (x1 - x0 - line.width) / 2
                    flow._draw_segments(line.segments, x, y - size * 0.98, size)
                    y -= size * 1.3
            bottom = min(bottom, y)
        flow.y = bottom - 6
    for text, style, align in t.lines:
        size = 12 if (style == "B" and text.isupper()) else 9.5
        flow.paragraph(text, style=style, size=size, align=align, space_after=1)
    flow.space(4)

    # header geometry: rows of equal height unless text needs more
    hsize, bsize = 7.5, 8.0
    hl = round(hsize * 1.25, 2)
    pad = 2.5
    nrows = t.header_rows
    need = [2 * pad + hl] * nrows
    for hc in t.header:
        w = xs[hc.col + hc.colspan] - xs[hc.col]
        lines = wrap([(hc.text, hc.style)], hsize, lambda _i, w=w: w - 2 * pad)
        h = len(lines) * hl + 2 * pad
        have = sum(need[hc.row:hc.row + hc.rowspan])
        if h > have:
            need[hc.row + hc.rowspan - 1] += h - have
    num_h = 11.0 if t.number_row else 0.0
    head_h = sum(need) + num_h
    row_tops = [0.0]
    for h in need:
        row_tops.append(row_tops[-1] + h)

    def draw_header() -> None:
        top = flow.y
        c.setLineWidth(0.5)
        c.setFillColorRGB(0.91, 0.93, 0.96)
        c.rect(xs[0], top - head_h, xs[-1] - xs[0], head_h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        for hc in t.header:
            x0, x1 = xs[hc.col], xs[hc.col + hc.colspan]
            y0 = top - row_tops[hc.row]
            y1 = top - row_tops[hc.row + hc.rowspan]
            c.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
            lines = wrap([(hc.text, hc.style)], hsize, lambda _i, w=x1 - x0 - 2 * pad: w)
            block = len(lines) * hl
            y = y0 - (y0 - y1 - block) / 2
            for line in lines:
                flow._draw_segments(line.segments, x0 + (x1 - x0 - line.width) / 2, y - hsize * 0.98, hsize)
                y -= hl
        if t.number_row:
            y1 = top - head_h
            for i in range(len(t.columns)):
                c.rect(xs[i], y1, xs[i + 1] - xs[i], num_h, stroke=1, fill=0)
                label = f"({i + 1})"
                c.setFont("BeVietnamPro-Italic", 6.5)
                c.drawString(xs[i] + (xs[i + 1] - xs[i] - text_width(label, "I", 6.5)) / 2, y1 + 3.2, label)
        flow.y = top - head_h

    lead = round(bsize * 1.25, 2)
    flow.ensure(head_h + lead + 2 * pad)
    draw_header()
    body = [(r, False) for r in t.rows] + ([(t.total, True)] if t.total is not None else [])
    for values, bold in body:
        style = "B" if bold else "R"
        cells = []
        for i, (col, v) in enumerate(zip(t.columns, values)):
            w = xs[i + 1] - xs[i] - 2 * pad
            cells.append(wrap([(_fmt(v, col.kind), style)], bsize, lambda _i, w=w: w))
        h = max(len(cl) for cl in cells) * lead + 2 * pad
        if h > flow.room():
            flow.new_page()
            draw_header()
        top = flow.y
        c.setLineWidth(0.5)
        for i, (col, lines) in enumerate(zip(t.columns, cells)):
            x0, x1 = xs[i], xs[i + 1]
            c.rect(x0, top - h, x1 - x0, h, stroke=1, fill=0)
            y = top - pad
            for line in lines:
                if col.alignment == "right":
                    x = x1 - pad - line.width
                elif col.alignment == "center":
                    x = x0 + (x1 - x0 - line.width) / 2
                else:
                    x = x0 + pad
                flow._draw_segments(line.segments, x, y - bsize * 0.98, bsize)
                y -= lead
        flow.y = top - h
    flow.space(4)
    if t.notes:
        for note in t.notes:
            flow.paragraph(note, style="I", size=7.5)
    if t.signatures:
        flow.signatures([SigBlock(lines=[(text, style) for text, style in s], space=36, size=9)
                         for s in t.signatures], space_before=8)
