"""Online dossiers at the counter (issue 20, scope 1): "Hồ sơ trực tuyến chờ tiếp nhận".

A citizen submits a dossier on the portal (status 1, "Mới đăng ký"); the province's change feed
brings it to every station of the agency (``online-dossier``, docs/sync-protocol.md "Hồ sơ trực
tuyến / online dossiers"); :func:`apply_change` stores it (table ``online_dossiers``, m019) with
its files (``online_dossier_files``), which the sync engine fetches in the background
(:func:`files_to_fetch`, :func:`file_fetched`, :func:`file_failed`; ``sync/online_files.py``),
checked by size and sha256, into the data folder's file store as scans are.

The clerk checks it and ends with the counter's three outcomes, each one write transaction that
works offline (the outbox carries it to the province when the link is up):

- :func:`receive`: a dossier like any other (``counter_app.intake``) under the portal's code,
  channel 2 (trực tuyến), status 2, its due date computed from the receipt time (not the
  submission time), its files the dossier's attachments (already at the province: no upload;
  ``files.remote_url`` is their URL there). Outbox: a ``progress`` row (TrangThai 2, which
  claims the dossier at the province) that goes before the ``dossier`` row (the full record,
  ``NgayNopHoSo`` = the portal's time). Mẫu 01 prints as for any dossier.
- :func:`guide`: Mẫu 02 (a slip in the station's register, as at the counter); a ``progress``
  row TrangThai 5 with the reason and the missing papers; state ``guided``. The citizen
  completes it on the portal and it comes back as a resubmission.
- :func:`refuse`: Mẫu 03; a ``progress`` row TrangThai 3 with the reason; state ``refused``.

States: ``waiting`` (the worklist), ``received`` / ``guided`` / ``refused`` (decided here),
``closed`` (decided by another station of the agency: ``online-dossier-closed``).

A resubmission (the same MaHoSo again, status 1): a waiting or guided dossier goes back to
``waiting`` with the new file list; a dossier received or refused here is never overwritten (the
change is kept as "not applied" with the reason — a refusal closes the portal dossier, so the
citizen submits anew under a new code); a dossier closed by another station is waiting again
(the province addressed it to this station anew). docs/decisions.md "Online dossiers".

The legal receiving time is the station setting ``online_receive_limit_hours`` [R] (default 8
working hours; unverified reading of Nghị định 45/2020/NĐ-CP on the portal's receiving of
online dossiers): :func:`list_waiting` reports the working hours waited by the office calendar.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from . import audit, calendar_store, intake, outbox, prereceipt, procedures, settings, statuses, timeutil
from .audit import Actor
from .db import write_tx
from .duedate import working_hours_between
from .errors import NotFound, UserError, ValidationFailed
from .i18n import N_, _

WAITING, RECEIVED, GUIDED, REFUSED, CLOSED = "waiting", "received", "guided", "refused", "closed"
STATES = (WAITING, RECEIVED, GUIDED, REFUSED, CLOSED)
STATE_NAMES = {WAITING: N_("Chờ tiếp nhận"), RECEIVED: N_("Đã tiếp nhận"), GUIDED: N_("Đã hướng dẫn bổ sung"),
               REFUSED: N_("Đã từ chối tiếp nhận"), CLOSED: N_("Trạm khác đã xử lý")}
FILE_WAITING, FILE_READY, FILE_FAILED = "waiting", "ready", "failed"

# The outbox rows an outcome makes: kind ``progress``, ref "online:<online_outcomes.id>"
# (sync/bodies.py builds the body with :func:`progress_body_entry`).
OUTBOX_REF = "online:"
OUTCOME_STATUS = {"receive": statuses.RECEIVED, "guide": 5, "refuse": 3}
DEFAULT_LIMIT_HOURS = 8

# Limits of what the feed may carry (the shape check, sync/answers.py, refuses beyond).
MAX_FILES = 100
MAX_FILE_BYTES = 200 * 1024 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
EXT_RE = re.compile(r"^[a-z0-9]{1,8}$")
# Fetching a file: after a failure the next try waits 1, 2, 4 … minutes, at most a day.
RETRY_BASE_S, RETRY_CAP_S = 60, 24 * 3600
FAIL_AFTER = 8  # tries before a file is shown as "failed" (it is still retried, more slowly)


# -- the feed ---------------------------------------------------------------------------------------

def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def file_ext(name: str) -> str:
    """The stored file's extension from the portal's file name ("bin" when it has none usable)."""
    ext = Path(name or "").suffix.lower().lstrip(".")
    return ext if EXT_RE.match(ext) else "bin"


def _files_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for pos, item in enumerate(record.get("TaiLieuNop") or [], start=1):
        name = _text(item.get("TenTepDinhKem")) or f"tep-{pos}"
        out.append({
            "position": pos, "remote_id": _text(item.get("TepDinhKemId")), "name": name[:255],
            "component_code": _text(item.get("MaThanhPhanHoSo")), "component_name": _text(item.get("TenThanhPhanHoSo")),
            "url": _text(item.get("DuongDanTaiTepTin")), "sha256": _text(item.get("Sha256")).lower(),
            "size": int(_text(item.get("DungLuong")) or 0), "ext": file_ext(name),
        })
    return out


def _applicant_of(record: dict[str, Any]) -> dict[str, str]:
    return {"full_name": _text(record.get("ChuHoSo")), "id_number": _text(record.get("SoGiayToChuHoSo")),
            "birth_date": _text(record.get("NgaySinhChuHoSo")), "address": _text(record.get("DiaChiChuHoSo")),
            "phone": _text(record.get("SoDienThoai")), "email": _text(record.get("Email"))}


def _replace_files(db: sqlite_utils.Database, online_id: int, files: list[dict[str, Any]]) -> None:
    """The dossier's file list becomes ``files``; a file already fetched (same sha256, in any
    online dossier) is ready at once."""
    db.execute("DELETE FROM online_dossier_files WHERE online_id = ?", [online_id])
    for f in files:
        ready = db.execute("SELECT fetched_at FROM online_dossier_files WHERE sha256 = ? AND state = 'ready' LIMIT 1",
                           [f["sha256"]]).fetchone()
        db.execute(
            "INSERT INTO online_dossier_files (online_id, position, remote_id, name, component_code, component_name, "
            "url, sha256, size, ext, state, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [online_id, f["position"], f["remote_id"], f["name"], f["component_code"], f["component_name"], f["url"],
             f["sha256"], f["size"], f["ext"], FILE_READY if ready else FILE_WAITING, ready[0] if ready else None],
        )


def apply_change(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    """Apply an ``online-dossier`` change (inside the pull's write transaction); returns
    (state, reason) as :mod:`counter_app.province_changes` does. The shape was checked by
    :func:`sync.answers.online_change_problem`; anything still unusable is "not applied"."""
    from .province_changes import APPLIED, NOT_APPLIED, parse_wire_time

    record = change.get("HoSo")
    try:
        code = _text(record["MaHoSo"])
        submitted = parse_wire_time(_text(record.get("NgayNopHoSo")))
        files = _files_of(record)
        if not code or not _text(record.get("MaTTHC")):
            raise ValueError(code)
    except (TypeError, KeyError, ValueError, AttributeError):
        return NOT_APPLIED, _("Hồ sơ trực tuyến từ hệ thống tỉnh không đúng định dạng.")
    applicant = _applicant_of(record)
    name = _text(record.get("TenTTHC"))
    if not name:  # the portal may leave the name out: the catalogue's
        procedure = _procedure(db, _text(record.get("MaTTHC")))
        name = procedure.name if procedure is not None else ""
    now = timeutil.iso(timeutil.now())
    row = db.execute("SELECT id, state, round, dossier_id FROM online_dossiers WHERE code = ?", [code]).fetchone()
    values = [_text(record.get("MaTTHC")), name, applicant["full_name"],
              json.dumps(applicant, ensure_ascii=False, sort_keys=True), _text(record.get("TrichYeuHoSo"))[:2000],
              timeutil.iso(submitted), json.dumps(record, ensure_ascii=False, sort_keys=True)]
    if row is None:
        online_id = db.execute(
            "INSERT INTO online_dossiers (code, procedure_code, procedure_name, applicant_name, applicant, summary, "
            "submitted_at, record, state, round, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [code, *values, WAITING, now, now]).lastrowid
        _replace_files(db, online_id, files)
        audit.record(db, "province", "province-online", code, {"round": 1, "files": len(files)})
        return APPLIED, ""
    online_id, state, rnd, _dossier_id = row
    if state == RECEIVED:
        return NOT_APPLIED, _("Hồ sơ trực tuyến {code} đã được tiếp nhận tại quầy này; không ghi đè bằng bản nộp "
                              "lại từ cổng dịch vụ công.").format(code=code)
    if state == REFUSED:
        return NOT_APPLIED, _("Hồ sơ trực tuyến {code} đã bị từ chối tiếp nhận tại quầy này; bản nộp lại không "
                              "được áp dụng (người dân nộp hồ sơ mới trên cổng dịch vụ công).").format(code=code)
    if state == WAITING and db.execute("SELECT record FROM online_dossiers WHERE id = ?", [online_id]).fetchone()[0] \
            == values[-1]:
        return APPLIED, _("Hồ sơ trực tuyến {code} không thay đổi.").format(code=code)
    resubmitted = state in (GUIDED, CLOSED)
    db.execute(
        "UPDATE online_dossiers SET procedure_code = ?, procedure_name = ?, applicant_name = ?, applicant = ?, "
        "summary = ?, submitted_at = ?, record = ?, state = ?, round = ?, slip_id = CASE WHEN ? THEN NULL ELSE slip_id END, "
        "decided_at = CASE WHEN ? THEN NULL ELSE decided_at END, decided_by = CASE WHEN ? THEN NULL ELSE decided_by END, "
        "closed_status = NULL, closed_by = NULL, updated_at = ? WHERE id = ?",
        [*values, WAITING, rnd + (1 if resubmitted else 0), resubmitted, resubmitted, resubmitted, now, online_id])
    _replace_files(db, online_id, files)
    audit.record(db, "province", "province-online", code, {"round": rnd + (1 if resubmitted else 0), "files": len(files),
                                                            "from": state})
    return APPLIED, ""


def apply_closed(db: sqlite_utils.Database, change: dict[str, Any]) -> tuple[str, str]:
    """Apply an ``online-dossier-closed`` change: another station decided the dossier; it leaves
    this station's worklist. A dossier decided here keeps its state (the province refuses this
    station's outcome; the outbox row shows why)."""
    from .province_changes import APPLIED, NOT_APPLIED

    code = _text(change.get("MaHoSo"))
    row = db.execute("SELECT id, state FROM online_dossiers WHERE code = ?", [code]).fetchone()
    if row is None:
        return APPLIED, _("Không có hồ sơ trực tuyến {code} trên máy này.").format(code=code)
    if row[1] in (RECEIVED, GUIDED, REFUSED):
        return NOT_APPLIED, _("Hồ sơ trực tuyến {code} đã được xử lý tại quầy này, nhưng hệ thống tỉnh báo trạm "
                              "khác đã xử lý trước; kết quả của quầy này sẽ bị hệ thống tỉnh từ chối.").format(code=code)
    db.execute("UPDATE online_dossiers SET state = ?, closed_status = ?, closed_by = ?, updated_at = ? WHERE id = ?",
               [CLOSED, _text(change.get("TrangThaiHoSo")), _text(change.get("TramXuLy"))[:200],
                timeutil.iso(timeutil.now()), row[0]])
    audit.record(db, "province", "province-online-closed", code, {"status": _text(change.get("TrangThaiHoSo"))})
    return APPLIED, ""


# -- the worklist -------------------------------------------------------------------------------------

def limit_hours(db: sqlite_utils.Database) -> float:
    """The legal receiving time in working hours (setting ``online_receive_limit_hours`` [R])."""
    try:
        value = float(settings.get(db, "online_receive_limit_hours"))
    except (TypeError, ValueError):
        value = DEFAULT_LIMIT_HOURS
    return value if value > 0 else DEFAULT_LIMIT_HOURS


def _files_counts(db: sqlite_utils.Database) -> dict[int, tuple[int, int]]:
    return {r[0]: (r[1], r[2] or 0) for r in db.execute(
        "SELECT f.online_id, COUNT(*), SUM(f.state = 'ready') FROM online_dossier_files f "
        "JOIN online_dossiers o ON o.id = f.online_id WHERE o.state = 'waiting' GROUP BY f.online_id")}


def _summary_row(r: Any, counts: tuple[int, int], now: datetime, cal, limit: float) -> dict[str, Any]:
    submitted = timeutil.parse_iso(r[4])
    waited = round(working_hours_between(submitted, now, cal), 2)
    return {"code": r[0], "procedure_code": r[1], "procedure_name": r[2], "applicant_name": r[3],
            "submitted_at": submitted, "files_total": counts[0], "files_ready": counts[1], "waited_hours": waited,
            "limit_hours": limit, "overdue": waited > limit, "state": r[5]}


_SUMMARY_COLS = "code, procedure_code, procedure_name, applicant_name, submitted_at, state"


def list_waiting(db: sqlite_utils.Database, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The worklist "Hồ sơ trực tuyến chờ tiếp nhận", oldest submission first. Each item: code,
    procedure_code, procedure_name, applicant_name, submitted_at (aware datetime), files_total,
    files_ready, waited_hours (working hours since submission by the office calendar: time
    outside office hours and days off does not count), limit_hours, overdue (bool), state."""
    now = now or timeutil.now()
    cal = calendar_store.load(db)
    limit = limit_hours(db)
    counts = _files_counts(db)
    rows = db.execute(f"SELECT {_SUMMARY_COLS}, id FROM online_dossiers WHERE state = 'waiting' "
                      "ORDER BY submitted_at, id").fetchall()
    return [_summary_row(r, counts.get(r[6], (0, 0)), now, cal, limit) for r in rows]


def _row(db: sqlite_utils.Database, code: Any) -> Any:
    row = db.execute(f"SELECT {_SUMMARY_COLS}, id, applicant, summary, round, dossier_id, slip_id, decided_at, "
                     "decided_by, closed_by, record FROM online_dossiers WHERE code = ?", [_text(code)]).fetchone()
    if row is None:
        raise NotFound(_("Không có hồ sơ trực tuyến mã \"{code}\" trên máy này.").format(code=_text(code)))
    return row


def _component_position(procedure, code: str, name: str) -> tuple[int, str]:
    """The procedure's component a file belongs to: by the portal's component code when it is a
    position in the procedure's list, else by name; (0, the portal's name) when none matches."""
    comps = list(procedure.components) if procedure is not None else []
    if code.isdigit() and 1 <= int(code) <= len(comps):
        return int(code), comps[int(code) - 1].name
    key = " ".join(name.split()).casefold()
    for i, c in enumerate(comps, start=1):
        if " ".join(c.name.split()).casefold() == key:
            return i, c.name
    return 0, name


def _procedure(db: sqlite_utils.Database, code: str):
    try:
        return procedures.get_active(db, code).procedure
    except NotFound:
        return None


def _files(db: sqlite_utils.Database, online_id: int, procedure, data_dir: Path | None) -> list[dict[str, Any]]:
    from .scanning import store

    out = []
    for r in db.execute("SELECT name, component_code, component_name, size, sha256, ext, state, url, last_error "
                        "FROM online_dossier_files WHERE online_id = ? ORDER BY position", [online_id]):
        pos, comp_name = _component_position(procedure, r[1], r[2])
        path = store.file_path(data_dir, r[4], r[5]) if data_dir is not None and r[6] == FILE_READY else None
        out.append({"name": r[0], "component_position": pos, "component_name": comp_name or r[2], "size": r[3],
                    "sha256": r[4], "ext": r[5], "state": r[6], "url": r[7], "error": r[8], "path": path})
    return out


def get(db: sqlite_utils.Database, code: str, *, now: datetime | None = None) -> dict[str, Any]:
    """One online dossier: the worklist's keys (:func:`list_waiting`) and ``applicant`` (full_name,
    id_number, birth_date dd/mm/yyyy or "", address, phone, email), ``summary``, ``round``
    (1 + resubmissions), ``dossier_code`` (when received here), ``slip`` ("N/YYYY" of its Mẫu
    02/03 when guided or refused here), ``decided_at``, ``decided_by``, ``closed_by``, and
    ``files``: [{name, component_position (0: none of the procedure's), component_name, size,
    sha256, ext, state ('waiting'|'ready'|'failed'), url, error, path (local Path when ready)}]."""
    from .audit import data_dir_of

    r = _row(db, code)
    now = now or timeutil.now()
    files = _files(db, r[6], _procedure(db, r[1]), data_dir_of(db))
    item = _summary_row(r, (len(files), sum(f["state"] == FILE_READY for f in files)), now,
                        calendar_store.load(db), limit_hours(db))
    dossier_code = db.execute("SELECT code FROM dossiers WHERE id = ?", [r[10]]).fetchone() if r[10] else None
    slip = db.execute("SELECT number, year FROM slips WHERE id = ?", [r[11]]).fetchone() if r[11] else None
    item.update({
        "applicant": json.loads(r[7]), "summary": r[8], "round": r[9],
        "dossier_code": dossier_code[0] if dossier_code else None,
        "slip": f"{slip[0]}/{slip[1]}" if slip else None,
        "decided_at": r[12], "decided_by": r[13], "closed_by": r[14], "files": files,
    })
    return item


def file_pages(db: sqlite_utils.Database, code: str) -> list[tuple[dict[str, Any], list[Any]]]:
    """The pages of the online dossier's fetched files, for the scan viewer while the clerk
    checks it: [(file as in :func:`get`, [Page …])] in the files' order; a file not fetched yet
    has no pages. Reads and decodes files: run it off the GUI thread. Raises
    :class:`counter_app.scanning.errors.PageInputError` for a file that is no image or PDF."""
    from .scanning import pages
    from .scanning.profile import ScanProfile

    out = []
    for f in get(db, code)["files"]:
        if f["path"] is None:
            out.append((f, []))
            continue
        data = f["path"].read_bytes()
        if f["ext"] == "pdf":
            out.append((f, pages.pages_of_stored_pdf(data, f["name"])))
        else:
            out.append((f, pages.pages_from_bytes(data, f["name"], ScanProfile(color_mode="color"))))
    return out


# -- outcomes -------------------------------------------------------------------------------------

def _open_waiting(db: sqlite_utils.Database, code: str) -> Any:
    r = _row(db, code)
    if r[5] != WAITING:
        raise UserError(_("Hồ sơ trực tuyến {code} không còn chờ tiếp nhận ({state}).").format(
            code=r[0], state=_(STATE_NAMES[r[5]])))
    return r


def _check_outcome_key(data: dict[str, Any], outcome: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise UserError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    given = data.get("outcome", outcome)
    if given != outcome:
        raise ValidationFailed({"outcome": _("Kết quả kiểm tra (\"outcome\") trong dữ liệu là \"{given}\", khác với "
                                             "lệnh \"{outcome}\".").format(given=given, outcome=outcome)})
    return {k: v for k, v in data.items() if k != "outcome"}


def _default_applicant(r: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The online dossier's applicant, each field replaced by the clerk's where given."""
    applicant = {k: v for k, v in json.loads(r[7]).items() if v}
    given = data.get("applicant")
    if isinstance(given, dict):
        applicant.update(given)
        return applicant
    return applicant if given is None else given  # a wrong type: the parser says so


def default_components(db: sqlite_utils.Database, code: str) -> list[dict[str, Any]]:
    """The components of the intake JSON an online dossier gets by default: one per component its
    files belong to (the procedure's order first), one electronic copy each."""
    r = _row(db, code)
    procedure = _procedure(db, r[1])
    seen: dict[str, tuple[int, int, str]] = {}
    for f in _files(db, r[6], procedure, None):
        name = " ".join((f["component_name"] or f["name"]).split())
        key = name.casefold()
        if key not in seen:
            seen[key] = (f["component_position"] or 10_000, len(seen), name)
    return [{"name": name, "originals": 0, "copies": 1, "certified_copies": 0}
            for _pos, _i, name in sorted(seen.values())]


def _agency(db: sqlite_utils.Database) -> str:
    return settings.get(db, "agency_name") or ""


def _add_outcome(db: sqlite_utils.Database, online_id: int, kind: str, at: datetime, actor: Actor, note: str, *,
                 due_at: datetime | None = None, dossier_id: int | None = None, slip_id: int | None = None) -> int:
    cur = db.execute(
        "INSERT INTO online_outcomes (online_id, kind, status, at, actor_name, unit, note, due_at, dossier_id, slip_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [online_id, kind, OUTCOME_STATUS[kind], timeutil.iso(at), actor.full_name, _agency(db), note,
         timeutil.iso(due_at) if due_at else None, dossier_id, slip_id])
    return cur.lastrowid


