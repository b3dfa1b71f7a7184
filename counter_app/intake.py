"""Taking in a dossier: validation of the clerk's input and the one-transaction save.

Save writes, in ONE transaction: the dossier with its official code and due date, the
applicant (and owner), components, fee items, the first history entry (status 2 "Được tiếp
nhận"), the search index row, the outbox entry for the province and the audit row. Either all
of it is on disk (synchronous=FULL) or none of it; only then is the code shown or printed.
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import accounts, audit, calendar_store, exemptions, outbox, procedures, search_index, settings, statuses, timeutil, validation
from .audit import Actor
from .db import write_tx
from .duedate import compute_due, unusual_span
from .errors import UserError, ValidationFailed
from .fees import compute_fees
from .i18n import N_, _
from .validation import validate_count, validate_person

# Vietnamese names (data: forms, reports); the screen shows ``_(CHANNELS[c])``.
CHANNELS = {1: N_("Trực tiếp"), 2: N_("Trực tuyến"), 3: N_("Qua dịch vụ bưu chính công ích")}
RETURN_METHODS = {"counter": N_("Tại Bộ phận Một cửa"), "post": N_("Qua dịch vụ bưu chính công ích")}
MAX_COMPONENTS = 50
NOTE_MAX = 1000            # the form's text boxes take no more than the core accepts
COMPONENT_NAME_MAX = 300
MAX_PER_DAY = 999

ALLOWED_KEYS = {
    "procedure_code", "channel", "received_at", "applicant", "owner", "components",
    "return_method", "note", "sets_count", "override_missing_reason", "exemption",
}
OVERRIDE_REASON_MAX = 500
COMPONENT_KEYS = {"name", "originals", "copies", "certified_copies", "pages"}


@dataclass
class IntakeRequest:
    procedure_code: str
    channel: int
    received_at: datetime | None
    applicant: dict[str, Any]
    owner: dict[str, Any] | None
    components: list[dict[str, Any]]
    return_method: str = "counter"
    note: str = ""
    sets_count: int = 1
    cccd_raw: str | None = None
    override_missing_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    exemption: dict[str, str] | None = None  # {"rule", "proof"}: counter_app/exemptions.py


@dataclass(frozen=True)
class SavedDossier:
    id: int
    code: str
    received_at: datetime
    due_at: datetime


def _component_errors(components: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    errors: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    if not isinstance(components, list) or not components:
        return [], {"components": _("Chưa chọn thành phần hồ sơ nào.")}
    if len(components) > MAX_COMPONENTS:
        return [], {"components": _("Quá nhiều thành phần hồ sơ (tối đa {n}).").format(n=MAX_COMPONENTS)}
    for i, comp in enumerate(components, start=1):
        key = f"components[{i}]"
        if not isinstance(comp, dict):
            errors[key] = _("Thành phần hồ sơ thứ {i} không đúng dạng.").format(i=i)
            continue
        extra = set(comp) - COMPONENT_KEYS
        if extra:
            errors[key] = f"Thành phần hồ sơ thứ {i} có trường không hợp lệ: {', '.join(sorted(map(str, extra)))}."
            continue
        name = comp.get("name")
        if not isinstance(name, str) or not name.strip():
            errors[key + ".name"] = _("Tên thành phần hồ sơ thứ {i} không được để trống.").format(i=i)
            continue
        if len(name.strip()) > COMPONENT_NAME_MAX:
            errors[key + ".name"] = _("Tên thành phần hồ sơ thứ {i} quá dài (tối đa {n} ký tự).").format(i=i, n=COMPONENT_NAME_MAX)
            continue
        item = {"name": " ".join(name.split())}
        for ckey, label in (
            ("originals", N_("Số bản chính")), ("copies", N_("Số bản sao")),
            ("certified_copies", N_("Số bản chứng thực")), ("pages", N_("Số trang")),
        ):
            value = comp.get(ckey, 0)
            msg = validate_count(value, _("{label} (thành phần {i})").format(label=_(label), i=i), minimum=0, maximum=999)
            if msg:
                errors[f"{key}.{ckey}"] = msg
            else:
                item[ckey] = int(value)
        if key + ".originals" not in errors and all(k in item for k in ("originals", "copies", "certified_copies")):
            if item["originals"] + item["copies"] + item["certified_copies"] == 0:
                errors[key] = _("Thành phần hồ sơ thứ {i} phải có ít nhất 1 bản (chính, sao hoặc chứng thực).").format(i=i)
        out.append(item)
    return out, errors


def parse_request(data: Any, *, now: datetime | None = None) -> IntakeRequest:
    """Validate input (from the form or the CLI's JSON). Raises ValidationFailed listing every
    problem in Vietnamese; never anything else for any JSON-like input."""
    if not isinstance(data, dict):
        raise UserError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    bad_text = validation.find_bad_text(data, "Dữ liệu hồ sơ")  # NUL, lone surrogates: never stored
    if bad_text:
        raise ValidationFailed({"_text": bad_text})
    errors: dict[str, str] = {}
    extra = set(data) - ALLOWED_KEYS
    if extra:
        errors["_keys"] = "Có trường không hợp lệ: " + ", ".join(sorted(map(str, extra))) + "."
    now = now or timeutil.now()
    code = data.get("procedure_code")
    if not isinstance(code, str) or not code.strip():
        errors["procedure_code"] = _("Chưa chọn thủ tục hành chính.")
    channel = data.get("channel", 1)
    if isinstance(channel, str) and channel.strip().isascii() and channel.strip().isdigit():
        channel = int(channel.strip())
    if not isinstance(channel, int) or isinstance(channel, bool) or channel not in CHANNELS:
        errors["channel"] = _("Kênh tiếp nhận phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính công ích).")
    received_at = None
    raw_received = data.get("received_at")
    if raw_received not in (None, ""):
        if not isinstance(raw_received, str):
            errors["received_at"] = _("Thời điểm tiếp nhận phải theo định dạng ISO 8601, ví dụ 2026-11-23T08:15:00+07:00.")
        else:
            try:
                received_at = timeutil.parse_iso(raw_received).replace(microsecond=0)
            except ValueError:
                errors["received_at"] = _("Thời điểm tiếp nhận phải theo định dạng ISO 8601, ví dụ 2026-11-23T08:15:00+07:00.")
            else:
                if received_at > now + timedelta(minutes=5):
                    errors["received_at"] = _("Thời điểm tiếp nhận không được ở tương lai.")
                elif received_at.year < 2000:
                    errors["received_at"] = _("Thời điểm tiếp nhận không hợp lệ (trước năm 2000).")
    applicant_raw = data.get("applicant")
    applicant: dict[str, Any] = {}
    cccd_raw = None
    if not isinstance(applicant_raw, dict):
        errors["applicant"] = _("Thiếu thông tin người nộp hồ sơ.")
    else:
        applicant_raw = dict(applicant_raw)
        cccd_raw = applicant_raw.pop("cccd_raw", None)
        if cccd_raw is not None and not isinstance(cccd_raw, str):
            errors["applicant.cccd_raw"] = _("Dữ liệu mã QR CCCD không hợp lệ.")
            cccd_raw = None
        applicant, errs = validate_person(applicant_raw, N_("người nộp hồ sơ"))
        errors.update({f"applicant.{k}": v for k, v in errs.items()})
    owner = None
    owner_raw = data.get("owner")
    if owner_raw not in (None, {}):
        if not isinstance(owner_raw, dict):
            errors["owner"] = _("Thông tin chủ hồ sơ không đúng dạng.")
        else:
            # The owner may be a newborn (birth registration) with no ID number yet.
            owner, errs = validate_person(owner_raw, N_("chủ hồ sơ"), require_id=False)
            errors.update({f"owner.{k}": v for k, v in errs.items()})
    components, errs = _component_errors(data.get("components"))
    errors.update(errs)
    rm = data.get("return_method", "counter")
    if not isinstance(rm, str) or rm not in RETURN_METHODS:
        errors["return_method"] = "Nơi nhận kết quả phải là \"counter\" (tại Bộ phận Một cửa) hoặc \"post\" (qua bưu chính)."
    note = data.get("note") or ""
    msg = validation.validate_note(note, maximum=NOTE_MAX)
    if msg:
        errors["note"] = msg
    override_reason = data.get("override_missing_reason") or ""
    msg = validation.validate_note(override_reason, N_("Lý do tiếp nhận khi thiếu thành phần bắt buộc"),
                                   maximum=OVERRIDE_REASON_MAX)
    if msg:
        errors["override_missing_reason"] = msg
    sets_count = data.get("sets_count", 1)
    msg = validate_count(sets_count, N_("Số bộ hồ sơ"), minimum=1, maximum=99)
    if msg:
        errors["sets_count"] = msg
    exemption, errs = exemptions.parse_request(data.get("exemption"))
    errors.update(errs)
    if errors:
        raise ValidationFailed(errors)
    return IntakeRequest(
        procedure_code=code.strip(), channel=int(channel), received_at=received_at,
        applicant=applicant, owner=owner, components=components, return_method=rm,
        note=note.strip(), sets_count=int(sets_count), cccd_raw=cccd_raw,
        override_missing_reason=" ".join(override_reason.split()), exemption=exemption,
    )


def _component_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def missing_required(procedure, components: list[dict[str, Any]]) -> list[str]:
    """Names of the procedure's required components (marked * on the checklist) absent from
    ``components`` (the ticked ones of the request), in checklist order."""
    handed_in = {_component_key(c.get("name") or "") for c in components}
    return [c.name for c in procedure.required_components if _component_key(c.name) not in handed_in]


def missing_required_message(missing: list[str]) -> str:
    return "Thiếu thành phần hồ sơ bắt buộc: " + "; ".join(missing) + "."


def check_required_components(procedure, req: IntakeRequest, actor: Actor) -> list[str]:
    """The rule: every required component is handed in, unless a supervisor (or admin) takes
    the dossier in anyway with a reason (``override_missing_reason``, audited by the save).
    Returns the missing names (empty, or overridden); raises ValidationFailed / PermissionDenied."""
    missing = missing_required(procedure, req.components)
    if not missing:
        return []
    if not req.override_missing_reason:
        raise ValidationFailed({"components.required": missing_required_message(missing)})
    try:
        accounts.require_supervisor(actor)
    except UserError as exc:
        raise type(exc)(
            missing_required_message(missing)
            + " Chỉ lãnh đạo hoặc quản trị viên mới được tiếp nhận hồ sơ thiếu thành phần bắt buộc. "
            + exc.message
        ) from exc
    return missing


def next_sequence(db: sqlite_utils.Database, name: str) -> int:
    row = db.execute(
        "INSERT INTO sequences (name, last) VALUES (?, 1) "
        "ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last",
        [name],
    ).fetchone()
    return row[0]


def make_code(agency_code: str, received_at: datetime, station: int, seq: int) -> str:
    """<agency>-YYMMDD-<station digit><3-digit daily sequence>, e.g. 000.00.06.H56-261123-1001."""
    return f"{agency_code}-{timeutil.to_vn(received_at).strftime('%y%m%d')}-{station}{seq:03d}"


def preview_due(db: sqlite_utils.Database, procedure_code: str, received_at: datetime) -> datetime:
    """The due date a dossier received now would get (the form shows it live)."""
    p = procedures.get_active(db, procedure_code).procedure
    return compute_due(timeutil.to_vn(received_at), p.time_value, p.time_unit, p.cutoff_15h, calendar_store.load(db))


def preview_due_warning(db: sqlite_utils.Database, procedure_code: str, received_at: datetime) -> tuple[datetime, str | None]:
    """The due date a dossier received now would get, and the warning when it is unusually far
    (:func:`counter_app.duedate.unusual_span`): the form shows both before the clerk saves."""
    p = procedures.get_active(db, procedure_code).procedure
    cal = calendar_store.load(db)
    received = timeutil.to_vn(received_at)
    due = compute_due(received, p.time_value, p.time_unit, p.cutoff_15h, cal)
    warnings = [unusual_span(received, due, p.time_value, p.time_unit, p.cutoff_15h, cal),
                estimated_days_warning(db, received.date(), timeutil.to_vn(due).date())]
    return due, " ".join(w for w in warnings if w) or None


def estimated_days_warning(db: sqlite_utils.Database, first, last) -> str | None:
    """A warning when the due date rests on days off that are only estimated (no notice yet:
    counter_app/calendar_facts.py): the appointment may move when the days are announced."""
    days = calendar_store.estimated_between(db, first, last)
    if not days:
        return None
    listed = ", ".join(timeutil.vn_date(d.day) for d in days[:5]) + (", …" if len(days) > 5 else "")
    return _("Hạn trả tính cả ngày nghỉ ước tính, chưa có thông báo chính thức ({days}); ngày hẹn có thể "
             "thay đổi khi lịch nghỉ được công bố.").format(days=listed)


def save(db: sqlite_utils.Database, req: IntakeRequest, actor: Actor, *, now: datetime | None = None) -> SavedDossier:
    """Save one dossier in one transaction (see module docstring)."""
    return insert(db, req, actor, now=now, own_tx=True)


def insert(db: sqlite_utils.Database, req: IntakeRequest, actor: Actor, *, now: datetime | None = None,
           code: str | None = None, audit_details: dict[str, Any] | None = None,
           own_tx: bool = False) -> SavedDossier:
    """The writes of :func:`save`, inside the caller's write transaction (``own_tx``: in one of
    its own). ``code``: the dossier keeps a code it already has (an online dossier received at
    the counter, counter_app/online.py: the portal's code; its line in the station's day
    numbering is 1000 + a sequence of its own, so the (day, station, seq) key never meets the
    counter's 1–999). ``audit_details``: added to the intake's audit entry."""
    now = now or timeutil.now()
    received_at = timeutil.to_vn(req.received_at or now)
    with write_tx(db) if own_tx else nullcontext():
        s = settings.get_all(db)
        if not s["setup_completed_at"]:
            raise UserError("Trạm chưa được thiết lập; không thể tiếp nhận hồ sơ.")
        stored = procedures.get_active(db, req.procedure_code)
        p = stored.procedure
        overridden = check_required_components(p, req, actor)
        cal = calendar_store.load(db)
        due_at = compute_due(received_at, p.time_value, p.time_unit, p.cutoff_15h, cal)
        station = int(s["station"])
        day = received_at.date().isoformat()
        if code is not None:
            seq = 1000 + next_sequence(db, f"online:{day}:{station}")
        else:
            seq = next_sequence(db, f"day:{day}:{station}")
        if code is None and seq > MAX_PER_DAY:
            raise UserError(
                f"Quầy {station} đã dùng hết {MAX_PER_DAY} số thứ tự hồ sơ trong ngày "
                f"{timeutil.vn_date(received_at)}; không thể cấp thêm mã hồ sơ. Hãy tiếp nhận trên quầy khác."
            )
        code = code or make_code(s["agency_code"], received_at, station, seq)
        register_line = next_sequence(db, f"register:{received_at.year}:{station}")
        fee_items = compute_fees(p.fee_rule, req.components)
        exemption = None
        if req.exemption:  # the clerk confirmed a rule and recorded the proof
            rule = exemptions.check(p, req.channel, fee_items, req.exemption["rule"])
            fee_items, exemption = exemptions.apply(fee_items, rule, req.exemption["proof"])
        fee_total = sum(f.amount for f in fee_items)
        owner_name = req.owner["full_name"] if req.owner else None
        now_iso = timeutil.iso(now)
        cur = db.execute(
            "INSERT INTO dossiers (code, procedure_id, procedure_code, procedure_name, field, channel, status, "
            "received_at, due_at, original_due_at, return_method, sets_count, note, station, day, seq, "
            "register_book, register_line, applicant_name, owner_name, applicant_phone, received_by, "
            "received_by_name, receiving_unit, resolving_unit, fee_total, procedure_rules, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                code, stored.id, p.code, p.name, p.field, req.channel, statuses.RECEIVED,
                timeutil.iso(received_at), timeutil.iso(due_at), timeutil.iso(due_at), req.return_method,
                req.sets_count, req.note, station, day, seq, f"{station}/{received_at.year}", register_line,
                req.applicant["full_name"], owner_name, req.applicant.get("phone") or "", actor.user_id,
                actor.full_name, s["agency_name"], s["agency_name"], fee_total,
                json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True), now_iso,
            ],
        )
        dossier_id = cur.lastrowid
        for role, person in (("applicant", req.applicant), ("owner", req.owner)):
            if person is None:
                continue
            db.execute(
                "INSERT INTO parties (dossier_id, role, full_name, id_number, birth_date, sex, address, phone, email, cccd_raw) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    dossier_id, role, person["full_name"], person.get("id_number") or "",
                    person.get("birth_date"), person.get("sex"), person.get("address") or "",
                    person.get("phone") or "", person.get("email") or "",
                    req.cccd_raw if role == "applicant" else None,
                ],
            )
        for pos, comp in enumerate(req.components, start=1):
            db.execute(
                "INSERT INTO components (dossier_id, position, name, originals, copies, certified_copies, pages) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [dossier_id, pos, comp["name"], comp.get("originals", 0), comp.get("copies", 0),
                 comp.get("certified_copies", 0), comp.get("pages", 0)],
            )
        for pos, fee in enumerate(fee_items, start=1):
            exempt = exemption is not None and fee.name in exemption["fees"] and fee.amount == 0
            db.execute(
                "INSERT INTO fees (dossier_id, position, name, type, amount, detail, paid_method) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [dossier_id, pos, fee.name, fee.type, fee.amount, fee.detail, "free" if exempt else None],
            )
        hist = db.execute(
            "INSERT INTO history (dossier_id, status, action, at, actor_id, actor_name, unit, note, data) "
            "VALUES (?, ?, 'intake', ?, ?, ?, ?, '', ?)",
            [dossier_id, statuses.RECEIVED, timeutil.iso(received_at), actor.user_id, actor.full_name, s["agency_name"],
             json.dumps({"exemption": exemption} if exemption else {}, ensure_ascii=False, sort_keys=True)],
        )
        search_index.index_dossier(db, dossier_id)
        outbox.enqueue(db, outbox.DOSSIER, dossier_id, str(hist.lastrowid), now=now_iso)
        details: dict[str, Any] = {"procedure": p.code, "components": len(req.components), "channel": req.channel}
        if overridden:  # taken in without required components: who, which ones and why
            details["missing_required"] = overridden
            details["override_reason"] = req.override_missing_reason
        if exemption:  # fee exemption confirmed by the clerk: which rule, on what proof, how much
            details["exemption"] = {k: exemption[k] for k in ("rule", "percent", "proof", "fee_before", "fee_after")}
        details.update(audit_details or {})
        audit.record(db, actor, "intake", code, details)
    return SavedDossier(dossier_id, code, received_at, due_at)
