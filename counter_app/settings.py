"""Station settings kept in the database (one place for defaults; values are JSON)."""

from __future__ import annotations

import json
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

DEFAULTS: dict[str, Any] = {
    "agency_name": "",
    "agency_code": "",
    "parent_name": "",
    "unit_label": "Trung tâm Phục vụ hành chính công",
    "province": "",
    "place_name": "",
    "station": 0,
    "counter_name": "Quầy số 1",
    "office_hours": "07:00-11:30,13:30-17:00",
    "same_day_cutoff": "15:00",
    "lookup_url_template": "",
    "form_set": "tt03_2025",
    "doc_number_suffix": "TTPVHCC",
    "phone": "",
    "language": "vi",
    "setup_completed_at": "",
    "printers": {},  # form id -> printer name last used on this PC
    "head_name": "",  # printed under THỦ TRƯỞNG CƠ QUAN (Mẫu 04)
}


def get_all(db: sqlite_utils.Database) -> dict[str, Any]:
    values = dict(DEFAULTS)
    for row in db.execute("SELECT key, value FROM settings"):
        values[row[0]] = json.loads(row[1])
    return values


def get(db: sqlite_utils.Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else DEFAULTS.get(key)


def put_many(db: sqlite_utils.Database, values: dict[str, Any]) -> None:
    """Write settings; call inside a write transaction."""
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )


def is_set_up(db: sqlite_utils.Database) -> bool:
    return bool(get(db, "setup_completed_at"))


def remember_printer(db: sqlite_utils.Database, form_id: str, printer_name: str) -> None:
    """Remember the printer chosen for a form on this PC (its own small transaction)."""
    from .db import write_tx

    with write_tx(db):
        printers = dict(get(db, "printers") or {})
        printers[form_id] = printer_name
        put_many(db, {"printers": printers})
