"""A minimal tus 1.0 client (core protocol + creation + checksum extensions) over
:class:`sync.http.HttpClient`.

Why not tuspy: its uploader calls module-level ``requests.head/patch`` without timeouts and
outside our session (so no token renewal, no redirect policy, no captive-portal check, no custom
CA bundle), hard-codes SHA-1 for ``Upload-Checksum``, and keeps resume URLs in its own file
storage. Here the creation request carries the outbox row's idempotency key, so after a crash
or a lost answer the server hands back the same upload and its offset: resuming needs no local
state besides the frozen row.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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


class TusUploader:
    def __init__(self, client: HttpClient, endpoint: str, chunk_size: int) -> None:
        self.client = client
        self.endpoint = endpoint
        self.chunk_size = chunk_size

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

    def _offset(self, upload_url: str) -> tuple[int, str | None]:
        resp = self.client.request("HEAD", upload_url, headers=self._headers(), cap=answers.CAPS["tus"])
        if resp.status_code in (404, 410):
            raise TransientError(_("Phiên tải tệp trên hệ thống tỉnh đã hết hạn; sẽ tải lại."), kind="server")
        self.client.check(resp)
        return self._offset_of(resp), self._file_url(upload_url, resp.headers.get(FILE_URL_HEADER))

    def _offset_of(self, resp) -> int:
        return answers.header_int(resp.headers.get("Upload-Offset"), N_("vị trí tải tệp (Upload-Offset)"))

    def _file_url(self, base: str, value: str | None) -> str | None:
        """The province's address of the file: on the configured origin, http/https, or refused."""
        return self.client.resolve(base, value) if value else None

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
                raise LocalError(_("Tệp {file} trên máy đã bị thay đổi (kích thước khác với lúc lưu).").format(file=filename))
            caps = self.discover()
            meta = {"filename": filename, "filetype": mime, "sha256": sha256}
            resp = self.client.request(
                "POST", self.endpoint,
                headers=self._headers(**{"Upload-Length": str(size), "Upload-Metadata": metadata_header(meta),
                                         "Idempotency-Key": idem_key}),
                cap=answers.CAPS["tus"],
            )
            self.client.check(resp)
            location = resp.headers.get("Location")
            if not location:
                raise TransientError(_("Máy chủ không trả về địa chỉ tải tệp (Location)."), kind="server")
            upload_url = self.client.resolve(self.client.url(self.endpoint), location)
            file_url = self._file_url(upload_url, resp.headers.get(FILE_URL_HEADER))
            if "Upload-Offset" in resp.headers:
                offset = self._offset_of(resp)
            else:
                offset, file_url = self._offset(upload_url)
            if offset > size:
                raise answers.bad(N_("vị trí tải tệp lớn hơn kích thước tệp"))
            resumed_from = offset
            sent = 0
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
                    patch["Upload-Checksum"] = "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
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
                    offset, file_url = self._offset(upload_url)
                    continue
                if resp.status_code in (404, 410):
                    raise TransientError(_("Phiên tải tệp trên hệ thống tỉnh đã hết hạn; sẽ tải lại."), kind="server")
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
                confirmed, file_url = self._offset(upload_url)
                if not file_url:
                    if confirmed != size:
                        raise TransientError(_("Hệ thống tỉnh chưa xác nhận tệp đã nhận đủ."), kind="server")
                    # A standard tus server: no File-Url; the upload URL is the file's reference.
                    file_url, served = upload_url, False
            return UploadResult(url=file_url, bytes_sent=sent, resumed_from=resumed_from, size=size, served=served,
                                checksums=caps.sha256_chunks)
