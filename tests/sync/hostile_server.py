"""A scripted fake provincial server on 127.0.0.1 for the hostile-server tests.

It speaks just enough of the documented contract (token, ping, batches, the change feed, tus
creation/HEAD/PATCH, ``HEAD/GET /files/<sha>``) to let the real sync client run a pass, and every
answer can be replaced by a test: ``srv.script[name] = fn(req) -> Answer | None`` (None: the
default answer). Names: ``token``, ``ping``, ``dossiers``, ``progress``, ``changes``,
``tus-create``, ``tus-head``, ``tus-patch``, ``file``. Every request is logged in ``srv.requests``
(method, path, headers) — the "other host" of a test is one of these with no script at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    length: bool = True  # send Content-Length (False: the body ends when the connection closes)


def json_answer(data: Any, status: int = 200, **headers: str) -> Answer:
    return Answer(status, {"Content-Type": "application/json", **headers}, json.dumps(data).encode("utf-8"))


def raw_json(raw: bytes | Iterable[bytes], status: int = 200, length: bool = True) -> Answer:
    return Answer(status, {"Content-Type": "application/json"}, raw, length)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class HostileServer:
    def __init__(self) -> None:
        self.script: dict[str, Callable[[Request], Answer | None]] = {}
        self.requests: list[Request] = []
        self.uploads: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.digest = True  # HEAD /files/<sha> gives a Repr-Digest
        self._lock = threading.Lock()
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_a: Any) -> None:
                pass

            def _go(self, method: str) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                req = Request(method, urlsplit(self.path).path, dict(self.headers.items()), body)
                with srv._lock:
                    srv.requests.append(req)
                ans = srv.answer(req)
                self.send_response(ans.status)
                for k, v in ans.headers.items():
                    self.send_header(k, v)
                chunks = [ans.body] if isinstance(ans.body, bytes) else ans.body
                if ans.length and isinstance(ans.body, bytes):
                    self.send_header("Content-Length", str(len(ans.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if method == "HEAD":
                    return
                try:
                    for c in chunks:
                        self.wfile.write(c)
                except OSError:  # the client stopped reading: expected for a refused huge body
                    self.close_connection = True

            def do_GET(self) -> None:  # noqa: N802
                self._go("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._go("POST")

            def do_HEAD(self) -> None:  # noqa: N802
                self._go("HEAD")

            def do_PATCH(self) -> None:  # noqa: N802
                self._go("PATCH")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> HostileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests if method is None or r.method == method]

    # -- the default protocol --------------------------------------------------------------------
    def _scripted(self, name: str, req: Request) -> Answer | None:
        fn = self.script.get(name)
        return fn(req) if fn else None

    def answer(self, req: Request) -> Answer:
        m, p = req.method, req.path
        if p == "/api/v1/auth/token":
            return self._scripted("token", req) or json_answer({"access_token": "tok-123", "expires_in": 600})
        if p == "/api/v1/ping":
            return self._scripted("ping", req) or json_answer({"ok": True})
        if p in ("/api/v1/dossiers/batch", "/api/v1/progress/batch"):
            name = "dossiers" if "dossiers" in p else "progress"
            return self._scripted(name, req) or json_answer(
                {"results": [{"key": i["key"], "status": 201, "ack": {"ok": True}} for i in req.json()["items"]]})
        if p == "/api/v1/changes":
            return self._scripted("changes", req) or json_answer({"changes": [], "cursor": "0", "more": False})
        if p.rstrip("/") == "/api/v1/uploads" and m == "POST":
            return self._scripted("tus-create", req) or self._create(req)
        if p.startswith("/api/v1/uploads/") and m == "HEAD":
            return self._scripted("tus-head", req) or self._head(p.rsplit("/", 1)[1])
        if p.startswith("/api/v1/uploads/") and m == "PATCH":
            return self._scripted("tus-patch", req) or self._patch(p.rsplit("/", 1)[1], req)
        if p.startswith("/files/"):
            return self._scripted("file", req) or self._file(p[len("/files/"):])
        return json_answer({"error": {"message": "không có"}}, 404)

    def _meta(self, req: Request) -> dict[str, str]:
        out = {}
        for part in req.headers.get("Upload-Metadata", "").split(","):
            k, _, v = part.strip().partition(" ")
            out[k] = base64.b64decode(v).decode("utf-8") if v else ""
        return out

    def file_url(self, sha: str) -> str:
        return f"{self.url}/files/{sha}"

    def _create(self, req: Request) -> Answer:
        key = req.headers["Idempotency-Key"]
        with self._lock:
            up = self.uploads.setdefault(key, {"sha": self._meta(req)["sha256"],
                                               "length": int(req.headers["Upload-Length"]), "data": b""})
        return Answer(201, {"Tus-Resumable": "1.0.0", "Location": f"/api/v1/uploads/{key}",
                            "Upload-Offset": str(len(up["data"]))})

    def _head(self, key: str) -> Answer:
        up = self.uploads.get(key)
        if up is None:
            return Answer(404)
        h = {"Tus-Resumable": "1.0.0", "Upload-Offset": str(len(up["data"])), "Upload-Length": str(up["length"])}
        if len(up["data"]) == up["length"]:
            h["File-Url"] = self.file_url(up["sha"])
        return Answer(200, h)

    def _patch(self, key: str, req: Request) -> Answer:
        up = self.uploads[key]
        up["data"] += req.body
        h = {"Tus-Resumable": "1.0.0", "Upload-Offset": str(len(up["data"]))}
        if len(up["data"]) == up["length"]:
            self.files[up["sha"]] = up["data"]
            h["File-Url"] = self.file_url(up["sha"])
        return Answer(204, h)

    def _file(self, sha: str) -> Answer:
        data = self.files.get(sha)
        if data is None:
            return Answer(404)
        h = {"Content-Type": "application/pdf"}
        if self.digest:
            h["Repr-Digest"] = "sha-256=:" + base64.b64encode(hashlib.sha256(data).digest()).decode() + ":"
        return Answer(200, h, data)
