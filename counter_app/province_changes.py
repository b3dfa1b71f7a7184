"""Changes pulled from the provincial system: status changes made by the resolving units,
catalogue updates, holiday (office calendar) updates and the scorecard's targets
(``scorecard-targets``).

Every pulled change is stored once in ``sync_inbox`` (unique remote id) in the same transaction
as its effect and the new pull cursor, so a crash never applies a change twice or loses one.

Status changes (decision, docs/decisions.md "Sync"):
- a dossier with a local change still queued (an unfinished ``dossier`` or ``progress`` outbox
  row) keeps its local status: the province's change waits in the inbox (``deferred``) and is
  applied when that dossier's queue has drained — never overwriting what the clerk did;
- it is applied through the transition table: allowed → the dossier's status changes and a
  history entry records it (actor = the resolving unit, action ``province``); the same status
  → nothing to do; not allowed (e.g. the dossier was already returned) → ``not-applied`` with a
  Vietnamese reason, shown in the sync panel, and an audit row. Pulled changes never make
  outbox rows: the province already knows them.

Online dossiers (``online-dossier``, ``online-dossier-closed``): stored for the worklist by
:mod:`counter_app.online` (its docstring says what a resubmission does).

Calendar changes (holidays, make-up days) move every due date, so a feed that would do harm is
held (``deferred`` with the reason) until a supervisor confirms or refuses it
(:func:`confirm_held`, :func:`refuse_held`): a change of a day already past, or a day off that
would make the month hold more weekday days off than ``calendar_max_days_off_per_month``
(settings; default 10). Held changes are never applied by :func:`apply_deferred`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlite_utils

from . import audit, procedures, statuses, timeutil
from .catalogue import load_catalogue
from .errors import UserError
from .i18n import N_, _
from .lifecycle import FINISH_STATUSES

ACTOR = "province"
DEFERRED, APPLIED, NOT_APPLIED = "deferred", "applied", "not-applied"


def parse_wire_time(text: str) -> datetime:
    """yyyyMMddHHmmss (Vietnam time) to an aware datetime. Raises ValueError."""
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=timeutil.VN_TZ)


def _has_queued_change(db: sqlite_utils.Database, dossier_id: int) -> bool:
    return db.execute(
        "SELECT 1 FROM outbox WHERE dossier_id = ? AND state != 'done' AND kind IN ('dossier', 'progress') LIMIT 1",
        [dossier_id],
    ).fetchone() is not None


def _apply_status(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    code = str(change.get("MaHoSo") or "")
    row = db.execute("SELECT id, status FROM dossiers WHERE code = ?", [code]).fetchone()
    if row is None:
        return NOT_APPLIED, _("Không có hồ sơ mã {code} trên máy này.").format(code=code)
    dossier_id, current = row
    try:
        target = int(change.get("TrangThaiHoSo"))
        at = parse_wire_time(str(change.get("ThoiDiemXuLy") or ""))
    except (TypeError, ValueError):
        return NOT_APPLIED, _("Thay đổi từ hệ thống tỉnh không đúng định dạng (trạng thái hoặc thời điểm).")
    if target not in statuses.NAMES:
        return NOT_APPLIED, _("Mã trạng thái không hợp lệ: {status}.").format(status=target)
    if _has_queued_change(db, dossier_id):
        return DEFERRED, _("Chờ gửi xong thay đổi tại quầy của hồ sơ này rồi mới áp dụng.")
    if current == target:
        return APPLIED, _("Hồ sơ đã ở trạng thái \"{status}\".").format(status=statuses.label(target))
    if not statuses.can_transition(current, target):
        reason = _("Không thể chuyển hồ sơ từ trạng thái \"{current}\" sang \"{target}\" theo thay đổi "
                   "từ hệ thống tỉnh.").format(current=statuses.label(current), target=statuses.label(target))
        audit.record(db, ACTOR, "province-status-refused", code, {"from": current, "to": target})
        return NOT_APPLIED, reason
    at_iso = timeutil.iso(at)
    sets = ["status = ?", "updated_at = ?"]
    args: list[Any] = [target, timeutil.iso(timeutil.now())]
    if target in FINISH_STATUSES:
        sets.append("finished_at = COALESCE(finished_at, ?)")
        args.append(at_iso)
    if target == statuses.RETURNED:
        sets.append("returned_at = ?")
        args.append(at_iso)
    db.execute(f"UPDATE dossiers SET {', '.join(sets)} WHERE id = ?", [*args, dossier_id])
    unit = str(change.get("DonViXuLy") or "")
    person = str(change.get("NguoiXuLy") or "")
    db.execute(
        "INSERT INTO history (dossier_id, status, action, at, actor_id, actor_name, unit, note, data) "
        "VALUES (?, ?, 'province', ?, NULL, ?, ?, ?, ?)",
        [dossier_id, target, at_iso, person or unit or "Hệ thống tỉnh", unit, str(change.get("NoiDungXuLy") or ""),
         json.dumps({"remote_id": str(change.get("id"))}, ensure_ascii=False)],
    )
    audit.record(db, ACTOR, "province-status", code, {"from": current, "to": target})
    return APPLIED, ""


HELD_PREFIX = N_("Chờ giám sát xác nhận")


def _weekday_days_off(db: sqlite_utils.Database, day: date) -> int:
    """Weekday days off stored for the month of ``day`` (weekends are off by rule, not rows)."""
    first = day.replace(day=1)
    nxt = (first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(month=first.month + 1))
    return db.execute(
        "SELECT COUNT(*) FROM calendar_days WHERE kind = 'off' AND day >= ? AND day < ? AND day != ? "
        "AND strftime('%w', day) NOT IN ('0', '6')",
        [first.isoformat(), nxt.isoformat(), day.isoformat()],
    ).fetchone()[0]


def _hold_reason(db: sqlite_utils.Database, day: date, kind: str) -> str:
    """Why a calendar change from the feed waits for a supervisor ("" when it may apply)."""
    from . import settings

    if day < timeutil.now().date():
        return _("{held}: thay đổi lịch làm việc của ngày đã qua ({day}).").format(held=_(HELD_PREFIX), day=timeutil.vn_date(day))
    if kind == "off" and day.weekday() < 5:
        limit = int(settings.get(db, "calendar_max_days_off_per_month") or 10)
        n = _weekday_days_off(db, day) + 1
        if n > limit:
            return _("{held}: tháng {month} sẽ có {n} ngày làm việc được nghỉ (quá {limit} ngày), hạn trả "
                     "hồ sơ sẽ bị lùi.").format(held=_(HELD_PREFIX), month=f"{day.month:02d}/{day.year}", n=n, limit=limit)
    return ""


def _apply_holiday(db: sqlite_utils.Database, change: dict[str, Any], *, confirmed: bool = False) -> tuple[str, str]:
    try:
        day = date.fromisoformat(str(change.get("day")))
    except ValueError:
        return NOT_APPLIED, _("Ngày nghỉ/ngày làm bù từ hệ thống tỉnh không đúng định dạng.")
    kind = change.get("kind")
    name = str(change.get("name") or "")
    # The province may name its basis (a notice's number and date); otherwise the feed is the source.
    reference = str(change.get("reference") or "Hệ thống tỉnh")[:300]
    if kind not in ("off", "work", "none"):
        return NOT_APPLIED, _("Loại ngày từ hệ thống tỉnh không hợp lệ.")
    if not confirmed:
        held = _hold_reason(db, day, kind)
        if held:
            return DEFERRED, held
    row = db.execute("SELECT source FROM calendar_days WHERE day = ?", [day.isoformat()]).fetchone()
    if row is not None and row[0] == "manual":
        return NOT_APPLIED, _("Ngày {day} đã được chỉnh sửa tại chỗ; giữ nguyên chỉnh sửa đó.").format(day=timeutil.vn_date(day))
    if kind == "none":
        db.execute("DELETE FROM calendar_days WHERE day = ?", [day.isoformat()])
    else:
        db.execute(
            "INSERT INTO calendar_days (day, kind, name, source, provenance, reference) VALUES (?, ?, ?, 'province', 'province', ?) "
            "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'province', "
            "provenance = 'province', reference = excluded.reference",
            [day.isoformat(), kind, name, reference],
        )
    audit.record(db, ACTOR, "province-calendar", day.isoformat(), {"kind": kind})
    return APPLIED, ""


def _apply_catalogue(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    try:
        cat = load_catalogue(json.dumps(change.get("catalogue"), ensure_ascii=False))
    except UserError as exc:
        return NOT_APPLIED, _("Danh mục thủ tục từ hệ thống tỉnh không hợp lệ: {reason}").format(reason=exc.message)
    procedures.import_catalogue(db, cat, ACTOR)
    return APPLIED, ""


def _apply_online(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    from . import online

    return online.apply_change(db, change)


def _apply_online_closed(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    from . import online

    return online.apply_closed(db, change)


def _apply_targets(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    """``scorecard-targets``: the province's targets for the scorecard, ``{"ChiTieu": {"3.3":
    30.0, …}, "HieuLucTu": "yyyyMMdd"}``. They replace the station setting ``scorecard_targets``
    (``scorecard_targets_from`` keeps the day they apply from), audited. Refused with a reason:
    a wrong shape (an unknown indicator, a value not a percent 0–100, a bad date) or a set that
    applies from an earlier day than the set in force (an older publication arriving late)."""
    from . import settings

    raw = change.get("ChiTieu")
    try:
        targets = settings.check_scorecard_targets(raw)
    except UserError as exc:
        return NOT_APPLIED, _("Chỉ tiêu từ hệ thống tỉnh không hợp lệ: {reason}").format(reason=exc.message)
    since = str(change.get("HieuLucTu") or "")
    try:
        day = datetime.strptime(since, "%Y%m%d").date() if since else timeutil.now().date()
    except ValueError:
        return NOT_APPLIED, _("Ngày hiệu lực của chỉ tiêu từ hệ thống tỉnh phải theo định dạng yyyyMMdd.")
    current = str(settings.get(db, "scorecard_targets_from") or "")
    if current and day.isoformat() < current:
        return NOT_APPLIED, _("Chỉ tiêu từ hệ thống tỉnh có hiệu lực từ {day}, trước bộ chỉ tiêu đang áp dụng "
                              "(từ {current}); giữ bộ đang áp dụng.").format(
            day=timeutil.vn_date(day), current=timeutil.vn_date(date.fromisoformat(current)))
    settings.put_many(db, {"scorecard_targets": targets, "scorecard_targets_from": day.isoformat()})
    audit.record(db, ACTOR, "province-targets", "scorecard_targets", {"targets": targets, "from": day.isoformat()})
    return APPLIED, ""


APPLIERS = {"status": _apply_status, "holiday": _apply_holiday, "catalogue": _apply_catalogue,
            "online-dossier": _apply_online, "online-dossier-closed": _apply_online_closed,
            "scorecard-targets": _apply_targets}


def change_code(change: dict[str, Any]) -> str | None:
    """The dossier code a change concerns (an online dossier's is in its record)."""
    code = change.get("MaHoSo")
    if code is None and isinstance(change.get("HoSo"), dict):
        code = change["HoSo"].get("MaHoSo")
    return code if isinstance(code, str) else None


def _apply(db: sqlite_utils.Database, kind: str, change: dict[str, Any]) -> tuple[str, str]:
    fn = APPLIERS.get(kind)
    if fn is None:
        return NOT_APPLIED, _("Loại thay đổi không được hỗ trợ: {kind}.").format(kind=kind)
    return fn(db, change)


def receive(db: sqlite_utils.Database, changes: list[dict[str, Any]]) -> dict[str, int]:
    """Store and apply pulled changes. Call inside the write transaction that also saves the
    new cursor. A change already received (same remote id) is skipped."""
    counts = {APPLIED: 0, DEFERRED: 0, NOT_APPLIED: 0, "duplicate": 0}
    now = timeutil.iso(timeutil.now())
    for change in changes:
        remote_id = str(change.get("id"))
        kind = str(change.get("type") or "")
        if db.execute("SELECT 1 FROM sync_inbox WHERE remote_id = ?", [remote_id]).fetchone():
            counts["duplicate"] += 1
            continue
        state, reason = _apply(db, kind, change)
        db.execute(
            "INSERT INTO sync_inbox (remote_id, kind, dossier_code, payload, state, reason, received_at, applied_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [remote_id, kind, change_code(change), json.dumps(change, ensure_ascii=False), state, reason or None,
             now, now if state == APPLIED else None],
        )
        counts[state] += 1
    return counts


