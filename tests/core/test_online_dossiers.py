"""Issue 20, scope 1 on the core: online dossiers pulled from the change feed wait at the counter
(the worklist, with the working hours waited against the legal receiving time) and end with the
counter's three outcomes, each one transaction written offline with its outbox rows, sent later.
The feed changes are built per the contract (tests/online_feed.py); the end to end run against
the reference server is tests/sync/test_online_sync.py."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from counter_app import dossiers, online, province_changes, settings, statuses
from counter_app.db import write_tx
from counter_app.errors import NotFound, UserError, ValidationFailed
from counter_app.scanning import store
from counter_app.timeutil import VN_TZ
from online_feed import PROCEDURE, TO_KHAI, change, closed, file_item, online_code, record
from helpers import ID_PAPER
from sync import answers, bodies
from sync.adapters.reference import ReferenceAdapter
from sync.queue import Queue

FRI_16 = datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ)  # a Friday, one office hour left
MON_9 = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)


def pull(db, *changes):
    with write_tx(db):
        return province_changes.receive(db, list(changes))


def two_files(tag: bytes = b"v1"):
    a, b = b"%PDF-1.4 to khai " + tag, b"%PDF-1.4 cccd " + tag
    return [a, b], [file_item(a, "to-khai.pdf", "1", TO_KHAI, "11"),
                    file_item(b, "cccd.jpg", "3", ID_PAPER, "12")]


def q(db, sql, args=()):
    return [tuple(r) for r in db.execute(sql, args)]


def counts(db):
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("dossiers", "slips", "outbox", "online_outcomes", "attachments"))


def test_feed_stores_the_dossier_and_the_worklist_counts_working_hours(db):
    _data, files = two_files()
    code = online_code()
    res = pull(db, change(1, record(code, submitted=FRI_16, files=files)))
    assert res["applied"] == 1
    assert q(db, "SELECT kind, dossier_code, state FROM sync_inbox") == [("online-dossier", code, "applied")]
    [item] = online.list_waiting(db, now=MON_9)
    # Friday 16:00-17:00 and Monday 07:00-09:00; the weekend does not count
    assert item == {"code": code, "procedure_code": PROCEDURE, "procedure_name": "Cấp Giấy xác nhận tình trạng hôn nhân",
                    "applicant_name": "Phạm Thị Hoa", "submitted_at": FRI_16, "files_total": 2, "files_ready": 0,
                    "waited_hours": 3.0, "limit_hours": 8, "overdue": False, "state": "waiting"}
    later = online.list_waiting(db, now=MON_9 + timedelta(hours=7))  # + 2.5 h morning, 2.5 h afternoon
    assert later[0]["waited_hours"] == 8.0 and not later[0]["overdue"]
    assert online.list_waiting(db, now=MON_9 + timedelta(hours=8))[0]["overdue"]
    detail = online.get(db, code, now=MON_9)
    assert detail["applicant"] == {"full_name": "Phạm Thị Hoa", "id_number": "001199004321", "birth_date": "02/03/1999",
                                   "address": "Thôn Tây, xã Yên Lạc", "phone": "0987654321", "email": "hoa@example.vn"}
    assert [(f["name"], f["component_position"], f["state"], f["path"]) for f in detail["files"]] == [
        ("to-khai.pdf", 1, "waiting", None), ("cccd.jpg", 3, "waiting", None)]
    assert detail["files"][1]["component_name"] == ID_PAPER and detail["files"][1]["ext"] == "jpg"
    assert q(db, "SELECT action, object FROM audit WHERE action = 'province-online'") == [
        ("province-online", code)]


def test_submitted_outside_hours_counts_from_the_next_working_time(db):
    sat = datetime(2026, 11, 21, 10, 0, tzinfo=VN_TZ)
    pull(db, change(1, record(online_code("261121", 1), submitted=sat)),
         change(2, record(online_code("261120", 2), submitted=FRI_16)))
    items = online.list_waiting(db, now=MON_9)
    assert [i["code"] for i in items] == [online_code("261120", 2), online_code("261121", 1)]  # oldest first
    assert items[1]["waited_hours"] == 2.0
    with write_tx(db):
        settings.put_many(db, {"online_receive_limit_hours": 1.5})
    assert [i["overdue"] for i in online.list_waiting(db, now=MON_9)] == [True, True]


def test_limit_setting_is_checked(db, admin):
    with pytest.raises(UserError, match="số giờ làm việc"):
        settings.update(db, admin, {"online_receive_limit_hours": 0})
    settings.update(db, admin, {"online_receive_limit_hours": 16})
    assert online.limit_hours(db) == 16


def test_file_fetch_bookkeeping(db, data_dir):
    data, files = two_files()
    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16, files=files)))
    todo = online.files_to_fetch(db, now=MON_9)
    assert [t["sha256"] for t in todo] == [f["Sha256"] for f in files]
    stored = store.put(data_dir, data[0], "pdf")
    with write_tx(db):
        assert online.file_fetched(db, stored.sha256) == 1
        online.file_failed(db, todo[1]["id"], "mất mạng", now=MON_9)
    got = online.get(db, code, now=MON_9)["files"]
    assert got[0]["state"] == "ready" and got[0]["path"] == stored.path and got[0]["path"].exists()
    assert got[1]["state"] == "waiting" and got[1]["error"] == "mất mạng"
    assert online.files_to_fetch(db, now=MON_9) == []  # waits a minute
    assert len(online.files_to_fetch(db, now=MON_9 + timedelta(minutes=2))) == 1
    with write_tx(db):
        online.file_failed(db, todo[1]["id"], "404", permanent=True, now=MON_9)
    assert online.get(db, code)["files"][1]["state"] == "failed"
    assert online.retry_files(db, code) == 1 and len(online.files_to_fetch(db, now=MON_9)) == 1
    assert online.list_waiting(db, now=MON_9)[0]["files_ready"] == 1
    report = store.verify_all(db, data_dir)  # a fetched file of an online dossier is known and checked
    assert (report.unknown, report.ok, report.healthy) == ([], 1, True)


def test_resubmission_after_guidance_returns_to_the_worklist_with_new_files(db, admin):
    _d, files = two_files()
    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16, files=files[:1])))
    # a second change while it waits: the file list is replaced, still round 1
    pull(db, change(2, record(code, submitted=FRI_16, files=files)))
    assert online.get(db, code)["round"] == 1 and len(online.get(db, code)["files"]) == 2
    slip = online.guide(db, code, {"reason": "Thiếu bản chụp CCCD rõ nét", "missing_items": [{"name": ID_PAPER}]},
                        admin, now=MON_9)
    assert online.list_waiting(db, now=MON_9) == []
    assert online.get(db, code)["state"] == "guided" and online.get(db, code)["slip"] == slip.label
    _d2, files2 = two_files(b"v2")
    pull(db, change(3, record(code, submitted=MON_9 + timedelta(hours=1), files=files2)))
    again = online.get(db, code, now=MON_9 + timedelta(hours=2))
    assert (again["state"], again["round"], again["slip"]) == ("waiting", 2, None)
    assert [f["sha256"] for f in again["files"]] == [f["Sha256"] for f in files2]
    assert again["waited_hours"] == 1.0  # counted from the resubmission


def test_a_decided_dossier_is_never_overwritten(db, admin):
    _d, files = two_files()
    a, b = online_code(seq=1), online_code(seq=2)
    pull(db, change(1, record(a, submitted=FRI_16, files=files)), change(2, record(b, submitted=FRI_16, files=files)))
    online.receive(db, a, {}, admin, now=MON_9)
    online.refuse(db, b, {"reason": "Không thuộc thẩm quyền của xã"}, admin, now=MON_9)
    res = pull(db, change(3, record(a, submitted=MON_9, files=files)), change(4, record(b, submitted=MON_9, files=files)))
    assert res["not-applied"] == 2
    reasons = [r[0] for r in db.execute("SELECT reason FROM sync_inbox WHERE remote_id IN ('3', '4') ORDER BY id")]
    assert "đã được tiếp nhận tại quầy này" in reasons[0] and "đã bị từ chối tiếp nhận" in reasons[1]
    assert online.get(db, a)["state"] == "received" and online.get(db, b)["state"] == "refused"


def test_closed_elsewhere_leaves_the_worklist(db, admin):
    _d, files = two_files()
    a, b = online_code(seq=1), online_code(seq=2)
    pull(db, change(1, record(a, submitted=FRI_16, files=files)), change(2, record(b, submitted=FRI_16, files=files)))
    online.guide(db, b, {"reason": "Thiếu giấy tờ", "missing_items": ["Tờ khai"]}, admin, now=MON_9)
    res = pull(db, closed(3, a), closed(4, b), closed(5, online_code(seq=9)))
    assert (res["applied"], res["not-applied"]) == (2, 1)  # the unknown one: nothing to do
    assert online.list_waiting(db, now=MON_9) == []
    got = online.get(db, a)
    assert (got["state"], got["closed_by"]) == ("closed", "000.00.06.H56/2")
    with pytest.raises(UserError, match="Trạm khác đã xử lý"):
        online.receive(db, a, {}, admin, now=MON_9)
    assert online.get(db, b)["state"] == "guided"
    # the province offers it again (a resubmission of a dossier another station guided): waiting
    pull(db, change(6, record(a, submitted=MON_9, files=files)))
    assert online.get(db, a)["state"] == "waiting"


def test_bad_shapes_are_refused_by_the_feed_check(db):
    good = change(1, record(online_code(), submitted=FRI_16, files=two_files()[1]))
    bad_sha = json.loads(json.dumps(good))
    bad_sha["id"] = "2"
    bad_sha["HoSo"]["TaiLieuNop"][0]["Sha256"] = "xyz"
    no_record = {"id": "3", "type": "online-dossier", "HoSo": "?"}
    bad_time = change(4, record(online_code(seq=4), submitted=FRI_16, NgayNopHoSo="20.11.2026"))
    wrong_status = change(5, record(online_code(seq=5), submitted=FRI_16, TrangThaiHoSo="2"))
    bad_size = json.loads(json.dumps(good))
    bad_size["id"] = "6"
    bad_size["HoSo"]["TaiLieuNop"][1]["DungLuong"] = "-5"
    foreign_url = json.loads(json.dumps(good))
    foreign_url["id"] = "7"
    foreign_url["HoSo"]["TaiLieuNop"][0]["DuongDanTaiTepTin"] = "ftp://elsewhere/x"
    bad_closed = {"id": "8", "type": "online-dossier-closed", "MaHoSo": online_code(), "TrangThaiHoSo": "x"}
    page = answers.feed_page({"changes": [good, bad_sha, no_record, bad_time, wrong_status, bad_size, foreign_url,
                                          bad_closed], "cursor": "8", "more": False}, None)
    assert [c["id"] for c in page.changes] == ["1"]
    assert len(page.refused) == 7
    assert all("hồ sơ trực tuyến" in r for r in page.refused), page.refused
    assert "Sha256" in page.refused[0] and "NgayNopHoSo" in page.refused[2] and "TrangThaiHoSo" in page.refused[3]
    # the core is defensive too: a record it cannot read is "not applied", never a crash
    res = pull(db, no_record, {"id": "9", "type": "online-dossier", "HoSo": {"MaHoSo": "x"}})
    assert res["not-applied"] == 2 and online.list_waiting(db) == []


def test_receive_offline_makes_a_channel_2_dossier_with_its_files(db, admin, data_dir):
    data, files = two_files()
    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16, files=files)))
    stored = store.put(data_dir, data[0], "pdf")  # the first file was fetched, the second not yet
    with write_tx(db):
        online.file_fetched(db, stored.sha256)
    saved = online.receive(db, code, {"applicant": {"phone": "0911222333"}}, admin, now=MON_9)
    assert saved.code == code and saved.received_at == MON_9
    # 3 working days from the receipt (not from the submission on Friday)
    assert saved.due_at.date() == datetime(2026, 11, 26).date()
    d = dossiers.get_detail(db, code)
    assert (d["channel"], d["status"], d["applicant"]["full_name"], d["applicant"]["phone"]) == (
        2, statuses.RECEIVED, "Phạm Thị Hoa", "0911222333")
    assert [c["name"] for c in d["components"]] == [TO_KHAI, ID_PAPER]
    att = q(db, "SELECT a.component_position, a.filename, f.remote_url, f.purged_at IS NOT NULL FROM attachments a "
            "JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = ? ORDER BY a.id", [saved.id])
    assert [(p, n, u, gone) for p, n, u, gone in att] == [
        (1, "to-khai.pdf", files[0]["DuongDanTaiTepTin"], 0), (2, "cccd.jpg", files[1]["DuongDanTaiTepTin"], 1)]
    rows = q(db, "SELECT kind, dossier_id, ref FROM outbox ORDER BY id")
    assert [(k, did) for k, did, _r in rows] == [("dossier", saved.id), ("progress", saved.id)]
    assert online.get(db, code)["state"] == "received" and online.get(db, code)["dossier_code"] == code
    # the claim (progress, TrangThai 2) goes before the record
    group = Queue(db).groups[saved.id]
    assert [r.kind for r in group] == ["progress", "dossier"]
    adapter = ReferenceAdapter()
    entry = json.loads(bodies.freeze(db, adapter, group[0]))
    rec = json.loads(bodies.freeze(db, adapter, group[1]))
    entry = entry.get("entry", entry)
    rec = rec.get("record", rec)
    assert (entry["MaHoSo"], entry["TrangThai"], entry["ThoiDiemXuLy"]) == (code, "2", "20261123090000")
    assert (rec["MaHoSo"], rec["KenhThucHien"], rec["TrangThaiHoSo"]) == (code, "2", "2")
    assert (rec["NgayNopHoSo"], rec["NgayTiepNhan"], rec["NgayHenTra"][:8]) == ("20261120160000", "20261123090000", "20261126")
    assert [(t["DuongDanTaiTepTin"], t["Sha256"]) for t in rec["TaiLieuNop"]] == [
        (f["DuongDanTaiTepTin"], f["Sha256"]) for f in files]
    audit = db.execute("SELECT object, details FROM audit WHERE action = 'intake'").fetchall()
    assert audit[0][0] == code and json.loads(audit[0][1])["online"] is True and "Hoa" not in audit[0][1]


def test_guide_and_refuse_make_slips_and_progress_entries(db, admin):
    a, b = online_code(seq=1), online_code(seq=2)
    pull(db, change(1, record(a, submitted=FRI_16)), change(2, record(b, submitted=FRI_16)))
    g = online.guide(db, a, {"reason": "Thiếu tờ khai", "missing_items": [{"name": TO_KHAI, "originals": 1}]},
                     admin, now=MON_9)
    r = online.refuse(db, b, {"reason": "Không thuộc thẩm quyền"}, admin, now=MON_9)
    assert (g.kind, g.form_id, r.kind, r.form_id) == ("guide", "mau-02", "refuse", "mau-03")
    assert db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 0
    rows = Queue(db)
    adapter = ReferenceAdapter()
    got = []
    for group in rows.groups.values():
        body = json.loads(bodies.freeze(db, adapter, group[0]))
        got.append(body.get("entry", body))
    assert [(e["MaHoSo"], e["TrangThai"]) for e in got] == [(a, "5"), (b, "3")]
    assert "Thiếu tờ khai" in got[0]["NoiDungXuLy"] and TO_KHAI in got[0]["NoiDungXuLy"]
    assert "Không thuộc thẩm quyền" in got[1]["NoiDungXuLy"]
    slip = __import__("counter_app.prereceipt", fromlist=["x"]).get_slip(db, g.label)
    assert slip["applicant"]["full_name"] == "Phạm Thị Hoa" and slip["procedure"]["code"] == PROCEDURE
    audit = db.execute("SELECT action, details FROM audit WHERE action IN ('intake-guide', 'intake-refuse') ORDER BY id").fetchall()
    assert [json.loads(d)["online"] for _a, d in audit] == [a, b]


def test_bad_outcomes_write_nothing(db, admin):
    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16, files=two_files()[1])))
    before = counts(db)
    with pytest.raises(ValidationFailed) as e:
        online.guide(db, code, {"reason": ""}, admin, now=MON_9)
    assert {"reason", "missing_items"} <= set(e.value.errors)
    with pytest.raises(ValidationFailed):
        online.refuse(db, code, {"reason": "x", "outcome": "guide"}, admin, now=MON_9)
    with pytest.raises(ValidationFailed, match="kênh 2"):
        online.receive(db, code, {"channel": 1}, admin, now=MON_9)
    with pytest.raises(ValidationFailed) as e:
        online.receive(db, code, {"received_at": "2026-11-20T10:00:00+07:00"}, admin, now=MON_9)
    assert "trước thời điểm nộp" in e.value.errors["received_at"]
    with pytest.raises(ValidationFailed) as e:  # a required component left out
        online.receive(db, code, {"components": [{"name": TO_KHAI, "originals": 1}]}, admin, now=MON_9)
    assert "components.required" in e.value.errors
    with pytest.raises(NotFound):
        online.receive(db, online_code(seq=7), {}, admin, now=MON_9)
    assert counts(db) == before and online.get(db, code)["state"] == "waiting"
    online.receive(db, code, {}, admin, now=MON_9)
    with pytest.raises(UserError, match="không còn chờ tiếp nhận"):
        online.guide(db, code, {"reason": "x", "missing_items": ["y"]}, admin, now=MON_9)


def test_reports_count_online_outcomes_as_channel_2(db, admin):
    from counter_app.reports import bieu06, scorecard, tally
    from counter_app.reports.tally import TallyFilter

    codes = [online_code(seq=i) for i in (1, 2, 3)]
    pull(db, *(change(i, record(c, submitted=FRI_16, files=two_files(str(i).encode())[1])) for i, c in enumerate(codes, 1)))
    before = bieu06.compute_bieu06(db, admin, MON_9.date(), MON_9.date(), now=MON_9).total.values
    online.receive(db, codes[0], {}, admin, now=MON_9)
    online.guide(db, codes[1], {"reason": "Thiếu", "missing_items": ["Tờ khai"]}, admin, now=MON_9)
    online.refuse(db, codes[2], {"reason": "Không thuộc thẩm quyền"}, admin, now=MON_9)
    day = MON_9.date()
    on = tally.compute_tally(db, admin, TallyFilter(day, day, "channel", channel=2), now=MON_9)
    assert (on.totals["received"], on.totals["guided"], on.totals["turned_away"]) == (1, 1, 1)
    off = tally.compute_tally(db, admin, TallyFilter(day, day, "channel", channel=1), now=MON_9)
    assert (off.totals["received"], off.totals["guided"], off.totals["turned_away"]) == (0, 0, 0)
    assert tally.verify_aggregates(db) == []
    after = bieu06.compute_bieu06(db, admin, day, day, now=MON_9).total.values
    assert after != before  # the received one is in Biểu 06 (slips are not)
    card = scorecard.compute(db, admin, day, day, now=MON_9)
    assert card.extra["channels"]["online"] == 1 and card.indicators["3.3"].denominator == 1


def test_forms_print_for_online_dossiers(db, admin, tmp_path):
    import shutil
    import subprocess

    from counter_app import printouts, prereceipt

    a, b = online_code(seq=1), online_code(seq=2)
    pull(db, change(1, record(a, submitted=FRI_16, files=two_files()[1])), change(2, record(b, submitted=FRI_16)))
    online.receive(db, a, {}, admin, now=MON_9)
    slip = online.guide(db, b, {"reason": "Thiếu tờ khai", "missing_items": [TO_KHAI]}, admin, now=MON_9)
    assert online.slip_label(db, b) == slip.label and online.slip_label(db, a) is None
    assert prereceipt.slip_form_data(db, slip.label, "mau-02")["code"] == b
    pdfs = {"mau-01": printouts.render_form(db, "mau-01", a), "mau-02": printouts.render_slip_form(db, "mau-02", slip.label)}
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is needed to read the forms back")
    for form, pdf in pdfs.items():
        f = tmp_path / f"{form}.pdf"
        f.write_bytes(pdf)
        text = " ".join(subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout.split())
        assert (a if form == "mau-01" else b) in text, form
    assert "Phạm Thị Hoa" in text and "Thiếu tờ khai" in text


def test_the_sync_panel_names_the_online_code_of_a_slip_row(db, admin):
    from counter_app import outbox

    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16)))
    online.refuse(db, code, {"reason": "Không thuộc thẩm quyền"}, admin, now=MON_9)
    [entry] = outbox.list_entries(db)
    assert (entry["kind"], entry["code"], entry["ref"].startswith("online:")) == ("progress", code, True)


def test_received_files_open_in_the_scan_viewer_and_can_be_rescanned(db, admin, data_dir):
    """A component may hold several portal files, images or PDFs: the scan tab shows their pages
    one after the other; a component saved again from the scan tab replaces them all."""
    import io

    from PIL import Image

    from counter_app.scanning import attachments

    def image(fmt: str, color: str) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (850, 1100), color).save(buf, fmt, resolution=100)
        return buf.getvalue()

    pdf, jpg, cccd = image("PDF", "white"), image("JPEG", "gray"), image("PNG", "white")
    files = [file_item(pdf, "to-khai.pdf", "1", TO_KHAI, "1"), file_item(jpg, "trang-2.jpg", "1", TO_KHAI, "2"),
             file_item(cccd, "cccd.png", "3", ID_PAPER, "3")]
    code = online_code()
    pull(db, change(1, record(code, submitted=FRI_16, files=files)))
    with write_tx(db):
        for data, f in zip((pdf, jpg, cccd), files):
            store.put(data_dir, data, online.file_ext(f["TenTepDinhKem"]))
            online.file_fetched(db, f["Sha256"])
    viewed = online.file_pages(db, code)  # while the clerk checks it
    assert [(f["name"], len(p)) for f, p in viewed] == [("to-khai.pdf", 1), ("trang-2.jpg", 1), ("cccd.png", 1)]
    saved = online.receive(db, code, {}, admin, now=MON_9)
    loaded = attachments.load_for_editing(db, data_dir, code)
    assert loaded["components"] == [(1, TO_KHAI), (2, ID_PAPER)]
    assert {pos: len(pages) for pos, pages in loaded["pages"].items()} == {1: 2, 2: 1}
    item = attachments.store_component(data_dir, 1, TO_KHAI, loaded["pages"][1])
    attachments.save_scans(db, saved.id, [item], admin, data_dir)
    assert [(a["position"], a["sha256"]) for a in attachments.active(db, saved.id)] == [
        (1, item.sha256), (2, files[2]["Sha256"])]
