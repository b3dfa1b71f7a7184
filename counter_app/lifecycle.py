"""Status changes after intake: one history entry (who, when, unit, note), one outbox entry and
one audit row per change, in one transaction. The transition table is in :mod:`statuses`.

The counter-side actions of the lifecycle issue (supplement, refusal, handover, return, …)
build on :func:`change_status`.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import sqlite_utils

from . import audit, statuses, timeutil
from .audit import Actor
from .db import write_tx
from .errors import NotFound, UserError

FINISH_STATUSES = {statuses.RESOLVED, statuses.REFUSED, statuses.STOPPED, statuses.WITHDRAWN}


def change_status(db: sqlite_utils.Database, code: str, target: int, actor: Actor, *, action: str,
                  unit: str = "", note: str = "", at: datetime | None = None,
                  data: dict[str, Any] | None = None) -> int:
    """Move dossier ``code`` to ``target``; returns the history entry id. Refuses illegal
    transitions and times before the dossier's last step with a Vietnamese message."""
    at = timeutil.to_vn(at or timeutil.now())
    with write_tx(db):
        row = db.execute("SELECT id, status FROM dossiers WHERE code = ?", [code]).fetchone()
        if row is None:
            raise NotFound(f"Không tìm thấy hồ sơ có mã \"{code}\".")
        dossier_id, current = row
        statuses.check_transition(current, target)
        last = db.execute("SELECT MAX(at) FROM history WHERE dossier_id = ?", [dossier_id]).fetchone()[0]
        if last and timeutil.parse_iso(last) > at:
            raise UserError("Thời điểm thực hiện không được sớm hơn bước xử lý trước đó của hồ sơ.")
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
        hist = db.execute(
            "INSERT INTO history (dossier_id, status, action, at, actor_id, actor_name, unit, note, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [dossier_id, target, action, at_iso, actor.user_id, actor.full_name, unit, note,
             json.dumps(data or {}, ensure_ascii=False)],
        ).lastrowid
        now_iso = timeutil.iso(timeutil.now())
        db.execute(
            "INSERT INTO outbox (kind, dossier_id, ref, idem_key, state, created_at, updated_at) "
            "VALUES ('progress', ?, ?, ?, 'pending', ?, ?)",
            [dossier_id, str(hist), str(uuid.uuid4()), now_iso, now_iso],
        )
        audit.record(db, actor, "status", code, {"from": current, "to": target, "action": action})
    return hist