def apply_deferred(db: sqlite_utils.Database) -> dict[str, int]:
    """Apply deferred status changes whose dossier has no local change queued any more.
    Call inside a write transaction."""
    counts = {APPLIED: 0, NOT_APPLIED: 0, DEFERRED: 0}
    rows = db.execute(
        "SELECT i.id, i.kind, i.payload FROM sync_inbox i JOIN dossiers d ON d.code = i.dossier_code "  # status only
        "WHERE i.state = 'deferred' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id "
        "AND o.state != 'done' AND o.kind IN ('dossier', 'progress')) ORDER BY i.id"
    ).fetchall()
    now = timeutil.iso(timeutil.now())
    for row_id, kind, payload in rows:
        state, reason = _apply(db, kind, json.loads(payload))
        db.execute(
            "UPDATE sync_inbox SET state = ?, reason = ?, applied_at = ? WHERE id = ?",
            [state, reason or None, now if state == APPLIED else None, row_id],
        )
        counts[state] += 1
    return counts


def _held_row(db: sqlite_utils.Database, inbox_id: int) -> dict[str, Any]:
    row = db.execute("SELECT kind, state, payload FROM sync_inbox WHERE id = ?", [inbox_id]).fetchone()
    if row is None:
        raise UserError(_("Không tìm thấy thay đổi từ tỉnh số {id}.").format(id=inbox_id))
    if row[0] != "holiday" or row[1] != DEFERRED:
        raise UserError(_("Thay đổi từ tỉnh số {id} không phải thay đổi lịch đang chờ xác nhận.").format(id=inbox_id))
    return json.loads(row[2])


