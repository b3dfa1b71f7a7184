"""What the national-gateway adapters share (:mod:`.lgsp`, :mod:`.three_url`).

Both speak the public DTOs of the national sync (domain reference §3.3, §13):

- the record ``HoSoDongBoDVC``: exactly the DTO's fields, every value a string except
  ``DanhSachTepDinhKemKhac[].SoLuong`` and ``LoaiGiayTo`` (integers in the C# DTO); progress
  entries (``QuaTrinhXuLyDongBoDVC``) are *not* nested: they go by a service of their own;
- files are download URLs the national side fetches: scans still go up by tus to the station's
  configured server (the file service, ``server_url``), and the record carries their URLs (or
  ``download_base`` + sha256 when the province publishes them under another address);
- answers are ``{error_code, message}``; "0"/"00" is success, a message containing "đã tồn tại"
  on a create means the record is there (the adapter sends it again as an update).

A gateway has no idempotency key: a record is never created twice because the adapter asks (or
is told "đã tồn tại") before it creates; a progress entry is told apart by its own fields
(:func:`entry_key`: dossier code, time, status, text), which is what a gateway must treat as
"the same entry" when it is sent again after a lost answer (docs/sync-protocol.md).
"""

from __future__ import annotations

import dataclasses
import json
import threading
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from counter_app.errors import UserError
from counter_app.i18n import N_, _

from .. import answers
from ..config import GATEWAY_SECRET, SyncConfig, secret_store
from ..errors import PermanentError, TransientError
from ..http import CAPTIVE_MSG, HttpClient, is_json
from .base import ATTENTION, DONE, RETRY, ItemResult, PullPage
from .reference import ReferenceAdapter

# --- the DTOs (§3.3) ------------------------------------------------------------------------------

RECORD_FIELDS = (
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo", "SoGiayToChuHoSo",
    "LoaiDoiTuong", "MaDoiTuong", "ThongTinKhac", "Email", "Fax", "SoDienThoai", "TrichYeuHoSo", "NgayNopHoSo",
    "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi", "TrangThaiHoSo", "ThongTinTra",
    "HinhThuc", "DonViXuLy", "GhiChu", "NoiNopHoSo", "HoSoCoThanhPhanSoHoa", "TaiKhoanDuocXacThucVoiVNeID",
    "DuocThanhToanTrucTuyen",
)
LIST_FIELDS = {
    "DinhDanhCHS": ("LoaiDinhDanh", "SoDinhDanh"),
    "DSKetNoiCSDL": ("MaCSDL",),
    "TaiLieuNop": ("TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo", "DuongDanTaiTepTin", "DuocSoHoa",
                   "DuocTaiSuDung", "DuocLayTuKhoDMQG", "MaKetQuaThayThe"),
    "DanhSachLePhi": ("TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi"),
    "DanhSachTepDinhKemKhac": ("TenGiayTo", "SoLuong", "LoaiGiayTo"),
    "DanhSachHoSoBoSung": ("HoSoBoSungId", "NguoiYeuCauBoSung", "NoiDungBoSung", "NgayBoSung", "NguoiTiepNhanBoSung",
                           "ThongTinTiepNhan", "NgayTiepNhanBoSung", "TrangThaiBoSung", "DanhSachGiayToBoSung",
                           "DanhSachLePhiBoSung", "NgayHenTraTruoc", "NgayHenTraMoi"),
    "DanhSachGiayToKetQua": ("TenGiayTo", "MaThanhPhanHoSo", "GiayToId", "DuongDanTepTinKetQua", "MaGiayToKetQua"),
}
URL_FIELDS = {"TaiLieuNop": "DuongDanTaiTepTin", "DanhSachGiayToKetQua": "DuongDanTepTinKetQua"}  # file links
INT_FIELDS = {("DanhSachTepDinhKemKhac", "SoLuong"), ("DanhSachTepDinhKemKhac", "LoaiGiayTo")}
PROGRESS_FIELDS = ("MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy", "TrangThai",
                   "NgayBatDau", "NgayKetThucTheoQuyDinh")
