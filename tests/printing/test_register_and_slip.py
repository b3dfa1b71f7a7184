"""Mẫu 07 – Sổ theo dõi hồ sơ (A4 landscape, paged) and the 80 mm thermal slip."""

from __future__ import annotations

import copy
import re

from printing import render, render_register, render_slip

A4_LANDSCAPE = (841.89, 595.28)
SLIP_W = 226.77


def _dossiers(base: dict, n: int) -> list[dict]:
    out = []
    for i in range(n):
        d = copy.deepcopy(base)
        d["code"] = f"000.00.06.H56-2611{1 + i % 28:02d}-{i + 1:04d}"
        d["received_at"] = f"2026-11-{1 + i % 28:02d}T{8 + i % 8:02d}:{i % 60:02d}:00+07:00"
        d["applicant"]["full_name"] = f"Người nộp số {i + 1}"
        if i == 3:
            d["applicant"]["address"] = "Rất dài " * 30  # a tall row
        if i == 5:
            d["status"], d["status_name"] = 3, "Không được tiếp nhận"
        out.append(d)
    return out


def test_register_pages_header_and_running_numbers(pdf, dossier, settings):
    dossiers = _dossiers(dossier, 45)
    doc = pdf(render_register(list(reversed(dossiers)), settings, "2026-11-01", "2026-11-30"))
    n = doc.page_count()
    assert n >= 3
    for w, h in doc.page_sizes():
        assert (round(w, 2), round(h, 2)) == A4_LANDSCAPE
    first = doc.text(1)
    for s in ["UBND XÃ YÊN LẠC", "SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/11/2026 đến ngày 30/11/2026",
              "Quyển số: 01/2026"]:
        assert s in first, s
    for page in range(1, n + 1):
        text = doc.text(page)
        compact = doc.compact(page)
        # the header row (with its group and column numbers) repeats on every page
        for s in ["STT", "Mã hồ sơ", "Tên TTHC", "Ngày, tháng, năm", "Nhận hồ sơ", "Ký nhận",
                  "Ghi chú", "(1)", "(14)"]:
            assert s in text, (page, s)
        for s in ["Têncánhân,tổchức", "Địachỉ,sốđiệnthoại", "Cơquanchủtrìgiảiquyết",
                  "Hẹntrảkếtquả", "Chuyểnhồsơđếncơquangiảiquyết",
                  "Nhậnkếtquảtừcơquangiảiquyết", "Trảkếtquảchocánhân,tổchức"]:
            assert s in compact, (page, s)
        assert f"Trang {page}" in text
    # running STT in receipt order, across pages
    all_text = doc.compact()
    words = doc.words()
    # a code wraps after its agency part inside the narrow column: check the pieces
    pieces = {w["text"] for w in words}
    for d in dossiers:
        agency, rest = d["code"].split("-", 1)
        assert agency + "-" in pieces and rest in pieces, d["code"]
        assert d["applicant"]["full_name"].replace(" ", "") in all_text
    stt = [int(w["text"]) for w in words if re.fullmatch(r"\d{1,2}", w["text"])
           and w["x1"] < 64]
    assert stt == list(range(1, 46))
    assert "Khôngđượctiếpnhận" in all_text
    assert "23/11/2026" in all_text and "14:00" in all_text  # handover date column
    for w in words:
        assert w["x1"] <= w["pw"] - 10 * 72 / 25.4 + 0.5, w


def test_register_via_render_and_empty(pdf, dossier, settings):
    doc = pdf(render("mau-07", {"dossiers": [dossier], "from": "2026-11-01",
                                "to": "2026-11-30"}, settings))
    assert doc.page_count() == 1
    pieces = {w["text"] for w in doc.words()}
    assert {"000.00.06.H56-", "261123-1001"} <= pieces
    empty = pdf(render_register([], settings, "2026-11-01", "2026-11-30"))
    assert empty.page_count() == 1 and "SỔ THEO DÕI HỒ SƠ" in empty.text()


def test_slip_content_size_and_qr(pdf, dossier, settings):
    doc = pdf(render_slip(dossier, settings))
    assert doc.page_count() == 1
    (w, h), = doc.page_sizes()
    assert round(w, 2) == SLIP_W
    assert 200 < h < 500
    text = doc.text()
    for s in ["Trung tâm Phục vụ hành chính công xã Yên Lạc", "PHIẾU HẸN",
              "Mã hồ sơ: 000.00.06.H56-261123-1001",
              "Thủ tục: Cấp Giấy xác nhận tình trạng hôn nhân", "Người nộp: Nguyễn Văn An",
              "HẸN TRẢ KẾT QUẢ", "Thứ Năm, 26/11/2026", "08 giờ 15 phút", "Nơi trả: Quầy số 1",
              "Quét mã QR để tra cứu tình trạng hồ sơ."]:
        assert s in text, s
    codes = doc.codes(1, dpi=200)
    assert codes.get("QRCode") == [
        "https://dichvucong.example.gov.vn/tra-cuu?ma=000.00.06.H56-261123-1001"]
    words = doc.words()
    assert max(wd["y1"] for wd in words) > h - 40  # height fitted: content reaches the end
    for wd in words:
        assert 4 * 72 / 25.4 - 0.5 <= wd["x0"] and wd["x1"] <= w - 4 * 72 / 25.4 + 0.5, wd
    fonts = doc.fonts()
    assert fonts and all(f["emb"] == "yes" for f in fonts)


def test_slip_without_url_template_and_long_values(pdf, dossier, settings):
    settings["lookup_url_template"] = ""
    dossier["applicant"]["full_name"] = "Tôn Nữ Hoàng Thị Bích Phượng Nguyễn Ngọc Khánh Linh " \
                                        "Trần Đức Minh Quang Huy Long"
    doc = pdf(render_slip(dossier, settings))
    text = doc.text()
    assert "Tra cứu bằng mã hồ sơ tại quầy hoặc qua số điện thoại 0211 3861 234." in text
    assert doc.codes(1).get("QRCode") == [dossier["code"]]
    (w, _h), = doc.page_sizes()
    for wd in doc.words():
        assert wd["x1"] <= w - 4 * 72 / 25.4 + 0.5, wd


def test_a_long_register_shows_every_row_once_with_its_repeated_cells(pdf, dossier, settings):
    """A month's register repeats procedure names, units and dates down the rows: each row
    still shows its own (issue 16: wrapped cells are remembered per table, each row's text is
    one text object), and the streams are compressed without ASCII85 on top."""
    dossiers = _dossiers(dossier, 300)
    raw = render_register(dossiers, settings, "2026-11-01", "2026-11-30")
    assert b"/ASCII85Decode" not in raw
    doc = pdf(raw)
    placed = sorted(doc.words(), key=lambda w: (w["page"], w["y0"], w["x0"]))  # page, then top to bottom
    rests = [w["text"] for w in placed if re.fullmatch(r"2611\d\d-\d{4}", w["text"])]
    assert rests == [d["code"].split("-", 1)[1] for d in sorted(dossiers, key=lambda d: (d["received_at"], d["code"]))]
    stt = [int(w["text"]) for w in placed if re.fullmatch(r"\d{1,3}", w["text"]) and w["x1"] < 64]
    assert stt == list(range(1, 301))
    assert doc.compact().count("tìnhtrạnghôn") == 300
