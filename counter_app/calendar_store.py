"""The office calendar in the database: days off and make-up working days (seeded from the
``holidays`` package, then editable), and office hours from settings."""

from __future__ import annotations

from datetime import date, time

import sqlite_utils

from . import audit, settings
from .workcalendar import OfficeCalendar, OfficeHours, parse_windows, seed_holidays


def seed(db: sqlite_utils.Database, years) -> int:
    """Insert the package's public holidays for ``years``, keeping any manual edits. Call in a
    write transaction. Returns how many days were added."""
    added = 0
    for day, name in sorted(seed_holidays(years).items()):
        cur = db.execute(
            "INSERT INTO calendar_days (day, kind, name, source) VALUES (?, 'off', ?, 'seed') ON CONFLICT (day) DO NOTHING",
            [day.isoformat(), name],
        )
        added += cur.rowcount
    return added


def set_day(db: sqlite_utils.Database, day: date, kind: str | None, name: str, actor) -> None:
    """Mark ``day`` as 'off' (extra day off), 'work' (make-up working day), or None to remove
    the entry. Call in a write transaction. Supervisors and administrators only."""
    if isinstance(actor, audit.Actor):
        from .accounts import require_supervisor

        require_supervisor(actor)
    if kind is None:
        db.execute("DELETE FROM calendar_days WHERE day = ?", [day.isoformat()])
    else:
        db.execute(
            "INSERT INTO calendar_days (day, kind, name, source) VALUES (?, ?, ?, 'manual') "
            "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'manual'",
            [day.isoformat(), kind, name],
        )
    audit.record(db, actor, "calendar-edit", day.isoformat(), {"kind": kind, "name": name})


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
