"""Tallies and Biểu 06 on a known scenario built with the real intake and lifecycle services:
every number below was worked out by hand from the scenario (see ``build_scenario``)."""

import shutil
from datetime import date, datetime

import pytest

from counter_app import accounts, intake, lifecycle
from counter_app.db import open_data_dir, write_tx
from counter_app.errors import PermissionDenied, UserError
from counter_app.reports import bieu06, tally
from counter_app.reports.tally import TallyFilter
from counter_app.timeutil import VN_TZ
from helpers import ID_PAPER, STATION, sample_intake

CERT_COMPONENTS = [{"name": "Giấy tờ, văn bản cần chứng thực chữ ký (người yêu cầu ký trước mặt người thực hiện chứng thực)",
                    "originals": 1, "copies": 0, "certified_copies": 0, "pages": 2},
                   {"name": ID_PAPER, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 0}]
F, T = date(2026, 11, 16), date(2026, 11, 20)


def at(s: str) -> str:
    return f"2026-11-{s}:00+07:00"


def build_scenario(db) -> dict[str, str]:
    """Dossiers A…R and P1…P3 (letters as in docs/reports.md's worked example).

    1.004873 (Hộ tịch, 3 working days, lệ phí 8.000 đ); 2.000884 (Chứng thực, same day, 10.000 đ).
    Period 16–20/11/2026 (Mon–Fri)."""
    admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    with write_tx(db):
        accounts.create_user(db, "canbo2", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    clerk2 = accounts.authenticate(db, "canbo2", "matkhau-can-bo")
    codes: dict[str, str] = {}

    def take(name, when, actor=admin, **over):
        codes[name] = intake.save(db, intake.parse_request(sample_intake(received_at=at(when), **over)), actor).code
        return codes[name]

    def do(name, action, when, **data):
        lifecycle.perform(db, codes[name], action, admin, {**data, "at": at(when)})

    supp = {"missing_items": ["Bản sao giấy tờ"], "reason": "Thiếu giấy tờ"}
    # before the period
    take("P1", "10T09:00")                      # due 13/11 09:00, still open -> carried over, overdue
    take("P2", "10T10:00")
    do("P2", "result-received", "17T10:00")     # carried over, finished late in the period
    take("P3", "09T09:00")
    do("P3", "result-received", "11T09:00")     # finished before the period: not counted
    # in the period, Hộ tịch
    take("A", "16T09:00")
    do("A", "result-received", "17T09:00")      # early (17 < due day 19)
    do("A", "return", "18T10:00")
    lifecycle.record_payment(db, codes["A"], 1, admin, method="cash", receipt_no="0000101", receipt_date="2026-11-16")
    take("B", "16T09:05")
    do("B", "result-received", "19T08:00")      # on time (due day, before 09:05)
    do("B", "return", "19T09:00")
    take("C", "16T09:10")
    do("C", "result-received", "19T10:00")      # late
    take("D", "16T09:15")
    do("D", "supplement", "16T10:00", **supp)
    do("D", "supplement-received", "18T10:00")  # 16 working hours excluded: due 23/11 09:15
    do("D", "result-received", "20T09:00")      # early thanks to the exclusion
    take("E", "16T09:20")
    do("E", "supplement", "16T11:00", **supp)
    do("E", "supplement-received", "16T14:00")
    do("E", "supplement", "17T09:00", **supp, override=True)
    do("E", "supplement-received", "17T10:00")
    do("E", "result-received", "17T11:00")      # two supplement requests: late
    take("F", "16T09:25")
    do("F", "extend", "18T09:00", reason="Cần xác minh", new_due_at=at("25T09:25"))
    do("F", "result-received", "20T10:00")      # late: the extension does not move the legal due date
    take("G", "16T09:30")
    do("G", "handover", "16T14:00")             # open, overdue since 19/11
    take("H", "18T09:00")                       # open, due 23/11: within time
    take("I", "16T09:35")
    do("I", "supplement", "18T09:00", **supp)   # waiting for the citizen, asked before the due date
    take("J", "16T09:40")
    do("J", "withdraw", "17T09:00")             # withdrawn
    take("K", "16T09:45")
    do("K", "refuse", "16T10:00", reason="Không thuộc thẩm quyền")  # refused: not counted as received
    take("L", "17T09:00", channel=2)
    do("L", "result-received", "20T08:30")      # online, on time
    take("M", "19T14:00", actor=clerk2, channel=3)  # by post, open within time
    lifecycle.record_payment(db, codes["M"], 1, admin, method="transfer", receipt_date="2026-11-19")
    take("O", "16T09:50")
    do("O", "stop", "20T10:00", reason="Hồ sơ không đủ điều kiện")  # stopped after the due date: late
    # Chứng thực, same-day procedure
    take("N", "20T10:00", actor=clerk2, procedure_code="2.000884", components=CERT_COMPONENTS)
    do("N", "result-received", "20T16:00")      # on time (due 17:00 the same day)
    do("N", "return", "20T16:30")
    lifecycle.record_payment(db, codes["N"], 1, admin, method="cash", receipt_date="2026-11-20")
    take("R", "20T11:00", actor=clerk2, procedure_code="2.000884", components=CERT_COMPONENTS)  # due 20/11 17:00
    return codes


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory):
    from counter_app import setup

    d = tmp_path_factory.mktemp("scenario") / "data"
    db = open_data_dir(d, create=True)
    try:
        setup.initialize(db, dict(STATION))
        codes = build_scenario(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return d, codes


@pytest.fixture
def sdb(scenario_dir, tmp_path):
    src, codes = scenario_dir
    d = tmp_path / "data"
    shutil.copytree(src, d)
    db = open_data_dir(d)
    db.codes = codes
    yield db
    db.close()


@pytest.fixture
def sup(sdb):
    return accounts.authenticate(sdb, STATION["admin_user"], STATION["admin_password"])


END_OF_20 = datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ)   # any time after the period
AT_1645 = datetime(2026, 11, 20, 16, 45, tzinfo=VN_TZ)   # during the last day, after every event


