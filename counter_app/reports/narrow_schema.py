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


_TYPES = {"period": "TEXT", "src": "INTEGER", "station": "INTEGER", "field": "TEXT", "procedure_code": "TEXT",
          "clerk": "TEXT", "channel": "INTEGER"}


def _table(name: str, dims: tuple[str, ...]) -> str:
    cols = "".join(f"    {d} {_TYPES[d]} NOT NULL,\n" for d in dims)
    counters = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
    return f"""CREATE TABLE {name} (
{cols}{counters},
    PRIMARY KEY ({', '.join(dims)})
) WITHOUT ROWID"""


def _add(target: str, row: str, sign: str, dims: tuple[str, ...]) -> str:
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


def _kept(wide: str, target: str, dims: tuple[str, ...]) -> list[str]:
    """``target``: the sums of ``wide`` by ``dims``, created, back-filled, then kept by triggers."""
    return [
        _table(target, dims),
        f"INSERT INTO {target} ({', '.join(dims + COUNTERS)}) {grouped_select(wide, dims)}",
        f"CREATE TRIGGER {target}_insert AFTER INSERT ON {wide} BEGIN\n{_add(target, 'NEW', '1', dims)}\nEND",
        f"CREATE TRIGGER {target}_update AFTER UPDATE ON {wide} BEGIN\n"
        f"{_add(target, 'OLD', '-1', dims)}\n{_add(target, 'NEW', '1', dims)}\nEND",
        f"CREATE TRIGGER {target}_delete AFTER DELETE ON {wide} BEGIN\n{_add(target, 'OLD', '-1', dims)}\nEND",
    ]


def statements() -> list[str]:
    out: list[str] = []
    for wide, narrow in TABLES.items():
        out += _kept(wide, narrow, ("period",) + NARROW_DIMS)
    return out + _kept("report_monthly", "report_totals", DIMS)


def apply_m022(db: sqlite_utils.Database) -> None:
    for stmt in statements():
        db.execute(stmt)
