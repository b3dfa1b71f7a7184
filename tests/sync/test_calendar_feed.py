"""A calendar feed that would do harm waits for a supervisor (issue 18, "Why" 9): the province's
feed marking 1,098 days off (beyond ten weekdays a month), or changing a day already past, is held
until a supervisor confirms or refuses it. Real reference server, real engine, real SQLite."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from counter_app import accounts, province_changes, timeutil
from counter_app.errors import PermissionDenied

ROOT = Path(__file__).resolve().parents[2]


def open_engine(data_dir):
    from sync.engine import Engine

    return Engine(data_dir)


def _weekdays(start: date, n: int) -> list[date]:
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _first_of_next_month(today: date, months: int = 2) -> date:
    y, m = today.year, today.month + months
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return date(y, m, 1)


def _held(db):
    return db.execute("SELECT id, remote_id, state, reason FROM sync_inbox WHERE kind = 'holiday' "
                      "AND state = 'deferred' ORDER BY id").fetchall()


def _off_rows(db, days):
    marks = ",".join("?" * len(days))
    return db.execute(f"SELECT COUNT(*) FROM calendar_days WHERE kind = 'off' AND source = 'province' "
                      f"AND day IN ({marks})", [d.isoformat() for d in days]).fetchone()[0]


def test_a_feed_of_three_years_off_is_held_beyond_ten_weekdays_a_month(station, db, server):
    start = _first_of_next_month(timeutil.now().date())
    days = [start + timedelta(days=i) for i in range(1098)]
    for d in days:
        server.store.publish("holiday", {"day": d.isoformat(), "kind": "off", "name": "Nghỉ (tỉnh)"})
    engine = open_engine(station)
    try:
        for _ in range(100):  # a page at a time until the feed is drained
            pulled = engine.run_pass().pulled
            if not any(pulled.get(k, 0) for k in ("applied", "deferred", "not-applied")):
                break
    finally:
        engine.close()
    weekdays = [d for d in days if d.weekday() < 5]
    # At most 10 weekday days off a month are taken without a supervisor; the rest wait.
    applied = _off_rows(db, weekdays)
    per_month: dict[tuple[int, int], int] = {}
    for (day,) in db.execute("SELECT day FROM calendar_days WHERE kind = 'off' AND source = 'province'"):
        d = date.fromisoformat(day)
        per_month[(d.year, d.month)] = per_month.get((d.year, d.month), 0) + (d.weekday() < 5)
    assert max(per_month.values()) <= 10
    held = _held(db)
    assert len(held) == len(weekdays) - applied > 400
    assert all("Chờ giám sát xác nhận" in r[3] and "quá 10 ngày" in r[3] for r in held)
    # Weekend rows are harmless (already off) and apply.
    assert db.execute("SELECT COUNT(*) FROM sync_inbox WHERE kind = 'holiday' AND state = 'applied'").fetchone()[0] \
        == applied + sum(d.weekday() >= 5 for d in days)


def test_a_change_of_a_past_day_waits_then_a_supervisor_decides(station, db, server, admin):
    past = _weekdays(timeutil.now().date() - timedelta(days=20), 2)
    server.store.publish("holiday", {"day": past[0].isoformat(), "kind": "off", "name": "Nghỉ (tỉnh)"})
    server.store.publish("holiday", {"day": past[1].isoformat(), "kind": "off", "name": "Nghỉ (tỉnh)"})
    engine = open_engine(station)
    try:
        engine.run_pass()
    finally:
        engine.close()
    held = _held(db)
    assert len(held) == 2 and all("ngày đã qua" in r[3] for r in held)
    assert _off_rows(db, past) == 0
    # Held changes are not applied by the deferred-status sweep.
    from counter_app.db import write_tx

    with write_tx(db):
        province_changes.apply_deferred(db)
    assert len(_held(db)) == 2
    # A clerk may not decide; a supervisor (here the admin) confirms one and refuses the other.
    clerk_id = accounts.add_account(db, admin, "thuky", "Nguyễn Thị Thư Ký", "clerk", "matkhau-123")
    assert clerk_id
    clerk = accounts.authenticate(db, "thuky", "matkhau-123")
    with pytest.raises(PermissionDenied):
        province_changes.confirm_held(db, held[0][0], clerk)
    state, _ = province_changes.confirm_held(db, held[0][0], admin)
    assert state == province_changes.APPLIED and _off_rows(db, past[:1]) == 1
    province_changes.refuse_held(db, held[1][0], admin, "Tỉnh gửi nhầm")
    row = db.execute("SELECT state, reason FROM sync_inbox WHERE id = ?", [held[1][0]]).fetchone()
    assert row[0] == "not-applied" and "Tỉnh gửi nhầm" in row[1] and _off_rows(db, past[1:]) == 0
    actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE action LIKE 'province-calendar-%'")]
    assert actions == ["province-calendar-confirm", "province-calendar-refuse"]


def test_the_cli_confirms_a_held_change(station, db, server):
    past = _weekdays(timeutil.now().date() - timedelta(days=10), 1)[0]
    server.store.publish("holiday", {"day": past.isoformat(), "kind": "off", "name": "Nghỉ (tỉnh)"})
    engine = open_engine(station)
    try:
        engine.run_pass()
    finally:
        engine.close()
    (held_id, *_), = _held(db)
    status = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync-status"],
                            capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert f"Thay đổi từ tỉnh số {held_id}" in status.stdout and "Chờ giám sát xác nhận" in status.stdout
    bad = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync-confirm", "999999"],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "Không tìm thấy" in bad.stderr
    ok = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync-confirm", str(held_id)],
                        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert _off_rows(db, [past]) == 1 and _held(db) == []
