"""Schema of migration ``m021_scorecard_daily``: the frozen SQL it runs. Never edit what has
shipped here; a later change is a new migration with its own function.

The 766 scorecard (``counter_app/reports/scorecard.py``) used to read every dossier received in
the period, with a correlated ``EXISTS`` on ``outbox``, ``fees`` and ``attachments`` per dossier
(a year at 100k: ~490 ms; at 1M, seconds). It now sums per-day rows, as Biểu 06 does:

- ``scorecard_facts``: one row per dossier, what it adds to the scorecard (received? online,
  direct, post; record acknowledged by the province? a fee to pay? paid online and synced? files
  confirmed by the province? finished, and in how many milliseconds net of the supplement
  pauses). Every value is 0 for a dossier not taken in (status 1). Kept by triggers on the tables
  the facts read: a change to a dossier, its record's outbox row, its fees, its attachments or a
  file's confirmation "refreshes" the dossier's facts row (an upsert from the same SELECT the
  backfill uses, written only when something changed).
- ``scorecard_daily``: the sums of the facts per (received day, procedure row), kept by triggers
  on ``scorecard_facts`` (old row subtracted, new row added) in the same transaction. The
  procedure row is kept as a dimension so that "the result is a paper document" (the procedure's
  rules, 4.1 and 4.2) is still read from the catalogue when the scorecard is computed.

- ``scorecard_events_daily``: ``report_daily``'s event counters summed over its dimensions (field,
  procedure, clerk, channel, station) per (day, src), with received split online / other, kept by
  triggers on ``report_daily`` (new − old). Indicator 2.1 is Biểu 06's total, which at a million
  realistic dossiers (six clerks, three channels) read ~80,000 monthly and ~1,000,000 daily
  report rows (~140 ms); the total over the period and the balances at its two ends are sums of
  a few thousand rows of this table.

Durations are integer milliseconds so that sums are exact whatever order they are added in.
"""

from __future__ import annotations

import sqlite_utils

ONLINE_METHODS = ("online-dvcqg", "online-province")
COUNTERS = ("received", "online", "direct", "post", "synced", "fee_bearing", "paid_online", "uploaded",
            "synced_uploaded", "finished", "finished_ms")
KEY = ("day", "procedure_id")

_SYNCED = "EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id AND o.kind = 'dossier' AND o.state = 'done')"
_UPLOADED = ("EXISTS (SELECT 1 FROM attachments a JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = d.id "
             "AND a.removed_at IS NULL AND f.remote_url IS NOT NULL)")
_FEE = "EXISTS (SELECT 1 FROM fees f WHERE f.dossier_id = d.id AND f.amount > 0)"
_PAID = ("EXISTS (SELECT 1 FROM fees f WHERE f.dossier_id = d.id AND f.paid_method IN ("
         + ", ".join(f"'{m}'" for m in ONLINE_METHODS) + "))")
_TAKEN = "(d.status != 1)"
_FINISHED = "(d.status IN (9, 10) AND d.finished_at IS NOT NULL)"
# elapsed from receipt to the end, minus the supplement pauses (what the legal appointment moved by)
_ELAPSED_MS = ("CAST(round((julianday(d.finished_at) - julianday(d.received_at) "
               "- MAX(0, julianday(d.original_due_at) - julianday(d.issued_due_at))) * 86400000) AS INTEGER)")


