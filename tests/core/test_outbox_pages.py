"""The sync queue read a page at a time (issue 16): ``outbox.list_entries`` gives the unfinished
rows oldest first, then the sent ones newest first, cut by a key with no row repeated or
skipped; each page is an index read that stops at the page (``EXPLAIN QUERY PLAN``)."""

import pytest

from counter_app import outbox
from counter_app.db import write_tx


@pytest.fixture
def queue(db):
    """60 rows: every third sent, one needing attention."""
    with write_tx(db):
        ids = [outbox.enqueue(db, "dossier", None, None, now=f"2026-11-20T08:{i:02d}:00+07:00") for i in range(60)]
        db.execute(f"UPDATE outbox SET state = 'done' WHERE id IN ({','.join(str(i) for i in ids[::3])})")
        db.execute("UPDATE outbox SET state = 'needs-attention' WHERE id = ?", [ids[1]])
    return db, ids


def pages(db, include_done, size):
    out, after = [], None
    while True:
        page = outbox.list_entries(db, include_done=include_done, limit=size, after=after)
        out += page
        if len(page) < size:
            return out
        after = outbox.entry_key(page[-1])


def test_pages_join_up_unfinished_oldest_first_then_sent_newest_first(queue):
    db, ids = queue
    sent = ids[::3]
    unfinished = [i for i in ids if i not in sent]
    for size in (1, 7, 40, 100):
        assert [r["id"] for r in pages(db, False, size)] == unfinished
        assert [r["id"] for r in pages(db, True, size)] == unfinished + sent[::-1]
    row = outbox.list_entries(db, limit=2)[0]
    assert (row["id"], row["state"]) == (ids[1], "needs-attention")


def test_a_page_is_an_ordered_index_read_with_a_limit(queue, monkeypatch):
    db, _ids = queue
    ran = []
    real = db.execute

    def spy(sql, args=None):
        ran.append((sql, list(args or [])))
        return real(sql, args or [])

    monkeypatch.setattr(db, "execute", spy)
    outbox.list_entries(db, include_done=True, limit=50)
    outbox.list_entries(db, include_done=True, limit=5, after=(1, 30))
    monkeypatch.setattr(db, "execute", real)
    assert len(ran) == 3
    for sql, args in ran:
        plan = " / ".join(r[3] for r in real("EXPLAIN QUERY PLAN " + sql, args).fetchall())
        assert "LIMIT" in sql and "TEMP B-TREE" not in plan, plan
    first = " / ".join(r[3] for r in real("EXPLAIN QUERY PLAN " + ran[0][0], ran[0][1]).fetchall())
    assert "outbox_unfinished" in first, first
