"""The counter's actions after intake: rules, due dates, forms' step values, CLI."""

import json
from datetime import datetime, timedelta

import pytest

from counter_app import accounts, dossiers, intake, lifecycle, statuses, timeutil
from counter_app.db import write_tx
from counter_app.errors import PermissionDenied, UserError, ValidationFailed
from counter_app.timeutil import VN_TZ
from helpers import sample_intake


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def code(db, admin):
    # received Mon 16/11/2026 09:00, 3 working days -> due Thu 19/11 09:00
    return intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T09:00:00+07:00")), admin).code


def at(dt):
    return timeutil.iso(dt)


def test_supplement_round_excludes_waiting_time(db, admin, code):
    lifecycle.perform(db, code, "supplement", admin, {
        "missing_items": [{"name": "Bản sao trích lục ghi chú ly hôn", "certified_copies": 1}],
        "reason": "Thiếu giấy tờ", "at": at(vn(2026, 11, 16, 10, 0))})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.SUPPLEMENT
    # citizen brings the papers Wed 18/11 10:00: 2 working days (16 h) of waiting are excluded
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at(vn(2026, 11, 18, 10, 0))})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.RECEIVED
    # due Thu 19/11 09:00 + 16 working hours = Mon 23/11 09:00
    assert d["due_at"] == "2026-11-23T09:00:00+07:00"
    # the legal appointment moves by the elapsed pause (48 h), as the 766 formula subtracts it;
    # the appointment issued on Mẫu 01 (NgayHenTra) never moves
    assert d["original_due_at"] == "2026-11-21T09:00:00+07:00"
    assert d["issued_due_at"] == "2026-11-19T09:00:00+07:00"
    step = d["history"][-1]["data"]
    assert step["paused_working_hours"] == 16.0 and step["previous_due_at"] == "2026-11-19T09:00:00+07:00"
    form = dossiers.form_data(db, code, "mau-02")
    assert form["step"]["missing_items"][0]["name"] == "Bản sao trích lục ghi chú ly hôn"
    assert form["step"]["reason"] == "Thiếu giấy tờ" and form["step"]["at"] == "2026-11-16T10:00:00+07:00"


