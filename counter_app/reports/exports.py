"""Exports of report tables: XLSX (openpyxl), CSV (UTF-8 with BOM) and PDF (``pdf.py``).

A report is first laid out as :class:`Table` models (``sheets.py``): top blocks, title lines,
a header of merged cells as in the official layout, a "(1) (2) …" number row, body rows, a
total row, notes and signature blocks. Each format renders the same model, so the numbers of an
XLSX, a CSV, a PDF and the screen that produced them are the same numbers.
"""

from __future__ import annotations

import io

from .table import Block, Column, HeaderCell, Table  # noqa: F401 - the model the exports render

FORMATS = {"xlsx": "Bảng tính Excel (.xlsx)", "csv": "CSV (UTF-8)", "pdf": "PDF"}
MIME_SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "pdf": ".pdf"}
FONT = "Times New Roman"


# --- CSV ---------------------------------------------------------------------------------------

def render_csv(table: Table, delimiter: str = ",") -> bytes:
    """One header row of flat column names, the body rows and the total row; UTF-8 with a BOM
    so Excel reads Vietnamese correctly; CRLF line ends (RFC 4180).

    Values are written as they are — no ``="…"`` formula or leading apostrophe, which only Excel
    understands and which every other reader (pandas, a province's import) keeps as part of the
    value. The cells of text columns (codes such as Mã TTHC ``2.000720``, ID numbers with
    leading zeros) are always quoted, so a spreadsheet told to "format quoted fields as text"
    (LibreOffice's CSV import option) keeps them as text; no CSV can force that by itself, which
    is why the XLSX, where those cells are typed text, is the export to open in a spreadsheet
    (docs/reports.md, "Exports")."""
    table.check()
    text_cols = {i for i, c in enumerate(table.columns) if c.kind == "text"}
    lines = [delimiter.join(_csv_cell(h, delimiter) for h in table.csv_headers)]
    for row in [*table.rows, *([table.total] if table.total is not None else [])]:
        lines.append(delimiter.join(_csv_cell("" if v is None else v, delimiter, quote=i in text_cols)
                                    for i, v in enumerate(row)))
    return b"\xef\xbb\xbf" + "".join(line + "\r\n" for line in lines).encode("utf-8")


