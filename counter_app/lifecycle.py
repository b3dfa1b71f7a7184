"""A dossier's life after intake: status changes and the counter's actions.

Every change is one transaction: the dossier row, one history entry (who, when, unit, note and
the step's own values in ``data``), one outbox entry for the province and one audit row. The
transition table is in :mod:`statuses`; illegal steps are refused in Vietnamese.

Due dates (one model, two dates; the decision table is docs/due-dates.md):
- ``due_at`` is the citizen's current appointment: moved by an extension (Mẫu 04) and by the
  supplement pause counted in working hours (the new appointment the citizen is told);
- ``original_due_at`` is the legal appointment the on-time judgement reads: the appointment
  issued on Mẫu 01 (``issued_due_at``, what ``NgayHenTra`` carries) plus the *elapsed* time of
  each supplement pause — the 766 formula's rule ("end −= completed − requested"), so that the
  app and the national side judge a dossier alike. An extension never moves it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import accounts, audit, calendar_store, outbox, settings, statuses, timeutil
from .audit import Actor
from .db import write_tx
from .duedate import add_working_hours, working_hours_between
from .errors import NotFound, UserError, ValidationFailed
from .i18n import N_, _
from .validation import validate_full_name, validate_id_number

FINISH_STATUSES = {statuses.RESOLVED, statuses.REFUSED, statuses.STOPPED, statuses.WITHDRAWN}

# action -> (target status or None for "no status change", Vietnamese label)
ACTIONS: dict[str, tuple[int | None, str]] = {
    "supplement": (statuses.SUPPLEMENT, "Yêu cầu bổ sung hồ sơ"),
    "supplement-received": (None, "Nhận hồ sơ bổ sung"),  # back to the status before 5
    "refuse": (statuses.REFUSED, "Từ chối tiếp nhận"),
    "handover": (statuses.PROCESSING, "Chuyển hồ sơ đến cơ quan giải quyết"),
    "result-received": (statuses.RESOLVED, "Nhận kết quả từ cơ quan giải quyết"),
    "return": (statuses.RETURNED, "Trả kết quả"),
    "extend": (None, "Xin lỗi và gia hạn (Mẫu 04)"),
    "stop": (statuses.STOPPED, "Dừng giải quyết hồ sơ"),
    "withdraw": (statuses.WITHDRAWN, "Công dân rút hồ sơ"),
    # status 6: the resolving body asks the citizen to pay a financial obligation (tax, charge)
    # before the result; the counter records the amount, then the receipt that proves payment
    "obligation": (statuses.PAYMENT, "Yêu cầu thực hiện nghĩa vụ tài chính"),
    "obligation-paid": (None, "Đã thực hiện nghĩa vụ tài chính"),  # back to the status before 6
    # the resolving body returns the dossier as not resolvable (written notice with the reason,
    # handed to the citizen through the counter): status 8, outcome "unresolvable"
    "unresolvable": (statuses.STOPPED, "Trả lại hồ sơ, không giải quyết được"),
}
# The printed form that goes with each action (printing form ids).
ACTION_FORMS = {"supplement": "mau-02", "refuse": "mau-03", "extend": "mau-04", "stop": "mau-05",
                "unresolvable": "tb-kgq"}
# While a dossier waits for the citizen (supplement, financial obligation) only these are offered.
WAITING_ACTIONS = {statuses.SUPPLEMENT: ["supplement-received", "withdraw", "stop"],
                   statuses.PAYMENT: ["obligation-paid", "withdraw", "stop", "unresolvable"]}
MAX_AMOUNT = 10**12


def _dossier(db: sqlite_utils.Database, code: str):
    row = db.execute(
        "SELECT id, status, due_at, original_due_at, resolving_unit, receiving_unit FROM dossiers WHERE code = ?",
        [(code or "").strip()],
    ).fetchone()
    if row is None:
        raise NotFound(_("Không tìm thấy hồ sơ có mã \"{code}\".").format(code=code))
    return row


def _write_step(db, dossier_id: int, code: str, current: int, target: int, actor: Actor, action: str,
                at: datetime, unit: str, note: str, data: dict[str, Any], extra_sets: dict[str, Any]) -> int:
    last = db.execute("SELECT MAX(at) FROM history WHERE dossier_id = ?", [dossier_id]).fetchone()[0]
    if last and timeutil.parse_iso(last) > at:
        raise UserError(_("Thời điểm thực hiện không được sớm hơn bước xử lý trước đó của hồ sơ."))
    at_iso = timeutil.iso(at)
    sets = {"status": target, "updated_at": timeutil.iso(timeutil.now()), **extra_sets}
    if target != current and target in FINISH_STATUSES:
        sets["finished_at"] = db.execute(
            "SELECT COALESCE(finished_at, ?) FROM dossiers WHERE id = ?", [at_iso, dossier_id]).fetchone()[0]
    if target == statuses.RETURNED:
        sets["returned_at"] = at_iso
    db.execute(
        f"UPDATE dossiers SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", [*sets.values(), dossier_id]
    )
    hist = db.execute(
        "INSERT INTO history (dossier_id, status, action, at, actor_id, actor_name, unit, note, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dossier_id, target, action, at_iso, actor.user_id, actor.full_name, unit, note,
         json.dumps(data, ensure_ascii=False, sort_keys=True)],
    ).lastrowid
    now_iso = timeutil.iso(timeutil.now())
    outbox.enqueue(db, outbox.PROGRESS, dossier_id, str(hist), now=now_iso)
    audit.record(db, actor, "status", code, {"from": current, "to": target, "action": action})
    return hist


def change_status(db: sqlite_utils.Database, code: str, target: int, actor: Actor, *, action: str,
                  unit: str = "", note: str = "", at: datetime | None = None,
                  data: dict[str, Any] | None = None) -> int:
    """Move dossier ``code`` to ``target``; returns the history entry id."""
    at = timeutil.to_vn(at or timeutil.now())
    with write_tx(db):
        dossier_id, current, *_ = _dossier(db, code)
        statuses.check_transition(current, target)
        return _write_step(db, dossier_id, code, current, target, actor, action, at, unit, note, data or {}, {})


# --- the counter's actions -----------------------------------------------------------------------

def _text(data: dict, key: str, label: str, errors: dict, required: bool = True, limit: int = 1000) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = _("{label} phải là văn bản.").format(label=_(label))
        return ""
    value = " ".join(value.split())
    if required and not value:
        errors[key] = _("{label} không được để trống.").format(label=_(label))
    elif len(value) > limit:
        errors[key] = _("{label} quá dài (tối đa {maximum} ký tự).").format(label=_(label), maximum=limit)
    return value


def _items(data: dict, errors: dict) -> list[dict]:
    raw = data.get("missing_items")
    if not isinstance(raw, list) or not raw:
        errors["missing_items"] = _("Cần liệt kê ít nhất một giấy tờ phải bổ sung.")
        return []
    out = []
    for i, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            errors[f"missing_items[{i}]"] = _("Giấy tờ cần bổ sung thứ {i} phải có tên.").format(i=i)
            continue
        entry = {"name": " ".join(item["name"].split())}
        for k in ("originals", "certified_copies", "copies"):
            v = item.get(k, 0)
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 99:
                errors[f"missing_items[{i}].{k}"] = _("Số bản của giấy tờ thứ {i} phải là số nguyên từ 0 đến 99.").format(i=i)
            entry[k] = v if isinstance(v, int) else 0
        out.append(entry)
    return out


def _parse_at(data: dict, key: str, label: str, errors: dict) -> datetime | None:
    raw = data.get(key)
    if raw in (None, ""):
        return None
    try:
        return timeutil.parse_iso(str(raw)).replace(microsecond=0)
    except ValueError:
        errors[key] = _("{label} phải theo định dạng ISO 8601, ví dụ 2026-11-30T16:00:00+07:00.").format(label=_(label))
        return None


def available_actions(status: int) -> list[str]:
    """The counter actions that make sense for a dossier in ``status`` (for buttons)."""
    if status in WAITING_ACTIONS:
        return list(WAITING_ACTIONS[status])
    out = []
    for action, (target, _label) in ACTIONS.items():
        if action in ("supplement-received", "obligation-paid"):
            continue
        if action == "extend":
            if status in statuses.IN_PROGRESS:
                out.append(action)
        elif target is not None and statuses.can_transition(status, target):
            out.append(action)
    return out


def _check_apology_rules(db, dossier_id: int, due: datetime, at: datetime, actor: Actor) -> None:
    """The apology letter (Mẫu 04) answers a dossier about to be late (issue 17 item 5): not
    earlier than ``apology_earliest_working_days`` working days before the current due date (1:
    the day before), once per dossier; a second letter, or one after the due date has passed,
    only by a supervisor (the CLI is one)."""
    cal = calendar_store.load(db)
    days = int(settings.get(db, "apology_earliest_working_days") or 1)
    earliest = timeutil.to_vn(due).date()
    for _i in range(max(days, 0)):
        earliest -= timedelta(days=1)
        while not cal.is_working_day(earliest):
            earliest -= timedelta(days=1)
    if timeutil.to_vn(at).date() < earliest:
        raise UserError(_("Chưa lập văn bản xin lỗi được: hạn giải quyết là {due}; văn bản chỉ lập khi hồ sơ sắp quá "
                          "hạn, từ ngày {earliest}.").format(due=timeutil.vn_datetime(due), earliest=timeutil.vn_date(earliest)))
    if accounts.is_supervisor(actor):
        return
    if at > due:
        raise UserError(_("Hồ sơ đã quá hạn giải quyết ({due}); văn bản xin lỗi lúc này do giám sát viên lập.").format(
            due=timeutil.vn_datetime(due)))
    letters = db.execute("SELECT COUNT(*) FROM history WHERE dossier_id = ? AND action = 'extend'", [dossier_id]).fetchone()[0]
    if letters:
        raise UserError(_("Hồ sơ đã có văn bản xin lỗi, gia hạn; lần gia hạn tiếp theo do giám sát viên lập."))


ALLOWED_DATA_KEYS = {
    "supplement": {"missing_items", "reason", "override", "guide_name", "guide_phone", "at", "unit"},
    "supplement-received": {"note", "at", "components"},
    "refuse": {"reason", "at"},
    "handover": {"unit", "note", "at", "post_tracking"},
    "result-received": {"unit", "note", "at"},
    "return": {"collector", "method", "tracking_number", "note", "at"},
    "extend": {"reason", "new_due_at", "at"},
    "stop": {"reason", "at"},
    "withdraw": {"reason", "at"},
    "obligation": {"amount", "content", "unit", "at"},
    "obligation-paid": {"receipt_no", "receipt_date", "amount", "note", "at"},
    "unresolvable": {"reason", "unit", "at"},
}


def perform(db: sqlite_utils.Database, code: str, action: str, actor: Actor, data: dict[str, Any] | None = None) -> int:
    """Run one counter action on dossier ``code``; returns the history entry id.

    ``data`` holds the step's values (see ALLOWED_DATA_KEYS); ``reason`` is required for
    supplement, refuse, extend and stop. Raises UserError/ValidationFailed in Vietnamese.
    """
    if action not in ACTIONS:
        raise UserError(_("Thao tác không hợp lệ: \"{action}\". Chọn một trong: {actions}.").format(
            action=action, actions=", ".join(ACTIONS)))
    if data is not None and not isinstance(data, dict):
        raise UserError(_("Dữ liệu của thao tác phải là một đối tượng JSON."))
    data = dict(data or {})
    extra = set(data) - ALLOWED_DATA_KEYS[action]
    if extra:
        raise ValidationFailed({"_keys": _("Có trường không hợp lệ: {keys}.").format(keys=", ".join(sorted(map(str, extra))))})
    errors: dict[str, str] = {}
    at = _parse_at(data, "at", N_("Thời điểm thực hiện"), errors)
    now = timeutil.now()
    if at is not None and at > now + timedelta(minutes=5):
        errors["at"] = _("Thời điểm thực hiện không được ở tương lai.")
    at = at or now
    step: dict[str, Any] = {}
    unit = ""
    note = ""
    received: list[dict[str, Any]] = []  # papers brought with a supplement (supplement-received)
    if action == "supplement":
        step["missing_items"] = _items(data, errors)
        step["reason"] = _text(data, "reason", N_("Lý do yêu cầu bổ sung"), errors)
        step["guide_name"] = _text(data, "guide_name", N_("Người hướng dẫn"), errors, required=False, limit=100) or actor.full_name
        step["guide_phone"] = _text(data, "guide_phone", N_("Số điện thoại hướng dẫn"), errors, required=False, limit=30)
        unit = _text(data, "unit", N_("Đơn vị yêu cầu"), errors, required=False, limit=200)
        note = step["reason"]
    elif action in ("refuse", "stop", "extend"):
        step["reason"] = _text(data, "reason", N_("Lý do"), errors)
        note = step["reason"]
    elif action == "withdraw":
        step["reason"] = _text(data, "reason", N_("Lý do"), errors, required=False)
        note = step["reason"]
    elif action == "obligation":
        step["amount"] = _amount(data, errors, required=True)
        step["content"] = _text(data, "content", N_("Nội dung nghĩa vụ tài chính"), errors, limit=300)
        unit = _text(data, "unit", N_("Cơ quan yêu cầu"), errors, required=False, limit=200)
        if not errors:
            note = f"{step['content']}: {_money(step['amount'])} đồng"
    elif action == "obligation-paid":
        step["receipt_no"] = _text(data, "receipt_no", N_("Số biên lai, chứng từ nộp tiền"), errors, limit=50)
        step["receipt_date"] = _receipt_date(data, errors)
        step["amount"] = _amount(data, errors, required=False)
        note = _text(data, "note", N_("Ghi chú"), errors, required=False)
    elif action == "unresolvable":
        step["reason"] = _text(data, "reason", N_("Lý do không giải quyết được"), errors)
        step["outcome"] = "unresolvable"
        unit = _text(data, "unit", N_("Cơ quan giải quyết"), errors, required=False, limit=200)
        note = step["reason"]
    elif action in ("handover", "result-received"):
        unit = _text(data, "unit", N_("Cơ quan giải quyết"), errors, required=False, limit=200)
        note = _text(data, "note", N_("Ghi chú"), errors, required=False)
        if action == "handover":
            step["post_tracking"] = _text(data, "post_tracking", N_("Số hiệu bưu gửi"), errors, required=False, limit=50)
            if step["post_tracking"] and not note:
                note = f"Nhận qua bưu chính, số hiệu {step['post_tracking']}"
    elif action == "supplement-received":
        note = _text(data, "note", N_("Ghi chú"), errors, required=False)
        received = _received_components(data.get("components"), errors)
    elif action == "return":
        step.update(_return_data(data, errors))
        note = _text(data, "note", N_("Ghi chú"), errors, required=False)
        if step.get("method") == "post" and step.get("tracking_number") and not note:
            note = f"Trả qua bưu chính, số hiệu {step['tracking_number']}"  # shows on Mẫu 06
        collector = step.get("collector") or {}
        if collector.get("kind") == "authorised" and not note:
            note = "Người được ủy quyền nhận"
    if action == "extend":
        new_due = _parse_at(data, "new_due_at", N_("Ngày hẹn trả mới"), errors)
        if new_due is None and "new_due_at" not in errors:
            errors["new_due_at"] = _("Cần nhập ngày hẹn trả mới.")
        step["new_due_at"] = timeutil.iso(new_due) if new_due else None
    if errors:
        raise ValidationFailed(errors)

    target, _label = ACTIONS[action]
    with write_tx(db):
        dossier_id, current, due_at, orig_due, resolving_unit, receiving_unit = _dossier(db, code)
        sets: dict[str, Any] = {}
        if action == "supplement":
            rounds = db.execute(
                "SELECT COUNT(*) FROM history WHERE dossier_id = ? AND action = 'supplement'", [dossier_id]
            ).fetchone()[0]
            if rounds >= 1:
                if not data.get("override"):
                    raise UserError(_(
                        "Hồ sơ đã được yêu cầu bổ sung một lần. Theo quy định chỉ yêu cầu bổ sung một lần "
                        "(lần thứ hai bị tính là quá hạn); cần giám sát viên cho phép."
                    ))
                accounts.require_supervisor(actor)
                step["override"] = True
            step["round"] = rounds + 1
            step["previous_status"] = current
        elif action == "supplement-received":
            if current != statuses.SUPPLEMENT:
                raise UserError(_("Hồ sơ không ở trạng thái chờ bổ sung."))
            req = db.execute(
                "SELECT at, data FROM history WHERE dossier_id = ? AND action = 'supplement' ORDER BY id DESC LIMIT 1",
                [dossier_id],
            ).fetchone()
            requested_at = timeutil.parse_iso(req[0])
            target = json.loads(req[1]).get("previous_status", statuses.RECEIVED)
            cal = calendar_store.load(db)
            paused = working_hours_between(requested_at, at, cal)
            new_due = add_working_hours(timeutil.parse_iso(due_at), paused, cal).replace(microsecond=0)
            # the legal appointment moves by the elapsed pause (766: completion − request)
            new_orig = timeutil.parse_iso(orig_due) + (at - requested_at)
            sets = {"due_at": timeutil.iso(new_due), "original_due_at": timeutil.iso(new_orig)}
            step.update(requested_at=req[0], paused_working_hours=round(paused, 2),
                        previous_due_at=due_at, new_due_at=sets["due_at"],
                        previous_legal_due_at=orig_due, new_legal_due_at=sets["original_due_at"])
        elif action == "extend":
            if current not in statuses.IN_PROGRESS:
                raise UserError(_("Chỉ gia hạn được hồ sơ đang giải quyết."))
            _check_apology_rules(db, dossier_id, timeutil.parse_iso(due_at), at, actor)
            if timeutil.parse_iso(step["new_due_at"]) <= timeutil.parse_iso(due_at):
                raise UserError(_("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."))
            step["previous_due_at"] = due_at
            sets = {"due_at": step["new_due_at"]}
        elif action == "handover":
            unit = unit or resolving_unit
            step["from_unit"] = receiving_unit
            if unit:
                sets["resolving_unit"] = unit
        elif action in ("result-received", "unresolvable"):
            unit = unit or resolving_unit
        elif action == "obligation":
            step["previous_status"] = current
        elif action == "obligation-paid":
            if current != statuses.PAYMENT:
                raise UserError(_("Hồ sơ không ở trạng thái chờ thực hiện nghĩa vụ tài chính."))
            req = db.execute(
                "SELECT data FROM history WHERE dossier_id = ? AND action = 'obligation' ORDER BY id DESC LIMIT 1",
                [dossier_id]).fetchone()
            asked = json.loads(req[0]) if req else {}
            target = asked.get("previous_status", statuses.PROCESSING)
            step["requested_amount"] = asked.get("amount")
            if step["amount"] is None:
                step["amount"] = asked.get("amount")
            note = note or f"Biên lai số {step['receipt_no']}" + (
                f", {_money(step['amount'])} đồng" if step["amount"] else "")
        if action == "supplement-received" and received:
            step["components"] = received
        if target is None:
            target = current
        else:
            if current == statuses.SUPPLEMENT and action not in ("withdraw", "stop", "supplement-received"):
                raise UserError(_(
                    "Hồ sơ đang chờ công dân bổ sung; hãy ghi nhận hồ sơ bổ sung (supplement-received) trước."
                ))
            if current == statuses.PAYMENT and action not in WAITING_ACTIONS[statuses.PAYMENT]:
                raise UserError(_(
                    "Hồ sơ đang chờ công dân thực hiện nghĩa vụ tài chính; hãy ghi nhận biên lai nộp tiền "
                    "(obligation-paid) trước."
                ))
            statuses.check_transition(current, target)
        hist = _write_step(db, dossier_id, code, current, target, actor, action, at, unit, note, step, sets)
        if action in ("obligation", "obligation-paid", "unresolvable"):
            audit.record(db, actor, action, code, {k: step.get(k) for k in ("amount", "receipt_no", "receipt_date")
                                                   if step.get(k) not in (None, "")})
        if action == "supplement-received" and received:
            _add_components(db, dossier_id, code, received, actor)
        return hist


def _money(amount: int | None) -> str:
    return f"{amount or 0:,}".replace(",", ".")


def _amount(data: dict, errors: dict, *, required: bool) -> int | None:
    """A sum of money in đồng: a whole number from 1 to 10^12."""
    raw = data.get("amount")
    if raw in (None, ""):
        if required:
            errors["amount"] = _("Cần nhập số tiền (đồng).")
        return None
    if isinstance(raw, str) and raw.strip().replace(".", "").isdigit():
        raw = int(raw.strip().replace(".", ""))
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_AMOUNT:
        errors["amount"] = _("Số tiền phải là số nguyên dương (đồng), tối đa 1.000.000.000.000.")
        return None
    return raw


def _receipt_date(data: dict, errors: dict) -> str:
    raw = data.get("receipt_date") or ""
    if not raw:
        return ""
    from datetime import date

    try:
        return date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        errors["receipt_date"] = _("Ngày biên lai phải theo định dạng YYYY-MM-DD.")
        return ""


def _received_components(raw: Any, errors: dict) -> list[dict[str, Any]]:
    """The papers the citizen brought with the supplement: none, or components in the intake's
    shape and limits (name, originals, copies, certified_copies, pages)."""
    from .intake import _component_errors  # the intake form's rules, word for word

    if raw is None or raw == []:
        return []
    items, errs = _component_errors(raw)
    errors.update(errs)
    return items


def _add_components(db, dossier_id: int, code: str, items: list[dict[str, Any]], actor: Actor) -> None:
    """Add the received papers after the dossier's components (inside the step's transaction);
    the province gets the dossier's record again (with them) and the audit says which."""
    from .intake import MAX_COMPONENTS

    count, last = db.execute(
        "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM components WHERE dossier_id = ?", [dossier_id]).fetchone()
    if count + len(items) > MAX_COMPONENTS:
        raise UserError(_("Hồ sơ {code} đã có {count} thành phần; thêm {added} giấy tờ sẽ vượt "
                          "giới hạn {limit} thành phần.").format(
                            code=code, count=count, added=len(items), limit=MAX_COMPONENTS))
    positions = []
    for pos, comp in enumerate(items, start=last + 1):
        db.execute(
            "INSERT INTO components (dossier_id, position, name, originals, copies, certified_copies, pages) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [dossier_id, pos, comp["name"], comp["originals"], comp["copies"], comp["certified_copies"], comp["pages"]],
        )
        positions.append(pos)
    now_iso = timeutil.iso(timeutil.now())
    outbox.enqueue(db, outbox.DOSSIER, dossier_id, "update", now=now_iso)  # the record, with the new components
    audit.record(db, actor, "supplement-components", code, {
        "positions": positions, "names": [c["name"] for c in items]})


