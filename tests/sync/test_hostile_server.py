"""The sync client against a hostile or broken server (issue 18, "Why" 1, 4, 5, 6, 9): a scripted
fake server on 127.0.0.1 (``hostile_server.py``) and the real engine. Nothing goes to another
origin, a wrong answer is a refusal with a Vietnamese reason (never a crash; the other rows still
go), bodies are read with a cap, and retention deletes only what the province proved it holds."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from counter_app import outbox
from counter_app.scanning import retention
from sync_support import LATER, configure, on_disk

_spec = importlib.util.spec_from_file_location("hostile_server", Path(__file__).with_name("hostile_server.py"))
hs = sys.modules.setdefault("hostile_server", importlib.util.module_from_spec(_spec))
if not hasattr(hs, "HostileServer"):
    _spec.loader.exec_module(hs)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hostile():
    srv = hs.HostileServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def other_host():
    """"Another host": a second server on another port; it must never hear from the client."""
    srv = hs.HostileServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def station(data_dir, hostile):
    configure(data_dir, hostile.url, "s3cret-station-secret")
    return data_dir


def run_pass(data_dir):
    from sync.engine import Engine

    engine = Engine(data_dir)
    try:
        return engine.run_pass(force=True), engine.status()
    finally:
        engine.close()


def rows(db, kind=None):
    q = "SELECT kind, state, last_error, error_kind FROM outbox" + (" WHERE kind = ?" if kind else "") + " ORDER BY id"
    return db.execute(q, [kind] if kind else []).fetchall()


def state_of(db, kind):
    return [r[1] for r in rows(db, kind)]


# -- 1: every request to the configured origin ---------------------------------------------------------

def test_a_foreign_tus_location_is_refused_and_nothing_reaches_the_other_host(station, db, maker, hostile, other_host):
    maker.dossier(files=1)
    plain = maker.dossier(files=0)
    hostile.script["tus-create"] = lambda req: hs.Answer(
        201, {"Tus-Resumable": "1.0.0", "Location": f"{other_host.url}/steal/upload", "Upload-Offset": "0"})
    summary, status = run_pass(station)
    assert other_host.requests == []  # not a byte, not the token
    (f,) = rows(db, outbox.FILE)
    assert f[1] == outbox.ATTENTION and f[3] == "foreign-origin"
    assert "máy chủ khác" in f[2] and "127.0.0.1" in f[2]
    # the other dossier went anyway
    sent = [i["record"]["MaHoSo"] for r in hostile.requests if r.path == "/api/v1/dossiers/batch"
            for i in r.json()["items"]]
    assert plain in sent
    assert all(r.headers.get("Authorization", "").startswith("Bearer ") or r.path in ("/api/v1/auth/token",)
               for r in hostile.requests)


def test_the_token_is_attached_only_for_the_configured_origin(station, hostile, other_host):
    from sync import config
    from sync.http import ForeignOrigin, HttpClient

    from counter_app.db import open_data_dir

    db = open_data_dir(station)
    cfg = config.load(db)
    db.close()
    client = HttpClient(cfg, lambda: "secret")
    try:
        for url in (f"{other_host.url}/x", "file:///etc/passwd", "//evil.example/x", "ftp://127.0.0.1/x"):
            with pytest.raises(ForeignOrigin):
                client.request("GET", url)
        with pytest.raises(ForeignOrigin):
            client.resolve(cfg.base_url, f"{other_host.url}/steal")
        assert client.resolve(cfg.base_url, "/api/v1/uploads/k") == hostile.url + "/api/v1/uploads/k"
    finally:
        client.close()
    assert other_host.requests == []


def test_a_redirect_to_another_host_is_not_followed(station, db, maker, hostile, other_host):
    maker.dossier(files=0)
    hostile.script["dossiers"] = lambda req: hs.Answer(307, {"Location": f"{other_host.url}/api/v1/dossiers/batch"})
    summary, status = run_pass(station)
    assert other_host.requests == []
    assert state_of(db, outbox.DOSSIER) == [outbox.WAITING]


# -- 6: File-Url on the origin, and retention only after proof -------------------------------------------

def _closed_dossier(maker, files=1):
    return maker.dossier(files=files, steps=3)


@pytest.mark.parametrize("bad_url", ["file:///etc/passwd", "OTHER/files/x", "javascript:alert(1)"])
def test_a_foreign_or_file_url_is_not_stored_and_the_scan_is_kept(station, db, maker, hostile, other_host, bad_url):
    _closed_dossier(maker)
    url = bad_url.replace("OTHER", other_host.url)

    def patch(req):
        ans = hostile._patch(req.path.rsplit("/", 1)[1], req)
        if "File-Url" in ans.headers:
            ans.headers["File-Url"] = url
        return ans

    hostile.script["tus-patch"] = patch
    run_pass(station)
    (f,) = rows(db, outbox.FILE)
    assert f[1] == outbox.ATTENTION and f[3] == "foreign-origin", f
    sha, remote, confirmed = db.execute("SELECT sha256, remote_url, remote_confirmed_at FROM files").fetchone()
    assert remote is None and confirmed is None
    from counter_app import timeutil

    res = retention.prune(db, station, now=timeutil.now() + LATER, days=30)
    assert res.files == 0 and on_disk(station, sha)
    assert other_host.requests == []


def test_retention_deletes_a_scan_only_after_the_province_proved_it(station, db, maker, hostile):
    from counter_app import timeutil

    hostile.digest = False  # the server confirms the upload but cannot prove the bytes
    _closed_dossier(maker)
    summary, _status = run_pass(station)
    assert summary.queued["queued"] == 0
    sha, remote = db.execute("SELECT sha256, remote_url FROM files").fetchone()
    assert remote == hostile.file_url(sha)
    assert not outbox.is_file_proven(db, sha)
    assert retention.prune(db, station, now=timeutil.now() + LATER, days=30).files == 0
    assert on_disk(station, sha)
    # a server that proves it (size and Repr-Digest sha-256 at the File-Url): the scan may go
    hostile.digest = True
    _closed_dossier(maker)
    run_pass(station)
    proven = [s for (s,) in db.execute("SELECT sha256 FROM files") if outbox.is_file_proven(db, s)]
    assert len(proven) == 1 and proven[0] != sha
    res = retention.prune(db, station, now=timeutil.now() + LATER, days=30)
    assert res.files == 1 and not on_disk(station, proven[0]) and on_disk(station, sha)


def test_a_server_serving_other_bytes_at_the_file_url_is_not_trusted(station, db, maker, hostile):
    _closed_dossier(maker)
    hostile.script["file"] = lambda req: hs.Answer(200, {"Repr-Digest": "sha-256=:AAAA:"}, b"x" * 10)
    run_pass(station)
    (f,) = rows(db, outbox.FILE)
    assert f[1] == outbox.WAITING and "không khớp" in f[2]
    assert db.execute("SELECT remote_url FROM files").fetchone()[0] is None


# -- 4: wrong shapes are refusals, never crashes -----------------------------------------------------------

BAD_ITEMS = [
    {"status": "abc"},
    {"status": 400, "error": ["a", "list"]},
    {"status": 201, "ack": ["not", "an", "object"]},
    {"status": 99999},
    {"status": True},
]


@pytest.mark.parametrize("bad_item", BAD_ITEMS, ids=["status-abc", "error-list", "ack-list", "status-range", "bool"])
def test_a_wrong_item_result_refuses_that_item_and_the_others_go(station, db, maker, hostile, bad_item):
    codes = [maker.dossier(files=0) for _ in range(3)]

    def batch(req):
        items = req.json()["items"]
        out = []
        for i in items:
            if i["record"]["MaHoSo"] == codes[1]:
                out.append({"key": i["key"], **bad_item})
            else:
                out.append({"key": i["key"], "status": 201, "ack": {}})
        return hs.json_answer({"results": out})

    hostile.script["dossiers"] = batch
    summary, status = run_pass(station)
    assert state_of(db, outbox.DOSSIER) == [outbox.DONE, outbox.WAITING, outbox.DONE]
    reason = rows(db, outbox.DOSSIER)[1][2]
    assert "không đúng định dạng" in reason
    assert status["last_error"] == reason  # shown in the sync panel


@pytest.mark.parametrize("body", [
    b'{"results": "abc"}', b'[1, "x", null]', b'"just a string"', b'{"results": [1, "x", null]}',
    b"[" * 100_000 + b"]" * 100_000, b'{"results": ' + b"[" * 100_000, b'{"a": NaN}', b"\xff\xfe not utf-8",
], ids=["results-str", "list", "string", "results-junk", "deep-100k", "deep-cut", "nan", "bytes"])
def test_a_wrong_batch_answer_is_a_refusal_with_a_reason(station, db, maker, hostile, body):
    maker.dossier(files=0)
    hostile.script["dossiers"] = lambda req: hs.raw_json(body)
    summary, status = run_pass(station)
    (r,) = rows(db, outbox.DOSSIER)
    assert r[1] == outbox.WAITING and r[2], r
    assert status["last_error"]


def test_sync_once_exits_1_with_the_reason_not_a_traceback(station, maker, hostile, db):
    maker.dossier(files=0)
    hostile.script["dossiers"] = lambda req: hs.raw_json(b"[" * 200_000)
    import os

    env = {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(station), "sync", "--once"],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert "lồng nhau quá sâu" in r.stdout


def test_a_wrong_token_answer_stops_the_pass_with_a_reason(station, db, maker, hostile):
    maker.dossier(files=0)
    hostile.script["token"] = lambda req: hs.json_answer({"access_token": ["x"], "expires_in": "soon"})
    summary, _status = run_pass(station)
    assert state_of(db, outbox.DOSSIER) == [outbox.WAITING]
    assert any("mã truy cập" in e for e in summary.errors)


def test_a_wrong_tus_answer_is_a_retry_not_a_crash(station, db, maker, hostile):
    maker.dossier(files=1)
    hostile.script["tus-create"] = lambda req: hs.Answer(
        201, {"Tus-Resumable": "1.0.0", "Location": "/api/v1/uploads/x", "Upload-Offset": "-5"})
    run_pass(station)
    (f,) = rows(db, outbox.FILE)
    assert f[1] == outbox.WAITING and "Upload-Offset" in f[2]


# -- 9: the change feed --------------------------------------------------------------------------------

def _feed(srv, data_or_raw):
    def changes(req):
        return hs.raw_json(data_or_raw) if isinstance(data_or_raw, bytes) else hs.json_answer(data_or_raw)

    srv.script["changes"] = changes


def inbox(db):
    return db.execute("SELECT remote_id, kind, length(payload) FROM sync_inbox ORDER BY id").fetchall()


def cursor(db):
    row = db.execute("SELECT value FROM sync_state WHERE key = 'pull_cursor'").fetchone()
    return row[0] if row else None


def test_a_feed_of_junk_is_refused_item_by_item(station, db, hostile):
    _feed(hostile, {"changes": [1, "x", None, {"id": "c1", "type": "status", "MaHoSo": ["a", "list"]},
                                {"id": "c2", "type": "holiday", "day": "2026-12-31", "kind": "off", "name": "x"}],
                    "cursor": "7", "more": False})
    summary, status = run_pass(station)
    assert [r[0] for r in inbox(db)] == ["c2"]  # only the well-formed change is stored
    assert cursor(db) == "7"
    assert status["last_error"] and "đã từ chối" in status["last_error"]
    assert any("MaHoSo" in e for e in summary.errors)


@pytest.mark.parametrize("page", [[1, "x", None], {"changes": "abc"}, {"changes": [], "more": "yes"},
                                  {"changes": [], "cursor": ["x"]}],
                         ids=["list", "changes-str", "more-str", "cursor-list"])
def test_a_feed_page_of_the_wrong_shape_is_refused_and_the_cursor_stays(station, db, maker, hostile, page):
    maker.dossier(files=0)
    _feed(hostile, page)
    summary, status = run_pass(station)
    assert state_of(db, outbox.DOSSIER) == [outbox.DONE]  # the push went on
    assert inbox(db) == [] and cursor(db) is None
    assert "không đúng định dạng" in status["last_error"]


def test_changes_without_an_id_are_refused_not_collapsed(station, db, hostile):
    ch = {"type": "holiday", "day": "2026-12-30", "kind": "off", "name": "x"}
    _feed(hostile, {"changes": [dict(ch), dict(ch, day="2026-12-29"), dict(ch, id=None), dict(ch, id=True),
                                dict(ch, id="ok-1", day="2026-12-28")], "cursor": "3", "more": False})
    summary, status = run_pass(station)
    assert [r[0] for r in inbox(db)] == ["ok-1"]
    assert sum("không có mã (id)" in e for e in summary.errors) == 4


def test_an_oversized_change_is_not_stored(station, db, hostile):
    big = {"id": "cat-1", "type": "catalogue", "catalogue": {"procedures": ["x" * 1000] * 6000}}  # ~6 MB
    _feed(hostile, {"changes": [big, {"id": "h-1", "type": "holiday", "day": "2026-12-27", "kind": "off",
                                      "name": "x"}], "cursor": "2", "more": False})
    summary, status = run_pass(station)
    assert [r[0] for r in inbox(db)] == ["h-1"]
    assert "quá lớn" in status["last_error"] and "cat-1" in status["last_error"]


def test_a_60_mb_catalogue_page_is_refused_without_being_stored(station, db, hostile):
    head = b'{"changes": [{"id": "cat-60", "type": "catalogue", "catalogue": {"x": "'
    tail = b'"}}], "cursor": "1", "more": false}'

    def body():
        yield head
        for _ in range(60):
            yield b"a" * (1024 * 1024)
        yield tail

    hostile.script["changes"] = lambda req: hs.raw_json(body(), length=False)
    summary, status = run_pass(station)
    assert inbox(db) == [] and cursor(db) is None
    assert "quá lớn" in status["last_error"]


# -- 5: bounded memory -------------------------------------------------------------------------------

def _endless(total: int, prefix: bytes = b'{"results": ["'):
    def gen():
        yield prefix
        chunk = b"a" * (1024 * 1024)
        for _ in range(total // len(chunk)):
            yield chunk
    return gen()


@pytest.mark.parametrize("declared", [False, True], ids=["streamed", "content-length"])
def test_a_200_mb_answer_is_not_read_whole(station, hostile, declared):
    from sync import config
    from sync.adapters import Item, get_adapter
    from sync.answers import BadAnswer
    from sync.http import HttpClient

    from counter_app.db import open_data_dir

    size = 200 * 1024 * 1024

    def batch(req):
        if declared:  # claims its length up front: refused before reading
            return hs.Answer(200, {"Content-Type": "application/json", "Content-Length": str(size)},
                             _endless(size), length=False)
        return hs.raw_json(_endless(size), length=False)

    hostile.script["dossiers"] = batch
    hostile.script["changes"] = lambda req: hs.raw_json(_endless(size, b'{"changes": ["'), length=False)
    db = open_data_dir(station)
    cfg = config.load(db)
    db.close()
    client = HttpClient(cfg, lambda: "secret")
    adapter = get_adapter("reference")
    client.token()
    tracemalloc.start()
    try:
        with pytest.raises(BadAnswer, match="quá lớn"):
            adapter.push_records(client, [Item("k1", {"MaHoSo": "X"})])
        with pytest.raises(BadAnswer, match="quá lớn"):
            adapter.pull(client, None, 10)
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        client.close()
    assert peak < 100 * 1024 * 1024, peak


@pytest.mark.skipif(sys.platform == "win32", reason="measures peak RSS with the POSIX resource module")
def test_a_huge_answer_keeps_the_client_process_small(station, hostile):
    """RSS of a client in its own process (tracemalloc does not see C buffers)."""
    size = 500 * 1024 * 1024
    hostile.script["dossiers"] = lambda req: hs.raw_json(_endless(size), length=False)
    script = textwrap.dedent(f"""
        import resource, sys
        from counter_app.db import open_data_dir
        from sync import config
        from sync.adapters import Item, get_adapter
        from sync.answers import BadAnswer
        from sync.http import HttpClient
        db = open_data_dir({str(station)!r}); cfg = config.load(db); db.close()
        client = HttpClient(cfg, lambda: "secret")
        client.token()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            get_adapter("reference").push_records(client, [Item("k1", {{"MaHoSo": "X"}})])
            sys.exit(3)
        except BadAnswer:
            pass
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(before, after)
    """)
    import os

    env = {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    before, after = (int(x) for x in r.stdout.split())
    assert (after - before) * 1024 < 100 * 1024 * 1024, (before, after)  # ru_maxrss: KiB on Linux


def test_the_error_body_of_a_refusal_is_capped(station, db, maker, hostile):
    maker.dossier(files=0)
    hostile.script["dossiers"] = lambda req: hs.Answer(400, {"Content-Type": "application/json"},
                                                       _endless(300 * 1024 * 1024), length=False)
    summary, status = run_pass(station)
    (r,) = rows(db, outbox.DOSSIER)
    assert r[1] == outbox.ATTENTION and "(400)" in r[2]


def test_the_engine_keeps_running_after_wrong_answers(station, db, maker, hostile):
    """run_forever survives a pass of junk and delivers once the server answers properly."""
    import threading
    import time

    from sync.engine import Engine

    maker.dossier(files=1)
    hostile.script["dossiers"] = lambda req: hs.raw_json(b'{"results": [{"key": 1, "status": "abc"}]}')
    hostile.script["changes"] = lambda req: hs.raw_json(b"[1, \"x\", null]")
    engine = Engine(station)
    t = threading.Thread(target=engine.run_forever, daemon=True)
    t.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(p == "/api/v1/dossiers/batch" for p in hostile.paths()):
            time.sleep(0.05)
        assert t.is_alive()
        hostile.script.clear()
        engine.sync_now()
        while time.monotonic() < deadline and outbox.summary(db)["queued"]:
            time.sleep(0.05)
        assert outbox.summary(db)["queued"] == 0
        assert t.is_alive()
    finally:
        engine.stop()
        t.join(timeout=60)
        engine.close()


def test_the_daily_proofs_go_on_from_where_they_stopped(station, db, maker, hostile):
    """Files the province never proves (no digest) do not hold back the others: each run asks
    the next ones after the last asked, and from the oldest again once past the newest."""
    from sync import proofs
    from sync.engine import Engine

    hostile.digest = False
    for _ in range(3):
        _closed_dossier(maker)
    run_pass(station)
    order = [r[0] for r in outbox.unproven_files(db)]
    assert len(order) == 3

    def asked(run):
        n = len(hostile.paths("HEAD"))
        run()
        return [p.rsplit("/", 1)[1] for p in hostile.paths("HEAD")[n:] if p.startswith("/files/")]

    engine = Engine(station)
    try:
        ask = lambda: proofs.prove_confirmed(engine.db, engine.adapter, engine.client, limit=2,  # noqa: E731
                                             state=engine._state)
        assert asked(ask) == order[:2]
        assert asked(ask) == order[2:]
        assert asked(ask) == order[:2]  # past the newest: from the oldest again
    finally:
        engine.close()


def test_a_file_confirmed_without_proof_is_proven_later(station, db, maker, hostile):
    """Files confirmed when the server gave no digest are asked again (once a day): proven, they
    may leave the PC."""
    from counter_app import timeutil
    from sync import proofs
    from sync.engine import Engine

    hostile.digest = False
    _closed_dossier(maker)
    run_pass(station)
    (sha,) = db.execute("SELECT sha256 FROM files").fetchone()
    heads = len([p for p in hostile.paths("HEAD") if p.startswith("/files/")])
    run_pass(station)  # checked within the day already: no new question
    assert len([p for p in hostile.paths("HEAD") if p.startswith("/files/")]) == heads
    assert outbox.unproven_files(db) == [(sha, db.execute("SELECT size FROM files").fetchone()[0],
                                          hostile.file_url(sha))]
    hostile.digest = True
    engine = Engine(station)
    try:
        assert proofs.prove_confirmed(engine.db, engine.adapter, engine.client) == 1
    finally:
        engine.close()
    assert outbox.is_file_proven(db, sha) and outbox.unproven_files(db) == []
    assert retention.prune(db, station, now=timeutil.now() + LATER, days=30).files == 1
    assert not on_disk(station, sha)
