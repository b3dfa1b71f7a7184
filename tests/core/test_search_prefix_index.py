"""Migrations m015 (the search index gets prefix indexes of 5 and 6 characters) and m016 (the
received time by id): a database made before them searches the same afterwards, keeps the
dossiers it held searchable and indexes new ones; the ledger's newest page of a few text matches
reads the received times from the small index."""

from datetime import date

from counter_app import accounts, intake, ledger_query, migrations, procedures, setup, synthetic
from counter_app.db import connect
from counter_app.dossiers import LedgerFilter
from counter_app.search_index import matching_ids
from helpers import STATION, sample_intake

TEXTS = ["nguye", "nguyen", "nguyen van", "dang th", "tran", "0010", "00109", "001099", "0010990"]


def _take(db, actor, name, id_number, at):
    data = sample_intake(received_at=at)
    data["applicant"].update(full_name=name, id_number=id_number, phone="", birth_date=None, sex=None)
    return intake.save(db, intake.parse_request(data), actor).code


def _fts_sql(db) -> str:
    return db.execute("SELECT sql FROM sqlite_master WHERE name = 'dossier_fts'").fetchone()[0]


def test_m015_m016_keep_what_was_searchable_and_index_what_comes(tmp_path):
    db = connect(tmp_path / "counter.sqlite3")
    try:
        migrations.migrations.apply(db, stop_before="m015_search_prefix_index")
        setup.initialize(db, dict(STATION))
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
        synthetic.bulk_fill(db, procs, 300, agency_code=STATION["agency_code"], station=4, end=date(2026, 10, 30))
        _take(db, admin, "Nguyễn Văn Bảo", "001099000001", "2026-11-01T08:00:00+07:00")
        assert "prefix = '2 3 4'" in _fts_sql(db)
        before = {t: sorted(matching_ids(db, t, None) or []) for t in TEXTS}
        assert all(before[t] for t in ("nguye", "nguyen", "0010990")), before

        migrations.migrations.apply(db)

        assert f"prefix = '{migrations.SEARCH_PREFIXES}'" in _fts_sql(db)
        assert migrations.SEARCH_PREFIXES == "2 3 4 5 6"
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name LIKE 'dossier_fts_m011%'").fetchall()
        assert {t: sorted(matching_ids(db, t, None) or []) for t in TEXTS} == before
        assert db.execute("INSERT INTO dossier_fts (dossier_fts) VALUES ('integrity-check')") is not None
        code = _take(db, admin, "Nguyễn Văn Bảy", "001099000002", "2026-11-02T08:00:00+07:00")
        new_id = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
        assert new_id in matching_ids(db, "nguye", None)
        assert new_id in matching_ids(db, "0010990", None)
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "dossiers_id_received" in indexes
    finally:
        db.close()


def test_few_matches_cut_the_newest_page_from_the_id_index(db, admin, monkeypatch):
    """A text with a few matches: the page is their newest received (a backdated dossier taken
    in last comes in its received place), and the keys come from ``dossiers_id_received``."""
    procs = [(sp.id, sp.procedure) for sp in procedures.active_procedures(db)]
    synthetic.bulk_fill(db, procs, 200, agency_code=STATION["agency_code"], station=4, end=date(2026, 10, 30))
    _take(db, admin, "Nguyễn Văn Bảo", "001099000001", "2026-10-01T08:00:00+07:00")  # backdated
    _take(db, admin, "Nguyễn Văn Bảo", "001099000002", "2026-10-31T08:00:00+07:00")
    f = LedgerFilter(text="nguyen")
    every = [tuple(r) for r in db.execute(
        f"SELECT {', '.join(ledger_query.COLUMNS)} FROM dossiers WHERE id IN "
        "(SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?) ORDER BY received_at DESC, id DESC",
        [ledger_query.search_expression("nguyen")])]
    assert len(every) > 12
    ran: list[str] = []
    real = db.execute

    def spy(sql, args=None):
        ran.append(sql)
        return real(sql, args or [])

    monkeypatch.setattr(db, "execute", spy)
    got, key = [], None
    while True:
        p = ledger_query.page(db, f, key, limit=5)
        got += p.rows
        key = p.next_key
        if key is None:
            break
    monkeypatch.setattr(db, "execute", real)
    assert got == every
    keyed = [s for s in ran if "INDEXED BY dossiers_id_received" in s]
    assert keyed
    plan = " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + keyed[0], ["[1, 2, 3]", 6]).fetchall())
    assert "COVERING INDEX dossiers_id_received" in plan, plan