def confirm_held(db: sqlite_utils.Database, inbox_id: int, actor) -> tuple[str, str]:
    """A supervisor accepts a held calendar change: it is applied now (a day edited at the
    station still keeps its local edit)."""
    from . import accounts
    from .db import write_tx

    accounts.require_supervisor(actor)
    with write_tx(db):
        change = _held_row(db, inbox_id)
        state, reason = _apply_holiday(db, change, confirmed=True)
        db.execute("UPDATE sync_inbox SET state = ?, reason = ?, applied_at = ? WHERE id = ?",
                   [state, reason or None, timeutil.iso(timeutil.now()) if state == APPLIED else None, inbox_id])
        audit.record(db, actor, "province-calendar-confirm", f"inbox:{inbox_id}", {"state": state})
    return state, reason


def refuse_held(db: sqlite_utils.Database, inbox_id: int, actor, reason: str = "") -> None:
    """A supervisor refuses a held calendar change: it stays in the inbox, not applied."""
    from . import accounts
    from .db import write_tx

    accounts.require_supervisor(actor)
    with write_tx(db):
        _held_row(db, inbox_id)
        text = (_("Giám sát không chấp nhận: {reason}").format(reason=reason.strip()) if reason.strip()
                else _("Giám sát không chấp nhận."))
        db.execute("UPDATE sync_inbox SET state = ?, reason = ? WHERE id = ?", [NOT_APPLIED, text, inbox_id])
        audit.record(db, actor, "province-calendar-refuse", f"inbox:{inbox_id}", {})