def facts_select(where: str) -> str:
    """SELECT of the facts rows (dossier_id, day, procedure_id, counters) of ``dossiers d`` WHERE ``where``."""
    cols = {
        "received": f"{_TAKEN}",
        "online": f"{_TAKEN} AND d.channel = 2",
        "direct": f"{_TAKEN} AND d.channel = 1",
        "post": f"{_TAKEN} AND d.channel = 3",
        "synced": f"{_TAKEN} AND {_SYNCED}",
        "fee_bearing": f"{_TAKEN} AND {_FEE}",
        "paid_online": f"{_TAKEN} AND {_SYNCED} AND {_PAID}",
        "uploaded": f"{_TAKEN} AND {_UPLOADED}",
        "synced_uploaded": f"{_TAKEN} AND {_SYNCED} AND {_UPLOADED}",
        "finished": f"{_FINISHED}",
        # NULL (as the live SUM skipped it) when a time is unreadable; 0 when not finished
        "finished_ms": f"CASE WHEN {_FINISHED} THEN {_ELAPSED_MS} ELSE 0 END",
    }
    return ("SELECT d.id AS dossier_id, d.day AS day, d.procedure_id AS procedure_id, "
            + ", ".join(f"{expr} AS {c}" for c, expr in cols.items())
            + f" FROM dossiers d WHERE {where}")


def _refresh(where: str) -> str:
    """Upsert the facts of the dossiers of ``dossiers d`` WHERE ``where``; no write when unchanged."""
    cols = ("dossier_id",) + KEY + COUNTERS
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
    changed = " OR ".join(f"{c} IS NOT excluded.{c}" for c in cols[1:])
    return (f"INSERT INTO scorecard_facts ({', '.join(cols)}) {facts_select(where)} "
            f"ON CONFLICT (dossier_id) DO UPDATE SET {sets} WHERE {changed};")


def _add(row: str, sign: str) -> str:
    cols = KEY + COUNTERS
    vals = [f"{row}.{k}" for k in KEY] + [f"{sign} * COALESCE({row}.{c}, 0)" for c in COUNTERS]
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTERS)
    return (f"INSERT INTO scorecard_daily ({', '.join(cols)}) SELECT {', '.join(vals)} WHERE {row}.received != 0 "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {sets};")


DOSSIER_COLUMNS = ("status", "day", "procedure_id", "channel", "finished_at", "received_at", "original_due_at",
                   "issued_due_at")
TRIGGER_NAMES = ("scorecard_facts_insert", "scorecard_facts_update", "scorecard_facts_delete",
                 "scorecard_dossier_insert", "scorecard_dossier_update", "scorecard_dossier_delete",
                 "scorecard_outbox_insert", "scorecard_outbox_update", "scorecard_outbox_delete",
                 "scorecard_fee_insert", "scorecard_fee_update", "scorecard_fee_delete",
                 "scorecard_attachment_insert", "scorecard_attachment_update", "scorecard_attachment_delete",
                 "scorecard_file_insert", "scorecard_file_update", "scorecard_file_delete",
                 "scorecard_events_insert", "scorecard_events_update", "scorecard_events_delete")


EVENT_COUNTERS = ("received_online", "received_other", "early", "on_time", "late", "withdrawn", "overdue_from",
                  "overdue_closed")
_EVENT_EXPR = {"received_online": "CASE WHEN {r}.channel = 2 THEN {r}.received ELSE 0 END",
               "received_other": "CASE WHEN {r}.channel != 2 THEN {r}.received ELSE 0 END",
               **{c: "{r}." + c for c in EVENT_COUNTERS[2:]}}


def _events_add(row: str, sign: str) -> str:
    vals = ", ".join(f"{sign} * ({_EVENT_EXPR[c].format(r=row)})" for c in EVENT_COUNTERS)
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in EVENT_COUNTERS)
    return (f"INSERT INTO scorecard_events_daily (day, src, {', '.join(EVENT_COUNTERS)}) "
            f"SELECT {row}.period, {row}.src, {vals} WHERE true "
            f"ON CONFLICT (day, src) DO UPDATE SET {sets};")


def events_select(source: str = "report_daily") -> str:
    """The totals per (day, src) computed from ``report_daily``."""
    sums = ", ".join(f"SUM({_EVENT_EXPR[c].format(r='r')}) AS {c}" for c in EVENT_COUNTERS)
    return f"SELECT r.period AS day, r.src AS src, {sums} FROM {source} r GROUP BY r.period, r.src"


