"""Issue 20, scope 3: the scorecard's indicators computed by the app (counter_app/reports/scorecard.py,
SQL over the station's tables and Biểu 06) and by an independent implementation written here from
the formula text of one-stop.md §11, over the national records the app would sync
(counter_app/wire.build_record) plus the sync state and the ratings. A fixed data set of 14
dossiers built through the real intake, lifecycle, payment, scan and sync-state functions."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app import intake, lifecycle, outbox, procedures, satisfaction, settings, timeutil, wire
from counter_app.errors import UserError
from counter_app.reports import scorecard
from counter_app.scanning import results, store
from counter_app.scanning.attachments import ComponentPdf, save_scans
from counter_app.timeutil import VN_TZ
from helpers import sample_intake

FROM, TO = date(2026, 11, 1), date(2026, 11, 30)
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=VN_TZ)
PROOF = "Giấy chứng nhận hộ nghèo số 12/GCN-UBND"


def at(day: int, hour: int = 9, month: int = 11) -> str:
    return timeutil.iso(datetime(2026, month, day, hour, tzinfo=VN_TZ))


# code → what happens to it: (received (month, day), channel, synced, payment, attached+uploaded,
#                             steps, ratings, exempt)
CASES = [
    # 1 direct, synced, paid on the national portal, scans uploaded, returned early, very satisfied
    dict(rec=(11, 3), ch=1, synced=True, pay="online-dvcqg", scans="uploaded", result="uploaded",
         steps=[("handover", 3, 14), ("result-received", 4, 9), ("return", 4, 15)], rate=[("receipt", "very-satisfied"), ("return", "satisfied")]),
    # 2 online, synced, cash, returned late
    dict(rec=(11, 4), ch=2, synced=True, pay="cash", steps=[("handover", 4, 14), ("result-received", 12, 9), ("return", 12, 10)],
         rate=[("receipt", "dissatisfied")]),
    # 3 post, not synced, paid through the province's gateway (not seen nationally)
    dict(rec=(11, 5), ch=3, synced=False, pay="online-province"),
    # 4 direct, synced, scans attached but not uploaded yet
    dict(rec=(11, 6), ch=1, synced=True, scans="local"),
    # 5 online, synced, one supplement round (2 days), finished
    dict(rec=(11, 10), ch=2, synced=True, pay="online-province",
         steps=[("supplement", 10, 10), ("supplement-received", 12, 10), ("handover", 12, 14), ("result-received", 16, 9),
                ("return", 16, 10)], rate=[("receipt", "neutral"), ("return", "very-satisfied")]),
    # 6 direct, synced, fee exempted (every fee line 0): out of 3.6's denominator
    dict(rec=(11, 12), ch=1, synced=True, exempt=True, scans="uploaded"),
    # 7 direct, not synced, in progress
    dict(rec=(11, 20), ch=1, synced=False),
    # 8 before the period: synced, rated in October
    dict(rec=(10, 30), ch=2, synced=True, pay="online-dvcqg", rate=[("receipt", "very-satisfied")]),
    # 9 after the period
    dict(rec=(12, 1), ch=2, synced=True),
    # 10 online, synced, refused after receipt
    dict(rec=(11, 25), ch=2, synced=True, steps=[("refuse", 25, 15)]),
    # 11 direct, synced, withdrawn
    dict(rec=(11, 26), ch=1, synced=True, steps=[("withdraw", 26, 15)], rate=[("receipt", "satisfied")]),
    # 12 post, synced, paid online, scans uploaded, returned on the due day
    dict(rec=(11, 23), ch=3, synced=True, pay="online-dvcqg", scans="uploaded", result="local",
         steps=[("handover", 23, 14), ("result-received", 25, 9), ("return", 26, 9)], rate=[("return", "very-dissatisfied")]),
    # 13 direct, synced, returned, fee unpaid
    dict(rec=(11, 16), ch=1, synced=True, result="uploaded", steps=[("handover", 16, 10), ("result-received", 17, 9), ("return", 18, 8)]),
    # 14 online, synced but its record's first send failed and waits (not done)
    dict(rec=(11, 27), ch=2, synced="retry"),
]


def build(db, admin, data_dir):
    codes = []
    for n, c in enumerate(CASES, 1):
        month, day = c["rec"]
        extra = {"exemption": {"rule": "HT-HN", "proof": PROOF}} if c.get("exempt") else {}
        saved = intake.save(db, intake.parse_request(sample_intake(
            received_at=at(day, 8, month), channel=c["ch"], **extra), now=NOW), admin, now=NOW)
        code = saved.code
        codes.append(code)
        did = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
        if c.get("pay"):
            lifecycle.record_payment(db, code, 1, admin, method=c["pay"], receipt_no=f"BL{n:03d}")
        if c.get("scans"):
            stored = store.put(data_dir, f"%PDF-1.4 scan of dossier {n}".encode(), "pdf")
            save_scans(db, did, [ComponentPdf(1, stored.sha256, stored.size, 1, "01-to-khai.pdf")], admin, data_dir)
            if c["scans"] == "uploaded":
                outbox.confirm_file(db, stored.sha256, f"https://tinh.example/files/{stored.sha256}", at(day, 12, month))
        for action, d, h in c.get("steps", []):
            data = {"at": at(d, h, month)}
            if action in ("supplement", "refuse", "withdraw"):
                data["reason"] = "Lý do cụ thể"
            if action == "supplement":
                data["missing_items"] = ["Bản sao giấy tờ"]
            if action == "handover":
                data["unit"] = "Văn phòng UBND xã"
            lifecycle.perform(db, code, action, admin, data)
        if c.get("result"):  # the result document's scan (counter_app/scanning/results.py), after its steps
            pdf = results.ResultPdf(store.put(data_dir, f"%PDF-1.4 result of dossier {n}".encode(), "pdf").sha256, 40, 1)
            results.record(db, code, pdf, admin, data_dir)
            if c["result"] == "uploaded":
                outbox.confirm_file(db, pdf.sha256, f"https://tinh.example/files/{pdf.sha256}", at(day, 20, month))
        if c.get("synced"):
            row = db.execute("SELECT id FROM outbox WHERE dossier_id = ? AND kind = 'dossier' ORDER BY id LIMIT 1",
                             [did]).fetchone()[0]
            outbox.mark_sending(db, row, "{}", at(day, 18, month))
            if c["synced"] == "retry":
                outbox.mark_retry(db, row, at(day, 19, month), "Mất kết nối", "network", at(day, 18, month))
            else:
                outbox.mark_done(db, row, "{}", at(day, 18, month))
        for stage, level in c.get("rate", []):
            last_day = c["steps"][-1][1] if stage == "return" else day  # rated when the result is returned
            when = datetime(2026, month, last_day, 17, tzinfo=VN_TZ)
            satisfaction.record(db, code, stage, level, admin, now=when)
    return codes


# --- the independent implementation, from the formula text ----------------------------------------

def _t(wire_time: str) -> datetime | None:
    return datetime.strptime(wire_time, "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ) if wire_time else None


def national_view(db):
    """The national records as the app would sync them, and which were acknowledged."""
    recs = {}
    for did, code in db.execute("SELECT id, code FROM dossiers ORDER BY id"):
        recs[code] = wire.build_record(db, did, None)
    synced = {code for (code,) in db.execute(
        "SELECT d.code FROM outbox o JOIN dossiers d ON d.id = o.dossier_id WHERE o.kind = 'dossier' AND o.state = 'done'")}
    return recs, synced


def pct(n, d):
    return round(100 * n / d, 2) if d else None


def by_formula(db, start: date, end: date) -> dict[str, tuple]:
    recs, synced = national_view(db)
    inside = {c: r for c, r in recs.items()
              if start <= _t(r["NgayTiepNhan"]).date() <= end and r["TrangThaiHoSo"] != "1"}
    n = len(inside)
    # 1.4: synced with NgayTiepNhan in the period ÷ received in the period
    s14 = sum(1 for c in inside if c in synced)
    # 3.3: KenhThucHien = 2 ÷ received × the synced share
    online = sum(1 for r in inside.values() if r["KenhThucHien"] == "2")
    v33 = round(100 * online / n * (s14 / n), 2) if n else None
    # 3.6: synced with DuocThanhToanTrucTuyen 1 or 2 ÷ dossiers with a fee line whose Gia is not 0
    paid = sum(1 for c, r in inside.items() if c in synced and r["DuocThanhToanTrucTuyen"] in ("1", "2"))
    fee_bearing = sum(1 for r in inside.values() if any(int(f["Gia"]) > 0 for f in r["DanhSachLePhi"]))
    # 4.1 / 4.2: the procedure's result is a paper document (the catalogue's "result"); an
    # electronic result is a DanhSachGiayToKetQua item with its file link
    paper = {c: bool(procedures.get_active(db, r["MaTTHC"]).procedure.result) for c, r in inside.items()}
    e_result = {c: any(g["DuongDanTepTinKetQua"] for g in r["DanhSachGiayToKetQua"]) for c, r in inside.items()}
    n41 = sum(1 for c in inside if c in synced and paper[c] and e_result[c])
    d41 = sum(1 for c in inside if paper[c])
    n42 = sum(1 for c, r in inside.items() if c in synced and r["HoSoCoThanhPhanSoHoa"] == "1"
              and (e_result[c] or not paper[c]))
    # 2.2: finished (9/10) whose processing started in the period: end − received − supplement time
    total = 0.0
    finished = 0
    for r in inside.values():
        if r["TrangThaiHoSo"] not in ("9", "10") or not r["NgayKetThucXuLy"]:
            continue
        span = (_t(r["NgayKetThucXuLy"]) - _t(r["NgayTiepNhan"])).total_seconds()
        for s in r.get("DanhSachHoSoBoSung") or []:
            if s.get("NgayTiepNhanBoSung"):
                span -= (_t(s["NgayTiepNhanBoSung"]) - _t(s["NgayBoSung"])).total_seconds()
        total += span / 86400
        finished += 1
    # 5.4: satisfied taps ÷ taps in the period (the scale marks which levels are satisfied)
    good = {lv.id for lv in satisfaction.levels() if lv.satisfied}
    taps = [lv for lv, day in db.execute("SELECT level, day FROM ratings") if start.isoformat() <= day <= end.isoformat()]
    return {
        "1.4": (s14, n, pct(s14, n)),
        "2.2": (finished, round(total / finished, 2) if finished else None),
        "3.3": (online, n, v33),
        "3.6": (paid, fee_bearing, pct(paid, fee_bearing)),
        "4.1": (n41, d41, pct(n41, d41)),
        "4.2": (n42, n, pct(n42, n)),
        "5.4": (sum(1 for t in taps if t in good), len(taps), pct(sum(1 for t in taps if t in good), len(taps))),
    }


def test_the_scorecard_equals_the_formula_text(db, admin, data_dir):
    build(db, admin, data_dir)
    card = scorecard.compute(db, admin, FROM, TO, now=NOW).indicators
    want = by_formula(db, FROM, TO)
    got = {i: (card[i].numerator, card[i].denominator, card[i].value) for i in ("1.4", "3.3", "3.6", "4.1", "4.2", "5.4")}
    got["2.2"] = (card["2.2"].denominator, card["2.2"].value)
    assert got == want
    # the data set exercises every indicator: none is a trivial 0/0
    assert all(card[i].denominator for i in scorecard.IDS)
    assert card["1.4"].numerator == 9 and card["1.4"].denominator == 12
    assert card["3.6"].numerator == 3  # the province-gateway payment of an unsynced dossier is not seen
    # result scans: dossiers 1 and 13 have theirs confirmed (4.1), 12's is not uploaded yet
    assert card["4.1"].numerator == 2


def test_targets_gaps_trend_and_json(db, admin, data_dir):
    build(db, admin, data_dir)
    settings.update(db, admin, {"scorecard_targets": {"3.3": 30, "1.4": 100}})
    card = scorecard.compute(db, admin, FROM, TO, now=NOW)
    assert card.indicators["1.4"].target == 100 and card.indicators["1.4"].gap == round(card.indicators["1.4"].value - 100, 2)
    assert card.indicators["2.1"].target is None and card.indicators["2.1"].gap is None
    js = json.loads(json.dumps(card.to_json()))
    assert set(scorecard.IDS) <= set(js) and js["3.3"]["target"] == 30
    months = scorecard.trend(db, admin, date(2026, 10, 1), TO, now=NOW)
    assert [(m.date_from, m.date_to) for m in months] == [(date(2026, 10, 1), date(2026, 10, 31)), (FROM, TO)]
    assert months[0].indicators["1.4"].denominator == 1 and months[1].indicators["1.4"].denominator == 12
    with pytest.raises(Exception, match="Chỉ tiêu phải là"):
        settings.update(db, admin, {"scorecard_targets": {"9.9": 30}})


def test_the_dossiers_behind_each_indicator_are_the_ones_it_counts(db, admin, data_dir):
    """The ledger's filter (scorecard.selection) lists exactly as many dossiers as the figure."""
    build(db, admin, data_dir)
    card = scorecard.compute(db, admin, FROM, TO, now=NOW).indicators
    for (ind, part), _name in scorecard.PARTS.items():
        if (ind, part) == ("2.2", "numerator"):
            continue  # a number of days, over the denominator's dossiers
        codes = scorecard.selection_codes(db, ind, part, FROM, TO)
        figure = card[ind].numerator if part == "numerator" else card[ind].denominator
        assert len(codes) == int(figure), (ind, part)
    # 5.4 counts ratings: the dossiers rated (satisfied) in the period, each once
    rated = scorecard.selection_codes(db, "5.4", "denominator", FROM, TO)
    assert len(rated) == db.execute("SELECT COUNT(DISTINCT dossier_id) FROM ratings WHERE day BETWEEN ? AND ?",
                                    [FROM.isoformat(), TO.isoformat()]).fetchone()[0] > 0
    with pytest.raises(UserError, match="Biểu 06"):
        scorecard.selection(db, "2.1", "numerator", FROM, TO)