NESTED = "QuaTrinhXuLy"  # kept in the frozen body, sent by the progress service after the record
PROGRESS_CHUNK = 10  # entries per progress call (as the public three-URL client sends them)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    """An integer field: the national model carries it as a string ("" = not known: 0)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = _text(value).strip()
    return int(text) if text.lstrip("-").isdigit() else 0


def _item(list_name: str, item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in LIST_FIELDS[list_name]:
        value = item.get(name)
        if (list_name, name) in INT_FIELDS:
            out[name] = _int(value)
        elif isinstance(value, list):  # nested lists of a supplement round go as they are
            out[name] = value
        elif name in ("DanhSachGiayToBoSung", "DanhSachLePhiBoSung"):
            out[name] = []
        else:
            out[name] = _text(value)
    return out


def file_url(item: dict[str, Any], download_base: str, field: str = "DuongDanTaiTepTin") -> str:
    """``DuongDanTaiTepTin`` of an uploaded file (``DuongDanTepTinKetQua`` of a result document):
    the file service's URL, or the province's public download base + the file's sha256 when one
    is configured."""
    sha = item.get("Sha256") or ""
    if download_base and sha:
        return download_base.rstrip("/") + "/" + sha
    return _text(item.get(field))


def record_dto(record: dict[str, Any], download_base: str = "") -> dict[str, Any]:
    """The DTO of a record from the national model: exactly the DTO's fields and types; the
    nested progress entries kept aside under :data:`NESTED` (DTO-shaped) for the progress call."""
    out: dict[str, Any] = {name: _text(record.get(name)) for name in RECORD_FIELDS}
    for list_name in LIST_FIELDS:
        items = [i for i in (record.get(list_name) or []) if isinstance(i, dict)]
        shaped = [_item(list_name, i) for i in items]
        if list_name in URL_FIELDS:
            for src, dst in zip(items, shaped, strict=True):
                dst[URL_FIELDS[list_name]] = file_url(src, download_base, URL_FIELDS[list_name])
        out[list_name] = shaped
    out[NESTED] = [progress_dto(e) for e in record.get(NESTED) or [] if isinstance(e, dict)]
    return out


def progress_dto(entry: dict[str, Any]) -> dict[str, str]:
    return {name: _text(entry.get(name)) for name in PROGRESS_FIELDS}


def entry_key(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    """What tells one progress entry from another at a gateway (no idempotency key there)."""
    return (_text(entry.get("MaHoSo")), _text(entry.get("ThoiDiemXuLy")), _text(entry.get("TrangThai")),
            _text(entry.get("NoiDungXuLy")))


def chunks(seq: list[Any], n: int = PROGRESS_CHUNK) -> list[list[Any]]:
    return [seq[i:i + n] for i in range(0, len(seq), n)]


# --- answers -----------------------------------------------------------------------------------

EXISTS = "đã tồn tại"
OK_CODES = ("0", "00")
RETRY_CODES = ("-1", "500", "502", "503", "504")  # the gateway's own failure: try again later
SESSION_CODES = ("401", "-401", "-2")  # the session is unknown or expired: sign in again


@dataclasses.dataclass
class GatewayAnswer:
    code: str
    message: str
    data: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.code in OK_CODES

    @property
    def exists(self) -> bool:
        return EXISTS in self.message.lower()

    @property
    def session_expired(self) -> bool:
        msg = self.message.lower()
        return not self.ok and (self.code in SESSION_CODES or "session" in msg or "phiên làm việc" in msg
                                or "phiên đăng nhập" in msg)

    @property
    def says_success(self) -> bool:
        """The message says "thành công" (and not "không thành công")."""
        msg = self.message.lower()
        return "thành công" in msg and "không thành công" not in msg


def parse_answer(gw: HttpClient, resp: Any) -> GatewayAnswer:
    """``{error_code, message, …}`` of a gateway answer (HTTP errors mapped as for the
    reference server; an HTML page is a captive portal; a wrong shape waits and is retried)."""
    gw.check(resp)
    if not is_json(resp) and not (resp.content or b"").lstrip().startswith(b"{"):
        raise TransientError(_(CAPTIVE_MSG), kind="captive")
    data = answers.parse_json(resp.content or b"")
    if not isinstance(data, dict) or "error_code" not in data:
        raise answers.bad(N_("không có error_code"))
    code = data.get("error_code")
    if isinstance(code, bool) or not isinstance(code, (int, str)):
        raise answers.bad(N_("error_code không phải số hay chuỗi"))
    message = data.get("message")
    message = unicodedata.normalize("NFC", message[: answers.MAX_TEXT]) if isinstance(message, str) else ""
    return GatewayAnswer(str(code).strip(), message, data)


def refused(answer: GatewayAnswer, what: str) -> ItemResult:
    """The outcome of an item the gateway did not accept (``what``: "hồ sơ", "bước xử lý")."""
    detail = answer.message or _("(không có thông báo)")
    if answer.code in RETRY_CODES:
        return ItemResult(RETRY, _("Cổng kết nối quốc gia/tỉnh gặp lỗi tạm thời khi nhận {what} (mã lỗi {code}: "
                                   "{detail}); sẽ gửi lại sau.").format(what=what, code=answer.code, detail=detail),
                          "server")
    return ItemResult(ATTENTION, _("Cổng kết nối quốc gia/tỉnh từ chối {what} (mã lỗi {code}): {detail}")
                      .format(what=what, code=answer.code, detail=detail), "rejected")


def done(ack: dict[str, Any]) -> ItemResult:
    return ItemResult(DONE, ack=ack)


# --- settings -------------------------------------------------------------------------------------

def check_urls(options: dict[str, str], names: dict[str, str]) -> None:
    """Each named option present and an http(s) URL (``names``: option → Vietnamese label)."""
    missing = [label for name, label in names.items() if not (options.get(name) or "").strip()]
    if missing:
        raise UserError(_("Thiếu thông tin cấu hình cổng kết nối: {names}.").format(names=", ".join(missing)))
    for name, label in names.items():
        value = options[name].strip()
        if name.endswith("_path"):
            if not value.startswith("/"):
                raise UserError(_("{label} phải bắt đầu bằng \"/\" (ví dụ /api/dongbo).").format(label=label))
            continue
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(_("{label} phải là địa chỉ bắt đầu bằng https:// (hoặc http:// khi thử nghiệm).")
                            .format(label=label))


class GatewayAdapter(ReferenceAdapter):
    """Files by tus to the file service (the configured server, as the reference adapter
    sends them); records and progress to a national gateway (subclasses). A gateway has no
    change feed and no place for the audit anchor."""

    OPTIONS: dict[str, str] = {}  # option → Vietnamese label (required ones)
    OPTIONAL: dict[str, str] = {"download_base": "Địa chỉ tải tệp công khai"}

    def __init__(self) -> None:
        self.options: dict[str, str] = {}
        self._password: str | None = None  # a password being checked, not stored yet
        self.cfg: SyncConfig | None = None
        self.data_dir: Path | None = None
        self._clients: dict[str, HttpClient] = {}
        self._lock = threading.RLock()
        # Per dossier code, the progress entries (entry_key) the gateway is known to hold; a code
        # is here only when its record is known to be at the gateway. Forgotten on any doubt.
        self._known: dict[str, set[tuple[str, str, str, str]]] = {}

    def bind(self, cfg: Any, data_dir: Path | None) -> None:
        self.cfg = cfg
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.options = dict(getattr(cfg, "adapter_options", None) or {})

    def password(self) -> str | None:
        if self._password is not None:
            return self._password
        if self.cfg is None or self.data_dir is None:
            return None
        return secret_store(self.data_dir, self.cfg, GATEWAY_SECRET).get()

    def check_gateway(self, client: HttpClient, password: str | None) -> None:
        """"Kiểm tra kết nối": the settings as typed (``password``: typed or stored) reach the
        gateway; :class:`SyncError` with the reason otherwise. The default checks the settings
        only (a gateway without a sign-in has nothing to ask without sending a record)."""
        self.check_options(self.options, has_password=bool(password))

    def opt(self, name: str) -> str:
        value = (self.options.get(name) or "").strip()
        if not value:
            label = self.OPTIONS.get(name, name)
            raise PermanentError(_("Thiếu thông tin cấu hình cổng kết nối: {name}. Giám sát hãy chạy lại "
                                   "\"Thiết lập đồng bộ…\".").format(name=label), kind="config")
        return value

    def gateway(self, client: HttpClient, url: str) -> HttpClient:
        """The HTTP client for ``url``'s origin (its own origin checks: nothing the gateway
        answers can send a request elsewhere; the station's bearer token never goes there)."""
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            gw = self._clients.get(base)
            if gw is None:
                gw = HttpClient(dataclasses.replace(client.cfg, server_url=base), lambda: None)
                self._clients[base] = gw
            return gw

    def post(self, client: HttpClient, url: str, body: dict[str, Any]) -> GatewayAnswer:
        gw = self.gateway(client, url)
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        resp = gw.request("POST", url, auth=False, data=raw, cap=answers.CAPS["batch"],
                          headers={"Content-Type": "application/json; charset=utf-8"})
        return parse_answer(gw, resp)

    def record_body(self, record: dict[str, Any]) -> dict[str, Any]:
        return record_dto(record, (self.options.get("download_base") or "").strip())

    def progress_body(self, entry: dict[str, Any]) -> dict[str, Any]:
        return progress_dto(entry)

    def pull(self, client: HttpClient, cursor: str | None, limit: int) -> PullPage:
        return PullPage(changes=[], cursor=cursor or "", more=False)

    def push_anchor(self, client: HttpClient, anchor: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def forget(self, code: str) -> None:
        with self._lock:
            self._known.pop(code, None)

    def close(self) -> None:
        for gw in self._clients.values():
            gw.close()


STOPS = ("auth", "tls", "captive", "redirect")  # about the station or the link, not one item


def each(items: list[Any], one) -> list[ItemResult]:
    """``one(item)`` for each item in turn, each with its own outcome: a transient failure is
    that item's retry; one that says the gateway or the link is out of reach ends the batch
    (raised when nothing was done yet, so the engine sees it as it sees the reference server's)."""
    out: list[ItemResult] = []
    for i, item in enumerate(items):
        try:
            out.append(one(item))
        except TransientError as exc:
            res = ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)
            if exc.offline or exc.kind in STOPS:
                if not any(r.outcome == DONE for r in out):
                    raise
                return out + [res] * (len(items) - i)
            out.append(res)
        except PermanentError as exc:
            out.append(ItemResult(ATTENTION, exc.message, exc.kind))
    return out


def send_groups(groups: list[tuple[str, list[dict[str, Any]]]], post_part) -> dict[str, ItemResult | None]:
    """Progress entries of several dossiers (``groups``: code → its entries in order), at most
    :data:`PROGRESS_CHUNK` per call, dossiers after one another. ``post_part(entries)`` returns
    None when the gateway took them, else the refusal's outcome. A dossier whose call failed
    sends none of its later entries (its order holds); each code's outcome is returned (None:
    all sent). A failure about the link or the station ends the sending (raised when nothing
    was sent yet, so the engine sees it as it sees the reference server's)."""
    failed: dict[str, ItemResult] = {}
    pending = [(code, e) for code, entries in groups for e in entries]
    sent_any = False
    while pending:
        part, pending = pending[:PROGRESS_CHUNK], pending[PROGRESS_CHUNK:]
        codes = {c for c, _e in part}
        try:
            res = post_part([e for _c, e in part])
        except TransientError as exc:
            if (exc.offline or exc.kind in STOPS) and not sent_any:
                raise
            res = ItemResult(RETRY, exc.message, exc.kind, retry_after=exc.retry_after)
            if exc.offline or exc.kind in STOPS:
                codes |= {c for c, _e in pending}
                pending = []
        except PermanentError as exc:
            res = ItemResult(ATTENTION, exc.message, exc.kind)
        if res is None:
            sent_any = True
            continue
        for c in codes:
            failed.setdefault(c, res)
        pending = [(c, e) for c, e in pending if c not in codes]
    return {code: failed.get(code) for code, _entries in groups}


def by_code(items: list[Any]) -> list[tuple[str, list[Any]]]:
    """Items grouped by their body's ``MaHoSo``, in first-seen order (each group keeps its order)."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(_text(item.body.get("MaHoSo")), []).append(item)
    return list(groups.items())
