"""Issue 18, scope 2: the reference server's caps answer 413 or 429 with a JSON reason (and the
tus headers on tus endpoints), and unfinished uploads expire with their partial bytes. The clock
is injected: no test waits for real time to pass."""

from __future__ import annotations

import base64
import hashlib
import http.client

import pytest
import requests
from helpers import STATION

from sync.provincial.server import Limits, ReferenceServer

A = STATION["agency_code"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make(tmp_path, clock):
    servers = []

    def start(**limits) -> ReferenceServer:
        srv = ReferenceServer(tmp_path / f"prov{len(servers)}", limits=Limits(**limits), clock=clock).start()
        servers.append(srv)
        return srv

    yield start
    for srv in servers:
        srv.stop()


def token(server, station="1", secret=None) -> requests.Response:
    return requests.post(server.url + "/api/v1/auth/token", timeout=30,
                         json={"station": f"{A}/{station}", "secret": secret})


def login(server, station="1") -> dict[str, str]:
    _sid, secret = server.store.add_station(A, station)
    r = token(server, station, secret)
    assert r.status_code == 200
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def create(server, auth, size: int, key: str, data: bytes | None = None) -> requests.Response:
    sha = hashlib.sha256(data if data is not None else key.encode()).hexdigest()
    meta = f"filename {base64.b64encode(b'a.pdf').decode()},sha256 {base64.b64encode(sha.encode()).decode()}"
    return requests.post(server.url + "/api/v1/uploads/", timeout=30, headers={
        **auth, "Tus-Resumable": "1.0.0", "Upload-Length": str(size), "Upload-Metadata": meta, "Idempotency-Key": key})


def patch(server, auth, location: str, data: bytes, offset: int = 0) -> requests.Response:
    return requests.patch(server.url + location, data=data, timeout=30, headers={
        **auth, "Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": str(offset)})


def reason(r: requests.Response) -> str:
    assert r.headers["Content-Type"].startswith("application/json")
    err = r.json()["error"]
    assert err["code"] and err["message"]
    return err["code"]


def test_request_body_over_the_cap_is_413_with_a_reason(make):
    server = make(max_json_bytes=2000)
    auth = login(server)
    r = requests.post(server.url + "/api/v1/dossiers/batch", headers=auth, timeout=30,
                      json={"items": [{"key": "k", "record": {"GhiChu": "x" * 3000}}]})
    assert r.status_code == 413 and reason(r) == "too-large"
    # A declared length far beyond the cap is refused before a byte of it is read.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", "/api/v1/progress/batch")
    conn.putheader("Authorization", auth["Authorization"])
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(10 ** 12))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and b"too-large" in resp.read()
    conn.close()
    # Unauthenticated bodies are capped alike.
    r = requests.post(server.url + "/api/v1/dossiers/batch", data=b"x" * 3000, timeout=30)
    assert r.status_code == 413


def test_file_over_the_cap_is_413_with_tus_headers(make):
    server = make(max_upload_bytes=10_000)
    auth = login(server)
    r = create(server, auth, 10_001, "big")
    assert r.status_code == 413 and reason(r) == "too-large" and r.headers["Tus-Resumable"] == "1.0.0"
    assert create(server, auth, 10_000, "ok").status_code == 201


def test_open_uploads_per_station_429_and_declared_bytes_413(make):
    server = make(max_open_uploads=3, max_open_bytes=10_000)
    auth, other = login(server, "1"), login(server, "2")
    locations = [create(server, auth, 3000, f"u{i}").headers["Location"] for i in range(3)]
    r = create(server, auth, 10, "u3")
    assert r.status_code == 429 and reason(r) == "too-many-uploads"
    assert r.headers["Tus-Resumable"] == "1.0.0" and int(r.headers["Retry-After"]) > 0
    assert create(server, auth, 3000, "u0").status_code == 201  # resuming an open upload is not a new one
    assert create(server, other, 3000, "o1").status_code == 201  # another station has its own count
    r = create(server, other, 7001, "o2")
    assert r.status_code == 413 and reason(r) == "too-many-bytes" and r.headers["Tus-Resumable"] == "1.0.0"
    # Finishing an upload frees its place.
    data = b"y" * 3000
    r = create(server, other, 3000, "o3", data)
    assert r.status_code == 201
    assert patch(server, other, r.headers["Location"], data).status_code == 204
    assert create(server, other, 7000, "o4").status_code == 201
    assert len(locations) == 3


def test_tokens_per_station_are_capped_oldest_revoked(make):
    server = make(max_tokens=2)
    _sid, secret = server.store.add_station(A, "1")
    tokens = [token(server, "1", secret).json()["access_token"] for _ in range(3)]

    def ping(t):
        return requests.get(server.url + "/api/v1/changes", headers={"Authorization": f"Bearer {t}"}, timeout=30)

    assert ping(tokens[0]).status_code == 401
    assert ping(tokens[1]).status_code == 200 and ping(tokens[2]).status_code == 200
    assert len(server._tokens) == 2


def test_failed_secret_attempts_per_minute_are_429_then_free_again(make, clock):
    server = make(max_auth_failures=3)
    _sid, secret = server.store.add_station(A, "1")
    _sid, secret2 = server.store.add_station(A, "2")
    for _ in range(3):
        assert token(server, "1", "wrong" * 10).status_code == 401
    r = token(server, "1", secret)  # even the right secret waits: guessing is stopped, not slowed
    assert r.status_code == 429 and reason(r) == "too-many-attempts" and 0 < int(r.headers["Retry-After"]) <= 61
    # The address used up its attempts too: another station's secret from it waits as well.
    assert token(server, "2", secret2).status_code == 429
    clock.now += 61
    assert token(server, "1", secret).status_code == 200
    assert token(server, "2", secret2).status_code == 200


def test_unfinished_uploads_expire_with_their_partial_bytes(make, clock):
    server = make(upload_ttl=100, max_open_uploads=2)
    auth = login(server)
    data = bytes(range(256)) * 20
    idle = create(server, auth, len(data), "idle", data).headers["Location"]
    busy = create(server, auth, len(data), "busy", data).headers["Location"]
    assert patch(server, auth, idle, data[:1000]).status_code == 204
    part = server.store.part_path(idle.rsplit("/", 1)[1])
    assert part.exists()
    clock.now += 60
    assert patch(server, auth, busy, data[:1000]).status_code == 204  # touched: its clock starts again
    assert create(server, auth, 10, "third").status_code == 429
    clock.now += 60  # idle untouched for 120 s, busy for 60 s
    head = requests.head(server.url + idle, headers={**auth, "Tus-Resumable": "1.0.0"}, timeout=30)
    assert head.status_code == 404 and head.headers["Tus-Resumable"] == "1.0.0"
    assert not part.exists()
    head = requests.head(server.url + busy, headers={**auth, "Tus-Resumable": "1.0.0"}, timeout=30)
    assert head.status_code == 200 and head.headers["Upload-Offset"] == "1000"
    # The same key starts over from byte 0 and finishes; its place was freed.
    r = create(server, auth, len(data), "idle", data)
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "0" and r.headers["Location"] != idle
    assert patch(server, auth, r.headers["Location"], data).status_code == 204
    # The sweep (timer or direct call) removes the rest once idle long enough; finished files stay.
    clock.now += 101
    assert server.expire_uploads() == 1
    assert list((server.store.data_dir / "uploads").iterdir()) == []
    assert server.store.file_path(hashlib.sha256(data).hexdigest()).read_bytes() == data
