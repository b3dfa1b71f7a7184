"""Issue 17, scope 1 (the check before receiving), on the core: a guidance (Mẫu 02) or a refusal
(Mẫu 03) at the counter writes a numbered slip, no dossier and no code; the tallies count it in
columns of their own; Biểu 06 and the Sổ theo dõi (Mẫu 07) do not."""

import json
import shutil
import subprocess
from datetime import date, datetime

import pytest

from counter_app import dossiers, intake, prereceipt, printouts, procedures
from counter_app.errors import NotFound, UserError, ValidationFailed
from counter_app.reports import bieu06, tally
from counter_app.reports.tally import TallyFilter
from counter_app.timeutil import VN_TZ
from helpers import sample_intake

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ)


def guide(**over):
    data = sample_intake(outcome="guide", received_at="2026-11-20T10:00:00+07:00",
                         missing_items=[{"name": "Bản sao Giấy chứng tử", "certified_copies": 1}],
                         reason="Thiếu giấy chứng tử")
    data["applicant"] = {**data["applicant"], "full_name": "Lê Thị Hướng", "sex": "Nữ"}
    data.update(over)
    return data


def refuse(**over):
    data = sample_intake(outcome="refuse", received_at="2026-11-20T11:00:00+07:00", reason="Không thuộc thẩm quyền")
    data["applicant"] = {**data["applicant"], "full_name": "Phạm Văn Chối"}
    data.update(over)
    return data


def text_of(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def counts(db):
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("dossiers", "slips", "outbox", "history"))


def test_outcome_parsing():
    assert isinstance(prereceipt.parse(sample_intake()), intake.IntakeRequest)
    assert isinstance(prereceipt.parse(sample_intake(outcome="receive")), intake.IntakeRequest)
    g = prereceipt.parse(guide(), now=NOW)
    assert (g.kind, g.reason, g.missing_items) == (
        "guide", "Thiếu giấy chứng tử", [{"name": "Bản sao Giấy chứng tử", "originals": 0, "certified_copies": 1, "copies": 0}])
    # no components handed in and no ID number: still a guidance (the ID paper may be what is missing)
    g = prereceipt.parse(guide(components=[], applicant={"full_name": "Lê Thị Hướng"}), now=NOW)
    assert g.applicant["full_name"] == "Lê Thị Hướng" and not g.applicant.get("id_number")
    r = prereceipt.parse(refuse(), now=NOW)
    assert (r.kind, r.missing_items) == ("refuse", [])
    with pytest.raises(ValidationFailed) as e:
        prereceipt.parse({"outcome": "guide"}, now=NOW)
    assert set(e.value.errors) >= {"procedure_code", "applicant", "reason", "missing_items"}
    with pytest.raises(ValidationFailed, match="outcome"):
        prereceipt.parse(sample_intake(outcome=1))
    with pytest.raises(ValidationFailed, match="Thời điểm tiếp nhận không được ở tương lai"):
        prereceipt.parse(guide(received_at="2026-11-22T10:00:00+07:00"), now=NOW)
    with pytest.raises(ValidationFailed, match="Có trường không hợp lệ: bogus"):
        prereceipt.parse(guide(bogus=1), now=NOW)
    with pytest.raises(UserError):
        prereceipt.parse([1])


def test_guide_and_refuse_write_slips_not_dossiers(db, admin):
    before = counts(db)
    g = prereceipt.save_slip(db, prereceipt.parse(guide(), now=NOW), admin, now=NOW)
    r = prereceipt.save_slip(db, prereceipt.parse(refuse(), now=NOW), admin, now=NOW)
    assert (g.label, g.form_id, r.label, r.form_id) == ("1/2026", "mau-02", "2/2026", "mau-03")
    after = counts(db)
    assert after[0] == before[0] and after[2:] == before[2:] and after[1] == before[1] + 2  # no dossier, nothing to sync
    slip = prereceipt.get_slip(db, "1/2026")
    assert slip["kind"] == "guide" and slip["procedure"]["code"] == "1.004873"
    assert slip["applicant"]["id_number"] == "001099012345" and slip["clerk"] == admin.full_name
    assert slip["at"] == "2026-11-20T10:00:00+07:00" and slip["day"] == "2026-11-20"
    assert prereceipt.get_slip(db, "2", now=NOW)["reason"] == "Không thuộc thẩm quyền"
    audit = db.execute("SELECT action, object, details FROM audit WHERE action LIKE 'intake-%' ORDER BY id").fetchall()
    assert [(a, o) for a, o, _d in audit] == [("intake-guide", "1/2026"), ("intake-refuse", "2/2026")]
    assert "Lê Thị Hướng" not in audit[0][2] and "001099012345" not in audit[0][2]  # no personal data in the audit
    assert json.loads(audit[0][2])["missing"] == 1
    # the register number restarts each year (sequence per year and station)
    nxt = prereceipt.save_slip(db, prereceipt.parse(refuse(received_at="2027-01-04T08:00:00+07:00"),
                                                    now=datetime(2027, 1, 4, 9, tzinfo=VN_TZ)), admin)
    assert nxt.label == "1/2027"
    with pytest.raises(NotFound):
        prereceipt.get_slip(db, "3/2026")
    with pytest.raises(UserError, match="Số phiếu không hợp lệ"):
        prereceipt.parse_ref("0")
    assert prereceipt.list_slips(db, DAY, DAY)[1]["label"] == "2/2026"


