"""The reference provincial system: an HTTP server implementing docs/sync-protocol.md.

Built on the standard library's ``ThreadingHTTPServer`` (HTTP/1.1 keep-alive, a thread per
connection): no dependency to install or pin, and direct control of the socket, which fault
injection needs (a TCP reset in the middle of a body, a stall, a half-sent answer). It is a test
double and a demo server, not a production system: no TLS termination by default (``--tls-cert``
and ``--tls-key`` switch it on for certificate tests).

It still enforces what a real province's system must (docs/sync-protocol.md, "What a real
province's system must enforce"): per-station ownership of dossiers, progress and files; a
bounded number of connection threads, each closing its SQLite connection when it ends; caps
(:class:`Limits`) on open uploads and declared bytes per station, request sizes, tokens per
station and failed secret attempts per minute; unfinished uploads expire.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import ssl
import struct
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .faults import Fault, FaultConfig, Faults
from .limits import MAX_JSON, MAX_UPLOAD, Limits
from .routes import allowed_methods, cors_headers
from .store import Store, StoreError, canon, now_iso

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
CURSOR = re.compile(r"[0-9]{1,18}")  # a change id (SQLite integer range)
LIMIT = re.compile(r"[0-9]{1,4}")
CAPTIVE_PAGE = (
    "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đăng nhập Wi-Fi</title></head>"
    "<body><h1>Chào mừng đến với mạng Wi-Fi công cộng</h1><p>Vui lòng đăng nhập để tiếp tục.</p>"
    "<form><input name=\"phone\"><button>Đăng nhập</button></form></body></html>"
)


@dataclass
class Resp:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    file: Path | None = None  # streamed from disk in blocks (a stored file is never read whole)


def json_resp(status: int, data: Any, **headers: str) -> Resp:
    return Resp(status, {"Content-Type": "application/json; charset=utf-8", **headers},
                json.dumps(data, ensure_ascii=False).encode("utf-8"))


def error(status: int, code: str, message: str, **headers: str) -> Resp:
    return json_resp(status, {"error": {"code": code, "message": message}}, **headers)


class _Abort(Exception):
    """The connection was cut on purpose (a fault) or by the client."""


class _TooLarge(Exception):
    """A request body over the cap: answered 413 without reading it, then the connection closes."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class _HTTPServer(ThreadingHTTPServer):
    """A thread per connection, at most ``Limits.max_connections`` at once: a connection
    beyond waits up to ``accept_wait`` for a free thread, then is answered 503 and closed."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, handler, app: "ReferenceServer") -> None:
        self.app = app
        self._slots = threading.BoundedSemaphore(app.limits.max_connections)
        super().__init__(addr, handler)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(timeout=self.app.limits.accept_wait):
            self._refuse(request)
            return
        try:
            t = threading.Thread(target=self._serve_one, args=(request, client_address), daemon=True)
            t.start()
        except BaseException:
            self._slots.release()
            self.shutdown_request(request)
            raise

    def _serve_one(self, request, client_address) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request) -> None:
        self.app.count("REFUSED", "busy")
        body = json.dumps({"error": {"code": "busy", "message": "Máy chủ đang bận (quá nhiều kết nối)."}},
                          ensure_ascii=False).encode("utf-8")
        head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
                f"Retry-After: 1\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n").encode("ascii")
        try:
            request.settimeout(2.0)
            request.sendall(head + body)
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:  # quiet about cut connections
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ReferenceProvincial/1.0"
    timeout = 120  # a stuck client cannot hold a thread forever
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stalls

    def log_message(self, fmt: str, *args: Any) -> None:  # no request logging (no personal data)
        return

    @property
    def app(self) -> "ReferenceServer":
        return self.server.app  # type: ignore[attr-defined]

    def setup(self) -> None:
        super().setup()
        self.app.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.app.track(self.connection, False)
            self.app.store.release()  # this thread's SQLite connection ends with its HTTP connection

    # -- entry points -----------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._handle("OPTIONS")

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, PUT, DELETE, …) is answered 405 with Allow, or 404 for an
        # unknown path, in JSON like every other answer (not the standard library's 501 page).
        if name.startswith("do_"):
            return lambda: self._handle(name[3:])
        raise AttributeError(name)

    def _handle(self, method: str) -> None:
        path = urlsplit(self.path).path
        override = self.headers.get("X-HTTP-Method-Override", "").strip().upper()
        if method == "POST" and override:
            method = override  # tus: a client behind a proxy that drops PATCH sends POST with the override
        self._method = method
        self._tus_path = path.startswith("/api/v1/uploads")
        length = self._content_length()
        fault = self.app.faults.decide(method, path, body_length=length)
        try:
            if fault is not None and fault.phase == "pre":
                self._pre_fault(fault, length)
                return
            self.app.count(method, path)
            resp = self._route(method, path, length)
            if resp is None:
                return  # the handler already answered or the connection is gone
            if fault is not None:
                if resp.file is not None:  # the faults cut or delay a body held in memory
                    resp.body, resp.file = resp.file.read_bytes(), None
                    resp.headers.pop("Content-Length", None)
                self._post_fault(fault, resp)
                return
            self._send(resp, head=(method == "HEAD"))
        except _TooLarge as exc:
            headers = self._tus_headers() if path.startswith("/api/v1/uploads") else {}
            try:
                self._send(error(413, "too-large", f"Yêu cầu quá lớn (tối đa {exc.limit} byte).", **headers),
                           close=True)
            except OSError:
                self.close_connection = True
        except _Abort:
            self.close_connection = True

    # -- plumbing -----------------------------------------------------------------------------
    def _content_length(self) -> int:
        try:
            return max(0, int(self.headers.get("Content-Length") or 0))
        except ValueError:
            return 0

    def _read_body(self, length: int, limit: int | None = None) -> bytes:
        if length > (self.app.limits.max_json_bytes if limit is None else limit):
            raise _TooLarge(self.app.limits.max_json_bytes if limit is None else limit)
        data = self.rfile.read(length) if length else b""
        if len(data) < length:
            raise _Abort()
        return data

    def _send(self, resp: Resp, *, head: bool = False, close: bool = False) -> None:
        self.send_response(resp.status)
        headers = dict(resp.headers)
        headers.setdefault("Content-Length", str(len(resp.body)))
        if getattr(self, "_tus_path", False):  # tus: every answer of the endpoint, errors included
            headers.setdefault("Tus-Resumable", TUS_VERSION)
            for k, v in cors_headers(preflight=self._method == "OPTIONS").items():
                headers.setdefault(k, v)
        if close:
            headers["Connection"] = "close"
            self.close_connection = True
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if resp.body and not head:
            self.wfile.write(resp.body)
        if resp.file is not None and not head:
            with open(resp.file, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 16), b""):
                    self.wfile.write(block)
        self.wfile.flush()

    def _reset(self) -> None:
        """Cut the connection with a TCP RST (SO_LINGER 0)."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        raise _Abort()

    def _pre_fault(self, fault: Fault, length: int) -> None:
        if fault.kind == "reset":
            n = min(length, fault.after_bytes or 0)
            if n:
                self.rfile.read(n)
            self._reset()
        # Every other fault answers without applying the request; the body is drained first.
        try:
            self._read_body(length, limit=MAX_UPLOAD)
        except _Abort:
            return
        if fault.kind == "error":
            self._send(error(fault.status, "injected", "Lỗi máy chủ (giả lập)."), close=True)
        elif fault.kind == "429":
            ra = self.app.faults.config.retry_after
            self._send(error(429, "rate-limited", "Quá nhiều yêu cầu (giả lập).", **{"Retry-After": f"{ra:g}"}), close=True)
        elif fault.kind == "captive":
            self._send(Resp(200, {"Content-Type": "text/html; charset=utf-8"}, CAPTIVE_PAGE.encode("utf-8")), close=True)
        elif fault.kind == "redirect":
            target = self.app.faults.config.redirect_to.rstrip("/") + self.path
            self._send(Resp(302, {"Location": target}), close=True)
        elif fault.kind == "slow":
            self.app.sleep(self.app.faults.config.slow_seconds)
            self.close_connection = True
            raise _Abort()
        elif fault.kind == "stall":
            self.app.sleep(self.app.faults.config.stall_seconds)
            raise _Abort()

    def _post_fault(self, fault: Fault, resp: Resp) -> None:
        if fault.kind == "error":
            self._send(error(fault.status, "injected", "Lỗi máy chủ (giả lập)."), close=True)
        elif fault.kind == "reset":
            # Headers and half of the body go out, then the connection is reset.
            self.send_response(resp.status)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(resp.body) + 1))  # never complete
            self.end_headers()
            self.wfile.write(resp.body[: len(resp.body) // 2])
            self._reset()
        elif fault.kind == "stall":
            self.app.sleep(self.app.faults.config.stall_seconds)
            self.close_connection = True
            raise _Abort()
        elif fault.kind == "slow":
            self.app.sleep(self.app.faults.config.slow_seconds)
            self._send(resp)
        else:
            self._send(resp)

    def _json_body(self, length: int) -> Any:
        raw = self._read_body(length)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None

    def _station(self) -> dict[str, Any] | None:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        return self.app.check_token(auth[7:].strip())

    def _base_url(self) -> str:
        host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        return f"{self.app.scheme}://{host}"

    # -- routes -------------------------------------------------------------------------------
    def _route(self, method: str, path: str, length: int) -> Resp | None:
        allowed = allowed_methods(path)
        if allowed is None:
            self._read_body(length)
            return error(404, "not-found", "Không có địa chỉ này.")
        allow = ", ".join(dict.fromkeys(("OPTIONS", *allowed)))
        if method == "OPTIONS":
            self._read_body(length)
            headers = {"Allow": allow}
            if self._tus_path:
                headers.update({"Tus-Version": TUS_VERSION, "Tus-Extension": "creation,checksum",
                                "Tus-Checksum-Algorithm": "sha256",
                                "Tus-Max-Size": str(self.app.limits.max_upload_bytes)})
            return Resp(204, headers)
        if method not in allowed:
            self._read_body(length)
            return error(405, "method-not-allowed", "Địa chỉ này không nhận phương thức yêu cầu này.", Allow=allow)
        if path == "/api/v1/ping" and method == "GET":
            return json_resp(200, {"ok": True, "time": now_iso()})
        if path == "/api/v1/auth/token" and method == "POST":
            body = self._json_body(length)
            if not isinstance(body, dict):
                return error(400, "bad-request", "Yêu cầu phải là JSON.")
            station_id = str(body.get("station") or "")
            wait = self.app.auth_blocked(station_id, self.client_address[0])
            if wait:
                return error(429, "too-many-attempts", "Quá nhiều lần thử khóa bí mật sai; hãy thử lại sau.",
                             **{"Retry-After": str(wait)})
            station = self.app.store.check_secret(station_id, str(body.get("secret") or ""))
            if station is None:
                self.app.auth_failed(station_id, self.client_address[0])
                return error(401, "bad-credentials", "Mã trạm hoặc khóa bí mật không đúng.")
            token, ttl = self.app.issue_token(station)
            return json_resp(200, {"access_token": token, "token_type": "Bearer", "expires_in": ttl})
        station = self._station()
        if station is None:
            self._read_body(length)
            return error(401, "invalid-token", "Mã truy cập không hợp lệ hoặc đã hết hạn.",
                         **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if path == "/api/v1/dossiers/batch" and method == "POST":
            body = self._json_body(length)
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                return error(400, "bad-request", "Yêu cầu phải là JSON có danh sách items.")
            return json_resp(200, {"results": self.app.store.apply_records(station, body["items"])})
        if path == "/api/v1/progress/batch" and method == "POST":
            body = self._json_body(length)
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                return error(400, "bad-request", "Yêu cầu phải là JSON có danh sách items.")
            return json_resp(200, {"results": self.app.store.apply_progress(station, body["items"])})
        if path == "/api/v1/audit-anchors" and method == "POST":
            status, data = self.app.store.record_anchor(station, self._json_body(length))
            return json_resp(status, data)
        if path == "/api/v1/audit-anchors/latest" and method == "GET":
            last = self.app.store.latest_anchor(station["station_id"])
            return json_resp(200, last) if last else error(404, "not-found", "Trạm này chưa gửi mốc neo nào.")
        if path.startswith("/api/v1/dossiers/") and method == "GET":
            code = unquote(path[len("/api/v1/dossiers/"):])
            record = self.app.store.dossier(code)
            if record is None or not code.startswith(station["agency_code"] + "-"):
                return error(404, "not-found", f"Không có hồ sơ {code}.")
            if not self.app.store.may_read_dossier(code, station):
                return error(403, "not-owner", f"Hồ sơ {code} thuộc đơn vị khác.")
            return json_resp(200, record)
        if path == "/api/v1/changes" and method == "GET":
            q = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            cursors, limits = q.get("cursor") or ["0"], q.get("limit") or ["100"]
            if (len(cursors) != 1 or len(limits) != 1 or not CURSOR.fullmatch(cursors[0] or "0")
                    or not LIMIT.fullmatch(limits[0]) or not 1 <= int(limits[0]) <= 1000):
                return error(400, "bad-request", "cursor phải là số ≥ 0 và limit là số từ 1 đến 1000 (mỗi tham số một lần).")
            cursor, limit = int(cursors[0] or 0), int(limits[0])
            changes, last, more = self.app.store.changes(station["station_id"], cursor, limit, station["agency_code"])
            return json_resp(200, {"changes": changes, "cursor": str(last), "more": more})
        if path in ("/api/v1/uploads", "/api/v1/uploads/") and method == "POST":
            return self._tus_create(station, length)
        if path.startswith("/api/v1/uploads/") and method in ("HEAD", "PATCH"):
            upload_id = path[len("/api/v1/uploads/"):]
            if method == "HEAD":
                return self._tus_head(station, upload_id)
            return self._tus_patch(station, upload_id, length)
        if path.startswith("/files/") and method in ("GET", "HEAD"):
            sha = path[len("/files/"):]
            row = self.app.store.conn().execute("SELECT mime, size FROM files WHERE sha256 = ?", [sha]).fetchone() \
                if SHA256_HEX.fullmatch(sha) else None
            if row is None:
                return error(404, "not-found", "Không có tệp này.")
            if not self.app.store.may_read_file(sha, station):
                return error(403, "not-owner", "Tệp này do trạm khác gửi; trạm này không được tải về.")
            path = self.app.store.file_path(sha)
            # Repr-Digest (RFC 9530): the station's proof that the province holds these bytes (the
            # name is their sha256, checked when the upload completed).
            digest = base64.b64encode(bytes.fromhex(sha)).decode("ascii")
            return Resp(200, {"Content-Type": row["mime"], "Content-Length": str(path.stat().st_size),
                              "Repr-Digest": f"sha-256=:{digest}:"}, file=path)
        self._read_body(length)
        return error(404, "not-found", "Không có địa chỉ này.")  # unreachable: every allowed route answers above

    # -- tus ----------------------------------------------------------------------------------
    def _tus_headers(self, **extra: str) -> dict[str, str]:
        return {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", **extra}

    def _upload_row(self, station: dict[str, Any], upload_id: str):
        return self.app.store.conn().execute(
            "SELECT * FROM uploads WHERE id = ? AND station_id = ?", [upload_id, station["station_id"]]
        ).fetchone()

    def _file_url(self, sha: str) -> str:
        return f"{self._base_url()}/files/{sha}"

    def _tus_create(self, station: dict[str, Any], length: int) -> Resp:
        self._read_body(length)
        if self.headers.get("Tus-Resumable") != TUS_VERSION:
            return Resp(412, {"Tus-Version": TUS_VERSION})
        raw_length = (self.headers.get("Upload-Length") or "").strip()
        if not raw_length.isascii() or not raw_length.isdigit():
            return error(400, "bad-length", "Thiếu hoặc sai Upload-Length.", **self._tus_headers())
        size = int(raw_length)
        if size > self.app.limits.max_upload_bytes:
            return error(413, "too-large", f"Tệp quá lớn (tối đa {self.app.limits.max_upload_bytes} byte).",
                         **self._tus_headers())
        meta = {}
        for part in (self.headers.get("Upload-Metadata") or "").split(","):
            bits = part.strip().split(" ")
            if bits and bits[0]:
                try:
                    meta[bits[0]] = base64.b64decode(bits[1]).decode("utf-8") if len(bits) > 1 else ""
                except (binascii.Error, UnicodeDecodeError):
                    return error(400, "bad-metadata", "Upload-Metadata không hợp lệ.", **self._tus_headers())
        # sha256 (this contract's key) is optional, as for any tus client: when given, the whole
        # file is checked against it and content already stored needs no bytes; without it the
        # file is stored under the sha256 of what arrived.
        sha = meta.get("sha256", "")
        if sha and not SHA256_HEX.fullmatch(sha):
            return error(400, "bad-metadata", "sha256 trong Upload-Metadata phải là 64 ký tự hex thường.",
                         **self._tus_headers())
        key = self.headers.get("Idempotency-Key") or f"anon-{uuid.uuid4()}"
        store, limits = self.app.store, self.app.limits
        self.app.expire_uploads(lazy=True)
        with store.tx() as c:
            row = c.execute("SELECT * FROM uploads WHERE station_id = ? AND idem_key = ?",
                            [station["station_id"], key]).fetchone()
            if row is not None:
                if row["length"] != size or (sha and row["sha256"] and row["sha256"] != sha):
                    return error(409, "idempotency-conflict", "Khóa gửi này đã được dùng cho một tệp khác.",
                                 **self._tus_headers())
                upload_id, offset, done = row["id"], row["offset"], row["completed_at"] is not None
            else:
                upload_id = secrets.token_hex(16)
                # "Already stored" only to a station that may fetch these bytes (it uploaded them
                # itself, or they came with an online dossier of its agency): knowing a hash is
                # not owning the file.
                have = c.execute("SELECT size FROM files WHERE sha256 = ?", [sha]).fetchone() \
                    if sha and store.may_read_file(sha, station) else None
                done = have is not None and have["size"] == size
                offset = size if done else 0
                if not done:
                    n_open, declared = c.execute(
                        "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM uploads "
                        "WHERE station_id = ? AND completed_at IS NULL", [station["station_id"]]).fetchone()
                    if n_open >= limits.max_open_uploads:
                        return error(429, "too-many-uploads",
                                     f"Trạm đang có quá nhiều tệp gửi dở (tối đa {limits.max_open_uploads}).",
                                     **self._tus_headers(**{"Retry-After": "60"}))
                    if declared + size > limits.max_open_bytes:
                        return error(413, "too-many-bytes",
                                     f"Tổng dung lượng các tệp gửi dở của trạm vượt quá {limits.max_open_bytes} byte.",
                                     **self._tus_headers())
                c.execute(
                    "INSERT INTO uploads (id, station_id, idem_key, length, offset, sha256, filename, mime, created_at, "
                    "completed_at, touched) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [upload_id, station["station_id"], key, size, offset, sha, meta.get("filename", ""),
                     meta.get("filetype", "application/octet-stream"), now_iso(), now_iso() if done else None,
                     self.app.clock()],
                )
        if not done and size == 0:
            resp = self._complete(upload_id, station, 201)
            resp.headers["Location"] = f"/api/v1/uploads/{upload_id}"
            return resp
        headers = self._tus_headers(Location=f"/api/v1/uploads/{upload_id}", **{"Upload-Offset": str(offset)})
        if done:
            headers["File-Url"] = self._file_url(sha)
        return Resp(201, headers)

    def _tus_head(self, station: dict[str, Any], upload_id: str) -> Resp:
        self.app.expire_uploads(lazy=True)
        row = self._upload_row(station, upload_id)
        if row is None:
            return Resp(404, self._tus_headers())
        headers = self._tus_headers(**{"Upload-Offset": str(row["offset"]), "Upload-Length": str(row["length"])})
        if row["completed_at"]:
            headers["File-Url"] = self._file_url(row["sha256"])
        return Resp(200, headers)

    def _tus_patch(self, station: dict[str, Any], upload_id: str, length: int) -> Resp | None:
        self.app.expire_uploads(lazy=True)
        if length > self.app.limits.max_upload_bytes:
            raise _TooLarge(self.app.limits.max_upload_bytes)
        with self.app.upload_lock(upload_id):
            row = self._upload_row(station, upload_id)
            if row is None:
                self.app.drop_upload_lock(upload_id)  # no lock kept for a made-up or expired id
                self._read_body(length, limit=MAX_UPLOAD)
                return Resp(404, self._tus_headers())
            if self.headers.get("Content-Type") != "application/offset+octet-stream":
                self._read_body(length, limit=MAX_UPLOAD)
                return Resp(415, self._tus_headers())
            raw_offset = (self.headers.get("Upload-Offset") or "").strip()
            if not raw_offset.isascii() or not raw_offset.isdigit():
                self._read_body(length, limit=MAX_UPLOAD)
                return error(400, "bad-offset", "Thiếu hoặc sai Upload-Offset.", **self._tus_headers())
            offset = int(raw_offset)
            if row["completed_at"] and offset <= row["length"]:
                # Complete (content already stored, or a PATCH repeated after a lost answer): the
                # final offset, which a standard client that ignored the creation answer's
                # Upload-Offset takes as "done" where a 409 would fail it.
                self._read_body(length, limit=MAX_UPLOAD)
                return Resp(204, self._tus_headers(**{"Upload-Offset": str(row["length"]),
                                                      "File-Url": self._file_url(row["sha256"])}))
            if offset != row["offset"]:
                self._read_body(length, limit=MAX_UPLOAD)
                return Resp(409, self._tus_headers(**{"Upload-Offset": str(row["offset"])}))
            if offset + length > row["length"]:
                self._read_body(length, limit=MAX_UPLOAD)
                return error(400, "too-long", "Dữ liệu vượt quá Upload-Length.", **self._tus_headers())
            checksum = self.headers.get("Upload-Checksum")
            # Read the chunk. A cut chunk with Upload-Checksum cannot be verified, so it is discarded
            # (a cut loses ≤ 1 chunk); without one, what arrived is kept (tus core), and the whole
            # file's sha256, when declared, still checks it at the end.
            data = bytearray()
            while len(data) < length:
                try:
                    piece = self.rfile.read(min(65536, length - len(data)))
                except OSError:
                    piece = b""
                if not piece:
                    break
                data.extend(piece)
            self.app.record_patch(upload_id, offset, length, len(data))
            with self.app.store.tx() as c:
                c.execute("UPDATE uploads SET bytes_received = bytes_received + ?, patches = patches + 1, touched = ? "
                          "WHERE id = ?", [len(data), self.app.clock(), upload_id])
            if len(data) < length:
                if data and not checksum:
                    self._append(upload_id, offset, data)
                raise _Abort()
            if checksum:
                algo, _, value = checksum.partition(" ")
                if algo != "sha256":
                    return Resp(400, self._tus_headers())
                try:
                    expected = base64.b64decode(value)
                except binascii.Error:
                    return Resp(400, self._tus_headers())
                if hashlib.sha256(data).digest() != expected:
                    return Resp(460, self._tus_headers())
            new_offset = self._append(upload_id, offset, data)
            if new_offset == row["length"]:
                return self._complete(upload_id, station, 204)
            return Resp(204, self._tus_headers(**{"Upload-Offset": str(new_offset)}))

    def _append(self, upload_id: str, offset: int, data: bytes | bytearray) -> int:
        """Write ``data`` at ``offset`` of the upload's part file, durably, and move its offset."""
        part = self.app.store.part_path(upload_id)
        with open(part, "ab") as fh:
            fh.truncate(offset)  # anything past the acknowledged offset is not ours
            fh.seek(offset)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        new_offset = offset + len(data)
        with self.app.store.tx() as c:
            c.execute("UPDATE uploads SET offset = ? WHERE id = ?", [new_offset, upload_id])
        return new_offset

    def _complete(self, upload_id: str, station: dict[str, Any], status: int) -> Resp:
        store = self.app.store
        row = self._upload_row(station, upload_id)
        part = store.part_path(upload_id)
        if not part.exists():
            part.write_bytes(b"")
        digest = hashlib.sha256()
        with open(part, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        sha = digest.hexdigest()
        if row["sha256"] and sha != row["sha256"]:
            part.unlink(missing_ok=True)
            with store.tx() as c:
                c.execute("UPDATE uploads SET offset = 0 WHERE id = ?", [upload_id])
            return error(422, "checksum-mismatch", "Tệp nhận được không khớp mã sha256 đã khai báo.",
                         **self._tus_headers())
        dest = store.file_path(sha)
        with store.tx() as c:
            # Placed under the write lock: a portal submission that fails removes the blobs it
            # created within its own transaction, so it cannot remove one this upload relies on.
            if dest.exists():
                part.unlink()
            else:
                os.replace(part, dest)
            c.execute("INSERT INTO files (sha256, size, mime, filename, created_at) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (sha256) DO NOTHING",
                      [sha, row["length"], row["mime"], row["filename"], now_iso()])
            c.execute("INSERT OR IGNORE INTO file_owners (sha256, station_id) VALUES (?, ?)",
                      [sha, station["station_id"]])
            c.execute("UPDATE uploads SET offset = length, sha256 = ?, completed_at = ? WHERE id = ?",
                      [sha, now_iso(), upload_id])
        self.app.drop_upload_lock(upload_id)
        return Resp(status, self._tus_headers(**{"Upload-Offset": str(row["length"]),
                                                 "File-Url": self._file_url(sha)}))


class ReferenceServer:
    """The server with its store, tokens and faults. ``start()`` serves on a thread of its own
    (tests, benchmarks); ``serve_forever()`` in the foreground (the console script)."""

    def __init__(self, data_dir: Path, *, host: str = "127.0.0.1", port: int = 0,
                 faults: FaultConfig | None = None, token_ttl: float = 3600.0,
                 tls_cert: str | None = None, tls_key: str | None = None, limits: Limits | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.limits = limits or Limits()
        self.clock = clock  # wall-clock seconds: upload expiry, attempt windows (injectable for tests)
        self._auth_failures: dict[str, deque[float]] = {}
        self._last_sweep = float("-inf")
        self._sweep_lock = threading.Lock()
        self.store = Store(Path(data_dir), self.limits)
        self.faults = Faults(faults or FaultConfig())
        self.token_ttl = token_ttl
        self._tokens: dict[str, tuple[dict[str, Any], float]] = {}
        self._tokens_lock = threading.Lock()
        self._upload_locks: dict[str, threading.Lock] = {}
        self._closing = threading.Event()
        # (upload, offset, declared, received) of the latest PATCHes (bounded: a long run does not grow it)
        self.patch_log: deque[tuple[str, int, int, int]] = deque(maxlen=100_000)
        self.requests: dict[str, int] = {}
        self._stats_lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self.httpd = _HTTPServer((host, port), Handler, self)
        self.scheme = "http"
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls_cert, tls_key)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None
        self._sweeper: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = self.httpd.server_address[0]
        return f"{self.scheme}://{host}:{self.port}"

    def start(self) -> "ReferenceServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="provincial-server", daemon=True)
        self._thread.start()
        self._start_sweeper()
        return self

    def serve_forever(self) -> None:
        self._start_sweeper()
        self.httpd.serve_forever()

    def _start_sweeper(self) -> None:
        def sweep() -> None:
            try:
                while not self._closing.wait(self.limits.sweep_interval):
                    try:
                        self.expire_uploads()
                    except Exception:  # noqa: BLE001 - the sweeper must survive a busy database
                        log.debug("upload sweep failed", exc_info=True)
            finally:
                self.store.release()

        if self._sweeper is None:
            self._sweeper = threading.Thread(target=sweep, name="provincial-sweeper", daemon=True)
            self._sweeper.start()

    def stop(self) -> None:
        """Stop listening and cut every open connection (kept-alive ones too), as a server
        going down does."""
        self._closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._stats_lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sweeper is not None:
            self._sweeper.join(timeout=10)
        self.store.close()

    def sleep(self, seconds: float) -> None:
        self._closing.wait(seconds)

    # -- tokens -------------------------------------------------------------------------------
    def issue_token(self, station: dict[str, Any]) -> tuple[str, float]:
        """A new token; expired tokens are forgotten, and a station holding ``max_tokens`` live
        ones loses its oldest (tokens are kept in issue order)."""
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._tokens_lock:
            for t in [t for t, (_s, exp) in self._tokens.items() if now >= exp]:
                del self._tokens[t]
            mine = [t for t, (s, _exp) in self._tokens.items() if s["station_id"] == station["station_id"]]
            for t in mine[: max(0, len(mine) - self.limits.max_tokens + 1)]:
                del self._tokens[t]
            self._tokens[token] = (station, now + self.token_ttl)
        return token, self.token_ttl

    def auth_blocked(self, station_id: str, address: str) -> int:
        """Seconds to wait when the station or the address used up its failed attempts of the
        last minute (0: may try)."""
        now = self.clock()
        wait = 0.0
        with self._tokens_lock:
            for key in (f"station:{station_id}", f"ip:{address}"):
                q = self._auth_failures.get(key)
                while q and q[0] <= now - 60:
                    q.popleft()
                if q is not None and len(q) >= self.limits.max_auth_failures:
                    wait = max(wait, q[0] + 60 - now)
        return int(wait) + 1 if wait else 0

    def auth_failed(self, station_id: str, address: str) -> None:
        now = self.clock()
        known = self.store.conn().execute("SELECT 1 FROM stations WHERE station_id = ?", [station_id]).fetchone()
        keys = [f"ip:{address}"] + ([f"station:{station_id}"] if known else [])  # unknown ids: no new keys
        with self._tokens_lock:
            if len(self._auth_failures) > 10_000:  # forget the quiet ones (bounded memory)
                for k in [k for k, q in self._auth_failures.items() if not q or q[-1] <= now - 60]:
                    del self._auth_failures[k]
            for key in keys:
                self._auth_failures.setdefault(key, deque()).append(now)

    def check_token(self, token: str) -> dict[str, Any] | None:
        with self._tokens_lock:
            entry = self._tokens.get(token)
            if entry is None:
                return None
            if time.monotonic() >= entry[1]:
                del self._tokens[token]
                return None
            return entry[0]

    def expire_tokens(self) -> None:
        """Every issued token expires now (tests: token renewal)."""
        with self._tokens_lock:
            self._tokens.clear()

    # -- bookkeeping --------------------------------------------------------------------------
    def upload_lock(self, upload_id: str) -> threading.Lock:
        with self._tokens_lock:
            return self._upload_locks.setdefault(upload_id, threading.Lock())

    def drop_upload_lock(self, upload_id: str) -> None:
        with self._tokens_lock:
            self._upload_locks.pop(upload_id, None)

    def expire_uploads(self, *, lazy: bool = False) -> int:
        """Remove the unfinished uploads untouched for ``upload_ttl`` and their partial bytes;
        returns how many. ``lazy``: at most once a second (upload requests call it)."""
        now = self.clock()
        with self._sweep_lock:
            if lazy and now - self._last_sweep < 1.0:
                return 0
            self._last_sweep = now
        store = self.store
        cutoff = now - self.limits.upload_ttl
        ids = [r[0] for r in store.conn().execute(
            "SELECT id FROM uploads WHERE completed_at IS NULL AND COALESCE(touched, 0) < ?", [cutoff])]
        removed = 0
        for upload_id in ids:
            lock = self.upload_lock(upload_id)
            if not lock.acquire(timeout=0):
                continue  # a PATCH is writing it: not idle
            try:
                with store.tx() as c:
                    gone = c.execute("DELETE FROM uploads WHERE id = ? AND completed_at IS NULL "
                                     "AND COALESCE(touched, 0) < ?", [upload_id, cutoff]).rowcount
                if gone:
                    store.part_path(upload_id).unlink(missing_ok=True)
                    removed += 1
            finally:
                lock.release()
                self.drop_upload_lock(upload_id)
        return removed

    def track(self, conn: socket.socket, alive: bool) -> None:
        with self._stats_lock:
            if alive:
                self._conns.add(conn)
            else:
                self._conns.discard(conn)

    def record_patch(self, upload_id: str, offset: int, declared: int, received: int) -> None:
        with self._stats_lock:
            self.patch_log.append((upload_id, offset, declared, received))

    def count(self, method: str, path: str) -> None:
        key = f"{method} {path.split('/')[3] if path.count('/') >= 3 else path}"
        with self._stats_lock:
            if key not in self.requests and len(self.requests) >= 64:  # made-up paths share one counter
                key = "other"
            self.requests[key] = self.requests.get(key, 0) + 1

    def stats(self) -> dict[str, Any]:
        c = self.store.conn()
        one = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "dossiers": one("SELECT COUNT(*) FROM dossiers"),
            "record_versions": one("SELECT COALESCE(SUM(versions), 0) FROM dossiers"),
            "progress": one("SELECT COUNT(*) FROM progress"),
            "files": one("SELECT COUNT(*) FROM files"),
            "replays": one("SELECT COALESCE(SUM(replays), 0) FROM idem"),
            "faults": dict(self.faults.injected),
            "requests": dict(self.requests),
        }


__all__ = ["ReferenceServer", "FaultConfig", "Limits", "StoreError", "canon"]