def cols(row):
    return [row.values[n] for n in range(3, 14)]


def test_bieu06_known_answers(sdb, sup):
    b = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20)
    rows = {r.label: cols(r) for r in b.rows}
    #                       (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)
    assert rows == {
        "Chứng thực": [2, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1],
        "Hộ tịch": [15, 1, 12, 2, 10, 2, 3, 5, 5, 3, 2],
    }
    assert cols(b.total) == [17, 1, 14, 2, 11, 2, 4, 5, 6, 3, 3]
    assert b.problems == []
    assert b.as_of == "2026-11-21T00:00:00+07:00"
    assert b.to_json()["total"]["daXuLyDungHanVaTraLai"] == 4


def test_bieu06_during_the_last_day_counts_overdue_from_now(sdb, sup):
    # at 16:45 on 20/11, R (due 17:00 that day) is not overdue yet
    b = bieu06.compute_bieu06(sdb, sup, F, T, now=AT_1645)
    rows = {r.label: cols(r) for r in b.rows}
    assert rows["Chứng thực"] == [2, 0, 2, 0, 1, 0, 1, 0, 1, 1, 0]
    assert cols(b.total) == [17, 1, 14, 2, 11, 2, 4, 5, 6, 4, 2]
    assert b.as_of == "2026-11-20T16:45:00+07:00"


def test_carried_over_equals_previous_period_in_progress(sdb, sup):
    before = bieu06.compute_bieu06(sdb, sup, date(2026, 11, 9), date(2026, 11, 15), now=END_OF_20)
    during = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20)
    assert cols(before.total)[:1] == [3] and before.total.values[11] == 2 and before.total.values[6] == 0
    assert before.total.values[11] == during.total.values[6]
    after = bieu06.compute_bieu06(sdb, sup, date(2026, 11, 21), date(2026, 11, 27), now=END_OF_20)
    assert after.total.values[6] == during.total.values[11] == 6


