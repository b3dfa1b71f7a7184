"""What the province's server answers, checked before use (docs/sync-protocol.md, "Hostile servers").

A server may be broken or hostile: every answer is read with a size cap for its kind
(:data:`CAPS`; :meth:`sync.http.HttpClient` streams and stops at cap + 1), parsed with a nesting
limit (:func:`parse_json`) and checked against one small model per answer type below. A wrong
shape raises :class:`BadAnswer` (a :class:`TransientError`, kind ``bad-answer``: the rows wait
and are tried again; the reason, in Vietnamese, reaches the sync panel's last error), or — for a
single item of a batch — becomes that item's retry. Nothing here trusts a field it did not check.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from counter_app.i18n import N_, _

from .errors import TransientError

KB, MB = 1024, 1024 * 1024

# Caps per call kind: the most the client reads of one answer body.
CAPS = {
    "token": 64 * KB,
    "ping": 64 * KB,
    "batch": 4 * MB,  # per-item results of up to batch_size items
    "feed": 32 * MB,  # one page of the change feed
    "tus": 64 * KB,  # tus creation / HEAD / PATCH answers (bodies are ignored)
    "anchor": 64 * KB,  # the province's receipt of an audit anchor
    "error": 64 * KB,  # the body of an error status (read for its message only)
    "default": 1 * MB,
}
MAX_DEPTH = 64  # nesting of arrays/objects in any answer
MAX_CHANGE_BYTES = 4 * MB  # one change of the feed, as stored in sync_inbox
MAX_ID_LEN = 200
MAX_TEXT = 4000  # a server message shown to a clerk
MAX_URL_LEN = 2048

BAD_SHAPE = N_("Phản hồi của hệ thống tỉnh không đúng định dạng ({what}); đã từ chối phản hồi này, sẽ thử lại sau.")


class BadAnswer(TransientError):
    """The server's answer is too big, too deep or of the wrong shape."""

    kind = "bad-answer"


def bad(what: str) -> BadAnswer:
    return BadAnswer(_(BAD_SHAPE).format(what=_(what)), kind="bad-answer")


def too_big(cap: int) -> BadAnswer:
    return BadAnswer(
        _("Phản hồi của hệ thống tỉnh quá lớn (hơn {size}); đã từ chối, không đọc tiếp. Sẽ thử lại sau.").format(
            size=_size(cap)),
        kind="bad-answer",
    )


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n // KB} KB"


# -- parsing --------------------------------------------------------------------------------------

def depth_exceeds(data: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``data`` nests arrays/objects deeper than ``limit`` (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict):
            if d > limit:
                return True
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            if d > limit:
                return True
            stack.extend((v, d + 1) for v in node)
    return False


def _scan_depth(raw: bytes, limit: int) -> bool:
    """A cheap pre-check on the raw bytes: the bracket nesting outside strings exceeds ``limit``.
    Runs before ``json.loads`` so a body nested 100,000 deep never reaches the C parser's
    recursion (which raises RecursionError or worse)."""
    depth = 0
    in_str = esc = False
    for b in raw:
        if in_str:
            if esc:
                esc = False
            elif b == 0x5C:  # backslash
                esc = True
            elif b == 0x22:
                in_str = False
        elif b == 0x22:
            in_str = True
        elif b in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif b in (0x5D, 0x7D):
            depth -= 1
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(raw: bytes, *, limit: int = MAX_DEPTH) -> Any:
    """The JSON value of ``raw``; :class:`BadAnswer` when it is not JSON, not UTF-8, nests deeper
    than ``limit``, or holds NaN/Infinity."""
    if b"[" * (limit + 1) in raw or b"{" * (limit + 1) in raw or (
            raw.count(b"[") + raw.count(b"{") > limit and len(raw) <= 8 * MB and _scan_depth(raw, limit)):
        raise bad(N_("lồng nhau quá sâu"))
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError):
        raise BadAnswer(_("Phản hồi của hệ thống tỉnh không phải JSON hợp lệ; sẽ thử lại sau."), kind="bad-answer") from None
    except RecursionError:
        raise bad(N_("lồng nhau quá sâu")) from None
    if depth_exceeds(data, limit):
        raise bad(N_("lồng nhau quá sâu"))
    return data


# -- small checks ---------------------------------------------------------------------------------

def text(value: Any, what: str, *, max_len: int = MAX_TEXT, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value) or len(value) > max_len:
        raise bad(what)
    return value


def integer(value: Any, what: str, *, lo: int = 0, hi: int = 2**53) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise bad(what)
    return value


def number(value: Any, what: str, *, lo: float = 0, hi: float = 10 * 365 * 86400) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not lo <= value <= hi:
        raise bad(what)
    return float(value)


def obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad(what)
    return value


