"""Schema of migration ``m005_reports``: the frozen SQL the migration runs. Never edit what has
shipped here; a later change is a new migration with its own function.

What it adds (the counting rules are in docs/reports.md):

- on ``dossiers``: the supplement facts the on-time rule needs (``supp_rounds``: requests made;
  ``supp_open_at``: time of the request still waiting for the citizen, NULL when none;
  ``supp2_at``: time of the second request) kept by triggers on ``history``, and two VIRTUAL
  generated columns: ``kpi_end_at`` (end of processing for the KPI: the first of Đã xử lý xong /
  Đã trả kết quả / Dừng / Từ chối / Rút, i.e. ``finished_at``) and ``kpi_overdue_at`` (the instant
  the dossier starts counting as overdue while open; NULL if it never does);
- on ``fees``: ``paid_at``, stamped by a trigger when a payment is recorded;
- ``imported_dossiers``: other stations' dossiers as read from their signed day files, keyed by
  (agency code, station digit, dossier code), so a re-import replaces and never adds;
- ``report_daily`` / ``report_monthly``: event counts per day (month) and per (source, station,
  field, procedure, receiving clerk, channel), kept exact by triggers on every write. A report
  reads these small tables instead of a million dossiers; balances at an instant (dossiers in
  progress, overdue) are prefix sums of events (received − finished, overdue-from − closed);
- ``day_closes`` (frozen, hashed figures of a signed day), ``station_imports`` (import log) and
  ``report_settings`` (period boundaries, recipient, the commune key for station files).
"""

from __future__ import annotations

import sqlite_utils

# --------------------------------------------------------------------------------------------
# per-dossier facts (SQL over a row; ``{r}`` is the row alias: NEW, OLD, r, or empty)

FINAL_STATUSES = "(3, 7, 8, 9, 10)"
NOT_COUNTED = "(1, 3)"  # Mới đăng ký, Không được tiếp nhận: not a dossier taken in (HV grouping)
FEE_METHODS = {"cash": "fee_cash", "transfer": "fee_transfer", "online-dvcqg": "fee_dvcqg",
               "online-province": "fee_province"}

COUNTERS = ("received", "early", "on_time", "late", "withdrawn", "refused", "returned", "overdue_from",
            "overdue_closed", "supplements", "fee_cash", "fee_transfer", "fee_dvcqg", "fee_province")
DIMS = ("src", "station", "field", "procedure_code", "clerk", "channel")


def _end_expr(r: str = "") -> str:
    return (f"CASE WHEN {r}status IN {FINAL_STATUSES} "
            f"THEN COALESCE({r}finished_at, {r}returned_at, {r}received_at) END")


def _overdue_expr(r: str = "") -> str:
    # base: the legal due date, unless the dossier is waiting for a supplement requested on time
    base = (f"(CASE WHEN {r}supp_open_at IS NOT NULL AND {r}supp_open_at <= {r}original_due_at "
            f"THEN NULL ELSE {r}original_due_at END)")
    # a second supplement request makes the dossier late from that moment
    os0 = (f"(CASE WHEN {r}supp2_at IS NOT NULL AND ({base} IS NULL OR {r}supp2_at < {base}) "
           f"THEN {r}supp2_at ELSE {base} END)")
    end = f"({_end_expr(r)})"
    return (f"CASE WHEN {r}status IN {NOT_COUNTED} THEN NULL "
            f"WHEN {end} IS NOT NULL AND {os0} >= {end} THEN NULL ELSE {os0} END")


# The rule version of the on-time judgement: 1 = m005 (a withdrawal always counts in Biểu 06
# column (9)); 2 = m014_legal_due_date (a withdrawal after the legal appointment is late, as the
# 766 formula judges it: docs/due-dates.md). Frozen migrations pass their own version.
LATEST_RULE = 2


def class_expr(r: str, rule: int = 1) -> str:
    """'early' | 'on_time' | 'late' | 'withdrawn' for a finished dossier taken in, else ''.
    The judged end is the supplement request time when it ended while waiting for the citizen."""
    end = f"COALESCE({r}supp_open_at, {r}kpi_end_at)"
    withdrawn = (f"WHEN {r}status = 7 THEN 'withdrawn' " if rule == 1 else
                 f"WHEN {r}status = 7 AND {r}supp_rounds <= 1 AND {end} <= {r}original_due_at THEN 'withdrawn' ")
    return (f"CASE WHEN {r}status IN {NOT_COUNTED} OR {r}kpi_end_at IS NULL THEN '' "
            + withdrawn +
            f"WHEN {r}supp_rounds > 1 THEN 'late' "
            f"WHEN substr({end}, 1, 10) < substr({r}original_due_at, 1, 10) THEN 'early' "
            f"WHEN {end} <= {r}original_due_at THEN 'on_time' "
            f"ELSE 'late' END")


