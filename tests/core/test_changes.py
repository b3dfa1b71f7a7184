"""What a write changed, read back from the audit and outbox rows it added
(counter_app/changes.py): the description the GUI's change hook carries."""

import re
from pathlib import Path

import pytest

from counter_app import changes, intake, lifecycle, settings
from counter_app.changes import DOSSIER, HISTORY, OUTBOX, SETTINGS, Change
from counter_app.errors import UserError
from helpers import sample_intake

ROOT = Path(__file__).resolve().parents[2]
RECORD = re.compile(r"audit\.record\(\s*db\s*,\s*[^,]+?\s*,\s*\"([a-z0-9-]+)\"")


def test_every_audit_action_says_what_it_changes():
    """A new audit action must be listed in changes.ACTION_KINDS (unlisted, it would count as
    "everything changed" and reload every screen)."""
    found = set()
    for room in ("counter_app", "sync", "ui", "cli", "printing"):
        for path in (ROOT / room).rglob("*.py"):
            found.update(RECORD.findall(path.read_text(encoding="utf-8")))
    assert {"intake", "status", "fee-paid", "attach", "day-close", "settings-change"} <= found  # the scan works
    assert sorted(found - set(changes.ACTION_KINDS)) == []


def test_change_merges_and_tests_kinds():
    a = Change.of(DOSSIER, codes=["X-1"])
    b = Change.of(OUTBOX, codes=["X-1", "X-2"])
    assert (a | b) == Change(frozenset({DOSSIER, OUTBOX}), ("X-1", "X-2"))
    assert (a | None) == a and (changes.NOTHING | b) == b
    assert not changes.NOTHING and a
    assert a.touches(SETTINGS, DOSSIER) and not a.touches(SETTINGS)


def test_writes_say_what_they_changed(db, admin):
    before = changes.mark(db)
    code = intake.save(db, intake.parse_request(sample_intake()), admin).code
    c = changes.since(db, before)
    assert c.touches(DOSSIER) and c.touches(OUTBOX) and c.codes == (code,)

    before = changes.mark(db)
    lifecycle.perform(db, code, "handover", admin, {"unit": "Phòng Tư pháp"})
    c = changes.since(db, before)
    assert {DOSSIER, HISTORY, OUTBOX} <= c.kinds and c.codes == (code,)

    before = changes.mark(db)
    settings.update(db, admin, {"backup_keep": 10})
    c = changes.since(db, before)
    assert c.kinds == {SETTINGS} and c.codes == ()

    before = changes.mark(db)
    with pytest.raises(UserError):  # refused: rolled back, nothing changed
        lifecycle.perform(db, code, "supplement", admin, {"reason": ""})
    assert changes.since(db, before) == changes.NOTHING