def receive(db: sqlite_utils.Database, code: str, data: dict[str, Any] | None, actor: Actor, *,
            now: datetime | None = None) -> intake.SavedDossier:
    """Receive an online dossier (see the module docstring). ``data``: the intake JSON keys
    (``counter_app.intake``), each defaulting to the online dossier's (procedure, applicant —
    merged field by field —, components from its files); ``channel`` is 2; ``received_at``
    (default now) is the receipt time the due date counts from, not before the submission.
    Raises UserError / ValidationFailed (Vietnamese); nothing is written then."""
    now = now or timeutil.now()
    data = _check_outcome_key(dict(data or {}), "receive")
    channel = data.get("channel", 2)
    if str(channel).strip() != "2":
        raise ValidationFailed({"channel": _("Hồ sơ trực tuyến được tiếp nhận theo kênh 2 (trực tuyến).")})
    with write_tx(db):
        r = _open_waiting(db, code)
        merged = {"procedure_code": r[1], **data, "channel": 2, "applicant": _default_applicant(r, data)}
        merged.setdefault("components", default_components(db, r[0]))
        merged.setdefault("note", r[8][:intake.NOTE_MAX] if r[8] and r[8] != r[2] else "")
        req = intake.parse_request(merged, now=now)
        n_files = db.execute("SELECT COUNT(*) FROM online_dossier_files WHERE online_id = ?", [r[6]]).fetchone()[0]
        submitted = timeutil.parse_iso(r[4])
        if req.received_at is not None and req.received_at < submitted:
            raise ValidationFailed({"received_at": _("Thời điểm tiếp nhận không được trước thời điểm nộp trên cổng "
                                                     "dịch vụ công ({at}).").format(at=timeutil.vn_datetime(submitted))})
        saved = intake.insert(db, req, actor, now=now, code=r[0], audit_details={"online": True, "files": n_files})
        _attach_files(db, saved.id, r[6], req.components, actor, now)
        hist = db.execute("SELECT MIN(id) FROM history WHERE dossier_id = ?", [saved.id]).fetchone()[0]
        outcome_id = _add_outcome(db, r[6], "receive", saved.received_at, actor, str(hist), due_at=saved.due_at,
                                  dossier_id=saved.id)
        # the claim (TrangThai 2) goes before the record: sync/queue.py ranks it so
        outbox.enqueue(db, outbox.PROGRESS, saved.id, f"{OUTBOX_REF}{outcome_id}", now=timeutil.iso(now))
        db.execute("UPDATE online_dossiers SET state = ?, dossier_id = ?, decided_at = ?, decided_by = ?, updated_at = ? "
                   "WHERE id = ?", [RECEIVED, saved.id, timeutil.iso(saved.received_at), actor.full_name,
                                    timeutil.iso(now), r[6]])
    return saved


