"""Receiving a supplement adds the papers brought as components of the dossier (same shape and
limits as intake), in the step's transaction: audited, and the record queued for the province."""

import json
from datetime import datetime

import pytest

from counter_app import dossiers, intake, lifecycle, statuses, timeutil
from counter_app.errors import UserError, ValidationFailed
from counter_app.timeutil import VN_TZ
from helpers import sample_intake

PAPER = {"name": "Bản sao trích lục ghi chú ly hôn", "originals": 0, "copies": 2, "certified_copies": 1, "pages": 3}


def at(*a):
    return timeutil.iso(datetime(*a, tzinfo=VN_TZ))


@pytest.fixture
def code(db, admin):
    code = intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T09:00:00+07:00")), admin).code
    lifecycle.perform(db, code, "supplement", admin, {
        "missing_items": [{"name": PAPER["name"], "certified_copies": 1}], "reason": "Thiếu giấy tờ",
        "at": at(2026, 11, 16, 10)})
    return code


def snapshot(db, code):
    did = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
    return (
        [tuple(r) for r in db.execute("SELECT position, name, originals, copies, certified_copies, pages FROM components "
                   "WHERE dossier_id = ? ORDER BY position", [did]).fetchall()],
        [tuple(r) for r in db.execute("SELECT kind, ref FROM outbox WHERE dossier_id = ? ORDER BY id", [did]).fetchall()],
        db.execute("SELECT COUNT(*) FROM audit").fetchone()[0],
        db.execute("SELECT status FROM dossiers WHERE id = ?", [did]).fetchone()[0],
    )


def test_received_papers_become_components_with_their_counts(db, admin, code):
    before, outbox_before, _audits, _status = snapshot(db, code)
    lifecycle.perform(db, code, "supplement-received", admin, {
        "at": at(2026, 11, 18, 10), "components": [PAPER, {"name": "  Tờ khai   bổ sung ", "originals": 1}]})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.RECEIVED
    comps = d["components"]
    assert len(comps) == len(before) + 2
    added = comps[-2:]
    assert [(c["position"], c["name"], c["originals"], c["copies"], c["certified_copies"], c["pages"]) for c in added] == [
        (len(before) + 1, PAPER["name"], 0, 2, 1, 3), (len(before) + 2, "Tờ khai bổ sung", 1, 0, 0, 0)]
    # the step remembers what came in
    assert [c["name"] for c in d["history"][-1]["data"]["components"]] == [PAPER["name"], "Tờ khai bổ sung"]
    # the record goes to the province again (with the new components), after the step's progress row
    _c, rows, _a, _s = snapshot(db, code)
    new_rows = rows[len(outbox_before):]
    assert ("dossier", "update") in new_rows and any(k == "progress" for k, _r in new_rows)
    audit = db.execute("SELECT actor, object, details FROM audit WHERE action = 'supplement-components'").fetchall()
    assert len(audit) == 1 and audit[0][1] == code
    details = json.loads(audit[0][2])
    assert details["positions"] == [len(before) + 1, len(before) + 2] and details["names"][0] == PAPER["name"]


def test_a_note_only_supplement_adds_nothing(db, admin, code):
    before = snapshot(db, code)
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at(2026, 11, 18, 10), "components": []})
    after = snapshot(db, code)
    assert after[0] == before[0] and ("dossier", "update") not in after[1]
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'supplement-components'").fetchone()[0] == 0


@pytest.mark.parametrize("components, key", [
    ([{"name": "", "originals": 1}], "components[1].name"),
    ([{"name": "Giấy tờ", "originals": 0, "copies": 0, "certified_copies": 0}], "components[1]"),
    ([{"name": "Giấy tờ", "originals": 1000}], "components[1].originals"),
    ([{"name": "Giấy tờ", "originals": -1}], "components[1].originals"),
    ([{"name": "Giấy tờ", "pages": "ba"}], "components[1].pages"),
    ([{"name": "x" * 301, "originals": 1}], "components[1].name"),
    ([{"name": "Giấy tờ", "originals": 1, "colour": "đỏ"}], "components[1]"),
    ("Giấy tờ", "components"),
    ([{"name": "Giấy tờ", "originals": 1}] * 51, "components"),
])
def test_bad_papers_are_refused_and_nothing_is_written(db, admin, code, components, key):
    before = snapshot(db, code)
    with pytest.raises(ValidationFailed) as e:
        lifecycle.perform(db, code, "supplement-received", admin, {"at": at(2026, 11, 18, 10), "components": components})
    assert key in e.value.errors and all(isinstance(m, str) and m for m in e.value.errors.values())
    assert snapshot(db, code) == before


def test_too_many_components_in_all_is_refused_whole(db, admin, code):
    before = snapshot(db, code)
    papers = [{"name": f"Giấy tờ số {i}", "originals": 1} for i in range(50 - len(before[0]) + 1)]
    with pytest.raises(UserError, match="vượt giới hạn 50"):
        lifecycle.perform(db, code, "supplement-received", admin, {"at": at(2026, 11, 18, 10), "components": papers})
    assert snapshot(db, code) == before  # not even the status step
