"""Mẫu 02–06: the forms printed at later steps of a dossier's life."""

from __future__ import annotations

import pytest

from printing import render

A5 = (419.53, 595.28)
HEADER = [
    "UBND XÃ YÊN LẠC",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: ……/TTPVHCC",
]


def _check(doc, expected):
    text = doc.text()
    missing = [s for s in HEADER + expected if s not in text]
    assert not missing, f"missing {missing}\n---\n{text}"
    for w, h in doc.page_sizes():
        assert (round(w, 2), round(h, 2)) == A5


def test_mau02_supplement_request(pdf, dossier, settings):
    dossier["step"] = {
        "missing_items": [
            {"name": "Bản sao Giấy khai sinh", "originals": 0, "certified_copies": 1, "copies": 0},
            {"name": "Giấy xác nhận nơi cư trú", "originals": 2, "certified_copies": 0, "copies": 0},
        ],
        "reason": "Thiếu giấy tờ chứng minh nơi cư trú",
        "guide_name": "Phạm Thu Hà",
        "guide_phone": "0988 111 222",
        "at": "2026-11-24T09:30:00+07:00",
    }
    doc = pdf(render("mau-02", dossier, settings))
    _check(doc, [
        "Yên Lạc, ngày 24 tháng 11 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Mã hồ sơ: 000.00.06.H56-261123-1001",
        "Trung tâm Phục vụ hành chính công: Trung tâm Phục vụ hành chính công xã Yên Lạc",
        "Tiếp nhận hồ sơ của Ông: Nguyễn Văn An",
        "Nội dung yêu cầu giải quyết: Cấp Giấy xác nhận tình trạng hôn nhân",
        "Địa chỉ: Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
        "Số điện thoại: 0912345678",
        "Yêu cầu Ông hoàn thiện hồ sơ gồm những nội dung như sau:",
        "Tên giấy tờ cần bổ sung, hoàn thiện", "Bản chính", "Bản chứng thực", "Bản sao",
        "Bản sao Giấy khai sinh", "Giấy xác nhận nơi cư trú",
        "Lý do: Thiếu giấy tờ chứng minh nơi cư trú",
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông liên hệ với công chức "
        "Phạm Thu Hà, số điện thoại 0988 111 222 để được hướng dẫn./.",
        "NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", "Phạm Thu Hà",
    ])


def test_mau03_refusal(pdf, dossier, settings):
    dossier["applicant"]["sex"] = "Nữ"
    dossier["applicant"]["full_name"] = "Đỗ Thị Ngọc Ánh"
    dossier["step"] = {"reason": "Thủ tục không thuộc thẩm quyền giải quyết của UBND xã"}
    doc = pdf(render("mau-03", dossier, settings))
    _check(doc, [
        "Yên Lạc, ngày 23 tháng 11 năm 2026",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Tiếp nhận hồ sơ của: Đỗ Thị Ngọc Ánh",
        "Qua xem xét, Trung tâm Phục vụ hành chính công xã Yên Lạc thông báo không tiếp nhận, "
        "giải quyết hồ sơ này với lý do cụ thể như sau: Thủ tục không thuộc thẩm quyền giải "
        "quyết của UBND xã",
        "Xin thông báo cho Bà được biết và thực hiện./.",
        "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Thị Bình",
    ])


def test_mau04_apology_and_extension(pdf, dossier, settings):
    dossier["step"] = {"reason": "Cần xác minh tại nơi cư trú trước đây",
                       "new_due_at": "2026-12-01T16:00:00+07:00",
                       "at": "2026-11-25T10:00:00+07:00"}
    settings["head_name"] = "Hoàng Minh Tuấn"
    doc = pdf(render("mau-04", dossier, settings))
    _check(doc, [
        "Yên Lạc, ngày 25 tháng 11 năm 2026",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Ông Nguyễn Văn An",
        "đã tiếp nhận hồ sơ của Ông vào ngày 23 tháng 11 năm 2026, về việc: Cấp Giấy xác nhận "
        "tình trạng hôn nhân; mã hồ sơ: 000.00.06.H56-261123-1001.",
        "Thời hạn trả kết quả giải quyết hồ sơ theo quy định là 08 giờ 15 phút, ngày 26 tháng 11 "
        "năm 2026.",
        "Tuy nhiên đến nay, UBND xã Yên Lạc chưa giải quyết xong hồ sơ của Ông đúng thời hạn.",
        "Lý do: Cần xác minh tại nơi cư trú trước đây",
        "đề nghị gia hạn thời gian giải quyết hồ sơ; kết quả giải quyết hồ sơ sẽ được trả cho "
        "Ông vào 16 giờ 00 phút, ngày 01 tháng 12 năm 2026.",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
        "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", "Hoàng Minh Tuấn",
    ])


