"""The office calendar in the database: days off and make-up working days (seeded from official
notices, the statutory rule and the ``holidays`` package, each with its provenance:
counter_app/calendar_facts.py; then editable), and office hours from settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, time

import sqlite_utils

from . import audit, calendar_facts, settings
from .errors import UserError
from .i18n import _
from .workcalendar import OfficeCalendar, OfficeHours, parse_windows

REFERENCE_MAX = 300
NAME_MAX = 200


def seed(db: sqlite_utils.Database, years) -> int:
    """Insert the calendar facts for ``years`` (official notices, the statutory days, the
    package's estimates; calendar_facts.seed_facts), keeping any row already there. Call in a
    write transaction. Returns how many days were added."""
    added = 0
    # A station set up on an older schema (tests stop migrations half-way) has no provenance yet:
    # m009 classifies the seeded rows when it runs.
    with_provenance = "provenance" in db["calendar_days"].columns_dict
    for f in calendar_facts.seed_facts(years):
        if with_provenance:
            cur = db.execute(
                "INSERT INTO calendar_days (day, kind, name, source, provenance, reference) "
                "VALUES (?, ?, ?, 'seed', ?, ?) ON CONFLICT (day) DO NOTHING",
                [f.day.isoformat(), f.kind, f.name, f.provenance, f.reference],
            )
        else:
            cur = db.execute("INSERT INTO calendar_days (day, kind, name, source) VALUES (?, ?, ?, 'seed') "
                             "ON CONFLICT (day) DO NOTHING", [f.day.isoformat(), f.kind, f.name])
        added += cur.rowcount
    return added


def set_day(db: sqlite_utils.Database, day: date, kind: str | None, name: str, actor, reference: str = "") -> None:
    """Mark ``day`` as 'off' (extra day off), 'work' (make-up working day), or None to remove
    the entry, saying on what (``reference``: the notice's number and date; required to set a
    day). Call in a write transaction. Supervisors and administrators only."""
    if isinstance(actor, audit.Actor):
        from .accounts import require_supervisor

        require_supervisor(actor)
    name, reference = (name or "").strip(), (reference or "").strip()
    if kind not in (None, "off", "work"):
        raise UserError(_("Loại ngày phải là \"off\" (ngày nghỉ) hoặc \"work\" (ngày làm bù)."), "kind")
    if kind is not None and not reference:
        raise UserError(_("Hãy ghi căn cứ của ngày này (số và ngày của thông báo, hoặc nguồn đã xác nhận)."), "reference")
    if len(reference) > REFERENCE_MAX or len(name) > NAME_MAX:
        raise UserError(_("Tên ngày tối đa {name} ký tự, căn cứ tối đa {ref} ký tự.").format(name=NAME_MAX, ref=REFERENCE_MAX))
    if kind is None:
        db.execute("DELETE FROM calendar_days WHERE day = ?", [day.isoformat()])
    else:
        db.execute(
            "INSERT INTO calendar_days (day, kind, name, source, provenance, reference) VALUES (?, ?, ?, 'manual', 'supervisor', ?) "
            "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'manual', "
            "provenance = 'supervisor', reference = excluded.reference",
            [day.isoformat(), kind, name, reference],
        )
    audit.record(db, actor, "calendar-edit", day.isoformat(), {"kind": kind, "name": name, "reference": reference})


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str
    name: str
    provenance: str
    reference: str

    @property
    def estimated(self) -> bool:
        return self.provenance == "estimate"

    def as_json(self) -> dict:
        out = asdict(self)
        out["day"] = self.day.isoformat()
        out["estimated"] = self.estimated
        return out


def _rows(db: sqlite_utils.Database, where: str, args: list) -> list[CalendarDay]:
    return [CalendarDay(date.fromisoformat(d), k, n, p, r) for d, k, n, p, r in db.execute(
        f"SELECT day, kind, name, provenance, reference FROM calendar_days WHERE {where} ORDER BY day", args)]


def list_year(db: sqlite_utils.Database, year: int) -> list[CalendarDay]:
    """Every day off / make-up working day of ``year`` with its provenance."""
    return _rows(db, "day BETWEEN ? AND ?", [f"{year:04d}-01-01", f"{year:04d}-12-31"])


def unconfirmed(db: sqlite_utils.Database, year: int) -> list[CalendarDay]:
    """The yearly check: the days of ``year`` that rest on an estimate only."""
    return [d for d in list_year(db, year) if d.estimated]


def estimated_between(db: sqlite_utils.Database, first: date, last: date) -> list[CalendarDay]:
    """Estimated days off from ``first`` to ``last`` (a due date crossing them may move)."""
    return _rows(db, "day BETWEEN ? AND ? AND provenance = 'estimate' AND kind = 'off'",
                 [first.isoformat(), last.isoformat()])


def office_hours(db: sqlite_utils.Database) -> OfficeHours:
    s = settings.get_all(db)
    windows = parse_windows(s["office_hours"])
    hh, mm = (int(x) for x in str(s["same_day_cutoff"]).split(":"))
    return OfficeHours(windows=windows, same_day_cutoff=time(hh, mm))


def load(db: sqlite_utils.Database) -> OfficeCalendar:
    days_off: dict[date, str] = {}
    workdays: list[date] = []
    for day, kind, name in db.execute("SELECT day, kind, name FROM calendar_days"):
        d = date.fromisoformat(day)
        if kind == "off":
            days_off[d] = name
        else:
            workdays.append(d)
    return OfficeCalendar(days_off=days_off, workdays=workdays, hours=office_hours(db))


def save_day(db: sqlite_utils.Database, day: date, kind: str | None, name: str, actor, reference: str = "") -> None:
    """:func:`set_day` in its own write transaction (the calendar screen's save)."""
    from .db import write_tx

    with write_tx(db):
        set_day(db, day, kind, name, actor, reference)
