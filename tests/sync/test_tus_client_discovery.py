"""Our tus client (sync/tus.py) discovers the server with OPTIONS and needs none of this
contract's own headers: against a plain tus server (as ``@tus/server`` answers by default: no
checksum extension, no File-Url) it sends chunks without Upload-Checksum, confirms the upload
with HEAD and keeps the upload URL as the file's reference; against the reference server it
uses sha256 chunk checksums; a server without tus 1.0.0 or without creation is refused."""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sync import config
from sync.errors import LocalError, PermanentError, TransientError
from sync.http import HttpClient
from sync.tus import TusUploader


class PlainTus:
    """A minimal standard tus 1.0 server: core + creation (+ termination announced), no checksum,
    no File-Url, absolute Location; a token endpoint so the client can authenticate."""

    def __init__(self, *, version: str = "1.0.0", extensions: str = "creation,creation-defer-length,termination") -> None:
        self.uploads: dict[str, dict] = {}
        self.log: list[tuple[str, str, dict[str, str]]] = []
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                return

            def _answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
                self.send_response(status)
                for k, v in {"Tus-Resumable": "1.0.0", **(headers or {})}.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _go(self, method: str) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(n) if n else b""
                srv.log.append((method, self.path, dict(self.headers)))
                if self.path == "/api/v1/auth/token":
                    return self._answer(200, {"Content-Type": "application/json"},
                                        b'{"access_token": "t", "token_type": "Bearer", "expires_in": 600}')
                if method == "OPTIONS":
                    return self._answer(204, {"Tus-Version": version, "Tus-Extension": extensions,
                                              "Tus-Max-Size": str(1 << 30)})
                if method == "POST" and self.path.rstrip("/") == "/api/v1/uploads":
                    uid = uuid.uuid4().hex
                    srv.uploads[uid] = {"length": int(self.headers["Upload-Length"]), "data": bytearray(data)}
                    more = {"Upload-Offset": str(len(data))} if data else {}  # creation-with-upload
                    return self._answer(201, {"Location": f"{srv.url}/api/v1/uploads/{uid}", **more})
                up = srv.uploads.get(self.path.rsplit("/", 1)[1])
                if up is None:
                    return self._answer(404)
                if method == "HEAD":
                    return self._answer(200, {"Upload-Offset": str(len(up["data"])), "Upload-Length": str(up["length"]),
                                              "Cache-Control": "no-store"})
                if method == "DELETE":
                    del srv.uploads[self.path.rsplit("/", 1)[1]]
                    return self._answer(204)
                if method == "PATCH":
                    if int(self.headers["Upload-Offset"]) != len(up["data"]):
                        return self._answer(409)
                    up["data"] += data
                    return self._answer(204, {"Upload-Offset": str(len(up["data"]))})
                return self._answer(405)

            def do_GET(self):  # noqa: N802
                self._go("GET")

            def do_POST(self):  # noqa: N802
                self._go("POST")

            def do_HEAD(self):  # noqa: N802
                self._go("HEAD")

            def do_PATCH(self):  # noqa: N802
                self._go("PATCH")

            def do_OPTIONS(self):  # noqa: N802
                self._go("OPTIONS")

            def do_DELETE(self):  # noqa: N802
                self._go("DELETE")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def make_client(url: str) -> HttpClient:
    cfg = config.SyncConfig(server_url=url, station_id="000.00.06.H56/1", secret_store="file")
    return HttpClient(cfg, lambda: "secret")


