"""A minimal tus 1.0 client (core protocol + creation, creation-with-upload, termination and
checksum extensions) over :class:`sync.http.HttpClient`.

Why not tuspy: its uploader calls module-level ``requests.head/patch`` without timeouts and
outside our session (so no token renewal, no redirect policy, no captive-portal check, no custom
CA bundle), hard-codes SHA-1 for ``Upload-Checksum``, and keeps resume URLs in its own file
storage.

Resume: the upload URL is stored with the outbox row (:class:`UploadUrls`; the engine's is the
``outbox.upload_url`` column) as soon as the server has created the upload. The next attempt
(after a crash, a cut, a stop) asks that URL with ``HEAD`` and goes on from the server's offset:
no second upload, nothing re-sent from 0. A stored upload the server no longer has (404/410), or
one on another origin than the configured server (the set-up changed), is forgotten and a new
one created; one made for another length, or one whose content the server
refused, is terminated (``DELETE``, where the server offers termination) and forgotten. The
creation request also carries the row's idempotency key, so this contract's own server hands
back the same upload even when the URL was never stored (a crash before the answer). Where the
server offers creation-with-upload, the first chunk goes in the creation ``POST``.

The server is discovered once per client and endpoint with ``OPTIONS`` (tus: ``Tus-Version``,
``Tus-Extension``, ``Tus-Checksum-Algorithm``): a server without tus 1.0.0 or without the creation
extension is refused (needs attention); when it offers the checksum extension with sha256, each
PATCH carries ``Upload-Checksum: sha256 <base64>`` of its chunk and the server discards a chunk
that does not match (or arrived cut), so a cut loses at most one chunk; otherwise chunks go
without it. A server that gives no tus answer to OPTIONS is taken as this contract's own
(checksums on). The whole file's sha256 travels in ``Upload-Metadata`` and is verified by the
server when the last byte arrives.

``File-Url`` (where the province serves the file) is this contract's header, optional for a
standard server: without it, the upload is confirmed by a ``HEAD`` whose ``Upload-Offset`` is the
file's size, and the upload URL is the file's reference (:attr:`UploadResult.served` False: no
proof is asked there, so scan retention keeps the local copy).

The server's ``Location`` and ``File-Url`` are accepted only on the configured origin over
http/https (:meth:`HttpClient.resolve`): a foreign one refuses the item (needs attention) and
nothing — least of all a scan or the token — is sent there. ``Upload-Offset`` must be a
non-negative integer no larger than the file.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from counter_app.i18n import N_, _

from . import answers
from .errors import LocalError, PermanentError, TransientError
from .http import HttpClient

log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
FILE_URL_HEADER = "File-Url"


@dataclass
class UploadResult:
    url: str  # where the province serves the file
    bytes_sent: int  # PATCH body bytes put on the wire by this call
    resumed_from: int  # the server's offset when this call started sending
    size: int
    served: bool = True  # the server gave a File-Url (False: ``url`` is the upload URL)
    checksums: bool = True  # the chunks carried Upload-Checksum


@dataclass(frozen=True)
class ServerTus:
    """What a tus server said of itself in its OPTIONS answer."""

    versions: tuple[str, ...] = (TUS_VERSION,)
    extensions: frozenset[str] = field(default_factory=lambda: frozenset({"creation", "checksum"}))
    checksums: frozenset[str] = field(default_factory=lambda: frozenset({"sha256"}))
    announced: bool = False  # False: no tus answer to OPTIONS; this contract's server assumed

    @property
    def sha256_chunks(self) -> bool:
        return "checksum" in self.extensions and "sha256" in self.checksums


def _tokens(value: str | None) -> frozenset[str]:
    return frozenset(t.strip().lower() for t in (value or "").split(",") if t.strip())


# Discovery answers, per HTTP client (the engine's: one per sync set-up) and endpoint.
_DISCOVERED: "weakref.WeakKeyDictionary[HttpClient, dict[str, ServerTus]]" = weakref.WeakKeyDictionary()
_DISCOVERED_LOCK = threading.Lock()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def metadata_header(meta: dict[str, str]) -> str:
    return ",".join(f"{k} {_b64(v)}" for k, v in meta.items())


class UploadUrls(Protocol):
    """Where upload URLs are kept between attempts, by the outbox row's key (the sync engine's:
    :class:`sync.uploads.OutboxUploadUrls`, the ``outbox.upload_url`` column)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, url: str | None) -> None: ...


