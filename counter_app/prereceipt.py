"""The check before receiving (issue 17, scope 1): the clerk ends the intake form with one of
three outcomes.

- ``receive``: today's intake (``counter_app.intake``): a dossier code, a due date, Mẫu 01.
- ``guide``: the papers are incomplete. The citizen is guided in writing to complete them
  (Mẫu 02 listing the missing papers, with the reason); the dossier is **not received**.
- ``refuse``: not eligible / not in scope. A written refusal (Mẫu 03 with the reason); **not
  received**.

A guidance or a refusal creates no dossier and no dossier code: it is a numbered line in the
station's register of slips (table ``slips``, migration m008), numbered per year and station
in one sequence for both kinds, and an audit entry (``intake-guide`` / ``intake-refuse``). The
register is local: it is not synced (the sync protocol carries dossiers under their code,
docs/sync-protocol.md), and neither the Sổ theo dõi (Mẫu 07) nor Biểu 06 counts it; the
tallies count it in columns of their own (``counter_app.reports.tally``).
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import audit, intake, procedures, settings, timeutil, validation
from .audit import Actor
from .db import write_tx
from .errors import NotFound, UserError, ValidationFailed
from .i18n import N_, _
from .lifecycle import _items, _text
from .validation import validate_person

OUTCOMES = ("receive", "guide", "refuse", "online")
SLIP_KINDS = ("guide", "refuse", "online")
# "online" (issue 20, scope 2): the citizen could submit on the portal and is guided there, with a
# printed guide whose QR is the procedure's portal link (``printing/online_guide.py``). Counted as
# the centre's "hướng dẫn nộp trực tuyến"; no dossier; the applicant and the reason are optional.
ONLINE_FORM = "huong-dan-truc-tuyen"
KIND_FORM = {"guide": "mau-02", "refuse": "mau-03", "online": ONLINE_FORM}
AUDIT_ACTION = {"guide": "intake-guide", "refuse": "intake-refuse", "online": "intake-online"}
KIND_NAMES = {"guide": N_("Hướng dẫn bổ sung, hoàn thiện hồ sơ (Mẫu 02)"),
              "refuse": N_("Từ chối tiếp nhận hồ sơ (Mẫu 03)"),
              "online": N_("Hướng dẫn nộp hồ sơ trực tuyến")}
REASON_MAX = 1000
# The intake JSON's keys are accepted beside the slip's own, so that one file can be switched
# from "receive" to "guide" by its "outcome" alone; of them a slip keeps the procedure, the
# applicant, the time and the note (the rest describe a received dossier).
SLIP_KEYS = intake.ALLOWED_KEYS | {"outcome", "missing_items", "reason"}


@dataclass
class SlipRequest:
    kind: str  # guide | refuse
    procedure_code: str
    applicant: dict[str, Any]
    reason: str
    missing_items: list[dict[str, Any]]
    at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class SavedSlip:
    id: int
    kind: str
    year: int
    station: int
    number: int
    at: datetime

    @property
    def label(self) -> str:
        """The register number as people read and type it: "3/2026"."""
        return f"{self.number}/{self.year}"

    @property
    def form_id(self) -> str:
        return KIND_FORM[self.kind]


def parse(data: Any, *, now: datetime | None = None) -> intake.IntakeRequest | SlipRequest:
    """The intake JSON with its ``outcome`` ("receive" by default): an IntakeRequest for a
    dossier to receive, a SlipRequest for a guidance or a refusal. Raises UserError /
    ValidationFailed (Vietnamese) for any bad input."""
    if not isinstance(data, dict):
        raise UserError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    outcome = data.get("outcome", "receive")
    if outcome not in OUTCOMES:
        raise ValidationFailed({"outcome": "Kết quả kiểm tra (\"outcome\") phải là \"receive\" (tiếp nhận), "
                                           "\"guide\" (hướng dẫn bổ sung, Mẫu 02), \"refuse\" (từ chối, Mẫu 03) "
                                           "hoặc \"online\" (hướng dẫn nộp trực tuyến)."})
    if outcome == "receive":
        stray = sorted({"missing_items", "reason"} & set(data))
        if stray:
            raise ValidationFailed({"_keys": "Hồ sơ được tiếp nhận không có trường " + ", ".join(stray)
                                    + " (chỉ dùng khi \"outcome\" là \"guide\" hoặc \"refuse\")."})
        return intake.parse_request({k: v for k, v in data.items() if k != "outcome"}, now=now)
    return parse_slip(outcome, data, now=now)


def parse_slip(kind: str, data: Any, *, now: datetime | None = None) -> SlipRequest:
    """Validate a guidance (``kind`` "guide") or a refusal ("refuse"); every problem listed."""
    if kind not in SLIP_KINDS:
        raise UserError(f"Loại phiếu không hợp lệ: {kind}.")
    if not isinstance(data, dict):
        raise UserError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    bad_text = validation.find_bad_text(data, "Dữ liệu hồ sơ")
    if bad_text:
        raise ValidationFailed({"_text": bad_text})
    errors: dict[str, str] = {}
    extra = set(data) - SLIP_KEYS
    if extra:
        errors["_keys"] = "Có trường không hợp lệ: " + ", ".join(sorted(map(str, extra))) + "."
    now = now or timeutil.now()
    code = data.get("procedure_code")
    if not isinstance(code, str) or not code.strip():
        errors["procedure_code"] = _("Chưa chọn thủ tục hành chính.")
    at = None
    raw_at = data.get("received_at")
    if raw_at not in (None, ""):
        try:
            if not isinstance(raw_at, str):
                raise ValueError
            at = timeutil.parse_iso(raw_at).replace(microsecond=0)
        except ValueError:
            errors["received_at"] = _("Thời điểm tiếp nhận phải theo định dạng ISO 8601, ví dụ 2026-11-23T08:15:00+07:00.")
        else:
            if at > now + timedelta(minutes=5):
                errors["received_at"] = _("Thời điểm tiếp nhận không được ở tương lai.")
            elif at.year < 2000:
                errors["received_at"] = _("Thời điểm tiếp nhận không hợp lệ (trước năm 2000).")
    applicant: dict[str, Any] = {}
    raw_applicant = data.get("applicant")
    if kind == "online" and (raw_applicant in (None, {}) or (isinstance(raw_applicant, dict) and not any(
            str(v).strip() for k, v in raw_applicant.items() if k != "cccd_raw" and v is not None))):
        pass  # guided to the portal: who it was is not needed
    elif not isinstance(raw_applicant, dict):
        errors["applicant"] = _("Thiếu thông tin người nộp hồ sơ.")
    else:
        raw_applicant = {k: v for k, v in raw_applicant.items() if k != "cccd_raw"}
        # The ID number may be missing: the ID paper itself may be what the citizen must bring.
        applicant, errs = validate_person(raw_applicant, N_("người nộp hồ sơ"), require_id=False)
        errors.update({f"applicant.{k}": v for k, v in errs.items()})
    if kind == "online":
        reason = _text(data, "reason", N_("Ghi chú hướng dẫn nộp trực tuyến"), errors, required=False, limit=REASON_MAX)
    else:
        label = N_("Lý do hướng dẫn bổ sung, hoàn thiện hồ sơ") if kind == "guide" else N_("Lý do từ chối tiếp nhận")
        reason = _text(data, "reason", label, errors, limit=REASON_MAX)
    items: list[dict[str, Any]] = []
    if kind == "guide":
        items = _items(data, errors)
    elif data.get("missing_items") not in (None, []):
        errors["missing_items"] = ("Phiếu từ chối tiếp nhận (Mẫu 03)" if kind == "refuse" else
                                   "Phiếu hướng dẫn nộp trực tuyến") + " không kèm danh sách giấy tờ cần bổ sung; " \
                                  "hãy dùng \"outcome\": \"guide\" (Mẫu 02)."
    note = data.get("note") or ""
    msg = validation.validate_note(note, maximum=intake.NOTE_MAX)
    if msg:
        errors["note"] = msg
    if errors:
        raise ValidationFailed(errors)
    return SlipRequest(kind, code.strip(), applicant, reason, items, at, note.strip())


def save_slip(db: sqlite_utils.Database, req: SlipRequest, actor: Actor, *, now: datetime | None = None) -> SavedSlip:
    """Write the slip's register line and its audit entry in one transaction."""
    return insert_slip(db, req, actor, now=now, own_tx=True)


