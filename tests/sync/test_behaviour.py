"""The engine's behaviour against the real reference server: resume at the server's offset,
409 → needs attention while other rows flow, token renewal, redirects, captive portals,
Retry-After, connectivity loss and return, and pulled statuses versus queued local changes."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from helpers import STATION
from sync_support import assert_exactly_once, configure, drain, secret_of


def open_engine(data_dir, **kw):
    from sync.engine import Engine

    return Engine(data_dir, **kw)


def rows(db, kind=None):
    sql = "SELECT o.id, o.kind, d.code, o.state, o.attempts, o.next_attempt_at, o.last_error, o.error_kind " \
          "FROM outbox o JOIN dossiers d ON d.id = o.dossier_id"
    args = []
    if kind:
        sql += " WHERE o.kind = ?"
        args.append(kind)
    return [dict(zip(("id", "kind", "code", "state", "attempts", "next", "error", "error_kind"), r))
            for r in db.execute(sql + " ORDER BY o.id", args)]


def token_for(server, station) -> dict[str, str]:
    tok = requests.post(server.url + "/api/v1/auth/token", timeout=30, json={
        "station": f"{STATION['agency_code']}/{STATION['station']}", "secret": secret_of(station)}).json()
    return {"Authorization": f"Bearer {tok['access_token']}"}


def test_cut_upload_resumes_at_the_server_offset(station, maker, db, server):
    chunk = 16 * 1024
    code = maker.dossier(files=1, file_size=(100_000, 100_000))
    # The 4th PATCH (offset 48 KiB) is cut by a TCP reset after 5,000 bytes of its body.
    server.faults.once("reset", method="PATCH", path_prefix="/api/v1/uploads/", skip=3, after_bytes=5000)
    engine = open_engine(station)
    try:
        first = engine.run_pass()
        assert first.sent["file"] == 0 and first.retry == 1
        assert rows(db, "file")[0]["state"] == "waiting-retry"
        sent_before = engine.bytes_sent
        second = engine.run_pass(force=True)
        resent = engine.bytes_sent - sent_before
    finally:
        engine.close()
    assert second.sent == {"file": 1, "dossier": 1, "progress": 0}
    offsets = [p[1] for p in server.patch_log]
    assert offsets == [0, chunk, 2 * chunk, 3 * chunk, 4 * chunk, 5 * chunk, 6 * chunk]  # nothing sent twice
    assert resent == 100_000 - 3 * chunk  # the second attempt started at the server's offset
    received = server.store.conn().execute("SELECT bytes_received FROM uploads").fetchone()[0]
    assert received == 100_000
    assert_exactly_once(db, server)
    assert code in {r["code"] for r in rows(db)}


def test_conflict_needs_attention_and_other_dossiers_keep_flowing(station, maker, db, server):
    codes = [maker.dossier(files=0, steps=1) for _ in range(3)]
    # Another body was once sent under the second dossier's record key.
    key = db.execute("SELECT o.idem_key FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                     "WHERE d.code = ? AND o.kind = 'dossier'", [codes[1]]).fetchone()[0]
    r = requests.post(server.url + "/api/v1/dossiers/batch", headers=token_for(server, station), timeout=30, json={
        "items": [{"key": key, "record": {"MaHoSo": codes[1], "TrangThaiHoSo": "2", "NgayTiepNhan": "20261101080000"}}]})
    assert r.json()["results"][0]["status"] == 201
    engine = open_engine(station)
    try:
        summary = engine.run_pass(force=True)
    finally:
        engine.close()
    by = {(x["code"], x["kind"]): x for x in rows(db)}
    conflict = by[(codes[1], "dossier")]
    assert conflict["state"] == "needs-attention" and conflict["error_kind"] == "conflict"
    assert "409" in conflict["error"] and "Xung đột dữ liệu" in conflict["error"]
    assert by[(codes[1], "progress")]["state"] == "pending"  # waits behind its own record only
    for c in (codes[0], codes[2]):
        assert by[(c, "dossier")]["state"] == "done" and by[(c, "progress")]["state"] == "done"
    assert summary.attention == 1 and summary.queued["needs-attention"] == 1


def test_supervisor_set_aside_and_requeue(station, maker, db):
    from counter_app import accounts, outbox
    from counter_app.errors import PermissionDenied

    maker.dossier(files=0)
    row = rows(db)[0]
    clerk = accounts.Actor(None, "clerk1", "Công chức", "clerk")
    with pytest.raises(PermissionDenied):
        outbox.set_aside(db, row["id"], clerk)
    outbox.set_aside(db, row["id"], maker.actor, "Chờ tỉnh sửa danh mục")
    assert rows(db)[0]["state"] == "needs-attention" and "Chờ tỉnh sửa danh mục" in rows(db)[0]["error"]
    engine = open_engine(station)
    try:
        assert engine.run_pass(force=True).sent["dossier"] == 0  # set aside: not sent
        outbox.requeue(db, row["id"], maker.actor)
        assert engine.run_pass().sent["dossier"] == 1
    finally:
        engine.close()


def test_expired_token_is_renewed(station, maker, db, server):
    maker.dossier(files=1)
    engine = open_engine(station)
    try:
        drain(engine)
        assert engine.client.token_renewals == 1
        server.expire_tokens()
        maker.dossier(files=1, steps=1)
        summary = engine.run_pass()
        assert summary.retry == 0 and summary.queued["queued"] == 0
        assert engine.client.token_renewals == 2
    finally:
        engine.close()
    assert_exactly_once(db, server)


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def _any(self):
        self.seen.append((self.command, self.path, dict(self.headers)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_PATCH = do_HEAD = _any

    def log_message(self, *a):
        pass


def test_redirect_to_another_host_gets_nothing(station, maker, db, server):
    from sync.provincial.faults import FaultConfig

    other = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    _Recorder.seen = []
    try:
        server.faults.set(FaultConfig(redirect_to=f"http://localhost:{other.server_address[1]}"))
        server.faults.once("redirect", path_prefix="/api/v1/dossiers/batch")
        maker.dossier(files=0)
        engine = open_engine(station)
        try:
            engine.run_pass()
            row = rows(db)[0]
            assert row["state"] == "waiting-retry" and row["error_kind"] == "redirect", (row["error"], row["error_kind"])
            assert "chuyển hướng" in row["error"]
            assert engine.run_pass(force=True).sent["dossier"] == 1
        finally:
            engine.close()
    finally:
        other.shutdown()
        other.server_close()
    assert _Recorder.seen == []  # neither the record nor the credential went to the other host


def test_captive_portal_page_is_a_failure(station, maker, db, server):
    server.faults.once("captive", path_prefix="/api/v1/dossiers/batch")
    maker.dossier(files=0)
    engine = open_engine(station)
    try:
        engine.run_pass()
        row = rows(db)[0]
        assert row["state"] == "waiting-retry" and row["error_kind"] == "captive"
        assert server.store.dossier(row["code"]) is None
        assert engine.run_pass(force=True).sent["dossier"] == 1
    finally:
        engine.close()


def test_retry_after_is_honoured_and_sync_now_overrides_it(station, maker, db, server):
    from sync.provincial.faults import FaultConfig

    server.faults.set(FaultConfig(retry_after=120))
    server.faults.once("429", path_prefix="/api/v1/dossiers/batch")
    maker.dossier(files=0)
    engine = open_engine(station)
    try:
        engine.run_pass()
        row = rows(db)[0]
        assert row["state"] == "waiting-retry" and row["error_kind"] == "busy"
        wait_s = (datetime.fromisoformat(row["next"]) - datetime.now().astimezone()).total_seconds()
        assert wait_s > 100  # the server's 120 s, not the 0.01 s backoff
        assert engine.run_pass().sent["dossier"] == 0  # not due yet
        assert engine.run_pass(force=True).sent["dossier"] == 1  # "Đồng bộ ngay"
    finally:
        engine.close()


def test_connectivity_loss_and_return_resume_without_action(tmp_path, station, maker, db, server):
    from sync.provincial.server import ReferenceServer

    # Backoff far longer than the test: only the connectivity probe can bring the rows back.
    # No idle passes either: a pass that only pulls while the server is down would take the
    # engine offline before it has tried the new rows (they would stay pending, not back off).
    configure(station, server.url, secret_of(station), backoff_base=300, backoff_cap=600, probe_interval=0.05,
              idle_interval=600)
    maker.dossier(files=1)
    engine = open_engine(station)
    worker = threading.Thread(target=engine.run_forever, daemon=True)
    worker.start()
    second = None
    try:
        # The first pass has sent the row and finished (its pull included), and the engine idles.
        _wait(lambda: _queued(db) == 0 and not engine.running and engine.online is True)
        port = server.port
        server.stop()
        for _ in range(3):
            maker.dossier(files=1, steps=1)
        engine.wake()
        _wait(lambda: engine.online is False and _states(db) >= {"waiting-retry"})
        second = ReferenceServer(server.store.data_dir, port=port).start()  # same store, same address
        _wait(lambda: _queued(db) == 0, describe=lambda: (
            engine.online, engine.running, [tuple(r) for r in db.execute(
                "SELECT kind, state, attempts, next_attempt_at, error_kind, last_error FROM outbox "
                "WHERE state != 'done'")]))
    finally:
        engine.stop()
        worker.join(timeout=60)
        engine.close()
    assert not worker.is_alive()
    try:
        assert_exactly_once(db, second)
    finally:
        second.stop()


def _queued(db) -> int:
    return db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]


def _states(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT state FROM outbox WHERE state != 'done'")}


def _wait(cond, limit: float = 60.0, describe=None) -> None:
    """Poll a condition (a generous bound for the test, not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached" + (f": {describe()}" if describe else ""))


def test_pulled_status_waits_for_the_queued_local_change(station, maker, db, server):
    from counter_app import dossiers, lifecycle

    code = maker.dossier(files=0)
    engine = open_engine(station)
    try:
        drain(engine)
        lifecycle.change_status(db, code, 4, maker.actor, action="handover", unit="Bộ phận một cửa")
        server.store.set_status(code, 9, "Đã có kết quả", unit="Phòng Tư pháp")
        server.faults.once("error", path_prefix="/api/v1/progress/batch")  # the local change stays queued
        first = engine.run_pass()
        assert first.pulled["deferred"] == 1
        assert dossiers.get_detail(db, code)["status"] == 4  # the clerk's change is not overwritten
        engine.run_pass(force=True)
    finally:
        engine.close()
    d = dossiers.get_detail(db, code)
    assert d["status"] == 9
    last = d["history"][-1]
    assert (last["status"], last["action"], last["unit"], last["note"]) == (9, "province", "Phòng Tư pháp", "Đã có kết quả")
    entries = server.store.dossier(code)["QuaTrinhXuLy"]
    # The province's record: receipt, its own step (made while ours was queued), then ours; each once.
    assert [(e["TrangThai"], e["PhongBanXuLy"]) for e in entries] == [
        ("2", STATION["agency_name"]), ("9", "Phòng Tư pháp"), ("4", "Bộ phận một cửa")]


def test_pulled_status_that_cannot_apply_is_recorded(station, maker, db, server):
    from counter_app import dossiers, province_changes

    code = maker.dossier(files=0, steps=3)  # returned to the citizen: final
    engine = open_engine(station)
    try:
        drain(engine)
        server.store.set_status(code, 5, "Yêu cầu bổ sung")
        summary = engine.run_pass()
    finally:
        engine.close()
    assert summary.pulled["not-applied"] == 1
    assert dossiers.get_detail(db, code)["status"] == 10
    item = province_changes.open_items(db)[0]
    assert item["state"] == "not-applied" and "Đã trả kết quả" in item["reason"]


def test_holiday_and_catalogue_updates_are_pulled(station, db, server):
    from counter_app import procedures

    from counter_app import timeutil

    day = timeutil.now().date() + timedelta(days=40)  # a future day: past days wait for a supervisor
    while day.weekday() >= 5:  # a weekday
        day += timedelta(days=1)
    server.store.publish("holiday", {"day": day.isoformat(), "kind": "off", "name": "Nghỉ bù (tỉnh công bố)"})
    catalogue = json.loads((Path(__file__).parents[2] / "counter_app/data/catalogue.json").read_text(encoding="utf-8"))
    catalogue["title"] = "Danh mục do tỉnh công bố"
    catalogue["procedures"] = catalogue["procedures"][:5]
    server.store.publish("catalogue", {"catalogue": catalogue})
    engine = open_engine(station)
    try:
        summary = engine.run_pass()
        again = engine.run_pass()
    finally:
        engine.close()
    assert summary.pulled["applied"] == 2 and again.pulled["applied"] == 0  # the cursor moved on
    assert tuple(db.execute("SELECT kind, source FROM calendar_days WHERE day = ?", [day.isoformat()]).fetchone()) == ("off", "province")
    assert len(procedures.active_procedures(db)) == 5


def test_a_long_queue_of_rows_set_aside_does_not_hide_the_rest(station, maker, db, monkeypatch):
    import sync.queue
    from counter_app import outbox

    monkeypatch.setattr(sync.queue, "SCAN_LIMIT", 3)  # windows of 3 rows instead of 5,000
    codes = [maker.dossier(files=0, steps=1) for _ in range(4)]
    for code in codes[:2]:
        row = next(r for r in rows(db, "dossier") if r["code"] == code)
        outbox.set_aside(db, row["id"], maker.actor)
    engine = open_engine(station)
    try:
        summary = engine.run_pass()
    finally:
        engine.close()
    assert summary.sent == {"file": 0, "dossier": 2, "progress": 2}
    assert {r["code"] for r in rows(db) if r["state"] == "done"} == set(codes[2:])


def test_rows_that_failed_offline_are_due_as_soon_as_a_pass_reaches_the_server(tmp_path, station, maker, db, server):
    """Found under load: the server came back while a pass was still running, the pass ended
    online, and the rows that had failed for want of a connection kept their long backoff (the
    probe, which retries everything, runs only while offline). Now any pass that reaches the
    server after the link dropped makes them due at once."""
    from sync.provincial.server import ReferenceServer

    configure(station, server.url, secret_of(station), backoff_base=300, backoff_cap=600)
    port = server.port
    server.stop()
    for _ in range(2):
        maker.dossier(files=1)
    engine = open_engine(station)
    second = None
    try:
        first = engine.run_pass()
        assert first.online is False and _states(db) >= {"waiting-retry"}
        second = ReferenceServer(server.store.data_dir, port=port).start()
        back = engine.run_pass()  # nothing due yet (300 s backoff), but the pull reaches the server
        assert back.online is True and back.next_due == 0.0
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE next_attempt_at IS NOT NULL AND state != 'done'") \
            .fetchone()[0] == 0
        for _ in range(5):
            if _queued(db) == 0:
                break
            engine.run_pass()
        assert _queued(db) == 0
    finally:
        engine.close()
    try:
        assert_exactly_once(db, second)
    finally:
        second.stop()


def test_a_pass_with_one_refused_connection_and_one_success_does_not_back_off(station, maker, db, server):
    """Seen once under load: the server restarted while a kept-alive connection still reached
    it; one upload went through, another could not connect. The engine took that for "reachable
    but refusing" and waited the full backoff (300 s here) with the rows due."""
    from sync.adapters.reference import ReferenceAdapter
    from sync.errors import TransientError

    import sqlite3

    lock = threading.Lock()

    class FirstUploadCannotConnect(ReferenceAdapter):  # fault injection, the real adapter otherwise
        calls = 0

        def upload_file(self, client, job, *a, **kw):
            with lock:
                FirstUploadCannotConnect.calls += 1
                n = FirstUploadCannotConnect.calls
            if n == 1:
                raise TransientError("Không kết nối được tới máy chủ tỉnh.", offline=True)
            if n > 2:
                return super().upload_file(client, job, *a, **kw)
            # The other upload of that pass gets through only after the refusal is on record.
            c = sqlite3.connect(station / "counter.sqlite3", timeout=30)
            try:
                _wait(lambda: c.execute("SELECT COUNT(*) FROM outbox WHERE state = 'waiting-retry'").fetchone()[0])
            finally:
                c.close()
            return super().upload_file(client, job, *a, **kw)

    configure(station, server.url, secret_of(station), backoff_base=300, backoff_cap=600, upload_workers=2)
    maker.dossier(files=1)
    maker.dossier(files=1)
    engine = open_engine(station, adapter=FirstUploadCannotConnect())
    try:
        summary = engine.run_pass()
        assert summary.saw_offline and engine.online is True
        assert summary.next_due == 0.0  # the row that could not connect is due again at once
        drain(engine, max_passes=5)
    finally:
        engine.close()
    assert_exactly_once(db, server)
