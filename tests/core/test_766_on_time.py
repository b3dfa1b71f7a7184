"""Issue 17 acceptance: the same dossiers judged alike by the app's Biểu 06 and by the national
766 on-time formula (indicator 2.1).

Each dossier is built through the real intake and lifecycle services on a real SQLite station.
The app's verdict is read from the real Biểu 06 (``reports.bieu06.compute_bieu06``): the report
is computed before and after each dossier is added, and the column the dossier moved is its
verdict — (8)/(9) finished on time, (10) finished late, (12) open within time, (13) open overdue.
The formula's verdict is computed here, independently, from the records the app syncs
(``wire.build_record`` and every ``wire.build_progress`` entry), following the formula text of
one-stop.md §11 (2.1):

  on time when end-of-processing time ≤ NgayHenTra (the synced one). End of processing: the
  time of the first of these statuses in this priority — Đã xử lý xong (9) > Đã trả kết quả (10)
  > Dừng xử lý / Từ chối (8 / 3) (withdrawn 7 too). Not finished yet → the period's last day.
  Only a supplement request (once) and no finish → the time of that request. More than one
  supplement request → late. If the dossier had a supplement: end time −= (time supplement
  completed − time supplement requested), elapsed.

Reading taken where the text is silent: a supplement never completed before the end (the
dossier withdrawn or stopped while waiting) is taken as completed at the end, so the judged
end is the request time — the same instant the text names for "only a supplement request".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from counter_app import dossiers, intake, lifecycle, timeutil, wire
from counter_app.reports.bieu06 import compute_bieu06
from counter_app.reports.tally import TallyFilter, compute_tally
from counter_app.timeutil import VN_TZ
from helpers import ID_PAPER, sample_intake

HO_TICH = "1.004873"  # Hộ tịch, 3 working days
CHUNG_THUC = "2.000884"  # Chứng thực, same day, 15:00 cut-off
CERT_COMPONENTS = [{"name": "Giấy tờ, văn bản cần chứng thực chữ ký (người yêu cầu ký trước mặt người thực hiện chứng thực)",
                    "originals": 1, "copies": 0, "certified_copies": 0, "pages": 2},
                   {"name": ID_PAPER, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 0}]
PERIOD = (date(2026, 11, 16), date(2026, 11, 27))  # Mon 16/11 – Fri 27/11/2026
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=VN_TZ)  # the report is made after the period
PERIOD_END = datetime(2026, 11, 28, 0, 0)  # end of the period's last day (local time, as the wire's)
SUPP = {"missing_items": ["Bản sao giấy tờ"], "reason": "Thiếu giấy tờ"}


def at(s: str) -> str:
    return f"2026-11-{s}:00+07:00"


@dataclass
class Case:
    name: str
    what: str
    received: str
    steps: list[tuple[str, str, dict]] = field(default_factory=list)
    procedure: str = HO_TICH
    expected: str = ""  # "on time" | "late"


CASES = [
    Case("A", "kết quả 17/11, hạn 19/11 09:00, trả 18/11", "16T09:00",
         [("result-received", "17T09:00", {}), ("return", "18T10:00", {})], expected="on time"),
    Case("B", "kết quả đúng ngày hẹn, trước giờ hẹn", "16T09:05",
         [("handover", "16T10:00", {}), ("result-received", "19T08:00", {})], expected="on time"),
    Case("C", "kết quả đúng ngày hẹn, sau giờ hẹn", "16T09:10",
         [("handover", "16T10:00", {}), ("result-received", "19T10:00", {})], expected="late"),
    Case("D", "kết quả 18/11, trả đúng ngày giờ hẹn 19/11 09:15", "16T09:15",
         [("result-received", "18T16:00", {}), ("return", "19T09:15", {})], expected="on time"),
    Case("E", "trả sớm: kết quả và trả trong ngày nhận", "17T08:00",
         [("result-received", "17T10:00", {}), ("return", "17T10:30", {})], expected="on time"),
    Case("F", "bổ sung T6 20/11 16:00 → T2 23/11 08:00 (64 giờ, qua cuối tuần), kết quả 24/11 16:00",
         "18T09:00",  # due Mon 23/11 09:00
         [("supplement", "20T16:00", SUPP), ("supplement-received", "23T08:00", {}),
          ("result-received", "24T16:00", {})], expected="on time"),
    Case("G", "bổ sung 5 giờ, kết quả sau hạn cộng thời gian bổ sung", "16T09:20",
         [("supplement", "17T10:00", SUPP), ("supplement-received", "17T15:00", {}),
          ("result-received", "19T15:00", {})], expected="late"),
    Case("H", "hai lần yêu cầu bổ sung, kết quả sớm", "16T09:25",
         [("supplement", "16T10:00", SUPP), ("supplement-received", "16T11:00", {}),
          ("supplement", "16T14:00", {**SUPP, "override": True}), ("supplement-received", "16T15:00", {}),
          ("result-received", "17T09:00", {})], expected="late"),
    Case("I", "đang chờ bổ sung (yêu cầu trước hạn) đến cuối kỳ", "23T09:00",
         [("supplement", "24T10:00", SUPP)], expected="on time"),
    Case("J", "xin lỗi, gia hạn đến 25/11; kết quả 24/11, sau hạn 19/11", "16T09:30",
         [("handover", "16T10:00", {}), ("extend", "18T10:00", {"reason": "Cần xác minh", "new_due_at": at("25T09:30")}),
          ("result-received", "24T10:00", {})], expected="late"),
    Case("K", "gia hạn đến 24/11 nhưng kết quả trước hạn 19/11", "16T09:35",
         [("handover", "16T10:00", {}), ("extend", "18T10:00", {"reason": "Cần xác minh", "new_due_at": at("24T09:35")}),
          ("result-received", "19T09:00", {})], expected="on time"),
    Case("L", "chứng thực nhận sau 15:00 thứ Sáu, hẹn thứ Hai; kết quả thứ Hai", "20T15:30",
         [("result-received", "23T10:00", {})], procedure=CHUNG_THUC, expected="on time"),
    Case("M", "chứng thực nhận 10:00, hẹn trong ngày; kết quả hôm sau", "20T10:00",
         [("result-received", "23T08:00", {})], procedure=CHUNG_THUC, expected="late"),
    Case("N", "công dân rút hồ sơ trước hạn", "16T09:40",
         [("withdraw", "17T10:00", {"reason": "Không còn nhu cầu"})], expected="on time"),
    Case("O", "công dân rút hồ sơ sau hạn", "16T09:45",
         [("handover", "16T10:00", {}), ("withdraw", "20T10:00", {"reason": "Chờ lâu"})], expected="late"),
    Case("P", "rút hồ sơ khi đang chờ bổ sung (yêu cầu trước hạn)", "16T09:50",
         [("supplement", "17T10:00", SUPP), ("withdraw", "25T10:00", {"reason": "Không bổ sung được"})],
         expected="on time"),
    Case("Q", "dừng giải quyết sau hạn", "16T09:55",
         [("handover", "16T10:00", {}), ("stop", "20T10:00", {"reason": "Thiếu căn cứ"})], expected="late"),
    Case("R", "cơ quan giải quyết trả lại, không giải quyết được, trước hạn", "16T10:00",
         [("handover", "16T10:30", {}), ("unresolvable", "18T10:00", {"reason": "Không đủ điều kiện"})],
         expected="on time"),
    Case("S", "nghĩa vụ tài chính 17/11 → nộp 20/11; kết quả 20/11 (không được trừ thời gian)", "16T10:05",
         [("handover", "16T10:30", {}), ("obligation", "17T09:00", {"amount": 120000, "content": "Lệ phí"}),
          ("obligation-paid", "20T10:00", {"receipt_no": "BL-01"}), ("result-received", "20T11:00", {})],
         expected="late"),
    Case("T", "đang giải quyết, quá hạn ở cuối kỳ", "16T10:10", [("handover", "16T10:30", {})], expected="late"),
    Case("U", "đang giải quyết, còn hạn ở cuối kỳ", "26T09:00", [("handover", "26T10:00", {})], expected="on time"),
]


# --- the 766 formula, independently, on the synced records ---------------------------------------

def _t(s: str) -> datetime | None:
    return datetime.strptime(s, "%Y%m%d%H%M%S") if s else None


def formula_on_time(record: dict, progress: list[dict], period_end: datetime) -> bool:
    """Indicator 2.1 for one synced dossier (record + its QuaTrinhXuLy entries)."""
    entries = sorted(progress, key=lambda e: e["ThoiDiemXuLy"])
    if sum(1 for e in entries if e["TrangThai"] == "5") > 1:
        return False  # more than one supplement request
    end = None
    for group in (("9",), ("10",), ("8", "3", "7")):
        times = [_t(e["ThoiDiemXuLy"]) for e in entries if e["TrangThai"] in group]
        if times:
            end = min(times)
            break
    rounds = record["DanhSachHoSoBoSung"]
    waiting = [r for r in rounds if not r["NgayTiepNhanBoSung"]]
    if end is None:
        end = _t(waiting[0]["NgayBoSung"]) if waiting else period_end
    else:
        for r in rounds:
            done = _t(r["NgayTiepNhanBoSung"]) or end
            end -= done - _t(r["NgayBoSung"])
    assert record["NgayHenTra"], "every received dossier is synced with its appointment"
    return end <= _t(record["NgayHenTra"])


def synced(db, code: str) -> tuple[dict, list[dict]]:
    dossier_id = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
    hist = [r[0] for r in db.execute("SELECT id FROM history WHERE dossier_id = ? ORDER BY id", [dossier_id])]
    record = wire.build_record(db, dossier_id, hist[0])
    return record, [wire.build_progress(db, h) for h in hist]


# --- the app's verdict, from the real Biểu 06 ---------------------------------------------------

APP_COLUMNS = {8: "on time", 9: "on time", 10: "late", 12: "on time", 13: "late"}


def bieu06_total(db, admin) -> dict[int, int]:
    report = compute_bieu06(db, admin, *PERIOD, now=NOW)
    assert report.problems == []
    return report.total.values


def build(db, admin, case: Case) -> str:
    over = {"procedure_code": case.procedure}
    if case.procedure == CHUNG_THUC:
        over["components"] = CERT_COMPONENTS
    code = intake.save(db, intake.parse_request(sample_intake(received_at=at(case.received), **over)), admin).code
    for action, when, data in case.steps:
        lifecycle.perform(db, code, action, admin, {**data, "at": at(when)})
    return code


@pytest.fixture
def judged(db, admin):
    """{case name: (app column, app verdict, formula verdict)} and the final Biểu 06 total."""
    out = {}
    before = bieu06_total(db, admin)
    for case in CASES:
        code = build(db, admin, case)
        after = bieu06_total(db, admin)
        moved = {n: after[n] - before[n] for n in APP_COLUMNS if after[n] != before[n]}
        assert list(moved.values()) == [1], (case.name, moved)
        column = next(iter(moved))
        record, progress = synced(db, code)
        formula = "on time" if formula_on_time(record, progress, PERIOD_END) else "late"
        out[case.name] = (column, APP_COLUMNS[column], formula)
        before = after
    return out, before


def test_the_app_and_the_766_formula_judge_every_dossier_alike(judged):
    verdicts, total = judged
    assert len(verdicts) >= 12
    table = "\n".join(f"{c.name}: {c.what} -> app ({verdicts[c.name][0]}) {verdicts[c.name][1]}, "
                      f"766 {verdicts[c.name][2]}" for c in CASES)
    print("\n" + table)
    for case in CASES:
        column, app, formula = verdicts[case.name]
        assert app == formula == case.expected, (case.name, case.what, column, app, formula)
    # in total: Biểu 06's on-time columns against the formula's count
    on_time = sum(1 for *_x, f in verdicts.values() if f == "on time")
    late = len(verdicts) - on_time
    assert total[8] + total[9] + total[12] == on_time
    assert total[10] + total[13] == late
    assert total[3] == len(CASES)


def test_the_tally_counts_as_bieu06(db, admin, judged):
    """The daily tally (and so the dashboard and the day close) reads the same judgement."""
    verdicts, total = judged
    t = compute_tally(db, admin, TallyFilter(*PERIOD, group_by="day"), now=NOW).totals
    assert t["early"] + t["on_time"] + t["withdrawn"] == total[8] + total[9]
    assert t["late"] == total[10] and t["open_overdue"] == total[13] and t["open_in_time"] == total[12]


def test_what_is_synced_for_the_appointment(db, admin):
    """NgayHenTra is Mẫu 01's appointment: not moved by the apology letter, and not moved by the
    supplement pause (the national side subtracts that pause itself, from DanhSachHoSoBoSung)."""
    code = build(db, admin, Case("x", "", "16T09:00", [
        ("supplement", "16T10:00", SUPP), ("supplement-received", "18T10:00", {}),
        ("handover", "18T11:00", {}),
        ("extend", "22T10:00", {"reason": "Cần xác minh", "new_due_at": at("27T09:00")})]))
    d = dossiers.get_detail(db, code)
    assert d["issued_due_at"] == at("19T09:00")
    assert d["original_due_at"] == at("21T09:00")  # + 48 h elapsed
    assert d["due_at"] == at("27T09:00")  # the citizen's appointment after the letter
    record, progress = synced(db, code)
    assert record["NgayHenTra"] == "20261119090000"
    assert {e["NgayKetThucTheoQuyDinh"] for e in progress} == {"20261119090000"}
    (supp,) = record["DanhSachHoSoBoSung"]
    assert (supp["NgayBoSung"], supp["NgayTiepNhanBoSung"], supp["TrangThaiBoSung"]) == (
        "20261116100000", "20261118100000", "1")
    assert supp["NgayHenTraTruoc"] == "20261119090000" and supp["NgayHenTraMoi"] == "20261123090000"
    assert record["MaLinhVuc"] == "HT" and record["TenLinhVuc"] == "Hộ tịch"


@pytest.mark.parametrize("method, flag", [("cash", "0"), ("transfer", "0"), ("online-province", "2"),
                                          ("online-dvcqg", "1"), (None, "0")])
def test_online_payment_flag(db, admin, method, flag):
    code = build(db, admin, Case("x", "", "16T09:00"))
    if method:
        lifecycle.record_payment(db, code, 1, admin, method=method, receipt_no="0001")
    record, _progress = synced(db, code)
    assert record["DuocThanhToanTrucTuyen"] == flag
    assert record["TaiKhoanDuocXacThucVoiVNeID"] == "0"  # the app has no VNeID account data (docs/due-dates.md)


def test_the_old_rules_would_disagree():
    """Guard of the test itself: with the due date the app used to sync (the apology-moved one) the
    formula would call J on time, which Biểu 06 counts late — the disagreement of issue 17 item 2."""
    record = {"NgayHenTra": "20261125093000", "DanhSachHoSoBoSung": []}
    progress = [{"TrangThai": "2", "ThoiDiemXuLy": "20261116093000"},
                {"TrangThai": "9", "ThoiDiemXuLy": "20261124100000"}]
    assert formula_on_time(record, progress, PERIOD_END) is True
    record["NgayHenTra"] = "20261119093000"
    assert formula_on_time(record, progress, PERIOD_END) is False
    assert timedelta(hours=64) == _t("20261123080000") - _t("20261120160000")
