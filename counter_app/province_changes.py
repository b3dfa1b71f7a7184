"""Changes pulled from the provincial system: status changes made by the resolving units,
catalogue updates and holiday (office calendar) updates.

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
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlite_utils

from . import audit, procedures, statuses, timeutil
from .catalogue import load_catalogue
from .errors import UserError
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
        return NOT_APPLIED, f"Không có hồ sơ mã {code} trên máy này."
    dossier_id, current = row
    try:
        target = int(change.get("TrangThaiHoSo"))
        at = parse_wire_time(str(change.get("ThoiDiemXuLy") or ""))
    except (TypeError, ValueError):
        return NOT_APPLIED, "Thay đổi từ hệ thống tỉnh không đúng định dạng (trạng thái hoặc thời điểm)."
    if target not in statuses.NAMES:
        return NOT_APPLIED, f"Mã trạng thái không hợp lệ: {target}."
    if _has_queued_change(db, dossier_id):
        return DEFERRED, "Chờ gửi xong thay đổi tại quầy của hồ sơ này rồi mới áp dụng."
    if current == target:
        return APPLIED, f"Hồ sơ đã ở trạng thái \"{statuses.name(target)}\"."
    if not statuses.can_transition(current, target):
        reason = (f"Không thể chuyển hồ sơ từ trạng thái \"{statuses.name(current)}\" sang "
                  f"\"{statuses.name(target)}\" theo thay đổi từ hệ thống tỉnh.")
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


def _apply_holiday(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    try:
        day = date.fromisoformat(str(change.get("day")))
    except ValueError:
        return NOT_APPLIED, "Ngày nghỉ/ngày làm bù từ hệ thống tỉnh không đúng định dạng."
    kind = change.get("kind")
    name = str(change.get("name") or "")
    if kind not in ("off", "work", "none"):
        return NOT_APPLIED, "Loại ngày từ hệ thống tỉnh không hợp lệ."
    row = db.execute("SELECT source FROM calendar_days WHERE day = ?", [day.isoformat()]).fetchone()
    if row is not None and row[0] == "manual":
        return NOT_APPLIED, f"Ngày {timeutil.vn_date(day)} đã được chỉnh sửa tại chỗ; giữ nguyên chỉnh sửa đó."
    if kind == "none":
        db.execute("DELETE FROM calendar_days WHERE day = ?", [day.isoformat()])
    else:
        db.execute(
            "INSERT INTO calendar_days (day, kind, name, source) VALUES (?, ?, ?, 'province') "
            "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'province'",
            [day.isoformat(), kind, name],
        )
    audit.record(db, ACTOR, "province-calendar", day.isoformat(), {"kind": kind})
    return APPLIED, ""


def _apply_catalogue(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    try:
        cat = load_catalogue(json.dumps(change.get("catalogue"), ensure_ascii=False))
    except UserError as exc:
        return NOT_APPLIED, f"Danh mục thủ tục từ hệ thống tỉnh không hợp lệ: {exc.message}"
    procedures.import_catalogue(db, cat, ACTOR)
    return APPLIED, ""


APPLIERS = {"status": _apply_status, "holiday": _apply_holiday, "catalogue": _apply_catalogue}


def _apply(db: sqlite_utils.Database, kind: str, change: dict[str, Any]) -> tuple[str, str]:
    fn = APPLIERS.get(kind)
    if fn is None:
        return NOT_APPLIED, f"Loại thay đổi không được hỗ trợ: {kind}."
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
            [remote_id, kind, change.get("MaHoSo"), json.dumps(change, ensure_ascii=False), state, reason or None,
             now, now if state == APPLIED else None],
        )
        counts[state] += 1
    return counts


def apply_deferred(db: sqlite_utils.Database) -> dict[str, int]:
    """Apply deferred status changes whose dossier has no local change queued any more.
    Call inside a write transaction."""
    counts = {APPLIED: 0, NOT_APPLIED: 0, DEFERRED: 0}
    rows = db.execute(
        "SELECT i.id, i.kind, i.payload FROM sync_inbox i JOIN dossiers d ON d.code = i.dossier_code "
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
                    "status": p.get("TrangThaiHoSo")})
    return out


def count_deferred(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM sync_inbox WHERE state = 'deferred'").fetchone()[0]
