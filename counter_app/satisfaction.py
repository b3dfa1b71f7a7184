"""The citizen's satisfaction rating at the counter (issue 20, scope 4; indicator 5.4 of QĐ 766).

After a dossier is received and after its result is returned, the citizen rates the service
with one tap on a window turned to them (``ui/rating_window.py``). The levels and the criterion
are editable data (``data/satisfaction.json``, tagged [R] until checked against the national
evaluation form). A rating belongs to a dossier and a stage (``receipt`` | ``return``): one per
stage, the first tap counts (a second tap on the same window, or a window opened twice, is
answered "already rated" and changes nothing). A rating holds no personal data: the dossier
code, the level, the time, the counter.

Stored in table ``ratings`` (migration m012_satisfaction_ratings) with an audit entry
(``rating``). Counted by :func:`summary` (the scorecard's 5.4 uses it).

Synced to the province as part of the dossier's record (``DanhGiaHaiLong``, a list of the
dossier's ratings; ``counter_app.wire.rating_item``; docs/sync-protocol.md "Ratings"): the tap
queues a record update in its own transaction, unless a record row not yet built (which will
carry it) is already waiting. The national record (§3.3) has no rating field: the gateway
adapters leave it out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from . import audit, timeutil
from .audit import Actor
from .db import write_tx
from .errors import NotFound, UserError
from .i18n import _

DATA_FILE = Path(__file__).resolve().parent / "data" / "satisfaction.json"
STAGES = ("receipt", "return")


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    satisfied: bool


@lru_cache(maxsize=1)
def scale() -> dict[str, Any]:
    """The levels (best first), the criterion and the source, from the data file."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    levels = [Level(str(x["id"]), str(x["label"]), bool(x["satisfied"])) for x in raw["levels"]]
    if not levels or len({lv.id for lv in levels}) != len(levels):
        raise UserError(_("Tệp thang đánh giá {0} không hợp lệ.").format(DATA_FILE.name))
    return {"levels": levels, "criterion": raw["criterion"], "source": raw.get("source", "")}


def levels() -> list[Level]:
    return scale()["levels"]


def level(level_id: str) -> Level:
    for lv in levels():
        if lv.id == level_id:
            return lv
    raise UserError(_("Mức đánh giá không hợp lệ: {0}. Các mức: {1}.").format(
        level_id, ", ".join(lv.id for lv in levels())))


@dataclass(frozen=True)
class Rating:
    id: int
    code: str
    stage: str
    level: str
    at: datetime


def record(db: sqlite_utils.Database, code: str, stage: str, level_id: str, actor: Actor | str,
           *, now: datetime | None = None) -> Rating:
    """Store the citizen's tap. Raises UserError for an unknown dossier, stage or level, and
    when this stage of this dossier is already rated."""
    if stage not in STAGES:
        raise UserError(_("Bước đánh giá không hợp lệ: {0} (tiếp nhận: receipt, trả kết quả: return).").format(stage))
    lv = level(level_id)
    at = timeutil.to_vn(now or timeutil.now()).replace(microsecond=0)
    with write_tx(db):
        row = db.execute("SELECT id, status FROM dossiers WHERE code = ?", [code]).fetchone()
        if row is None:
            raise NotFound(_("Không có hồ sơ {0}.").format(code))
        if stage == "return" and row[1] != 10:
            raise UserError(_("Hồ sơ {0} chưa trả kết quả: chưa đánh giá bước trả kết quả được.").format(code))
        if db.execute("SELECT 1 FROM ratings WHERE dossier_id = ? AND stage = ?", [row[0], stage]).fetchone():
            raise UserError(_("Hồ sơ {0} đã được đánh giá ở bước này; lần đánh giá đầu được giữ.").format(code))
        cur = db.execute(
            "INSERT INTO ratings (dossier_id, stage, level, satisfied, criterion, at, day) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [row[0], stage, lv.id, int(lv.satisfied), scale()["criterion"]["id"], timeutil.iso(at), at.date().isoformat()])
        audit.record(db, actor, "rating", code, {"stage": stage, "level": lv.id})
        queue_record_update(db, row[0], timeutil.iso(at))
    return Rating(cur.lastrowid, code, stage, lv.id, at)


def queue_record_update(db: sqlite_utils.Database, dossier_id: int, now: str) -> bool:
    """Queue the dossier's record again (it now carries the rating), inside the caller's write
    transaction; not when a record row still unbuilt is waiting (it is built from the database
    when first sent, so it will carry the rating). Returns True when a row was queued."""
    from . import outbox

    if any(payload is None and state != outbox.DONE for _i, payload, state in outbox.record_rows(db, dossier_id)):
        return False
    outbox.enqueue(db, outbox.DOSSIER, dossier_id, "update", now=now)
    return True


def of_dossier(db: sqlite_utils.Database, dossier_id: int) -> list[dict[str, Any]]:
    """The dossier's ratings, receipt first (what the synced record carries)."""
    labels = {lv.id: lv.label for lv in levels()}
    rows = db.execute("SELECT stage, level, satisfied, criterion, at FROM ratings WHERE dossier_id = ? "
                      "ORDER BY CASE stage WHEN 'receipt' THEN 0 ELSE 1 END, id", [dossier_id]).fetchall()
    return [{"stage": r[0], "level": r[1], "label": labels.get(r[1], r[1]), "satisfied": bool(r[2]),
             "criterion": r[3], "at": r[4]} for r in rows]


def for_dossier(db: sqlite_utils.Database, code: str) -> dict[str, str]:
    """{stage: level id} of a dossier's ratings."""
    return dict(db.execute(
        "SELECT r.stage, r.level FROM ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ?", [code]).fetchall())


def summary(db: sqlite_utils.Database, start: date, end: date) -> dict[str, Any]:
    """Ratings tapped from ``start`` to ``end`` (inclusive): the count per level, the number
    satisfied (the levels marked so), the total, and the satisfied share in percent (2 decimals,
    None when nobody rated)."""
    counts = {lv.id: 0 for lv in levels()}
    satisfied = total = 0
    for lv_id, sat, n in db.execute(
            "SELECT level, satisfied, COUNT(*) FROM ratings WHERE day BETWEEN ? AND ? GROUP BY level, satisfied",
            [start.isoformat(), end.isoformat()]):
        counts[lv_id] = counts.get(lv_id, 0) + n
        total += n
        satisfied += n if sat else 0
    return {"levels": counts, "satisfied": satisfied, "total": total,
            "share": round(100 * satisfied / total, 2) if total else None}
