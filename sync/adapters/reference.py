"""The adapter for the documented contract of the reference provincial system
(docs/sync-protocol.md, docs/openapi-sync.yaml): national field names as they are, batches of
records and progress entries with per-item results, tus uploads, a cursor feed of changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import TransientError
from ..http import HttpClient
from ..tus import TusUploader
from .base import Adapter, FileJob, FileResult, Item, ItemResult, PullPage, no_answer, result_for_status

UPLOADS = "/api/v1/uploads/"


def _results(data: dict[str, Any], items: list[Item]) -> list[ItemResult]:
    by_key = {}
    for r in data.get("results") or []:
        if isinstance(r, dict) and "key" in r:
            by_key[str(r["key"])] = r
    out = []
    for item in items:
        r = by_key.get(item.key)
        if r is None:
            out.append(no_answer())
            continue
        message = str((r.get("error") or {}).get("message") or "")
        out.append(result_for_status(int(r.get("status") or 0), message, r.get("ack")))
    return out


class ReferenceAdapter(Adapter):
    name = "reference"

    def ping(self, client: HttpClient) -> None:
        client.call("GET", "/api/v1/ping", auth=False)

    def push_records(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        data = client.call("POST", "/api/v1/dossiers/batch",
                           json={"items": [{"key": i.key, "record": i.body} for i in items]})
        return _results(data, items)

    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        data = client.call("POST", "/api/v1/progress/batch",
                           json={"items": [{"key": i.key, "entry": i.body} for i in items]})
        return _results(data, items)

    def upload_file(self, client: HttpClient, job: FileJob, chunk_size: int,
                    on_bytes: Callable[[int], None] | None, should_stop: Callable[[], bool] | None) -> FileResult:
        up = TusUploader(client, UPLOADS, chunk_size).upload(
            job.path, size=job.size, sha256=job.sha256, filename=job.filename, mime=job.mime, idem_key=job.key,
            on_bytes=on_bytes, should_stop=should_stop,
        )
        return FileResult(url=up.url, bytes_sent=up.bytes_sent, resumed_from=up.resumed_from,
                          ack={"url": up.url, "sha256": job.sha256, "size": job.size})

    def pull(self, client: HttpClient, cursor: str | None, limit: int) -> PullPage:
        params = {"limit": str(limit)}
        if cursor:
            params["cursor"] = cursor
        data = client.call("GET", "/api/v1/changes", params=params)
        changes = data.get("changes")
        if not isinstance(changes, list):
            raise TransientError("Danh sách thay đổi từ hệ thống tỉnh không đúng định dạng.", kind="server")
        return PullPage(changes=changes, cursor=str(data.get("cursor") or cursor or ""), more=bool(data.get("more")))
