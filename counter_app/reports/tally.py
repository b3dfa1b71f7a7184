"""Tallies (thống kê) for a day or any period, grouped by procedure, field, receiving clerk,
station, channel, day or current status.

Everything but the status view is read from the trigger-kept event tables ``report_daily`` and
``report_monthly`` (schema.py) — or their sums over procedure and clerk, ``report_field_daily`` /
``report_field_monthly`` (narrow_schema.py), when the tally neither groups nor filters by those —
so a tally costs about the same with a thousand or a million dossiers:

- counts of events in the period (received, resolved early / on time / late, returned, refused,
  withdrawn, supplement requests, fees collected) are sums of daily rows;
- dossiers in progress at the evaluation instant (the end of the period, or now when the period
  has not ended) are prefix sums: received − finished; overdue ones: overdue-from − closed, minus
  the dossiers that turn overdue later today (read live through an index).

The counting rules are in docs/reports.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from .. import accounts, statuses, timeutil
from ..audit import Actor
from ..errors import UserError
from ..folding import fold
from ..i18n import N_
from ..intake import CHANNELS

GROUPS: dict[str, str] = {
    "procedure": N_("Thủ tục hành chính"),
    "field": N_("Lĩnh vực"),
    "clerk": N_("Người tiếp nhận"),
    "station": N_("Quầy"),
    "channel": N_("Kênh tiếp nhận"),
    "day": N_("Ngày"),
    "status": N_("Trạng thái hiện tại"),
}
# group -> column of the aggregate tables / of dossiers and imported_dossiers
_AGG_COL = {"procedure": "procedure_code", "field": "field", "clerk": "clerk", "station": "station",
            "channel": "channel", "day": "period"}
_ROW_COL = {"procedure": "procedure_code", "field": "field", "clerk": "received_by_name", "station": "station",
            "channel": "channel"}
SCOPES = {"all": N_("Tất cả các quầy (kể cả dữ liệu nhập từ quầy khác)"), "local": N_("Chỉ quầy này")}
NO_FIELD = N_("Lĩnh vực khác")
UNKNOWN_CLERK = N_("(không rõ)")


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # full label: CSV header, chart titles
    group: str = ""  # header group spanning several columns in XLSX/PDF
    short: str = ""  # label under the group
    money: bool = False

    @property
    def head(self) -> str:
        return self.short or self.label


METRICS: tuple[Metric, ...] = (
    Metric("received", N_("Tiếp nhận")),
    Metric("resolved", N_("Đã giải quyết - Tổng số"), "Đã giải quyết", "Tổng số"),
    Metric("early", N_("Đã giải quyết - Trước hạn"), "Đã giải quyết", "Trước hạn"),
    Metric("on_time", N_("Đã giải quyết - Đúng hạn"), "Đã giải quyết", "Đúng hạn"),
    Metric("late", N_("Đã giải quyết - Quá hạn"), "Đã giải quyết", "Quá hạn"),
    Metric("open", N_("Đang giải quyết - Tổng số"), "Đang giải quyết", "Tổng số"),
    Metric("open_in_time", N_("Đang giải quyết - Trong hạn"), "Đang giải quyết", "Trong hạn"),
    Metric("open_overdue", N_("Đang giải quyết - Quá hạn"), "Đang giải quyết", "Quá hạn"),
    Metric("returned", N_("Đã trả kết quả")),
    Metric("refused", N_("Từ chối tiếp nhận")),
    Metric("withdrawn", N_("Rút hồ sơ")),
    Metric("supplements", N_("Yêu cầu bổ sung")),
    # The check before receiving (counter_app.prereceipt): not received, so never in "Tiếp nhận"
    # nor in Biểu 06; counted from the station's register of slips.
    Metric("guided", N_("Hướng dẫn hoàn thiện, chưa tiếp nhận (Mẫu 02)")),
    Metric("turned_away", N_("Từ chối trước khi tiếp nhận (Mẫu 03)")),
    Metric("guided_online", N_("Hướng dẫn nộp trực tuyến")),  # issue 20 scope 2: steered to the portal
    Metric("fee_cash", N_("Phí, lệ phí đã thu (đồng) - Tiền mặt"), "Phí, lệ phí đã thu (đồng)", "Tiền mặt", True),
    Metric("fee_transfer", N_("Phí, lệ phí đã thu (đồng) - Chuyển khoản"), "Phí, lệ phí đã thu (đồng)", "Chuyển khoản", True),
    Metric("fee_online", N_("Phí, lệ phí đã thu (đồng) - Trực tuyến"), "Phí, lệ phí đã thu (đồng)", "Trực tuyến", True),
    Metric("fees", N_("Phí, lệ phí đã thu (đồng) - Tổng cộng"), "Phí, lệ phí đã thu (đồng)", "Tổng cộng", True),
)
STATUS_METRICS: tuple[Metric, ...] = (Metric("count", N_("Số hồ sơ tiếp nhận trong kỳ")),)
BALANCES = ("open", "open_in_time", "open_overdue")
_EVENT_SUMS = ("received", "early", "on_time", "late", "withdrawn", "refused", "returned", "supplements",
               "fee_cash", "fee_transfer", "fee_dvcqg", "fee_province", "overdue_from", "overdue_closed")


@dataclass(frozen=True)
class TallyFilter:
    date_from: date
    date_to: date
    group_by: str = "procedure"
    scope: str = "all"  # all | local
    field: str | None = None
    procedure_code: str | None = None
    clerk: str | None = None
    station: int | None = None
    channel: int | None = None

    def check(self) -> None:
        if self.date_to < self.date_from:
            raise UserError("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        if (self.date_to - self.date_from).days > 3660:
            raise UserError("Kỳ thống kê dài quá 10 năm.")
        if self.group_by not in GROUPS:
            raise UserError(f"Cách nhóm không hợp lệ: \"{self.group_by}\". Chọn một trong: {', '.join(GROUPS)}.")
        if self.scope not in SCOPES:
            raise UserError("Phạm vi phải là \"all\" (tất cả các quầy) hoặc \"local\" (quầy này).")
        if self.channel is not None and self.channel not in CHANNELS:
            raise UserError("Kênh tiếp nhận phải là 1, 2 hoặc 3.")

    def describe(self) -> str:
        """The filters in words (shown under the title of an export)."""
        scope = SCOPES[self.scope]
        parts = [f"Nhóm theo: {GROUPS[self.group_by].lower()}", scope[0].lower() + scope[1:]]
        if self.field is not None:
            parts.append(f"lĩnh vực: {self.field or NO_FIELD}")
        if self.procedure_code is not None:
            parts.append(f"thủ tục: {self.procedure_code}")
        if self.clerk is not None:
            parts.append(f"người tiếp nhận: {self.clerk}")
        if self.station is not None:
            parts.append(f"quầy {self.station}")
        if self.channel is not None:
            parts.append(f"kênh: {CHANNELS[self.channel].lower()}")
        return "; ".join(parts)


@dataclass
class TallyRow:
    key: Any
    label: str
    values: dict[str, int]


@dataclass
class TallyResult:
    filter: TallyFilter
    metrics: tuple[Metric, ...]
    rows: list[TallyRow]
    totals: dict[str, int]
    as_of: str  # instant at which "in progress" is evaluated (ISO 8601)
    generated_at: str
    notes: list[str] = field(default_factory=list)

    @property
    def group_label(self) -> str:
        return GROUPS[self.filter.group_by]

    def value(self, key: Any, metric: str) -> int:
        for r in self.rows:
            if r.key == key:
                return r.values.get(metric, 0)
        return 0

    def to_json(self) -> dict[str, Any]:
        f = asdict(self.filter)
        f["date_from"], f["date_to"] = self.filter.date_from.isoformat(), self.filter.date_to.isoformat()
        return {
            "filter": f, "as_of": self.as_of, "generated_at": self.generated_at,
            "metrics": [m.key for m in self.metrics],
            "rows": [{"key": r.key, "label": r.label, **r.values} for r in self.rows],
            "totals": dict(self.totals),
        }


# --- evaluation instant --------------------------------------------------------------------------

def midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=timeutil.VN_TZ)


def evaluation_point(date_to: date, now: datetime) -> tuple[datetime, date, bool]:
    """(instant, last day whose events count, live?) for a period ending on ``date_to``: the end
    of that day, or now when the day has not ended yet."""
    end = midnight(date_to + timedelta(days=1))
    if end <= now:
        return end, date_to, False
    return now, now.date(), True


# --- SQL helpers ---------------------------------------------------------------------------------

def _filters(f: TallyFilter, cols: dict[str, str]) -> tuple[list[str], list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    for key, value in (("field", f.field), ("procedure", f.procedure_code), ("clerk", f.clerk),
                       ("station", f.station), ("channel", f.channel)):
        if value is not None:
            conds.append(f"{cols[key]} = ?")
            args.append(value)
    return conds, args


def _agg_where(f: TallyFilter) -> tuple[str, list[Any]]:
    conds, args = _filters(f, _AGG_COL)
    if f.scope == "local":
        conds.append("src = 0")
    return (" AND " + " AND ".join(conds)) if conds else "", args


def _group_col(f: TallyFilter) -> str:
    return _AGG_COL.get(f.group_by, "''")


def _narrow(f: TallyFilter, group: str | None = None) -> bool:
    """Whether the report can read the tables summed over procedure and clerk (m022)."""
    return (group or f.group_by) not in ("procedure", "clerk") and f.procedure_code is None and f.clerk is None


def _tables(f: TallyFilter, group: str | None = None) -> tuple[str, str]:
    """(daily, monthly) event tables for filter ``f`` grouped by ``group``."""
    if _narrow(f, group):
        return "report_field_daily", "report_field_monthly"
    return "report_daily", "report_monthly"


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _spans(first: date, last: date) -> list[tuple[str, str, str]]:
    """Days [first, last] as ("day", from, to) runs inside partial months and ("month", from, to)
    runs of whole months, so that a period reads each whole month as one monthly row per key."""
    out: list[tuple[str, str, str]] = []
    d = first
    while d <= last:
        if d.day == 1 and _month_end(d) <= last:
            hi = last if _month_end(last) == last else last.replace(day=1) - timedelta(days=1)
            out.append(("month", d.strftime("%Y-%m"), hi.strftime("%Y-%m")))
        else:
            hi = min(_month_end(d), last)
            out.append(("day", d.isoformat(), hi.isoformat()))
        d = hi + timedelta(days=1)
    return out


def event_rows(f: TallyFilter, first: date, last: date, cols: str, *, group: str | None = None,
               by_day: bool = False) -> tuple[str, list[Any]]:
    """A subquery (SQL, args) of the event rows of days [first, last] under ``f``'s filters, each
    row giving the columns ``cols`` (an expression list over the event tables' columns). With
    ``by_day`` the rows are daily (their ``period`` is the day); otherwise whole months come from
    the monthly table. Reads the narrow tables (m022) when the filter allows it."""
    daily, monthly = _tables(f, group)
    where, args = _agg_where(f)
    spans = [("day", first.isoformat(), last.isoformat())] if by_day else _spans(first, last)
    parts, params = [], []
    for kind, lo, hi in spans:
        parts.append(f"SELECT {cols} FROM {daily if kind == 'day' else monthly} WHERE period BETWEEN ? AND ?{where}")
        params += [lo, hi, *args]
    return " UNION ALL ".join(parts), params


def period_events(db: sqlite_utils.Database, f: TallyFilter, first: date, last: date) -> dict[Any, dict[str, int]]:
    """Sums of the event counters over days [first, last], by group key."""
    if last < first:
        return {}
    cols = ", ".join((f"{_group_col(f)} AS k",) + _EVENT_SUMS)
    sub, args = event_rows(f, first, last, cols, by_day=f.group_by == "day")
    sums = ", ".join(f"SUM({c})" for c in _EVENT_SUMS)
    rows = db.execute(f"SELECT k, {sums} FROM ({sub}) GROUP BY k", args).fetchall()
    return {r[0]: dict(zip(_EVENT_SUMS, r[1:])) for r in rows}


def balances(db: sqlite_utils.Database, f: TallyFilter, last: date, live_now: datetime | None,
             group: str | None = None) -> dict[Any, tuple[int, int]]:
    """(in progress, overdue) at the end of day ``last`` by group key — or, with ``live_now`` (a
    time on day ``last``), at that instant. Prefix sums: whole months from the monthly table, the
    days of the last month from the daily one. By procedure or clerk (the wide tables) and for a
    recent day: the all-time totals (m022's ``report_totals``) minus the events after that day."""
    group = group or f.group_by
    gcol = _AGG_COL.get(group, "''")
    if group == "day":
        gcol = "''"
    daily, monthly = _tables(f, group)
    where, args = _agg_where(f)
    month = last.strftime("%Y-%m")
    month_start = last.replace(day=1)
    events = "received - early - on_time - late - withdrawn", "overdue_from - overdue_closed"
    expr = f"{gcol} AS k, {events[0]} AS o, {events[1]} AS od"
    if monthly == "report_monthly" and _after_is_shorter(db, month):
        neg = f"{gcol} AS k, -({events[0]}) AS o, -({events[1]}) AS od"
        sql = (f"SELECT {expr} FROM report_totals WHERE 1{where} "
               f"UNION ALL SELECT {neg} FROM {monthly} WHERE period > ?{where} "
               f"UNION ALL SELECT {neg} FROM {daily} WHERE period > ? AND period <= ?{where}")
        params = [*args, month, *args, last.isoformat(), _month_end(last).isoformat(), *args]
    else:
        sql = (f"SELECT {expr} FROM {monthly} WHERE period < ?{where} "
               f"UNION ALL SELECT {expr} FROM {daily} WHERE period >= ? AND period <= ?{where}")
        params = [month, *args, month_start.isoformat(), last.isoformat(), *args]
    rows = db.execute(f"SELECT k, SUM(o), SUM(od) FROM ({sql}) GROUP BY k", params).fetchall()
    out = {r[0]: (r[1], r[2]) for r in rows}
    if live_now is not None:
        for k, n in not_yet_overdue(db, f, live_now, group).items():
            o, od = out.get(k, (0, 0))
            out[k] = (o, od - n)
    return out


def _after_is_shorter(db: sqlite_utils.Database, month: str) -> bool:
    """Whether fewer months of events lie after ``month`` than before it (read by the key)."""
    lo, hi = db.execute("SELECT MIN(period), MAX(period) FROM report_monthly").fetchone()
    if lo is None:
        return False
    n = lambda m: int(m[:4]) * 12 + int(m[5:7])  # noqa: E731
    return n(hi) - n(month) < n(month) - n(lo)


# group -> column of the slips register (counter_app.prereceipt); a slip is taken at this station,
# at the counter (channel 1) or in answer to an online dossier (channel 2: counter_app/online.py)
_SLIP_COL = {"procedure": "procedure_code", "field": "field", "clerk": "clerk_name", "station": "station",
             "channel": "(CASE WHEN EXISTS (SELECT 1 FROM online_outcomes oo WHERE oo.slip_id = slips.id) "
                        "THEN 2 ELSE 1 END)", "day": "day"}


def slip_events(db: sqlite_utils.Database, f: TallyFilter, first: date, last: date) -> dict[Any, dict[str, int]]:
    """Guidance and refusal slips written before receiving, on days [first, last], by group key."""
    if last < first:
        return {}
    conds, args = _filters(f, _SLIP_COL)
    where = "".join(f" AND {c}" for c in conds)
    gcol = _SLIP_COL.get(f.group_by, "''")
    rows = db.execute(
        f"SELECT {gcol}, SUM(kind = 'guide'), SUM(kind = 'refuse'), SUM(kind = 'online') FROM slips "
        f"WHERE day BETWEEN ? AND ?{where} GROUP BY 1",
        [first.isoformat(), last.isoformat(), *args],
    ).fetchall()
    return {r[0]: {"guided": r[1] or 0, "turned_away": r[2] or 0, "guided_online": r[3] or 0} for r in rows}


def _merge(ev: dict[Any, dict[str, int]], extra: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    for k, counts in extra.items():
        ev[k] = {**ev.get(k, {}), **counts}
    return ev


def not_yet_overdue(db: sqlite_utils.Database, f: TallyFilter, now: datetime, group: str | None = None) -> dict[Any, int]:
    """Dossiers whose overdue instant is later today (already in today's overdue-from count)."""
    group = group or f.group_by
    tomorrow = midnight(now.date() + timedelta(days=1))
    out: dict[Any, int] = {}
    sources = [("dossiers", 0)] + ([("imported_dossiers", 1)] if f.scope == "all" else [])
    for table, _src in sources:
        conds, args = _filters(f, _ROW_COL)
        gcol = "''" if group == "day" else _ROW_COL.get(group, "''")
        where = "".join(f" AND {c}" for c in conds)
        rows = db.execute(
            f"SELECT {gcol}, COUNT(*) FROM {table} WHERE kpi_overdue_at >= ? AND kpi_overdue_at < ?{where} GROUP BY 1",
            [timeutil.iso(now), timeutil.iso(tomorrow), *args],
        ).fetchall()
        for k, n in rows:
            out[k] = out.get(k, 0) + n
    return out


def _derive(ev: dict[str, int] | None, bal: tuple[int, int] | None) -> dict[str, int]:
    ev = ev or {}
    g = lambda k: int(ev.get(k) or 0)  # noqa: E731
    o, od = bal or (0, 0)
    v = {
        "received": g("received"),
        "early": g("early"), "on_time": g("on_time"), "late": g("late"),
        "returned": g("returned"), "refused": g("refused"), "withdrawn": g("withdrawn"),
        "supplements": g("supplements"),
        "guided": g("guided"), "turned_away": g("turned_away"), "guided_online": g("guided_online"),
        "fee_cash": g("fee_cash"), "fee_transfer": g("fee_transfer"),
        "fee_online": g("fee_dvcqg") + g("fee_province"),
        "open": int(o or 0), "open_overdue": int(od or 0),
    }
    v["resolved"] = v["early"] + v["on_time"] + v["late"]
    v["open_in_time"] = v["open"] - v["open_overdue"]
    v["fees"] = v["fee_cash"] + v["fee_transfer"] + v["fee_online"]
    return {m.key: v[m.key] for m in METRICS}


# --- labels -----------------------------------------------------------------------------------------

def procedure_names(db: sqlite_utils.Database) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name in db.execute("SELECT DISTINCT procedure_code, procedure_name FROM imported_dossiers"):
        names[code] = name
    for code, name in db.execute("SELECT code, name FROM procedures ORDER BY active, id"):
        names[code] = name
    return names


def key_label(group: str, key: Any, names: dict[str, str] | None = None) -> str:
    if group == "procedure":
        return (names or {}).get(key) or str(key)
    if group == "field":
        return key or NO_FIELD
    if group == "clerk":
        return key or UNKNOWN_CLERK
    if group == "station":
        return N_("Quầy {n}").format(n=key)
    if group == "channel":
        return CHANNELS.get(key, str(key))
    if group == "day":
        return timeutil.vn_date(date.fromisoformat(key))
    if group == "status":
        return f"{key}. {statuses.name(key)}"
    return str(key)


def _sort_key(group: str, row: TallyRow):
    if group in ("day", "channel", "station", "status"):
        return (0, row.key)
    return (1 if row.key in ("", None) else 0, fold(row.label))


# --- the tally ------------------------------------------------------------------------------------

def compute_tally(db: sqlite_utils.Database, actor: Actor, f: TallyFilter, *, now: datetime | None = None) -> TallyResult:
    """The tally for filter ``f`` (supervisor or admin)."""
    accounts.require_supervisor(actor)
    f.check()
    now = timeutil.to_vn(now) if now else timeutil.now()
    as_of, last, live = evaluation_point(f.date_to, now)
    if f.group_by == "status":
        return _status_tally(db, f, as_of, now)
    names = procedure_names(db) if f.group_by == "procedure" else None
    ev = _merge(period_events(db, f, f.date_from, min(f.date_to, last)),
                slip_events(db, f, f.date_from, min(f.date_to, last)))
    rows: list[TallyRow] = []
    totals: dict[str, int]
    if f.group_by == "day":
        start_bal = balances(db, f, f.date_from - timedelta(days=1), None).get("", (0, 0))
        o, od = start_bal
        d = f.date_from
        today_correction = 0
        if live and f.date_from <= last:
            today_correction = sum(not_yet_overdue(db, f, now, "day").values())
        while d <= min(f.date_to, last):
            e = ev.get(d.isoformat(), {})
            g = lambda k: int(e.get(k) or 0)  # noqa: E731
            o += g("received") - g("early") - g("on_time") - g("late") - g("withdrawn")
            od += g("overdue_from") - g("overdue_closed")
            bal = (o, od - (today_correction if (live and d == last) else 0))
            rows.append(TallyRow(d.isoformat(), key_label("day", d.isoformat()), _derive(e, bal)))
            d += timedelta(days=1)
        total_ev: dict[str, int] = {}
        for e in ev.values():
            for k, v in e.items():
                total_ev[k] = total_ev.get(k, 0) + int(v or 0)
        end_bal = rows[-1].values if rows else _derive({}, balances(db, f, last, now if live else None, "day").get("", (0, 0)))
        totals = _derive(total_ev, (end_bal["open"], end_bal["open_overdue"]))
    else:
        bal = balances(db, f, last, now if live else None)
        keys = set(ev) | set(bal)
        if f.group_by == "channel":
            keys |= set(CHANNELS)
        for k in keys:
            values = _derive(ev.get(k), bal.get(k))
            if f.group_by != "channel" and not any(values.values()):
                continue
            rows.append(TallyRow(k, key_label(f.group_by, k, names), values))
        totals = {m.key: sum(r.values[m.key] for r in rows) for m in METRICS}
    rows.sort(key=lambda r: _sort_key(f.group_by, r))
    return TallyResult(f, METRICS, rows, totals, timeutil.iso(as_of), timeutil.iso(now))


def _status_tally(db: sqlite_utils.Database, f: TallyFilter, as_of: datetime, now: datetime) -> TallyResult:
    """Dossiers received in the period by their current status (read from the dossiers)."""
    counts: dict[int, int] = {}
    sources = [("dossiers", "day")] + ([("imported_dossiers", "day")] if f.scope == "all" else [])
    for table, daycol in sources:
        conds, args = _filters(f, _ROW_COL)
        where = "".join(f" AND {c}" for c in conds)
        for st, n in db.execute(
            f"SELECT status, COUNT(*) FROM {table} WHERE {daycol} BETWEEN ? AND ?{where} GROUP BY status",
            [f.date_from.isoformat(), f.date_to.isoformat(), *args],
        ):
            counts[st] = counts.get(st, 0) + n
    rows = [TallyRow(st, key_label("status", st), {"count": n}) for st, n in sorted(counts.items())]
    totals = {"count": sum(counts.values())}
    return TallyResult(f, STATUS_METRICS, rows, totals, timeutil.iso(as_of), timeutil.iso(now))


def dimension_values(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, str]]]:
    """Values offered in the tally screen's filters: (key, label) per dimension."""
    out: dict[str, list[tuple[Any, str]]] = {}
    names = procedure_names(db)
    for group in ("field", "procedure", "clerk", "station"):
        col = _AGG_COL[group]
        table = "report_field_monthly" if group in ("field", "station") else "report_monthly"
        keys = [r[0] for r in db.execute(f"SELECT DISTINCT {col} FROM {table}")]
        items = [(k, key_label(group, k, names)) for k in keys]
        items.sort(key=lambda kv: (0, kv[0]) if group == "station" else (0, fold(kv[1])))
        out[group] = items
    out["channel"] = [(k, v) for k, v in CHANNELS.items()]
    return out


def verify_aggregates(db: sqlite_utils.Database) -> list[str]:
    """Compare the trigger-kept tables with a recount from the dossiers; returns differences
    (empty when they agree). Slow on big databases: for tests and an admin's check."""
    from .narrow_schema import NARROW_DIMS, grouped_select
    from .narrow_schema import TABLES as NARROW_TABLES
    from .schema import COUNTERS, DIMS, LATEST_RULE, aggregate_select

    nonzero = " OR ".join(f"{c} != 0" for c in COUNTERS)
    problems = []
    for table, period in (("report_daily", "e.day"), ("report_monthly", "substr(e.day, 1, 7)")):
        cols = ", ".join(("period",) + DIMS + COUNTERS)
        problems += _differences(db, table, f"SELECT {cols} FROM {table} WHERE {nonzero}",
                                 aggregate_select(period, LATEST_RULE), 1 + len(DIMS))
    # the all-time totals and the narrow tables (m022) equal the wide ones summed
    problems += _differences(db, "report_totals", f"SELECT {', '.join(DIMS + COUNTERS)} FROM report_totals WHERE {nonzero}",
                             f"SELECT * FROM ({grouped_select('report_monthly', DIMS)}) WHERE {nonzero}", len(DIMS))
    key = ("period",) + NARROW_DIMS
    for wide, narrow in NARROW_TABLES.items():
        problems += _differences(db, narrow, f"SELECT {', '.join(key + COUNTERS)} FROM {narrow} WHERE {nonzero}",
                                 f"SELECT * FROM ({grouped_select(wide)}) WHERE {nonzero}", len(key))
    return problems


def _differences(db: sqlite_utils.Database, table: str, kept_sql: str, fresh_sql: str, nkey: int) -> list[str]:
    """Rows (key: the first ``nkey`` columns) where what ``table`` keeps differs from a recount."""
    kept = {tuple(r[:nkey]): tuple(r[nkey:]) for r in db.execute(kept_sql)}
    fresh = {tuple(r[:nkey]): tuple(r[nkey:]) for r in db.execute(fresh_sql)}
    return [f"{table} {k}: {kept.get(k)} != {fresh.get(k)}"
            for k in sorted(set(kept) | set(fresh), key=str) if kept.get(k) != fresh.get(k)]


def rebuild_aggregates(db: sqlite_utils.Database) -> None:
    """Recount the event tables from the dossiers; call inside a write transaction."""
    from .schema import LATEST_RULE, rebuild

    for stmt in rebuild(LATEST_RULE):
        db.execute(stmt)
