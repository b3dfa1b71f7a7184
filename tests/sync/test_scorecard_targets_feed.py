"""The province pushes the scorecard's targets through the change feed (issue 20 scope 3):
``counter-app-provincial publish-targets --agency-code C FILE`` → a ``scorecard-targets`` change
→ the station setting ``scorecard_targets`` (audited), bad shapes refused with a reason. Real
reference server, the real provincial CLI in a subprocess, the real engine, real SQLite."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from counter_app import accounts, settings
from counter_app.reports import scorecard
from helpers import STATION

ROOT = Path(__file__).resolve().parents[2]


def provincial(server, *args):
    return subprocess.run([sys.executable, "-m", "sync.provincial", "--data-dir", str(server.store.data_dir), *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)


def pull(station):
    from sync.engine import Engine

    engine = Engine(station)
    try:
        return engine.run_pass(force=True).pulled
    finally:
        engine.close()


def inbox(db, remote_id):
    row = db.execute("SELECT kind, state, reason FROM sync_inbox WHERE remote_id = ?", [str(remote_id)]).fetchone()
    return tuple(row) if row else None


def test_targets_published_by_the_province_reach_the_scorecard(station, db, server, tmp_path):
    f = tmp_path / "chi-tieu.json"
    f.write_text(json.dumps({"ChiTieu": {"3.3": 30.0, "2.1": 95, "4.2": 80}, "HieuLucTu": "20260101"}), encoding="utf-8")
    out = provincial(server, "publish-targets", "--agency-code", STATION["agency_code"], str(f))
    assert out.returncode == 0, out.stderr
    assert "Đã giao chỉ tiêu cho 1 trạm" in out.stdout
    pull(station)
    assert settings.get(db, "scorecard_targets") == {"3.3": 30.0, "2.1": 95.0, "4.2": 80.0}
    assert settings.get(db, "scorecard_targets_from") == "2026-01-01"
    [(details,)] = db.execute("SELECT details FROM audit WHERE action = 'province-targets'").fetchall()
    assert json.loads(details)["from"] == "2026-01-01"
    admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    card = scorecard.compute(db, admin, date(2026, 11, 1), date(2026, 11, 30))
    assert card.indicators["3.3"].target == 30.0 and card.indicators["2.1"].target == 95.0
    assert card.indicators["1.4"].target is None

    # bad shapes are refused with a reason and change nothing
    code = STATION["agency_code"]
    bad = {
        "unknown": {"ChiTieu": {"9.9": 50}, "HieuLucTu": "20260201"},
        "percent": {"ChiTieu": {"3.3": 150}, "HieuLucTu": "20260201"},
        "not-a-map": {"ChiTieu": [30], "HieuLucTu": "20260201"},
        "date": {"ChiTieu": {"3.3": 40}, "HieuLucTu": "01/02/2026"},
        "older": {"ChiTieu": {"3.3": 10}, "HieuLucTu": "20251201"},
    }
    ids = {k: server.store.publish_to_agency("scorecard-targets", v, code)[0] for k, v in bad.items()}
    pull(station)
    for k, rid in ids.items():
        kind, state, reason = inbox(db, rid)
        assert (kind, state) == ("scorecard-targets", "not-applied"), k
        assert reason, k
    assert "Chỉ tiêu từ hệ thống tỉnh không hợp lệ" in inbox(db, ids["unknown"])[2]
    assert "yyyyMMdd" in inbox(db, ids["date"])[2]
    assert "trước bộ chỉ tiêu đang áp dụng" in inbox(db, ids["older"])[2] and "01/01/2026" in inbox(db, ids["older"])[2]
    assert settings.get(db, "scorecard_targets") == {"3.3": 30.0, "2.1": 95.0, "4.2": 80.0}

    # a later set replaces the one in force
    f.write_text(json.dumps({"ChiTieu": {"3.3": 35}, "HieuLucTu": "20260701"}), encoding="utf-8")
    assert provincial(server, "publish-targets", "--agency-code", code, str(f)).returncode == 0
    pull(station)
    assert settings.get(db, "scorecard_targets") == {"3.3": 35.0}
    assert settings.get(db, "scorecard_targets_from") == "2026-07-01"


def test_publish_targets_refuses_a_bad_file_or_an_unknown_agency(server, tmp_path):
    f = tmp_path / "x.json"
    f.write_text(json.dumps({"3.3": 30}), encoding="utf-8")
    out = provincial(server, "publish-targets", "--agency-code", "000.00.06.H56", str(f))
    assert out.returncode == 2 and "ChiTieu" in out.stderr
    f.write_text(json.dumps({"ChiTieu": {"3.3": 30}}), encoding="utf-8")
    out = provincial(server, "publish-targets", "--agency-code", "999.99.99.X", str(f))
    assert out.returncode == 2 and "Chưa có trạm nào của đơn vị 999.99.99.X" in out.stderr
