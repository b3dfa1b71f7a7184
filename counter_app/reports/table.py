"""The report table model every export renders (XLSX, CSV and PDF alike): top blocks, title
lines, a header of merged cells as in the official layout, a "(1) (2) …" number row, body rows,
a total row, notes and signature blocks. ``sheets.py`` lays reports out as these; ``exports.py``
and ``pdf.py`` render them, so neither renderer imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """Lines at the top of the sheet, over columns first..last (0-based, inclusive)."""

    first: int
    last: int
    lines: list[tuple[str, str]]  # (text, style R|B|I|BI)
    align: str = "center"


@dataclass
class HeaderCell:
    row: int  # 0-based within the header
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    style: str = "B"


@dataclass
class Column:
    width: float  # characters (XLSX); relative weight in the PDF
    kind: str = "int"  # text | int | money
    align: str | None = None

    @property
    def alignment(self) -> str:
        return self.align or ("left" if self.kind == "text" else "right")


@dataclass
class Table:
    name: str  # sheet name / section title
    columns: list[Column]
    header: list[HeaderCell]
    header_rows: int
    rows: list[list[Any]]
    total: list[Any] | None = None
    blocks: list[Block] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (text, style, align)
    number_row: bool = True
    notes: list[str] = field(default_factory=list)
    signatures: list[list[tuple[str, str]]] = field(default_factory=list)  # blocks of (text, style)
    csv_headers: list[str] = field(default_factory=list)
    landscape: bool = True
    title: str = ""  # document title (metadata)

    def check(self) -> None:
        n = len(self.columns)
        assert all(len(r) == n for r in self.rows), "row width"
        assert self.total is None or len(self.total) == n
        assert len(self.csv_headers) in (0, n)