def insert_slip(db: sqlite_utils.Database, req: SlipRequest, actor: Actor, *, now: datetime | None = None,
                audit_details: dict[str, Any] | None = None, own_tx: bool = False) -> SavedSlip:
    """The writes of :func:`save_slip`, inside the caller's write transaction (``own_tx``: in one
    of its own; an online dossier's guidance or refusal, counter_app/online.py, adds its own
    rows to the caller's). ``audit_details``: added to the audit entry's details (no personal data)."""
    now = now or timeutil.now()
    at = timeutil.to_vn(req.at or now)
    with write_tx(db) if own_tx else nullcontext():
        s = settings.get_all(db)
        if not s["setup_completed_at"]:
            raise UserError("Trạm chưa được thiết lập; không thể lập phiếu.")
        stored = procedures.get_active(db, req.procedure_code)
        p = stored.procedure
        station = int(s["station"])
        number = intake.next_sequence(db, f"slip:{at.year}:{station}")
        cur = db.execute(
            "INSERT INTO slips (year, station, number, kind, procedure_id, procedure_code, procedure_name, field, "
            "applicant_name, applicant_id_number, applicant, missing_items, reason, note, clerk_id, clerk_name, at, day) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [at.year, station, number, req.kind, stored.id, p.code, p.name, p.field,
             req.applicant.get("full_name") or "", req.applicant.get("id_number") or "",
             json.dumps(req.applicant, ensure_ascii=False, sort_keys=True),
             json.dumps(req.missing_items, ensure_ascii=False), req.reason, req.note,
             actor.user_id, actor.full_name, timeutil.iso(at), at.date().isoformat()],
        )
        # no personal data and no free text in the audit details: the register holds them
        audit.record(db, actor, AUDIT_ACTION[req.kind], f"{number}/{at.year}",
                     {"procedure": p.code, "number": number, "year": at.year, "missing": len(req.missing_items),
                      **(audit_details or {})})
    return SavedSlip(cur.lastrowid, req.kind, at.year, station, number, at)