def tables() -> list[str]:
    counters = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS if c != "finished_ms")
    return [
        f"""CREATE TABLE scorecard_facts (
    dossier_id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    procedure_id INTEGER NOT NULL,
{counters},
    finished_ms INTEGER
)""",
        f"""CREATE TABLE scorecard_daily (
    day TEXT NOT NULL,
    procedure_id INTEGER NOT NULL,
{counters},
    finished_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, procedure_id)
) WITHOUT ROWID""",
        "CREATE TABLE scorecard_events_daily (\n    day TEXT NOT NULL,\n    src INTEGER NOT NULL,\n"
        + "".join(f"    {c} INTEGER NOT NULL DEFAULT 0,\n" for c in EVENT_COUNTERS)
        + "    PRIMARY KEY (day, src)\n) WITHOUT ROWID",
    ]


def triggers() -> list[str]:
    outbox_done = "({r}.kind = 'dossier' AND {r}.state = 'done')"
    o_old, o_new = outbox_done.format(r="OLD"), outbox_done.format(r="NEW")
    by_file = "d.id IN (SELECT a.dossier_id FROM attachments a WHERE a.sha256 = {r}.sha256)"
    return [
        # the daily sums follow the facts
        f"CREATE TRIGGER scorecard_facts_insert AFTER INSERT ON scorecard_facts BEGIN\n{_add('NEW', '1')}\nEND",
        f"CREATE TRIGGER scorecard_facts_update AFTER UPDATE ON scorecard_facts BEGIN\n"
        f"{_add('OLD', '-1')}\n{_add('NEW', '1')}\nEND",
        f"CREATE TRIGGER scorecard_facts_delete AFTER DELETE ON scorecard_facts BEGIN\n{_add('OLD', '-1')}\nEND",
        # the facts follow what they read
        f"CREATE TRIGGER scorecard_dossier_insert AFTER INSERT ON dossiers BEGIN\n{_refresh('d.id = NEW.id')}\nEND",
        f"CREATE TRIGGER scorecard_dossier_update AFTER UPDATE OF id, {', '.join(DOSSIER_COLUMNS)} ON dossiers "
        f"WHEN {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in DOSSIER_COLUMNS)} OR OLD.id IS NOT NEW.id BEGIN\n"
        f"DELETE FROM scorecard_facts WHERE dossier_id = OLD.id AND OLD.id IS NOT NEW.id;\n"
        f"{_refresh('d.id = NEW.id')}\nEND",
        "CREATE TRIGGER scorecard_dossier_delete AFTER DELETE ON dossiers BEGIN\n"
        "DELETE FROM scorecard_facts WHERE dossier_id = OLD.id;\nEND",
        f"CREATE TRIGGER scorecard_outbox_insert AFTER INSERT ON outbox WHEN {o_new} BEGIN\n"
        f"{_refresh('d.id = NEW.dossier_id')}\nEND",
        f"CREATE TRIGGER scorecard_outbox_update AFTER UPDATE OF kind, state, dossier_id ON outbox "
        f"WHEN {o_old} IS NOT {o_new} OR (OLD.dossier_id IS NOT NEW.dossier_id AND ({o_old} OR {o_new})) BEGIN\n"
        f"{_refresh('d.id IN (OLD.dossier_id, NEW.dossier_id)')}\nEND",
        f"CREATE TRIGGER scorecard_outbox_delete AFTER DELETE ON outbox WHEN {o_old} BEGIN\n"
        f"{_refresh('d.id = OLD.dossier_id')}\nEND",
        f"CREATE TRIGGER scorecard_fee_insert AFTER INSERT ON fees BEGIN\n{_refresh('d.id = NEW.dossier_id')}\nEND",
        "CREATE TRIGGER scorecard_fee_update AFTER UPDATE OF amount, paid_method, dossier_id ON fees "
        "WHEN OLD.amount IS NOT NEW.amount OR OLD.paid_method IS NOT NEW.paid_method "
        "OR OLD.dossier_id IS NOT NEW.dossier_id BEGIN\n"
        f"{_refresh('d.id IN (OLD.dossier_id, NEW.dossier_id)')}\nEND",
        f"CREATE TRIGGER scorecard_fee_delete AFTER DELETE ON fees BEGIN\n{_refresh('d.id = OLD.dossier_id')}\nEND",
        f"CREATE TRIGGER scorecard_attachment_insert AFTER INSERT ON attachments BEGIN\n"
        f"{_refresh('d.id = NEW.dossier_id')}\nEND",
        "CREATE TRIGGER scorecard_attachment_update AFTER UPDATE OF removed_at, sha256, dossier_id ON attachments "
        "WHEN OLD.removed_at IS NOT NEW.removed_at OR OLD.sha256 IS NOT NEW.sha256 "
        "OR OLD.dossier_id IS NOT NEW.dossier_id BEGIN\n"
        f"{_refresh('d.id IN (OLD.dossier_id, NEW.dossier_id)')}\nEND",
        f"CREATE TRIGGER scorecard_attachment_delete AFTER DELETE ON attachments BEGIN\n"
        f"{_refresh('d.id = OLD.dossier_id')}\nEND",
        f"CREATE TRIGGER scorecard_file_insert AFTER INSERT ON files WHEN NEW.remote_url IS NOT NULL BEGIN\n"
        f"{_refresh(by_file.format(r='NEW'))}\nEND",
        "CREATE TRIGGER scorecard_file_update AFTER UPDATE OF remote_url, sha256 ON files "
        "WHEN (OLD.remote_url IS NULL) IS NOT (NEW.remote_url IS NULL) OR OLD.sha256 IS NOT NEW.sha256 BEGIN\n"
        f"{_refresh(by_file.format(r='OLD'))}\n{_refresh(by_file.format(r='NEW'))}\nEND",
        f"CREATE TRIGGER scorecard_file_delete AFTER DELETE ON files WHEN OLD.remote_url IS NOT NULL BEGIN\n"
        f"{_refresh(by_file.format(r='OLD'))}\nEND",
        # Biểu 06's totals follow report_daily
        f"CREATE TRIGGER scorecard_events_insert AFTER INSERT ON report_daily BEGIN\n{_events_add('NEW', '1')}\nEND",
        f"CREATE TRIGGER scorecard_events_update AFTER UPDATE ON report_daily BEGIN\n"
        f"{_events_add('OLD', '-1')}\n{_events_add('NEW', '1')}\nEND",
        f"CREATE TRIGGER scorecard_events_delete AFTER DELETE ON report_daily BEGIN\n{_events_add('OLD', '-1')}\nEND",
    ]


