"""Properties every printed form shares: determinism, embedded fonts only, the public
API, form sets, Vietnamese number/date formatting and the layout engine itself."""

from __future__ import annotations

import copy
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

import printing
from printing import FORMS, forms_for, render, render_register, render_slip
from printing.fonts import REGULAR, register_fonts
from printing.formsets import FormSetError, load, validate
from printing.layout import Cell, Column, Flow, PageSpec, wrap
from printing.vntext import long_date, money, money_words, number_words, time_of_day

ROOT = Path(__file__).resolve().parents[2]
ALL_IDS = ["mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "mau-07", "slip", "tb-kgq"]


def _render_all(dossier: dict, settings: dict) -> dict[str, bytes]:
    out = {}
    for fid in ALL_IDS[:6]:
        out[fid] = render(fid, dossier, settings)
    out["mau-07"] = render_register([dossier, dossier], settings, "2026-11-01", "2026-11-30")
    out["slip"] = render_slip(dossier, settings)
    return out


def test_public_api_titles():
    assert list(FORMS) == ALL_IDS
    assert FORMS["mau-01"] == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert FORMS["mau-05"] == "Thông báo dừng giải quyết hồ sơ"
    assert FORMS["mau-06"] == "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    assert FORMS["mau-07"] == "Sổ theo dõi hồ sơ"
    assert "80 mm" in FORMS["slip"]
    assert printing.FORM_SETS == ("tt03_2025", "tt01_2018")


def test_deterministic_bytes_in_process(dossier, settings):
    first = _render_all(dossier, settings)
    second = _render_all(copy.deepcopy(dossier), copy.deepcopy(settings))
    for fid in first:
        assert first[fid] == second[fid], fid
        assert first[fid].startswith(b"%PDF-")


def test_deterministic_bytes_across_processes(dossier, settings):
    """A GUI preview and the CLI run in different processes: same bytes."""
    code = (
        "import hashlib, json, sys\n"
        "from printing import render, render_slip\n"
        "d, s = json.loads(sys.stdin.read())\n"
        "print(hashlib.sha256(render('mau-01', d, s)).hexdigest())\n"
        "print(hashlib.sha256(render_slip(d, s)).hexdigest())\n"
    )
    import json

    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps([dossier, settings]),
                          capture_output=True, text=True, cwd=ROOT, check=True,
                          env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    theirs = proc.stdout.split()
    ours = [hashlib.sha256(render("mau-01", dossier, settings)).hexdigest(),
            hashlib.sha256(render_slip(dossier, settings)).hexdigest()]
    assert theirs == ours


def test_every_form_embeds_only_be_vietnam_pro(pdf, dossier, settings):
    for fid, data in _render_all(dossier, settings).items():
        assert b"Helvetica" not in data and b"Times-Roman" not in data, fid
        fonts = pdf(data, fid).fonts()
        assert fonts, fid
        for f in fonts:
            assert f["emb"] == "yes" and f["uni"] == "yes", (fid, f["line"])
            assert "BeVietnamPro" in f["name"], (fid, f["line"])


def test_form_set_2018(pdf, dossier, settings):
    titles = forms_for("tt01_2018")
    assert list(titles) == ["mau-01", "mau-02", "mau-03", "mau-04", "mau-05", "mau-06", "slip", "tb-kgq"]
    assert titles["mau-04"] == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    assert titles["mau-05"] == "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    assert titles["mau-06"] == "Sổ theo dõi hồ sơ"
    settings["form_set"] = "tt01_2018"
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in pdf(render("mau-05", dossier, settings)).text()
    apology = pdf(render("mau-04", dossier, settings)).text()
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in apology
    assert "hẹn lại ngày trả kết quả giải quyết hồ sơ cho Ông" in apology
    receipt = pdf(render("receipt", dossier, settings)).text()
    assert "Số CMND/Thẻ căn cước/Hộ chiếu: 001099012345" in receipt
    register = pdf(render("mau-06", [dossier], settings)).text()
    assert "SỔ THEO DÕI HỒ SƠ" in register
    with pytest.raises(FormSetError):
        render("mau-07", dossier, settings)
    # the 2025 set is untouched by the 2018 overrides
    assert load("tt03_2025")["forms"]["mau-04"]["title"].startswith("VĂN BẢN XIN LỖI")


def test_form_set_errors(dossier, settings):
    settings["form_set"] = "tt99_2030"
    with pytest.raises(FormSetError):
        render("mau-01", dossier, settings)
    bad = copy.deepcopy(load("tt03_2025"))
    bad["forms"]["mau-01"]["kind"] = "poster"
    with pytest.raises(FormSetError):
        validate(bad)
    with pytest.raises(FormSetError):
        render("mau-99", dossier, {})


@pytest.mark.parametrize("n, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"),
    (24, "hai mươi tư"), (25, "hai mươi lăm"), (101, "một trăm linh một"),
    (110, "một trăm mười"), (1000, "một nghìn"), (8000, "tám nghìn"),
    (10500, "mười nghìn năm trăm"), (21500, "hai mươi mốt nghìn năm trăm"),
    (1_000_000, "một triệu"), (1_000_500, "một triệu năm trăm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (2_000_000_000, "hai tỷ"), (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_money_and_dates():
    assert money(8000) == "8.000" and money(1234567) == "1.234.567" and money(0) == "0"
    assert money_words(8000) == "Tám nghìn đồng"
    assert money_words(200000) == "Hai trăm nghìn đồng"
    # Nghị định 30/2020: day < 10 and months 1, 2 take a leading zero
    assert long_date("2026-03-05T10:00:00+07:00") == "ngày 05 tháng 3 năm 2026"
    assert long_date("2026-01-15") == "ngày 15 tháng 01 năm 2026"
    assert time_of_day("2026-11-23T01:15:00Z") == "08 giờ 15 phút, ngày 23/11/2026"
    assert time_of_day(None) == "… giờ … phút, ngày …/…/……"


def test_wrap_breaks_long_words_and_respects_width():
    register_fonts()
    runs = [("Mã: ", "R"), ("000.00.06.H56-261123-1001 " + "x" * 120, "B")]
    lines = wrap(runs, 9, lambda i: 100.0)
    assert len(lines) > 3
    assert all(line.width <= 100.0 + 1e-6 for line in lines)
    joined = "".join(t for line in lines for t, _s in line.segments).replace(" ", "")
    assert joined == "Mã:000.00.06.H56-261123-1001" + "x" * 120


def test_table_row_taller_than_a_page_splits_across_pages(pdf):
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A5, invariant=1, initialFontName=REGULAR)
    spec = PageSpec(A5[0], A5[1], 30, 30, 30, 40)
    flow = Flow(c, spec)
    flow.paragraph("Trước bảng")
    tall = "\n".join(f"Dòng số {i} của một ô rất dài" for i in range(1, 121))
    flow.table([Column("TT", 0.5, "center"), Column("Nội dung", 4), Column("Ghi chú", 1)],
               [["1", tall, Cell("ký", footer=("A", "B"), footer_gap=10)], ["2", "ngắn", ""]])
    flow.paragraph("Sau bảng")
    flow.finish()
    c.save()
    doc = pdf(buf.getvalue())
    assert doc.page_count() >= 3
    text = doc.text()
    positions = [text.index(f"Dòng số {i} của") for i in range(1, 121)]
    assert positions == sorted(positions)
    assert text.index("Sau bảng") > positions[-1]
    for page in range(2, doc.page_count() + 1):
        assert "Nội dung" in doc.text(page)  # header row repeated
    for w in doc.words():
        assert 40 - 0.5 <= w["x0"] and w["x1"] <= A5[0] - 30 + 0.5, w
        assert 30 - 1.5 <= w["y0"] and w["y1"] <= A5[1] - 30 + 1.0, w


def test_docs_pngs_exist_and_are_small():
    folder = ROOT / "docs" / "forms"
    for fid in ALL_IDS:
        png = folder / f"{fid}.png"
        assert png.is_file(), png
        assert png.stat().st_size < 300_000, png
