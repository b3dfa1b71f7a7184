"""The ledger's paged query (counter_app/ledger_query.py) over a real database of a few hundred
dossiers: the first page is the newest received, pages cut small join up to the full ordered
query with no duplicate and no gap, and a prefix search reads an index in order and stops at
the page (``EXPLAIN QUERY PLAN``)."""

from datetime import date, datetime

import pytest

from counter_app import intake, ledger_query, procedures, statuses, synthetic
from counter_app.dossiers import LedgerFilter
from counter_app.folding import fts_query
from helpers import STATION, sample_intake

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=__import__("counter_app.timeutil", fromlist=["VN_TZ"]).VN_TZ)


def take(db, actor, name, id_number, at):
    data = sample_intake(received_at=at)
    data["applicant"].update(full_name=name, id_number=id_number, phone="", birth_date=None, sex=None)
    return intake.save(db, intake.parse_request(data), actor).code


@pytest.fixture
def ledger(db, admin):
    """360 bulk dossiers (station 4, up to 30/10/2026) and, taken in after them, four that were
    received earlier (backdated: higher ids, older times), two at the very same instant."""
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 360, agency_code=STATION["agency_code"], station=4, end=date(2026, 10, 30))
    late = [take(db, admin, "Nguyễn Văn Bảo", "001099000001", "2026-10-01T08:00:00+07:00"),
            take(db, admin, "Nguyễn Thị Bích", "001099000002", "2026-10-01T08:00:00+07:00"),
            take(db, admin, "Nguyễn Văn Cường", "001099000003", "2026-09-15T10:30:00+07:00"),
            take(db, admin, "Đặng Văn Dũng", "001099000004", "2026-11-19T10:30:00+07:00")]
    return db, late


def full(db, f: LedgerFilter) -> list[tuple]:
    """Every match, newest received first: the reference the pages are compared with."""
    where, args = ["1"], []
    q = fts_query(f.text)
    if q:
        where.append("id IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?)")
        args.append(q)
    if f.statuses:
        where.append(f"status IN ({','.join('?' * len(f.statuses))})")
        args += f.statuses
    if f.worklist:
        w, a = ledger_query.worklist_where(f.worklist, NOW)
        where.append(w)
        args += a
    if f.date_from:
        where.append("received_at >= ?")
        args.append(f.date_from.isoformat())
    sql = (f"SELECT {', '.join(ledger_query.COLUMNS)} FROM dossiers WHERE {' AND '.join(where)} "
           "ORDER BY received_at DESC, id DESC")
    return [tuple(r) for r in db.execute(sql, args)]


def all_pages(db, f: LedgerFilter, size: int) -> list[tuple]:
    out, key, n = [], None, 0
    while True:
        page = ledger_query.page(db, f, key, size, now=NOW)
        assert len(page.rows) <= size
        out += page.rows
        n += 1
        assert n < 1000
        if page.next_key is None:
            return out
        assert len(page.rows) == size and page.next_key == (page.rows[-1][4], page.rows[-1][0])
        key = page.next_key


FILTERS = [
    LedgerFilter(),
    LedgerFilter(text="nguyen"),
    LedgerFilter(text="ng"),
    LedgerFilter(text="nguyen van"),
    LedgerFilter(text="001099"),
    LedgerFilter(text="khong co ai"),
    LedgerFilter(statuses=(statuses.RETURNED,)),
    LedgerFilter(statuses=tuple(sorted(statuses.IN_PROGRESS)), text="ng"),
    LedgerFilter(worklist="overdue"),
    LedgerFilter(worklist="overdue", text="nguyen"),
    LedgerFilter(worklist="ready"),
    LedgerFilter(date_from=date(2026, 10, 1), text="nguyen"),
]


def test_first_page_is_the_newest_received(ledger):
    db, late = ledger
    page = ledger_query.page(db, LedgerFilter(), limit=10, with_count=True, now=NOW)
    expected = full(db, LedgerFilter())
    assert page.rows == expected[:10]
    assert page.rows[0][1] == late[3]  # received 19/11, taken in last of all
    assert [r[4] for r in page.rows] == sorted((r[4] for r in page.rows), reverse=True)
    assert (page.count, page.count_more) == (364, False)
    # A backdated dossier (taken in after the bulk, received on 01/10) sits at its received time,
    # not first.
    codes = [r[1] for r in expected]
    assert codes.index(late[0]) > 10 and codes.index(late[2]) > codes.index(late[0])


@pytest.mark.parametrize("dense", [False, True], ids=["sparse", "dense"])
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[12:70])
def test_pages_join_up_with_no_duplicate_and_no_gap(ledger, monkeypatch, f, dense):
    """Both ways a text is searched: from the ids of its few matches ("sparse"), and reading the
    received order in windows checked against the index ("dense", forced with small caps)."""
    db, _late = ledger
    monkeypatch.setattr(ledger_query, "_sparse_cap", lambda _db, _rows=0: 3 if dense else 10_000)
    if dense:
        monkeypatch.setattr(ledger_query, "FIRST_WINDOW", 7)
        monkeypatch.setattr(ledger_query, "MAX_WINDOW", 40)
    expected = full(db, f)
    for size in (1, 7, 50):
        got = all_pages(db, f, size)
        assert [r[0] for r in got] == [r[0] for r in expected]
        assert got == expected
    assert len({r[0] for r in expected}) == len(expected)


