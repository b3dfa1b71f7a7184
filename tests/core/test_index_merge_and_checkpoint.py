"""A save never merges the search index's segments (m023_syncp: FTS5 automerge 0); the writers
merge between transactions (``search_index.merge_step``). The WAL is checkpointed when its
frames not yet in the database reach the limit, read from the WAL-index header: not after every
save because the WAL *file* keeps its size (docs/performance.md, "Save p99 at a million")."""

from datetime import datetime, timedelta

from helpers import sample_intake
from counter_app import db as dbmod
from counter_app import intake, paths, search_index


def fts_page_writes(db, fn) -> int:
    """FTS5 segment writes (``dossier_fts_data``/``_idx``) while ``fn()`` runs."""
    seen = []
    db.conn.set_trace_callback(lambda sql: seen.append(sql))
    try:
        fn()
    finally:
        db.conn.set_trace_callback(None)
    return sum(1 for s in seen if s.startswith("--") and ("dossier_fts_data" in s or "dossier_fts_idx" in s))


def saves(db, admin, n, between=None):
    """Writes per save of ``n`` saves (a minute apart on 20/11/2026), ``between()`` after each."""
    start = datetime(2026, 11, 20, 8, 0)
    out = []
    for k in range(n):
        req = intake.parse_request(sample_intake(received_at=(start + timedelta(minutes=k)).isoformat() + "+07:00"))
        out.append(fts_page_writes(db, lambda: intake.save(db, req, admin)))
        if between:
            between()
    return out


def test_the_index_is_set_not_to_merge_inside_a_transaction(db):
    assert dict(db.execute("SELECT k, v FROM dossier_fts_config").fetchall())["automerge"] == 0


def test_saves_write_their_own_segment_only_and_the_merge_step_merges_between(db, admin):
    steps = []
    writes = saves(db, admin, 40, between=lambda: steps.append(search_index.merge_step(db)))
    assert max(writes) <= 6, writes  # a new segment's few pages, never a merge
    assert any(steps), "level 0 reached 4 segments: a merge step merged them"
    assert not search_index.merge_step(db)  # nothing left: a no-op, nothing written
    hits = [dict(r) for r in db.execute("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH 'nguyen*'")]
    assert len(hits) == 40  # every dossier still found after the merges


def test_with_automerge_as_before_some_save_merges(db, admin):
    """The A/B the test above stands on: FTS5's default (automerge 4) merges inside saves."""
    db.execute("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('automerge', 4)")
    writes = saves(db, admin, 40)
    assert max(writes) > 6, writes


def test_checkpoint_when_the_frames_not_yet_checkpointed_reach_the_limit(db, admin, data_dir):
    path = paths.db_path(data_dir)
    dbmod.defer_checkpoints(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert dbmod.wal_pending_bytes(path) == 0
    page = db.execute("PRAGMA page_size").fetchone()[0]
    saves(db, admin, 3)
    pending = dbmod.wal_pending_bytes(path)
    assert pending and pending % (page + 24) == 0  # whole frames
    assert not dbmod.checkpoint_if_large(db, path, limit=pending + 1)
    assert dbmod.checkpoint_if_large(db, path, limit=pending)
    assert dbmod.wal_pending_bytes(path) == 0
    wal_size = (path.parent / (path.name + "-wal")).stat().st_size
    saves(db, admin, 1)
    # the WAL file kept its size (the save wrote from its start again): by size alone a
    # checkpoint would run after every save; by frames, not before the limit
    assert (path.parent / (path.name + "-wal")).stat().st_size == wal_size
    assert 0 < dbmod.wal_pending_bytes(path) < pending
    assert not dbmod.checkpoint_if_large(db, path, limit=pending)


def test_the_merge_step_never_waits_for_another_writer(db, admin, data_dir):
    import time

    from counter_app.db import connect

    saves(db, admin, 4)  # level 0 holds 4 segments: there is work to do
    other = connect(paths.db_path(data_dir))
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        other.execute("BEGIN IMMEDIATE")  # the sync engine (or a CLI command) is writing
        t = time.monotonic()
        assert search_index.merge_step(db) is False
        assert time.monotonic() - t < 1.0 < timeout / 1000
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == timeout
        other.execute("ROLLBACK")
        assert search_index.merge_step(db) is True  # the next call does it
    finally:
        other.close()
