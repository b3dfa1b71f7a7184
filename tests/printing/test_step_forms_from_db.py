"""Each form printed at a lifecycle step carries the values recorded at that step (real
database, real lifecycle service, the PDF read back with pdftotext)."""

import shutil
import subprocess

import pytest

from counter_app import intake, lifecycle
from counter_app.printouts import render_form
from helpers import sample_intake

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "f.pdf"
    f.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout.split())


@pytest.fixture
def code(db, admin):
    return intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T09:00:00+07:00")), admin).code


def test_refusal_form_carries_its_reason(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "refuse", admin, {"reason": "Hồ sơ không thuộc thẩm quyền của xã",
                                                  "at": "2026-11-16T09:30:00+07:00"})
    t = text(render_form(db, "mau-03", code), tmp_path)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in t
    assert "Hồ sơ không thuộc thẩm quyền của xã" in t and "Nguyễn Văn An" in t


def test_apology_form_carries_new_date_and_reason(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "handover", admin, {"at": "2026-11-16T10:00:00+07:00"})
    lifecycle.perform(db, code, "extend", admin, {"reason": "Cần xác minh thông tin tại nơi cư trú trước",
                                                  "new_due_at": "2026-11-27T16:00:00+07:00",
                                                  "at": "2026-11-19T08:00:00+07:00"})
    t = text(render_form(db, "mau-04", code), tmp_path)
    assert "Cần xác minh thông tin tại nơi cư trú trước" in t
    assert "27" in t and "11" in t and "2026" in t and code in t


def test_stop_form_carries_its_reason(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "stop", admin, {"reason": "Công dân không bổ sung hồ sơ theo yêu cầu",
                                                "at": "2026-11-16T11:00:00+07:00"})
    t = text(render_form(db, "mau-05", code), tmp_path)
    assert "Công dân không bổ sung hồ sơ theo yêu cầu" in t and code in t


def test_control_slip_shows_post_tracking(db, admin, code, tmp_path):
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã", "at": "2026-11-16T10:00:00+07:00"})
    lifecycle.perform(db, code, "result-received", admin, {"at": "2026-11-17T10:00:00+07:00"})
    lifecycle.perform(db, code, "return", admin, {"method": "post", "tracking_number": "EB123456789VN",
                                                  "at": "2026-11-17T15:00:00+07:00"})
    t = text(render_form(db, "mau-06", code), tmp_path)
    squeezed = t.replace(" ", "")  # narrow table cells wrap long words
    assert "VănphòngUBNDxã" in squeezed and "EB123456789VN" in squeezed


@pytest.mark.parametrize("received, note", [("2026-11-16T09:00:00+07:00", False), ("2026-11-16T16:00:00+07:00", True)])
def test_same_day_receipt_says_next_working_day_after_the_cutoff(db, admin, tmp_path, received, note):
    """Issue 17 item 7: a certified copy received after 15:00 is due the next working day; Mẫu 01
    said a bare "Trong ngày" beside it."""
    comps = [{"name": "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "originals": 1, "copies": 0,
              "certified_copies": 0, "pages": 1}]
    saved = intake.save(db, intake.parse_request(sample_intake(procedure_code="2.000815", received_at=received,
                                                               components=comps)), admin)
    t = text(render_form(db, "mau-01", saved.code), tmp_path)
    assert "Trong ngày" in t
    assert ("ngày làm việc tiếp theo" in t) == note
    assert saved.due_at.date().isoformat() == ("2026-11-17" if note else "2026-11-16")
