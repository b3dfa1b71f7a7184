"""Station settings kept in the database (one place for defaults; values are JSON)."""

from __future__ import annotations

import json
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

from .i18n import _

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
    "head_name": "",  # the signer's name, printed under the signer's title (Mẫu 04, 05)
    # The signer's title over it, one line or several ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"); "" prints
    # the form set's own ("THỦ TRƯỞNG CƠ QUAN").
    "head_title": "",
    "idle_lock_minutes": 10,  # the window locks after this long without input
    "backup_dir": "",  # scheduled daily backups go here (a folder or a USB drive)
    "backup_keep": 14,
    "last_backup_at": "",
    # Scans the province confirmed leave this PC after this many days, once every dossier using
    # them is closed (docs/scanning.md, "Retention"); 0 keeps every scan on the PC forever.
    "scan_retention_days": 365,
    "last_scan_prune_at": "",
    # A calendar change from the province that would give a month more weekday days off than
    # this waits for a supervisor (counter_app/province_changes.py).
    "calendar_max_days_off_per_month": 10,
    # The apology letter (Mẫu 04) may be issued from this many working days before the due date
    # (1: the day before; counter_app/lifecycle._check_apology_rules).
    "apology_earliest_working_days": 1,
    # After a receipt and after a return, a window turned to the citizen asks for a one-tap rating
    # (counter_app/satisfaction.py); off where the centre has its own rating device.
    "satisfaction_prompt": True,
    # The province's targets for the scorecard's indicators, percent by national id ({"3.3": 30});
    # counter_app/reports/scorecard.py reports the gap to each.
    "scorecard_targets": {},
    # the day the province's targets apply from (yyyy-mm-dd; "" when set at the station): the
    # feed's ``scorecard-targets`` change (counter_app/province_changes.py)
    "scorecard_targets_from": "",
    # The procedure's page on the portal, for the guide to submitting online (``{code}``: the
    # procedure's code). [R] The national portal's search by code is assumed; a province sets its own.
    # The legal time to receive an online dossier, in working hours from its submission (the
    # worklist "Hồ sơ trực tuyến chờ tiếp nhận" marks those past it; counter_app/online.py).
    # [R] 8 working hours: an unverified reading of Nghị định 45/2020/NĐ-CP; a province sets its own.
    "online_receive_limit_hours": 8,
    "portal_procedure_url_template": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}",
    # The last audit entry ``audit verify`` found intact ({"id", "hash", "at"}; counter_app/audit.py).
    "audit_checkpoint": {},
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


# Settings a supervisor or an administrator may change from the GUI; the others are set up once.
EDITABLE = {
    "agency_name", "parent_name", "unit_label", "province", "place_name", "counter_name", "office_hours",
    "same_day_cutoff", "lookup_url_template", "form_set", "doc_number_suffix", "phone", "language",
    "head_name", "head_title", "idle_lock_minutes", "backup_dir", "backup_keep", "scan_retention_days",
    "calendar_max_days_off_per_month", "satisfaction_prompt",
    "portal_procedure_url_template", "scorecard_targets", "online_receive_limit_hours",
}

MAX_RETENTION_DAYS = 36500


def check_retention_days(value: Any) -> int:
    """The scan retention period in days (0 = keep forever), or a Vietnamese UserError."""
    from .errors import UserError

    if isinstance(value, bool) or not isinstance(value, int | str):
        raise UserError(_("Thời hạn lưu bản quét phải là số ngày (số nguyên từ 0)."))
    try:
        days = int(str(value).strip())
    except ValueError:
        raise UserError(_("Thời hạn lưu bản quét phải là số ngày (số nguyên từ 0), không phải \"{value}\".").format(
            value=value)) from None
    if not 0 <= days <= MAX_RETENTION_DAYS:
        raise UserError(_("Thời hạn lưu bản quét phải từ 0 (giữ mãi) đến {n} ngày.").format(n=MAX_RETENTION_DAYS))
    return days


def check_scorecard_targets(targets: Any) -> dict[str, float]:
    """The scorecard's targets as {national id: percent 0–100}; raises UserError (Vietnamese)
    for anything else (the settings dialog, the CLI and the province's feed use it)."""
    from .errors import UserError
    from .reports.scorecard import IDS

    if not isinstance(targets, dict) or any(
            k not in IDS or isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100
            for k, v in targets.items()):
        raise UserError(_("Chỉ tiêu phải là các cặp mã chỉ số ({ids}) và tỷ lệ phần trăm từ 0 đến 100.").format(
            ids=", ".join(IDS)))
    return {k: float(v) for k, v in targets.items()}


def update(db: "sqlite_utils.Database", actor, values: dict[str, Any]) -> None:
    """Change station settings (administrator only), audited with the keys changed."""
    from . import audit
    from .accounts import require_role
    from .db import write_tx
    from .errors import UserError

    require_role(actor, "admin")
    unknown = set(values) - EDITABLE
    if unknown:
        raise UserError(_("Không sửa được các thiết lập: {keys}.").format(keys=", ".join(sorted(unknown))))
    if "office_hours" in values:
        from .workcalendar import parse_windows

        parse_windows(values["office_hours"])
    if "scan_retention_days" in values:
        values = {**values, "scan_retention_days": check_retention_days(values["scan_retention_days"])}
    if "calendar_max_days_off_per_month" in values:
        try:
            limit = int(values["calendar_max_days_off_per_month"])
        except (TypeError, ValueError):
            limit = -1
        if not 0 <= limit <= 23:
            raise UserError(_("Số ngày làm việc được nghỉ tối đa trong một tháng phải từ 0 đến 23."))
        values = {**values, "calendar_max_days_off_per_month": limit}
    if "scorecard_targets" in values:
        check_scorecard_targets(values["scorecard_targets"])
    if "online_receive_limit_hours" in values:
        hours = values["online_receive_limit_hours"]
        if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 240:
            raise UserError(_("Thời hạn tiếp nhận hồ sơ trực tuyến phải là số giờ làm việc, lớn hơn 0 và không quá 240."))
    if "satisfaction_prompt" in values and not isinstance(values["satisfaction_prompt"], bool):
        raise UserError(_("Thiết lập hỏi đánh giá của người dân chỉ nhận true hoặc false."))
    with write_tx(db):
        put_many(db, values)
        audit.record(db, actor, "settings-change", "settings", {"keys": sorted(values)})
