"""Report entry points shared by the GUI and the command line: role checks, the day report's
sections, rendering, and the audited write of an export file."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import accounts, audit, settings
from ..audit import Actor
from ..db import write_tx
from ..errors import UserError
from ..fsutil import write_atomically
from . import bieu06, config, dayclose, exports, sheets
from .tally import TallyFilter, TallyResult, compute_tally


def report_meta(db: sqlite_utils.Database) -> dict[str, Any]:
    """What the report headings print: agency names, place, recipient, preparer."""
    s = settings.get_all(db)
    r = config.get_all(db)
    return {"agency_name": s["agency_name"], "agency_code": s["agency_code"], "parent_name": s["parent_name"],
            "place_name": s["place_name"], "province": s["province"], "station": s["station"],
            "recipient": r["recipient"], "preparer": r["preparer"], "period_mode": r["period_mode"]}


def daily_results(db: sqlite_utils.Database, actor: Actor, day: date, *, group_by: str | None = None,
                  scope: str = "all", now: datetime | None = None) -> list[TallyResult]:
    """The day report: by procedure and by receiving clerk (the clerks' end-of-day summary),
    or a single grouping."""
    groups = [group_by] if group_by else ["procedure", "clerk"]
    return [compute_tally(db, actor, TallyFilter(day, day, g, scope=scope), now=now) for g in groups]


def tally_tables(results: list[TallyResult], meta: dict[str, Any], close_note: str = "") -> list[exports.Table]:
    tables = []
    for r in results:
        t = sheets.tally_table(r, meta)
        if close_note:
            t.notes.insert(0, close_note)
        tables.append(t)
    return tables


def render_tally(results: list[TallyResult], meta: dict[str, Any], fmt: str, *, close_note: str = "",
                 csv_delimiter: str = ",") -> bytes:
    """Pure rendering (no database): the GUI runs it on its render pool."""
    _check_format(fmt)
    tables = tally_tables(results, meta, close_note)
    return exports.render(tables, fmt, title=tables[0].title, author=meta.get("agency_name", ""),
                          csv_delimiter=csv_delimiter)


def render_bieu06(report: bieu06.Bieu06, meta: dict[str, Any], fmt: str, *, csv_delimiter: str = ",") -> bytes:
    """Biểu 06 in ``fmt``; refused (UserError) when the identities fail."""
    _check_format(fmt)
    bieu06.require_consistent(report)
    t = sheets.bieu06_table(report, meta)
    return exports.render([t], fmt, title=t.title, author=meta.get("agency_name", ""), csv_delimiter=csv_delimiter)


def _check_format(fmt: str) -> None:
    if fmt not in exports.FORMATS:
        raise UserError(f"Định dạng không hợp lệ: \"{fmt}\". Chọn một trong: {', '.join(exports.FORMATS)}.")


def save_export(db: sqlite_utils.Database, actor: Actor, path: Path, data: bytes, kind: str,
                details: dict[str, Any]) -> dict[str, Any]:
    """Write the file (atomically) and audit the export. ``details`` holds the period, format
    and filters, never personal data."""
    accounts.require_supervisor(actor)
    write_atomically(Path(path), data)
    sha = hashlib.sha256(data).hexdigest()
    with write_tx(db):
        audit.record(db, actor, "report-export", kind, {**details, "bytes": len(data), "sha256": sha})
    return {"path": str(path), "bytes": len(data), "sha256": sha}


def export_daily(db: sqlite_utils.Database, actor: Actor, day: date, fmt: str, out: Path, *,
                 group_by: str | None = None, scope: str = "all", csv_delimiter: str = ",",
                 now: datetime | None = None) -> dict[str, Any]:
    accounts.require_supervisor(actor)
    _check_format(fmt)
    results = daily_results(db, actor, day, group_by=group_by, scope=scope, now=now)
    note = ""
    if dayclose.closed(db, day):
        note = dayclose.describe(dayclose.compare(db, actor, day, now=now))
    data = render_tally(results, report_meta(db), fmt, close_note=note, csv_delimiter=csv_delimiter)
    return save_export(db, actor, out, data, "daily", {
        "format": fmt, "day": day.isoformat(), "group_by": group_by or "procedure+clerk", "scope": scope})


def export_tally(db: sqlite_utils.Database, actor: Actor, f: TallyFilter, fmt: str, out: Path, *,
                 csv_delimiter: str = ",", now: datetime | None = None) -> dict[str, Any]:
    accounts.require_supervisor(actor)
    _check_format(fmt)
    result = compute_tally(db, actor, f, now=now)
    data = render_tally([result], report_meta(db), fmt, csv_delimiter=csv_delimiter)
    return save_export(db, actor, out, data, "tally", tally_details(result, fmt))


def tally_details(result: TallyResult, fmt: str) -> dict[str, Any]:
    f = result.filter
    return {"format": fmt, "from": f.date_from.isoformat(), "to": f.date_to.isoformat(), "group_by": f.group_by,
            "scope": f.scope, "filtered": any(v is not None for v in (f.field, f.procedure_code, f.clerk, f.station,
                                                                        f.channel))}


def export_period(db: sqlite_utils.Database, actor: Actor, date_from: date, date_to: date, fmt: str, out: Path, *,
                  scope: str = "all", csv_delimiter: str = ",", now: datetime | None = None) -> dict[str, Any]:
    """Biểu 06 for the period, identities checked before anything is written."""
    accounts.require_supervisor(actor)
    _check_format(fmt)
    report = bieu06.compute_bieu06(db, actor, date_from, date_to, scope=scope, now=now)
    data = render_bieu06(report, report_meta(db), fmt, csv_delimiter=csv_delimiter)
    res = save_export(db, actor, out, data, "bieu-06", bieu06_details(report, fmt))
    res["total"] = report.total.values
    return res


def bieu06_details(report: bieu06.Bieu06, fmt: str) -> dict[str, Any]:
    return {"format": fmt, "from": report.date_from.isoformat(), "to": report.date_to.isoformat(),
            "scope": report.scope, "received": report.total.values[3], "resolved": report.total.values[7]}


def export_scorecard(db: sqlite_utils.Database, actor: Actor, date_from: date, date_to: date, fmt: str,
                     out: Path | None, *, now: datetime | None = None) -> dict[str, Any]:
    """The 766 scorecard of the period: JSON (returned, and written when ``out`` is given), or
    XLSX / PDF with the monthly trend (issue 20, scope 3)."""
    import json

    from . import scorecard

    accounts.require_supervisor(actor)
    if fmt not in ("json", "xlsx", "pdf"):
        raise UserError(f"Định dạng không hợp lệ: \"{fmt}\". Chọn một trong: json, xlsx, pdf.")
    card = scorecard.compute(db, actor, date_from, date_to, now=now)
    details = {"format": fmt, "from": date_from.isoformat(), "to": date_to.isoformat()}
    if fmt == "json":
        data = (json.dumps(card.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        res = save_export(db, actor, out, data, "scorecard", details) if out else {"bytes": len(data)}
        return {**res, "json": card.to_json()}
    monthly = scorecard.trend(db, actor, date_from, date_to, now=now)
    data = exports.render(scorecard.tables(card, monthly, report_meta(db)), fmt,
                          title=f"Chỉ số 766 {date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}",
                          author=report_meta(db)["agency_name"])
    if out is None:
        raise UserError("Định dạng xlsx và pdf cần --out TỆP.")
    return save_export(db, actor, out, data, "scorecard", details)

