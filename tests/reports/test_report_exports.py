"""Exports read back as a user's software would: XLSX with openpyxl (and LibreOffice Calc when
installed), CSV bytes (BOM, diacritics), PDF text and fonts with poppler; the command line."""

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.test_report_tally import END_OF_20, F, T, cols, scenario_dir, sdb, sup  # noqa: F401
from counter_app.reports import bieu06, service, tally
from counter_app.reports.tally import TallyFilter

ROOT = Path(__file__).resolve().parents[2]


def cell_text(ws):
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def find(ws, value):
    for row in ws.iter_rows():
        for c in row:
            if c.value == value:
                return c
    raise AssertionError(f"{value!r} not in sheet")


def test_bieu06_xlsx_layout_and_numbers(sdb, sup, tmp_path):
    out = tmp_path / "bieu06.xlsx"
    res = service.export_period(sdb, sup, F, T, "xlsx", out, now=END_OF_20)
    report = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Biểu 06"]
    ws = wb["Biểu 06"]
    texts = set(cell_text(ws).values())
    assert "Biểu số 06/VPCP/KSTT" in texts and "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC" in texts
    assert "Kỳ báo cáo: Từ ngày 16/11/2026 đến ngày 20/11/2026" in texts
    assert {"- Đơn vị báo cáo:", "Trung tâm Phục vụ hành chính công xã Yên Lạc", "- Đơn vị nhận báo cáo:"} <= texts
    # the official three-row header with merged cells
    merged = {str(r) for r in ws.merged_cells.ranges}
    group = find(ws, "Số hồ sơ nhận giải quyết")
    hr = group.row
    assert f"C{hr}:F{hr}" in merged
    assert find(ws, "Số hồ sơ đã giải quyết").coordinate == f"G{hr}" and f"G{hr}:J{hr}" in merged
    assert find(ws, "Số hồ sơ đang giải quyết").coordinate == f"K{hr}" and f"K{hr}:M{hr}" in merged
    assert f"A{hr}:A{hr + 2}" in merged and f"B{hr}:B{hr + 2}" in merged  # STT, Lĩnh vực span 3 rows
    assert find(ws, "Trong kỳ").coordinate == f"D{hr + 1}" and f"D{hr + 1}:E{hr + 1}" in merged
    assert find(ws, "Trực tuyến").coordinate == f"D{hr + 2}"
    assert find(ws, "Từ kỳ trước").coordinate == f"F{hr + 1}"
    assert [ws.cell(hr + 3, c).value for c in range(1, 14)] == [f"({i})" for i in range(1, 14)]
    # body: one row per field, then the total; numbers as numbers with a thousands format
    body = hr + 4
    got = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 14)] for r in range(body, body + 3)}
    assert got["Hộ tịch"] == cols(report.rows[1]) == [15, 1, 12, 2, 10, 2, 3, 5, 5, 3, 2]
    assert got["Tổng cộng"] == cols(report.total) == [17, 1, 14, 2, 11, 2, 4, 5, 6, 3, 3]
    assert ws.cell(body + 2, 3).number_format == "#,##0" and ws.cell(body + 2, 3).font.bold
    # frozen under the header, printable: A4 landscape, one page wide, header repeated
    assert ws.freeze_panes == f"C{body}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${hr}:${hr + 3}"
    assert res["total"][3] == 17


def test_daily_xlsx_has_procedure_and_clerk_sheets(sdb, sup, tmp_path):
    out = tmp_path / "ngay.xlsx"
    service.export_daily(sdb, sup, T, "xlsx", out, now=END_OF_20)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Thủ tục hành chính", "Người tiếp nhận"]
    ws = wb["Người tiếp nhận"]
    expect = tally.compute_tally(sdb, sup, TallyFilter(T, T, "clerk"), now=END_OF_20)
    head = find(ws, "STT").row
    headers = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    sub = {ws.cell(head + 1, c).value: c for c in range(1, ws.max_column + 1)}
    assert "Tiếp nhận" in headers and "Đã giải quyết" in headers and "Tiền mặt" in sub
    rows = {ws.cell(r, 2).value: r for r in range(head + 3, head + 3 + len(expect.rows) + 1)}
    assert ws.cell(rows["Lê Văn Cán"], headers["Tiếp nhận"]).value == 2
    assert ws.cell(rows["Tổng cộng"], sub["Tiền mặt"]).value == expect.totals["fee_cash"] == 10000
    assert ws.cell(rows["Tổng cộng"], sub["Tiền mặt"]).number_format == "#,##0"


