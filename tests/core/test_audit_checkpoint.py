"""``audit verify`` checks the entries added since the last verified one (a checkpoint kept in
the database: id + hash) and ``--full`` the whole chain: tampering before the checkpoint is
found by ``--full``, after it by the daily (incremental) check; a chain rewritten through the
checkpoint is found by both."""

import pytest

from cli.main import main as cli_main
from counter_app import audit, intake
from counter_app.db import write_tx
from helpers import sample_intake


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def verify(data_dir, capsys, *extra):
    rc = cli_main(["--data-dir", str(data_dir), "audit", "verify", *extra])
    return rc, capsys.readouterr().out


def take(db, admin, hour: str) -> None:
    intake.save(db, intake.parse_request(sample_intake(received_at=f"2026-11-20T{hour}:00:00+07:00")), admin)


def last(db) -> tuple[int, str]:
    return tuple(db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone())


@pytest.fixture
def checked(data_dir, db, admin, capsys):
    """Three dossiers taken in, then verified: the checkpoint is the last entry."""
    for h in ("08", "09", "10"):
        take(db, admin, h)
    assert audit.checkpoint(db) is None
    rc, out = verify(data_dir, capsys)
    assert rc == 0 and "kiểm tra toàn bộ" in out, out
    cp = audit.checkpoint(db)
    assert (cp["id"], cp["hash"]) == last(db)
    return db


def tamper(db, entry_id: int) -> None:
    with write_tx(db):
        db.execute("UPDATE audit SET details = '{\"procedure\":\"9.999999\"}' WHERE id = ?", [entry_id])


def test_the_daily_check_reads_only_the_new_entries_and_moves_the_checkpoint(data_dir, checked, admin, capsys):
    db = checked
    before = audit.checkpoint(db)
    take(db, admin, "11")
    new = db.execute("SELECT count(*) FROM audit WHERE id > ?", [before["id"]]).fetchone()[0]
    assert new > 0
    v = audit.verify_chain(db)
    assert (v.broken, v.checked, v.since["id"], v.problem) == (None, new, before["id"], None)
    rc, out = verify(data_dir, capsys)
    assert rc == 0 and f"đã kiểm tra {new} mục mới sau mục #{before['id']}" in out, out
    assert (audit.checkpoint(db)["id"], audit.checkpoint(db)["hash"]) == last(db)
    rc, out = verify(data_dir, capsys)  # nothing new: nothing hashed, still intact
    assert rc == 0 and "đã kiểm tra 0 mục mới" in out, out


def test_tampering_before_the_checkpoint_is_found_by_full(data_dir, checked, admin, capsys):
    db = checked
    target = db.execute("SELECT id FROM audit WHERE action = 'intake' ORDER BY id LIMIT 1").fetchone()[0]
    assert target < audit.checkpoint(db)["id"]
    tamper(db, target)
    take(db, admin, "11")
    rc, out = verify(data_dir, capsys)  # the daily check does not read back before its checkpoint
    assert rc == 0, out
    rc, out = verify(data_dir, capsys, "--full")
    assert rc == 1 and f"mục đầu tiên sai là #{target}" in out, out
    assert audit.verify_chain(db, full=True).broken == target


def test_tampering_after_the_checkpoint_is_found_by_the_daily_check(data_dir, checked, admin, capsys):
    db = checked
    cp = audit.checkpoint(db)
    take(db, admin, "11")
    take(db, admin, "12")
    target = db.execute("SELECT id FROM audit WHERE action = 'intake' AND id > ? ORDER BY id DESC LIMIT 1",
                        [cp["id"]]).fetchone()[0]
    tamper(db, target)
    rc, out = verify(data_dir, capsys)
    assert rc == 1 and f"mục đầu tiên sai là #{target}" in out, out
    assert audit.checkpoint(db) == cp  # a failed check does not move the checkpoint


def test_a_chain_rewritten_through_the_checkpoint_is_found_by_the_daily_check(data_dir, checked, capsys):
    db = checked
    target = db.execute("SELECT id FROM audit WHERE action = 'intake' ORDER BY id LIMIT 1").fetchone()[0]
    tamper(db, target)
    prev = audit.GENESIS
    rows = db.execute("SELECT id, at, actor, action, object, details FROM audit ORDER BY id").fetchall()
    with write_tx(db):
        for rid, at, actor, action, obj, details in rows:
            h = audit._digest(prev, at, actor, action, obj, details)
            db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [prev, h, rid])
            prev = h
    v = audit.verify_chain(db)
    assert v.broken is None and v.since is None and "viết lại" in v.problem  # whole chain checked instead
    rc, out = verify(data_dir, capsys)
    assert rc == 1 and f"mục #{audit.checkpoint(db)['id']} không còn khớp" in out, out


def test_the_fast_digest_is_the_recorded_one():
    values = ["0" * 64, "2026-11-20T08:00:00+07:00", "clerk:lan", "intake", "000.00.06.H56-261120-0001",
              '{"note":"Đặng \\"Thị\\" \u0001 tab\t ☺ \U0001f600 \\\\ /","n":1}']
    assert audit._digest_fast(*values) == audit._digest(*values)


def test_day_close_anchors_and_last_logins_are_read_by_action(db):
    """m017: the day-close anchors ``audit verify`` reads and the login screen's last logins come
    from the ``audit_action`` index, not a scan of every entry."""
    for sql in ("SELECT at, object, details FROM audit WHERE action = 'day-close' ORDER BY id",
                "SELECT MAX(id) FROM audit WHERE action = 'day-close'"):
        plan = " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "INDEX audit_action" in plan, plan
