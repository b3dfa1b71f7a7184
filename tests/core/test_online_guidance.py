"""Issue 20, scope 2 on the core: a citizen who could submit online is guided to the portal: a
numbered line of the slips register (kind "online"), no dossier, counted in the tally as its own
column, and a printed guide whose QR is the procedure's portal link."""

import json
import subprocess
import sys
from datetime import date, datetime

import pytest

from counter_app import accounts, prereceipt, printouts, settings
from counter_app.errors import UserError, ValidationFailed
from counter_app.reports import bieu06, tally
from counter_app.reports.tally import TallyFilter
from counter_app.timeutil import VN_TZ
from helpers import STATION

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ)


def online(**over):
    data = {"outcome": "online", "procedure_code": "1.004873", "received_at": "2026-11-20T10:00:00+07:00"}
    data.update(over)
    return data


def counts(db):
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("dossiers", "slips", "outbox"))


def test_guided_online_needs_only_the_procedure(db, admin):
    before = counts(db)
    req = prereceipt.parse(online(), now=NOW)
    assert (req.kind, req.applicant, req.reason, req.missing_items) == ("online", {}, "", [])
    slip = prereceipt.save_slip(db, req, admin, now=NOW)
    assert (slip.label, slip.form_id) == ("1/2026", "huong-dan-truc-tuyen")
    assert counts(db) == (before[0], before[1] + 1, before[2])  # no dossier, nothing to sync
    named = prereceipt.save_slip(db, prereceipt.parse(online(applicant={"full_name": "Lê Văn Mạng"},
                                                             reason="Đã có tài khoản VNeID mức 2"), now=NOW), admin, now=NOW)
    got = prereceipt.get_slip(db, named.label)
    assert got["applicant"]["full_name"] == "Lê Văn Mạng" and got["reason"] == "Đã có tài khoản VNeID mức 2"
    audit = db.execute("SELECT action, object, details FROM audit WHERE action = 'intake-online' ORDER BY id").fetchall()
    assert [o for _a, o, _d in audit] == ["1/2026", "2/2026"] and "Lê Văn Mạng" not in audit[1][2]


def test_bad_online_guidance_writes_nothing(db, admin):
    before = counts(db)
    with pytest.raises(ValidationFailed) as e:
        prereceipt.parse(online(procedure_code="", missing_items=[{"name": "Tờ khai"}]), now=NOW)
    assert set(e.value.errors) == {"procedure_code", "missing_items"}
    with pytest.raises(ValidationFailed) as e:
        prereceipt.parse(online(outcome="portal"), now=NOW)
    assert "\"online\" (hướng dẫn nộp trực tuyến)" in e.value.errors["outcome"]
    with pytest.raises(UserError):
        prereceipt.save_slip(db, prereceipt.parse(online(procedure_code="9.999999"), now=NOW), admin, now=NOW)
    assert counts(db) == before


def test_the_tally_counts_it_and_bieu06_does_not(db, admin):
    before = bieu06.compute_bieu06(db, admin, DAY, DAY, now=NOW).total.values
    for _ in range(3):
        prereceipt.save_slip(db, prereceipt.parse(online(), now=NOW), admin, now=NOW)
    t = tally.compute_tally(db, admin, TallyFilter(DAY, DAY, "procedure"), now=NOW)
    assert (t.totals["guided_online"], t.totals["guided"], t.totals["received"]) == (3, 0, 0)
    assert t.value("1.004873", "guided_online") == 3
    assert bieu06.compute_bieu06(db, admin, DAY, DAY, now=NOW).total.values == before
    assert tally.verify_aggregates(db) == []


@pytest.mark.skipif(sys.platform == "win32", reason="pdftotext/pdftoppm (poppler) are Linux-only in CI")
def test_the_printed_guide_carries_the_portal_link_as_qr(db, admin, tmp_path):
    settings.update(db, admin, {"portal_procedure_url_template": "https://dichvucong.phutho.gov.vn/thu-tuc?ma={code}"})
    slip = prereceipt.save_slip(db, prereceipt.parse(online(), now=NOW), admin, now=NOW)
    pdf = printouts.render_slip_form(db, "huong-dan-truc-tuyen", slip.label)
    f = tmp_path / "g.pdf"
    f.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "PHIẾU HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN" in text and "mã 1.004873" in text
    assert "https://dichvucong.phutho.gov.vn/thu-tuc?ma=1.004873" in text
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(f), str(tmp_path / "g")], check=True)
    import zxingcpp
    from PIL import Image

    with Image.open(tmp_path / "g.png") as img:
        assert [r.text for r in zxingcpp.read_barcodes(img.convert("L"))] == [
            "https://dichvucong.phutho.gov.vn/thu-tuc?ma=1.004873"]
    with pytest.raises(UserError, match="in bằng huong-dan-truc-tuyen, không phải mau-02"):
        printouts.render_slip_form(db, "mau-02", slip.label)
