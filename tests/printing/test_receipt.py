"""Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả: every field, both copies, codes,
fees, overflow onto extra pages."""

from __future__ import annotations

import unicodedata

import pytest

from printing import render
from printing.formsets import load

A5 = (419.53, 595.28)
URL = "https://dichvucong.example.gov.vn/tra-cuu?ma=000.00.06.H56-261123-1001"


def _margins(paper: str = "A5") -> tuple[float, float, float, float]:
    t, r, b, l = (v * 72 / 25.4 for v in load("tt03_2025")["papers"][paper]["margins_mm"])
    return t, r, b, l


RECEIPT_EXPECTED = [
    "UBND XÃ YÊN LẠC",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    "XÃ YÊN LẠC",
    "Số: ……/TTPVHCC",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Yên Lạc, ngày 23 tháng 11 năm 2026",
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "Mã hồ sơ: 000.00.06.H56-261123-1001",
    "Trung tâm Phục vụ hành chính công: Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "Tiếp nhận hồ sơ của: Nguyễn Văn An",
    "Số định danh cá nhân/CCCD: 001099012345",
    "Địa chỉ: Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ",
    "Số điện thoại: 0912345678",
    "Email: an.nguyen@example.vn",
    "Nội dung yêu cầu giải quyết: Cấp Giấy xác nhận tình trạng hôn nhân",
    "1. Thành phần hồ sơ nộp gồm:",
    "TT", "Tên thành phần hồ sơ", "Bản chính", "Bản sao", "Bản chứng thực", "Số trang",
    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
    "Giấy tờ chứng minh nơi cư trú",
    "2. Số lượng hồ sơ: 01 (bộ)",
    "3. Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc",
    "4. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 23/11/2026",
    "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 15 phút, ngày 26/11/2026",
    "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "Phí, lệ phí: 8.000 đồng (Bằng chữ: Tám nghìn đồng)",
    "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026 Số thứ tự: 1234",
    "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
    "Nguyễn Văn An", "Trần Thị Bình",
    "Ghi chú:",
    "Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo "
    "Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Trung tâm Phục vụ hành chính "
    "công; một liên giao cho cá nhân, tổ chức nộp hồ sơ;",
    "Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Trung tâm Phục vụ hành chính công hoặc "
    "tại nhà (trụ sở tổ chức) qua dịch vụ bưu chính.",
]


def test_receipt_two_copies_every_field(pdf, dossier, settings):
    doc = pdf(render("mau-01", dossier, settings))
    assert doc.page_count() == 2
    for page, label in ((1, "(Liên 1: Lưu)"), (2, "(Liên 2: Giao khách hàng)")):
        text = doc.text(page)
        assert text == unicodedata.normalize("NFC", text)  # precomposed Vietnamese
        missing = [s for s in RECEIPT_EXPECTED + [label] if s not in text]
        assert not missing, f"page {page} lacks {missing}"
    assert "Liên 2" not in doc.text(1) and "Liên 1" not in doc.text(2)
    assert "Chủ hồ sơ" not in doc.text()  # owner absent


def test_receipt_page_size_and_fonts(pdf, dossier, settings):
    doc = pdf(render("mau-01", dossier, settings))
    for w, h in doc.page_sizes():
        assert (round(w, 2), round(h, 2)) == A5
    fonts = doc.fonts()
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert all("BeVietnamPro" in f["name"] for f in fonts), fonts
    assert b"Helvetica" not in doc.data


def test_receipt_single_copy_without_labels(pdf, dossier, settings):
    doc = pdf(render("mau-01", dossier, settings, copies_labels=False))
    assert doc.page_count() == 1
    assert "Liên" not in doc.text()
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in doc.text()


def test_receipt_qr_and_code128_decode_on_both_copies(pdf, dossier, settings):
    doc = pdf(render("mau-01", dossier, settings))
    for page in (1, 2):
        codes = doc.codes(page)
        assert codes.get("QRCode") == [URL], codes
        assert codes.get("Code128") == [dossier["code"]], codes


def test_receipt_qr_is_bare_code_without_template(pdf, dossier, settings):
    settings["lookup_url_template"] = ""
    doc = pdf(render("mau-01", dossier, settings, copies_labels=False))
    codes = doc.codes(1)
    assert codes.get("QRCode") == [dossier["code"]]
    assert codes.get("Code128") == [dossier["code"]]


def test_no_fee_prints_no_fee_line(pdf, dossier, settings):
    dossier["fees"] = []
    dossier["fee_total"] = 0
    dossier["fee_total_words"] = ""
    doc = pdf(render("mau-01", dossier, settings))
    text = doc.text()
    assert "Phí, lệ phí" not in text and "Bằng chữ" not in text
    assert "6. Đăng ký nhận kết quả tại" in text  # the rest is still there