def _attach_files(db: sqlite_utils.Database, dossier_id: int, online_id: int, components: list[dict[str, Any]],
                  actor: Actor, now: datetime) -> None:
    """The online dossier's files become the dossier's attachments. They are at the province
    already: ``files.remote_url`` is their URL there (no upload row); a file not fetched yet is
    marked as kept at the province only (``purged_at``), so the scan viewer fetches it back as it
    does a pruned scan (counter_app/scanning/retention.py)."""
    from .audit import data_dir_of

    data_dir = data_dir_of(db)
    positions = {" ".join(c["name"].split()).casefold(): i for i, c in enumerate(components, start=1)}
    r = _row_by_id(db, online_id)
    procedure = _procedure(db, r[0])
    stamp = timeutil.iso(now)
    for f in _files(db, online_id, procedure, data_dir):
        url = absolute_url(db, f["url"])
        local = f["path"] is not None and f["path"].exists()
        db.execute(
            "INSERT INTO files (sha256, size, mime, ext, pages, stored_at, remote_url, remote_confirmed_at, purged_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET "
            "remote_url = COALESCE(files.remote_url, excluded.remote_url), "
            "remote_confirmed_at = COALESCE(files.remote_confirmed_at, excluded.remote_confirmed_at)",
            [f["sha256"], f["size"], _mime(f["ext"]), f["ext"], stamp, url, stamp, None if local else stamp])
        pos = positions.get(" ".join((f["component_name"] or f["name"]).split()).casefold(), 0)
        db.execute("INSERT INTO attachments (dossier_id, component_position, sha256, filename, pages, created_at, created_by) "
                   "VALUES (?, ?, ?, ?, 1, ?, ?)", [dossier_id, pos, f["sha256"], f["name"], stamp, actor.label])