def test_second_supplement_needs_a_supervisor_override(db, admin, code):
    base = {"missing_items": ["Tờ khai"], "reason": "Thiếu tờ khai"}
    lifecycle.perform(db, code, "supplement", admin, {**base, "at": at(vn(2026, 11, 16, 10))})
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at(vn(2026, 11, 16, 11))})
    with pytest.raises(UserError, match="một lần"):
        lifecycle.perform(db, code, "supplement", admin, {**base, "at": at(vn(2026, 11, 16, 14))})
    with write_tx(db):
        accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    clerk = accounts.authenticate(db, "canbo", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        lifecycle.perform(db, code, "supplement", clerk, {**base, "override": True, "at": at(vn(2026, 11, 16, 14))})
    lifecycle.perform(db, code, "supplement", admin, {**base, "override": True, "at": at(vn(2026, 11, 16, 14))})
    assert dossiers.get_detail(db, code)["history"][-1]["data"]["round"] == 2


def test_handover_result_and_return_by_authorised_person(db, admin, code):
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": at(vn(2026, 11, 16, 10))})
    lifecycle.perform(db, code, "result-received", admin, {"at": at(vn(2026, 11, 18, 15))})
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.perform(db, code, "return", admin, {"collector": {"kind": "authorised", "full_name": "Lê B"},
                                                      "at": at(vn(2026, 11, 19, 8))})
    assert "collector.id_number" in exc.value.errors
    lifecycle.perform(db, code, "return", admin, {
        "collector": {"kind": "authorised", "full_name": "Lê Thị Bích", "id_number": "001301004321"},
        "method": "post", "tracking_number": "EB123456789VN", "at": at(vn(2026, 11, 19, 8))})
    d = dossiers.get_detail(db, code)
    assert [h["status"] for h in d["history"]] == [2, 4, 9, 10]
    assert d["history"][1]["unit"] == "Văn phòng UBND xã"
    assert d["history"][2]["unit"] == "Văn phòng UBND xã"  # result comes back from the resolving unit
    assert d["finished_at"] == "2026-11-18T15:00:00+07:00" and d["returned_at"] == "2026-11-19T08:00:00+07:00"
    ret = d["history"][-1]["data"]
    assert ret["collector"]["id_number"] == "001301004321" and ret["tracking_number"] == "EB123456789VN"
    assert all(h["at"].endswith("+07:00") for h in d["history"])


def test_extension_moves_the_citizens_date_not_the_score_date(db, admin, code):
    lifecycle.perform(db, code, "handover", admin, {"at": at(vn(2026, 11, 16, 10))})
    with pytest.raises(UserError, match="sau ngày hẹn trả hiện tại"):
        lifecycle.perform(db, code, "extend", admin, {"reason": "Cần xác minh", "new_due_at": at(vn(2026, 11, 18, 9)),
                                                      "at": at(vn(2026, 11, 18, 8))})
    lifecycle.perform(db, code, "extend", admin, {"reason": "Cần xác minh thêm", "new_due_at": at(vn(2026, 11, 25, 9)),
                                                  "at": at(vn(2026, 11, 18, 8))})
    d = dossiers.get_detail(db, code)
    assert d["status"] == statuses.PROCESSING
    assert d["due_at"] == "2026-11-25T09:00:00+07:00"
    assert d["original_due_at"] == "2026-11-19T09:00:00+07:00"
    assert dossiers.form_data(db, code, "mau-04")["step"]["new_due_at"] == "2026-11-25T09:00:00+07:00"


@pytest.mark.parametrize("action, status", [("refuse", 3), ("stop", 8), ("withdraw", 7)])
def test_final_actions_leave_in_progress(db, admin, code, action, status):
    lifecycle.perform(db, code, action, admin, {"reason": "Lý do cụ thể", "at": at(vn(2026, 11, 16, 10))})
    d = dossiers.get_detail(db, code)
    assert d["status"] == status and status not in statuses.IN_PROGRESS
    assert d["finished_at"] == "2026-11-16T10:00:00+07:00"
    with pytest.raises(UserError):
        lifecycle.perform(db, code, "handover", admin, {})


def test_refused_steps(db, admin, code):
    with pytest.raises(ValidationFailed):
        lifecycle.perform(db, code, "refuse", admin, {})  # reason required
    with pytest.raises(UserError, match="Thao tác không hợp lệ"):
        lifecycle.perform(db, code, "teleport", admin, {})
    with pytest.raises(UserError, match="không ở trạng thái chờ bổ sung"):
        lifecycle.perform(db, code, "supplement-received", admin, {})
    with pytest.raises(UserError, match="Không thể chuyển"):
        lifecycle.perform(db, code, "return", admin, {})
    with pytest.raises(ValidationFailed):
        lifecycle.perform(db, code, "handover", admin, {"bogus": 1})
    lifecycle.perform(db, code, "supplement", admin, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                      "at": at(vn(2026, 11, 16, 10))})
    with pytest.raises(UserError, match="supplement-received"):
        lifecycle.perform(db, code, "handover", admin, {})


def test_fee_payment_recorded(db, admin, code):
    d = dossiers.get_detail(db, code)
    assert d["fees"]
    lifecycle.record_payment(db, code, 1, admin, method="cash", receipt_no="0001234", receipt_date="2026-11-16")
    fee = dossiers.get_detail(db, code)["fees"][0]
    assert (fee["paid_method"], fee["receipt_no"], fee["receipt_date"]) == ("cash", "0001234", "2026-11-16")
    with pytest.raises(UserError):
        lifecycle.record_payment(db, code, 1, admin, method="bitcoin")
    with pytest.raises(UserError):
        lifecycle.record_payment(db, code, 9, admin, method="cash")


def test_worklists_follow_the_dossier(db, admin, code):
    from counter_app.dossiers import LedgerFilter

    now = vn(2026, 11, 19, 8, 0)  # due Thu 19/11 09:00
    assert dossiers.worklist_counts(db, now)["due-today"] == 1
    assert dossiers.worklist_counts(db, vn(2026, 11, 19, 10, 0))["overdue"] == 1
    lifecycle.perform(db, code, "handover", admin, {"at": at(vn(2026, 11, 16, 10))})
    assert dossiers.worklist_counts(db, now)["handed-over"] == 1
    lifecycle.perform(db, code, "result-received", admin, {"at": at(vn(2026, 11, 17, 10))})
    counts = dossiers.worklist_counts(db, now)
    assert counts["ready"] == 1 and counts["handed-over"] == 0 and counts["due-today"] == 0
    from counter_app.ledger_query import page

    assert [r[1] for r in page(db, LedgerFilter(worklist="ready"), now=now).rows] == [code]
    lifecycle.perform(db, code, "return", admin, {"at": at(vn(2026, 11, 17, 11))})
    assert sum(dossiers.worklist_counts(db, now).values()) == 0