def _zeros(**vals: str) -> str:
    return ", ".join(f"{vals.get(c, '0')} AS {c}" for c in COUNTERS)


def dossier_events(r: str, sign: str, src: str, frm: str = "", rule: int = 1) -> str:
    """Compound SELECT of the events of dossier row ``r`` (day, dims, counters × sign)."""
    p = f"{r}." if r else ""
    dims = (f"{src} AS src, {p}station AS station, {p}field AS field, {p}procedure_code AS procedure_code, "
            f"{p}received_by_name AS clerk, {p}channel AS channel")
    cls = class_expr(p, rule)
    parts = [
        f"SELECT {p}day AS day, {dims}, {_zeros(received=sign)} {frm} "
        f"WHERE {p}status NOT IN {NOT_COUNTED}",
        f"SELECT substr({p}kpi_end_at, 1, 10), {dims}, "
        + _zeros(early=f"{sign} * (({cls}) = 'early')", on_time=f"{sign} * (({cls}) = 'on_time')",
                 late=f"{sign} * (({cls}) = 'late')", withdrawn=f"{sign} * (({cls}) = 'withdrawn')",
                 refused=f"{sign} * ({p}status = 3)",
                 overdue_closed=f"{sign} * ({p}kpi_overdue_at IS NOT NULL)")
        + f" {frm} WHERE {p}kpi_end_at IS NOT NULL",
        f"SELECT substr({p}returned_at, 1, 10), {dims}, {_zeros(returned=sign)} {frm} "
        f"WHERE {p}status = 10 AND {p}returned_at IS NOT NULL",
        f"SELECT substr({p}kpi_overdue_at, 1, 10), {dims}, {_zeros(overdue_from=sign)} {frm} "
        f"WHERE {p}kpi_overdue_at IS NOT NULL",
    ]
    return "\nUNION ALL\n".join(parts)


def imported_extra_events(r: str, sign: str, table: str = "") -> str:
    """Supplement requests and collected fees of an imported row (JSON lists). ``table`` is
    "imported_dossiers r, " when reading the whole table."""
    p = f"{r}."
    dims = (f"1 AS src, {p}station AS station, {p}field AS field, {p}procedure_code AS procedure_code, "
            f"{p}received_by_name AS clerk, {p}channel AS channel")
    fee = {col: f"{sign} * (json_extract(j.value, '$[1]') = '{m}') * json_extract(j.value, '$[2]')"
           for m, col in FEE_METHODS.items()}
    return (
        f"SELECT substr(s.value, 1, 10) AS day, {dims}, {_zeros(supplements=sign)} "
        f"FROM {table}json_each({p}supplements) AS s WHERE s.value IS NOT NULL\nUNION ALL\n"
        f"SELECT json_extract(j.value, '$[0]'), {dims}, {_zeros(**fee)} "
        f"FROM {table}json_each({p}fees) AS j WHERE json_extract(j.value, '$[0]') IS NOT NULL"
    )


def _fee_day(f: str) -> str:
    return f"COALESCE(NULLIF({f}.receipt_date, ''), substr({f}.paid_at, 1, 10))"


def fee_events(f: str, sign: str, frm: str, cond: str = "1") -> str:
    """Collected fee of fee row ``f`` joined with its dossier ``d`` (``frm`` provides ``d``)."""
    fee = {col: f"{sign} * ({f}.paid_method = '{m}') * {f}.amount" for m, col in FEE_METHODS.items()}
    dims = ("0 AS src, d.station AS station, d.field AS field, d.procedure_code AS procedure_code, "
            "d.received_by_name AS clerk, d.channel AS channel")
    methods = ", ".join(f"'{m}'" for m in FEE_METHODS)
    return (f"SELECT {_fee_day(f)} AS day, {dims}, {_zeros(**fee)} {frm} "
            f"WHERE ({cond}) AND {f}.paid_method IN ({methods}) AND {_fee_day(f)} IS NOT NULL")