def _row_by_id(db: sqlite_utils.Database, online_id: int) -> Any:
    return db.execute("SELECT procedure_code FROM online_dossiers WHERE id = ?", [online_id]).fetchone()


MIMES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
         "tif": "image/tiff", "tiff": "image/tiff"}


def _mime(ext: str) -> str:
    return MIMES.get(ext, "application/octet-stream")


def absolute_url(db: sqlite_utils.Database, url: str) -> str:
    """A file's URL as the feed gives it, made absolute against the configured server when it is
    a path ("/files/<sha256>")."""
    if url.startswith(("http://", "https://")):
        return url
    from urllib.parse import urljoin

    row = db.execute("SELECT value FROM sync_config WHERE key = 'server_url'").fetchone()
    base = json.loads(row[0]) if row else ""
    if not isinstance(base, str) or not base:
        return url  # no server configured: the path as given
    return urljoin(base.rstrip("/") + "/", url.lstrip("/"))


def _slip(db: sqlite_utils.Database, kind: str, code: str, data: dict[str, Any] | None, actor: Actor,
          now: datetime | None) -> prereceipt.SavedSlip:
    now = now or timeutil.now()
    data = _check_outcome_key(dict(data or {}), kind)
    with write_tx(db):
        r = _open_waiting(db, code)
        applicant = _default_applicant(r, data)
        if isinstance(applicant, dict):
            applicant.pop("cccd_raw", None)
        merged = {"procedure_code": r[1], **data, "applicant": applicant}
        req = prereceipt.parse_slip(kind, merged, now=now)
        saved = prereceipt.insert_slip(db, req, actor, now=now, audit_details={"online": r[0]})
        items = "; ".join(m["name"] for m in req.missing_items)
        note = req.reason + (f" — Giấy tờ cần bổ sung: {items}" if items else "")  # to the province: Vietnamese
        outcome_id = _add_outcome(db, r[6], kind, saved.at, actor, note, slip_id=saved.id)
        outbox.enqueue(db, outbox.PROGRESS, None, f"{OUTBOX_REF}{outcome_id}", now=timeutil.iso(now))
        db.execute("UPDATE online_dossiers SET state = ?, slip_id = ?, decided_at = ?, decided_by = ?, updated_at = ? "
                   "WHERE id = ?", [GUIDED if kind == "guide" else REFUSED, saved.id, timeutil.iso(saved.at),
                                    actor.full_name, timeutil.iso(now), r[6]])
    return saved