def test_fee_words_computed_when_missing_and_items_listed(pdf, dossier, settings):
    dossier["fees"] = [
        {"name": "Lệ phí đăng ký", "type": "le_phi", "amount": 10000, "detail": ""},
        {"name": "Phí cấp bản sao", "type": "phi", "amount": 11500, "detail": ""},
    ]
    dossier["fee_total"] = 21500
    dossier.pop("fee_total_words")
    text = pdf(render("mau-01", dossier, settings, copies_labels=False)).text()
    assert "Phí, lệ phí: 21.500 đồng (Bằng chữ: Hai mươi mốt nghìn năm trăm đồng)" in text
    assert "- Lệ phí đăng ký: 10.000 đồng" in text
    assert "- Phí cấp bản sao: 11.500 đồng" in text


def test_owner_and_postal_return(pdf, dossier, settings):
    dossier["owner"] = {"full_name": "Công ty TNHH Xây dựng Hòa Bình", "id_number": "0101234567",
                        "address": "Số 5 phố Hùng Vương", "phone": "", "email": "", "sex": ""}
    dossier["return_method"] = "post"
    dossier["return_address"] = "Số 12 đường Lạc Long Quân, xã Yên Lạc"
    text = pdf(render("mau-01", dossier, settings, copies_labels=False)).text()
    assert "Chủ hồ sơ: Công ty TNHH Xây dựng Hòa Bình" in text
    assert "Tiếp nhận hồ sơ của: Nguyễn Văn An" in text
    assert ("6. Đăng ký nhận kết quả tại: Địa chỉ qua dịch vụ bưu chính công ích: "
            "Số 12 đường Lạc Long Quân, xã Yên Lạc") in text


def test_missing_optional_values_print_dots(pdf, settings):
    minimal = {"code": "000.00.06.H56-261123-0002", "procedure": {"name": "Đăng ký khai sinh"},
               "applicant": {"full_name": "Lê Thị Hoa"}}
    doc = pdf(render("mau-01", minimal, settings, copies_labels=False))
    text = doc.text()
    assert "Tiếp nhận hồ sơ của: Lê Thị Hoa" in text
    assert "Địa chỉ: …………" in text
    assert "Yên Lạc, ngày … tháng … năm …" in text
    assert "Phí, lệ phí" not in text


LONG_NAME = "Tôn Nữ Hoàng Thị Bích Phượng Nguyễn Ngọc Khánh Linh Trần Đức Minh Quang Huy Long"
LONG_ADDRESS = (
    "Số nhà 123, ngõ 45, ngách 67, hẻm 89, đường Nguyễn Thị Minh Khai kéo dài, tổ dân phố "
    "số 15, khu phố Đông Hưng Thuận, thôn Thượng Lạc, xã Yên Lạc, tỉnh Phú Thọ, gần chợ đầu "
    "mối nông sản và trường Trung học cơ sở Yên Lạc, đối diện Trạm y tế xã Yên Lạc."
)


@pytest.fixture
def crowded(dossier):
    assert len(LONG_NAME) == 80 and len(LONG_ADDRESS) == 250
    dossier["applicant"]["full_name"] = LONG_NAME
    dossier["applicant"]["address"] = LONG_ADDRESS
    dossier["procedure"]["name"] = (
        "Đăng ký kết hôn có yếu tố nước ngoài kết hợp cấp Giấy xác nhận tình trạng hôn nhân và "
        "ghi vào sổ hộ tịch việc kết hôn đã được giải quyết tại cơ quan có thẩm quyền")
    dossier["components"] = [
        {"position": i, "name": f"Thành phần số {i}: Bản sao có chứng thực giấy tờ tùy thân "
                                f"và giấy tờ chứng minh nơi cư trú của người yêu cầu đăng ký",
         "originals": 1, "copies": i % 3, "certified_copies": 1, "pages": i}
        for i in range(1, 16)
    ]
    return dossier


def test_overflow_long_values_stay_inside_and_continue(pdf, crowded, settings):
    doc = pdf(render("mau-01", crowded, settings))
    pages = doc.page_count()
    assert pages >= 4 and pages % 2 == 0  # each copy spans the same number of pages
    t, r, b, l = _margins()
    words = doc.words()
    assert words
    for w in words:
        assert w["x1"] <= w["pw"] - r + 0.5, w
        assert w["x0"] >= l - 0.5, w
        assert w["y0"] >= t - 1.5, w
        if w["text"] not in ("(Còn", "tiếp", "trang", "sau)"):
            assert w["y1"] <= w["ph"] - b + 1.0, w
    # the QR caption sits beside the address lines; pdftotext may read it in between
    text = doc.compact().replace("Quétmãđểtracứu", "")
    assert LONG_NAME.replace(" ", "") in text
    assert LONG_ADDRESS.replace(" ", "") in text
    for i in range(1, 16):
        assert f"Thànhphầnsố{i}:" in text
    half = pages // 2
    assert "(Liên 1: Lưu)" in doc.text(1)
    assert "(Liên 2: Giao khách hàng)" in doc.text(half + 1)
    assert "(Còn tiếp trang sau)" in doc.text(1)
    assert "tiếp theo (trang 2)" in doc.text(2)
    # the signatures and notes close each copy
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in doc.text(half) and "NGƯỜI TIẾP NHẬN HỒ SƠ" in doc.text(pages)
    codes = doc.codes(half + 1)
    assert codes.get("QRCode") == [URL] and codes.get("Code128") == [crowded["code"]]
