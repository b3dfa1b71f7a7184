"""The interface a provincial system is spoken through, and helpers every adapter may share.

The engine knows outbox rows, order, batching, backoff and state; an adapter knows a province's
API: how a record, a progress entry and a file go up and how changes come down. Provinces run
different vendors' systems (VNPT, Viettel, FPT, …): each is a new module of this package
registered in :data:`sync.adapters.ADAPTERS`, never an edit of the engine. This module imports
no adapter. Bodies start from the national model
(:mod:`counter_app.wire`); an adapter may reshape them (``record_body``/``progress_body``), and
what it returns is frozen in the outbox row and re-sent byte for byte on every retry.

Whole-request failures raise :class:`sync.errors.TransientError` or
:class:`sync.errors.PermanentError`; per-item outcomes come back as :class:`ItemResult`.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.i18n import _

from .. import answers
from ..errors import PermanentError, TransientError
from ..http import CAPTIVE_MSG, HttpClient

DONE, RETRY, ATTENTION = "done", "retry", "attention"


@dataclass
class ItemResult:
    """What became of one item of a batch."""

    outcome: str  # done | retry | attention
    message: str = ""  # Vietnamese, for retry/attention
    kind: str = ""  # error class: conflict, rejected, server, …
    ack: dict[str, Any] | None = None
    retry_after: float | None = None


@dataclass
class Item:
    key: str
    body: dict[str, Any]
    attempts: int = 1  # sends of this row so far, this one included (1: never on the wire before)


@dataclass
class FileJob:
    path: Path
    size: int
    sha256: str
    filename: str
    mime: str
    key: str


@dataclass
class FileResult:
    url: str
    bytes_sent: int
    resumed_from: int
    ack: dict[str, Any] = field(default_factory=dict)


@dataclass
class PullPage:
    changes: list[dict[str, Any]]
    cursor: str
    more: bool
    refused: list[str] = field(default_factory=list)  # reasons of changes refused by the shape check


class Adapter(ABC):
    name = "abstract"

    @classmethod
    def check_options(cls, options: dict[str, str], *, has_password: bool) -> None:
        """Refuse (``UserError``, Vietnamese) settings this adapter cannot work with: sync set-up
        calls it before storing anything. ``has_password``: a gateway password is stored or given."""

    def bind(self, cfg: Any, data_dir: Path | None) -> None:
        """The station's settings and data directory (where its secrets are), before any call;
        an adapter speaking to more than the configured server reads its options here."""

    def record_body(self, record: dict[str, Any]) -> dict[str, Any]:
        """The body for a dossier record, from the national model."""
        return record

    def progress_body(self, entry: dict[str, Any]) -> dict[str, Any]:
        """The body for a progress entry, from the national model."""
        return entry

    @abstractmethod
    def ping(self, client: HttpClient) -> None: ...

    @abstractmethod
    def push_records(self, client: HttpClient, items: list[Item]) -> list[ItemResult]: ...

    @abstractmethod
    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]: ...

    @abstractmethod
    def upload_file(self, client: HttpClient, job: FileJob, chunk_size: int,
                    on_bytes: Callable[[int], None] | None, should_stop: Callable[[], bool] | None) -> FileResult: ...

    @abstractmethod
    def pull(self, client: HttpClient, cursor: str | None, limit: int) -> PullPage: ...

    def push_anchor(self, client: HttpClient, anchor: dict[str, Any]) -> dict[str, Any] | None:
        """Give the province the head of the station's audit chain (:func:`counter_app.audit.anchor_payload`)
        and return its receipt; None when this province's API has no place for it (the engine
        then says so once a day in the log). A province that finds the chain shorter than, or
        different from, what it holds refuses with :class:`PermanentError` kind ``anchor``."""
        return None

    def prove_file(self, client: HttpClient, url: str, size: int, sha256: str) -> bool:
        """Whether the province proves it holds the file at ``url`` (scan retention deletes a
        local copy only when it does). The default asks ``HEAD url`` and wants
        ``Content-Length: size`` and a ``Repr-Digest: sha-256=:<base64>:`` (RFC 9530; a
        ``Digest: sha-256=<base64>`` is accepted too) of exactly that content. False when the
        server gives no digest (the file stays on this PC); a size or digest that differs is
        :class:`TransientError` (the server does not hold what was sent: the upload runs again)."""
        resp = client.request("HEAD", client.resolve(client.cfg.base_url, url), cap=answers.CAPS["tus"])
        if resp.status_code in (404, 410):
            raise TransientError("Hệ thống tỉnh chưa có tệp vừa tải lên; sẽ tải lại.", kind="server")
        client.check(resp)
        digest = digest_sha256(resp.headers.get("Repr-Digest") or resp.headers.get("Digest") or "")
        if digest is None:
            return False
        length = resp.headers.get("Content-Length")
        if length != str(size) or digest != base64.b64encode(bytes.fromhex(sha256)).decode("ascii"):
            raise TransientError("Hệ thống tỉnh trả về tệp khác với tệp đã gửi (kích thước hoặc mã kiểm tra sha256 "
                                 "không khớp); sẽ gửi lại.", kind="server")
        return True

    def download_file(self, client: HttpClient, url: str, max_bytes: int) -> bytes:
        """The bytes of a stored file at ``url`` (the URL its upload returned), with the station's
        credential. The documented contract (``GET /files/{sha256}``) is the default; an adapter
        whose province serves files otherwise overrides this. Raises :class:`PermanentError`
        with kind ``not-found`` for a 404, other errors as :meth:`HttpClient.check` maps them."""
        resp = client.request("GET", url, stream=True)
        try:
            if resp.status_code in (404, 410):
                raise PermanentError("Hệ thống tỉnh không tìm thấy tệp này (404).", kind="not-found")
            client.check(resp)
            ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype == "text/html":  # a captive portal's login page, not a scan
                raise TransientError(_(CAPTIVE_MSG), kind="captive")
            chunks, total = [], 0
            for chunk in resp.iter_content(64 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise PermanentError("Tệp nhận về từ hệ thống tỉnh lớn hơn bản quét đã lưu.", kind="mismatch")
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError as exc:  # the connection cut while reading the body (requests' own errors)
            raise TransientError(_("Kết nối tới máy chủ tỉnh bị ngắt giữa chừng.")) from exc
        finally:
            resp.close()


def result_for_status(status: int, message: str = "", ack: dict[str, Any] | None = None) -> ItemResult:
    """The outcome of one item from the HTTP status the province gave it (the documented
    contract's per-item statuses; a vendor API answering with HTTP statuses can reuse it):
    200/201 done; 409 a conflict under the same key (attention); 404, 429, 5xx retry later
    (404: the record a progress entry belongs to is not there yet); anything else refused."""
    if status in (200, 201):
        return ItemResult(DONE, ack=ack or {})
    if status == 409:
        return ItemResult(
            ATTENTION,
            _("Xung đột dữ liệu (409): hệ thống tỉnh đã nhận nội dung khác với cùng khóa gửi.") + " " + message,
            "conflict",
        )
    if status in (429, 503) or status >= 500 or status == 404:
        return ItemResult(RETRY, message or _("Hệ thống tỉnh chưa nhận được mục này ({code}).").format(code=status), "server")
    return ItemResult(ATTENTION, _("Hệ thống tỉnh từ chối dữ liệu ({code}). {detail}").format(code=status, detail=message).strip(),
                      "rejected")


def digest_sha256(header: str) -> str | None:
    """The base64 sha-256 of a ``Repr-Digest``/``Digest`` header, or None."""
    for part in header.split(","):
        name, _eq, value = part.strip().partition("=")
        if name.strip().lower() == "sha-256" and value:
            return value.strip().strip(":")
    return None


def no_answer() -> ItemResult:
    """An item the province's answer left out: sent again later."""
    return ItemResult(RETRY, "Hệ thống tỉnh không trả lời cho mục này; sẽ gửi lại.", "server")