def test_counts_exact_up_to_the_cap_and_more_past_it(ledger, monkeypatch):
    db, _late = ledger
    monkeypatch.setattr(ledger_query, "COUNT_CAP", 100)
    for f in (LedgerFilter(), LedgerFilter(text="nguyen van"), LedgerFilter(text="001099"),
              LedgerFilter(worklist="overdue", text="ng")):
        n = len(full(db, f))
        page = ledger_query.page(db, f, limit=5, with_count=True, now=NOW)
        assert (page.count, page.count_more) == ((100, True) if n > 100 else (n, False)), f
    monkeypatch.setattr(ledger_query, "SPARSE_CAP", 3)  # the dense reading counts as well
    f = LedgerFilter(worklist="overdue", text="nguyen")
    n = len(full(db, f))
    page = ledger_query.page(db, f, limit=5, with_count=True, now=NOW)
    assert (page.count, page.count_more) == ((100, True) if n > 100 else (n, False))


def _plans(db, monkeypatch, f: LedgerFilter) -> list[tuple[str, str]]:
    """(SQL, its EXPLAIN QUERY PLAN) of every statement the first page of ``f`` ran."""
    ran: list[tuple[str, list]] = []
    real = db.execute

    def spy(sql, args=None):
        ran.append((sql, list(args or [])))
        return real(sql, args or [])

    monkeypatch.setattr(db, "execute", spy)
    ledger_query.page(db, f, limit=20, now=NOW)
    monkeypatch.setattr(db, "execute", real)
    out = []
    for sql, args in ran:
        plan = " / ".join(r[3] for r in real("EXPLAIN QUERY PLAN " + sql, args).fetchall())
        out.append((sql, plan))
    return out


@pytest.mark.parametrize("text", ["ng", "nguyen", "nguyen van"])
def test_a_prefix_search_reads_an_index_in_order_and_stops_at_the_page(ledger, monkeypatch, text):
    """Many matches: the dossiers are read newest first from ``dossiers_received`` with a LIMIT,
    never sorted as a whole (no temporary B-tree for the ORDER BY); the search index is asked
    for a capped count and for id ranges only."""
    db, _late = ledger
    monkeypatch.setattr(ledger_query, "SPARSE_CAP", 3)  # what a million dossiers makes of these
    plans = _plans(db, monkeypatch, LedgerFilter(text=text))
    on_dossiers = [(s, p) for s, p in plans if "FROM dossiers" in s and "ORDER BY" in s]
    assert on_dossiers
    for sql, plan in on_dossiers:
        assert "LIMIT" in sql, sql
        assert "dossiers_received" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    fts = [s for s, _p in plans if s.startswith("SELECT rowid FROM dossier_fts")]
    assert fts and all("LIMIT" in s for s in fts)
    ranged = [p for s, p in plans if "dossier_fts MATCH ? AND rowid >= ?" in s]
    assert ranged and all("VIRTUAL TABLE INDEX 0:M" in p for p in ranged)


def test_a_worklist_reads_its_status_index_in_order(ledger, monkeypatch):
    db, _late = ledger
    for f in (LedgerFilter(worklist="overdue"), LedgerFilter(worklist="ready"), LedgerFilter(statuses=(10,))):
        plans = _plans(db, monkeypatch, f)
        assert plans
        for sql, plan in plans:
            assert "LIMIT" in sql and "dossiers_status_received" in plan and "TEMP B-TREE" not in plan, plan


def test_a_lone_character_narrows_nothing(ledger):
    """"0" (every phone and ID number starts with it) would be a one-character prefix query with
    no prefix index: seconds at a million dossiers. One character shows the newest page, as an
    empty box does; the CLI's search finds nothing for it."""
    from counter_app import dossiers

    db, _late = ledger
    newest = ledger_query.page(db, LedgerFilter(), limit=20, now=NOW).rows
    for text in ("0", "n", " 9 ", "đ"):
        assert ledger_query.search_expression(text) is None
        assert ledger_query.page(db, LedgerFilter(text=text), limit=20, now=NOW).rows == newest
        assert dossiers.search(db, text) == []
    assert ledger_query.search_expression("09") == '"09"*'


def test_the_sparse_cap_follows_the_ledger_size_and_the_rows_wanted():
    """Measured at a million realistic dossiers (docs/performance.md, issue 16): the sparse way
    and the ordered way cost the same near 5,000 matches for the ledger's 201 rows and near 2,500
    for the CLI's 51."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE dossiers (id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO dossiers (id) VALUES (1000000)")
    assert ledger_query._sparse_cap(db) == ledger_query._sparse_cap(db, 201) == 5012
    assert ledger_query._sparse_cap(db, 51) == 2524
    db.execute("UPDATE dossiers SET id = 100")
    assert ledger_query._sparse_cap(db, 51) == 200  # a small ledger: the floor
