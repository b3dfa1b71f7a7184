"""Issue 17, scope 1: ``counter-app intake --json`` with ``"outcome"`` guide / refuse writes a slip
of the pre-receipt register (no dossier, no code), ``print mau-02|mau-03 --slip N`` renders its
form, the daily CSV counts both in columns of their own and Biểu 06 / Mẫu 07 do not."""

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]
GUIDED = {"full_name": "Lê Thị Hướng", "id_number": "001199012346", "birth_date": "1999-02-01", "sex": "Nữ",
          "address": "Thôn Tây, xã Yên Lạc", "phone": "0912000111", "email": ""}
REFUSED = {"full_name": "Phạm Văn Chối", "id_number": "001099012347", "birth_date": "1990-03-01", "sex": "Nam",
           "address": "Thôn Nam, xã Yên Lạc", "phone": "0912000222", "email": ""}


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def rows(d: Path, sql: str, *params):
    c = sqlite3.connect(d / "counter.sqlite3")
    try:
        return c.execute(sql, params).fetchall()
    finally:
        c.close()


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces as single spaces."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def counts(d: Path) -> tuple:
    return (rows(d, "SELECT COUNT(*) FROM dossiers")[0][0], rows(d, "SELECT COUNT(*) FROM slips")[0][0],
            rows(d, "SELECT COUNT(*) FROM audit")[0][0], rows(d, "SELECT COUNT(*) FROM outbox")[0][0])


