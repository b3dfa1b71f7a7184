"""Issue 17 scope 6: the financial-obligation step (status 6) and the resolving body's "cannot
resolve" return (status 8, outcome "unresolvable"), through the real service on real dossiers:
every new edge of the transition table, refused edges in Vietnamese, audit, sync, form."""

from datetime import datetime

import pytest

from counter_app import dossiers, intake, lifecycle, statuses, timeutil, wire
from counter_app.errors import UserError, ValidationFailed
from counter_app.timeutil import VN_TZ
from helpers import sample_intake


def at(day, hh, mm=0):
    return timeutil.iso(datetime(2026, 11, day, hh, mm, tzinfo=VN_TZ))


@pytest.fixture
def code(db, admin):
    # received Mon 16/11/2026 09:00, 3 working days -> due Thu 19/11 09:00
    return intake.save(db, intake.parse_request(sample_intake(received_at=at(16, 9))), admin).code


def _statuses(db, code):
    return [h["status"] for h in dossiers.get_detail(db, code)["history"]]


@pytest.mark.parametrize("before", [[], ["handover"]])
def test_obligation_then_paid_returns_to_where_it_was(db, admin, code, before):
    """2 -> 6 -> 2 and 4 -> 6 -> 4: the amount asked, then the receipt number recorded."""
    for action in before:
        lifecycle.perform(db, code, action, admin, {"at": at(16, 10)})
    start = dossiers.get_detail(db, code)["status"]
    lifecycle.perform(db, code, "obligation", admin, {"amount": 250000, "content": "Lệ phí trước bạ",
                                                      "at": at(17, 9)})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.PAYMENT
    assert d["history"][-1]["data"]["amount"] == 250000
    assert d["history"][-1]["note"] == "Lệ phí trước bạ: 250.000 đồng"
    assert lifecycle.available_actions(d["status"]) == ["obligation-paid", "withdraw", "stop", "unresolvable"]
    lifecycle.perform(db, code, "obligation-paid", admin, {"receipt_no": "BL-0012345", "receipt_date": "2026-11-17",
                                                           "at": at(17, 14)})
    d = dossiers.get_detail(db, code)
    assert d["status"] == start
    step = d["history"][-1]["data"]
    assert (step["receipt_no"], step["amount"], step["receipt_date"]) == ("BL-0012345", 250000, "2026-11-17")
    assert d["history"][-1]["note"] == "Biên lai số BL-0012345, 250.000 đồng"
    # audited with the amount and the receipt, synced as progress entries
    actions = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY id")]
    assert "obligation" in actions and "obligation-paid" in actions
    hist_ids = [r[0] for r in db.execute("SELECT id FROM history WHERE action LIKE 'obligation%' ORDER BY id")]
    entries = [wire.build_progress(db, h) for h in hist_ids]
    assert [e["TrangThai"] for e in entries] == ["6", str(start)]
    assert entries[0]["NoiDungXuLy"] == "Yêu cầu thực hiện nghĩa vụ tài chính: Lệ phí trước bạ: 250.000 đồng"
    assert "BL-0012345" in entries[1]["NoiDungXuLy"]
    progress = [r[0] for r in db.execute("SELECT ref FROM outbox WHERE kind = 'progress' ORDER BY id")]
    assert [str(h) for h in hist_ids] == progress[-2:]


def test_obligation_inputs_refused_in_vietnamese(db, admin, code):
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.perform(db, code, "obligation", admin, {"content": "Thuế", "amount": -5})
    assert "Số tiền" in exc.value.errors["amount"]
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.perform(db, code, "obligation", admin, {"amount": 1000})
    assert "không được để trống" in exc.value.errors["content"]
    lifecycle.perform(db, code, "obligation", admin, {"amount": "120.000", "content": "Thuế", "at": at(16, 10)})
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.perform(db, code, "obligation-paid", admin, {"receipt_date": "17/11/2026"})
    assert set(exc.value.errors) == {"receipt_no", "receipt_date"}
    assert dossiers.get_detail(db, code)["history"][-1]["data"]["amount"] == 120000