def upload(client: HttpClient, tmp_path, data: bytes, name: str = "a.pdf", *, urls=None, key: str | None = None,
           should_stop=None, size: int | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    return TusUploader(client, "/api/v1/uploads/", 64 * 1024, urls).upload(
        path, size=len(data) if size is None else size, sha256=hashlib.sha256(data).hexdigest(), filename=name,
        mime="application/pdf", idem_key=key or uuid.uuid4().hex, should_stop=should_stop)


class Urls(dict):
    """An upload-URL store in memory (the engine's is the outbox row: sync.uploads.OutboxUploadUrls)."""

    def put(self, key, url):
        if url is None:
            self.pop(key, None)
        else:
            self[key] = url


@pytest.fixture
def plain():
    srv = PlainTus()
    yield srv
    srv.stop()


def test_a_plain_tus_server_without_checksum_or_file_url(plain, tmp_path):
    client = make_client(plain.url)
    try:
        data = os.urandom(200_000)
        first = upload(client, tmp_path, data)
        second = upload(client, tmp_path, os.urandom(1000), "b.pdf")
    finally:
        client.close()
    (uid, up), _other = plain.uploads.items()
    assert bytes(up["data"]) == data
    assert first.url == f"{plain.url}/api/v1/uploads/{uid}" and not first.served and not first.checksums
    assert first.bytes_sent == len(data) and second.url.startswith(plain.url)
    patches = [h for m, _p, h in plain.log if m == "PATCH"]
    assert len(patches) == 5 and not any("Upload-Checksum" in h for h in patches)  # not offered: not sent
    assert [m for m, _p, _h in plain.log].count("OPTIONS") == 1  # discovered once per client
    assert [m for m, _p, _h in plain.log][-1] == "HEAD"  # the last upload confirmed by HEAD


def test_the_reference_server_gets_sha256_chunk_checksums(server, tmp_path):
    from helpers import STATION

    _sid, secret = server.store.add_station(STATION["agency_code"], "1")
    cfg = config.SyncConfig(server_url=server.url, station_id=f"{STATION['agency_code']}/1", secret_store="file")
    client = HttpClient(cfg, lambda: secret)
    try:
        data = os.urandom(100_000)
        res = upload(client, tmp_path, data)
    finally:
        client.close()
    assert res.served and res.checksums and res.url.endswith("/files/" + hashlib.sha256(data).hexdigest())
    assert server.requests.get("OPTIONS uploads") == 1


@pytest.mark.parametrize("version, extensions, says", [
    ("0.2.2", "creation", "tus 1.0.0"),
    ("1.0.0", "checksum", "creation"),
])
def test_a_server_without_tus_1_or_creation_is_refused(tmp_path, version, extensions, says):
    srv = PlainTus(version=version, extensions=extensions)
    client = make_client(srv.url)
    try:
        with pytest.raises(PermanentError) as err:
            upload(client, tmp_path, b"x")
    finally:
        client.close()
        srv.stop()
    assert says in str(err.value) and not srv.uploads


def test_resume_after_a_stop_goes_on_from_the_servers_offset(plain, tmp_path):
    client = make_client(plain.url)
    urls = Urls()
    data = os.urandom(300_000)
    try:
        with pytest.raises(TransientError):  # stopped after two chunks (for the URL, a cut or a crash alike)
            upload(client, tmp_path, data, urls=urls, key="row-1",
                   should_stop=lambda: sum(m == "PATCH" for m, _p, _h in plain.log) >= 2)
        (uid, up), = plain.uploads.items()
        assert urls == {"row-1": f"{plain.url}/api/v1/uploads/{uid}"} and len(up["data"]) == 2 * 64 * 1024
        n = len(plain.log)
        res = upload(client, tmp_path, data, urls=urls, key="row-1")
    finally:
        client.close()
    (uid, up), = plain.uploads.items()  # one upload: no second creation
    assert bytes(up["data"]) == data and urls["row-1"] == res.url == f"{plain.url}/api/v1/uploads/{uid}"
    later = [(m, h.get("Upload-Offset")) for m, _p, h in plain.log[n:]]
    assert later[0] == ("HEAD", None) and ("POST", None) not in later
    assert res.resumed_from == 2 * 64 * 1024 and res.bytes_sent == len(data) - 2 * 64 * 1024


def test_a_lost_upload_is_created_anew_and_a_changed_file_terminates_its_upload(tmp_path):
    srv = PlainTus(extensions="creation,creation-with-upload,termination")
    client = make_client(srv.url)
    urls = Urls(row1=f"{srv.url}/api/v1/uploads/{'0' * 32}",  # the server no longer has it: HEAD 404
                row0="http://old-server.invalid/api/v1/uploads/1")  # the set-up named another server then
    try:
        upload(client, tmp_path, b"%PDF", "z.pdf", urls=urls, key="row0")  # nothing goes to the old server
        assert urls["row0"].startswith(srv.url) and len(srv.uploads) == 1
        srv.uploads.clear()
        del srv.log[:]
        data = os.urandom(100_000)
        res = upload(client, tmp_path, data, urls=urls, key="row1")
        (uid, up), = srv.uploads.items()
        assert bytes(up["data"]) == data and res.url == urls["row1"] == f"{srv.url}/api/v1/uploads/{uid}"
        sends = [(m, h.get("Content-Length")) for m, p, h in srv.log if m in ("POST", "PATCH") and "uploads" in p]
        assert sends == [("POST", str(64 * 1024)), ("PATCH", str(100_000 - 64 * 1024))]  # first chunk in the POST
        # The stored upload of a file that changed on this PC can never complete: DELETE, forgotten.
        urls["row2"] = res.url
        with pytest.raises(LocalError):
            upload(client, tmp_path, os.urandom(10), "b.pdf", urls=urls, key="row2", size=99)
    finally:
        client.close()
        srv.stop()
    assert srv.log[-1][0] == "DELETE" and not srv.uploads and "row2" not in urls


def test_the_engine_keeps_the_upload_url_with_the_outbox_row(station, maker, db, server):
    from sync_support import sync_pass

    maker.dossier(files=1)
    sync_pass(station)
    url, ack = db.execute("SELECT upload_url, ack FROM outbox WHERE kind = 'file'").fetchone()
    uid = server.store.conn().execute("SELECT id FROM uploads").fetchone()[0]
    assert url == f"{server.url}/api/v1/uploads/{uid}" and ack
