"""Reading dossiers: the detail record (``show --json``, printing) and ledger queries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from . import ledger_query, settings, statuses, timeutil
from .catalogue import Procedure
from .duedate import format_time_limit
from .errors import NotFound
from .fees import amount_in_words
from .i18n import N_
from .intake import CHANNELS, RETURN_METHODS

LEDGER_COLUMNS = ledger_query.COLUMNS  # a ledger row, as ledger_query.page returns it


def _person(row) -> dict[str, Any]:
    return {
        "full_name": row["full_name"], "id_number": row["id_number"], "birth_date": row["birth_date"],
        "sex": row["sex"], "address": row["address"], "phone": row["phone"], "email": row["email"],
    }


def get_detail(db: sqlite_utils.Database, code: str) -> dict[str, Any]:
    """Everything about one dossier, as plain JSON-able data (ISO 8601 times with offset)."""
    d = db.execute("SELECT * FROM dossiers WHERE code = ?", [(code or "").strip()]).fetchone()
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã \"{code}\".")
    did = d["id"]
    rules = Procedure.from_dict(json.loads(d["procedure_rules"]))
    parties = {r["role"]: r for r in db.execute("SELECT * FROM parties WHERE dossier_id = ?", [did]).fetchall()}
    components = [
        {k: r[k] for k in ("position", "name", "originals", "copies", "certified_copies", "pages")}
        for r in db.execute("SELECT * FROM components WHERE dossier_id = ? ORDER BY position", [did]).fetchall()
    ]
    fees = [
        {k: r[k] for k in ("name", "type", "amount", "detail", "paid_method", "receipt_no", "receipt_date")}
        for r in db.execute("SELECT * FROM fees WHERE dossier_id = ? ORDER BY position", [did]).fetchall()
    ]
    history = [
        {
            "status": r["status"], "status_name": statuses.name(r["status"]), "action": r["action"],
            "at": r["at"], "actor": r["actor_name"], "unit": r["unit"], "note": r["note"],
            "data": json.loads(r["data"] or "{}"),
        }
        for r in db.execute("SELECT * FROM history WHERE dossier_id = ? ORDER BY id", [did]).fetchall()
    ]
    fee_total = d["fee_total"]
    # the scanned result documents (counter_app/scanning/results.py); "uploaded": the province has it
    results = [
        {"number": r[0], "title": r[1] or "", "doc_number": r[2] or "", "filename": r[3], "pages": r[4],
         "created_at": r[5], "uploaded": r[6] is not None}
        for r in db.execute(
            "SELECT a.component_position, a.title, a.doc_number, a.filename, a.pages, a.created_at, f.remote_url "
            "FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = ? AND a.kind = 'result' "
            "AND a.removed_at IS NULL ORDER BY a.component_position", [did]).fetchall()
    ]
    return {
        "code": d["code"],
        "status": d["status"],
        "status_name": statuses.name(d["status"]),
        "received_at": d["received_at"],
        "due_at": d["due_at"],
        "original_due_at": d["original_due_at"],
        # the appointment issued on Mẫu 01 (NgayHenTra); rows written without it (synthetic
        # data) fall back to the legal appointment
        "issued_due_at": d["issued_due_at"] or d["original_due_at"],
        "finished_at": d["finished_at"],
        "returned_at": d["returned_at"],
        "channel": d["channel"],
        "channel_name": CHANNELS[d["channel"]],
        "return_method": d["return_method"],
        "return_method_name": RETURN_METHODS[d["return_method"]],
        "sets_count": d["sets_count"],
        "note": d["note"],
        "station": d["station"],
        "procedure": {
            "code": d["procedure_code"], "name": d["procedure_name"], "field": d["field"],
            "field_code": rules.field_code,
            "time_value": rules.time_value, "time_unit": rules.time_unit,
            "time_text": format_time_limit(rules.time_value, rules.time_unit),
            "cutoff_15h": rules.cutoff_15h, "result": rules.result,
            "extension": rules.extension, "exemptions": list(rules.exemptions),
        },
        "applicant": _person(parties["applicant"]) if "applicant" in parties else None,
        "owner": _person(parties["owner"]) if "owner" in parties else None,
        "components": components,
        "results": results,
        "fees": fees,
        "fee_total": fee_total,
        "fee_total_words": amount_in_words(fee_total) if fee_total else "",
        # the fee exemption confirmed at intake (counter_app/exemptions.py), or None
        "exemption": next((h["data"]["exemption"] for h in history
                           if h["action"] == "intake" and h["data"].get("exemption")), None),
        "register": {"book": d["register_book"], "line": d["register_line"]},
        "received_by": d["received_by_name"],
        "receiving_unit": d["receiving_unit"],
        "resolving_unit": d["resolving_unit"],
        "history": history,
        "step": {},
    }


def print_settings(db: sqlite_utils.Database) -> dict[str, Any]:
    """The settings the printed forms read."""
    s = settings.get_all(db)
    keys = ("agency_name", "agency_code", "parent_name", "unit_label", "place_name", "province",
            "doc_number_suffix", "lookup_url_template", "counter_name", "phone", "form_set", "head_name",
            "head_title")
    return {k: s[k] for k in keys}


@dataclass(frozen=True)
class LedgerFilter:
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[int, ...] = ()
    worklist: str = ""  # one of WORKLISTS, or "" for none
    # The dossiers behind a scorecard indicator (reports.scorecard.selection): its national id,
    # "numerator" or "denominator", and the scorecard's period ("" for none).
    indicator: str = ""
    indicator_part: str = ""
    indicator_from: date | None = None
    indicator_to: date | None = None


# The counter's worklists: key -> Vietnamese label (their conditions: ledger_query).
WORKLISTS: dict[str, str] = {
    "due-today": N_("Đến hạn hôm nay"),
    "overdue": N_("Quá hạn"),
    "supplement": N_("Chờ công dân bổ sung"),
    "ready": N_("Có kết quả, chờ trả"),
    "handed-over": N_("Đã chuyển, chưa có kết quả"),
}


def _worklist_where(key: str, now: datetime) -> tuple[str, list[Any]]:
    return ledger_query.worklist_where(key, now)


def worklist_counts(db: sqlite_utils.Database, now: datetime | None = None) -> dict[str, int]:
    """How many dossiers each worklist holds right now (indexed on (status, due_at))."""
    now = now or timeutil.now()
    out = {}
    for key in WORKLISTS:
        where, args = _worklist_where(key, now)
        out[key] = db.execute(f"SELECT COUNT(*) FROM dossiers WHERE {where}", args).fetchone()[0]
    return out


def days_overdue(status: int, due_at: str, now: datetime | None = None) -> int:
    """Whole days a dossier in progress is past its due time, counting a started day (0: not
    overdue, 1: up to 24 hours late). A dossier waiting for a supplement is not counted: its
    clock is stopped (``statuses.ON_THE_CLOCK``)."""
    if status not in statuses.ON_THE_CLOCK:
        return 0
    late = (now or timeutil.now()) - timeutil.parse_iso(due_at)
    if late <= timedelta(0):
        return 0
    return -(-late // timedelta(days=1))


def worklist_extras(db: sqlite_utils.Database, ids, now: datetime | None = None) -> dict[int, tuple[str, int]]:
    """The worklists' extra columns for the given ids: the applicant's phone and the days
    overdue (see :func:`days_overdue`), keyed by id."""
    ids = list(ids)
    if not ids:
        return {}
    now = now or timeutil.now()
    rows = db.execute(
        f"SELECT id, applicant_phone, status, due_at FROM dossiers WHERE id IN ({','.join('?' * len(ids))})", ids
    ).fetchall()
    return {r[0]: (r[1] or "", days_overdue(r[2], r[3], now)) for r in rows}


def search(db: sqlite_utils.Database, text: str, limit: int = 50) -> list[tuple]:
    """Type-ahead search: the first ``limit`` ledger rows of dossiers matching ``text``, newest
    received first — the ledger's own first page (``ledger_query.page``)."""
    if ledger_query.search_expression(text) is None:
        return []  # nothing searchable (a lone character, punctuation): no rows, not every row
    return ledger_query.page(db, LedgerFilter(text=text), limit=limit).rows


