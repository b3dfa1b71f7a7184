"""``counter-app calendar …`` (issue 17 scope 3) through the real entry point: each day off and
make-up day with its provenance; the yearly check; a supervisor's edit needs its source; bad
input exits 2 with a Vietnamese message and writes nothing."""

import json
import subprocess
import sys
from pathlib import Path

from counter_app.db import open_data_dir
from helpers import STATION

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PW = STATION["admin_password"]


def cal(data_dir, *args, stdin: str = ""):
    return subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data_dir), "calendar", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def listed(data_dir, year: int) -> dict[str, dict]:
    r = cal(data_dir, "list", "--year", str(year), "--json")
    assert r.returncode == 0, r.stderr
    return {d["day"]: d for d in json.loads(r.stdout)}


def test_2026_from_notices_law_and_estimates(data_dir):
    days = listed(data_dir, 2026)
    assert days["2026-01-01"]["provenance"] == "law" and "Điều 112" in days["2026-01-01"]["reference"]
    assert days["2026-01-02"]["kind"] == "off" and days["2026-01-02"]["provenance"] == "notice"
    assert days["2026-01-10"]["kind"] == "work" and days["2026-01-10"]["provenance"] == "notice"
    assert days["2026-02-17"]["provenance"] == "notice"  # Tết Bính Ngọ, announced
    assert days["2026-04-27"]["provenance"] == "law"  # Giỗ Tổ on a Sunday: the day in lieu
    assert days["2026-08-31"]["provenance"] == "estimate" and days["2026-08-31"]["estimated"]  # the 2/9 bridge
    assert "2026-11-24" not in days  # no source says it became a paid day off
    tet27 = listed(data_dir, 2027)
    assert tet27["2027-02-08"]["provenance"] == "estimate"


def test_the_yearly_check_and_a_supervisor_confirming_a_day(data_dir):
    r = cal(data_dir, "list", "--year", "2026", "--unconfirmed")
    assert r.returncode == 1 and "31/08/2026" in r.stdout and "Ước tính" in r.stdout
    r = cal(data_dir, "set", "2026-08-31", "--kind", "off", "--as", "admin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 2 and "căn cứ" in r.stderr  # no source: refused
    assert listed(data_dir, 2026)["2026-08-31"]["provenance"] == "estimate"
    r = cal(data_dir, "set", "2026-08-31", "--kind", "off", "--source", "Thông báo 123/TB-BNV ngày 01/08/2026",
            "--name", "Nghỉ Quốc khánh (hoán đổi)", "--as", "admin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    day = listed(data_dir, 2026)["2026-08-31"]
    assert (day["provenance"], day["reference"]) == ("supervisor", "Thông báo 123/TB-BNV ngày 01/08/2026")
    r = cal(data_dir, "list", "--year", "2026", "--unconfirmed")
    assert r.returncode == 1 and "31/08/2026" not in r.stdout and "01/09/2026" in r.stdout  # the day beside 2/9
    for day, kind in (("2026-08-22", "work"), ("2026-09-01", "off")):
        r = cal(data_dir, "set", day, "--kind", kind, "--source", "Thông báo 123/TB-BNV ngày 01/08/2026",
                "--as", "admin", stdin=ADMIN_PW + "\n")
        assert r.returncode == 0, r.stderr
    r = cal(data_dir, "list", "--year", "2026", "--unconfirmed")
    assert r.returncode == 0 and "đã có căn cứ" in r.stdout
    db = open_data_dir(data_dir)
    try:
        kinds = [row[0] for row in db.execute("SELECT action FROM audit WHERE action = 'calendar-edit'")]
    finally:
        db.close()
    assert len(kinds) == 3


def test_bad_input_exits_2_and_writes_nothing(data_dir):
    before = listed(data_dir, 2026)
    for args, stdin, said in [
        (("list", "--year", "26"), "", "Năm «26» không hợp lệ"),
        (("set", "31/08/2026", "--kind", "off", "--source", "x", "--as", "admin"), ADMIN_PW + "\n", "YYYY-MM-DD"),
        (("set", "2026-08-31", "--kind", "off", "--source", "x", "--as", "admin"), "sai-mat-khau\n", ""),
        (("set", "2026-08-31", "--kind", "off", "--source", "x" * 301, "--as", "admin"), ADMIN_PW + "\n", "tối đa"),
    ]:
        r = cal(data_dir, *args, stdin=stdin)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.startswith("Lỗi: ") and said in r.stderr
    assert listed(data_dir, 2026) == before