def _return_data(data: dict, errors: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    method = data.get("method", "counter")
    if method not in ("counter", "post"):
        errors["method"] = _("Hình thức trả kết quả phải là \"counter\" (tại quầy) hoặc \"post\" (qua bưu chính).")
    out["method"] = method
    if method == "post":
        out["tracking_number"] = _text(data, "tracking_number", N_("Số hiệu bưu gửi"), errors, limit=50)
    collector = data.get("collector") or {"kind": "applicant"}
    if not isinstance(collector, dict):
        errors["collector"] = _("Thông tin người nhận kết quả không đúng dạng.")
        return out
    kind = collector.get("kind", "applicant")
    if kind not in ("applicant", "authorised"):
        errors["collector.kind"] = _("Người nhận kết quả là người nộp (\"applicant\") hoặc người được ủy quyền (\"authorised\").")
    entry: dict[str, Any] = {"kind": kind}
    if kind == "authorised":
        msg = validate_full_name(collector.get("full_name"), N_("Họ và tên người được ủy quyền"))
        if msg:
            errors["collector.full_name"] = msg
        msg = validate_id_number(collector.get("id_number"), allow_old=True)
        if msg:
            errors["collector.id_number"] = msg
        entry["full_name"] = " ".join(str(collector.get("full_name") or "").split())
        entry["id_number"] = str(collector.get("id_number") or "").strip()
    out["collector"] = entry
    return out


def record_payment(db: sqlite_utils.Database, code: str, position: int, actor: Actor, *, method: str,
                   receipt_no: str = "", receipt_date: str = "") -> None:
    """Record how fee item ``position`` was paid and the e-receipt issued by the province's
    e-receipt service (the app records fees; it does not issue legal receipts)."""
    methods = {"cash": "Tiền mặt", "transfer": "Chuyển khoản", "online-dvcqg": "Trực tuyến (Cổng DVCQG)",
               "online-province": "Trực tuyến (cổng thanh toán của tỉnh)", "free": "Miễn"}
    if method not in methods:
        raise UserError(_("Hình thức thanh toán phải là một trong: {methods}.").format(methods=", ".join(methods)))
    if len(receipt_no) > 50:
        raise UserError(_("Số biên lai quá dài (tối đa 50 ký tự)."))
    if receipt_date:
        try:
            from datetime import date

            date.fromisoformat(receipt_date)
        except ValueError:
            raise UserError(_("Ngày biên lai phải theo định dạng YYYY-MM-DD.")) from None
    with write_tx(db):
        dossier_id = _dossier(db, code)[0]
        cur = db.execute(
            "UPDATE fees SET paid_method = ?, receipt_no = ?, receipt_date = ? WHERE dossier_id = ? AND position = ?",
            [method, receipt_no.strip(), receipt_date or None, dossier_id, position],
        )
        if cur.rowcount != 1:
            raise NotFound(_("Hồ sơ {code} không có khoản phí, lệ phí thứ {position}.").format(code=code, position=position))
        audit.record(db, actor, "fee-paid", code, {"position": position, "method": method})
