"""The adapter for the documented contract of the reference provincial system
(docs/sync-protocol.md, docs/openapi-sync.yaml): national field names as they are, batches of
records and progress entries with per-item results, tus uploads, a cursor feed of changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import answers
from ..errors import PermanentError
from ..http import HttpClient, error_message
from ..tus import TusUploader
from .base import RETRY, Adapter, FileJob, FileResult, Item, ItemResult, PullPage, no_answer, result_for_status

UPLOADS = "/api/v1/uploads/"


def _results(data: dict[str, Any], items: list[Item]) -> list[ItemResult]:
    """Each item's outcome from a checked batch answer (:func:`sync.answers.batch_results`): an
    item whose result has the wrong shape waits and is sent again, with the reason."""
    good, wrong = answers.batch_results(data)
    out = []
    for item in items:
        if item.key in wrong:
            out.append(ItemResult(RETRY, wrong[item.key], "bad-answer"))
            continue
        r = good.get(item.key)
        if r is None:
            out.append(no_answer())
            continue
        out.append(result_for_status(r.status, r.message, r.ack))
    return out


class ReferenceAdapter(Adapter):
    name = "reference"

    def ping(self, client: HttpClient) -> None:
        client.call("GET", "/api/v1/ping", auth=False, cap=answers.CAPS["ping"])

    def push_records(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        data = client.call("POST", "/api/v1/dossiers/batch",
                           json={"items": [{"key": i.key, "record": i.body} for i in items]},
                           cap=answers.CAPS["batch"])
        return _results(data, items)

    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        data = client.call("POST", "/api/v1/progress/batch",
                           json={"items": [{"key": i.key, "entry": i.body} for i in items]},
                           cap=answers.CAPS["batch"])
        return _results(data, items)

    def push_anchor(self, client: HttpClient, anchor: dict[str, Any]) -> dict[str, Any] | None:
        body = {k: anchor[k] for k in ("count", "hash", "at")}
        resp = client.request("POST", "/api/v1/audit-anchors", json=body, cap=answers.CAPS["anchor"])
        if resp.status_code == 409:  # the province holds a longer or different chain
            raise PermanentError("Hệ thống tỉnh từ chối mốc neo nhật ký kiểm tra: " + error_message(resp), kind="anchor")
        return answers.anchor_receipt(client.json_answer(resp), body)

    def upload_file(self, client: HttpClient, job: FileJob, chunk_size: int,
                    on_bytes: Callable[[int], None] | None, should_stop: Callable[[], bool] | None) -> FileResult:
        up = TusUploader(client, UPLOADS, chunk_size).upload(
            job.path, size=job.size, sha256=job.sha256, filename=job.filename, mime=job.mime, idem_key=job.key,
            on_bytes=on_bytes, should_stop=should_stop,
        )
        # No File-Url (a standard tus server): the upload URL is the reference, and no proof is
        # asked there, so scan retention keeps the local copy.
        proven = self.prove_file(client, up.url, job.size, job.sha256) if up.served else False
        return FileResult(url=up.url, bytes_sent=up.bytes_sent, resumed_from=up.resumed_from,
                          ack={"url": up.url, "sha256": job.sha256, "size": job.size, "proven": proven})

    def pull(self, client: HttpClient, cursor: str | None, limit: int) -> PullPage:
        params = {"limit": str(max(1, min(limit, 1000)))}  # the contract's maximum (a larger one is 400)
        if cursor:
            params["cursor"] = cursor
        data = client.call("GET", "/api/v1/changes", params=params, cap=answers.CAPS["feed"])
        page = answers.feed_page(data, cursor)
        return PullPage(changes=page.changes, cursor=page.cursor, more=page.more, refused=page.refused)