def test_a_bad_procedure_writes_nothing(db, admin):
    before = counts(db)
    audit = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    with pytest.raises(NotFound):
        prereceipt.save_slip(db, prereceipt.parse(guide(procedure_code="9.999999"), now=NOW), admin, now=NOW)
    assert counts(db) == before and db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audit
    # the sequence was rolled back with the rest: the next slip is number 1
    assert prereceipt.save_slip(db, prereceipt.parse(guide(), now=NOW), admin, now=NOW).number == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed (Linux-only here)")
def test_forms_from_a_slip_and_no_register_line(db, admin):
    saved = intake.save(db, intake.parse_request(sample_intake()), admin)
    prereceipt.save_slip(db, prereceipt.parse(guide(), now=NOW), admin, now=NOW)
    prereceipt.save_slip(db, prereceipt.parse(refuse(), now=NOW), admin, now=NOW)
    m02 = text_of(printouts.render_slip_form(db, "mau-02", "1/2026"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in m02 and "Số: 1/" in m02
    assert "Tiếp nhận hồ sơ của Bà: Lê Thị Hướng" in m02 and "Bản sao Giấy chứng tử" in m02
    assert "Lý do: Thiếu giấy chứng tử" in m02 and "Mã hồ sơ" not in m02
    m03 = text_of(printouts.render_slip_form(db, "mau-03", "2/2026"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in m03 and "Số: 2/" in m03
    assert "lý do cụ thể như sau: Không thuộc thẩm quyền" in m03 and "Mã hồ sơ" not in m03
    with pytest.raises(UserError, match="in bằng mau-03"):
        printouts.render_slip_form(db, "mau-02", "2/2026")
    with pytest.raises(UserError):
        printouts.render_slip_form(db, "mau-01", "1/2026")
    # Mẫu 07: the received dossier only
    register = dossiers.register_data(db, DAY, DAY)
    assert [d["code"] for d in register] == [saved.code]
    m07 = text_of(printouts.render_form(db, "mau-07", None, DAY, DAY))
    assert "Nguyễn Văn An" in m07 and "Lê Thị Hướng" not in m07 and "Phạm Văn Chối" not in m07


def test_tallies_count_them_and_bieu06_does_not(db, admin):
    intake.save(db, intake.parse_request(sample_intake()), admin)
    f = TallyFilter(DAY, DAY, "procedure")
    before = bieu06.compute_bieu06(db, admin, DAY, DAY, now=NOW).total.values
    prereceipt.save_slip(db, prereceipt.parse(guide(), now=NOW), admin, now=NOW)
    prereceipt.save_slip(db, prereceipt.parse(guide(), now=NOW), admin, now=NOW)
    prereceipt.save_slip(db, prereceipt.parse(refuse(), now=NOW), admin, now=NOW)
    t = tally.compute_tally(db, admin, f, now=NOW)
    assert (t.totals["received"], t.totals["guided"], t.totals["turned_away"], t.totals["refused"]) == (1, 2, 1, 0)
    assert t.value("1.004873", "guided") == 2
    by_clerk = tally.compute_tally(db, admin, TallyFilter(DAY, DAY, "clerk"), now=NOW)
    assert by_clerk.value(admin.full_name, "turned_away") == 1
    by_day = tally.compute_tally(db, admin, TallyFilter(date(2026, 11, 19), DAY, "day"), now=NOW)
    assert by_day.value(DAY.isoformat(), "guided") == 2 and by_day.value("2026-11-19", "guided") == 0
    assert by_day.totals["guided"] == 2
    by_channel = tally.compute_tally(db, admin, TallyFilter(DAY, DAY, "channel"), now=NOW)
    assert by_channel.value(1, "guided") == 2 and by_channel.value(2, "guided") == 0
    other_proc = tally.compute_tally(db, admin, TallyFilter(DAY, DAY, "procedure", procedure_code="2.000884"), now=NOW)
    assert other_proc.totals["guided"] == 0
    # Biểu 06 (received in the period, resolved, in progress) is unchanged by the slips
    after = bieu06.compute_bieu06(db, admin, DAY, DAY, now=NOW)
    assert after.total.values == before and after.total.values[3] == 1
    assert tally.verify_aggregates(db) == []


def test_unticked_components_prefill_the_guidance(db):
    p = procedures.get_active(db, "1.004873").procedure
    names = [c.name for c in p.components]
    assert prereceipt.components_not_ticked(p, [{"name": names[0]}]) == names[1:]
    assert prereceipt.components_not_ticked(p, [{"name": n} for n in names]) == []