def test_refused_edges_while_waiting_for_payment(db, admin, code):
    lifecycle.perform(db, code, "obligation", admin, {"amount": 50000, "content": "Phí", "at": at(16, 10)})
    for action, data in (("handover", {}), ("result-received", {}), ("supplement", {
            "missing_items": ["Tờ khai"], "reason": "Thiếu"}), ("obligation", {"amount": 1, "content": "Phí"})):
        with pytest.raises(UserError, match="nghĩa vụ tài chính"):
            lifecycle.perform(db, code, action, admin, {**data, "at": at(16, 11)})
    assert dossiers.get_detail(db, code)["status"] == statuses.PAYMENT


def test_obligation_paid_only_in_status_6(db, admin, code):
    with pytest.raises(UserError, match="không ở trạng thái chờ thực hiện nghĩa vụ tài chính"):
        lifecycle.perform(db, code, "obligation-paid", admin, {"receipt_no": "1", "at": at(16, 10)})


@pytest.mark.parametrize("path", [["supplement"], ["handover", "result-received"], ["withdraw"]])
def test_obligation_refused_outside_2_and_4(db, admin, code, path):
    data = {"supplement": {"missing_items": ["Tờ khai"], "reason": "Thiếu"}, "withdraw": {"reason": "Rút"}}
    for i, action in enumerate(path):
        lifecycle.perform(db, code, action, admin, {**data.get(action, {}), "at": at(16, 10 + i)})
    with pytest.raises(UserError) as exc:
        lifecycle.perform(db, code, "obligation", admin, {"amount": 1000, "content": "Phí", "at": at(16, 14)})
    assert ("Không thể chuyển" in exc.value.message or "trạng thái cuối" in exc.value.message
            or "chờ công dân bổ sung" in exc.value.message)


@pytest.mark.parametrize("before", [[], ["handover"], ["obligation"]])
def test_unresolvable_return(db, admin, code, before):
    """2/4/6 -> 8 with its own outcome, the reason told to the citizen (tb-kgq), synced."""
    data = {"handover": {"unit": "Công chức Tư pháp - Hộ tịch"}, "obligation": {"amount": 1000, "content": "Phí"}}
    for action in before:
        lifecycle.perform(db, code, action, admin, {**data.get(action, {}), "at": at(16, 10)})
    lifecycle.perform(db, code, "unresolvable", admin, {
        "reason": "Người yêu cầu không thuộc trường hợp được cấp theo quy định", "at": at(18, 15)})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.STOPPED and d["finished_at"] == at(18, 15)
    last = d["history"][-1]
    assert last["action"] == "unresolvable" and last["data"]["outcome"] == "unresolvable"
    if before == ["handover"]:
        assert last["unit"] == "Công chức Tư pháp - Hộ tịch"
    form = dossiers.form_data(db, code, "tb-kgq")
    assert form["step"]["reason"].startswith("Người yêu cầu không thuộc")
    hist = db.execute("SELECT MAX(id) FROM history").fetchone()[0]
    entry = wire.build_progress(db, hist)
    assert entry["TrangThai"] == "8" and entry["NoiDungXuLy"].startswith("Cơ quan giải quyết trả lại hồ sơ")
    assert "unresolvable" in [r[0] for r in db.execute("SELECT action FROM audit")]
    with pytest.raises(UserError, match="trạng thái cuối"):
        lifecycle.perform(db, code, "obligation", admin, {"amount": 1000, "content": "Phí", "at": at(18, 16)})


def test_unresolvable_needs_a_reason_and_is_refused_after_the_result(db, admin, code):
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.perform(db, code, "unresolvable", admin, {"at": at(16, 10)})
    assert "không được để trống" in exc.value.errors["reason"]
    lifecycle.perform(db, code, "result-received", admin, {"at": at(16, 11)})
    with pytest.raises(UserError, match="Không thể chuyển"):
        lifecycle.perform(db, code, "unresolvable", admin, {"reason": "Không đủ điều kiện", "at": at(16, 12)})


def test_tb_kgq_cannot_print_without_the_step(db, admin, code):
    with pytest.raises(UserError, match="chưa có bước"):
        dossiers.form_data(db, code, "tb-kgq")