def supplement_events(h: str, sign: str, frm: str) -> str:
    dims = ("0 AS src, d.station AS station, d.field AS field, d.procedure_code AS procedure_code, "
            "d.received_by_name AS clerk, d.channel AS channel")
    return f"SELECT substr({h}.at, 1, 10) AS day, {dims}, {_zeros(supplements=sign)} {frm}"


SUPPLEMENT_REQUEST = "{h}.status = 5 AND {h}.action IN ('supplement', 'province')"
SUPPLEMENT_END = "{h}.action = 'supplement-received' OR ({h}.action = 'province' AND {h}.status IN (2, 4, 6))"


def _upserts(events_sql: str) -> str:
    """Add the rows of ``events_sql`` to both aggregate tables."""
    cols = ", ".join(COUNTERS)
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTERS)
    key = ", ".join(DIMS)
    sums = ", ".join(f"SUM({c})" for c in COUNTERS)
    out = []
    for table, period in (("report_daily", "e.day"), ("report_monthly", "substr(e.day, 1, 7)")):
        out.append(
            f"INSERT INTO {table} (period, {key}, {cols}) "
            f"SELECT {period}, {', '.join('e.' + d for d in DIMS)}, {sums} FROM ({events_sql}) AS e "
            f"WHERE e.day IS NOT NULL GROUP BY 1, {', '.join(str(i) for i in range(2, len(DIMS) + 2))} "
            f"ON CONFLICT ({'period, ' + key}) DO UPDATE SET {sets};"
        )
    return "\n".join(out)


def _aggregate_table(name: str) -> str:
    counters = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
    return f"""CREATE TABLE {name} (
    period TEXT NOT NULL,
    src INTEGER NOT NULL,
    station INTEGER NOT NULL,
    field TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    clerk TEXT NOT NULL,
    channel INTEGER NOT NULL,
{counters},
    PRIMARY KEY (period, src, station, field, procedure_code, clerk, channel)
) WITHOUT ROWID"""


FACT_COLUMNS = ("status", "finished_at", "returned_at", "received_at", "original_due_at", "supp_rounds",
                "supp_open_at", "supp2_at", "day", "field", "procedure_code", "station", "received_by_name",
                "channel")


def _changed(cols=FACT_COLUMNS) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols)


