""""Kiểm tra kết nối": can this station reach the province's server and sign in with its secret?

Qt-free and without the database: the GUI's set-up dialog runs :func:`check_connection` on a
background thread with the settings being typed (not yet saved). Two steps, each with its own
readable answer: the adapter's ping (no credential), then the secret exchanged for a token, then
(a national gateway adapter) the gateway's sign-in with the password typed or stored.
Nothing is sent anywhere but the given server's origin (the HTTP client's rules).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .config import SyncConfig
from .errors import SyncError

log = logging.getLogger(__name__)

OK = "Kết nối được, đăng nhập được."
OK_GATEWAY = "Kết nối được, đăng nhập được (cả máy chủ tệp và cổng kết nối)."
REFUSED_SECRET = "Máy chủ từ chối mã bí mật của trạm {station}: hãy kiểm tra lại khóa do hệ thống tỉnh cấp."
UNREACHABLE = "Không kết nối được tới máy chủ: {reason}"
TLS = ("Không xác minh được chứng chỉ bảo mật (TLS) của máy chủ: hãy chọn đúng tệp chứng chỉ CA của tỉnh "
       "(hoặc để trống nếu máy chủ dùng chứng chỉ thông thường).")
CAPTIVE = ("Nhận được một trang web thay vì phản hồi của hệ thống tỉnh: mạng có thể đang yêu cầu đăng nhập "
           "Wi-Fi (captive portal), hoặc địa chỉ máy chủ chưa đúng.")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str
    step: str  # "ping" | "auth" | "gateway" | "done"


def _explain(exc: SyncError, step: str, cfg: SyncConfig) -> CheckResult:
    kind = getattr(exc, "kind", "")
    if kind == "tls":
        return CheckResult(False, TLS, step)
    if kind == "captive":
        return CheckResult(False, CAPTIVE, step)
    if step == "auth" and kind == "auth":
        return CheckResult(False, REFUSED_SECRET.format(station=cfg.station_id), step)
    if step == "auth" and kind == "busy":
        return CheckResult(False, "Máy chủ tạm khóa đăng nhập của trạm vì sai khóa nhiều lần; hãy thử lại sau "
                                  "một phút.", step)
    return CheckResult(False, UNREACHABLE.format(reason=exc.message), step)


def check_connection(cfg: SyncConfig, secret: str, gateway_password: str | None = None) -> CheckResult:
    """Ping the server, then sign in with ``secret``, then (a gateway adapter) sign in at the
    gateway with ``gateway_password``; a :class:`CheckResult` (never raises for what the network
    or the server does; a bad setting is a ``UserError``)."""
    from .adapters import get_adapter
    from .http import HttpClient

    cfg.validate()
    adapter = get_adapter(cfg.adapter)
    client = HttpClient(cfg, lambda: secret)
    try:
        try:
            adapter.ping(client)
        except SyncError as exc:
            log.info("connection check: ping failed (%s)", getattr(exc, "kind", ""))
            return _explain(exc, "ping", cfg)
        try:
            client.token()
        except SyncError as exc:
            log.info("connection check: sign-in failed (%s)", getattr(exc, "kind", ""))
            return _explain(exc, "auth", cfg)
        check_gateway = getattr(adapter, "check_gateway", None)
        if check_gateway is None:
            return CheckResult(True, OK, "done")
        adapter.bind(cfg, None)
        try:
            check_gateway(client, gateway_password)
        except SyncError as exc:
            log.info("connection check: the gateway failed (%s)", getattr(exc, "kind", ""))
            return CheckResult(False, exc.message, "gateway")
        return CheckResult(True, OK_GATEWAY, "done")
    finally:
        client.close()
        getattr(adapter, "close", lambda: None)()
