"""Issue 17 item 7 (due dates on forms): reprints of Mẫu 01/06/07 show Mẫu 01's original
appointment and, when it was moved, the new one; Mẫu 06 lists every step with its own
judgement and never calls a bare handover "Trước hạn". Real database, real lifecycle, the PDF
read back with pdftotext."""

import shutil
import subprocess
import sys
from datetime import date

import pytest

from counter_app import intake, lifecycle
from counter_app.printouts import render_form
from helpers import sample_intake

pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed")


def text(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "f.pdf"
    f.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout.split())


def at(s: str) -> str:
    return f"2026-11-{s}:00+07:00"


@pytest.fixture
def code(db, admin):
    # received Mon 16/11 09:00, 3 working days -> Mẫu 01 says Thu 19/11 09:00
    return intake.save(db, intake.parse_request(sample_intake(received_at=at("16T09:00"))), admin).code


def test_first_print_shows_one_appointment(db, admin, code, tmp_path):
    t = text(render_form(db, "mau-01", code), tmp_path)
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 19/11/2026" in t
    assert "Hẹn trả kết quả mới" not in t


def test_reprints_after_an_apology_letter_show_both(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": at("16T10:00")})
    lifecycle.perform(db, code, "extend", admin, {"reason": "Cần xác minh", "new_due_at": at("25T16:00"),
                                                  "at": at("18T10:00")})
    t = text(render_form(db, "mau-01", code), tmp_path)
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 19/11/2026" in t
    assert "Hẹn trả kết quả mới (đã điều chỉnh): 16 giờ 00 phút, ngày 25/11/2026" in t
    t = text(render_form(db, "mau-06", code), tmp_path)
    assert "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 19/11/2026" in t
    assert "Hẹn trả kết quả mới (đã điều chỉnh): 16 giờ 00 phút, ngày 25/11/2026" in t
    t = text(render_form(db, "mau-07", None, date(2026, 11, 16), date(2026, 11, 16)), tmp_path)
    assert "19/11/2026 09:00 Hẹn lại: 25/11/2026 16:00" in t


def test_control_sheet_judges_every_step(db, admin, code, tmp_path):
    """Handover 16/11 (Trong hạn, not Trước hạn), supplement asked 17/11 and brought 18/11 (24 h:
    the legal appointment becomes 20/11 09:00), result 20/11 08:00 (Đúng hạn), return 23/11
    (Quá hạn)."""
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": at("16T10:00")})
    lifecycle.perform(db, code, "supplement", admin, {"missing_items": ["Tờ khai"], "reason": "Thiếu tờ khai",
                                                      "unit": "Văn phòng UBND xã", "at": at("17T09:00")})
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at("18T09:00")})
    lifecycle.perform(db, code, "result-received", admin, {"at": at("20T08:00")})
    lifecycle.perform(db, code, "return", admin, {"at": at("23T10:00")})
    t = text(render_form(db, "mau-06", code), tmp_path)
    # one judgement per step, in order: handover, request, papers, result, return
    cells = [w for w in t.replace("Trước hạn/đúng hạn/quá hạn", "").split() if w in ("Trong", "Trước", "Đúng", "Quá")]
    assert cells == ["Trong", "Trong", "Trong", "Đúng", "Quá"], t
    assert "Trước hạn" not in t.replace("(Trước hạn/đúng", "")
    assert t.count("Người giao") == 5
    assert "Cá nhân, tổ chức (Nguyễn Văn An)" in t
    # the citizen's appointment moved by the pause in working hours (8 h, one working day)
    assert "Hẹn trả kết quả mới (đã điều chỉnh): 09 giờ 00 phút, ngày 20/11/2026" in t


def test_second_supplement_makes_later_steps_late(db, admin, code, tmp_path):
    supp = {"missing_items": ["Tờ khai"], "reason": "Thiếu"}
    lifecycle.perform(db, code, "supplement", admin, {**supp, "at": at("16T10:00")})
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at("16T11:00")})
    lifecycle.perform(db, code, "supplement", admin, {**supp, "override": True, "at": at("16T14:00")})
    lifecycle.perform(db, code, "supplement-received", admin, {"at": at("16T15:00")})
    lifecycle.perform(db, code, "result-received", admin, {"at": at("17T09:00")})
    t = text(render_form(db, "mau-06", code), tmp_path)
    cells = [w for w in t.replace("Trước hạn/đúng hạn/quá hạn", "").split() if w in ("Trong", "Trước", "Đúng", "Quá")]
    assert cells == ["Trong", "Trong", "Quá", "Quá", "Quá"]


def test_unresolvable_notice(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": at("16T10:00")})
    lifecycle.perform(db, code, "unresolvable", admin, {"reason": "Không thuộc trường hợp được cấp",
                                                        "at": at("18T10:00")})
    t = text(render_form(db, "tb-kgq", code), tmp_path)
    assert "THÔNG BÁO TRẢ LẠI HỒ SƠ KHÔNG GIẢI QUYẾT" in t
    assert "Lý do: Không thuộc trường hợp được cấp" in t
    assert "Văn phòng UBND xã thông báo hồ sơ không đủ điều kiện giải quyết" in t
    assert code in t
