"""The HTTP client the adapters speak through.

- every call has a (connect, read) timeout;
- the station secret is exchanged for a short-lived bearer token (``POST /api/v1/auth/token``),
  renewed before it expires and once more on a 401;
- TLS verification is always on (requests' default CA store, or ``ca_bundle``); proxies from
  the environment work (requests' ``trust_env``);
- redirects are never followed automatically: a redirect within the same origin (scheme, host,
  port) is followed for 307/308 only, a redirect anywhere else is a failure and nothing — least
  of all the credential — is sent there;
- a 2xx answer that is not JSON (an HTML page from a captive portal) is a failure, not a success;
- every request goes to the configured origin: an absolute URL from the server (a tus
  ``Location``, a ``File-Url``) on another origin is refused (:class:`ForeignOrigin`) before any
  byte is sent, and the bearer token is attached only to requests for that origin;
- every answer body is streamed and read up to a cap for its kind (:data:`sync.answers.CAPS`);
  a bigger one is refused without being read whole; JSON is parsed with a nesting limit
  (:func:`sync.answers.parse_json`).

Errors are :class:`sync.errors.TransientError` (try later) or :class:`PermanentError` (the server
refused the content), with Vietnamese messages.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from counter_app import __version__
from counter_app.i18n import N_, _

from . import answers
from .backoff import parse_retry_after
from .config import SyncConfig
from .errors import PermanentError, TransientError

log = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 3
CAPTIVE_MSG = N_("Nhận được một trang web thay vì phản hồi của hệ thống tỉnh (mạng có thể đang yêu cầu "
               "đăng nhập Wi-Fi/captive portal). Sẽ thử lại sau.")


def origin(url: str) -> tuple[str, str, int]:
    p = urlsplit(url)
    port = p.port or (443 if p.scheme == "https" else 80)
    return p.scheme.lower(), (p.hostname or "").lower(), port


FOREIGN_MSG = N_("Hệ thống tỉnh trả về địa chỉ thuộc máy chủ khác ({host}); không gửi dữ liệu và thông tin xác thực "
               "của trạm đến đó. Hãy báo quản trị viên kiểm tra máy chủ tỉnh.")


class ForeignOrigin(PermanentError):
    """An absolute URL from the server that is not on the configured origin (or not http/https)."""

    kind = "foreign-origin"


def _error_message(resp: requests.Response) -> str:
    try:
        data = answers.parse_json(resp.content or b"")
    except answers.BadAnswer:
        return ""
    if isinstance(data, dict):
        err = data.get("error")
        msg = err.get("message") if isinstance(err, dict) else err
        if isinstance(msg, str):
            return msg[: answers.MAX_TEXT]
    return ""


error_message = _error_message  # the server's message of an error answer (capped), for adapters


def read_capped(resp: requests.Response, cap: int) -> bytes:
    """The body of a streamed response, at most ``cap`` bytes; :class:`sync.answers.BadAnswer`
    (the connection closed) when there is more. Never holds more than cap + one chunk."""
    try:
        length = int(resp.headers.get("Content-Length") or -1)
    except ValueError:
        length = -1
    buf = bytearray()
    try:
        if length > cap:
            raise answers.too_big(cap)
        for chunk in resp.iter_content(64 * 1024):
            buf += chunk
            if len(buf) > cap:
                raise answers.too_big(cap)
    except OSError as exc:  # the connection cut while reading the body (requests' own errors)
        raise TransientError(_("Kết nối tới máy chủ tỉnh bị ngắt giữa chừng.")) from exc
    finally:
        resp.close()
    return bytes(buf)


def is_json(resp: requests.Response) -> bool:
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def _offline(exc: requests.RequestException) -> bool:
    """True when the server could not be reached at all (no route, refused, DNS, connect timeout)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(reason, NewConnectionError) or "NameResolution" in type(reason).__name__:
            return True
    return False


