"""Several counters in one commune: signed day files, import at a supervisor station, tallies of
all counters together without double counting; tampered or foreign files are refused."""

import json
from datetime import date, datetime

import pytest

from counter_app import accounts, intake, lifecycle, setup
from counter_app.db import open_data_dir
from counter_app.errors import UserError
from counter_app.reports import bieu06, station_exchange, tally
from counter_app.reports.tally import TallyFilter
from counter_app.timeutil import VN_TZ
from helpers import STATION, sample_intake

PASS = "mot-khoa-chung-cua-xa-yen-lac"
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=VN_TZ)
DAY = date(2026, 11, 20)


def station(tmp_path, digit: int, agency: str = STATION["agency_code"]):
    db = open_data_dir(tmp_path / f"station{digit}", create=True)
    setup.initialize(db, {**STATION, "station": digit, "agency_code": agency})
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    station_exchange.set_commune_key(db, actor, PASS)
    return db, actor


@pytest.fixture
def two(tmp_path):
    sup_db, sup = station(tmp_path, 1)
    db2, a2 = station(tmp_path, 2)
    # station 1: one dossier of its own; station 2: three, one resolved and paid
    intake.save(sup_db, intake.parse_request(sample_intake(received_at="2026-11-20T08:00:00+07:00")), sup)
    codes = [intake.save(db2, intake.parse_request(sample_intake(received_at=f"2026-11-20T0{h}:00:00+07:00")), a2).code
             for h in (8, 9)]
    codes.append(intake.save(db2, intake.parse_request(sample_intake(received_at="2026-11-19T10:00:00+07:00", channel=2)),
                             a2).code)
    lifecycle.perform(db2, codes[0], "result-received", a2, {"at": "2026-11-20T15:00:00+07:00"})
    lifecycle.record_payment(db2, codes[0], 1, a2, method="cash", receipt_date="2026-11-20")
    yield sup_db, sup, db2, a2, codes
    sup_db.close()
    db2.close()


def totals(db, actor, scope="all"):
    return tally.compute_tally(db, actor, TallyFilter(date(2026, 11, 19), DAY, "station", scope=scope), now=NOW)


def test_import_tallies_all_counters_and_twice_changes_nothing(two, tmp_path):
    sup_db, sup, db2, a2, codes = two
    f = tmp_path / "quay2.json"
    res = station_exchange.export_day(db2, a2, None, f, now=NOW)
    assert res["count"] == 3
    doc = json.loads(f.read_bytes())
    assert "Nguyễn Văn An" not in f.read_text(encoding="utf-8")  # no applicant data in the file
    assert doc["signature"]["alg"] == "HMAC-SHA256" and doc["payload"]["station"] == 2
    first = station_exchange.import_file(sup_db, sup, f, now=NOW)
    assert (first["added"], first["replaced"]) == (3, 0)
    r = totals(sup_db, sup)
    assert [(row.key, row.values["received"]) for row in r.rows] == [(1, 1), (2, 3)]
    assert r.value(2, "early") == 1 and r.value(2, "fee_cash") == 8000 and r.totals["received"] == 4
    b1 = bieu06.compute_bieu06(sup_db, sup, date(2026, 11, 19), DAY, now=NOW).total.values
    assert (b1[3], b1[4], b1[7], b1[11]) == (4, 1, 1, 3)
    again = station_exchange.import_file(sup_db, sup, f, now=NOW)
    assert (again["added"], again["replaced"]) == (0, 3)
    assert totals(sup_db, sup).totals == r.totals
    assert bieu06.compute_bieu06(sup_db, sup, date(2026, 11, 19), DAY, now=NOW).total.values == b1
    assert totals(sup_db, sup, "local").totals["received"] == 1
    assert tally.verify_aggregates(sup_db) == []
    actions = [row[0] for row in sup_db.execute("SELECT action FROM audit WHERE action LIKE 'station-%' ORDER BY id")]
    assert actions == ["station-key-set", "station-import", "station-import"]


def test_a_newer_day_file_replaces_and_an_older_one_does_not(two, tmp_path):
    sup_db, sup, db2, a2, codes = two
    old = tmp_path / "old.json"
    station_exchange.export_day(db2, a2, DAY, old, now=datetime(2026, 11, 20, 16, 0, tzinfo=VN_TZ))
    lifecycle.perform(db2, codes[1], "withdraw", a2, {"at": "2026-11-20T16:30:00+07:00"})
    new = tmp_path / "new.json"
    station_exchange.export_day(db2, a2, DAY, new, now=datetime(2026, 11, 20, 17, 0, tzinfo=VN_TZ))
    station_exchange.import_file(sup_db, sup, new, now=NOW)
    res = station_exchange.import_file(sup_db, sup, old, now=NOW)
    assert res["unchanged_or_older"] == res["rows"]
    r = totals(sup_db, sup)
    assert r.value(2, "withdrawn") == 1


def test_tampered_file_is_refused_in_vietnamese(two, tmp_path):
    sup_db, sup, db2, a2, _codes = two
    f = tmp_path / "quay2.json"
    station_exchange.export_day(db2, a2, None, f, now=NOW)
    doc = json.loads(f.read_text(encoding="utf-8"))
    doc["payload"]["dossiers"][0]["status"] = 10
    f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError, match="Chữ ký của tệp quay2.json không hợp lệ") as e:
        station_exchange.import_file(sup_db, sup, f, now=NOW)
    assert "Không nhập dữ liệu nào" in e.value.message
    assert sup_db.execute("SELECT COUNT(*) FROM imported_dossiers").fetchone()[0] == 0
    f.write_bytes(b"\x00garbage")
    with pytest.raises(UserError, match="không phải tệp dữ liệu quầy hợp lệ"):
        station_exchange.import_file(sup_db, sup, f, now=NOW)


def test_other_key_own_station_and_other_commune_are_refused(two, tmp_path):
    sup_db, sup, db2, a2, _codes = two
    f = tmp_path / "quay2.json"
    station_exchange.export_day(db2, a2, None, f, now=NOW)
    station_exchange.set_commune_key(sup_db, sup, "mot-khoa-khac-hoan-toan")
    with pytest.raises(UserError, match="khóa chung của xã"):
        station_exchange.import_file(sup_db, sup, f, now=NOW)
    station_exchange.set_commune_key(sup_db, sup, PASS)
    own = tmp_path / "quay1.json"
    station_exchange.export_day(sup_db, sup, None, own, now=NOW)
    with pytest.raises(UserError, match="chính quầy này"):
        station_exchange.import_file(sup_db, sup, own, now=NOW)
    other_db, other = station(tmp_path, 3, agency="000.00.07.H56")
    station_exchange.set_commune_key(other_db, other, PASS)
    foreign = tmp_path / "khac.json"
    station_exchange.export_day(other_db, other, None, foreign, now=NOW)
    other_db.close()
    with pytest.raises(UserError, match="khóa chung|đơn vị khác"):
        station_exchange.import_file(sup_db, sup, foreign, now=NOW)


def test_no_key_no_export(tmp_path):
    db = open_data_dir(tmp_path / "s", create=True)
    setup.initialize(db, dict(STATION))
    actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
    with pytest.raises(UserError, match="Chưa nhập khóa chung"):
        station_exchange.export_day(db, actor, None, tmp_path / "x.json")
    with pytest.raises(UserError, match="ít nhất 12"):
        station_exchange.set_commune_key(db, actor, "ngan")
    db.close()