def header_int(value: str | None, what: str) -> int:
    """A non-negative integer header (tus ``Upload-Offset``); a missing or bad one is refused."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadAnswer(_("Máy chủ không trả về {what} hợp lệ.").format(what=_(what)), kind="bad-answer")
    return int(value)


# -- the answer models ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenAnswer:
    access_token: str
    expires_in: float

    @classmethod
    def parse(cls, data: Any) -> TokenAnswer:
        d = obj(data, N_("mã truy cập"))
        token = d.get("access_token")
        if not isinstance(token, str) or not token or len(token) > 4096 or not token.isascii() \
                or any(c in token for c in "\r\n\0 "):
            raise bad(N_("mã truy cập"))
        ttl = d.get("expires_in", 0)
        return cls(token, number(ttl if ttl is not None else 0, N_("thời hạn mã truy cập")))


@dataclass(frozen=True)
class ItemAnswer:
    """One item of a batch result: status, an optional message and acknowledgement."""

    key: str
    status: int
    message: str
    ack: dict[str, Any] | None


def batch_results(data: Any) -> tuple[dict[str, ItemAnswer], dict[str, str]]:
    """The per-item results of a batch answer, by key; and, by key, the reason of each item whose
    result has the wrong shape (those items wait and are sent again)."""
    d = obj(data, N_("kết quả gửi lô"))
    results = d.get("results")
    if not isinstance(results, list):
        raise bad(N_("kết quả gửi lô: thiếu danh sách results"))
    good: dict[str, ItemAnswer] = {}
    wrong: dict[str, str] = {}
    for r in results:
        if not isinstance(r, dict):
            continue  # nothing to tie it to: the items it may concern get "no answer"
        key = r.get("key")
        if not isinstance(key, str) or not key or len(key) > MAX_ID_LEN:
            continue
        try:
            status = integer(r.get("status"), _("trạng thái của mục {key}").format(key=key), lo=100, hi=599)
            err = r.get("error")
            if err is None:
                message = ""
            elif isinstance(err, dict):
                message = text(err.get("message"), _("thông báo lỗi của mục {key}").format(key=key), required=False)
            elif isinstance(err, str):
                message = text(err, _("thông báo lỗi của mục {key}").format(key=key), required=False)
            else:
                raise bad(_("thông báo lỗi của mục {key}").format(key=key))
            ack = r.get("ack")
            if ack is not None and not isinstance(ack, dict):
                raise bad(_("xác nhận của mục {key}").format(key=key))
        except BadAnswer as exc:
            wrong[key] = exc.message
            good.pop(key, None)
            continue
        if key not in wrong:
            good[key] = ItemAnswer(key, status, message, ack)
    return good, wrong


@dataclass(frozen=True)
class FeedPage:
    changes: list[dict[str, Any]]
    cursor: str
    more: bool
    refused: list[str]  # the reason of each change refused (not stored)


def change_id(change: dict[str, Any]) -> str | None:
    cid = change.get("id")
    if isinstance(cid, bool) or not isinstance(cid, (str, int)):
        return None
    cid = str(cid)
    return cid if cid and len(cid) <= MAX_ID_LEN else None


def feed_page(data: Any, cursor: str | None) -> FeedPage:
    """A page of the change feed. The page itself must be ``{"changes": [...], "cursor": str|int,
    "more": bool}``; each change must be an object with an ``id`` (string or integer), a string
    ``type``, a string ``MaHoSo`` if any, and at most :data:`MAX_CHANGE_BYTES` as stored. A change
    failing this is refused (not stored, not applied, its reason kept); the others go on."""
    d = obj(data, N_("danh sách thay đổi"))
    changes = d.get("changes")
    if not isinstance(changes, list):
        raise bad(N_("danh sách thay đổi"))
    new_cursor = d.get("cursor")
    if new_cursor is None:
        new_cursor = cursor or ""
    if isinstance(new_cursor, bool) or not isinstance(new_cursor, (str, int)) or len(str(new_cursor)) > MAX_ID_LEN:
        raise bad(N_("con trỏ của danh sách thay đổi"))
    more = d.get("more", False)
    if not isinstance(more, bool):
        raise bad(N_("cờ 'more' của danh sách thay đổi"))
    good: list[dict[str, Any]] = []
    refused: list[str] = []
    seen: set[str] = set()
    for i, ch in enumerate(changes, 1):
        if not isinstance(ch, dict):
            refused.append(_("Thay đổi thứ {i} từ hệ thống tỉnh không phải một đối tượng; đã từ chối.").format(i=i))
            continue
        cid = change_id(ch)
        if cid is None:
            refused.append(_("Thay đổi thứ {i} từ hệ thống tỉnh không có mã (id) hợp lệ; đã từ chối, không lưu.").format(i=i))
            continue
        if cid in seen:
            continue  # the same change twice in a page: once is enough
        if not isinstance(ch.get("type"), str) or len(ch["type"]) > MAX_ID_LEN:
            refused.append(_("Thay đổi {id} từ hệ thống tỉnh thiếu loại thay đổi (type); đã từ chối.").format(id=cid))
            continue
        code = ch.get("MaHoSo")
        if code is not None and (not isinstance(code, str) or len(code) > MAX_ID_LEN):
            refused.append(_("Thay đổi {id} từ hệ thống tỉnh có mã hồ sơ (MaHoSo) không hợp lệ; đã từ chối.").format(id=cid))
            continue
        problem = online_change_problem(ch)
        if problem:
            refused.append(_("Thay đổi {id} từ hệ thống tỉnh: hồ sơ trực tuyến không đúng định dạng ({what}); đã từ "
                             "chối, không lưu.").format(id=cid, what=problem))
            continue
        size = len(json.dumps(ch, ensure_ascii=False).encode("utf-8"))
        if size > MAX_CHANGE_BYTES:
            refused.append(_("Thay đổi {id} từ hệ thống tỉnh quá lớn ({size} MB, tối đa {limit}); đã từ chối, "
                             "không lưu.").format(id=cid, size=size // MB, limit=_size(MAX_CHANGE_BYTES)))
            continue
        seen.add(cid)
        good.append(ch)
    return FeedPage(good, str(new_cursor), more, refused)


WIRE_TIME_LEN = 14
ONLINE_FILE_KEYS = ("TepDinhKemId", "TenTepDinhKem", "MaThanhPhanHoSo", "TenThanhPhanHoSo")


def _wire_time_ok(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != WIRE_TIME_LEN or not value.isascii() or not value.isdigit():
        return False
    from datetime import datetime

    try:
        datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def _online_file_problem(i: int, item: Any) -> str | None:
    from counter_app import online

    where = f"TaiLieuNop[{i}]"
    if not isinstance(item, dict):
        return where
    for key in ONLINE_FILE_KEYS:
        value = item.get(key, "")
        if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > 500:
            return f"{where}.{key}"
    if not str(item.get("TenTepDinhKem") or "").strip():
        return f"{where}.TenTepDinhKem"
    sha = item.get("Sha256")
    if not isinstance(sha, str) or not online.SHA256_RE.match(sha.lower()):
        return f"{where}.Sha256"
    size = item.get("DungLuong")
    if isinstance(size, int) and not isinstance(size, bool):
        size = str(size)
    if not isinstance(size, str) or not size.isascii() or not size.isdigit() or int(size) > online.MAX_FILE_BYTES:
        return f"{where}.DungLuong"
    url = item.get("DuongDanTaiTepTin")
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LEN or not (
            url.startswith("/") and not url.startswith("//") or url.startswith(("https://", "http://"))):
        return f"{where}.DuongDanTaiTepTin"
    return None


def online_change_problem(change: dict[str, Any]) -> str | None:
    """What is wrong with an ``online-dossier`` / ``online-dossier-closed`` change (the field
    named as the contract names it), or None (other types: None). docs/sync-protocol.md,
    "Hồ sơ trực tuyến / online dossiers"."""
    kind = change.get("type")
    if kind == "online-dossier-closed":
        code = change.get("MaHoSo")
        if not isinstance(code, str) or not code.strip():
            return "MaHoSo"
        status = change.get("TrangThaiHoSo")
        if not isinstance(status, (str, int)) or isinstance(status, bool) or str(status) not in {
                str(i) for i in range(1, 11)}:
            return "TrangThaiHoSo"
        if not isinstance(change.get("TramXuLy", ""), str) or len(change.get("TramXuLy", "")) > MAX_ID_LEN:
            return "TramXuLy"
        return None
    if kind != "online-dossier":
        return None
    from counter_app import online

    rec = change.get("HoSo")
    if not isinstance(rec, dict):
        return "HoSo"
    for key in ("MaHoSo", "MaTTHC"):
        value = rec.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LEN:
            return key
    if "MaHoSo" in change and change["MaHoSo"] != rec["MaHoSo"]:
        return "MaHoSo"
    for key in ("TenTTHC", "ChuHoSo", "SoGiayToChuHoSo", "Email", "SoDienThoai", "TrichYeuHoSo", "NgaySinhChuHoSo",
                "DiaChiChuHoSo"):
        value = rec.get(key, "")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
            return key
    if str(rec.get("TrangThaiHoSo")) != "1":
        return "TrangThaiHoSo"
    if not _wire_time_ok(rec.get("NgayNopHoSo")):
        return "NgayNopHoSo"
    files = rec.get("TaiLieuNop", [])
    if files is None:
        files = []
    if not isinstance(files, list) or len(files) > online.MAX_FILES:
        return "TaiLieuNop"
    for i, item in enumerate(files, 1):
        problem = _online_file_problem(i, item)
        if problem:
            return problem
    return None


def anchor_receipt(data: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    """The province's receipt of an audit anchor: it must name the count and hash that were sent
    (``received_at`` optional, text). Returns ``{"count", "hash", "received_at"}``."""
    if data.get("count") != sent["count"] or data.get("hash") != sent["hash"]:
        raise bad(N_("biên nhận mốc neo không khớp mốc đã gửi"))
    received = data.get("received_at")
    if received is not None and not (isinstance(received, str) and len(received) <= 64):
        raise bad(N_("received_at của biên nhận mốc neo"))
    return {"count": sent["count"], "hash": sent["hash"], "received_at": received}
