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
from .i18n import N_, _
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


# Limits of the texts printed on the forms (set-up and the station settings dialog).
FORM_TEXT_LIMITS = {"parent_name": 200, "place_name": 100, "head_title": 120, "head_name": 100}
MAX_TITLE_LINES = 3
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 240
_FORM_TEXT_LABELS = {"parent_name": N_("Cơ quan chủ quản"), "place_name": N_("Địa danh"),
                     "head_title": N_("Chức danh người ký"), "head_name": N_("Họ tên người ký")}


def _form_text_errors(values: dict[str, Any]) -> dict[str, str]:
    """The forms' header, place and signer: optional texts within their limits."""
    errors: dict[str, str] = {}
    for key, limit in FORM_TEXT_LIMITS.items():
        value = values.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            errors[key] = _("{label} phải là chữ.").format(label=_(_FORM_TEXT_LABELS[key]))
        elif len(value.strip()) > limit:
            errors[key] = _("{label} quá dài (tối đa {maximum} ký tự).").format(
                label=_(_FORM_TEXT_LABELS[key]), maximum=limit)
        elif key == "head_title" and len([t for t in value.splitlines() if t.strip()]) > MAX_TITLE_LINES:
            errors[key] = _("Chức danh người ký có tối đa {n} dòng.").format(n=MAX_TITLE_LINES)
        elif key != "head_title" and ("\n" in value or "\r" in value):
            errors[key] = _("{label} chỉ có một dòng.").format(label=_(_FORM_TEXT_LABELS[key]))
    return errors


def validate_setup(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = _form_text_errors(values)
    code = values.get("agency_code")
    msg = validate_agency_code(code if isinstance(code, str) else "")
    if msg:
        errors["agency_code"] = msg
    name = values.get("agency_name")
    if not isinstance(name, str) or not name.strip():
        errors["agency_name"] = _("Tên đơn vị không được để trống.")
    elif len(name.strip()) > 200:
        errors["agency_name"] = _("Tên đơn vị quá dài (tối đa 200 ký tự).")
    province = values.get("province")
    if not isinstance(province, str) or not province.strip():
        errors["province"] = _("Tỉnh/thành phố không được để trống.")
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
        raise UserError(_("Dữ liệu tại thư mục này đã được khởi tạo trước đó; không khởi tạo lại."))
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
    for key in ("unit_label", "counter_name", "lookup_url_template", "phone", "head_title", "head_name"):
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


# The station settings a supervisor edits after set-up ("Cài đặt trạm…"). The agency code and the
# station number are not among them: they are part of every dossier code already given out.
STATION_SETTINGS = ("agency_name", "parent_name", "place_name", "head_title", "head_name",
                    "counter_name", "phone", "office_hours", "idle_lock_minutes", "online_receive_limit_hours")
MAX_ONLINE_LIMIT_HOURS = 240  # the same bound as counter_app/settings.py checks


def validate_station_settings(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the cleaned values, errors by key): the set-up's limits, plus what the forms need."""
    errors = _form_text_errors(values)
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in STATION_SETTINGS:
            errors[key] = _("Không sửa được thiết lập này sau khi thiết lập trạm.")
        elif key == "idle_lock_minutes":
            try:
                minutes = int(value) if not isinstance(value, bool) else -1
            except (TypeError, ValueError):
                minutes = -1
            if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
                errors[key] = _("Thời gian tự khóa phải từ {low} đến {high} phút.").format(
                    low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES)
            clean[key] = minutes
        elif key == "online_receive_limit_hours":  # [R] the legal time to receive an online dossier
            try:
                hours = float(value) if not isinstance(value, bool) else -1.0
            except (TypeError, ValueError):
                hours = -1.0
            if not 0 < hours <= MAX_ONLINE_LIMIT_HOURS:
                errors[key] = _("Thời hạn tiếp nhận hồ sơ trực tuyến phải là số giờ làm việc, lớn hơn 0 và không quá 240.")
            clean[key] = int(hours) if hours == int(hours) else hours
        elif not isinstance(value, str):
            errors.setdefault(key, _("Giá trị không hợp lệ."))
        elif key == "head_title":
            clean[key] = "\n".join(t.strip() for t in value.strip().splitlines() if t.strip())
        else:
            clean[key] = value.strip()
    if "agency_name" in clean and not clean["agency_name"]:
        errors["agency_name"] = _("Tên đơn vị không được để trống.")
    elif len(clean.get("agency_name", "")) > 200:
        errors["agency_name"] = _("Tên đơn vị quá dài (tối đa 200 ký tự).")
    if "place_name" in clean and not clean["place_name"]:
        errors["place_name"] = _("Địa danh ghi trên biểu mẫu không được để trống.")
    for key, limit in (("counter_name", 60), ("phone", 40)):
        if len(clean.get(key, "")) > limit:
            errors[key] = _("Giá trị quá dài (tối đa {maximum} ký tự).").format(maximum=limit)
    if "office_hours" in clean:
        try:
            parse_windows(clean["office_hours"])
        except UserError as exc:
            errors["office_hours"] = exc.message
    return clean, errors


def update_station_settings(db: sqlite_utils.Database, actor: Actor, values: dict[str, Any]) -> list[str]:
    """A supervisor's (or administrator's) change of the station settings, in one transaction,
    audited ("settings-update") with each changed value before and after (none of them is
    personal data). Returns the keys that changed; nothing is written when none did."""
    accounts.require_supervisor(actor)
    if not settings.is_set_up(db):
        raise UserError(_("Trạm chưa được thiết lập."))
    clean, errors = validate_station_settings(values)
    if errors:
        raise ValidationFailed(errors)
    with write_tx(db):
        current = settings.get_all(db)
        changed = {k: v for k, v in clean.items() if current.get(k) != v}
        if not changed:
            return []
        settings.put_many(db, changed)
        audit.record(db, actor, "settings-update", "settings",
                     {"changes": {k: [current.get(k), v] for k, v in sorted(changed.items())}})
    return sorted(changed)
