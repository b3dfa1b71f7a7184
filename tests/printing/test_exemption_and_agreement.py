"""Mẫu 01 prints a fee exemption with its basis and proof; the written agreement of a lawful
extension prints as its own slip (real database, real PDFs read back with pdftotext)."""

import shutil
import subprocess

import pytest

from counter_app import extension, intake
from counter_app.catalogue import load_seed_catalogue
from counter_app.errors import UserError
from counter_app.printouts import FORMS, render_form
from helpers import sample_intake

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text(pdf: bytes, tmp_path) -> str:
    f = tmp_path / "f.pdf"
    f.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(f), "-"], capture_output=True, text=True).stdout.split())


def test_receipt_shows_the_exemption_its_basis_and_proof(db, admin, tmp_path):
    code = intake.save(db, intake.parse_request(sample_intake(
        exemption={"rule": "HT-NCC", "proof": "Giấy chứng nhận gia đình liệt sĩ số 45/GCN"})), admin).code
    t = text(render_form(db, "mau-01", code), tmp_path)
    assert "Phí, lệ phí: 0 đồng" in t
    assert "Miễn, giảm phí, lệ phí: Miễn – Người thuộc gia đình có công với cách mạng" in t
    assert "số tiền trước miễn, giảm: 8.000 đồng" in t
    assert "Căn cứ: Luật Hộ tịch 2014, Điều 11 khoản 1" in t
    assert "giấy tờ chứng minh: Giấy chứng nhận gia đình liệt sĩ số 45/GCN" in t


def test_receipt_lists_each_fee_line_with_its_exemption(db, admin, tmp_path):
    import json

    from counter_app import procedures
    from counter_app.catalogue import load_catalogue
    from counter_app.db import write_tx

    data = load_seed_catalogue().to_dict()
    for p in data["procedures"]:
        if p["code"] == "1.004873":  # a second fee line the rule does not cover
            p["fee"]["items"].append({"name": "Phí cấp bản sao trích lục", "type": "phi", "amount": 8000,
                                      "per": "copy", "role": "extract_copy"})
    with write_tx(db):
        procedures.import_catalogue(db, load_catalogue(json.dumps(data, ensure_ascii=False)), admin)
    code = intake.save(db, intake.parse_request(sample_intake(exemption={"rule": "HT-NKT", "proof": "Giấy xác nhận khuyết tật số 3"})),
                       admin).code
    t = text(render_form(db, "mau-01", code), tmp_path)
    assert "Phí, lệ phí: 8.000 đồng" in t
    assert "- Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: 0 đồng (1 hồ sơ; miễn: 8.000 đ, còn 0 đ)" in t
    assert "- Phí cấp bản sao trích lục: 8.000 đồng" in t  # the copy-of-extract fee is not exempted
    assert "Miễn – Người khuyết tật (số tiền trước miễn, giảm: 16.000 đồng)" in t


def test_receipt_without_exemption_has_no_exemption_line(db, admin, tmp_path):
    code = intake.save(db, intake.parse_request(sample_intake()), admin).code
    t = text(render_form(db, "mau-01", code), tmp_path)
    assert "Phí, lệ phí: 8.000 đồng" in t and "Miễn, giảm" not in t


def test_written_agreement_slip(db, admin, tmp_path):
    assert "thoa-thuan" in FORMS
    p = load_seed_catalogue().find("2.000815")
    comps = [{"name": c.name, "originals": 1, "certified_copies": 20, "pages": 60} for c in p.required_components]
    code = intake.save(db, intake.parse_request(sample_intake(
        procedure_code="2.000815", components=comps, received_at="2026-11-16T09:00:00+07:00")), admin).code
    with pytest.raises(UserError) as info:
        render_form(db, "thoa-thuan", code)
    assert "chưa được gia hạn" in info.value.message
    extension.perform(db, code, admin, {"kind": "agreement", "agreed_due_at": "2026-11-24T09:30:00+07:00",
                                        "reason": "Bản chính 60 trang, yêu cầu 20 bản sao",
                                        "at": "2026-11-16T10:00:00+07:00"})
    t = text(render_form(db, "thoa-thuan", code), tmp_path)
    assert t.count("VĂN BẢN THỎA THUẬN GIA HẠN THỜI HẠN GIẢI QUYẾT") == 2  # two copies
    assert "Liên 1: Giao người yêu cầu" in t and "Liên 2: Lưu hồ sơ" in t
    assert "Căn cứ Điều 21 Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ" in t
    assert "Lý do gia hạn: Bản chính 60 trang, yêu cầu 20 bản sao" in t
    assert "Thời hạn trả kết quả đã hẹn: 17 giờ 00 phút, ngày 16 tháng 11 năm 2026" in t
    assert "thời hạn trả kết quả mới: 09 giờ 30 phút, ngày 24 tháng 11 năm 2026" in t
    assert "Gia hạn đến ngày đã thỏa thuận bằng văn bản" in t
    assert code in t and "Nguyễn Văn An" in t and "NGƯỜI YÊU CẦU" in t and "NGƯỜI TIẾP NHẬN" in t