def daily_select() -> str:
    """The daily rows computed from the facts table (non-zero rows only)."""
    sums = ", ".join(f"SUM(COALESCE({c}, 0)) AS {c}" for c in COUNTERS)
    return (f"SELECT day, procedure_id, {sums} FROM scorecard_facts WHERE received != 0 "
            f"GROUP BY day, procedure_id")


def daily_from_scratch() -> str:
    """The daily rows computed from the dossiers themselves (for a consistency check)."""
    sums = ", ".join(f"SUM(COALESCE({c}, 0)) AS {c}" for c in COUNTERS)
    return (f"SELECT day, procedure_id, {sums} FROM ({facts_select('1')}) WHERE received != 0 "
            f"GROUP BY day, procedure_id")


def statements() -> list[str]:
    """Every statement of the migration: tables, the backfill of existing dossiers (facts, then
    their sums in one grouped insert), then the triggers (so the backfill does not fire them)."""
    cols = ("dossier_id",) + KEY + COUNTERS
    return [
        *tables(),
        f"INSERT INTO scorecard_facts ({', '.join(cols)}) {facts_select('1')} ORDER BY d.id",
        f"INSERT INTO scorecard_daily ({', '.join(KEY + COUNTERS)}) {daily_select()}",
        f"INSERT INTO scorecard_events_daily (day, src, {', '.join(EVENT_COUNTERS)}) {events_select()}",
        *triggers(),
    ]


def apply_m021(db: sqlite_utils.Database) -> None:
    for stmt in statements():
        db.execute(stmt)
