"""The LGSP envelope of a provincial gateway (domain reference §3.2, §13; the OpenCPS
integration read in public code).

- sign in: ``POST {gateway_url}{auth_path}`` with ``{"username", "password"}`` → ``{"session",
  "error_code": 0}``; the password is the station's gateway secret (sync set-up stores it next to
  the station secret), never logged;
- every call: ``POST {gateway_url}{integration_path}`` with ``Content-Type: application/json;
  charset utf-8`` and ``{"session", "madonvi", "service", "isUpdating", "data": [...]}``;
- a record: ``TraCuuHoSo`` (``mahoso``) says whether the gateway holds it, then ``DongBoHoSoMC``
  with ``isUpdating`` "False" (create) or "True" (update); a create answered "đã tồn tại" is sent
  again as an update, never as a second record. What is known about a dossier is kept per code
  (its record is there, these progress entries are there) and forgotten on any doubt, so a retry
  after a crash or a lost answer asks again instead of creating again;
- progress entries: ``CapNhatTienDoHoSoMC``, separately, never nested in the record (the
  record's own receipt entry goes right after the record), at most 10 per call, only those the
  gateway's ``TraCuuHoSo`` answer does not already list;
- an answer whose ``error_code`` is not "0"/"00" is the item's retry (the gateway's own failure)
  or attention (a refusal, with the gateway's message); an expired session signs in once more.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from counter_app.i18n import _

from ..errors import TransientError
from ..http import HttpClient
from . import national
from .base import DONE, RETRY, Item, ItemResult

log = logging.getLogger(__name__)


class LgspAdapter(national.GatewayAdapter):
    name = "lgsp"
    OPTIONS = {
        "gateway_url": "Địa chỉ cổng LGSP (--gateway-url)",
        "auth_path": "Đường dẫn đăng nhập (--auth-path)",
        "integration_path": "Đường dẫn tích hợp (--integration-path)",
        "madonvi": "Mã đơn vị (--madonvi)",
        "username": "Tên đăng nhập cổng (--username)",
    }

    def __init__(self) -> None:
        super().__init__()
        self._session: str | None = None
        self._session_lock = threading.Lock()
        self.logins = 0

    @classmethod
    def check_options(cls, options: dict[str, str], *, has_password: bool) -> None:
        from counter_app.errors import UserError

        missing = [label for name, label in cls.OPTIONS.items() if not (options.get(name) or "").strip()]
        if missing:
            raise UserError(_("Thiếu thông tin cấu hình cổng kết nối: {names}.").format(names=", ".join(missing)))
        national.check_urls(options, {k: v for k, v in cls.OPTIONS.items() if k in ("gateway_url", "auth_path",
                                                                                     "integration_path")})
        if (options.get("download_base") or "").strip():
            national.check_urls(options, {"download_base": cls.OPTIONAL["download_base"]})
        if not has_password:
            raise UserError(_("Chưa có mật khẩu đăng nhập cổng LGSP: hãy nhập mật khẩu (qua đầu vào chuẩn với "
                              "--gateway-password-stdin, hoặc trong hộp thiết lập đồng bộ)."))

    def check_gateway(self, client: HttpClient, password: str | None) -> None:
        """The settings as typed, then a sign-in with ``password`` (a ``UserError`` for a missing
        setting, :class:`TransientError` with the gateway's reason for a refused sign-in)."""
        self.check_options(self.options, has_password=bool(password))
        self._password = password
        with self._session_lock:
            self._session = None
        self._login(client)

    # -- session ----------------------------------------------------------------------------
    def _url(self, path_option: str) -> str:
        return self.opt("gateway_url").rstrip("/") + self.opt(path_option)

    def _login(self, client: HttpClient) -> str:
        with self._session_lock:
            if self._session:
                return self._session
            password = self.password()
            if not password:
                raise TransientError(_("Chưa có mật khẩu đăng nhập cổng LGSP: giám sát nhập ở Đồng bộ → "
                                       "\"Thiết lập đồng bộ…\" (hoặc counter-app sync-setup)."), kind="auth")
            ans = self.post(client, self._url("auth_path"), {"username": self.opt("username"), "password": password})
            session = ans.data.get("session")
            if not ans.ok or not isinstance(session, str) or not session.strip():
                log.warning("the LGSP gateway refused the sign-in (error_code %s)", ans.code)
                raise TransientError(_("Cổng LGSP từ chối đăng nhập (mã lỗi {code}): {detail}. Hãy kiểm tra tên "
                                       "đăng nhập và mật khẩu trong \"Thiết lập đồng bộ…\".")
                                     .format(code=ans.code, detail=ans.message or "-"), kind="auth")
            self._session = session.strip()
            self.logins += 1
            return self._session

    def _drop_session(self, session: str) -> None:
        with self._session_lock:
            if self._session == session:
                self._session = None

    def call(self, client: HttpClient, service: str, *, updating: bool | None = None,
             **fields: Any) -> national.GatewayAnswer:
        """One envelope call; an expired session signs in again once."""
        for attempt in (1, 2):
            session = self._login(client)
            body: dict[str, Any] = {"session": session, "madonvi": self.opt("madonvi"), "service": service}
            if updating is not None:
                body["isUpdating"] = "True" if updating else "False"
            body.update(fields)
            try:
                ans = self.post(client, self._url("integration_path"), body)
            except TransientError as exc:
                if exc.kind == "auth" and attempt == 1:  # HTTP 401/403: the session, most likely
                    self._drop_session(session)
                    continue
                raise
            if ans.session_expired:
                self._drop_session(session)
                if attempt == 1:
                    continue
                raise TransientError(_("Cổng LGSP không nhận phiên đăng nhập mới ({detail}); sẽ thử lại sau.")
                                     .format(detail=ans.message or ans.code), kind="auth")
            return ans
        raise AssertionError("unreachable")  # pragma: no cover

    # -- what the gateway holds -------------------------------------------------------------
    def lookup(self, client: HttpClient, code: str) -> set[tuple[str, str, str, str]] | None:
        """``TraCuuHoSo``: None when the gateway does not hold ``code``; else the progress entries
        it lists for it (empty when its answer lists none)."""
        ans = self.call(client, "TraCuuHoSo", mahoso=code)
        if not ans.ok:
            if ans.code in national.RETRY_CODES:
                raise TransientError(_("Cổng LGSP không tra cứu được hồ sơ {code} (mã lỗi {err}); sẽ thử lại sau.")
                                     .format(code=code, err=ans.code), kind="server")
            return None  # "not found" answered as an error code
        result = ans.data.get("result")
        found = [r for r in result if isinstance(r, dict) and r.get("MaHoSo", code) == code] \
            if isinstance(result, list) else []
        if not found:
            return None
        keys: set[tuple[str, str, str, str]] = set()
        for rec in found:
            for entry in rec.get(national.NESTED) or []:
                if isinstance(entry, dict):
                    keys.add(national.entry_key({"MaHoSo": code, **entry}))
        return keys

    def known(self, client: HttpClient, code: str) -> set[tuple[str, str, str, str]] | None:
        with self._lock:
            cached = self._known.get(code)
        if cached is not None:
            return cached
        keys = self.lookup(client, code)
        if keys is not None:
            with self._lock:
                self._known[code] = keys
        return keys

    def _post_entries(self, client: HttpClient, part: list[dict[str, Any]]) -> ItemResult | None:
        codes = {str(e.get("MaHoSo") or "") for e in part}
        try:
            ans = self.call(client, "CapNhatTienDoHoSoMC", data=part)
        except BaseException:
            for code in codes:  # did they arrive? asked again before the next try
                self.forget(code)
            raise
        if not ans.ok:
            for code in codes:
                self.forget(code)
            return national.refused(ans, _("bước xử lý"))
        with self._lock:
            for e in part:
                known = self._known.get(str(e.get("MaHoSo") or ""))
                if known is not None:
                    known.add(national.entry_key(e))
        return None

    def entries(self, client: HttpClient, groups: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, ItemResult | None]:
        """Each dossier's progress entries the gateway does not hold yet (asked when not known),
        10 per call; each code's outcome (None: all there now)."""
        out: dict[str, ItemResult | None] = {}
        todo = []
        for code, items in groups:
            try:
                known = self.known(client, code)
            except TransientError as exc:
                if exc.offline or exc.kind in national.STOPS:
                    raise
                out[code] = ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)
                continue
            if known is None:
                out[code] = ItemResult(RETRY, _("Cổng LGSP chưa có hồ sơ {code}; bước xử lý sẽ gửi lại sau.")
                                       .format(code=code), "server")
                continue
            todo.append((code, [e for e in items if national.entry_key(e) not in known]))
        out.update(national.send_groups(todo, lambda part: self._post_entries(client, part)))
        return out

    # -- the engine's calls ---------------------------------------------------------------
    def push_records(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        results: dict[str, ItemResult] = {}
        # Records never sent before (first attempt of a dossier's first row, the one carrying its
        # receipt entry) cannot be at the gateway: they go together as one create, no lookup.
        fresh = [i for i in items if i.attempts <= 1 and i.body.get(national.NESTED)]
        if len(fresh) > 1:
            results.update(self._create_together(client, fresh))
        rest = [i for i in items if i.key not in results]
        ask = {i.key: not (i in fresh and len(fresh) == 1) for i in rest}
        for item, res in zip(rest, national.each(rest, lambda item: self._record(client, item, ask[item.key])),
                             strict=True):
            results[item.key] = res
        return [results[i.key] for i in items]

    def _create_together(self, client: HttpClient, fresh: list[Item]) -> dict[str, ItemResult]:
        """One ``DongBoHoSoMC`` create of ``fresh`` records, then their receipt entries; {} when
        the gateway refused the create (each is then sent on its own, asking first)."""
        bodies = [{k: v for k, v in i.body.items() if k != national.NESTED} for i in fresh]
        codes = [str(b.get("MaHoSo") or "") for b in bodies]
        try:
            ans = self.call(client, "DongBoHoSoMC", updating=False, data=bodies)
        except TransientError as exc:
            if exc.offline or exc.kind in national.STOPS:
                raise
            # Did they arrive? Their next attempt asks first.
            return {i.key: ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after) for i in fresh}
        if not ans.ok:
            log.info("a create of %d records was refused (error_code %s); sending them one by one", len(fresh), ans.code)
            return {}
        with self._lock:
            for code in codes:
                self._known[code] = set()
        outcome = self.entries(client, [(c, i.body[national.NESTED]) for c, i in zip(codes, fresh, strict=True)])
        return {i.key: outcome.get(c) or national.done({"MaHoSo": c, "isUpdating": "False"})
                for c, i in zip(codes, fresh, strict=True)}

    def _record(self, client: HttpClient, item: Item, ask: bool = True) -> ItemResult:
        body = dict(item.body)
        entries = body.pop(national.NESTED, None) or []
        code = str(body.get("MaHoSo") or "")
        try:
            exists = self.known(client, code) is not None if ask else False
            ans = self.call(client, "DongBoHoSoMC", updating=exists, data=[body])
            if not exists and not ans.ok and ans.exists:  # created meanwhile: it is an update
                exists = True  # (which entries it holds is asked again before they are sent)
                ans = self.call(client, "DongBoHoSoMC", updating=True, data=[body])
            elif not exists and ans.ok:
                with self._lock:
                    self._known[code] = set()  # just created: no progress entry yet
            if not ans.ok:
                self.forget(code)
                return national.refused(ans, _("hồ sơ"))
        except BaseException:
            self.forget(code)
            raise
        refusal = self.entries(client, [(code, entries)]).get(code)
        if refusal is not None:
            return refusal
        return national.done({"MaHoSo": code, "isUpdating": "True" if exists else "False"})

    def push_progress(self, client: HttpClient, items: list[Item]) -> list[ItemResult]:
        # Entries of one dossier go in order; each dossier's outcome is its items'.
        groups = national.by_code(items)
        outcome = self.entries(client, [(code, [i.body for i in its]) for code, its in groups])
        return [outcome.get(str(i.body.get("MaHoSo") or "")) or national.done({"MaHoSo": i.body.get("MaHoSo")})
                for i in items]
