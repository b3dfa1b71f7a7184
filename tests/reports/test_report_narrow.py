"""The narrow report tables (m022) and the month/day split of a period (issue 16: Biểu 06 and the
dashboard at a million realistic dossiers).

The reference below is the plain reading the reports did before: the wide daily table summed
over every day of the period, and its prefix up to the end of a day. Each report path (narrow or
wide tables, whole months or days) must give exactly those numbers."""

from datetime import date, datetime, timedelta

import pytest

from counter_app import accounts, procedures, synthetic
from counter_app.db import open_data_dir, write_tx
from counter_app.reports import bieu06, dashboard, tally
from counter_app.reports.schema import COUNTERS
from counter_app.reports.tally import TallyFilter, _spans
from counter_app.timeutil import VN_TZ
from helpers import STATION

END = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=VN_TZ)


def test_spans_read_whole_months_from_the_monthly_table():
    d = date.fromisoformat
    assert _spans(d("2024-12-15"), d("2025-12-14")) == [
        ("day", "2024-12-15", "2024-12-31"), ("month", "2025-01", "2025-11"), ("day", "2025-12-01", "2025-12-14")]
    assert _spans(d("2026-07-01"), d("2026-09-30")) == [("month", "2026-07", "2026-09")]
    assert _spans(d("2026-02-01"), d("2026-02-28")) == [("month", "2026-02", "2026-02")]
    assert _spans(d("2024-02-01"), d("2024-02-28")) == [("day", "2024-02-01", "2024-02-28")]  # leap year
    assert _spans(d("2026-11-03"), d("2026-11-20")) == [("day", "2026-11-03", "2026-11-20")]
    assert _spans(d("2026-10-31"), d("2026-11-01")) == [("day", "2026-10-31", "2026-10-31"),
                                                       ("day", "2026-11-01", "2026-11-01")]
    assert _spans(d("2026-11-01"), d("2026-11-20")) == [("day", "2026-11-01", "2026-11-20")]
    # every day of the period in exactly one span
    first, last = d("2023-03-17"), d("2026-11-20")
    covered = []
    for kind, lo, hi in _spans(first, last):
        if kind == "day":
            x = d(lo)
            while x <= d(hi):
                covered.append(x)
                x += timedelta(days=1)
        else:
            x = d(lo + "-01")
            while x.strftime("%Y-%m") <= hi:
                covered.append(x)
                x += timedelta(days=1)
    assert covered == [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """3,000 realistic dossiers (several clerks, the three channels, the year's status mix) on
    working days back from 20/11/2026: about ten months."""
    db = open_data_dir(tmp_path_factory.mktemp("narrow"), create=True)
    from counter_app import setup

    setup.initialize(db, dict(STATION))
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 3000, agency_code=STATION["agency_code"], station=1, per_day=15, end=END,
                        realistic=True)
    sup = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    yield db, sup
    db.close()


def _reference_sums(db, first: date, last: date, group_col: str, where: str = "", args=()) -> dict:
    sums = ", ".join(f"SUM({c})" for c in COUNTERS)
    rows = db.execute(f"SELECT {group_col}, {sums} FROM report_daily WHERE period BETWEEN ? AND ?{where} GROUP BY 1",
                      [first.isoformat(), last.isoformat(), *args]).fetchall()
    return {r[0]: dict(zip(COUNTERS, r[1:])) for r in rows}


PERIODS = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 12, 15), date(2026, 12, 14)),
           (date(2026, 6, 15), date(2026, 9, 14)), (date(2026, 7, 1), date(2026, 9, 30)),
           (date(2026, 11, 3), date(2026, 11, 20)), (date(2026, 2, 27), date(2026, 3, 2))]


@pytest.mark.parametrize("group", ["field", "channel", "station", "procedure", "clerk", "day"])
def test_period_sums_and_balances_equal_the_wide_daily_table(mixed, group):
    db, _sup = mixed
    col = {"procedure": "procedure_code", "day": "period"}.get(group, group)
    for first, last in PERIODS:
        last = min(last, END)
        got = tally.period_events(db, TallyFilter(first, last, group), first, last)
        want = _reference_sums(db, first, last, col)
        assert set(got) == set(want), (group, first, last)
        for k in want:
            assert {c: got[k][c] for c in got[k]} == {c: want[k][c] for c in got[k]}, (group, first, last, k)
        # balances at the end of the period: the whole prefix of the wide daily table
        bal = tally.balances(db, TallyFilter(first, last, group), last, None)
        ref = db.execute(
            f"SELECT {'' if group == 'day' else col + ', '}SUM(received - early - on_time - late - withdrawn), "
            f"SUM(overdue_from - overdue_closed) FROM report_daily WHERE period <= ?"
            + ("" if group == "day" else " GROUP BY 1"), [last.isoformat()]).fetchall()
        want_bal = {("" if group == "day" else r[0]): (r[-2], r[-1]) for r in ref}
        assert {k: v for k, v in bal.items() if v != (0, 0)} == {k: v for k, v in want_bal.items() if v != (0, 0)}


