"""Codes and ID numbers survive a spreadsheet: Mã TTHC "2.000720" must not become the number
2.00072, a CCCD keeps its leading zeros. The XLSX types those cells as text (the export to open
in a spreadsheet); the CSV writes them unchanged and quoted, so LibreOffice's "format quoted
fields as text" import keeps them, and a reader asking for text (pandas ``dtype=str``, Python's
csv) gets the exact characters. Read back by LibreOffice Calc itself, headless."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.test_report_tally import END_OF_20, F, T, scenario_dir, sdb, sup  # noqa: F401
from counter_app.reports import exports, service
from counter_app.reports.table import Column, HeaderCell, Table
from counter_app.reports.tally import TallyFilter

CODES = [("2.000720", "001099012345", 3), ("1.001570", "012345678901", 12), ("1.004873", "079203000001", 1)]


def codes_table() -> Table:
    columns = [Column(7, "int", "center"), Column(13, "text", "center"), Column(16, "text"), Column(11, "int")]
    header = [HeaderCell(0, i, h) for i, h in enumerate(("STT", "Mã TTHC", "Số CCCD", "Số hồ sơ"))]
    rows = [[i, code, cccd, n] for i, (code, cccd, n) in enumerate(CODES, start=1)]
    return Table("Mã", columns, header, 1, rows, ["", "", "Tổng cộng", 16],
                 csv_headers=["STT", "Mã TTHC", "Số CCCD", "Số hồ sơ"])


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_to_xlsx(src: Path, tmp_path: Path, infilter: str | None = None) -> Path:
    """``src`` opened by LibreOffice Calc (headless) and saved again as XLSX: what Calc made of
    each cell (text or number) is then read with openpyxl."""
    out = tmp_path / ("lo-" + src.suffix.lstrip("."))
    args = [soffice(), f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless"]
    if infilter:
        args.append(f"--infilter={infilter}")
    target = "xlsx:Calc MS Excel 2007 XML"
    r = subprocess.run([*args, "--convert-to", target, "--outdir", str(out), str(src)],
                       capture_output=True, text=True, timeout=180)
    got = out / (src.stem + ".xlsx")
    assert r.returncode == 0 and got.exists(), r.stdout + r.stderr
    return got


def body(path: Path, first_row: int) -> list[list]:
    ws = load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first_row, max_row=first_row + len(CODES) - 1)]


def test_csv_writes_codes_unchanged_and_quoted():
    raw = exports.render_csv(codes_table())
    text = raw.decode("utf-8-sig")
    assert raw.startswith(b"\xef\xbb\xbf") and "=" not in text and "'" not in text  # no Excel-only tricks
    lines = text.split("\r\n")
    assert lines[0] == "STT,Mã TTHC,Số CCCD,Số hồ sơ"
    assert lines[1] == '1,"2.000720","001099012345",3'
    assert lines[4] == ',,"Tổng cộng",16'
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[1:3] for r in rows[1:4]] == [[code, cccd] for code, cccd, _n in CODES]
    semi = exports.render_csv(codes_table(), delimiter=";").decode("utf-8-sig")
    assert semi.split("\r\n")[1] == '1;"2.000720";"001099012345";3'


def test_xlsx_types_codes_as_text():
    ws = load_workbook(io.BytesIO(exports.render_xlsx([codes_table()]))).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value in ("2.000720", "001099012345")}
    assert set(cells) == {"2.000720", "001099012345"}
    for c in cells.values():
        assert c.data_type == "s" and c.number_format == "@"


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice Calc is not installed (apt-get install libreoffice-calc)")
def test_libreoffice_keeps_codes_from_the_xlsx_and_the_quoted_csv(tmp_path):
    xlsx = tmp_path / "ma.xlsx"
    xlsx.write_bytes(exports.render_xlsx([codes_table()]))
    csv_file = tmp_path / "ma.csv"
    csv_file.write_bytes(exports.render_csv(codes_table()))
    want = [[code, cccd] for code, cccd, _n in CODES]
    # The XLSX as Calc opens it (row 1 the header, row 2 the "(1) (2) …" number row).
    got = body(libreoffice_to_xlsx(xlsx, tmp_path), 3)
    assert [r[1:3] for r in got] == want and [r[3] for r in got] == [n for *_c, n in CODES]
    # The CSV with UTF-8, comma and "format quoted fields as text" (Calc's import dialog option).
    got = body(libreoffice_to_xlsx(csv_file, tmp_path, "CSV:44,34,76,1,,1033,true"), 2)
    assert [r[1:3] for r in got] == want
    assert [r[3] for r in got] == [n for *_c, n in CODES]  # counts are still numbers
    # Without that option Calc turns the codes into numbers: the reason the XLSX is preferred.
    got = body(libreoffice_to_xlsx(csv_file, tmp_path, "CSV:44,34,76,1,,1033,false"), 2)
    assert got[0][1] == pytest.approx(2.00072) and got[0][2] == 1099012345


def test_the_tally_by_procedure_exports_its_codes_as_text(sdb, sup, tmp_path):  # noqa: F811
    f = TallyFilter(F, T, "procedure")
    service.export_tally(sdb, sup, f, "csv", tmp_path / "t.csv", now=END_OF_20)
    service.export_tally(sdb, sup, f, "xlsx", tmp_path / "t.xlsx", now=END_OF_20)
    lines = (tmp_path / "t.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("STT,Mã TTHC,Thủ tục hành chính,")
    assert lines[1].startswith('1,"1.004873","') and lines[2].startswith('2,"2.000884","')
    ws = load_workbook(tmp_path / "t.xlsx").active
    code = next(c for row in ws.iter_rows() for c in row if c.value == "2.000884")
    assert code.data_type == "s" and code.number_format == "@"
