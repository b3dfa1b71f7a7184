"""``counter-app transition CODE obligation|obligation-paid|unresolvable`` (issue 17 scope 6): the
same core as the GUI, errors in Vietnamese, the notice printed with ``print tb-kgq``."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def status(d: Path) -> list[int]:
    c = sqlite3.connect(d / "counter.sqlite3")
    try:
        return [r[0] for r in c.execute("SELECT status FROM dossiers ORDER BY id")]
    finally:
        c.close()


def test_obligation_and_unresolvable_from_the_command_line(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    codes = [run("--data-dir", str(d), "intake", "--json", "-",
                 stdin=json.dumps(sample_intake(received_at=f"2026-11-16T09:0{i}:00+07:00"))).stdout.strip()
             for i in range(2)]
    at = json.dumps({"at": "2026-11-17T09:00:00+07:00"})
    r = run("--data-dir", str(d), "transition", codes[0], "obligation", "--amount", "abc", "--content", "Lệ phí",
            "--json", "-", stdin=at)
    assert r.returncode == 2 and "Số tiền" in r.stderr, r.stderr
    r = run("--data-dir", str(d), "transition", codes[0], "obligation", "--amount", "150000", "--content",
            "Lệ phí trước bạ", "--json", "-", stdin=at)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\t")[1:3] == ["6", "Yêu cầu thực hiện nghĩa vụ tài chính"]
    r = run("--data-dir", str(d), "transition", codes[0], "handover", "--json", "-",
            stdin=json.dumps({"at": "2026-11-17T10:00:00+07:00"}))
    assert r.returncode != 0 and "nghĩa vụ tài chính" in r.stderr
    r = run("--data-dir", str(d), "transition", codes[0], "obligation-paid", "--receipt-no", "BL-778", "--json", "-",
            stdin=json.dumps({"at": "2026-11-18T10:00:00+07:00", "receipt_date": "2026-11-18"}))
    assert r.returncode == 0, r.stderr
    assert status(d)[0] == 2
    r = run("--data-dir", str(d), "transition", codes[1], "unresolvable", "--reason", "Không đủ điều kiện",
            "--json", "-", stdin=at)
    assert r.returncode == 0, r.stderr
    assert status(d) == [2, 8]
    out = tmp_path / "tb.pdf"
    r = run("--data-dir", str(d), "print", "tb-kgq", "--dossier", codes[1], "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