def guide(db: sqlite_utils.Database, code: str, data: dict[str, Any] | None, actor: Actor, *,
          now: datetime | None = None) -> prereceipt.SavedSlip:
    """Guide the citizen to complete the online dossier (Mẫu 02): ``data`` as the pre-receipt
    check's guidance (``missing_items`` required, ``reason`` required; procedure and applicant
    default to the online dossier's). The slip is a line of the station's register; the province
    learns it as a progress entry with status 5; the dossier leaves the worklist (``guided``)
    until the citizen resubmits."""
    return _slip(db, "guide", code, data, actor, now)


def refuse(db: sqlite_utils.Database, code: str, data: dict[str, Any] | None, actor: Actor, *,
           now: datetime | None = None) -> prereceipt.SavedSlip:
    """Refuse the online dossier (Mẫu 03): ``data`` with ``reason`` (required); the province
    learns it as a progress entry with status 3 and closes the portal dossier."""
    return _slip(db, "refuse", code, data, actor, now)


# -- what the outbox sends --------------------------------------------------------------------------

def is_outbox_ref(ref: str | None) -> bool:
    return bool(ref) and ref.startswith(OUTBOX_REF)


def progress_body_entry(db: sqlite_utils.Database, ref: str) -> dict[str, str] | None:
    """The national progress entry (``QuaTrinhXuLy`` item) of the outcome an outbox row names
    (ref "online:<id>"); None when it is not in the database."""
    from . import wire

    try:
        outcome_id = int(ref[len(OUTBOX_REF):])
    except ValueError:
        return None
    r = db.execute("SELECT o.kind, o.status, o.at, o.actor_name, o.unit, o.note, o.due_at, d.code "
                   "FROM online_outcomes o JOIN online_dossiers d ON d.id = o.online_id WHERE o.id = ?",
                   [outcome_id]).fetchone()
    if r is None:
        return None
    kind, status, at, actor_name, unit, note, due_at, code = r
    if kind == "receive":
        text = wire.ACTION_TEXT["intake"]
    else:  # the province reads Vietnamese, whatever the station's language
        text = f"{prereceipt.KIND_NAMES[kind]}: {note}"
    return {"MaHoSo": code, "NguoiXuLy": (actor_name or "")[:50], "ChucDanh": "", "ThoiDiemXuLy": wire.wire_time(at),
            "PhongBanXuLy": unit or "", "NoiDungXuLy": text[:2000], "TrangThai": str(status),
            "NgayBatDau": wire.wire_time(at), "NgayKetThucTheoQuyDinh": wire.wire_time(due_at)}


