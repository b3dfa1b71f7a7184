"""The day-close sheet (Biên bản chốt số liệu ngày): a stored close rendered as a PDF and read
back; the audit anchor of the close; a day not closed has no sheet; the command line."""

import json
import shutil
import subprocess
from datetime import date

import pytest

from reports.test_report_exports import run_cli
from reports.test_report_tally import END_OF_20, T, scenario_dir, sdb, sup  # noqa: F401
from counter_app.db import write_tx
from counter_app.errors import UserError
from counter_app.reports import dayclose, dayclose_pdf
from helpers import STATION

PASSWORD = STATION["admin_password"]


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_sheet_shows_title_totals_sha_and_the_audit_anchor(sdb, sup, tmp_path):
    res = dayclose.close_day(sdb, sup, T, PASSWORD, note="Đủ hồ sơ", now=END_OF_20)
    anchor = dayclose.close_anchor(sdb, T)
    assert anchor == res["audit_anchor"]
    assert not dayclose.is_closed(sdb, date(2026, 11, 19)) and dayclose.is_closed(sdb, T)

    out = tmp_path / "bien-ban.pdf"
    saved = dayclose_pdf.export_sheet(sdb, sup, T, out)
    text = pdf_text(out)
    assert "BIÊN BẢN CHỐT SỐ LIỆU NGÀY 20/11/2026" in text
    assert STATION["agency_name"].upper() in text
    assert "Quầy số 1" in text and "Đủ hồ sơ" in text
    assert res["sha256"] in text
    assert dayclose.audit_anchor_line(anchor) in text
    assert "còn nguyên vẹn" in text
    assert "NGƯỜI LẬP" in text and "GIÁM SÁT VIÊN" in text
    for m in ("received", "returned", "fees"):
        assert dayclose.LABELS[m].split()[0] in text
    total_line = next(line for line in text.splitlines() if "Tổng cộng" in line)
    t = res["figures"]["totals"]
    assert total_line.split()[2:] == [f"{t[m]:,}".replace(",", ".") for m in dayclose_pdf.COUNTS + dayclose_pdf.FEES]
    assert "10.000" in total_line  # money as Vietnamese amounts
    # the export is audited (no personal data), with the figures' hash
    row = sdb.execute("SELECT object, details FROM audit WHERE action = 'report-export' ORDER BY id DESC").fetchone()
    assert row[0] == "day-sheet"
    details = json.loads(row[1])
    assert details["figures_sha256"] == res["sha256"] and details["sha256"] == saved["sha256"]


def test_a_tampered_close_prints_as_not_intact(sdb, sup, tmp_path):
    dayclose.close_day(sdb, sup, T, PASSWORD, now=END_OF_20)
    with write_tx(sdb):
        sdb.execute("UPDATE day_closes SET figures = replace(figures, '\"received\":2', '\"received\":3')")
    data = dayclose_pdf.sheet_data(sdb, sup, T)
    assert not data["close"]["intact"]
    out = tmp_path / "x.pdf"
    out.write_bytes(dayclose_pdf.render_sheet(data))
    assert "KHÔNG CÒN KHỚP MÃ KIỂM TRA" in pdf_text(out)


def test_a_day_not_closed_has_no_sheet(sdb, sup, tmp_path):
    with pytest.raises(UserError, match="chưa được chốt"):
        dayclose_pdf.export_sheet(sdb, sup, T, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert dayclose.close_anchor(sdb, T) is None
    assert not sdb.execute("SELECT COUNT(*) FROM audit WHERE action = 'report-export'").fetchone()[0]


@pytest.mark.slow
def test_command_line_day_sheet(scenario_dir, tmp_path):  # noqa: F811
    src, _codes = scenario_dir
    d = tmp_path / "data"
    shutil.copytree(src, d)
    sheet = tmp_path / "chot.pdf"
    r = run_cli("--data-dir", str(d), "report", "day-sheet", "--date", "2026-11-20", "--pdf", str(sheet))
    assert r.returncode == 2 and "chưa được chốt" in r.stderr and not sheet.exists()
    r = run_cli("--data-dir", str(d), "report", "close", "--date", "2026-11-20", "--user", "admin",
                "--password-stdin", "--pdf", str(sheet), stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert "Đã chốt ngày 20/11/2026" in r.stdout and "Đã ghi " in r.stdout
    text = pdf_text(sheet)
    assert "BIÊN BẢN CHỐT SỐ LIỆU NGÀY 20/11/2026" in text and "Nhật ký kiểm tra:" in text
    again = tmp_path / "lai.pdf"
    r = run_cli("--data-dir", str(d), "report", "day-sheet", "--date", "2026-11-20", "--pdf", str(again))
    assert r.returncode == 0, r.stderr
    assert pdf_text(again) == text  # the stored figures, the same sheet
    r = run_cli("--data-dir", str(d), "report", "day-sheet", "--date", "20/11/2026", "--pdf", str(tmp_path / "y.pdf"))
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
