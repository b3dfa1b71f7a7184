"""First-start setup of a counter PC: agency settings, first administrator, seed catalogue and
calendar. One transaction: a failed setup leaves nothing behind."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from . import accounts, audit, calendar_store, procedures, settings, timeutil
from .audit import Actor
from .catalogue import Catalogue, load_seed_catalogue
from .db import write_tx
from .errors import UserError, ValidationFailed
from .validation import validate_agency_code, validate_station_digit
from .workcalendar import parse_windows


def default_parent_name(agency_name: str, province: str) -> str:
    """'Trung tâm Phục vụ hành chính công xã Yên Lạc' -> 'UBND XÃ YÊN LẠC' (upper header line)."""
    low = agency_name.lower()
    for unit in ("xã ", "phường ", "đặc khu ", "thị trấn "):
        i = low.rfind(unit)
        if i >= 0:
            return ("UBND " + agency_name[i:]).upper()
    return ("UBND " + province.strip()).upper()


def default_place_name(agency_name: str, province: str) -> str:
    """The place on the forms' "…, ngày … tháng … năm …" line: the commune's own name
    ('… xã Yên Lạc' -> 'Yên Lạc'), the province only when the agency's name has none."""
    low = agency_name.lower()
    for unit in ("xã ", "phường ", "đặc khu ", "thị trấn "):
        i = low.rfind(unit)
        if i >= 0 and agency_name[i + len(unit):].strip():
            return agency_name[i + len(unit):].strip()
    return province.strip()


def validate_setup(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = values.get("agency_code")
    msg = validate_agency_code(code if isinstance(code, str) else "")
    if msg:
        errors["agency_code"] = msg
    name = values.get("agency_name")
    if not isinstance(name, str) or not name.strip():
        errors["agency_name"] = "Tên đơn vị không được để trống."
    elif len(name.strip()) > 200:
        errors["agency_name"] = "Tên đơn vị quá dài (tối đa 200 ký tự)."
    province = values.get("province")
    if not isinstance(province, str) or not province.strip():
        errors["province"] = "Tỉnh/thành phố không được để trống."
    msg = validate_station_digit(values.get("station"))
    if msg:
        errors["station"] = msg
    hours = values.get("office_hours") or settings.DEFAULTS["office_hours"]
    try:
        parse_windows(hours)
    except UserError as exc:
        errors["office_hours"] = exc.message
    for key, msg in (
        ("admin_user", accounts.validate_username(values.get("admin_user") or "")),
        ("admin_password", accounts.validate_password(values.get("admin_password") or "")),
    ):
        if msg:
            errors[key] = msg
    return errors


def initialize(db: sqlite_utils.Database, values: dict[str, Any], *, catalogue: Catalogue | None = None, actor: Actor | str = "setup") -> None:
    """Set up a new station. ``values``: agency_code, agency_name, province, station,
    admin_user, admin_password, optional admin_full_name, parent_name, place_name,
    office_hours, unit_label, counter_name."""
    if settings.is_set_up(db):
        raise UserError("Dữ liệu tại thư mục này đã được khởi tạo trước đó; không khởi tạo lại.")
    errors = validate_setup(values)
    if errors:
        raise ValidationFailed(errors)
    catalogue = catalogue or load_seed_catalogue()
    now = timeutil.now()
    agency_name = values["agency_name"].strip()
    s = {
        "agency_code": values["agency_code"].strip(),
        "agency_name": agency_name,
        "province": values["province"].strip(),
        "station": int(values["station"]),
        "parent_name": (values.get("parent_name") or "").strip() or default_parent_name(agency_name, values["province"]),
        "place_name": (values.get("place_name") or "").strip() or default_place_name(agency_name, values["province"]),
        "office_hours": values.get("office_hours") or settings.DEFAULTS["office_hours"],
        "setup_completed_at": timeutil.iso(now),
    }
    for key in ("unit_label", "counter_name", "lookup_url_template", "phone"):
        if values.get(key):
            s[key] = str(values[key]).strip()
    with write_tx(db):
        settings.put_many(db, s)
        uid = accounts.create_user(
            db, values["admin_user"], values.get("admin_full_name") or values["admin_user"], "admin", values["admin_password"]
        )
        procedures.import_catalogue(db, catalogue, actor)
        calendar_store.seed(db, range(now.year - 1, now.year + 3))
        audit.record(db, actor, "setup", "station", {"agency_code": s["agency_code"], "station": s["station"], "admin_user_id": uid})