def slip_label(db: sqlite_utils.Database, code: str) -> str | None:
    """"N/YYYY" of the Mẫu 02/03 slip of the online dossier ``code`` when it is guided or
    refused here and is not a dossier of this station (None otherwise)."""
    if db.execute("SELECT 1 FROM dossiers WHERE code = ?", [_text(code)]).fetchone():
        return None
    row = db.execute("SELECT s.number, s.year FROM online_dossiers o JOIN slips s ON s.id = o.slip_id "
                     "WHERE o.code = ? AND o.state IN ('guided', 'refused')", [_text(code)]).fetchone()
    return f"{row[0]}/{row[1]}" if row else None


def code_of_slip(db: sqlite_utils.Database, slip_id: int) -> str:
    """The online dossier's code a slip (Mẫu 02/03) answered ("" for a slip made at the counter)."""
    row = db.execute("SELECT d.code FROM online_outcomes o JOIN online_dossiers d ON d.id = o.online_id "
                     "WHERE o.slip_id = ?", [slip_id]).fetchone()
    return row[0] if row else ""


def submitted_wire_time(db: sqlite_utils.Database, dossier_id: int) -> str | None:
    """``NgayNopHoSo`` of a dossier received from the portal: the citizen's submission time
    (None for a dossier taken in at the counter)."""
    row = db.execute("SELECT submitted_at FROM online_dossiers WHERE dossier_id = ?", [dossier_id]).fetchone()
    return timeutil.wire(timeutil.parse_iso(row[0])) if row else None


