"""A small top-down layout engine on a reportlab canvas, used by every printed form.

Blocks: a two-column header, centred titles, paragraphs of styled runs that wrap (and
flow round a box floated at the right margin, e.g. a QR code), tables whose cells wrap
and whose rows split across pages with the header row repeated, signature blocks and
notes. A ``Flow`` never draws outside the page's content box: anything that does not fit
continues on a new page.

Text is given as *runs*: ``[(text, style), …]`` where style is one of ``R``, ``B``,
``I``, ``BI`` (see ``printing.fonts.STYLE_FONTS``). A plain ``str`` is one ``R`` run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, Union

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from .fonts import STYLE_FONTS
from .vntext import nfc

Run = tuple[str, str]
Text = Union[str, Sequence[Run]]

_TOKEN = re.compile(r"\n|[^\S\n]+|\S+")
# inside a word, a line may also break after "-" or "/" between letters/digits
# (dossier codes, dates, URLs): "000.00.06.H56-" | "261123-" | "1001"
_SOFT_BREAK = re.compile(r"(?<=\w[-/])(?=\w)")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if len(tok) > 3 and not tok.isspace() and ("-" in tok or "/" in tok):
            out.extend(_SOFT_BREAK.split(tok))
        else:
            out.append(tok)
    return out


@dataclass(frozen=True)
class PageSpec:
    """Page size and margins in points."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @classmethod
    def from_mm(cls, size: tuple[float, float], margins_mm: Sequence[float]) -> "PageSpec":
        """margins_mm = (top, right, bottom, left) like CSS."""
        t, r, b, l = (float(v) * mm for v in margins_mm)
        return cls(size[0], size[1], t, r, b, l)


# ---------------------------------------------------------------------------------------
# measuring and wrapping


_fonts: dict[str, object] = {}


def _font(style: str):
    f = _fonts.get(style)
    if f is None:
        f = pdfmetrics.getFont(STYLE_FONTS[style])
        _fonts[style] = f
    return f


_widths: dict[tuple[str, str, float], float] = {}


def text_width(text: str, style: str, size: float) -> float:
    """The width of ``text`` in points. Remembered: a long table measures the same words, dates
    and names thousands of times (reportlab measures in Python without its C accelerator)."""
    key = (text, style, size)
    w = _widths.get(key)
    if w is None:
        if len(_widths) > 200_000:
            _widths.clear()
        w = _widths[key] = _font(style).stringWidth(text, size)
    return w


def as_runs(text: Text, style: str = "R") -> list[Run]:
    if isinstance(text, str):
        return [(nfc(text), style)]
    return [(nfc(t), s) for t, s in text]


@dataclass
class Line:
    """One wrapped line: segments of (text, style) with the line's natural width."""

    segments: list[Run]
    width: float


def wrap(runs: Sequence[Run], size: float, avail: Callable[[int], float]) -> list[Line]:
    """Greedy word wrap. ``avail(i)`` is the width for line i. Words longer than a line are
    broken between characters; spaces at line ends are dropped; "\\n" forces a break."""
    lines: list[Line] = []
    cur: list[tuple[str, str, float]] = []
    cur_w = 0.0
    pending: list[tuple[str, str, float]] = []
    width = avail(0)

    def flush() -> None:
        nonlocal cur, cur_w, pending, width
        segs: list[Run] = []
        for t, s, _w in cur:
            if segs and segs[-1][1] == s:
                segs[-1] = (segs[-1][0] + t, s)
            else:
                segs.append((t, s))
        lines.append(Line(segs, cur_w))
        cur, cur_w, pending = [], 0.0, []
        width = avail(len(lines))

    for text, style in runs:
        for tok in _tokens(text):
            if tok == "\n":
                flush()
                continue
            w = text_width(tok, style, size)
            if tok.isspace():
                if cur:
                    pending.append((tok, style, w))
                continue
            space_w = sum(p[2] for p in pending)
            if cur_w + space_w + w <= width + 1e-6:
                cur.extend(pending)
                cur.append((tok, style, w))
                cur_w += space_w + w
                pending = []
                continue
            if cur:
                flush()
            while w > width + 1e-6:  # break an over-long word between characters
                piece, pw = "", 0.0
                for ch in tok:
                    cw = text_width(ch, style, size)
                    if piece and pw + cw > width + 1e-6:
                        break
                    piece += ch
                    pw += cw
                cur.append((piece, style, pw))
                cur_w = pw
                flush()
                tok = tok[len(piece):]
                w = text_width(tok, style, size)
            if tok:
                cur.append((tok, style, w))
                cur_w = w
    if cur or not lines:
        flush()
    return lines


