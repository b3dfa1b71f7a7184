"""Schema of migration ``m022_report_narrow``: the frozen SQL it runs. Never edit what has
shipped here; a later change is a new migration with its own function.

``report_daily`` / ``report_monthly`` (m005) are keyed by period × source × station × field ×
procedure × receiving clerk × channel. With a counter's real mix (several clerks, three channels,
dozens of procedures) that is about one daily row per dossier: 1.08 M daily and 80 k monthly rows
at a million dossiers, and Biểu 06 for a year read ~80 k of them (268 ms), the dashboard's
balances ~80 k (280 ms with its three tallies; docs/performance.md).

Most reports never look at the procedure or the clerk: Biểu 06 (by field, online / other), the
tally by day, field, station or channel, the dashboard's month. This migration keeps the same
counters summed over those two dimensions:

- ``report_field_daily`` / ``report_field_monthly``: (period, src, station, field, channel) and
  every counter of m005, kept by triggers on ``report_daily`` / ``report_monthly`` (new − old,
  in the same transaction as the row they follow), so they always equal a GROUP BY of the wide
  tables (``tally.verify_aggregates`` checks it). A day has a few dozen rows instead of a few
  hundred; a month ~100 instead of ~500.

- ``report_totals``: every counter summed over all time per (src, station, field, procedure,
  clerk, channel) — a few hundred rows — kept by triggers on ``report_monthly``. A balance
  (dossiers in progress, overdue) at the end of a recent day is this total minus the events
  after that day (a month or two of rows), instead of the prefix sum of every month since the
  station began (~80 k rows for a tally by procedure or clerk at a million dossiers).

A report picks the narrow tables unless it groups or filters by procedure or clerk
(``tally._tables``); either way, a period is read as whole months from the monthly table and the
days of its partial months from the daily one (``tally._spans``).
"""

from __future__ import annotations

import sqlite_utils

from .schema import COUNTERS, DIMS

NARROW_DIMS = ("src", "station", "field", "channel")
TABLES = {"report_daily": "report_field_daily", "report_monthly": "report_field_monthly"}


def _table(name: str) -> str:
    counters = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
    return f"""CREATE TABLE {name} (
    period TEXT NOT NULL,
    src INTEGER NOT NULL,
    station INTEGER NOT NULL,
    field TEXT NOT NULL,
    channel INTEGER NOT NULL,
{counters},
    PRIMARY KEY (period, src, station, field, channel)
) WITHOUT ROWID"""


def _totals_table() -> str:
    counters = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
    return f"""CREATE TABLE report_totals (
    src INTEGER NOT NULL,
    station INTEGER NOT NULL,
    field TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    clerk TEXT NOT NULL,
    channel INTEGER NOT NULL,
{counters},
    PRIMARY KEY (src, station, field, procedure_code, clerk, channel)
) WITHOUT ROWID"""


def _add(target: str, row: str, sign: str, dims: tuple[str, ...] = ("period",) + NARROW_DIMS) -> str:
    cols = ", ".join(COUNTERS)
    vals = ", ".join(f"{sign} * {row}.{c}" for c in COUNTERS)
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTERS)
    key = ", ".join(dims)
    return (f"INSERT INTO {target} ({key}, {cols}) "
            f"SELECT {', '.join(f'{row}.{d}' for d in dims)}, {vals} WHERE true "
            f"ON CONFLICT ({key}) DO UPDATE SET {sets};")


def grouped_select(source: str, dims: tuple[str, ...] = ("period",) + NARROW_DIMS) -> str:
    """The narrow rows computed from the wide table ``source`` (backfill and consistency check)."""
    key = ", ".join(dims)
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    return f"SELECT {key}, {sums} FROM {source} GROUP BY {key}"


def statements() -> list[str]:
    out: list[str] = []
    for wide, narrow in TABLES.items():
        cols = ", ".join(("period",) + NARROW_DIMS + COUNTERS)
        out += [
            _table(narrow),
            f"INSERT INTO {narrow} ({cols}) {grouped_select(wide)}",
            f"CREATE TRIGGER {narrow}_insert AFTER INSERT ON {wide} BEGIN\n{_add(narrow, 'NEW', '1')}\nEND",
            f"CREATE TRIGGER {narrow}_update AFTER UPDATE ON {wide} BEGIN\n"
            f"{_add(narrow, 'OLD', '-1')}\n{_add(narrow, 'NEW', '1')}\nEND",
            f"CREATE TRIGGER {narrow}_delete AFTER DELETE ON {wide} BEGIN\n{_add(narrow, 'OLD', '-1')}\nEND",
        ]
    cols = ", ".join(DIMS + COUNTERS)
    out += [
        _totals_table(),
        f"INSERT INTO report_totals ({cols}) {grouped_select('report_monthly', DIMS)}",
        f"CREATE TRIGGER report_totals_insert AFTER INSERT ON report_monthly BEGIN\n"
        f"{_add('report_totals', 'NEW', '1', DIMS)}\nEND",
        f"CREATE TRIGGER report_totals_update AFTER UPDATE ON report_monthly BEGIN\n"
        f"{_add('report_totals', 'OLD', '-1', DIMS)}\n{_add('report_totals', 'NEW', '1', DIMS)}\nEND",
        f"CREATE TRIGGER report_totals_delete AFTER DELETE ON report_monthly BEGIN\n"
        f"{_add('report_totals', 'OLD', '-1', DIMS)}\nEND",
    ]
    return out


def apply_m022(db: sqlite_utils.Database) -> None:
    for stmt in statements():
        db.execute(stmt)
