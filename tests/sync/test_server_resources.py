"""Issue 18, scope 2: the reference server does not leak. 10,000 requests, kept-alive and on
new connections, from several client threads: the process's open descriptors and the store's
SQLite connections come back to where they were. A connection beyond the thread cap gets 503."""

from __future__ import annotations

import http.client
import json
import os
import socket
import sys
import threading
import time

import pytest
import requests
from helpers import STATION

from sync.provincial.server import Limits, ReferenceServer

A = STATION["agency_code"]
CODE = f"{A}-261102-1001"
RECORD = {"MaHoSo": CODE, "TrangThaiHoSo": "2", "NgayTiepNhan": "20261102080000",
          "QuaTrinhXuLy": [{"MaHoSo": CODE, "TrangThai": "2", "ThoiDiemXuLy": "20261102080000"}]}


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def wait_for(cond, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def login(server) -> str:
    _sid, secret = server.store.add_station(A, "1")
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30, json={"station": f"{A}/1", "secret": secret})
    return "Bearer " + r.json()["access_token"]


def idle(server) -> bool:
    with server._stats_lock:
        return not server._conns


@pytest.mark.skipif(sys.platform == "win32" or not os.path.isdir("/proc/self/fd"),
                    reason="counts the process's descriptors in /proc/self/fd (Linux; Wine shows the Linux one)")
def test_ten_thousand_requests_leave_descriptors_and_connections_flat(tmp_path):
    server = ReferenceServer(tmp_path / "prov").start()
    try:
        auth = login(server)
        with requests.Session() as s:  # warm up: the record exists, every code path has run once
            assert s.post(server.url + "/api/v1/dossiers/batch", headers={"Authorization": auth}, timeout=30,
                          json={"items": [{"key": "r1", "record": RECORD}]}).status_code == 200
        assert wait_for(lambda: idle(server))
        base_fds, base_conns = fds(), server.store.open_connections()
        per_thread, n_threads = 2500, 4
        body = json.dumps({"items": [{"key": "bad"}]})
        calls = [("GET", f"/api/v1/dossiers/{CODE}", None), ("GET", "/api/v1/changes?cursor=0", None),
                 ("GET", "/api/v1/ping", None), ("POST", "/api/v1/progress/batch", body),
                 ("GET", "/files/" + "0" * 64, None)]
        failures: list[str] = []
        done = [0]

        def client(n: int) -> None:
            conn = None
            try:
                for i in range(per_thread):
                    if conn is None or i % 3 == n % 3:  # a third of the requests on a new connection
                        if conn is not None:
                            conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                    method, path, data = calls[(i + n) % len(calls)]
                    headers = {"Authorization": auth, "Content-Type": "application/json"}
                    conn.request(method, path, body=data, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status not in (200, 404):
                        failures.append(f"{method} {path}: {resp.status}")
                    done[0] += 1
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(repr(exc))
            finally:
                if conn is not None:
                    conn.close()

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        elapsed = time.monotonic() - started
        assert not failures, failures[:5]
        assert done[0] == per_thread * n_threads
        assert wait_for(lambda: idle(server) and server.store.open_connections() <= base_conns), \
            (server.store.open_connections(), base_conns)
        assert wait_for(lambda: fds() - base_fds < 50), (fds(), base_fds)
        assert elapsed < 120
    finally:
        server.stop()


def test_connections_beyond_the_thread_cap_are_refused_503_then_served_again(tmp_path):
    server = ReferenceServer(tmp_path / "prov", limits=Limits(max_connections=3, accept_wait=0.2)).start()
    held = []
    try:
        for _ in range(3):  # three idle connections hold the three threads
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=30))
        assert wait_for(lambda: len(server._conns) == 3)
        before = threading.active_count()
        r = requests.get(server.url + "/api/v1/ping", timeout=30)
        assert r.status_code == 503 and r.json()["error"]["code"] == "busy" and r.headers["Retry-After"]
        assert threading.active_count() <= before  # no thread was started for it
        for s in held:
            s.close()
        assert wait_for(lambda: requests.get(server.url + "/api/v1/ping", timeout=30).status_code == 200)
    finally:
        for s in held:
            s.close()
        server.stop()


def test_made_up_paths_and_upload_ids_leave_no_bookkeeping_behind(tmp_path):
    server = ReferenceServer(tmp_path / "prov").start()
    try:
        auth = {"Authorization": login(server), "Tus-Resumable": "1.0.0"}
        with requests.Session() as s:
            for i in range(300):
                assert s.get(f"{server.url}/made/up/{i}/x", headers=auth, timeout=30).status_code == 404
                r = s.patch(f"{server.url}/api/v1/uploads/{i:032x}", data=b"x", timeout=30,
                            headers={**auth, "Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"})
                assert r.status_code == 404
        assert len(server.requests) <= 65 and not server._upload_locks
    finally:
        server.stop()
