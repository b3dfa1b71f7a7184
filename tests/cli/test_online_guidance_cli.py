"""Issue 20, scope 2 on the command line: ``intake --json`` with ``"outcome": "online"`` writes a
slip (no dossier), ``print huong-dan-truc-tuyen --slip N`` renders the guide, and the daily CSV
counts it in a column of its own."""

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import STATION

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="pdftotext (poppler) is Linux-only in CI")
def test_guided_online_from_the_command_line(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "1", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    req = tmp_path / "online.json"
    req.write_text(json.dumps({"outcome": "online", "procedure_code": "1.004873"}), encoding="utf-8")
    r = run("--data-dir", str(d), "intake", "--json", str(req))
    assert r.returncode == 0, r.stderr
    label = r.stdout.strip()
    assert re.fullmatch(r"1/\d{4}", label) and "print huong-dan-truc-tuyen --slip" in r.stderr
    conn = sqlite3.connect(d / "counter.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 0
    assert conn.execute("SELECT kind FROM slips").fetchall() == [("online",)]
    day = conn.execute("SELECT day FROM slips").fetchone()[0]
    conn.close()

    out = tmp_path / "guide.pdf"
    r = run("--data-dir", str(d), "print", "huong-dan-truc-tuyen", "--slip", label, "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "PHIẾU HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN" in text and "1.004873" in text
    r = run("--data-dir", str(d), "print", "huong-dan-truc-tuyen", "--out", str(out))
    assert r.returncode != 0 and "cần --slip" in r.stderr
    r = run("--data-dir", str(d), "print", "mau-02", "--slip", label, "--out", str(tmp_path / "x.pdf"))
    assert r.returncode != 0 and "in bằng huong-dan-truc-tuyen" in r.stderr and not (tmp_path / "x.pdf").exists()

    daily = tmp_path / "daily.csv"
    r = run("--data-dir", str(d), "report", "daily", "--date", day, "--format", "csv", "--out", str(daily))
    assert r.returncode == 0, r.stderr
    table = list(csv.reader(io.StringIO(daily.read_bytes().decode("utf-8-sig"))))
    col = {h: i for i, h in enumerate(table[0])}
    assert table[-1][col["Hướng dẫn nộp trực tuyến"]] == "1" and table[-1][col["Tiếp nhận"]] == "0"