def parse_ref(ref: Any, *, now: datetime | None = None) -> tuple[int, int]:
    """(number, year) from "N" (this year) or "N/YYYY"."""
    text = str(ref or "").strip()
    number, _sep, year = text.partition("/")
    try:
        n = int(number)
        y = int(year) if year else timeutil.to_vn(now or timeutil.now()).year
    except ValueError:
        n = y = 0
    if n < 1 or not 2000 <= y <= 9999 or not number.isdigit() or (year and not year.isdigit()):
        raise UserError(f"Số phiếu không hợp lệ: \"{text}\". Nhập số trong sổ, ví dụ 3 hoặc 3/2026.")
    return n, y


def get_slip(db: sqlite_utils.Database, ref: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """One slip of this station's register, as plain data."""
    number, year = parse_ref(ref, now=now)
    station = int(settings.get_all(db)["station"])
    r = db.execute("SELECT * FROM slips WHERE year = ? AND station = ? AND number = ?", [year, station, number]).fetchone()
    if r is None:
        raise NotFound(f"Không có phiếu số {number}/{year} trong sổ hướng dẫn, từ chối tiếp nhận của quầy này.")
    return {
        "number": r["number"], "year": r["year"], "station": r["station"], "label": f"{r['number']}/{r['year']}",
        "kind": r["kind"], "form": KIND_FORM[r["kind"]],
        "procedure": {"code": r["procedure_code"], "name": r["procedure_name"], "field": r["field"]},
        "applicant": json.loads(r["applicant"]), "missing_items": json.loads(r["missing_items"]),
        "reason": r["reason"], "note": r["note"], "clerk": r["clerk_name"], "at": r["at"], "day": r["day"],
    }


def slip_form_data(db: sqlite_utils.Database, ref: Any, form_id: str) -> dict[str, Any]:
    """A slip in the shape the printed Mẫu 02/03 read (``printing.forms``): no dossier code; the
    register number is the form's "Số" (its year is the form's date); the step holds the reason and the missing papers."""
    slip = get_slip(db, ref)
    if form_id != slip["form"]:
        which = _(KIND_NAMES[slip["kind"]])
        raise UserError(f"Phiếu số {slip['label']} là phiếu «{which}»: in bằng {slip['form']}, không phải {form_id}.")
    from .online import code_of_slip

    slip_id = db.execute("SELECT id FROM slips WHERE year = ? AND station = ? AND number = ?",
                         [slip["year"], slip["station"], slip["number"]]).fetchone()[0]
    return {
        "code": code_of_slip(db, slip_id),  # an online dossier's code; a counter slip has none
        "doc_number": str(slip["number"]),
        "applicant": slip["applicant"],
        "procedure": slip["procedure"],
        "received_by": slip["clerk"],
        "received_at": slip["at"],
        "history": [],
        "step": {"at": slip["at"], "reason": slip["reason"], "missing_items": slip["missing_items"],
                 "guide_name": slip["clerk"]},
    }


def portal_link(template: str, procedure_code: str) -> str:
    """The procedure's page on the portal from the station's template (``{code}`` replaced)."""
    template = (template or "").strip()
    if not template:
        return ""
    return template.replace("{code}", procedure_code) if "{code}" in template else template


def online_guide_data(db: sqlite_utils.Database, ref: Any) -> dict[str, Any]:
    """A guidance to the portal (kind "online") in the shape ``printing.online_guide`` reads: the
    procedure, its portal link from the station's template, the register number, the clerk."""
    slip = get_slip(db, ref)
    if slip["kind"] != "online":
        which = _(KIND_NAMES[slip["kind"]])
        raise UserError(f"Phiếu số {slip['label']} là phiếu «{which}»: in bằng {slip['form']}, không phải {ONLINE_FORM}.")
    template = settings.get(db, "portal_procedure_url_template")
    return {"procedure": slip["procedure"], "link": portal_link(template, slip["procedure"]["code"]),
            "number": str(slip["number"]), "at": slip["at"], "clerk": slip["clerk"], "note": slip["reason"],
            "applicant_name": slip["applicant"].get("full_name", "")}


def list_slips(db: sqlite_utils.Database, day_from, day_to) -> list[dict[str, Any]]:
    """The register's lines of days [day_from, day_to] (dates), oldest first."""
    rows = db.execute("SELECT year, number FROM slips WHERE day BETWEEN ? AND ? ORDER BY at, id",
                      [day_from.isoformat(), day_to.isoformat()]).fetchall()
    return [get_slip(db, f"{n}/{y}") for y, n in rows]


def components_not_ticked(procedure, ticked: list[dict[str, Any]]) -> list[str]:
    """The procedure's components the clerk did not tick, in checklist order: the papers a
    guidance lists by default."""
    handed = {" ".join((c.get("name") or "").split()).casefold() for c in ticked}
    return [c.name for c in procedure.components if " ".join(c.name.split()).casefold() not in handed]