class HttpClient:
    """Thread-safe: one requests.Session per thread, one shared token."""

    def __init__(self, cfg: SyncConfig, secret: Callable[[], str | None]) -> None:
        self.cfg = cfg
        self._secret = secret
        self._local = threading.local()
        self._token_lock = threading.Lock()
        self._token: str | None = None
        self._token_expires = 0.0
        self._sessions: list[requests.Session] = []
        self.token_renewals = 0

    # -- plumbing ---------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.verify = self.cfg.ca_bundle or True
            s.headers["User-Agent"] = f"counter-app/{__version__}"
            s.headers["Accept-Encoding"] = "identity"  # caps count what the server sends, no decompression
            self._local.session = s
            with self._token_lock:
                self._sessions.append(s)
        return s

    def close(self) -> None:
        with self._token_lock:
            for s in self._sessions:
                s.close()
            self._sessions.clear()

    def same_origin(self, url: str) -> bool:
        return urlsplit(url).scheme.lower() in ("http", "https") and origin(url) == origin(self.cfg.base_url)

    def url(self, path: str) -> str:
        """The absolute URL of ``path``; an absolute URL must be on the configured origin
        (:class:`ForeignOrigin` otherwise: nothing is sent there)."""
        if "://" in path[:16] or path.startswith("//"):
            if not self.same_origin(path):
                raise self.foreign(path)
            return path
        if not path.startswith("/"):
            raise ForeignOrigin(_(FOREIGN_MSG).format(host="?"), kind="foreign-origin")
        return self.cfg.base_url + path

    def resolve(self, base: str, ref: str) -> str:
        """``ref`` (a Location, a File-Url) resolved against ``base``, accepted only on the
        configured origin with http/https."""
        if not isinstance(ref, str) or len(ref) > answers.MAX_URL_LEN or any(c in ref for c in "\r\n\0"):
            raise ForeignOrigin(_(FOREIGN_MSG).format(host="?"), kind="foreign-origin")
        target = urljoin(base, ref.strip())
        if not self.same_origin(target):
            raise self.foreign(target)
        return target

    @staticmethod
    def foreign(url: str) -> ForeignOrigin:
        try:
            p = urlsplit(url)
            host = f"{p.scheme}://{p.hostname or ''}" + (f":{p.port}" if p.port else "")
        except ValueError:
            host = "?"
        log.warning("refused an address on another origin (%s)", urlsplit(url).scheme)
        return ForeignOrigin(_(FOREIGN_MSG).format(host=host[:120]), kind="foreign-origin")

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.cfg.connect_timeout, self.cfg.read_timeout)

    def _raw(self, method: str, url: str, *, stream: bool = False, cap: int | None = None,
             **kw: Any) -> requests.Response:
        """One HTTP exchange with redirect policy and network errors mapped to TransientError.
        The body is always streamed: with ``stream`` the caller reads it; otherwise it is read
        here, at most ``cap`` bytes (an error status: at most the error cap, the rest dropped)."""
        base = origin(self.cfg.base_url)
        if not self.same_origin(url):  # the last line of defence: nothing leaves for another origin
            raise self.foreign(url)
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                # verify is passed on each call: requests would otherwise let REQUESTS_CA_BUNDLE /
                # CURL_CA_BUNDLE from the environment override the configured CA bundle.
                resp = self._session().request(method, url, allow_redirects=False, timeout=self.timeout,
                                               verify=self.cfg.ca_bundle or True, stream=True, **kw)
            except requests.exceptions.SSLError as exc:
                log.warning("TLS failure talking to the province: %s", type(exc).__name__)
                raise TransientError(
                    _("Không xác minh được chứng chỉ bảo mật (TLS) của máy chủ tỉnh; kiểm tra cấu hình chứng chỉ CA."),
                    kind="tls",
                ) from exc
            except requests.RequestException as exc:
                offline = _offline(exc)
                log.info("network failure (%s) on %s %s", type(exc).__name__, method, urlsplit(url).path)
                if offline:
                    msg = _("Không kết nối được tới máy chủ tỉnh (mất mạng hoặc máy chủ không hoạt động).")
                elif isinstance(exc, requests.Timeout):
                    msg = _("Máy chủ tỉnh không trả lời kịp thời (quá thời gian chờ).")
                else:
                    msg = _("Kết nối tới máy chủ tỉnh bị ngắt giữa chừng.")
                raise TransientError(msg, offline=offline) from exc
            if resp.status_code not in REDIRECTS:
                if not stream:
                    self._read_body(resp, method, cap)
                return resp
            location = resp.headers.get("Location", "")
            target = urljoin(url, location)
            resp.close()
            if origin(target) != base or resp.status_code not in (307, 308):
                log.warning("redirect to another origin or method refused (%s)", resp.status_code)
                raise TransientError(
                    _("Máy chủ chuyển hướng sang địa chỉ khác ({host}); "
                      "không gửi dữ liệu và thông tin xác thực đến đó. Mạng có thể đang yêu cầu đăng nhập.")
                    .format(host=urlsplit(target).hostname or "?"),
                    kind="redirect",
                )
            url = target
        raise TransientError(_("Máy chủ chuyển hướng quá nhiều lần."), kind="redirect")

    @staticmethod
    def _read_body(resp: requests.Response, method: str, cap: int | None) -> None:
        if method == "HEAD":
            resp.close()
            resp._content = b""
            return
        if 200 <= resp.status_code < 300:
            resp._content = read_capped(resp, cap or answers.CAPS["default"])
            return
        try:  # an error answer: its message at most; a longer body is cut, not refused
            resp._content = read_capped(resp, answers.CAPS["error"])
        except answers.BadAnswer:
            resp._content = b""

    # -- token ------------------------------------------------------------------------------
    def token(self) -> str:
        with self._token_lock:
            if self._token and time.monotonic() < self._token_expires:
                return self._token
            secret = self._secret()
            if not secret:
                raise TransientError(_("Chưa có khóa bí mật của trạm: giám sát nhập khóa ở Đồng bộ → "
                                       "\"Thiết lập đồng bộ…\" (hoặc counter-app sync-setup)."), kind="auth")
            self._token = None
        resp = self._raw("POST", self.url("/api/v1/auth/token"), cap=answers.CAPS["token"],
                         json={"station": self.cfg.station_id, "secret": secret})
        if resp.status_code in (401, 403):
            raise TransientError(
                _("Hệ thống tỉnh từ chối khóa bí mật của trạm; cần nhập lại khóa do tỉnh cấp (Đồng bộ → "
                  "\"Thiết lập đồng bộ…\", hoặc counter-app sync-setup)."), kind="auth"
            )
        try:
            answer = answers.TokenAnswer.parse(self._json(resp))
        except answers.BadAnswer:
            raise TransientError(_("Hệ thống tỉnh không cấp mã truy cập hợp lệ."), kind="auth") from None
        token, ttl = answer.access_token, answer.expires_in
        with self._token_lock:
            self._token = token
            # Renew a little before expiry (a tenth of the lifetime, at most 60 s early).
            self._token_expires = time.monotonic() + max(0.0, ttl - min(60.0, ttl / 10))
            self.token_renewals += 1
        return token

    def _drop_token(self, token: str) -> None:
        with self._token_lock:
            if self._token == token:
                self._token = None

    # -- requests ---------------------------------------------------------------------------
    def _json(self, resp: requests.Response) -> dict[str, Any]:
        self.check(resp)
        if not is_json(resp):
            raise TransientError(_(CAPTIVE_MSG), kind="captive")
        data = answers.parse_json(resp.content or b"")
        if not isinstance(data, dict):
            raise answers.bad(N_("không phải một đối tượng JSON"))
        return data

    def check(self, resp: requests.Response) -> None:
        """Map an error status to an exception; 2xx passes."""
        code = resp.status_code
        if 200 <= code < 300:
            return
        if resp._content is False:  # a streamed answer not read yet: its message, capped
            self._read_body(resp, "GET", None)
        detail = _error_message(resp)
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        if code == 429:
            raise TransientError(_("Hệ thống tỉnh đang quá tải (429), sẽ gửi lại sau."), kind="busy", retry_after=retry_after)
        if code in (408,) or code >= 500:
            raise TransientError(_("Hệ thống tỉnh gặp lỗi tạm thời ({code}), sẽ gửi lại sau.").format(code=code), kind="server",
                                 retry_after=retry_after)
        if code in (401, 403):
            raise TransientError(_("Hệ thống tỉnh từ chối quyền truy cập của trạm."), kind="auth")
        if code == 409:
            raise PermanentError(
                _("Xung đột dữ liệu (409): hệ thống tỉnh đã nhận nội dung khác với cùng khóa gửi.") + " " + detail,
                kind="conflict",
            )
        raise PermanentError(_("Hệ thống tỉnh từ chối dữ liệu ({code}). {detail}").format(code=code, detail=detail).strip(), kind="rejected")

    def request(self, method: str, path: str, *, auth: bool = True, headers: dict[str, str] | None = None,
                **kw: Any) -> requests.Response:
        """An authenticated exchange; a 401 renews the token once. Returns the response (any
        status): callers use :meth:`check` / :meth:`call` for the mapping."""
        url = self.url(path)
        for attempt in (1, 2):
            h = dict(headers or {})
            token = None
            if auth and self.same_origin(url):  # the credential only ever goes to the configured origin
                token = self.token()
                h["Authorization"] = f"Bearer {token}"
            resp = self._raw(method, url, headers=h, **kw)
            if resp.status_code == 401 and token and attempt == 1:
                resp.close()
                self._drop_token(token)
                continue
            return resp
        return resp  # pragma: no cover - loop always returns

    def json_answer(self, resp: requests.Response) -> dict[str, Any]:
        """The checked JSON object of a response got from :meth:`request` (errors mapped)."""
        return self._json(resp)

    def call(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        """An authenticated JSON call: the parsed JSON object of a 2xx answer, or an exception."""
        return self._json(self.request(method, path, **kw))