def test_filters_by_procedure_or_clerk_read_the_wide_tables(mixed):
    db, _sup = mixed
    clerk = db.execute("SELECT clerk FROM report_monthly GROUP BY clerk ORDER BY COUNT(*) DESC").fetchone()[0]
    proc = db.execute("SELECT procedure_code FROM report_monthly GROUP BY 1 ORDER BY COUNT(*) DESC").fetchone()[0]
    first, last = date(2025, 12, 15), END
    got = tally.period_events(db, TallyFilter(first, last, "field", clerk=clerk), first, last)
    want = _reference_sums(db, first, last, "field", " AND clerk = ?", [clerk])
    assert {k: v["received"] for k, v in got.items()} == {k: v["received"] for k, v in want.items()}
    got = tally.period_events(db, TallyFilter(first, last, "channel", procedure_code=proc), first, last)
    want = _reference_sums(db, first, last, "channel", " AND procedure_code = ?", [proc])
    assert {k: v["late"] for k, v in got.items()} == {k: v["late"] for k, v in want.items()}


def _tables_read(db, fn) -> str:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        fn()
    finally:
        db.conn.set_trace_callback(None)
    return "\n".join(seen)


def test_bieu06_and_the_dashboard_read_the_narrow_tables(mixed):
    db, sup = mixed
    sql = _tables_read(db, lambda: bieu06.compute_bieu06(db, sup, date(2025, 12, 15), date(2026, 12, 14), now=NOW))
    assert "report_field_monthly" in sql and "report_field_daily" in sql
    assert "FROM report_daily" not in sql and "FROM report_monthly" not in sql
    sql = _tables_read(db, lambda: dashboard.compute(db, sup, now=NOW))
    assert "report_field_daily" in sql  # the month by day and by channel
    # a tally by procedure must keep the procedure: the wide tables
    sql = _tables_read(db, lambda: tally.compute_tally(db, sup, TallyFilter(END, END, "procedure"), now=NOW))
    assert "FROM report_monthly" in sql and "report_field_" not in sql


def test_bieu06_identities_hold_over_the_split_periods(mixed):
    db, sup = mixed
    for first, last in PERIODS:
        b = bieu06.compute_bieu06(db, sup, first, last, now=NOW)
        assert b.problems == [], (first, last, b.problems)
        assert b.total.values[3] > 0
        # (4) + (5): the dossiers received in the period, by the wide daily table
        want = db.execute("SELECT COALESCE(SUM(received), 0) FROM report_daily WHERE period BETWEEN ? AND ?",
                          [first.isoformat(), min(last, END).isoformat()]).fetchone()[0]
        assert b.total.values[4] + b.total.values[5] == want


def test_the_narrow_tables_follow_every_write_and_a_difference_is_reported(mixed, tmp_path):
    db, _sup = mixed
    assert tally.verify_aggregates(db) == []
    with write_tx(db):
        tally.rebuild_aggregates(db)  # a recount deletes and re-inserts every wide row: the triggers follow
    assert tally.verify_aggregates(db) == []
    row = db.execute("SELECT period, src, station, field, channel FROM report_field_daily LIMIT 1").fetchone()
    with write_tx(db):
        db.execute("UPDATE report_field_daily SET received = received + 1 WHERE period = ? AND src = ? AND station = ? "
                   "AND field = ? AND channel = ?", list(row))
        db.execute("UPDATE report_totals SET late = late + 2 WHERE (src, station, field, procedure_code, clerk, channel) "
                   "IN (SELECT src, station, field, procedure_code, clerk, channel FROM report_totals LIMIT 1)")
    problems = tally.verify_aggregates(db)
    assert len(problems) == 2 and problems[0].startswith("report_totals") and problems[1].startswith("report_field_daily")
    with write_tx(db):
        tally.rebuild_aggregates(db)
        db.execute("DELETE FROM report_field_daily")
        db.execute("DELETE FROM report_totals")
        db.execute("DELETE FROM report_field_monthly")
        from counter_app.reports import narrow_schema
        for wide, narrow in narrow_schema.TABLES.items():
            db.execute(f"INSERT INTO {narrow} {narrow_schema.grouped_select(wide)}")
        db.execute(f"INSERT INTO report_totals {narrow_schema.grouped_select('report_monthly', narrow_schema.DIMS)}")
    assert tally.verify_aggregates(db) == []
