"""A minimal tus 1.0 client (core protocol + creation + checksum extensions) over
:class:`sync.http.HttpClient`.

Why not tuspy: its uploader calls module-level ``requests.head/patch`` without timeouts and
outside our session (so no token renewal, no redirect policy, no captive-portal check, no custom
CA bundle), hard-codes SHA-1 for ``Upload-Checksum``, and keeps resume URLs in its own file
storage. Here the creation request carries the outbox row's idempotency key, so after a crash
or a lost answer the server hands back the same upload and its offset: resuming needs no local
state besides the frozen row.

Each PATCH carries ``Upload-Checksum: sha256 <base64>`` of its chunk; the server discards a chunk
that does not match (or arrived cut), so a cut loses at most one chunk. The whole file's sha256
travels in ``Upload-Metadata`` and is verified by the server when the last byte arrives.

The server's ``Location`` and ``File-Url`` are accepted only on the configured origin over
http/https (:meth:`HttpClient.resolve`): a foreign one refuses the item (needs attention) and
nothing — least of all a scan or the token — is sent there. ``Upload-Offset`` must be a
non-negative integer no larger than the file.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
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
                digest = base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
                sent += len(chunk)
                if on_bytes:
                    on_bytes(len(chunk))
                resp = self.client.request(
                    "PATCH", upload_url, data=chunk,
                    headers=self._headers(**{"Upload-Offset": str(offset), "Upload-Checksum": f"sha256 {digest}",
                                             "Content-Type": "application/offset+octet-stream"}),
                    cap=answers.CAPS["tus"],
                )
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
            if not file_url:
                _offset, file_url = self._offset(upload_url)
            if not file_url:
                raise TransientError(_("Hệ thống tỉnh chưa xác nhận tệp đã nhận đủ."), kind="server")
            return UploadResult(url=file_url, bytes_sent=sent, resumed_from=resumed_from, size=size)
