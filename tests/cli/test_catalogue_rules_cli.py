"""The command line: ``intake`` takes ``"exemption": {"rule", "proof"}``; ``transition CODE
agreed-extension --days N | --until ISO`` extends a certified copy under its rule;
``print thoa-thuan`` renders the written agreement (issue 17 items 4, 8)."""

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.catalogue import load_seed_catalogue
from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def rows(d: Path, sql: str, *params):
    c = sqlite3.connect(d / "counter.sqlite3")
    try:
        return c.execute(sql, params).fetchall()
    finally:
        c.close()


@pytest.fixture
def station(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    return d


def intake(d, **over):
    return run("--data-dir", str(d), "intake", "--json", "-", stdin=json.dumps(sample_intake(**over), ensure_ascii=False))


def test_intake_with_an_exemption(station):
    r = intake(station, exemption={"rule": "HT-HN", "proof": "Giấy chứng nhận hộ nghèo số 7/GCN"})
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert rows(station, "SELECT fee_total FROM dossiers WHERE code = ?", code) == [(0,)]
    assert rows(station, "SELECT amount, paid_method FROM fees") == [(0, "free")]
    shown = json.loads(run("--data-dir", str(station), "show", code, "--json").stdout)
    assert shown["exemption"]["rule"] == "HT-HN" and shown["exemption"]["proof"] == "Giấy chứng nhận hộ nghèo số 7/GCN"


def test_unknown_or_inapplicable_exemption_is_a_clear_error(station):
    r = intake(station, exemption={"rule": "TRE-EM", "proof": "x"})
    assert r.returncode == 2 and "Quy tắc miễn, giảm \"TRE-EM\" không có trong thủ tục 1.004873" in r.stderr, r.stderr
    r = intake(station, exemption={"rule": "HT-HN"})
    assert r.returncode == 2 and "giấy tờ chứng minh" in r.stderr, r.stderr
    assert rows(station, "SELECT COUNT(*) FROM dossiers") == [(0,)]


def test_agreed_extension_and_its_slip(station, tmp_path):
    p = load_seed_catalogue().find("2.000815")
    comps = [{"name": c.name, "originals": 1, "certified_copies": 12, "pages": 30} for c in p.required_components]
    code = intake(station, procedure_code="2.000815", components=comps,
                  received_at="2026-11-16T09:00:00+07:00").stdout.strip()
    r = run("--data-dir", str(station), "transition", code, "agreed-extension", "--days", "3", "--reason", "Nhiều bản sao",
            "--json", "-", stdin=json.dumps({"at": "2026-11-16T10:00:00+07:00"}))
    assert r.returncode == 2 and "tối đa 02 ngày làm việc" in r.stderr, r.stderr
    r = run("--data-dir", str(station), "transition", code, "agreed-extension", "--days", "2", "--reason", "Nhiều bản sao",
            "--json", "-", stdin=json.dumps({"at": "2026-11-16T10:00:00+07:00"}))
    assert r.returncode == 0, r.stderr
    assert "hẹn trả 17:00 18/11/2026" in r.stdout, r.stdout
    assert rows(station, "SELECT COUNT(*) FROM audit WHERE action = 'agreed-extension'") == [(1,)]
    if shutil.which("pdftotext"):
        out = tmp_path / "tt.pdf"
        r = run("--data-dir", str(station), "print", "thoa-thuan", "--dossier", code, "--out", str(out))
        assert r.returncode == 0, r.stderr
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True).stdout
        assert "VĂN BẢN THỎA THUẬN GIA HẠN" in text and "Gia hạn thêm 02 ngày làm việc theo quy định." in text


def test_agreed_extension_refused_for_a_procedure_without_the_rule(station):
    code = intake(station, received_at="2026-11-16T09:00:00+07:00").stdout.strip()
    r = run("--data-dir", str(station), "transition", code, "agreed-extension", "--until", "2026-11-30T10:00:00+07:00",
            "--reason", "x")
    assert r.returncode == 2 and "không cho phép gia hạn" in r.stderr, r.stderr
    r = run("--data-dir", str(station), "transition", code, "handover", "--days", "1")
    assert r.returncode == 2 and "chỉ dùng với thao tác agreed-extension" in r.stderr, r.stderr