def test_csv_has_bom_and_vietnamese(sdb, sup, tmp_path):
    out = tmp_path / "bieu06.csv"
    service.export_period(sdb, sup, F, T, "csv", out, now=END_OF_20)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Lĩnh vực, công việc giải quyết theo cấp".encode("utf-8") in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "(1) STT" and rows[0][12] == "(13) Số hồ sơ đang giải quyết - Quá hạn"
    assert rows[1][1] == "Chứng thực" and rows[2][1] == "Hộ tịch" and rows[3][1] == "Tổng cộng"
    assert [int(x) for x in rows[3][2:]] == [17, 1, 14, 2, 11, 2, 4, 5, 6, 3, 3]
    semi = tmp_path / "t.csv"
    service.export_tally(sdb, sup, TallyFilter(F, T, "field"), "csv", semi, csv_delimiter=";", now=END_OF_20)
    assert semi.read_bytes().decode("utf-8-sig").splitlines()[0].startswith("STT;Lĩnh vực;Tiếp nhận;")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def test_pdf_text_and_embedded_font(sdb, sup, tmp_path):
    out = tmp_path / "bieu06.pdf"
    service.export_period(sdb, sup, F, T, "pdf", out, now=END_OF_20)
    text = pdf_text(out)
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN," in text and "Tổng cộng" in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total_line.split()[2:] == ["17", "1", "14", "2", "11", "2", "4", "5", "6", "3", "3"]
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all("BeVietnamPro" in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column: every font embedded


def test_exports_are_audited_without_personal_data(sdb, sup, tmp_path):
    service.export_daily(sdb, sup, T, "csv", tmp_path / "d.csv", now=END_OF_20)
    service.export_period(sdb, sup, F, T, "pdf", tmp_path / "p.pdf", now=END_OF_20)
    rows = sdb.execute("SELECT action, object, details FROM audit WHERE action = 'report-export' ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("report-export", "daily"), ("report-export", "bieu-06")]
    details = json.loads(rows[1][2])
    assert details["format"] == "pdf" and details["from"] == "2026-11-16" and len(details["sha256"]) == 64
    blob = " ".join(r[2] for r in rows)
    assert "Nguyễn Văn An" not in blob and "001099012345" not in blob


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice Calc is not installed (apt-get install libreoffice-calc)")
def test_libreoffice_calc_opens_the_xlsx(sdb, sup, tmp_path):
    xlsx = tmp_path / "bieu06.xlsx"
    service.export_period(sdb, sup, F, T, "xlsx", xlsx, now=END_OF_20)
    profile = (tmp_path / "lo-profile").as_uri()
    r = subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path / "lo"), str(xlsx)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "lo" / "bieu06.pdf"
    assert r.returncode == 0 and pdf.exists(), r.stderr
    text = pdf_text(pdf)
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN," in text and "Hộ tịch" in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total_line.split()[2:] == ["17", "1", "14", "2", "11", "2", "4", "5", "6", "3", "3"]


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


@pytest.mark.slow
def test_command_line_reports(scenario_dir, tmp_path):  # noqa: F811
    src, _codes = scenario_dir
    d = tmp_path / "data"
    shutil.copytree(src, d)
    for fmt in ("xlsx", "csv", "pdf"):
        r = run_cli("--data-dir", str(d), "report", "daily", "--date", "2026-11-20", "--format", fmt,
                    "--out", str(tmp_path / f"ngay.{fmt}"))
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("Đã ghi ")
    r = run_cli("--data-dir", str(d), "report", "period", "--from", "2026-11-16", "--to", "2026-11-20",
                "--format", "xlsx", "--out", str(tmp_path / "b06.xlsx"))
    assert r.returncode == 0, r.stderr
    assert "Biểu 06: nhận giải quyết 17, đã giải quyết 11" in r.stdout
    ws = load_workbook(tmp_path / "b06.xlsx")["Biểu 06"]
    total = find(ws, "Tổng cộng").row
    assert ws.cell(total, 3).value == 17
    r = run_cli("--data-dir", str(d), "report", "period", "--period", "2026-11", "--format", "csv",
                "--out", str(tmp_path / "thang.csv"))
    assert r.returncode == 0, r.stderr
    # invalid input: exit 2, a Vietnamese message, no file
    r = run_cli("--data-dir", str(d), "report", "period", "--from", "2026-11-20", "--to", "2026-11-16",
                "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 2 and "Ngày kết thúc phải sau" in r.stderr and not (tmp_path / "x.pdf").exists()
    r = run_cli("--data-dir", str(d), "report", "daily", "--date", "20/11/2026", "--format", "xlsx",
                "--out", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = run_cli("--data-dir", str(d), "report", "daily", "--date", "2026-11-20", "--format", "docx",
                "--out", str(tmp_path / "x.docx"))
    assert r.returncode == 2 and "lựa chọn không hợp lệ" in r.stderr
    r = run_cli("--data-dir", str(d), "report", "check")
    assert r.returncode == 0 and "khớp" in r.stdout
    # closing the day from the command line: a named supervisor and the password on stdin
    r = run_cli("--data-dir", str(d), "report", "close", "--date", "2026-11-20", "--user", "admin",
                "--password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0 and r.stdout.startswith("Đã chốt ngày 20/11/2026: tiếp nhận 2"), r.stderr
    r = run_cli("--data-dir", str(d), "report", "close", "--date", "2026-11-20", "--user", "admin",
                "--password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 2 and "đã được chốt" in r.stderr
    r = run_cli("--data-dir", str(d), "report", "station-export", "--all", "--out", str(tmp_path / "q.json"))
    assert r.returncode == 2 and "Chưa nhập khóa chung" in r.stderr
