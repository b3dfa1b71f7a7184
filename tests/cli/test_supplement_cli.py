"""``counter-app transition CODE supplement-received --json`` takes the papers brought, like the GUI."""

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


def rows(d: Path, sql: str, *params):
    c = sqlite3.connect(d / "counter.sqlite3")
    try:
        return c.execute(sql, params).fetchall()
    finally:
        c.close()


def test_supplement_received_with_components(tmp_path):
    d = tmp_path / "data"
    r = run("--data-dir", str(d), "init", "--agency-code", STATION["agency_code"], "--agency-name",
            STATION["agency_name"], "--province", STATION["province"], "--station", "2", "--admin-user", "admin",
            "--admin-password-stdin", stdin="matkhau-quan-tri\n")
    assert r.returncode == 0, r.stderr
    code = run("--data-dir", str(d), "intake", "--json", "-",
               stdin=json.dumps(sample_intake(received_at="2026-11-16T09:00:00+07:00"))).stdout.strip()
    step = {"missing_items": [{"name": "Bản sao giấy chứng tử", "certified_copies": 1}], "at": "2026-11-16T10:00:00+07:00"}
    r = run("--data-dir", str(d), "transition", code, "supplement", "--reason", "Thiếu giấy chứng tử",
            "--json", "-", stdin=json.dumps(step, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    count = lambda: rows(d, "SELECT COUNT(*) FROM components")[0][0]  # noqa: E731
    before = count()
    # bad counts: refused in Vietnamese, nothing written, the dossier still waits for the papers
    bad = {"at": "2026-11-18T10:00:00+07:00", "components": [{"name": "Bản sao giấy chứng tử", "certified_copies": 1000}]}
    r = run("--data-dir", str(d), "transition", code, "supplement-received", "--json", "-", stdin=json.dumps(bad, ensure_ascii=False))
    assert r.returncode == 2 and "Số bản chứng thực" in r.stderr, r.stderr
    assert count() == before and rows(d, "SELECT status FROM dossiers")[0][0] == 5
    good = {"at": "2026-11-18T10:00:00+07:00", "note": "Đã nhận đủ",
            "components": [{"name": "Bản sao giấy chứng tử", "certified_copies": 1, "pages": 2}]}
    r = run("--data-dir", str(d), "transition", code, "supplement-received", "--json", "-", stdin=json.dumps(good, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\t")[1] == "2"
    assert rows(d, "SELECT position, name, originals, copies, certified_copies, pages FROM components ORDER BY position")[-1] == (
        before + 1, "Bản sao giấy chứng tử", 0, 0, 1, 2)
    assert rows(d, "SELECT COUNT(*) FROM outbox WHERE kind = 'dossier' AND ref = 'update'")[0][0] == 1
    assert rows(d, "SELECT COUNT(*) FROM audit WHERE action = 'supplement-components' AND object = ?", code)[0][0] == 1