def test_tally_by_field_over_the_period(sdb, sup):
    r = tally.compute_tally(sdb, sup, TallyFilter(F, T, "field"), now=END_OF_20)
    t = r.totals
    assert {k: t[k] for k in ("received", "resolved", "early", "on_time", "late", "withdrawn", "refused", "returned",
                              "supplements", "open", "open_in_time", "open_overdue")} == {
        "received": 15, "resolved": 10, "early": 2, "on_time": 3, "late": 5, "withdrawn": 1, "refused": 1,
        "returned": 3, "supplements": 4, "open": 6, "open_in_time": 3, "open_overdue": 3}
    assert (t["fee_cash"], t["fee_transfer"], t["fee_online"], t["fees"]) == (18000, 8000, 0, 26000)
    assert r.value("Chứng thực", "received") == 2 and r.value("Chứng thực", "fee_cash") == 10000
    assert r.value("Hộ tịch", "supplements") == 4
    # rows add up to the totals
    for m in r.metrics:
        assert sum(row.values[m.key] for row in r.rows) == t[m.key]


def test_tally_by_clerk_channel_and_status(sdb, sup):
    day16 = tally.compute_tally(sdb, sup, TallyFilter(F, F, "clerk"), now=END_OF_20)
    admin = day16.value("Trần Thị Bình", "received")
    assert (admin, day16.value("Trần Thị Bình", "refused"), day16.value("Trần Thị Bình", "supplements"),
            day16.value("Trần Thị Bình", "fee_cash")) == (10, 1, 2, 8000)
    day20 = tally.compute_tally(sdb, sup, TallyFilter(T, T, "clerk"), now=END_OF_20)
    assert day20.value("Lê Văn Cán", "received") == 2 and day20.value("Lê Văn Cán", "returned") == 1
    assert day20.value("Trần Thị Bình", "resolved") == 4  # D, F, O and L finished that day (received by her)
    ch = tally.compute_tally(sdb, sup, TallyFilter(F, T, "channel"), now=END_OF_20)
    assert [(row.key, row.values["received"]) for row in ch.rows] == [(1, 13), (2, 1), (3, 1)]
    st = tally.compute_tally(sdb, sup, TallyFilter(F, T, "status"), now=END_OF_20)
    assert {row.key: row.values["count"] for row in st.rows} == {2: 3, 3: 1, 4: 1, 5: 1, 7: 1, 8: 1, 9: 5, 10: 3}
    assert st.totals["count"] == 16


def test_tally_by_day_balances_follow_the_days(sdb, sup):
    r = tally.compute_tally(sdb, sup, TallyFilter(F, T, "day"), now=END_OF_20)
    assert [row.label for row in r.rows] == ["16/11/2026", "17/11/2026", "18/11/2026", "19/11/2026", "20/11/2026"]
    assert [row.values["received"] for row in r.rows] == [10, 1, 1, 1, 2]
    # end of 16/11: P1, P2 and the 10 received that day are open; P1, P2 overdue
    assert (r.rows[0].values["open"], r.rows[0].values["open_overdue"]) == (12, 2)
    assert r.rows[-1].values["open"] == r.totals["open"] == 6
    assert r.totals["received"] == 15 and r.totals["open_overdue"] == 3


def test_filters_and_scope(sdb, sup):
    r = tally.compute_tally(sdb, sup, TallyFilter(F, T, "procedure", field="Chứng thực"), now=END_OF_20)
    assert [row.key for row in r.rows] == ["2.000884"] and r.totals["received"] == 2
    r = tally.compute_tally(sdb, sup, TallyFilter(F, T, "field", clerk="Lê Văn Cán", channel=3), now=END_OF_20)
    assert r.totals["received"] == 1 and r.totals["fee_transfer"] == 8000
    assert tally.compute_tally(sdb, sup, TallyFilter(F, T, "field", scope="local"), now=END_OF_20).totals == \
        tally.compute_tally(sdb, sup, TallyFilter(F, T, "field"), now=END_OF_20).totals


def test_trigger_kept_counts_equal_a_recount(sdb, sup):
    assert tally.verify_aggregates(sdb) == []
    before = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20).to_json()
    with write_tx(sdb):
        tally.rebuild_aggregates(sdb)
    after = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20).to_json()
    before.pop("generated_at"), after.pop("generated_at")
    assert before == after