# -- fetching files (the sync engine's background step) -------------------------------------------

def files_to_fetch(db: sqlite_utils.Database, *, now: datetime | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Files of online dossiers still waiting (or failed) whose next try is due, oldest dossier
    first: [{id, sha256, size, ext, url, code}] (a dossier decided elsewhere is not fetched)."""
    stamp = timeutil.iso(now or timeutil.now())
    rows = db.execute(
        "SELECT f.id, f.sha256, f.size, f.ext, f.url, o.code FROM online_dossier_files f "
        "JOIN online_dossiers o ON o.id = f.online_id WHERE f.state != 'ready' AND o.state IN ('waiting', 'received') "
        "AND (f.next_attempt_at IS NULL OR f.next_attempt_at <= ?) ORDER BY o.submitted_at, f.position LIMIT ?",
        [stamp, limit]).fetchall()
    return [{"id": r[0], "sha256": r[1], "size": r[2], "ext": r[3], "url": r[4], "code": r[5]} for r in rows]


def file_fetched(db: sqlite_utils.Database, sha256: str, *, now: datetime | None = None) -> int:
    """The bytes of ``sha256`` are in the store, checked: every online file with that content is
    ready, and a received dossier's copy is no longer "at the province only". Call inside a
    write transaction; returns the number of file rows made ready."""
    stamp = timeutil.iso(now or timeutil.now())
    n = db.execute("UPDATE online_dossier_files SET state = 'ready', fetched_at = ?, last_error = NULL, "
                   "next_attempt_at = NULL WHERE sha256 = ? AND state != 'ready'", [stamp, sha256]).rowcount
    db.execute("UPDATE files SET purged_at = NULL, fetched_back_at = ? WHERE sha256 = ? AND purged_at IS NOT NULL "
               "AND EXISTS (SELECT 1 FROM online_dossier_files f WHERE f.sha256 = files.sha256)", [stamp, sha256])
    return n


def file_failed(db: sqlite_utils.Database, file_id: int, error: str, *, permanent: bool = False,
                now: datetime | None = None) -> None:
    """A try failed: the next waits longer (1, 2, 4 … minutes, at most a day); after
    :data:`FAIL_AFTER` tries, or a permanent refusal, the file shows as "failed" (still tried
    again, at the slowest pace, in case the province fixes it). Call inside a write transaction."""
    from datetime import timedelta

    now = now or timeutil.now()
    row = db.execute("SELECT attempts FROM online_dossier_files WHERE id = ?", [file_id]).fetchone()
    if row is None:
        return
    attempts = row[0] + 1
    wait_s = RETRY_CAP_S if permanent else min(RETRY_CAP_S, RETRY_BASE_S * 2 ** (attempts - 1))
    state = FILE_FAILED if permanent or attempts >= FAIL_AFTER else FILE_WAITING
    db.execute("UPDATE online_dossier_files SET attempts = ?, state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
               [attempts, state, error[:1000], timeutil.iso(now + timedelta(seconds=wait_s)), file_id])


def retry_files(db: sqlite_utils.Database, code: str | None = None) -> int:
    """Make the unfetched files (of one dossier, or all) due now (the worklist's "Tải lại")."""
    with write_tx(db):
        sql = "UPDATE online_dossier_files SET next_attempt_at = NULL WHERE state != 'ready'"
        args: list[Any] = []
        if code:
            sql += " AND online_id = (SELECT id FROM online_dossiers WHERE code = ?)"
            args.append(_text(code))
        return db.execute(sql, args).rowcount
