"""A standard tus client (the PyPI ``tuspy`` package, not ours) against the reference server:
upload, a connection cut in the middle of a PATCH and resume, a client killed (SIGKILL) and
resumed from its own store, 0 B, content already stored, 50 MB; and what the server owes every
tus client (Tus-Resumable on every answer, CORS, X-HTTP-Method-Override)."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

if sys.platform == "win32":  # before tuspy's import (its compiled dependencies were not tried under Wine)
    pytest.skip("the tus peer runs (a relay cutting connections, a client killed with SIGKILL) are POSIX; "
                "run on Linux", allow_module_level=True)

import requests
from helpers import STATION
from tus_peers import Relay
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError, TusUploadFailed

ENDPOINT = "/api/v1/uploads/"
SCRIPT = Path(__file__).with_name("tuspy_upload.py")


@pytest.fixture
def token(server) -> str:
    _sid, secret = server.store.add_station(STATION["agency_code"], "1")
    r = requests.post(server.url + "/api/v1/auth/token", timeout=30,
                      json={"station": f"{STATION['agency_code']}/1", "secret": secret})
    return r.json()["access_token"]


def wait_for(cond, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def stored(server, data: bytes) -> bool:
    sha = hashlib.sha256(data).hexdigest()
    path = server.store.file_path(sha)
    row = server.store.conn().execute("SELECT size FROM files WHERE sha256 = ?", [sha]).fetchone()
    return row is not None and row[0] == len(data) and path.read_bytes() == data


def server_offset(server, upload_url: str, token: str) -> int:
    r = requests.head(server.url + "/api/v1/uploads/" + upload_url.rsplit("/", 1)[1], timeout=30,
                      headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"})
    return int(r.headers["Upload-Offset"])


def uploader(base: str, token: str, path: Path, **kw):
    tus = tus_client.TusClient(base + ENDPOINT, headers={"Authorization": f"Bearer {token}"})
    return tus.uploader(str(path), **kw)


def test_tuspy_uploads_in_chunks_without_our_metadata(server, token, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 123)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    up = uploader(server.url, token, path, chunk_size=1024 * 1024, metadata={"filename": "scan.pdf"})
    up.upload()
    assert up.offset == len(data) and stored(server, data)
    assert [p[1] for p in server.patch_log] == [0, 1 << 20, 2 << 20, 3 << 20]


def test_tuspy_uploads_an_empty_file(server, token, tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    up = uploader(server.url, token, path)
    up.upload()
    assert stored(server, b"") and not server.patch_log  # complete at creation, nothing to PATCH


def test_content_already_stored_is_accepted_by_a_standard_client(server, token, tmp_path):
    data = os.urandom(200_000)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    meta = {"filename": "scan.pdf", "sha256": hashlib.sha256(data).hexdigest()}
    uploader(server.url, token, path, metadata=meta).upload()
    again = uploader(server.url, token, path, metadata=meta)
    again.upload()  # tuspy ignores the creation's Upload-Offset and PATCHes from 0: 204, final offset
    assert again.offset == len(data)
    assert again.request.response_headers["file-url"].endswith("/files/" + meta["sha256"])
    assert server.stats()["files"] == 1


def test_a_cut_single_patch_keeps_what_arrived_and_tuspy_resumes(server, token, tmp_path):
    data = os.urandom(4 * 1024 * 1024)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    relay = Relay(server.port)
    try:
        up = uploader(relay.url, token, path, metadata={"filename": "scan.pdf"})  # one PATCH for the file
        up.set_url(up.create_url())
        relay.cut_after = relay.up_bytes + 1_500_000  # the network drops 1.5 MB into the PATCH
        with pytest.raises((TusUploadFailed, TusCommunicationError)):
            up.upload_chunk()
        assert relay.cuts == 1
        kept = wait_for(lambda: server_offset(server, up.url, token))
        assert 1_000_000 < kept < 1_500_000  # the body's bytes that arrived (the headers came first)
        resumed = uploader(relay.url, token, path, url=up.url)  # HEAD: the server's offset
        assert resumed.offset == kept
        resumed.upload()
    finally:
        relay.close()
    assert stored(server, data)
    assert [(p[1], p[3]) for p in server.patch_log] == [(0, kept), (kept, len(data) - kept)]  # nothing sent twice


def test_a_killed_tuspy_client_resumes_from_its_store(server, token, tmp_path):
    # One PATCH for the whole file, larger than what the kernel's socket buffers can hold, through
    # a relay slow enough to kill the client while it is still writing the body.
    data = os.urandom(24 * 1024 * 1024)
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    storage = tmp_path / "tuspy-urls.json"
    relay = Relay(server.port, rate=8 * 1024 * 1024)
    try:
        args = [sys.executable, str(SCRIPT), relay.url + ENDPOINT, token, str(path), str(storage), str(64 << 20)]
        first = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        wait_for(lambda: relay.up_bytes > 2_000_000)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        relay.rate = None  # what the client wrote before it died still drains to the server
        upload_id = wait_for(lambda: server.store.conn().execute("SELECT id FROM uploads").fetchone())[0]
        wait_for(lambda: relay.open_pumps == 0)  # what the killed client had written has reached the server

        def settled():  # no PATCH in progress, and every byte received kept (no Upload-Checksum)
            lock = server._upload_locks.get(upload_id)
            offset = server.store.conn().execute("SELECT offset FROM uploads WHERE id = ?", [upload_id]).fetchone()[0]
            done = (lock is None or not lock.locked()) and offset == sum(p[3] for p in server.patch_log)
            return offset if done else None

        kept = wait_for(settled)
        assert len(server.patch_log) == 1 and 2_000_000 < kept < len(data)  # the cut PATCH: its part kept
        second = subprocess.run(args, capture_output=True, text=True, timeout=120)
    finally:
        relay.close()
    assert second.returncode == 0, second.stderr
    start = second.stdout.splitlines()[0].split()
    assert start[1].endswith("/" + upload_id) and int(start[2]) == kept  # resumed at the server's offset
    assert stored(server, data)
    assert server.store.conn().execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 1  # no orphan upload


def test_tuspy_uploads_50_mb_in_one_patch(server, token, tmp_path):
    data = os.urandom(50 * 1024 * 1024)
    path = tmp_path / "big.pdf"
    path.write_bytes(data)
    up = uploader(server.url, token, path, metadata={"filename": "big.pdf"})
    up.upload()
    assert up.offset == len(data) and stored(server, data)
    assert [(p[1], p[3]) for p in server.patch_log] == [(0, len(data))]


def test_tus_resumable_and_cors_on_every_tus_answer_and_the_method_override(server, token):
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    url = server.url + ENDPOINT
    answers = [
        requests.post(url, headers={"Tus-Resumable": "1.0.0", "Upload-Length": "5"}, timeout=30),  # 401
        requests.post(url, headers={**auth, "Upload-Length": "x"}, timeout=30),  # 400
        requests.post(url, headers={"Authorization": auth["Authorization"], "Upload-Length": "5"}, timeout=30),  # 412
        requests.head(url + "0" * 32, headers=auth, timeout=30),  # 404
        requests.delete(url + "0" * 32, headers=auth, timeout=30),  # 405
        requests.post(url, headers={**auth, "Upload-Length": str(10 ** 12)}, timeout=30),  # 413
    ]
    assert [r.status_code for r in answers] == [401, 400, 412, 404, 405, 413]
    for r in answers:
        assert r.headers["Tus-Resumable"] == "1.0.0" and r.headers["Access-Control-Allow-Origin"] == "*"
    pre = requests.options(url, timeout=30, headers={"Origin": "https://dichvucong.example", "Access-Control-Request-Method": "PATCH",
                                                     "Access-Control-Request-Headers": "upload-offset, tus-resumable"})
    assert pre.status_code == 204
    assert "PATCH" in pre.headers["Access-Control-Allow-Methods"]
    allowed = pre.headers["Access-Control-Allow-Headers"].lower()
    assert all(h in allowed for h in ("upload-offset", "upload-length", "upload-metadata", "tus-resumable",
                                      "x-http-method-override", "authorization"))
    assert "upload-offset" in pre.headers["Access-Control-Expose-Headers"].lower()
    assert pre.headers["Tus-Version"] == "1.0.0" and pre.headers["Tus-Resumable"] == "1.0.0"
    # A proxy that lets only GET and POST through: POST with X-HTTP-Method-Override.
    data = b"%PDF overridden"
    loc = requests.post(url, headers={**auth, "Upload-Length": str(len(data))}, timeout=30).headers["Location"]
    r = requests.post(server.url + loc, data=data, timeout=30, headers={
        **auth, "X-HTTP-Method-Override": "PATCH", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 204 and r.headers["Upload-Offset"] == str(len(data))
    r = requests.post(server.url + loc, headers={**auth, "X-HTTP-Method-Override": "HEAD"}, timeout=30)
    assert r.status_code == 200 and r.headers["Upload-Offset"] == str(len(data)) and not r.content


def test_a_declared_sha256_is_still_verified(server, token):
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    data = b"the real bytes"
    meta = "sha256 " + base64.b64encode(hashlib.sha256(b"other bytes").hexdigest().encode()).decode()
    loc = requests.post(server.url + ENDPOINT, timeout=30,
                        headers={**auth, "Upload-Length": str(len(data)), "Upload-Metadata": meta}).headers["Location"]
    r = requests.patch(server.url + loc, data=data, timeout=30, headers={
        **auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "checksum-mismatch"
    assert server.stats()["files"] == 0
