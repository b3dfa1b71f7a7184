"""The lawful extension of a procedure's time limit, by rule or by written agreement with the
citizen (issue 17 item 4): e.g. chứng thực bản sao từ bản chính (2.000815) — many originals,
many pages, many copies, or papers hard to check — may take up to 2 more working days, or longer
by written agreement (Điều 21 Nghị định 23/2015/NĐ-CP; the rule is catalogue data:
``extension`` in docs/catalogue-format.md).

This is not the apology letter (Mẫu 04, for a dossier about to be late): it is allowed only for
a procedure whose rule has ``extension``, before the current appointment passes, and prints its
own slip (the written agreement, printing/agreement.py).

Due dates: the step moves the citizen's appointment (``due_at``) exactly as the apology letter
does, and keeps the legal due date (``original_due_at``) as it was; the history entry
(action ``agreed-extension``) holds the previous and the new appointment, the kind, the reason
and the legal basis, and ``lawful: true`` so a model that separates the legal appointment from
the current one can move both (see the report of this change).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import accounts, audit, calendar_store, outbox, statuses, timeutil
from .audit import Actor
from .catalogue import Procedure
from .db import write_tx
from .duedate import add_working_hours
from .errors import NotFound, UserError, ValidationFailed

ACTION = "agreed-extension"
LABEL = "Gia hạn theo quy định / thỏa thuận bằng văn bản"
FORM_ID = "thoa-thuan"
KINDS = ("days", "agreement")
DATA_KEYS = {"kind", "days", "agreed_due_at", "reason", "at"}
REASON_MAX = 500
ALLOWED_STATUSES = statuses.IN_PROGRESS - {statuses.SUPPLEMENT}


def rule_of(procedure: Procedure | dict | None) -> dict | None:
    """The extension rule of a procedure (or of ``get_detail``'s ``procedure`` dict), or None."""
    if procedure is None:
        return None
    if isinstance(procedure, Procedure):
        return procedure.extension
    return procedure.get("extension")


def offered(detail: dict) -> bool:
    """Whether the detail view offers the step: the procedure allows it and the dossier is
    being handled (not waiting for a supplement)."""
    return rule_of(detail.get("procedure")) is not None and detail.get("status") in ALLOWED_STATUSES


def not_allowed_message(code: str, name: str) -> str:
    return (f"Thủ tục {code} ({name}) không cho phép gia hạn theo quy định hoặc theo thỏa thuận bằng văn bản; "
            "khi hồ sơ sắp quá hạn, hãy lập văn bản xin lỗi và hẹn lại (Mẫu 04).")


def _parse(data: Any) -> tuple[dict[str, Any], datetime | None]:
    if not isinstance(data, dict):
        raise UserError("Dữ liệu gia hạn phải là một đối tượng JSON.")
    errors: dict[str, str] = {}
    extra = set(data) - DATA_KEYS
    if extra:
        errors["_keys"] = "Có trường không hợp lệ: " + ", ".join(sorted(map(str, extra))) + "."
    kind = data.get("kind")
    if kind not in KINDS:
        errors["kind"] = ("Cách gia hạn (\"kind\") phải là \"days\" (thêm số ngày làm việc) hoặc \"agreement\" "
                          "(đến ngày thỏa thuận bằng văn bản với công dân).")
    out: dict[str, Any] = {"kind": kind}
    if kind == "days":
        days = data.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            errors["days"] = "Số ngày làm việc gia hạn (\"days\") phải là số nguyên từ 1 trở lên."
        out["days"] = days
    elif kind == "agreement":
        raw = data.get("agreed_due_at")
        try:
            out["agreed_due_at"] = timeutil.to_vn(timeutil.parse_iso(str(raw))).replace(second=0, microsecond=0)
        except (TypeError, ValueError):
            errors["agreed_due_at"] = ("Cần nhập ngày hẹn trả đã thỏa thuận (\"agreed_due_at\") theo định dạng ISO 8601, "
                                       "ví dụ 2026-12-10T16:00:00+07:00.")
    reason = data.get("reason")
    reason = " ".join(reason.split()) if isinstance(reason, str) else ""
    if not reason:
        errors["reason"] = "Cần ghi lý do gia hạn (ví dụ: bản chính nhiều trang, yêu cầu nhiều bản sao)."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"Lý do gia hạn quá dài (tối đa {REASON_MAX} ký tự)."
    out["reason"] = reason
    at = None
    if data.get("at") not in (None, ""):
        try:
            at = timeutil.parse_iso(str(data["at"])).replace(microsecond=0)
        except ValueError:
            errors["at"] = "Thời điểm thực hiện phải theo định dạng ISO 8601, ví dụ 2026-11-30T10:00:00+07:00."
    if errors:
        raise ValidationFailed(errors)
    return out, at


def perform(db: sqlite_utils.Database, code: str, actor: Actor, data: dict[str, Any]) -> int:
    """Extend dossier ``code`` under its procedure's rule; returns the history entry id.

    ``data``: ``kind`` "days" with ``days`` (1 … the rule's maximum), or "agreement" with
    ``agreed_due_at`` (ISO 8601, after the current appointment); ``reason`` (required); ``at``.
    One transaction: the appointment moved, a history entry, the province's outbox entry and the
    audit row ``agreed-extension``. Raises UserError / ValidationFailed in Vietnamese."""
    step, at = _parse(data)
    now = timeutil.now()
    if at is not None and at > now + timedelta(minutes=5):
        raise ValidationFailed({"at": "Thời điểm thực hiện không được ở tương lai."})
    at = timeutil.to_vn(at or now)
    with write_tx(db):
        row = db.execute(
            "SELECT id, status, due_at, original_due_at, procedure_rules, receiving_unit FROM dossiers WHERE code = ?",
            [(code or "").strip()]).fetchone()
        if row is None:
            raise NotFound(f"Không tìm thấy hồ sơ có mã \"{code}\".")
        dossier_id, current, due_at, legal_due, rules_json, unit = row
        code = code.strip()
        p = Procedure.from_dict(json.loads(rules_json))
        rule = p.extension
        if rule is None:
            raise UserError(not_allowed_message(p.code, p.name))
        if current not in ALLOWED_STATUSES:
            raise UserError(f"Chỉ gia hạn được hồ sơ đang giải quyết; hồ sơ {code} đang ở trạng thái "
                            f"\"{statuses.name(current)}\".")
        due = timeutil.parse_iso(due_at)
        if at > due:
            raise UserError(f"Hồ sơ {code} đã quá hạn hẹn trả ({timeutil.vn_datetime(due)}): không gia hạn được nữa; "
                            "hãy lập văn bản xin lỗi và hẹn lại (Mẫu 04).")
        earlier = db.execute("SELECT COUNT(*) FROM history WHERE dossier_id = ? AND action = ?",
                             [dossier_id, ACTION]).fetchone()[0]
        if earlier and not accounts.is_supervisor(actor):
            raise UserError(f"Hồ sơ {code} đã được gia hạn một lần; lần gia hạn tiếp theo do giám sát viên lập.")
        if step["kind"] == "days":
            limit = rule["max_working_days"]
            if limit == 0:
                raise UserError(f"Thủ tục {p.code} chỉ gia hạn theo thỏa thuận bằng văn bản với công dân, "
                                "không gia hạn theo số ngày; hãy chọn \"theo thỏa thuận\" và nhập ngày hẹn.")
            if step["days"] > limit:
                raise ValidationFailed({"days": (
                    f"Thủ tục {p.code} chỉ được gia hạn thêm tối đa {limit:02d} ngày làm việc ({rule['basis']}); "
                    "lâu hơn cần thỏa thuận bằng văn bản với công dân.")})
            cal = calendar_store.load(db)
            new_due = add_working_hours(due, step["days"] * cal.hours.hours_per_day(), cal).replace(second=0, microsecond=0)
        else:
            if not rule["by_agreement"]:
                raise UserError(f"Thủ tục {p.code} không gia hạn theo thỏa thuận; chỉ được thêm tối đa "
                                f"{rule['max_working_days']:02d} ngày làm việc ({rule['basis']}).")
            new_due = step.pop("agreed_due_at")
            if new_due <= due:
                raise ValidationFailed({"agreed_due_at": (
                    f"Ngày hẹn đã thỏa thuận phải sau ngày hẹn trả hiện tại ({timeutil.vn_datetime(due)}).")})
            step["agreed_due_at"] = timeutil.iso(new_due)
        step.update(basis=rule["basis"], previous_due_at=due_at, legal_due_at=legal_due,
                    new_due_at=timeutil.iso(new_due), lawful=True)
        at_iso = timeutil.iso(at)
        last = db.execute("SELECT MAX(at) FROM history WHERE dossier_id = ?", [dossier_id]).fetchone()[0]
        if last and timeutil.parse_iso(last) > at:
            raise UserError("Thời điểm thực hiện không được sớm hơn bước xử lý trước đó của hồ sơ.")
        db.execute("UPDATE dossiers SET due_at = ?, updated_at = ? WHERE id = ?",
                   [step["new_due_at"], timeutil.iso(timeutil.now()), dossier_id])
        note = f"{LABEL}: {step['reason']}"
        hist = db.execute(
            "INSERT INTO history (dossier_id, status, action, at, actor_id, actor_name, unit, note, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [dossier_id, current, ACTION, at_iso, actor.user_id, actor.full_name, unit or "", note,
             json.dumps(step, ensure_ascii=False, sort_keys=True)],
        ).lastrowid
        outbox.enqueue(db, outbox.PROGRESS, dossier_id, str(hist), now=timeutil.iso(timeutil.now()))
        audit.record(db, actor, ACTION, code, {
            "kind": step["kind"], "days": step.get("days"), "previous_due_at": due_at,
            "new_due_at": step["new_due_at"], "reason": step["reason"]})
        return hist


def form_data(db: sqlite_utils.Database, code: str) -> dict[str, Any]:
    """The dossier as the written-agreement slip prints it: ``step`` is the latest extension."""
    from . import dossiers

    d = dossiers.get_detail(db, code)
    steps = [h for h in d["history"] if h["action"] == ACTION]
    if not steps:
        raise UserError(f"Hồ sơ {d['code']} chưa được gia hạn theo quy định / thỏa thuận nên chưa in được "
                        "văn bản thỏa thuận gia hạn.")
    last = steps[-1]
    d["step"] = {**last["data"], "at": last["at"], "unit": last["unit"], "actor": last["actor"]}
    return d
