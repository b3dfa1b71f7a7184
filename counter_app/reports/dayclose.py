"""Closing the day (chốt ngày): each clerk's end-of-day summary and the supervisor's sign-off.

The sign-off re-checks the supervisor's password, stores the day's figures as canonical JSON
with their SHA-256 (``day_closes``) and writes an audit entry carrying the same hash. The
figures are event counts of that day only (received, resolved, returned, refused, withdrawn,
supplement requests, fees by method), so recomputing them later gives the same numbers unless a
dossier of that day was changed afterwards; :func:`compare` then lists each difference.
Figures cover this station's own dossiers (imported stations close their own days).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

import sqlite_utils

from .. import accounts, audit, settings, timeutil
from ..audit import Actor
from ..db import write_tx
from ..errors import UserError
from ..i18n import N_, _
from .tally import TallyFilter, compute_tally

CLOSE_METRICS = ("received", "resolved", "early", "on_time", "late", "returned", "refused", "withdrawn",
                 "supplements", "fee_cash", "fee_transfer", "fee_online", "fees")
LABELS = {  # printed on the day-close sheet; the screen translates them (``_(LABELS[m])``)
    "received": N_("Tiếp nhận"), "resolved": N_("Đã giải quyết"), "early": N_("Trước hạn"),
    "on_time": N_("Đúng hạn"), "late": N_("Quá hạn"), "returned": N_("Đã trả kết quả"),
    "refused": N_("Từ chối tiếp nhận"), "withdrawn": N_("Rút hồ sơ"), "supplements": N_("Yêu cầu bổ sung"),
    "fee_cash": N_("Tiền mặt"), "fee_transfer": N_("Chuyển khoản"), "fee_online": N_("Trực tuyến"),
    "fees": N_("Tổng phí, lệ phí"),
}


def day_figures(db: sqlite_utils.Database, actor: Actor, day: date, *, now: datetime | None = None) -> dict[str, Any]:
    """The day's figures of this station, per receiving clerk and in total."""
    r = compute_tally(db, actor, TallyFilter(day, day, "clerk", scope="local"), now=now)
    s = settings.get_all(db)
    return {
        "day": day.isoformat(),
        "agency_code": s["agency_code"],
        "station": int(s["station"]),
        "clerks": [{"clerk": row.key, **{m: row.values[m] for m in CLOSE_METRICS}} for row in r.rows],
        "totals": {m: r.totals[m] for m in CLOSE_METRICS},
    }


def canonical(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(figures: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(figures).encode("utf-8")).hexdigest()


def closed(db: sqlite_utils.Database, day: date, station: int | None = None) -> dict[str, Any] | None:
    """The stored close of ``day`` at this station (figures, who, when, and whether the stored
    figures still match their hash), or None."""
    if station is None:
        station = int(settings.get(db, "station"))
    row = db.execute(
        "SELECT figures, figures_sha256, closed_at, closed_by, note FROM day_closes WHERE day = ? AND station = ?",
        [day.isoformat(), station],
    ).fetchone()
    if row is None:
        return None
    figures = json.loads(row[0])
    return {"figures": figures, "sha256": row[1], "closed_at": row[2], "closed_by": row[3], "note": row[4],
            "intact": digest(figures) == row[1] and canonical(figures) == row[0]}


def is_closed(db: sqlite_utils.Database, day: date, station: int | None = None) -> bool:
    """Whether ``day`` is closed at this station (the intake form warns before taking in more)."""
    if station is None:
        station = int(settings.get(db, "station"))
    return db.execute("SELECT 1 FROM day_closes WHERE day = ? AND station = ?",
                      [day.isoformat(), station]).fetchone() is not None


def close_anchor(db: sqlite_utils.Database, day: date, station: int | None = None) -> dict[str, Any] | None:
    """The audit anchor stored with the close of ``day`` (``{"count", "hash"}``, from the
    "day-close" audit entry), or None when there is none."""
    if station is None:
        station = int(settings.get(db, "station"))
    for (details,) in db.execute("SELECT details FROM audit WHERE action = 'day-close' AND object = ? ORDER BY id DESC",
                                 [day.isoformat()]).fetchall():
        d = json.loads(details)
        if d.get("station") == station and audit.is_anchor({"count": d.get("audit_count"), "hash": d.get("audit_hash")}):
            return {"count": d["audit_count"], "hash": d["audit_hash"]}
    return None


def close_day(db: sqlite_utils.Database, actor: Actor, day: date, password: str, *, note: str = "",
              now: datetime | None = None) -> dict[str, Any]:
    """Sign off ``day`` (supervisor or admin, password re-entered). Returns the stored close."""
    accounts.require_supervisor(actor)
    now = timeutil.to_vn(now) if now else timeutil.now()
    if day > now.date():
        raise UserError(_("Không thể chốt một ngày chưa tới."))
    if len(note) > 500:
        raise UserError(_("Ghi chú quá dài (tối đa 500 ký tự)."))
    if actor.user_id is None:
        raise UserError(_("Chốt ngày cần tài khoản của giám sát viên và mật khẩu của tài khoản đó."))
    try:
        checked = accounts.authenticate(db, actor.username, password)
    except UserError as exc:
        raise UserError(_("Không chốt được ngày: {reason}").format(reason=exc.message)) from None
    if checked.user_id != actor.user_id:
        raise UserError(_("Mật khẩu không khớp với tài khoản đang đăng nhập."))
    existing = closed(db, day)
    if existing:
        raise UserError(_("Ngày {day} đã được chốt lúc {at} bởi {who}.").format(
            day=timeutil.vn_date(day), at=timeutil.vn_datetime(timeutil.parse_iso(existing['closed_at'])),
            who=existing['closed_by']))
    figures = day_figures(db, actor, day, now=now)
    text = canonical(figures)
    sha = digest(figures)
    with write_tx(db):
        if closed(db, day):
            raise UserError(_("Ngày {day} đã được chốt.").format(day=timeutil.vn_date(day)))
        db.execute(
            "INSERT INTO day_closes (day, station, figures, figures_sha256, closed_at, closed_by_id, closed_by, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [day.isoformat(), figures["station"], text, sha, timeutil.iso(now), actor.user_id, actor.full_name,
             note.strip()],
        )
        t = figures["totals"]
        anchor = audit.head(db)  # the chain as the supervisor signs it off
        audit.record(db, actor, "day-close", day.isoformat(), {
            "station": figures["station"], "figures_sha256": sha, "received": t["received"],
            "returned": t["returned"], "fees": t["fees"], "clerks": len(figures["clerks"]),
            "audit_count": anchor["count"], "audit_hash": anchor["hash"],
        })
    audit.anchor_now(db)  # and kept outside the database (OS keyring / key-file fallback)
    out = closed(db, day)
    out["audit_anchor"] = {"count": anchor["count"], "hash": anchor["hash"]}
    return out


