"""A gateway of three configured URLs (domain reference §3.2, §13; TD.DichVuCongApi's
``SyncLocalDataToDVCQGService`` read in public code): ``create_url`` (URLThemMoi),
``update_url`` (URLCapNhat), ``progress_url`` (URLDongBoTienTrinh).

- a record: ``POST create_url`` with the record DTO (a JSON object); an answer whose
  ``error_code`` is "0", "3" or "-3" with a message containing "đã tồn tại" means the gateway
  holds it: the same body goes to ``update_url``. A dossier known to be there (created or updated
  by this station since the engine started) goes straight to ``update_url``;
- success is an answer whose message contains "thành công" (or ``error_code`` "0"/"00" with no
  "đã tồn tại"); anything else is the item's retry (the gateway's own failure) or attention;
- progress entries: ``POST progress_url`` with a JSON array of at most 10 entries, separately
  from the record (the record's receipt entry goes right after the record). There is no lookup
  in this style and no idempotency key: an entry sent again after a lost answer is the same
  entry, field for field, and the province's gateway must keep it once (docs/sync-protocol.md).
"""

from __future__ import annotations

from typing import Any

from counter_app.i18n import _

from ..http import HttpClient
from . import national
from .base import DONE, Item, ItemResult

EXISTS_CODES = ("0", "3", "-3")


def succeeded(ans: national.GatewayAnswer) -> bool:
    """The message decides when it says "thành công" or "không thành công"; else error_code "0"/"00"
    without "đã tồn tại"."""
    if "không thành công" in ans.message.lower():
        return False
    return ans.says_success or (ans.ok and not ans.exists)


class ThreeUrlAdapter(national.GatewayAdapter):
    name = "three-url"
    OPTIONS = {
        "create_url": "Địa chỉ thêm mới hồ sơ (--create-url)",
        "update_url": "Địa chỉ cập nhật hồ sơ (--update-url)",
        "progress_url": "Địa chỉ đồng bộ tiến trình (--progress-url)",
    }

    @classmethod
    def check_options(cls, options: dict[str, str], *, has_password: bool) -> None:
        national.check_urls(options, cls.OPTIONS)
        if (options.get("download_base") or "").strip():
            national.check_urls(options, {"download_base": cls.OPTIONAL["download_base"]})

    def _post(self, client: HttpClient, option: str, body: Any) -> national.GatewayAnswer:
        return self.post(client, self.opt(option), body)

    def push_records(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        # The records one by one (one record per call in this style), then their receipt
        # entries together, 10 per call.
        records = national.each(items, lambda item: self._record(client, item))
        groups = [(str(i.body.get("MaHoSo") or ""), i.body.get(national.NESTED) or [])
                  for i, r in zip(items, records, strict=True) if r.outcome == DONE]
        outcome = national.send_groups(groups, lambda part: self._post_entries(client, part)) if groups else {}
        return [outcome.get(str(i.body.get("MaHoSo") or "")) or r if r.outcome == DONE else r
                for i, r in zip(items, records, strict=True)]

    def _record(self, client: HttpClient, item: Item) -> ItemResult:
        body = {k: v for k, v in item.body.items() if k != national.NESTED}
        code = str(body.get("MaHoSo") or "")
        with self._lock:
            known = code in self._known
        updated = known
        ans = self._post(client, "update_url" if known else "create_url", body)
        if not known and not succeeded(ans) and ans.exists and ans.code in EXISTS_CODES:
            updated = True
            ans = self._post(client, "update_url", body)
        if not succeeded(ans):
            self.forget(code)
            return national.refused(ans, _("hồ sơ"))
        with self._lock:
            self._known.setdefault(code, set())
        return national.done({"MaHoSo": code, "updated": updated})

    def _post_entries(self, client: HttpClient, part: list[dict[str, Any]]) -> ItemResult | None:
        ans = self._post(client, "progress_url", part)
        return None if succeeded(ans) else national.refused(ans, _("bước xử lý"))

    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        # Each dossier's entries in order, 10 per call; each dossier's outcome is its items'.
        groups = national.by_code(items)
        outcome = national.send_groups([(code, [i.body for i in its]) for code, its in groups],
                                       lambda part: self._post_entries(client, part))
        return [outcome.get(str(i.body.get("MaHoSo") or "")) or national.done({"MaHoSo": i.body.get("MaHoSo")})
                for i in items]
