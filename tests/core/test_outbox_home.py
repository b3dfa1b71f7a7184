"""The outbox has one home: only ``counter_app/outbox.py`` writes the ``outbox`` table, so the
idempotency key is made in one place and every state change has a name."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "counter_app" / "outbox.py"
SKIP_DIRS = {"tests", ".venv", "build", "dist", "__pycache__", "node_modules"}
# Any statement that writes the table (also sqlite-utils' table access, which would bypass it).
WRITES = re.compile(
    r"(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(\s+OR\s+\w+)?|DELETE\s+FROM)\s+outbox\b"
    r"|\[\s*['\"]outbox['\"]\s*\]|\.table\(\s*['\"]outbox['\"]",
    re.IGNORECASE,
)


def _sources():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        yield path


# Benchmarks fill a copied database with a queue of 100k rows in one statement (bench/daily_ops.py),
# as counter_app/synthetic.py fills dossiers: test data, not the app's writes.
BENCH = ROOT / "bench"


def test_only_the_outbox_module_writes_the_outbox_table():
    offenders = []
    for path in _sources():
        if path == HOME or BENCH in path.parents:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITES.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "write the outbox through counter_app/outbox.py:\n" + "\n".join(offenders)


def test_the_outbox_module_is_where_the_writes_are():
    """The check above looks at the right tree: the writes it forbids elsewhere are found here."""
    text = HOME.read_text(encoding="utf-8")
    assert re.search(r"INSERT INTO outbox", text) and re.search(r"UPDATE outbox", text)
    assert sum(1 for _ in _sources()) > 50
    assert text.count("uuid.uuid4()") == 1  # the key is made once


def test_engine_state_changes(db, admin):
    from counter_app import outbox
    from counter_app.db import write_tx

    with write_tx(db):
        a = outbox.enqueue(db, outbox.DOSSIER, None, "1", now="2026-01-01T08:00:00+07:00")
        b = outbox.enqueue(db, outbox.PROGRESS, None, "2")
    keys = {r[0] for r in db.execute("SELECT idem_key FROM outbox WHERE id IN (?, ?)", [a, b])}
    assert len(keys) == 2
    assert db.execute("SELECT created_at FROM outbox WHERE id = ?", [a]).fetchone()[0] == "2026-01-01T08:00:00+07:00"

    def row(i):
        return db.execute("SELECT state, payload, attempts, ack, next_attempt_at, last_error, error_kind "
                          "FROM outbox WHERE id = ?", [i]).fetchone()

    now = "2026-01-01T08:00:01.000+07:00"
    with write_tx(db):
        assert outbox.mark_sending(db, a, '{"x":1}', now)
    assert row(a)[:3] == ("sending", '{"x":1}', 1)
    with write_tx(db):
        outbox.mark_retry(db, a, "2026-01-01T09:00:00.000+07:00", "Mất kết nối", "network", now)
    assert row(a)[0] == "waiting-retry" and row(a)[4:] == ("2026-01-01T09:00:00.000+07:00", "Mất kết nối", "network")
    with write_tx(db):
        assert outbox.mark_sending(db, a, '{"x":1}', now)
        outbox.mark_done(db, a, '{"ok":true}', now)
    assert row(a)[0] == "done" and row(a)[2:] == (2, '{"ok":true}', None, None, None)
    with write_tx(db):
        assert not outbox.mark_sending(db, a, '{"x":1}', now)  # done: never sent again

    outbox.set_aside(db, b, admin)
    with write_tx(db):
        assert not outbox.mark_sending(db, b, "{}", now)  # set aside meanwhile: not sent
    outbox.requeue(db, b, admin)
    with write_tx(db):
        assert outbox.mark_sending(db, b, "{}", now)
        outbox.back_to_pending(db, b, now)
    assert row(b)[:3] == ("pending", "{}", 1)
    with write_tx(db):
        outbox.mark_attention(db, b, "Hệ thống tỉnh từ chối dữ liệu (422).", "rejected", now)
    assert row(b)[0] == "needs-attention" and row(b)[5:] == ("Hệ thống tỉnh từ chối dữ liệu (422).", "rejected")
