"""Every status transition, allowed and refused, through the core service on real dossiers."""

import itertools

import pytest

from counter_app import dossiers, intake, lifecycle, statuses
from counter_app.errors import UserError
from helpers import sample_intake

ALL = list(statuses.NAMES)


def test_table_is_explicit_and_closed():
    assert set(statuses.TRANSITIONS) == set(ALL)
    for src, targets in statuses.TRANSITIONS.items():
        assert targets <= set(ALL) and src not in targets
    assert statuses.FINAL == {statuses.REFUSED, statuses.WITHDRAWN, statuses.STOPPED, statuses.RETURNED}


@pytest.mark.parametrize("src, dst", list(itertools.product(ALL, ALL)))
def test_check_transition_every_pair(src, dst):
    if dst in statuses.TRANSITIONS[src]:
        statuses.check_transition(src, dst)
    else:
        with pytest.raises(UserError) as exc:
            statuses.check_transition(src, dst)
        assert "Không thể chuyển" in exc.value.message or "trạng thái cuối" in exc.value.message


def test_unknown_codes_refused():
    with pytest.raises(UserError, match="không hợp lệ"):
        statuses.check_transition(2, 11)
    with pytest.raises(UserError, match="không hợp lệ"):
        statuses.check_transition(0, 2)


def _walk(db, actor, path):
    """Take in a dossier and apply the statuses in ``path`` through the service."""
    from datetime import timedelta

    s = intake.save(db, intake.parse_request(sample_intake()), actor)
    at = s.received_at
    for i, target in enumerate(path, start=1):
        lifecycle.change_status(db, s.code, target, actor, action=f"step{i}", at=at + timedelta(hours=i))
    return s.code


@pytest.mark.parametrize("target", sorted(statuses.TRANSITIONS[statuses.RECEIVED]))
def test_each_allowed_transition_from_received_is_recorded(db, admin, target):
    code = _walk(db, admin, [target])
    d = dossiers.get_detail(db, code)
    assert d["status"] == target
    assert [h["status"] for h in d["history"]] == [2, target]
    assert d["history"][-1]["at"].endswith("+07:00")
    kinds = [r[0] for r in db.execute("SELECT kind FROM outbox ORDER BY id")]
    assert kinds == ["dossier", "progress"]


@pytest.mark.parametrize("target", sorted(set(ALL) - statuses.TRANSITIONS[statuses.RECEIVED]))
def test_each_refused_transition_from_received_writes_nothing(db, admin, target):
    code = _walk(db, admin, [])
    before = db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    with pytest.raises(UserError):
        lifecycle.change_status(db, code, target, admin, action="x")
    assert db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == before
    assert dossiers.get_detail(db, code)["status"] == 2


def test_full_path_and_final_state(db, admin):
    code = _walk(db, admin, [4, 5, 4, 9, 10])
    d = dossiers.get_detail(db, code)
    assert [h["status"] for h in d["history"]] == [2, 4, 5, 4, 9, 10]
    assert d["finished_at"] and d["returned_at"]
    with pytest.raises(UserError, match="trạng thái cuối"):
        lifecycle.change_status(db, code, 4, admin, action="x")


def test_step_before_previous_step_refused(db, admin):
    from datetime import timedelta

    s = intake.save(db, intake.parse_request(sample_intake()), admin)
    with pytest.raises(UserError, match="sớm hơn"):
        lifecycle.change_status(db, s.code, 4, admin, action="handover", at=s.received_at - timedelta(minutes=1))