def audit_anchor_line(anchor: dict[str, Any]) -> str:
    """The anchor as printed on the day-close sheet: count and the first 16 hex of the hash."""
    return f"Nhật ký kiểm tra: {anchor['count']} mục, mã băm cuối {anchor['hash'][:16]}…"


def compare(db: sqlite_utils.Database, actor: Actor, day: date, *, now: datetime | None = None) -> dict[str, Any]:
    """The closed figures of ``day`` against a recount now: ``differences`` lists
    (clerk or "Tổng cộng", metric label, closed value, current value)."""
    accounts.require_supervisor(actor)
    stored = closed(db, day)
    current = day_figures(db, actor, day, now=now)
    out: dict[str, Any] = {"closed": stored, "current": current, "differences": []}
    if not stored:
        return out
    before = {c["clerk"]: c for c in stored["figures"]["clerks"]}
    after = {c["clerk"]: c for c in current["clerks"]}
    diffs = []
    for clerk in sorted(set(before) | set(after), key=str):
        for m in CLOSE_METRICS:
            a, b = before.get(clerk, {}).get(m, 0), after.get(clerk, {}).get(m, 0)
            if a != b:
                diffs.append((clerk or "(không rõ)", LABELS[m], a, b))
    for m in CLOSE_METRICS:
        a, b = stored["figures"]["totals"].get(m, 0), current["totals"].get(m, 0)
        if a != b:
            diffs.append(("Tổng cộng", LABELS[m], a, b))
    out["differences"] = diffs
    return out


def describe(cmp: dict[str, Any], *, screen: bool = False) -> str:
    """One line about the day's close state: Vietnamese for a report; in the screen's language
    with ``screen=True`` (the close-day view)."""
    tx = _ if screen else N_
    stored = cmp.get("closed")
    if not stored:
        return tx(N_("Ngày chưa được chốt."))
    at = timeutil.vn_datetime(timeutil.parse_iso(stored['closed_at']))
    who = tx(N_("{who} lúc {at}")).format(who=stored['closed_by'], at=at)
    if not stored["intact"]:
        return tx(N_("Ngày đã chốt bởi {who}, nhưng bản số liệu đã chốt không còn khớp mã kiểm tra (có thể đã "
                     "bị sửa).")).format(who=who)
    if not cmp["differences"]:
        return tx(N_("Ngày đã chốt bởi {who}; số liệu hiện tại khớp với số liệu đã chốt.")).format(who=who)
    unknown, total = tx(N_("(không rõ)")), tx(N_("Tổng cộng"))
    changes = "; ".join(
        f"{total if c == 'Tổng cộng' else unknown if c == '(không rõ)' else c} – {tx(m)}: {a} → {b}"
        for c, m, a, b in cmp["differences"][:6])
    return tx(N_("Ngày đã chốt bởi {who}; số liệu đã thay đổi sau khi chốt: {changes}.")).format(
        who=who, changes=changes)
