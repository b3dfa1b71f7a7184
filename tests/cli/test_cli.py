"""The command line as deployment scripts use it: real subprocesses, exact shapes, exit codes."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
        encoding="utf-8", cwd=ROOT, timeout=120,
    )


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli") / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    return d


def count_dossiers(d):
    c = sqlite3.connect(d / "counter.sqlite3")
    try:
        return c.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    finally:
        c.close()


def test_intake_show_search_due_date(station, tmp_path):
    f = tmp_path / "in.json"
    f.write_text(json.dumps(sample_intake(), ensure_ascii=False), encoding="utf-8")
    r = run("--data-dir", str(station), "intake", "--json", str(f))
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert code == "000.00.06.H56-261120-2001"
    r = run("--data-dir", str(station), "intake", "--json", "-", stdin=json.dumps(sample_intake()))
    assert r.returncode == 0 and r.stdout.strip() == "000.00.06.H56-261120-2002"

    shown = json.loads(run("--data-dir", str(station), "show", code, "--json").stdout)
    for key in ("code", "status", "received_at", "due_at", "applicant", "components", "history"):
        assert key in shown
    assert shown["status"] == 2 and shown["due_at"] == "2026-11-25T09:00:00+07:00"  # 24/11 not a day off
    assert shown["history"][0]["at"].endswith("+07:00")
    assert shown["applicant"]["full_name"] == "Nguyễn Văn An"

    r = run("--data-dir", str(station), "search", "nguyen van an")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("000.00.06.H56-261120-200")
    assert len(r.stdout.splitlines()) == 2
    r = run("--data-dir", str(station), "search", "0010990")  # ID-number prefix
    assert len(r.stdout.splitlines()) == 2
    r = run("--data-dir", str(station), "search", code)
    assert r.stdout.split("\t")[0] == code

    r = run("--data-dir", str(station), "due-date", "--procedure", "2.000815", "--received", "2026-11-20T15:30:00+07:00")
    assert r.returncode == 0 and r.stdout.strip() == "2026-11-23T17:00:00+07:00"


def test_catalogue_json(station):
    r = run("--data-dir", str(station), "catalogue", "--json")
    items = json.loads(r.stdout)
    assert len(items) >= 20
    kinh = next(i for i in items if i["code"] == "1.001193")
    assert {"code", "name", "time_value", "time_unit", "fee_rule", "components"} <= set(kinh)
    assert kinh["name"] == "Đăng ký khai sinh" and kinh["components"]


def test_cccd_parse():
    payload = "001099012345|123456789|NGUYỄN VĂN AN|15011999|Nam|Thôn Đông, Xã Hòa Bình, Huyện Yên Lạc, Tỉnh Vĩnh Phúc|20042021"
    r = run("cccd-parse", stdin=payload + "\n")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["id_number"] == "001099012345" and out["old_id_number"] == "123456789"
    assert out["full_name"] == "NGUYỄN VĂN AN" and out["birth_date"] == "1999-01-15" and out["sex"] == "Nam"
    assert out["issue_date"] == "2021-04-20" and out["raw"] == payload and out["warnings"] == []
    r = run("cccd-parse", stdin="xin chào")
    assert r.returncode == 2 and r.stderr.startswith("Lỗi:") and r.stdout == ""


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["intake", "--json", "-"], "{not json"),
        (["intake", "--json", "-"], json.dumps(sample_intake(procedure_code="9.999999"))),
        (["intake", "--json", "-"], json.dumps(sample_intake(applicant={"full_name": "X1"}))),
        (["intake", "--json", "-"], "[]"),
        (["intake", "--json", "/nonexistent/file.json"], None),
        (["show", "000.00.06.H56-000000-0000"], None),
        (["due-date", "--procedure", "1.004873", "--received", "hôm nay"], None),
        (["due-date", "--procedure", "1.004873"], None),
        (["bogus-command"], None),
        (["search"], None),
        (["catalogue", "--import", "/nonexistent.json"], None),
    ],
)
def test_bad_input_exits_2_in_vietnamese_and_writes_nothing(station, args, stdin):
    before = count_dossiers(station)
    r = run("--data-dir", str(station), *args, stdin=stdin)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Lỗi" in r.stderr and "Traceback" not in r.stderr
    assert count_dossiers(station) == before


def test_init_rejects_bad_values_and_creates_nothing(tmp_path):
    d = tmp_path / "new"
    r = run("--data-dir", str(d), "init", "--agency-code", "H56", "--agency-name", "X", "--province", "Y",
            "--station", "12", "--admin-user", "admin", "--admin-password-stdin", stdin="short\n")
    assert r.returncode == 2
    assert "Mã định danh" in r.stderr and "Mật khẩu" in r.stderr
    assert not d.exists()


def test_commands_on_a_missing_data_dir_exit_2(tmp_path):
    r = run("--data-dir", str(tmp_path / "none"), "search", "an")
    assert r.returncode == 2 and "Chưa có dữ liệu" in r.stderr


@pytest.mark.slow
def test_print_and_transition_commands(station, tmp_path):
    import subprocess as sp

    data = sample_intake(received_at="2026-11-16T09:00:00+07:00")
    code = run("--data-dir", str(station), "intake", "--json", "-", stdin=json.dumps(data)).stdout.strip()
    out = tmp_path / "m01.pdf"
    r = run("--data-dir", str(station), "print", "mau-01", "--dossier", code, "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = sp.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout if shutil_which("pdftotext") else ""
    assert out.read_bytes().startswith(b"%PDF")
    if text:
        assert code in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    r = run("--data-dir", str(station), "print", "mau-02", "--dossier", code, "--out", str(tmp_path / "m02.pdf"))
    assert r.returncode == 2 and "chưa có bước" in r.stderr
    step = {"missing_items": [{"name": "Bản sao giấy chứng tử", "certified_copies": 1}], "at": "2026-11-16T10:00:00+07:00"}
    r = run("--data-dir", str(station), "transition", code, "supplement", "--reason", "Thiếu giấy chứng tử",
            "--json", "-", stdin=json.dumps(step, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\t")[1] == "5"
    r = run("--data-dir", str(station), "print", "mau-02", "--dossier", code, "--out", str(tmp_path / "m02.pdf"))
    assert r.returncode == 0, r.stderr
    if text:
        t2 = sp.run(["pdftotext", str(tmp_path / "m02.pdf"), "-"], capture_output=True, text=True).stdout
        assert "Bản sao giấy chứng tử" in t2 and "Thiếu giấy chứng tử" in t2
    for args in (["print", "mau-99", "--dossier", code, "--out", str(tmp_path / "x.pdf")],
                 ["print", "mau-01", "--dossier", "KHONG-CO", "--out", str(tmp_path / "x.pdf")],
                 ["print", "mau-07", "--out", str(tmp_path / "x.pdf")],
                 ["transition", code, "teleport"],
                 ["transition", code, "return"]):
        r = run("--data-dir", str(station), *args)
        assert r.returncode == 2 and "Lỗi" in r.stderr, args
    assert not (tmp_path / "x.pdf").exists()
    r = run("--data-dir", str(station), "print", "mau-07", "--from", "2026-11-01", "--to", "2026-11-30",
            "--out", str(tmp_path / "m07.pdf"))
    assert r.returncode == 0 and (tmp_path / "m07.pdf").stat().st_size > 10_000


def shutil_which(name):
    import shutil

    return shutil.which(name)


def test_intake_without_required_components_is_refused_unless_a_reason_is_given(station):
    only_form = [sample_intake()["components"][0]]
    before = count_dossiers(station)
    r = run("--data-dir", str(station), "intake", "--json", "-",
            stdin=json.dumps(sample_intake(components=only_form)))
    assert r.returncode == 2 and "Thiếu thành phần hồ sơ bắt buộc: Giấy tờ tùy thân" in r.stderr
    assert count_dossiers(station) == before
    r = run("--data-dir", str(station), "intake", "--json", "-",
            stdin=json.dumps(sample_intake(components=only_form, override_missing_reason="Xuất trình VNeID")))
    assert r.returncode == 0, r.stderr
    assert count_dossiers(station) == before + 1