def test_supplement_facts_on_the_dossier(sdb):
    row = lambda name: sdb.execute(  # noqa: E731
        "SELECT supp_rounds, supp_open_at, supp2_at, kpi_overdue_at FROM dossiers WHERE code = ?",
        [sdb.codes[name]]).fetchone()
    assert tuple(row("E"))[:3] == (2, None, at("17T09:00"))
    assert tuple(row("I")) == (1, at("18T09:00"), None, None)  # waiting, asked in time: never overdue for now
    assert tuple(row("G"))[3] == "2026-11-19T09:30:00+07:00"


def test_identity_failure_is_refused_before_export(sdb, sup):
    b = bieu06.compute_bieu06(sdb, sup, F, T, now=END_OF_20)
    b.rows[0].values[7] += 1  # a broken report
    b.problems = bieu06.check_identities(b)
    assert any("(3) = (7) + (11)" in p for p in b.problems)
    with pytest.raises(UserError, match="đẳng thức"):
        bieu06.require_consistent(b)


def test_reports_need_a_supervisor(sdb):
    with write_tx(sdb):
        accounts.create_user(sdb, "canbo3", "Phạm Thu", "clerk", "matkhau-can-bo")
    clerk = accounts.authenticate(sdb, "canbo3", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        tally.compute_tally(sdb, clerk, TallyFilter(F, T))
    with pytest.raises(PermissionDenied):
        bieu06.compute_bieu06(sdb, clerk, F, T)


def test_bad_filters_are_refused_in_vietnamese(sdb, sup):
    with pytest.raises(UserError, match="Ngày kết thúc"):
        tally.compute_tally(sdb, sup, TallyFilter(T, F))
    with pytest.raises(UserError, match="Cách nhóm"):
        tally.compute_tally(sdb, sup, TallyFilter(F, T, "tuần"))


def test_migration_counts_the_dossiers_already_there(tmp_path):
    """A station upgraded to m005 with dossiers, supplement rounds and payments already recorded."""
    from counter_app import migrations, setup
    from counter_app.db import connect

    db = connect(tmp_path / "counter.sqlite3")
    try:
        migrations.migrations.apply(db, stop_before="m005_reports")
        setup.initialize(db, dict(STATION))
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        code = intake.save(db, intake.parse_request(sample_intake(received_at=at("16T09:00"))), admin).code
        supp = {"missing_items": ["Tờ khai"], "reason": "Thiếu"}
        lifecycle.perform(db, code, "supplement", admin, {**supp, "at": at("16T10:00")})
        lifecycle.perform(db, code, "supplement-received", admin, {"at": at("16T11:00")})
        lifecycle.perform(db, code, "supplement", admin, {**supp, "override": True, "at": at("17T10:00")})
        lifecycle.record_payment(db, code, 1, admin, method="cash", receipt_date="2026-11-16")
        waiting = intake.save(db, intake.parse_request(sample_intake(received_at=at("16T09:30"))), admin).code
        lifecycle.perform(db, waiting, "supplement", admin, {**supp, "at": at("18T10:00")})
        lifecycle.perform(db, waiting, "supplement-received", admin, {"at": at("18T11:00")})
        migrations.migrations.apply(db)
        row = db.execute("SELECT supp_rounds, supp_open_at, supp2_at FROM dossiers WHERE code = ?", [code]).fetchone()
        assert tuple(row) == (2, at("17T10:00"), at("17T10:00"))
        assert db.execute("SELECT supp_open_at FROM dossiers WHERE code = ?", [waiting]).fetchone()[0] is None
        assert tally.verify_aggregates(db) == []
        r = tally.compute_tally(db, admin, TallyFilter(F, T, "field"), now=END_OF_20)
        assert (r.totals["received"], r.totals["supplements"], r.totals["fee_cash"], r.totals["open"]) == (2, 3, 8000, 2)
        # at the end of 20/11 both are overdue: one asked twice, the other waited one hour (due 19/11 10:30)
        assert r.totals["open_overdue"] == 2
        r = tally.compute_tally(db, admin, TallyFilter(F, F, "field"), now=END_OF_20)
        assert r.totals["open_overdue"] == 0 and r.totals["open"] == 2
    finally:
        db.close()