def due_mark(status: int, due_at: str, now: datetime | None = None) -> str:
    """'overdue', 'due-today' or '' for a ledger row (the citizen's current appointment)."""
    if status not in statuses.ON_THE_CLOCK:
        return ""
    now = now or timeutil.now()
    due = timeutil.parse_iso(due_at)
    if due < now:
        return "overdue"
    if due.date() == now.date():
        return "due-today"
    return ""


# --- what the printed forms read ----------------------------------------------------------------

# Later-step forms print the values recorded at their step: the latest history entry of this action.
FORM_STEP_ACTIONS = {"mau-02": "supplement", "mau-03": "refuse", "mau-04": "extend", "mau-05": "stop",
                     "tb-kgq": "unresolvable"}
FORM_IDS = ("mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "mau-07", "slip", "tb-kgq")


def form_data(db: sqlite_utils.Database, code: str, form_id: str) -> dict[str, Any]:
    """The dossier as a form prints it. For Mẫu 02–05 ``step`` holds the values recorded when
    the step was taken (with its time); a form whose step never happened is refused."""
    from .errors import UserError

    if form_id not in FORM_IDS or form_id == "mau-07":
        raise UserError(f"Biểu mẫu không hợp lệ: \"{form_id}\". Chọn một trong: {', '.join(FORM_IDS)}.")
    d = get_detail(db, code)
    action = FORM_STEP_ACTIONS.get(form_id)
    if action:
        steps = [h for h in d["history"] if h["action"] == action]
        if not steps:
            raise UserError(f"Hồ sơ {d['code']} chưa có bước \"{action}\" nên chưa in được {form_id}.")
        last = steps[-1]
        d["step"] = {**last["data"], "at": last["at"], "unit": last["unit"], "actor": last["actor"]}
    return d


REGISTER_KEYS = ("code", "status", "status_name", "received_at", "due_at", "sets_count", "note", "procedure",
                 "applicant", "owner", "register", "resolving_unit", "history", "issued_due_at", "original_due_at")


def register_data(db: sqlite_utils.Database, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Dossiers received in [date_from, date_to] (local dates), oldest first, for Mẫu 07: what
    the register prints of each (``REGISTER_KEYS``, shaped as in :func:`get_detail`; the
    procedure by name only), read in three queries for the whole period rather than five per
    dossier (1.7 s for a month of 5,000 at a million dossiers)."""
    span = [date_from.isoformat(), (date_to + timedelta(days=1)).isoformat()]
    period = "SELECT id FROM dossiers WHERE received_at >= ? AND received_at < ?"
    out: dict[int, dict[str, Any]] = {}
    for r in db.execute(
            "SELECT id, code, status, received_at, due_at, sets_count, note, procedure_name, resolving_unit, "
            "register_book, register_line, issued_due_at, original_due_at FROM dossiers "
            "WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id", span):
        out[r[0]] = {
            "code": r[1], "status": r[2], "status_name": statuses.name(r[2]), "received_at": r[3], "due_at": r[4],
            "sets_count": r[5], "note": r[6], "procedure": {"name": r[7]}, "resolving_unit": r[8],
            "register": {"book": r[9], "line": r[10]}, "applicant": None, "owner": None, "history": [],
            # Mẫu 01's appointment, and under it the moved one (docs/due-dates.md)
            "issued_due_at": r[11] or r[12], "original_due_at": r[12],
        }
    for r in db.execute(f"SELECT * FROM parties WHERE dossier_id IN ({period})", span):
        d = out.get(r["dossier_id"])
        if d is not None and r["role"] in ("applicant", "owner"):
            d[r["role"]] = _person(r)
    for did, status, action, at in db.execute(
            f"SELECT dossier_id, status, action, at FROM history WHERE dossier_id IN ({period}) "
            "ORDER BY dossier_id, id", span):
        d = out.get(did)
        if d is not None:
            d["history"].append({"status": status, "status_name": statuses.name(status), "action": action,
                                 "at": at})
    return list(out.values())


def record_print(db: sqlite_utils.Database, actor, code: str, form_id: str, how: str) -> None:
    """Audit a print or a saved PDF (``how``: 'printer', 'pdf', 'cli')."""
    from . import audit
    from .db import write_tx

    with write_tx(db):
        audit.record(db, actor, "print", code, {"form": form_id, "how": how})