# ---------------------------------------------------------------------------------------
# table description


@dataclass
class Column:
    title: str
    weight: float = 1.0
    align: str = "left"  # body alignment: left | center | right


@dataclass
class Cell:
    """A table cell. ``footer`` labels are spread evenly along the bottom of the cell after
    ``footer_gap`` points of blank space (signature boxes such as Người giao / Người nhận)."""

    text: Text
    align: str | None = None
    style: str = "R"
    footer: tuple[str, ...] = ()
    footer_gap: float = 0.0


@dataclass
class Group:
    """A header cell spanning columns first..last (inclusive) above their own titles."""

    title: str
    first: int
    last: int


@dataclass
class SigBlock:
    """One column of a signature area: lines on top, blank space, then a name."""

    lines: list[tuple[str, str]]  # (text, style)
    name: str = ""
    space: float = 40.0
    align: str = "center"
    size: float | None = None
    weight: float = 1.0


# ---------------------------------------------------------------------------------------
# the flow


class Flow:
    """Draws blocks top-down on ``canvas`` within ``spec``; breaks pages when needed.

    ``on_page_start(flow)`` runs at the top of every page after the first (continuation
    headers); ``on_page_end(flow, continued)`` runs before a page is closed (footers).
    """

    def __init__(
        self,
        canvas,
        spec: PageSpec,
        *,
        size: float = 9.0,
        leading: float | None = None,
        on_page_start: Callable[["Flow"], None] | None = None,
        on_page_end: Callable[["Flow", bool], None] | None = None,
    ) -> None:
        self.c = canvas
        self.spec = spec
        self.size = size
        self.leading = leading or round(size * 1.32, 2)
        self.on_page_start = on_page_start
        self.on_page_end = on_page_end
        self.page = 1
        self.y = spec.height - spec.top
        self._float: tuple[float, float] | None = None  # (bottom y, width taken)

    # -- geometry ------------------------------------------------------------------
    @property
    def x0(self) -> float:
        return self.spec.left

    @property
    def width(self) -> float:
        return self.spec.content_width

    @property
    def bottom(self) -> float:
        return self.spec.bottom

    def room(self) -> float:
        return self.y - self.bottom

    def page_capacity(self) -> float:
        return self.spec.height - self.spec.top - self.spec.bottom

    def new_page(self) -> None:
        if self.on_page_end:
            self.on_page_end(self, True)
        self.c.showPage()
        self.page += 1
        self.y = self.spec.height - self.spec.top
        self._float = None
        if self.on_page_start:
            self.on_page_start(self)

    def finish(self) -> None:
        """Close the last page of this flow."""
        if self.on_page_end:
            self.on_page_end(self, False)
        self.c.showPage()

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` points fit below the cursor."""
        if height > self.room() + 1e-6:
            self.new_page()

    def space(self, h: float) -> None:
        self.y -= h
        if self.y < self.bottom:
            self.y = self.bottom

    # -- floats --------------------------------------------------------------------
    def float_right(self, width: float, height: float, draw: Callable[[float, float], None],
                    gap: float = 6.0) -> None:
        """Reserve a box at the right margin from the cursor down; draw(x, y_bottom)."""
        self.ensure(height)
        x = self.x0 + self.width - width
        draw(x, self.y - height)
        self._float = (self.y - height, width + gap)

    def clear_float(self) -> None:
        if self._float is not None:
            self.y = min(self.y, self._float[0])
            self._float = None

    def _avail_at(self, y_top: float, indent: float) -> float:
        w = self.width - indent
        if self._float is not None:
            if y_top > self._float[0] + 1e-6:
                w -= self._float[1]
            else:
                self._float = None
        return w

    # -- text ----------------------------------------------------------------------
    def _draw_segments(self, segments: Sequence[Run], x: float, baseline: float,
                       size: float) -> None:
        c = self.c
        for text, style in segments:
            c.setFont(STYLE_FONTS[style], size)
            c.drawString(x, baseline, text)
            x += text_width(text, style, size)

    def paragraph(
        self,
        text: Text,
        *,
        style: str = "R",
        size: float | None = None,
        leading: float | None = None,
        align: str = "left",
        indent: float = 0.0,
        first_indent: float | None = None,
        space_before: float = 0.0,
        space_after: float = 0.0,
        shrink_to: float | None = None,
    ) -> None:
        """Wrapped text. ``first_indent`` (default = indent) allows hanging indents.
        ``shrink_to``: if the text fits one line at some size down to this, use it."""
        size = size or self.size
        runs = as_runs(text, style)
        if shrink_to:
            full = self.width - (indent if first_indent is None else first_indent)
            natural = sum(text_width(t, s, 1.0) for t, s in runs)
            if natural * size > full and natural * shrink_to <= full:
                size = max(shrink_to, int(full / natural * 4) / 4)
        leading = leading or (self.leading if size == self.size else round(size * 1.32, 2))
        if space_before:
            self.space(space_before)
        fi = indent if first_indent is None else first_indent

        def avail(i: int) -> float:
            y_top = self.y - i * leading
            # a line that would not fit on this page will start a new one: full width
            if y_top - leading < self.bottom - 1e-6:
                return self.width - (fi if i == 0 else indent)
            return self._avail_at(y_top, fi if i == 0 else indent)

        lines = wrap(runs, size, avail)
        for i, line in enumerate(lines):
            self.ensure(leading)
            ind = fi if i == 0 else indent
            w = self._avail_at(self.y, ind)
            if align == "center":
                x = self.x0 + ind + (w - line.width) / 2
            elif align == "right":
                x = self.x0 + ind + w - line.width
            else:
                x = self.x0 + ind
            self._draw_segments(line.segments, x, self.y - size * 0.98, size)
            self.y -= leading
        if space_after:
            self.space(space_after)

    def field(self, label: str, value: str | None, *, value_style: str = "R",
              placeholder: str = "…………", **kw) -> None:
        """'Label: value' with the value in ``value_style``; missing values print dots."""
        value = nfc(value).strip() if value not in (None, "") else placeholder
        self.paragraph([(f"{label}: ", "R"), (value, value_style)], **kw)

    def title(self, text: str, *, size: float = 11.0, style: str = "B",
              space_before: float = 4.0, space_after: float = 2.0) -> None:
        self.clear_float()
        self.paragraph(text, style=style, size=size, align="center",
                       space_before=space_before, space_after=space_after)

    def rule(self, width: float, *, x_center: float | None = None, line_width: float = 0.6,
             gap: float = 2.0) -> None:
        """A short horizontal line centred under the previous text."""
        xc = self.x0 + self.width / 2 if x_center is None else x_center
        y = self.y + gap
        self.c.setLineWidth(line_width)
        self.c.line(xc - width / 2, y, xc + width / 2, y)

    # -- header --------------------------------------------------------------------
    def header(
        self,
        left: Sequence[tuple[str, str, float, bool]],
        right: Sequence[tuple[str, str, float, bool]],
        left_bottom: tuple[str, str, float] | None = None,
        right_bottom: tuple[str, str, float] | None = None,
        *,
        split: float = 0.42,
        gap: float = 6.0,
        space_after: float = 4.0,
    ) -> None:
        """Two centred columns. Each line is (text, style, size, rule_below); "\n" in a
        line marks the preferred break; each piece shrinks (by up to 12 %) to fit its
        column on one line, else wraps at its size. ``rule_below`` is True (as wide as the
        text) or a fraction of the column width. The bottom lines (Số: … and the
        place/date line) share one baseline under the taller column."""
        self.clear_float()
        lw = self.width * split - gap / 2
        rw = self.width - lw - gap
        lx = self.x0
        rx = self.x0 + lw + gap
        top = self.y

        def column(lines, x, w) -> float:
            y = top
            for text, style, size, rule in lines:
                widest = 0.0
                for piece in nfc(text).split("\n"):  # "\n" = preferred break
                    s = size
                    while s > size * 0.88 and text_width(piece, style, s) > w:
                        s -= 0.25
                    if text_width(piece, style, s) > w:
                        s = size  # too long to shrink nicely: wrap at the normal size
                    lead = round(s * 1.3, 2)
                    for line in wrap([(piece, style)], s, lambda i: w):
                        self._draw_segments(line.segments, x + (w - line.width) / 2,
                                            y - s * 0.98, s)
                        y -= lead
                        widest = max(widest, line.width)
                if rule:
                    rule_w = widest if rule is True else min(widest, w * float(rule))
                    self.c.setLineWidth(0.6)
                    self.c.line(x + (w - rule_w) / 2, y - 1.0, x + (w + rule_w) / 2, y - 1.0)
                    y -= 4.0
            return y

        y_left = column(left, lx, lw)
        y_right = column(right, rx, rw)
        y = min(y_left, y_right) - 2
        ys = [y]
        for spec, x, w in ((left_bottom, lx, lw), (right_bottom, rx, rw)):
            if not spec:
                continue
            text, style, size = spec
            yy = y
            for line in wrap([(nfc(text), style)], size, lambda i: w):
                self._draw_segments(line.segments, x + (w - line.width) / 2, yy - size * 0.98, size)
                yy -= round(size * 1.3, 2)
            ys.append(yy)
        self.y = min(ys) - space_after

    # -- tables --------------------------------------------------------------------
    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Text | Cell]],
        *,
        size: float | None = None,
        header_size: float | None = None,
        groups: Sequence[Group] = (),
        number_row: bool = False,
        pad: float = 2.5,
        line_width: float = 0.5,
        space_before: float = 2.0,
        space_after: float = 4.0,
    ) -> None:
        """Bordered table; the header (and number row) repeat on each page."""
        self.clear_float()
        if space_before:
            self.space(space_before)
        size = size or self.size
        hsize = header_size or size
        lead = round(size * 1.3, 2)
        hlead = round(hsize * 1.25, 2)
        total_w = sum(c.weight for c in columns)
        widths = [self.width * c.weight / total_w for c in columns]
        xs = [self.x0]
        for w in widths:
            xs.append(xs[-1] + w)
        c = self.c

        # ---- header geometry
        def hlines(text: str, w: float) -> list[Line]:
            return wrap([(nfc(text), "B")], hsize, lambda i: w - 2 * pad)

        grouped = {i: g for g in groups for i in range(g.first, g.last + 1)}
        col_lines = [hlines(col.title, widths[i]) for i, col in enumerate(columns)]
        grp_lines = {id(g): hlines(g.title, xs[g.last + 1] - xs[g.first]) for g in groups}
        h_sub = max([len(col_lines[i]) for i in grouped] or [0]) * hlead + 2 * pad
        h_grp = max([len(v) for v in grp_lines.values()] or [0]) * hlead + 2 * pad
        h_span = max([len(col_lines[i]) for i in range(len(columns)) if i not in grouped] or [0]) * hlead + 2 * pad
        if groups:
            header_h = max(h_grp + h_sub, h_span)
            h_sub = header_h - h_grp
        else:
            header_h = h_span
        num_h = round(hsize * 0.9 * 1.3, 2) + 2 * 1.5 if number_row else 0.0

        def draw_lines_centered(lines: list[Line], x: float, w: float, y_top: float, h: float,
                                sz: float, ld: float) -> None:
            block = len(lines) * ld
            y = y_top - (h - block) / 2
            for line in lines:
                self._draw_segments(line.segments, x + (w - line.width) / 2, y - sz * 0.98, sz)
                y -= ld

        def draw_header() -> None:
            top = self.y
            c.setLineWidth(line_width)
            for i in range(len(columns)):
                x, w = xs[i], widths[i]
                if i in grouped:
                    c.rect(x, top - header_h, w, h_sub, stroke=1, fill=0)
                    draw_lines_centered(col_lines[i], x, w, top - h_grp, h_sub, hsize, hlead)
                else:
                    c.rect(x, top - header_h, w, header_h, stroke=1, fill=0)
                    draw_lines_centered(col_lines[i], x, w, top, header_h, hsize, hlead)
            for g in groups:
                x, w = xs[g.first], xs[g.last + 1] - xs[g.first]
                c.rect(x, top - h_grp, w, h_grp, stroke=1, fill=0)
                draw_lines_centered(grp_lines[id(g)], x, w, top, h_grp, hsize, hlead)
            self.y = top - header_h
            if number_row:
                nsz = hsize * 0.9
                for i in range(len(columns)):
                    c.rect(xs[i], self.y - num_h, widths[i], num_h, stroke=1, fill=0)
                    t = f"({i + 1})"
                    tw = text_width(t, "I", nsz)
                    c.setFont(STYLE_FONTS["I"], nsz)
                    c.drawString(xs[i] + (widths[i] - tw) / 2, self.y - num_h / 2 - nsz * 0.35, t)
                self.y -= num_h

        head_total = header_h + num_h
        # first body row should sit with the header: need header + one short row
        self.ensure(head_total + lead + 2 * pad)
        draw_header()

        # A register repeats the same procedure names, units and dates down thousands of rows:
        # a plain cell's wrapped lines are kept by (text, style, column) for this table.
        wrapped_cache: dict[tuple[str, str, int], list[Line]] = {}

        def wrapped_cell(cell: Cell, i: int) -> list[Line]:
            w = widths[i] - 2 * pad
            if not isinstance(cell.text, str):
                return wrap(as_runs(cell.text, cell.style), size, lambda _i: w)
            key = (cell.text, cell.style, i)
            got = wrapped_cache.get(key)
            if got is None:
                if len(wrapped_cache) > 50_000:
                    wrapped_cache.clear()
                got = wrapped_cache[key] = wrap(as_runs(cell.text, cell.style), size, lambda _i: w)
            return got

        for row in rows:
            cells = [cell if isinstance(cell, Cell) else Cell(cell) for cell in row]
            wrapped: list[list[Line]] = [wrapped_cell(cell, i) for i, cell in enumerate(cells)]
            foot_h = [
                (cell.footer_gap + lead) if cell.footer else 0.0 for cell in cells
            ]
            start = [0] * len(cells)  # next line index per cell
            fresh = self.page_capacity() - head_total  # room under the header on a new page
            while True:
                rem = [len(wrapped[i]) - start[i] for i in range(len(cells))]
                need = max(rem[i] * lead + foot_h[i] for i in range(len(cells))) + 2 * pad
                room = self.room()
                at_top = room >= fresh - 1e-6
                if need <= room + 1e-6:
                    take, last, h = rem, True, need
                elif not at_top and (need <= fresh + 1e-6 or room < 2 * lead + 2 * pad):
                    self.new_page()
                    draw_header()
                    continue
                else:  # taller than the room left: split the row between its lines
                    k = max(1, int((room - 2 * pad) // lead))
                    take, last, h = [min(k, r) for r in rem], False, room
                top = self.y
                c.setLineWidth(line_width)
                # The row's cell borders as one path and its text as one text object: a
                # drawString per line (a text object each, the font set again) was most of the
                # time of a register of thousands of rows.
                borders = c.beginPath()
                text = c.beginText()
                # Operators written straight into the objects' code (what ``rect`` and
                # ``setTextOrigin`` + ``textOut`` write, with the numbers formatted once here):
                # reportlab's number formatting is pure Python without its C accelerator.
                code, path_code = text._code, borders._code
                font = None
                for i, cell in enumerate(cells):
                    path_code.append(f"{xs[i]:.2f} {top - h:.2f} {widths[i]:.2f} {h:.2f} re")
                    align = cell.align or columns[i].align
                    y = top - pad
                    for line in wrapped[i][start[i]:start[i] + take[i]]:
                        if align == "center":
                            x = xs[i] + (widths[i] - line.width) / 2
                        elif align == "right":
                            x = xs[i] + widths[i] - pad - line.width
                        else:
                            x = xs[i] + pad
                        for seg_text, seg_style in line.segments:
                            if font != seg_style:
                                text.setFont(STYLE_FONTS[seg_style], size)
                                font = seg_style
                            code.append(f"1 0 0 1 {x:.2f} {y - size * 0.98:.2f} Tm")
                            code.append(text._formatText(seg_text))
                            x += text_width(seg_text, seg_style, size)
                        y -= lead
                    if last and cell.footer:
                        seg = widths[i] / len(cell.footer)
                        fy = top - h + pad + lead - size * 0.98
                        c.setFont(STYLE_FONTS["I"], size)
                        for j, label in enumerate(cell.footer):
                            lab = nfc(label)
                            lw_ = text_width(lab, "I", size)
                            c.drawString(xs[i] + j * seg + (seg - lw_) / 2, fy, lab)
                    start[i] += take[i]
                c.drawPath(borders, stroke=1, fill=0)
                c.drawText(text)
                self.y = top - h
                if last:
                    break
                self.new_page()
                draw_header()
        if space_after:
            self.space(space_after)

    # -- signatures and notes --------------------------------------------------------
    def signatures(self, blocks: Sequence[SigBlock], *, space_before: float = 6.0,
                   space_after: float = 4.0) -> None:
        """Side-by-side signature blocks kept together on one page."""
        self.clear_float()
        total_w = sum(b.weight for b in blocks)
        widths = [self.width * b.weight / total_w for b in blocks]
        laid = []
        height = 0.0
        for b, w in zip(blocks, widths):
            sz = b.size or self.size
            ld = round(sz * 1.3, 2)
            lines: list[tuple[Line, float, float]] = []
            for text, style in b.lines:
                for ln in wrap([(nfc(text), style)], sz, lambda i: w - 4):
                    lines.append((ln, sz, ld))
            name_lines = wrap([(nfc(b.name), "B")], sz, lambda i: w - 4) if b.name else []
            h = sum(ld for _l, _s, ld in lines) + b.space + len(name_lines) * ld
            laid.append((b, w, lines, name_lines, sz, ld))
            height = max(height, h)
        self.ensure(space_before + height)
        self.space(space_before)
        top = self.y
        x = self.x0
        for b, w, lines, name_lines, sz, ld in laid:
            y = top
            for ln, s, l in lines:
                xx = x + 2 + ((w - 4 - ln.width) / 2 if b.align == "center" else 0)
                self._draw_segments(ln.segments, xx, y - s * 0.98, s)
                y -= l
            y -= b.space
            for ln in name_lines:
                xx = x + 2 + ((w - 4 - ln.width) / 2 if b.align == "center" else 0)
                self._draw_segments(ln.segments, xx, y - sz * 0.98, sz)
                y -= ld
            x += w
        self.y = top - height
        if space_after:
            self.space(space_after)

    def notes(self, title: str, items: Sequence[str], *, size: float | None = None,
              space_before: float = 2.0) -> None:
        """'Ghi chú:' then dash items with a hanging indent, in italics."""
        self.clear_float()
        size = size or max(6.5, self.size - 1.5)
        if space_before:
            self.space(space_before)
        self.paragraph(title, style="BI", size=size)
        dash_w = text_width("- ", "I", size)
        for item in items:
            self.paragraph([("- " + nfc(item), "I")], size=size, indent=dash_w, first_indent=0)

    # -- drawings ------------------------------------------------------------------
    def drawing(self, width: float, height: float, draw: Callable[[float, float], None], *,
                align: str = "center", space_before: float = 0.0,
                space_after: float = 0.0) -> None:
        """A fixed-size box (QR, barcode) on its own band; draw(x, y_bottom)."""
        self.clear_float()
        self.ensure(space_before + height)
        self.space(space_before)
        if align == "center":
            x = self.x0 + (self.width - width) / 2
        elif align == "right":
            x = self.x0 + self.width - width
        else:
            x = self.x0
        draw(x, self.y - height)
        self.y -= height
        if space_after:
            self.space(space_after)

    def form_once(self, name: str, width: float, height: float,
                  draw: Callable[[object], None]) -> None:
        """Define a reusable Form XObject (drawn once per document, placed many times)."""
        c = self.c
        defined = c.__dict__.setdefault("_layout_forms", set())
        if name in defined:
            return
        c.beginForm(name, 0, 0, width, height)
        draw(c)
        c.endForm()
        defined.add(name)

    def place_form(self, name: str, x: float, y: float) -> None:
        c = self.c
        c.saveState()
        c.translate(x, y)
        c.doForm(name)
        c.restoreState()