def test_mau04_without_document_date_prints_blank_date(pdf, dossier, settings):
    dossier["step"] = {"reason": "Chờ kết quả xác minh"}
    text = pdf(render("mau-04", dossier, settings)).text()
    assert "Yên Lạc, ngày … tháng … năm …" in text


def test_mau05_stop_notice(pdf, dossier, settings):
    dossier["history"].append({"status": 8, "status_name": "Dừng xử lý", "action": "stop",
                               "at": "2026-11-24T15:00:00+07:00", "actor": "Trần Thị Bình",
                               "unit": "Văn phòng UBND", "note": ""})
    dossier["step"] = {"reason": "Công dân có văn bản đề nghị rút hồ sơ"}
    doc = pdf(render("mau-05", dossier, settings))
    _check(doc, [
        "Yên Lạc, ngày 24 tháng 11 năm 2026",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Kính gửi: Ông Nguyễn Văn An",
        "mã hồ sơ: 000.00.06.H56-261123-1001",
        "Trung tâm Phục vụ hành chính công xã Yên Lạc thông báo dừng giải quyết hồ sơ nêu trên.",
        "Lý do: Công dân có văn bản đề nghị rút hồ sơ",
        "(số điện thoại: 0211 3861 234)",
        "THỦ TRƯỞNG CƠ QUAN",
    ])


def test_mau06_control_sheet_from_history(pdf, dossier, settings):
    dossier["history"] += [
        {"status": 9, "status_name": "Đã xử lý xong", "action": "result",
         "at": "2026-11-25T16:30:00+07:00", "actor": "Lê Văn Cường",
         "unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc", "note": "Đã ký"},
        {"status": 10, "status_name": "Đã trả kết quả", "action": "return",
         "at": "2026-11-27T09:00:00+07:00", "actor": "Trần Thị Bình",
         "unit": "Trung tâm Phục vụ hành chính công xã Yên Lạc", "note": ""},
    ]
    doc = pdf(render("mau-06", dossier, settings))
    _check(doc, [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Mã hồ sơ: 000.00.06.H56-261123-1001",
        "Kèm theo hồ sơ của: Nguyễn Văn An",
        "Địa chỉ: Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
        "Số điện thoại: 0912345678",
        "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 23/11/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 15 phút, ngày 26/11/2026",
        "Cơ quan (bộ phận) giải quyết hồ sơ: UBND xã Yên Lạc",
        "Cơ quan phối hợp giải quyết hồ sơ:",
        "TÊN CƠ QUAN", "GHI CHÚ",
    ])
    text = doc.compact()
    for s in [
        "THỜIGIANGIAO,NHẬNHỒSƠ",
        "KẾTQUẢGIẢIQUYẾTHỒSƠ(Trướchạn/đúnghạn/quáhạn)",
        "1.Giao:TrungtâmPhụcvụhànhchínhcôngxãYênLạc2.Nhận:VănphòngUBND",
        "1.Giao:VănphòngUBND2.Nhận:TrungtâmPhụcvụhànhchínhcôngxãYênLạc",
        "2.Nhận:Cánhân,tổchức(NguyễnVănAn)",
        "14giờ00phút,ngày23tháng11năm2026",
        "16giờ30phút,ngày25tháng11năm2026",
        "09giờ00phút,ngày27tháng11năm2026",
        "Trướchạn", "Quáhạn", "Chuyểnbảngiấy", "Đãký", "Ngườigiao", "Ngườinhận",
    ]:
        assert s in text, s
    assert text.count("Ngườigiao") == 3  # one row per handover


def test_mau06_without_handovers_prints_blank_rows(pdf, dossier, settings):
    dossier["history"] = dossier["history"][:1]
    text = pdf(render("mau-06", dossier, settings)).text()
    assert text.count("1. Giao:") == 2 and text.count("2. Nhận:") == 2


@pytest.mark.parametrize("form_id", ["mau-02", "mau-03", "mau-04", "mau-05", "mau-06"])
def test_later_forms_fonts_embedded_and_inside_margins(pdf, dossier, settings, form_id):
    doc = pdf(render(form_id, dossier, settings))
    fonts = doc.fonts()
    assert fonts and all(f["emb"] == "yes" and "BeVietnamPro" in f["name"] for f in fonts)
    assert b"Helvetica" not in doc.data
    for w in doc.words():
        assert 14 * 72 / 25.4 - 0.5 <= w["x0"] and w["x1"] <= w["pw"] - 10 * 72 / 25.4 + 0.5, w