def statements() -> list[str]:
    """Every statement of the migration, in order."""
    s: list[str] = []
    s += [
        "ALTER TABLE dossiers ADD COLUMN supp_rounds INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE dossiers ADD COLUMN supp_open_at TEXT",
        "ALTER TABLE dossiers ADD COLUMN supp2_at TEXT",
        f"ALTER TABLE dossiers ADD COLUMN kpi_end_at TEXT GENERATED ALWAYS AS ({_end_expr()}) VIRTUAL",
        f"ALTER TABLE dossiers ADD COLUMN kpi_overdue_at TEXT GENERATED ALWAYS AS ({_overdue_expr()}) VIRTUAL",
        "ALTER TABLE fees ADD COLUMN paid_at TEXT",
        # the live part of "overdue now" (dossiers turning overdue later today) and station day files
        "CREATE INDEX dossiers_kpi_overdue ON dossiers (kpi_overdue_at) WHERE kpi_overdue_at IS NOT NULL",
        "CREATE INDEX dossiers_updated ON dossiers (updated_at)",
        _aggregate_table("report_daily"),
        _aggregate_table("report_monthly"),
        """CREATE TABLE report_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
        """CREATE TABLE station_imports (
    id INTEGER PRIMARY KEY,
    agency_code TEXT NOT NULL,
    station INTEGER NOT NULL,
    file_day TEXT,
    exported_at TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    rows INTEGER NOT NULL,
    replaced INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
)""",
        f"""CREATE TABLE imported_dossiers (
    agency_code TEXT NOT NULL,
    station INTEGER NOT NULL CHECK (station BETWEEN 0 AND 9),
    code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL,
    channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    received_at TEXT NOT NULL,
    day TEXT NOT NULL,
    due_at TEXT NOT NULL,
    original_due_at TEXT NOT NULL,
    finished_at TEXT,
    returned_at TEXT,
    received_by_name TEXT NOT NULL,
    supp_rounds INTEGER NOT NULL DEFAULT 0,
    supp_open_at TEXT,
    supp2_at TEXT,
    supplements TEXT NOT NULL DEFAULT '[]',
    fees TEXT NOT NULL DEFAULT '[]',
    snapshot_at TEXT NOT NULL,
    import_id INTEGER NOT NULL REFERENCES station_imports (id),
    kpi_end_at TEXT GENERATED ALWAYS AS ({_end_expr()}) VIRTUAL,
    kpi_overdue_at TEXT GENERATED ALWAYS AS ({_overdue_expr()}) VIRTUAL,
    PRIMARY KEY (agency_code, station, code)
)""",
        "CREATE INDEX imported_kpi_overdue ON imported_dossiers (kpi_overdue_at) WHERE kpi_overdue_at IS NOT NULL",
        "CREATE INDEX imported_day ON imported_dossiers (day)",
        """CREATE TABLE day_closes (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    station INTEGER NOT NULL,
    figures TEXT NOT NULL,
    figures_sha256 TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    closed_by_id INTEGER REFERENCES users (id),
    closed_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (day, station)
)""",
    ]
    s += backfill()
    s += triggers()
    s += rebuild()
    return s


def backfill() -> list[str]:
    """Supplement facts of dossiers already in the database, read from their history."""
    req = SUPPLEMENT_REQUEST.format(h="h")
    end = SUPPLEMENT_END.format(h="h2")
    return [
        f"""UPDATE dossiers SET
    supp_rounds = (SELECT COUNT(*) FROM history h WHERE h.dossier_id = dossiers.id AND {req}),
    supp2_at = (SELECT h.at FROM history h WHERE h.dossier_id = dossiers.id AND {req} ORDER BY h.id LIMIT 1 OFFSET 1),
    supp_open_at = (SELECT h.at FROM history h WHERE h.dossier_id = dossiers.id AND {req}
                    AND NOT EXISTS (SELECT 1 FROM history h2 WHERE h2.dossier_id = h.dossier_id AND h2.id > h.id
                                    AND ({end}))
                    ORDER BY h.id DESC LIMIT 1)
WHERE id IN (SELECT dossier_id FROM history h WHERE {req})""",
        """UPDATE fees SET paid_at = COALESCE(NULLIF(receipt_date, '') || 'T00:00:00+07:00',
    (SELECT updated_at FROM dossiers d WHERE d.id = fees.dossier_id))
WHERE paid_method IS NOT NULL""",
    ]


NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%S', 'now', '+7 hours') || '+07:00'"


def triggers(rule: int = 1) -> list[str]:
    req = SUPPLEMENT_REQUEST.format(h="NEW")
    end = SUPPLEMENT_END.format(h="NEW")
    fee_cols = ("paid_method", "receipt_date", "amount", "paid_at")
    imp_cols = FACT_COLUMNS + ("supplements", "fees")
    return [
        f"""CREATE TRIGGER report_dossier_insert AFTER INSERT ON dossiers BEGIN
{_upserts(dossier_events('NEW', '1', '0', rule=rule))}
END""",
        f"""CREATE TRIGGER report_dossier_update AFTER UPDATE OF {', '.join(FACT_COLUMNS)} ON dossiers
WHEN {_changed()} BEGIN
{_upserts(dossier_events('OLD', '-1', '0', rule=rule))}
{_upserts(dossier_events('NEW', '1', '0', rule=rule))}
END""",
        f"""CREATE TRIGGER report_dossier_delete BEFORE DELETE ON dossiers BEGIN
{_upserts(dossier_events('OLD', '-1', '0', rule=rule))}
{_upserts(supplement_events('h', '-1', 'FROM history h JOIN dossiers d ON d.id = h.dossier_id WHERE h.dossier_id = OLD.id AND ' + SUPPLEMENT_REQUEST.format(h='h')))}
{_upserts(fee_events('f', '-1', 'FROM fees f JOIN dossiers d ON d.id = f.dossier_id', 'f.dossier_id = OLD.id'))}
END""",
        f"""CREATE TRIGGER report_history_supplement AFTER INSERT ON history WHEN {req} BEGIN
UPDATE dossiers SET supp_rounds = supp_rounds + 1, supp_open_at = NEW.at,
    supp2_at = CASE WHEN supp_rounds = 1 THEN NEW.at ELSE supp2_at END
WHERE id = NEW.dossier_id;
{_upserts(supplement_events('NEW', '1', 'FROM dossiers d WHERE d.id = NEW.dossier_id'))}
END""",
        f"""CREATE TRIGGER report_history_resume AFTER INSERT ON history WHEN {end} BEGIN
UPDATE dossiers SET supp_open_at = NULL WHERE id = NEW.dossier_id AND supp_open_at IS NOT NULL;
END""",
        f"""CREATE TRIGGER report_fee_paid_at AFTER UPDATE OF paid_method ON fees
WHEN NEW.paid_method IS NOT NULL AND NEW.paid_at IS NULL BEGIN
UPDATE fees SET paid_at = {NOW_SQL} WHERE id = NEW.id;
END""",
        f"""CREATE TRIGGER report_fee_update AFTER UPDATE OF {', '.join(fee_cols)} ON fees
WHEN {_changed(fee_cols)} BEGIN
{_upserts(fee_events('OLD', '-1', 'FROM dossiers d', 'd.id = OLD.dossier_id'))}
{_upserts(fee_events('NEW', '1', 'FROM dossiers d', 'd.id = NEW.dossier_id'))}
END""",
        f"""CREATE TRIGGER report_imported_insert AFTER INSERT ON imported_dossiers BEGIN
{_upserts(dossier_events('NEW', '1', '1', rule=rule) + chr(10) + 'UNION ALL' + chr(10) + imported_extra_events('NEW', '1'))}
END""",
        f"""CREATE TRIGGER report_imported_update AFTER UPDATE ON imported_dossiers
WHEN {_changed(imp_cols)} BEGIN
{_upserts(dossier_events('OLD', '-1', '1', rule=rule) + chr(10) + 'UNION ALL' + chr(10) + imported_extra_events('OLD', '-1'))}
{_upserts(dossier_events('NEW', '1', '1', rule=rule) + chr(10) + 'UNION ALL' + chr(10) + imported_extra_events('NEW', '1'))}
END""",
        f"""CREATE TRIGGER report_imported_delete AFTER DELETE ON imported_dossiers BEGIN
{_upserts(dossier_events('OLD', '-1', '1', rule=rule) + chr(10) + 'UNION ALL' + chr(10) + imported_extra_events('OLD', '-1'))}
END""",
    ]


def rebuild_events_sql(rule: int = 1) -> str:
    """Every event of every dossier (local and imported), for a rebuild or a consistency check."""
    return "\nUNION ALL\n".join([
        dossier_events("r", "1", "0", "FROM dossiers r", rule),
        dossier_events("r", "1", "1", "FROM imported_dossiers r", rule),
        supplement_events("h", "1", "FROM history h JOIN dossiers d ON d.id = h.dossier_id WHERE "
                          + SUPPLEMENT_REQUEST.format(h="h")),
        fee_events("f", "1", "FROM fees f JOIN dossiers d ON d.id = f.dossier_id"),
        imported_extra_events("r", "1", "imported_dossiers r, "),
    ])


def aggregate_select(period_expr: str, rule: int = 1) -> str:
    """SELECT of the aggregate rows (period, dims, sums) computed from scratch."""
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    nonzero = " OR ".join(f"SUM({c}) != 0" for c in COUNTERS)
    return (f"SELECT {period_expr} AS period, {', '.join(DIMS)}, {sums} FROM ({rebuild_events_sql(rule)}) AS e "
            f"WHERE e.day IS NOT NULL GROUP BY 1, {', '.join(DIMS)} HAVING {nonzero}")


def rebuild(rule: int = 1) -> list[str]:
    cols = ", ".join(("period",) + DIMS + COUNTERS)
    return [
        "DELETE FROM report_daily",
        "DELETE FROM report_monthly",
        f"INSERT INTO report_daily ({cols}) {aggregate_select('e.day', rule)}",
        f"INSERT INTO report_monthly ({cols}) {aggregate_select('substr(e.day, 1, 7)', rule)}",
    ]


TRIGGER_NAMES = ("report_dossier_insert", "report_dossier_update", "report_dossier_delete",
                 "report_history_supplement", "report_history_resume", "report_fee_paid_at", "report_fee_update",
                 "report_imported_insert", "report_imported_update", "report_imported_delete")


def replace_triggers(rule: int) -> list[str]:
    """Statements that swap every report trigger for those of on-time rule ``rule`` and recount
    the event tables with it (a later migration's own call, never m005's)."""
    return [f"DROP TRIGGER IF EXISTS {t}" for t in TRIGGER_NAMES] + triggers(rule) + rebuild(rule)


def apply_m005(db: sqlite_utils.Database) -> None:
    for stmt in statements():
        db.execute(stmt)
