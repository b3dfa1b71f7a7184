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
from .base import Item, ItemResult

EXISTS_CODES = ("0", "3", "-3")


def succeeded(ans: national.GatewayAnswer) -> bool:
    return "thành công" in ans.message.lower() or (ans.ok and not ans.exists)


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
        return national.each(items, lambda item: self._record(client, item))

    def _record(self, client: HttpClient, item: Item) -> ItemResult:
        body = dict(item.body)
        entries = body.pop(national.NESTED, None) or []
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
        refusal = self._entries(client, entries)
        if refusal is not None:
            return refusal
        return national.done({"MaHoSo": code, "updated": updated})

    def _entries(self, client: HttpClient, entries: list[dict[str, Any]]) -> ItemResult | None:
        for part in national.chunks(entries):
            ans = self._post(client, "progress_url", part)
            if not succeeded(ans):
                return national.refused(ans, _("bước xử lý"))
        return None

    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        # Ten entries per call (in their order); each call's outcome is its entries'.
        parts = national.chunks(items)
        results = national.each(parts, lambda part: self._entries(client, [i.body for i in part])
                                or national.done({"entries": len(part)}))
        return [res for part, res in zip(parts, results, strict=False) for _i in part]
