"""The lawful extension of certified copies (2.000815: up to 2 working days, or to a date agreed
in writing; issue 17 item 4): recorded with its reason and date, audited, the appointment moved,
refused for procedures that do not allow it (counter_app/extension.py)."""

import json

import pytest

from counter_app import changes, dossiers, extension, intake, lifecycle
from counter_app.catalogue import load_seed_catalogue
from counter_app.db import write_tx
from counter_app.errors import UserError, ValidationFailed
from helpers import sample_intake


def copies_intake(**over):
    p = load_seed_catalogue().find("2.000815")
    comps = [{"name": c.name, "originals": 1, "certified_copies": 10, "pages": 40} for c in p.required_components]
    return sample_intake(procedure_code="2.000815", components=comps, received_at="2026-11-16T09:00:00+07:00", **over)


@pytest.fixture
def code(db, admin):
    return intake.save(db, intake.parse_request(copies_intake()), admin).code


def _clerk(db):
    from counter_app import accounts

    with write_tx(db):
        accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    return accounts.authenticate(db, "canbo", "matkhau-can-bo")


def test_two_working_days_move_the_appointment_and_are_recorded(db, admin, code):
    before = dossiers.get_detail(db, code)
    assert before["due_at"] == "2026-11-16T17:00:00+07:00"  # same day, received before 15:00
    extension.perform(db, code, admin, {"kind": "days", "days": 2, "reason": "Bản chính 40 trang, yêu cầu 10 bản sao",
                                        "at": "2026-11-16T10:00:00+07:00"})
    d = dossiers.get_detail(db, code)
    assert d["due_at"] == "2026-11-18T17:00:00+07:00"  # Mon → Wed, two working days later
    assert d["original_due_at"] == before["original_due_at"]  # the legal due date is not touched here
    step = d["history"][-1]
    assert step["action"] == "agreed-extension" and step["status"] == before["status"]
    assert step["data"]["kind"] == "days" and step["data"]["days"] == 2
    assert step["data"]["previous_due_at"] == before["due_at"] and step["data"]["new_due_at"] == d["due_at"]
    assert step["data"]["lawful"] is True and "Điều 21" in step["data"]["basis"]
    assert "Bản chính 40 trang" in step["note"]
    row = db.execute("SELECT details FROM audit WHERE action = 'agreed-extension' AND object = ?", [code]).fetchone()
    assert json.loads(row[0])["new_due_at"] == d["due_at"]
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'progress'").fetchone()[0] >= 1


def test_the_audit_action_is_known_to_the_change_hook():
    assert changes.ACTION_KINDS["agreed-extension"] >= {changes.DOSSIER, changes.HISTORY}
    assert changes.of_action("agreed-extension", "X").codes == ("X",)


def test_a_written_agreement_sets_the_agreed_date(db, admin, code):
    extension.perform(db, code, admin, {"kind": "agreement", "agreed_due_at": "2026-11-25T10:00:00+07:00",
                                        "reason": "Yêu cầu 300 bản sao", "at": "2026-11-16T10:00:00+07:00"})
    d = dossiers.get_detail(db, code)
    assert d["due_at"] == "2026-11-25T10:00:00+07:00"
    assert d["history"][-1]["data"]["agreed_due_at"] == "2026-11-25T10:00:00+07:00"


@pytest.mark.parametrize("data, key, words", [
    ({"kind": "days", "days": 3, "reason": "x"}, "days", "tối đa 02 ngày làm việc"),
    ({"kind": "agreement", "agreed_due_at": "2026-11-16T12:00:00+07:00", "reason": "x"}, "agreed_due_at", "phải sau"),
    ({"kind": "days", "days": 1, "reason": " "}, "reason", "Cần ghi lý do"),
    ({"kind": "weeks", "reason": "x"}, "kind", "\"days\""),
    ({"kind": "agreement", "agreed_due_at": "mai", "reason": "x"}, "agreed_due_at", "ISO 8601"),
    ({"kind": "days", "days": 1, "reason": "x", "note": "y"}, "_keys", "note"),
])
def test_bad_extensions_are_refused_and_nothing_moves(db, admin, code, data, key, words):
    due = dossiers.get_detail(db, code)["due_at"]
    with pytest.raises(ValidationFailed) as info:
        extension.perform(db, code, admin, {**data, "at": "2026-11-16T10:00:00+07:00"})
    assert words in info.value.errors[key]
    assert dossiers.get_detail(db, code)["due_at"] == due
    assert db.execute("SELECT COUNT(*) FROM history WHERE action = 'agreed-extension'").fetchone()[0] == 0


def test_a_procedure_without_the_rule_is_refused_in_vietnamese(db, admin):
    code = intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T09:00:00+07:00")), admin).code
    with pytest.raises(UserError) as info:
        extension.perform(db, code, admin, {"kind": "days", "days": 1, "reason": "x", "at": "2026-11-16T10:00:00+07:00"})
    assert "Thủ tục 1.004873 (Cấp Giấy xác nhận tình trạng hôn nhân) không cho phép gia hạn" in info.value.message
    assert "Mẫu 04" in info.value.message


def test_agreement_only_procedures_refuse_extra_days(db, admin):
    p = load_seed_catalogue().find("2.001008")
    comps = [{"name": c.name, "originals": 1} for c in p.required_components]
    code = intake.save(db, intake.parse_request(sample_intake(procedure_code="2.001008", components=comps,
                                                              received_at="2026-11-16T09:00:00+07:00")), admin).code
    with pytest.raises(UserError) as info:
        extension.perform(db, code, admin, {"kind": "days", "days": 1, "reason": "x", "at": "2026-11-16T10:00:00+07:00"})
    assert "chỉ gia hạn theo thỏa thuận bằng văn bản" in info.value.message


def test_after_the_appointment_or_once_finished_it_is_refused(db, admin, code):
    with pytest.raises(UserError) as info:
        extension.perform(db, code, admin, {"kind": "days", "days": 1, "reason": "x", "at": "2026-11-16T17:30:00+07:00"})
    assert "đã quá hạn hẹn trả" in info.value.message
    lifecycle.perform(db, code, "refuse", admin, {"reason": "Không thuộc thẩm quyền", "at": "2026-11-16T10:00:00+07:00"})
    with pytest.raises(UserError) as info:
        extension.perform(db, code, admin, {"kind": "days", "days": 1, "reason": "x", "at": "2026-11-16T11:00:00+07:00"})
    assert "Chỉ gia hạn được hồ sơ đang giải quyết" in info.value.message


def test_a_second_extension_needs_a_supervisor(db, admin, code):
    clerk = _clerk(db)
    extension.perform(db, code, clerk, {"kind": "days", "days": 1, "reason": "x", "at": "2026-11-16T10:00:00+07:00"})
    with pytest.raises(UserError) as info:
        extension.perform(db, code, clerk, {"kind": "days", "days": 1, "reason": "y", "at": "2026-11-16T11:00:00+07:00"})
    assert "giám sát viên" in info.value.message
    extension.perform(db, code, admin, {"kind": "days", "days": 1, "reason": "y", "at": "2026-11-16T11:00:00+07:00"})
    assert dossiers.get_detail(db, code)["due_at"] == "2026-11-18T17:00:00+07:00"


def test_offered_only_where_the_rule_allows(db, admin, code):
    assert extension.offered(dossiers.get_detail(db, code))
    other = intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T09:00:00+07:00")), admin).code
    assert not extension.offered(dossiers.get_detail(db, other))
