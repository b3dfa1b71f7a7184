"""The audit chain's head goes to the province (issue 18, scope 3): sent with the day's sync and
after a day-close, kept by the reference server, and a cut or rewritten chain is refused there
with a Vietnamese reason that reaches the pass's errors. Real station files, the real reference
server on 127.0.0.1, the real engine."""

import json
from datetime import date, timedelta

import pytest

from counter_app import audit, timeutil
from counter_app.db import write_tx
from counter_app.reports import dayclose
from helpers import STATION
from sync import anchors
from sync.engine import Engine
from sync_support import drain


@pytest.fixture
def engine(station):
    e = Engine(station)
    yield e
    e.close()


def server_anchors(server, station_id=None):
    c = server.store.conn()
    return [tuple(r) for r in c.execute("SELECT station_id, count, hash FROM audit_anchors ORDER BY id")]


def a_day_later(engine):
    """As if the last try were a day ago (the anchor is due again without a day-close)."""
    old = timeutil.iso(timeutil.now() - timedelta(seconds=anchors.EVERY + 60))
    with write_tx(engine.db):
        engine._state.set(anchor_tried_at=old)


def test_the_head_reaches_the_province_once(station, server, engine, maker):
    maker.dossier(files=0)
    drain(engine)
    head = audit.head(engine.db)
    got = server_anchors(server)
    assert [(c, h) for _s, c, h in got] == [(head["count"], head["hash"])]
    assert json.loads(engine._state.get("anchor_sent"))["count"] == head["count"]
    maker.dossier(files=0)  # the chain grows, but within the day and without a day-close: not sent
    drain(engine)
    engine.run_pass()
    assert len(server_anchors(server)) == 1


def test_a_day_close_sends_the_new_head(station, server, engine, maker, db):
    from counter_app import accounts

    maker.dossier(files=0)
    drain(engine)
    sup = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    dayclose.close_day(db, sup, timeutil.now().date(), STATION["admin_password"])
    close_at = db.execute("SELECT at FROM audit WHERE action = 'day-close'").fetchone()[0]
    with write_tx(engine.db):  # the last try in the same second as the close (seen on a fast machine)
        engine._state.set(anchor_tried_at=close_at)
    engine.run_pass()
    head = audit.head(engine.db)
    got = server_anchors(server)
    assert len(got) == 2 and got[-1][1:] == (head["count"], head["hash"])
    closing = db.execute("SELECT details FROM audit WHERE action = 'day-close'").fetchone()[0]
    assert json.loads(closing)["audit_count"] == head["count"] - 1  # the close entry anchors the chain before it


def test_a_cut_chain_is_refused_by_the_province(station, server, engine, maker, db):
    for _ in range(3):
        maker.dossier(files=0)
    drain(engine)
    sent = server_anchors(server)[-1]
    with write_tx(db):  # the attacker deletes the last two entries
        db.execute("DELETE FROM audit WHERE id IN (SELECT id FROM audit ORDER BY id DESC LIMIT 2)")
    a_day_later(engine)
    summary = engine.run_pass()
    assert any("bị cắt bớt" in e for e in summary.errors), summary.errors
    assert "bị cắt bớt" in engine._state.get("anchor_refused")
    assert server_anchors(server)[-1] == sent  # the province keeps the longer chain's anchor


def test_a_rewritten_chain_is_refused_by_the_province(station, server, engine, maker, db):
    maker.dossier(files=0)
    drain(engine)
    n = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    prev = audit.GENESIS
    rows = db.execute("SELECT id, at, actor, action, object, details FROM audit ORDER BY id").fetchall()
    with write_tx(db):  # edit the first entry, then recompute every hash: same count, other head
        for i, (rid, at, actor, action, obj, details) in enumerate(rows):
            if i == 0:
                actor = "ai đó khác"
            h = audit._digest(prev, at, actor, action, obj, details)
            db.execute("UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?", [actor, prev, h, rid])
            prev = h
    assert db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == n
    a_day_later(engine)
    summary = engine.run_pass()
    assert any("bị viết lại" in e for e in summary.errors), summary.errors


def test_the_reference_server_checks_the_anchor_shape(server):
    sid, _secret = server.store.add_station(STATION["agency_code"], "5")
    station = {"station_id": sid}
    for bad in (None, [], {"count": -1, "hash": "0" * 64, "at": "x"}, {"count": True, "hash": "0" * 64, "at": "x"},
                {"count": 1, "hash": "XYZ", "at": "x"}, {"count": 1, "hash": "0" * 64}):
        status, body = server.store.record_anchor(station, bad)
        assert status == 400 and "Mốc neo" in body["error"]["message"]
    assert server.store.record_anchor(station, {"count": 2, "hash": "a" * 64, "at": "t"})[0] == 201
    assert server.store.record_anchor(station, {"count": 2, "hash": "a" * 64, "at": "t"})[0] == 200
    assert server.store.latest_anchor(sid)["count"] == 2


def test_the_day_close_check_reads_the_action_index_not_the_whole_chain(db, monkeypatch):
    """With no day ever closed, MAX(id) without the index walked every audit entry back from
    the newest (3.5 M at a million dossiers: seconds on each pass after a write)."""
    from sync.state import SyncState

    # the statistics of the benchmark's million (ANALYZE): ~865 k entries per action value, so
    # left to itself the planner prefers walking the table back for MAX(id)
    db.execute("ANALYZE")
    db.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'audit'")
    db.execute("INSERT INTO sqlite_stat1 VALUES ('audit', 'audit_action', '3459212 864803 2')")
    db.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    state = SyncState(db)
    with write_tx(db):
        state.set(anchor_sent=json.dumps({"count": 0, "hash": "0" * 64}), anchor_tried_at=timeutil.iso(timeutil.now()),
                  anchor_tried_upto="0")
    ran = []
    real = db.execute

    def spy(sql, args=None):
        ran.append(sql)
        return real(sql, args or [])

    monkeypatch.setattr(db, "execute", spy)
    assert anchors.due(db, state) is None  # tried a moment ago, no day closed since
    monkeypatch.setattr(db, "execute", real)
    closes = [sql for sql in ran if "day-close" in sql]
    assert len(closes) == 1
    plan = " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + closes[0]).fetchall())
    assert "audit_action" in plan, plan