def test_a_dossier_waiting_for_papers_is_not_overdue_on_the_worklists(db, admin, code):
    """Its clock is stopped and its appointment moves when the papers come (docs/due-dates.md)."""
    now = vn(2026, 11, 20, 10, 0)  # past the appointment 19/11 09:00
    lifecycle.perform(db, code, "supplement", admin, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                      "at": at(vn(2026, 11, 17, 10))})
    counts = dossiers.worklist_counts(db, now)
    assert counts["overdue"] == 0 and counts["supplement"] == 1
    detail = dossiers.get_detail(db, code)
    assert dossiers.due_mark(detail["status"], detail["due_at"], now) == ""
    assert dossiers.days_overdue(detail["status"], detail["due_at"], now) == 0
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at(vn(2026, 11, 18, 10))})
    # the appointment moved by the 8 working hours waited: Fri 20/11 09:00
    assert dossiers.worklist_counts(db, now)["overdue"] == 1


def test_withdrawn_dossier_leaves_in_progress_worklists(db, admin, code):
    now = vn(2026, 11, 20, 10, 0)
    assert dossiers.worklist_counts(db, now)["overdue"] == 1
    lifecycle.perform(db, code, "withdraw", admin, {"at": at(vn(2026, 11, 16, 10))})
    assert sum(dossiers.worklist_counts(db, now).values()) == 0


def test_available_actions():
    assert lifecycle.available_actions(2) == ["supplement", "refuse", "handover", "result-received", "extend", "stop",
                                              "withdraw", "obligation", "unresolvable"]
    assert lifecycle.available_actions(4) == ["supplement", "result-received", "extend", "stop", "withdraw",
                                              "obligation", "unresolvable"]
    assert lifecycle.available_actions(5) == ["supplement-received", "withdraw", "stop"]
    assert lifecycle.available_actions(6) == ["obligation-paid", "withdraw", "stop", "unresolvable"]
    assert lifecycle.available_actions(9) == ["return"]
    assert lifecycle.available_actions(10) == []


def test_apology_letter_rules(db, admin, code):
    """Issue 17 item 5: Mẫu 04 only when the dossier is about to be late (from the working day
    before its due date, 19/11 09:00), once for a clerk; late or a second time: a supervisor."""
    from counter_app import accounts

    accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo-1")
    clerk = accounts.authenticate(db, "canbo", "matkhau-can-bo-1")
    lifecycle.perform(db, code, "handover", admin, {"at": at(vn(2026, 11, 16, 10))})
    letter = {"reason": "Cần xác minh", "new_due_at": at(vn(2026, 11, 25, 9))}
    with pytest.raises(UserError, match="từ ngày 18/11/2026"):  # two days early
        lifecycle.perform(db, code, "extend", clerk, {**letter, "at": at(vn(2026, 11, 17, 16))})
    with pytest.raises(UserError, match="giám sát viên"):  # late: not for a clerk
        lifecycle.perform(db, code, "extend", clerk, {**letter, "at": at(vn(2026, 11, 19, 10))})
    lifecycle.perform(db, code, "extend", clerk, {**letter, "at": at(vn(2026, 11, 18, 8))})  # the day before
    again = {"reason": "Chưa có kết quả xác minh", "new_due_at": at(vn(2026, 11, 30, 9)), "at": at(vn(2026, 11, 24, 9))}
    with pytest.raises(UserError, match="đã có văn bản xin lỗi"):
        lifecycle.perform(db, code, "extend", clerk, again)
    lifecycle.perform(db, code, "extend", admin, again)  # a supervisor may
    assert dossiers.get_detail(db, code)["due_at"] == "2026-11-30T09:00:00+07:00"