# The store an upload uses when its caller gave none: the engine sets it around each upload (an
# adapter builds its TusUploader without knowing where URLs are kept).
UPLOAD_URLS: ContextVar[UploadUrls | None] = ContextVar("tus_upload_urls", default=None)


@contextmanager
def upload_urls(store: UploadUrls | None) -> Iterator[None]:
    token = UPLOAD_URLS.set(store)
    try:
        yield
    finally:
        UPLOAD_URLS.reset(token)


@dataclass(frozen=True)
class _State:
    """What a HEAD says of an upload."""

    offset: int
    length: int | None
    file_url: str | None


def _gone() -> TransientError:
    return TransientError(_("Phiên tải tệp trên hệ thống tỉnh đã hết hạn; sẽ tải lại."), kind="server")


class TusUploader:
    def __init__(self, client: HttpClient, endpoint: str, chunk_size: int, urls: UploadUrls | None = None) -> None:
        self.client = client
        self.endpoint = endpoint
        self.chunk_size = chunk_size
        self.urls = urls if urls is not None else UPLOAD_URLS.get()

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"Tus-Resumable": TUS_VERSION, **extra}

    def discover(self) -> ServerTus:
        """The server's tus capabilities (OPTIONS once per client and endpoint)."""
        with _DISCOVERED_LOCK:
            known = _DISCOVERED.get(self.client, {}).get(self.endpoint)
        if known is not None:
            return known
        resp = self.client.request("OPTIONS", self.endpoint, auth=False, cap=answers.CAPS["tus"])
        if (resp.status_code >= 500 and resp.status_code != 501) or resp.status_code == 429:
            self.client.check(resp)  # a server in trouble: try again later, remember nothing
        if 200 <= resp.status_code < 300 and resp.headers.get("Tus-Version"):
            versions = tuple(v.strip() for v in resp.headers["Tus-Version"].split(",") if v.strip())
            caps = ServerTus(versions, _tokens(resp.headers.get("Tus-Extension")),
                             _tokens(resp.headers.get("Tus-Checksum-Algorithm")), announced=True)
            if TUS_VERSION not in versions:
                raise PermanentError(_("Máy chủ tải tệp của tỉnh không hỗ trợ tus 1.0.0 (chỉ có: {versions}).")
                                     .format(versions=", ".join(versions)[:100]), kind="rejected")
            if "creation" not in caps.extensions:
                raise PermanentError(_("Máy chủ tải tệp của tỉnh không cho tạo phiên tải tệp (thiếu phần mở rộng "
                                       "tus creation)."), kind="rejected")
        else:
            caps = ServerTus()
        log.info("tus server at %s: announced=%s extensions=%s checksums=%s", self.endpoint, caps.announced,
                 ",".join(sorted(caps.extensions)), ",".join(sorted(caps.checksums)))
        with _DISCOVERED_LOCK:
            _DISCOVERED.setdefault(self.client, {})[self.endpoint] = caps
        return caps

    def _head(self, upload_url: str) -> _State | None:
        """The upload's offset (and length, File-Url) by HEAD; None: the server no longer has it."""
        resp = self.client.request("HEAD", upload_url, headers=self._headers(), cap=answers.CAPS["tus"])
        if resp.status_code in (404, 410):
            return None
        self.client.check(resp)
        length = resp.headers.get("Upload-Length", "")  # absent (deferred length) or unreadable: not compared
        known = length.isascii() and length.isdigit() and len(length) <= 18
        return _State(self._offset_of(resp), int(length) if known else None,
                      self._file_url(upload_url, resp.headers.get(FILE_URL_HEADER)))

    def _offset(self, upload_url: str, key: str) -> tuple[int, str | None]:
        state = self._head(upload_url)
        if state is None:
            self._forget(key)
            raise _gone()
        return state.offset, state.file_url

    def _offset_of(self, resp) -> int:
        return answers.header_int(resp.headers.get("Upload-Offset"), N_("vị trí tải tệp (Upload-Offset)"))

    def _file_url(self, base: str, value: str | None) -> str | None:
        """The province's address of the file: on the configured origin, http/https, or refused."""
        return self.client.resolve(base, value) if value else None

    # -- the upload URL kept with the outbox row ------------------------------------------------
    def _stored(self, key: str) -> str | None:
        return self.urls.get(key) if self.urls is not None else None

    def _remember(self, key: str, url: str) -> None:
        if self.urls is not None:
            self.urls.put(key, url)

    def _forget(self, key: str) -> None:
        if self.urls is not None and self.urls.get(key) is not None:
            self.urls.put(key, None)

    def terminate(self, upload_url: str, caps: ServerTus) -> bool:
        """Ask the server to drop an abandoned upload (tus termination: ``DELETE``), where it offers
        that; best effort (a failure only leaves the server's own expiry to clean up)."""
        if "termination" not in caps.extensions:
            return False
        try:
            resp = self.client.request("DELETE", upload_url, headers=self._headers(), cap=answers.CAPS["tus"])
        except Exception as exc:  # noqa: BLE001 - the server will expire it; nothing is lost here
            log.info("tus termination of an abandoned upload failed: %s", type(exc).__name__)
            return False
        log.info("tus termination of an abandoned upload: HTTP %s", resp.status_code)
        return resp.status_code in (204, 404, 410)

    def _abandon(self, key: str, caps: ServerTus | None) -> None:
        """The stored upload can never complete (the local file changed, the server refused the
        content): terminate it where offered and forget its URL."""
        url = self._stored(key)
        if url is None:
            return
        if caps is None:
            try:
                caps = self.discover()
            except Exception:  # noqa: BLE001 - no termination without a server; forget the URL anyway
                caps = None
        if caps is not None:
            self.terminate(url, caps)
        self._forget(key)

    def _resume(self, key: str, size: int, caps: ServerTus) -> tuple[str, int, str | None] | None:
        """The stored upload of row ``key`` and where the server stands (HEAD), or None when there
        is none to go on with (none stored; gone: 404/410; made for another length)."""
        url = self._stored(key)
        if url is None:
            return None
        if not self.client.same_origin(url):  # the sync set-up now names another server: nothing goes there
            log.info("the stored tus upload is on another origin than the configured server: creating a new one")
            self._forget(key)
            return None
        state = self._head(url)
        if state is None:
            log.info("the stored tus upload is gone on the server (404/410): creating a new one")
            self._forget(key)
            return None
        if (state.length is not None and state.length != size) or state.offset > size:
            log.info("the stored tus upload was made for another length: terminating it, creating a new one")
            self._abandon(key, caps)
            return None
        return url, state.offset, state.file_url

    def _create(self, fh, *, size: int, meta: dict[str, str], idem_key: str, caps: ServerTus,
                on_bytes: Callable[[int], None] | None) -> tuple[str, int, str | None, int]:
        """A new upload (POST); with creation-with-upload, the first chunk goes in the POST.
        Returns (upload URL, offset, File-Url, body bytes sent). The URL is stored at once."""
        headers = self._headers(**{"Upload-Length": str(size), "Upload-Metadata": metadata_header(meta),
                                   "Idempotency-Key": idem_key})
        body = b""
        if "creation-with-upload" in caps.extensions and size > 0:
            body = fh.read(min(self.chunk_size, size))
            headers["Content-Type"] = "application/offset+octet-stream"
            if caps.sha256_chunks:
                headers["Upload-Checksum"] = _chunk_checksum(body)
            if on_bytes:
                on_bytes(len(body))
        resp = self.client.request("POST", self.endpoint, headers=headers, cap=answers.CAPS["tus"],
                                   **({"data": body} if body else {}))
        self.client.check(resp)
        location = resp.headers.get("Location")
        if not location:
            raise TransientError(_("Máy chủ không trả về địa chỉ tải tệp (Location)."), kind="server")
        upload_url = self.client.resolve(self.client.url(self.endpoint), location)
        self._remember(idem_key, upload_url)
        file_url = self._file_url(upload_url, resp.headers.get(FILE_URL_HEADER))
        if "Upload-Offset" in resp.headers:
            offset = self._offset_of(resp)
        else:
            offset, file_url = self._offset(upload_url, idem_key)
        return upload_url, offset, file_url, len(body)

    def upload(self, path: Path, *, size: int, sha256: str, filename: str, mime: str, idem_key: str,
               on_bytes: Callable[[int], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> UploadResult:
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            raise LocalError(_("Không tìm thấy tệp {file} trên máy (có thể đã bị xóa).").format(file=filename)) from None
        with fh:
            actual = Path(path).stat().st_size
            if actual != size:
                self._abandon(idem_key, None)  # these bytes can never complete the upload
                raise LocalError(_("Tệp {file} trên máy đã bị thay đổi (kích thước khác với lúc lưu).").format(file=filename))
            caps = self.discover()
            try:
                return self._send(fh, size=size, sha256=sha256, filename=filename, mime=mime, idem_key=idem_key,
                                  caps=caps, on_bytes=on_bytes, should_stop=should_stop)
            except PermanentError:
                self._abandon(idem_key, caps)  # the server refused the content: this upload is dead
                raise

    def _send(self, fh, *, size: int, sha256: str, filename: str, mime: str, idem_key: str, caps: ServerTus,
              on_bytes: Callable[[int], None] | None, should_stop: Callable[[], bool] | None) -> UploadResult:
        sent = 0
        resumed = self._resume(idem_key, size, caps)
        if resumed is not None:
            upload_url, offset, file_url = resumed
            resumed_from = offset
        else:
            meta = {"filename": filename, "filetype": mime, "sha256": sha256}
            upload_url, offset, file_url, sent = self._create(fh, size=size, meta=meta, idem_key=idem_key,
                                                              caps=caps, on_bytes=on_bytes)
            resumed_from = 0 if sent else offset
        if offset > size:
            raise answers.bad(N_("vị trí tải tệp lớn hơn kích thước tệp"))
        mismatches = 0
        stalls = 0  # answers that did not move the offset forward (409 included)
        while offset < size:
            if stalls > 5:
                raise answers.bad(N_("vị trí tải tệp không tiến lên"))
            if should_stop and should_stop():
                raise TransientError(_("Đồng bộ đã dừng giữa chừng; sẽ tiếp tục từ vị trí đã gửi."), kind="stopped")
            fh.seek(offset)
            chunk = fh.read(min(self.chunk_size, size - offset))
            patch = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
            if caps.sha256_chunks:
                patch["Upload-Checksum"] = _chunk_checksum(chunk)
            sent += len(chunk)
            if on_bytes:
                on_bytes(len(chunk))
            resp = self.client.request("PATCH", upload_url, data=chunk, headers=self._headers(**patch),
                                       cap=answers.CAPS["tus"])
            if resp.status_code == 460:  # checksum mismatch: the chunk was damaged on the way
                mismatches += 1
                if mismatches > 2:
                    raise TransientError(_("Dữ liệu tệp bị hỏng trên đường truyền; sẽ gửi lại."), kind="server")
                continue
            if resp.status_code == 409:  # offset mismatch: ask the server where it stands
                stalls += 1
                offset, file_url = self._offset(upload_url, idem_key)
                continue
            if resp.status_code in (404, 410):
                self._forget(idem_key)
                raise _gone()
            if resp.status_code == 422:
                raise PermanentError(
                    _("Hệ thống tỉnh báo tệp {file} không khớp mã kiểm tra (sha256); tệp trên máy có thể đã hỏng.").format(file=filename),
                    kind="rejected",
                )
            self.client.check(resp)
            before, offset = offset, self._offset_of(resp)
            if offset > size:
                raise answers.bad(N_("vị trí tải tệp lớn hơn kích thước tệp"))
            stalls = stalls + 1 if offset <= before else 0
            file_url = self._file_url(upload_url, resp.headers.get(FILE_URL_HEADER)) or file_url
        served = True
        if not file_url:
            # No File-Url (a standard tus server): the whole file is confirmed by a HEAD whose
            # Upload-Offset is its size; the upload URL is the file's reference.
            confirmed, file_url = self._offset(upload_url, idem_key)
            if not file_url:
                if confirmed != size:
                    raise TransientError(_("Hệ thống tỉnh chưa xác nhận tệp đã nhận đủ."), kind="server")
                file_url, served = upload_url, False
        return UploadResult(url=file_url, bytes_sent=sent, resumed_from=resumed_from, size=size, served=served,
                            checksums=caps.sha256_chunks)


def _chunk_checksum(chunk: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