def test_guide_and_refuse_at_the_counter(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "1", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    dd = ("--data-dir", str(d))
    received = run(*dd, "intake", "--json", "-", stdin=json.dumps(sample_intake(), ensure_ascii=False))
    assert received.returncode == 0, received.stderr
    code = received.stdout.strip()
    assert counts(d)[:2] == (1, 0) and rows(d, "SELECT code FROM dossiers") == [(code,)]

    # incomplete: guided to complete (Mẫu 02), not received
    guide = sample_intake(outcome="guide", applicant=GUIDED, received_at="2026-11-20T10:00:00+07:00",
                          missing_items=[{"name": "Bản sao Giấy chứng tử của vợ", "certified_copies": 1}],
                          reason="Hồ sơ thiếu giấy chứng tử")
    r = run(*dd, "intake", "--json", "-", stdin=json.dumps(guide, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1/2026" and "mau-02" in r.stderr
    assert counts(d)[0] == 1  # no dossier
    assert rows(d, "SELECT kind, number, applicant_name, reason, day FROM slips") == [
        ("guide", 1, "Lê Thị Hướng", "Hồ sơ thiếu giấy chứng tử", "2026-11-20")]
    assert rows(d, "SELECT object FROM audit WHERE action = 'intake-guide'") == [("1/2026",)]

    # not eligible: refused (Mẫu 03), not received
    refuse = sample_intake(outcome="refuse", applicant=REFUSED, received_at="2026-11-20T11:00:00+07:00",
                           reason="Không thuộc thẩm quyền giải quyết của xã")
    r = run(*dd, "intake", "--json", "-", stdin=json.dumps(refuse, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "2/2026"
    before = counts(d)
    assert before[:2] == (1, 2)
    assert rows(d, "SELECT COUNT(*) FROM outbox WHERE dossier_id IS NULL")[0][0] == 0  # nothing to sync

    # the forms: no dossier code, the register number as "Số"
    out = tmp_path / "m02.pdf"
    r = run(*dd, "print", "mau-02", "--slip", "1/2026", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Số: 1/" in text
    assert "Bản sao Giấy chứng tử của vợ" in text and "Hồ sơ thiếu giấy chứng tử" in text
    assert "Lê Thị Hướng" in text and "Mã hồ sơ" not in text
    assert rows(d, "SELECT object, details FROM audit WHERE action = 'print'") == [
        ("phieu-1-2026", '{"form":"mau-02","how":"cli"}')]
    out3 = tmp_path / "m03.pdf"
    r = run(*dd, "print", "mau-03", "--slip", "2", "--out", str(out3))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out3)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Không thuộc thẩm quyền giải quyết" in text
    assert "Phạm Văn Chối" in text and "Mã hồ sơ" not in text
    # the wrong form for a slip, an unknown slip, a bad number: refused in Vietnamese
    for args, words in ((("mau-03", "--slip", "1"), "in bằng mau-02"), (("mau-02", "--slip", "9"), "Không có phiếu số 9/2026"),
                        (("mau-02", "--slip", "x/2026"), "Số phiếu không hợp lệ"), (("mau-01", "--slip", "1"), "chỉ dùng với mau-02")):
        r = run(*dd, "print", *args, "--out", str(tmp_path / "x.pdf"))
        assert r.returncode == 2 and words in r.stderr, (args, r.stderr)
    assert not (tmp_path / "x.pdf").exists()

    # Mẫu 07 (Sổ theo dõi hồ sơ): only the received dossier has a line
    reg = tmp_path / "m07.pdf"
    r = run(*dd, "print", "mau-07", "--from", "2026-11-20", "--to", "2026-11-20", "--out", str(reg))
    assert r.returncode == 0, r.stderr
    text = pdf_text(reg)
    assert "Nguyễn Văn An" in text and "20/11/2026 09:00" in text
    assert "Lê Thị Hướng" not in text and "Phạm Văn Chối" not in text

    # the daily tally counts both in columns of their own; "Tiếp nhận" only the received one
    daily = tmp_path / "daily.csv"
    r = run(*dd, "report", "daily", "--date", "2026-11-20", "--format", "csv", "--out", str(daily))
    assert r.returncode == 0, r.stderr
    table = list(csv.reader(io.StringIO(daily.read_bytes().decode("utf-8-sig"))))
    head, total = table[0], table[-1]
    col = {h: i for i, h in enumerate(head)}
    assert total[col["Tiếp nhận"]] == "1"
    assert total[col["Hướng dẫn hoàn thiện, chưa tiếp nhận (Mẫu 02)"]] == "1"
    assert total[col["Từ chối trước khi tiếp nhận (Mẫu 03)"]] == "1"
    assert total[col["Từ chối tiếp nhận"]] == "0"  # the post-receipt refusal stays its own count
    # Biểu 06 does not count them: received in the period (3) = 1
    b06 = tmp_path / "b06.csv"
    r = run(*dd, "report", "period", "--from", "2026-11-20", "--to", "2026-11-20", "--format", "csv", "--out", str(b06))
    assert r.returncode == 0, r.stderr
    b = list(csv.reader(io.StringIO(b06.read_bytes().decode("utf-8-sig"))))
    assert b[-1][2] == "1", b


def test_bad_outcome_input_writes_nothing(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "1", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    dd = ("--data-dir", str(d))
    before = counts(d)
    cases = [
        ("{\"outcome\": \"guide\",", "không phải JSON hợp lệ"),
        (sample_intake(outcome="guide", reason="Thiếu giấy"), "ít nhất một giấy tờ phải bổ sung"),
        (sample_intake(outcome="guide", missing_items=[{"name": "Giấy chứng tử"}]), "Lý do hướng dẫn bổ sung"),
        (sample_intake(outcome="refuse"), "Lý do từ chối tiếp nhận không được để trống"),
        (sample_intake(outcome="refuse", reason="x", missing_items=["Giấy"]), "không kèm danh sách giấy tờ"),
        (sample_intake(outcome="nhận"), "\"outcome\""),
        (sample_intake(reason="x"), "Hồ sơ được tiếp nhận không có trường reason"),
        (sample_intake(outcome="guide", procedure_code="9.999999", reason="x", missing_items=["Giấy"]),
         "Không tìm thấy thủ tục"),
    ]
    for data, words in cases:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        r = run(*dd, "intake", "--json", "-", stdin=text)
        assert r.returncode == 2 and words in r.stderr, (words, r.stderr)
        assert r.stdout == ""
    assert counts(d) == before