def held_calendar_ids(db: sqlite_utils.Database) -> list[int]:
    """Calendar changes waiting for a supervisor, oldest first."""
    return [r[0] for r in db.execute(
        "SELECT id FROM sync_inbox WHERE kind = 'holiday' AND state = 'deferred' ORDER BY id")]


def decide_all_held(db: sqlite_utils.Database, actor, accept: bool, reason: str = "") -> int:
    """A supervisor's answer to every held calendar change at once (the sync panel's buttons)."""
    ids = held_calendar_ids(db)
    for inbox_id in ids:
        if accept:
            confirm_held(db, inbox_id, actor)
        else:
            refuse_held(db, inbox_id, actor, reason)
    return len(ids)


def open_items(db: sqlite_utils.Database, limit: int = 200) -> list[dict[str, Any]]:
    """Deferred and refused changes, newest first (the sync panel lists them)."""
    rows = db.execute(
        "SELECT id, kind, dossier_code, state, reason, received_at, payload FROM sync_inbox "
        "WHERE state != 'applied' ORDER BY id DESC LIMIT ?",
        [limit],
    ).fetchall()
    out = []
    for r in rows:
        p = json.loads(r[6])
        out.append({"id": r[0], "kind": r[1], "code": r[2], "state": r[3], "reason": r[4], "received_at": r[5],
                    "status": p.get("TrangThaiHoSo"), "day": p.get("day") if r[1] == "holiday" else None})
    return out


def count_deferred(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM sync_inbox WHERE state = 'deferred'").fetchone()[0]
