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
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

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
        resp = self.client.request("HEAD", upload_url, headers=self._headers())
        if resp.status_code in (404, 410):
            raise TransientError("Phiên tải tệp trên hệ thống tỉnh đã hết hạn; sẽ tải lại.", kind="server")
        self.client.check(resp)
        try:
            return int(resp.headers["Upload-Offset"]), resp.headers.get(FILE_URL_HEADER)
        except (KeyError, ValueError):
            raise TransientError("Máy chủ không trả về vị trí tải tệp (Upload-Offset).", kind="server") from None

    def upload(self, path: Path, *, size: int, sha256: str, filename: str, mime: str, idem_key: str,
               on_bytes: Callable[[int], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> UploadResult:
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            raise LocalError(f"Không tìm thấy tệp {filename} trên máy (có thể đã bị xóa).") from None
        with fh:
            actual = Path(path).stat().st_size
            if actual != size:
                raise LocalError(f"Tệp {filename} trên máy đã bị thay đổi (kích thước khác với lúc lưu).")
            meta = {"filename": filename, "filetype": mime, "sha256": sha256}
            resp = self.client.request(
                "POST", self.endpoint,
                headers=self._headers(**{"Upload-Length": str(size), "Upload-Metadata": metadata_header(meta),
                                         "Idempotency-Key": idem_key}),
            )
            self.client.check(resp)
            location = resp.headers.get("Location")
            if not location:
                raise TransientError("Máy chủ không trả về địa chỉ tải tệp (Location).", kind="server")
            upload_url = urljoin(self.client.url(self.endpoint), location)
            file_url = resp.headers.get(FILE_URL_HEADER)
            if "Upload-Offset" in resp.headers:
                offset = int(resp.headers["Upload-Offset"])
            else:
                offset, file_url = self._offset(upload_url)
            resumed_from = offset
            sent = 0
            mismatches = 0
            while offset < size:
                if should_stop and should_stop():
                    raise TransientError("Đồng bộ đã dừng giữa chừng; sẽ tiếp tục từ vị trí đã gửi.", kind="stopped")
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
                )
                if resp.status_code == 460:  # checksum mismatch: the chunk was damaged on the way
                    mismatches += 1
                    if mismatches > 2:
                        raise TransientError("Dữ liệu tệp bị hỏng trên đường truyền; sẽ gửi lại.", kind="server")
                    continue
                if resp.status_code == 409:  # offset mismatch: ask the server where it stands
                    offset, file_url = self._offset(upload_url)
                    continue
                if resp.status_code in (404, 410):
                    raise TransientError("Phiên tải tệp trên hệ thống tỉnh đã hết hạn; sẽ tải lại.", kind="server")
                if resp.status_code == 422:
                    raise PermanentError(
                        f"Hệ thống tỉnh báo tệp {filename} không khớp mã kiểm tra (sha256); tệp trên máy có thể đã hỏng.",
                        kind="rejected",
                    )
                self.client.check(resp)
                try:
                    offset = int(resp.headers["Upload-Offset"])
                except (KeyError, ValueError):
                    raise TransientError("Máy chủ không trả về vị trí tải tệp (Upload-Offset).", kind="server") from None
                file_url = resp.headers.get(FILE_URL_HEADER) or file_url
            if not file_url:
                _offset, file_url = self._offset(upload_url)
            if not file_url:
                raise TransientError("Hệ thống tỉnh chưa xác nhận tệp đã nhận đủ.", kind="server")
            return UploadResult(url=file_url, bytes_sent=sent, resumed_from=resumed_from, size=size)
