"""tus with peers no one here wrote, in node (tests/peers/node, pinned by its package-lock.json):

- our client (``counter-app sync``, a real subprocess) → ``@tus/server`` 2.4.5 + ``@tus/file-store``
  2.1.1: upload, SIGKILL mid-upload, resume by HEAD at the upload URL kept with the outbox row
  (no second upload, nothing re-sent from 0); a stored upload the server lost, or one for another
  length (terminated by DELETE), and 0 B;
- ``tus-js-client`` 4.3.1 → the reference server: upload, SIGKILL mid-way, resume from its own URL
  storage and from an upload URL passed in, 0 B, 50 MB.

The peers are installed by ``.ci/run`` (``npm ci --prefix tests/peers/node``); when they are
missing the test tries ``npm ci`` once, then skips, except with ``CI=1`` where it fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

if sys.platform == "win32":
    pytest.skip("the node tus peer runs (SIGKILL, a relay slowing connections, node subprocesses) are POSIX; "
                "run on Linux", allow_module_level=True)

import requests
from helpers import STATION
from node_peers import TusNodeServer, require_node_peers, tus_js_client
from sync_support import configure
from tus_peers import Relay

from sync import config
from sync.http import HttpClient
from sync.tus import TusUploader

ROOT = Path(__file__).resolve().parents[2]
ENDPOINT = "/api/v1/uploads/"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def node_dir() -> Path:
    return require_node_peers()


@pytest.fixture
def tus_server(node_dir, tmp_path):
    srv = TusNodeServer(node_dir, tmp_path / "tus-store")
    yield srv
    srv.stop()


def _env() -> dict[str, str]:
    return {**os.environ, "COUNTER_APP_SECRET_STORE": "file", "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost"}


def _file_row(data_dir: Path) -> tuple[str, str | None, str | None]:
    c = sqlite3.connect(f"file:{data_dir / 'counter.sqlite3'}?mode=ro", uri=True, timeout=10)
    try:
        return c.execute("SELECT state, upload_url, ack FROM outbox WHERE kind = 'file'").fetchone()
    finally:
        c.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- our client → @tus/server ---------------------------------------------------------------------

def test_our_client_to_tus_node_server_upload_kill_resume(data_dir, maker, db, tus_server):
    from counter_app.scanning import store

    maker.dossier(files=1, file_size=(12 * MB, 12 * MB))
    sha, size = db.execute("SELECT sha256, size FROM files").fetchone()
    local = store.file_path(data_dir, sha, "pdf")
    # Slow enough (4 MB/s through a relay) to kill `counter-app sync` in the middle of the file.
    relay = Relay(tus_server.port, rate=4 * MB)
    try:
        configure(data_dir, relay.url, "station-secret", chunk_size=512 * 1024, upload_workers=1)
        args = [sys.executable, "-m", "cli", "--data-dir", str(data_dir), "sync", "--once"]
        first = subprocess.Popen(args, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tus_server.wait_line(lambda s: s.startswith("created "))
        tus_server.wait_line(lambda s: s.startswith("request PATCH"))  # the URL was stored: the PATCHes began
        while relay.up_bytes < 3 * MB and first.poll() is None:  # a condition on the bytes the relay saw
            try:
                first.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=30) == -signal.SIGKILL
        relay.rate = None
        sent_before = relay.up_bytes
        state, upload_url, _ack = _file_row(data_dir)
        assert state == "sending" and upload_url == relay.url + ENDPOINT + tus_server.created()[0]
        assert sent_before < size  # killed mid-upload
        n_requests = len(tus_server.requests())

        second = subprocess.run(args, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
        resent = relay.up_bytes - sent_before
    finally:
        relay.close()
    state, url_after, ack = _file_row(data_dir)
    assert state == "done", second.stdout + second.stderr
    assert url_after == upload_url and json.loads(ack)["url"] == upload_url  # the upload URL is the reference
    assert len(tus_server.created()) == 1  # no second upload
    later = [r for r in tus_server.requests()[n_requests:] if ENDPOINT in r and not r.startswith("OPTIONS")]
    assert later[0] == "HEAD " + ENDPOINT + tus_server.created()[0] and not any(r.startswith("POST") for r in later)
    assert resent < size - 2 * MB  # resumed from the server's offset, not from 0
    stored = tus_server.store / tus_server.created()[0]
    assert stored.stat().st_size == size and _sha(stored) == _sha(local) == sha  # bytes identical


@pytest.fixture
def client(tus_server):
    cfg = config.SyncConfig(server_url=tus_server.url, station_id=f"{STATION['agency_code']}/1", secret_store="file")
    c = HttpClient(cfg, lambda: "secret")
    yield c
    c.close()


class Urls(dict):
    def get(self, key, default=None):
        return super().get(key, default)

    def put(self, key, url):
        if url is None:
            self.pop(key, None)
        else:
            self[key] = url


def _upload(client, path: Path, urls: Urls, key: str = "row-1", chunk: int = 256 * 1024):
    data = path.read_bytes()
    return TusUploader(client, ENDPOINT, chunk, urls).upload(
        path, size=len(data), sha256=hashlib.sha256(data).hexdigest(), filename=path.name, mime="application/pdf",
        idem_key=key)


def test_our_client_to_tus_node_server_creation_with_upload_and_empty_file(client, tus_server, tmp_path):
    urls = Urls()
    path = tmp_path / "small.pdf"
    path.write_bytes(os.urandom(100_000))
    res = _upload(client, path, urls)
    assert not res.served and not res.checksums and res.url == urls["row-1"]
    posts = [r for r in tus_server.requests() if r.startswith(("POST", "PATCH"))]
    assert posts[-1].startswith("POST")  # the whole file went in the creation request; no PATCH
    assert _sha(tus_server.store / tus_server.created()[0]) == _sha(path)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    res = _upload(client, empty, urls, key="row-2")
    assert res.url == urls["row-2"] and (tus_server.store / tus_server.created()[1]).stat().st_size == 0


def test_our_client_to_tus_node_server_lost_or_stale_upload_is_created_anew(client, tus_server, tmp_path):
    urls = Urls()
    path = tmp_path / "scan.pdf"
    path.write_bytes(os.urandom(300_000))
    # A stored upload the server no longer has (terminated there): HEAD says 404 → a new upload.
    gone = requests.post(tus_server.endpoint, timeout=30, headers={"Tus-Resumable": "1.0.0", "Upload-Length": "300000"})
    lost = gone.headers["Location"]
    assert requests.delete(lost, headers={"Tus-Resumable": "1.0.0"}, timeout=30).status_code == 204
    urls["row-1"] = lost
    res = _upload(client, path, urls)
    assert res.url != lost and res.url == urls["row-1"] and _sha(tus_server.store / res.url.rsplit("/", 1)[1]) == _sha(path)
    # A stored upload made for another length (the file was re-scanned): terminated, then anew.
    stale = requests.post(tus_server.endpoint, timeout=30, headers={"Tus-Resumable": "1.0.0", "Upload-Length": "7"})
    urls["row-2"] = stale.headers["Location"]
    res = _upload(client, path, urls, key="row-2")
    stale_id = stale.headers["Location"].rsplit("/", 1)[1]
    tus_server.wait_line(lambda s: s == f"terminated {stale_id}")
    assert res.url == urls["row-2"] != stale.headers["Location"] and not (tus_server.store / stale_id).exists()


# -- tus-js-client → the reference server -----------------------------------------------------------

@pytest.fixture
def token(server) -> str:
    _sid, secret = server.store.add_station(STATION["agency_code"], "1")
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{STATION['agency_code']}/1", "secret": secret})
    return r.json()["access_token"]


def stored(server, data: bytes) -> bool:
    sha = hashlib.sha256(data).hexdigest()
    row = server.store.conn().execute("SELECT size FROM files WHERE sha256 = ?", [sha]).fetchone()
    return row is not None and row[0] == len(data) and server.store.file_path(sha).read_bytes() == data


def _uploads(server) -> int:
    return server.store.conn().execute("SELECT COUNT(*) FROM uploads").fetchone()[0]


@pytest.mark.parametrize("resume_by", ["url-storage", "upload-url"])
def test_tus_js_client_to_our_server_upload_kill_resume(node_dir, server, token, tmp_path, resume_by):
    data = os.urandom(16 * MB)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    urls = tmp_path / "tus-js-urls.json"
    relay = Relay(server.port, rate=4 * MB)
    try:
        first = tus_js_client(node_dir, relay.url + ENDPOINT, path, MB, urls, token=token)
        url = first.wait_line(lambda s: s.startswith("url ")).split()[1]
        first.wait_line(lambda s: s.startswith("chunk ") and int(s.split()[1]) >= 3 * MB)  # 3 chunks accepted
        first.proc.send_signal(signal.SIGKILL)
        assert first.finish(timeout=30) == -signal.SIGKILL
        assert not any(s.startswith("done") for s in first.lines)
        relay.rate = None
        sent_before = relay.up_bytes
        second = tus_js_client(node_dir, relay.url + ENDPOINT, path, MB, urls, token=token,
                               url=url if resume_by == "upload-url" else None)
        assert second.finish(timeout=300) == 0, second.lines[-5:]
        resent = relay.up_bytes - sent_before
    finally:
        relay.close()
    assert second.lines[0] == f"resume {url} -" and second.lines[-1] == f"done {url}"
    assert resent < len(data) - 3 * MB + 64 * 1024  # resumed from the server's offset (headers aside)
    assert stored(server, data) and _uploads(server) == 1  # one upload, bytes identical


def test_tus_js_client_to_our_server_empty_file(node_dir, server, token, tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    run = tus_js_client(node_dir, server.url + ENDPOINT, path, MB, tmp_path / "urls.json", token=token)
    assert run.finish(timeout=120) == 0, run.lines
    assert run.lines[-1].startswith("done ") and stored(server, b"")


def test_tus_js_client_to_our_server_50_mb(node_dir, server, token, tmp_path):
    data = os.urandom(50 * MB)
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    run = tus_js_client(node_dir, server.url + ENDPOINT, path, 0, tmp_path / "urls.json", token=token)  # one PATCH
    assert run.finish(timeout=300) == 0, run.lines[-5:]
    assert run.lines[-1].startswith("done ") and stored(server, data)
    assert [(p[1], p[3]) for p in server.patch_log] == [(0, len(data))]
