"""A file's outbox rows are looked up by sha256 through an index (m023_syncp), sent or not: the
sync engine's daily proofs (``outbox.unproven_files``), marking a file proven and scan
retention's "proven" test. Before, each lookup read every sent row through ``outbox_state``:
at a million dossiers (4.5 M sent rows) the first pass of a day spent 30 s of one core there
(docs/performance.md, "The first sync of the day")."""

import hashlib

import pytest

from counter_app import outbox
from counter_app.db import write_tx
from counter_app.scanning import retention

AT = "2026-11-20T08:00:00+07:00"


def sha(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


@pytest.fixture
def sent(db):
    """40 confirmed files, each with its sent ``file`` row, among 400 sent record/progress rows;
    files 0-9 proven by the province; file 39 has an unsent row too."""
    with write_tx(db):
        for i in range(40):
            db.execute("INSERT INTO files (sha256, size, mime, ext, pages, stored_at, remote_url, remote_confirmed_at) "
                       "VALUES (?, 100, 'application/pdf', 'pdf', 1, ?, ?, ?)",
                       [sha(i), AT, f"https://province.example/files/{sha(i)}", f"2026-11-20T08:{i:02d}:00+07:00"])
            rid = outbox.enqueue(db, outbox.FILE, None, sha(i), now=AT)
            outbox.mark_done(db, rid, '{"ok":true}', AT)
        for i in range(400):
            rid = outbox.enqueue(db, outbox.PROGRESS, None, str(i), now=AT)
            outbox.mark_done(db, rid, '{"ok":true}', AT)
        for i in range(10):
            outbox.mark_file_proven(db, sha(i), AT)
        outbox.enqueue(db, outbox.FILE, None, sha(39), now=AT)
    return db


def plan(db, sql: str, args=()) -> str:
    args = args if isinstance(args, dict) else list(args)
    return " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall())


def test_unproven_files_in_confirmation_order(sent):
    got = [s for s, _size, _url in outbox.unproven_files(sent, limit=100)]
    assert got == [sha(i) for i in range(10, 40)]
    assert [s for s, *_ in outbox.unproven_files(sent, limit=3)] == [sha(10), sha(11), sha(12)]
    assert outbox.is_file_proven(sent, sha(0)) and not outbox.is_file_proven(sent, sha(10))
    # the daily proofs go on after the last file asked (sync/proofs.py)
    assert [s for s, *_ in outbox.unproven_files(sent, limit=3, after=sha(11))] == [sha(12), sha(13), sha(14)]
    assert outbox.unproven_files(sent, after=sha(39)) == []


@pytest.mark.parametrize("analyzed", [False, True])
def test_a_files_rows_are_an_index_lookup_not_a_scan_of_the_sent_rows(sent, analyzed):
    db = sent
    if analyzed:  # the bulk-filled benchmark databases are ANALYZEd; the planner must still choose it
        db.execute("ANALYZE")
    proven = f"SELECT {outbox.proven_file_sql('?')}"
    for sql in (proven,
                "UPDATE outbox SET ack = '{}' WHERE kind = 'file' AND ref = ? AND state = 'done'",
                "SELECT 1 FROM outbox o WHERE o.kind = 'file' AND o.ref = ? AND o.state = 'done'"):
        p = plan(db, sql, [sha(1)])
        assert "outbox_file_ref" in p and "outbox_state" not in p, p
    with_files = plan(db, "SELECT f.sha256 FROM files f WHERE f.purged_at IS NULL AND f.remote_url IS NOT NULL "
                          "AND f.remote_confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM outbox o WHERE "
                          "o.kind = 'file' AND o.ref = f.sha256 AND o.state = 'done') AND NOT "
                          f"{outbox.proven_file_sql('f.sha256')} ORDER BY f.remote_confirmed_at LIMIT 50")
    assert "outbox_state" not in with_files and "outbox_file_ref" in with_files, with_files
    eligible = plan(db, f"SELECT f.sha256 FROM files f WHERE {retention._ELIGIBLE}", {"cutoff": AT})
    assert "outbox_state" not in eligible, eligible


def test_marking_a_file_proven_touches_its_sent_rows_only(sent):
    with write_tx(sent):
        outbox.mark_file_proven(sent, sha(39), AT)
    rows = sent.execute("SELECT state, ack FROM outbox WHERE kind = 'file' AND ref = ? ORDER BY id", [sha(39)]).fetchall()
    assert [r[0] for r in rows] == ["done", "pending"]
    assert '"proven":true' in rows[0][1] and rows[1][1] is None
    assert outbox.is_file_proven(sent, sha(39))