def _csv_cell(value, delimiter: str, *, quote: bool = False) -> str:
    """One CSV field (RFC 4180): quoted when ``quote`` (a non-empty text cell) or when it holds
    the delimiter, a quote or a line break; quotes doubled."""
    text = str(value)
    if (quote and text) or any(ch in text for ch in (delimiter, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


# --- XLSX --------------------------------------------------------------------------------------

def render_xlsx(tables: list[Table], *, title: str = "", author: str = "") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title or (tables[0].title if tables else "")
    wb.properties.creator = author or "counter-app"
    used: set[str] = set()
    for t in tables:
        name = _sheet_name(t.name, used)
        _write_sheet(wb.create_sheet(name), t)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    out, i = base, 2
    while out in used:
        out = f"{base[:28]} {i}"
        i += 1
    used.add(out)
    return out


def _font(style: str, size: float = 11, color: str | None = None):
    from openpyxl.styles import Font

    return Font(name=FONT, size=size, bold="B" in style, italic="I" in style, color=color)


def _write_sheet(ws, t: Table) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    t.check()
    ncol = len(t.columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E8EEF5")
    r = 1

    def merged(row: int, first: int, last: int, value, font, align: str, wrap: bool = True, height=None):
        cell = ws.cell(row=row, column=first + 1, value=value)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
        if last > first:
            ws.merge_cells(start_row=row, start_column=first + 1, end_row=row, end_column=last + 1)
        if height:
            ws.row_dimensions[row].height = height

    # top blocks side by side; a row is as tall as its longest wrapped line needs
    if t.blocks:
        depth = max(len(b.lines) for b in t.blocks)
        heights = [16.0] * depth
        for b in t.blocks:
            width = sum(c.width for c in t.columns[b.first:b.last + 1])
            for i, (text, style) in enumerate(b.lines):
                size = 12 if "B" in style else 11
                merged(r + i, b.first, b.last, text, _font(style, size), b.align)
                heights[i] = max(heights[i], _lines(text, width, size) * size * 1.35 + 2)
        for i, h in enumerate(heights):
            ws.row_dimensions[r + i].height = h
        r += depth + 1
    for text, style, align in t.lines:
        size = 14 if style == "B" and text.isupper() else 12
        merged(r, 0, ncol - 1, text, _font(style, size), align, height=22 if size == 14 else 17)
        r += 1
    if t.lines:
        r += 1
    # header with merged cells
    h0 = r
    for hc in t.header:
        row, col = h0 + hc.row, hc.col + 1
        cell = ws.cell(row=row, column=col, value=hc.text)
        cell.font = _font(hc.style, 11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for rr in range(row, row + hc.rowspan):
            for cc in range(col, col + hc.colspan):
                c = ws.cell(row=rr, column=cc)
                c.border = border
                c.fill = head_fill
        if hc.rowspan > 1 or hc.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + hc.rowspan - 1,
                           end_column=col + hc.colspan - 1)
    for i in range(t.header_rows):
        ws.row_dimensions[h0 + i].height = 32 if i < t.header_rows - 1 else 48
    r = h0 + t.header_rows
    if t.number_row:
        for i in range(ncol):
            c = ws.cell(row=r, column=i + 1, value=f"({i + 1})")
            c.font = _font("I", 10)
            c.alignment = Alignment(horizontal="center", vertical="center")
            c.border = border
            c.fill = head_fill
        r += 1
    header_last = r - 1
    first_data = r
    for values, bold in [(row, False) for row in t.rows] + ([(t.total, True)] if t.total is not None else []):
        for i, (col, v) in enumerate(zip(t.columns, values)):
            c = ws.cell(row=r, column=i + 1, value=v)
            c.font = _font("B" if bold else "R", 11)
            c.border = border
            c.alignment = Alignment(horizontal=col.alignment, vertical="center", wrap_text=col.kind == "text")
            if col.kind in ("int", "money") and isinstance(v, (int, float)):
                c.number_format = "#,##0"
            elif col.kind == "text" and isinstance(v, str):
                c.number_format = "@"  # Text: a code such as 2.000720 stays text when edited too
        need = max([_lines(str(v), col.width, 11) for col, v in zip(t.columns, values) if col.kind == "text" and v]
                   or [1])
        ws.row_dimensions[r].height = max(18.0, need * 15.0 + 3)
        r += 1
    last_data = r - 1
    for i, col in enumerate(t.columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = col.width
    # notes and signatures
    if t.notes:
        r += 1
        for note in t.notes:
            merged(r, 0, ncol - 1, note, _font("I", 10), "left", height=16)
            r += 1
    if t.signatures:
        r += 1
        n = len(t.signatures)
        spans = _split(ncol, n)
        depth = max(len(s) for s in t.signatures)
        for (first, last), lines in zip(spans, t.signatures):
            for i, (text, style) in enumerate(lines):
                merged(r + i, first, last, text, _font(style, 12 if "B" in style else 11), "center")
        r += depth
    # freeze the header (and the label columns), print setup
    freeze_col = min(3, ncol) if ncol > 6 else 1
    ws.freeze_panes = ws.cell(row=first_data, column=freeze_col)
    ws.print_title_rows = f"{h0}:{header_last}"
    ws.print_area = f"A1:{get_column_letter(ncol)}{max(r - 1, last_data)}"
    ws.page_setup.orientation = "landscape" if t.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.sheet_view.zoomScale = 100


def _lines(text: str, width: float, size: float = 11) -> int:
    """Lines a text needs in a cell ``width`` characters wide (a generous estimate: a spreadsheet
    does not grow row heights of merged or pre-sized rows by itself)."""
    per_line = max(1.0, width * 1.05 * 11 / size)
    out = 0
    for part in str(text).split("\n"):
        out += max(1, -(-len(part) // int(per_line)))
    return out


def _split(ncol: int, n: int) -> list[tuple[int, int]]:
    """Cut ncol columns into n contiguous spans (signature blocks)."""
    out, start = [], 0
    for i in range(n):
        end = round(ncol * (i + 1) / n) - 1
        out.append((start, max(start, end)))
        start = end + 1
    return out


def render(tables: list[Table], fmt: str, *, title: str = "", author: str = "", csv_delimiter: str = ",") -> bytes:
    """Bytes of ``tables`` in ``fmt`` (CSV: the first table only)."""
    if fmt == "xlsx":
        return render_xlsx(tables, title=title, author=author)
    if fmt == "csv":
        return render_csv(tables[0], delimiter=csv_delimiter)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(tables, title=title, author=author)
    raise ValueError(fmt)
