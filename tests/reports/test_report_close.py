"""Closing the day: clerks' summaries, the supervisor's sign-off with the password re-entered,
the frozen figures and their hash, the audit entry, differences after a later change."""

import json
import subprocess
from datetime import date

import pytest

from reports.test_report_tally import END_OF_20, T, at, scenario_dir, sdb, sup  # noqa: F401
from counter_app import accounts, audit, lifecycle
from counter_app.db import write_tx
from counter_app.errors import PermissionDenied, UserError
from counter_app.reports import dayclose, service
from helpers import STATION

PASSWORD = STATION["admin_password"]


def test_clerk_summaries_of_the_day(sdb, sup):
    fig = dayclose.day_figures(sdb, sup, T, now=END_OF_20)
    clerks = {c["clerk"]: c for c in fig["clerks"]}
    assert set(clerks) == {"Lê Văn Cán", "Trần Thị Bình"}
    can = clerks["Lê Văn Cán"]
    assert (can["received"], can["returned"], can["fee_cash"], can["fee_transfer"], can["fees"]) == (2, 1, 10000, 0, 10000)
    assert clerks["Trần Thị Bình"]["received"] == 0 and clerks["Trần Thị Bình"]["resolved"] == 4
    assert fig["totals"]["received"] == 2 and fig["station"] == 1


def test_close_day_freezes_the_figures_and_audits(sdb, sup):
    res = dayclose.close_day(sdb, sup, T, PASSWORD, note="Đủ hồ sơ", now=END_OF_20)
    assert res["intact"] and res["closed_by"] == "Trần Thị Bình"
    assert res["sha256"] == dayclose.digest(dayclose.day_figures(sdb, sup, T, now=END_OF_20))
    entry = sdb.execute("SELECT actor, action, object, details FROM audit WHERE action = 'day-close'").fetchone()
    assert entry[0] == "admin:admin" and entry[2] == "2026-11-20"
    details = json.loads(entry[3])
    assert details["figures_sha256"] == res["sha256"] and details["received"] == 2 and details["fees"] == 10000
    assert audit.verify(sdb) is None
    # the same day cannot be closed twice
    with pytest.raises(UserError, match="đã được chốt"):
        dayclose.close_day(sdb, sup, T, PASSWORD, now=END_OF_20)
    # nothing changed: the recount matches the signed figures
    cmp = dayclose.compare(sdb, sup, T, now=END_OF_20)
    assert cmp["differences"] == [] and "khớp" in dayclose.describe(cmp)


def test_a_later_change_shows_as_a_difference_and_the_frozen_figures_stay(sdb, sup):
    closed = dayclose.close_day(sdb, sup, T, PASSWORD, now=END_OF_20)
    # a backdated step: R (received 20/11 11:00) is refused at 12:00 on the closed day
    lifecycle.perform(sdb, sdb.codes["R"], "refuse", sup, {"reason": "Không đúng thẩm quyền", "at": at("20T12:00")})
    cmp = dayclose.compare(sdb, sup, T, now=END_OF_20)
    assert ("Lê Văn Cán", "Tiếp nhận", 2, 1) in cmp["differences"]
    assert ("Tổng cộng", "Từ chối tiếp nhận", 0, 1) in cmp["differences"]
    again = dayclose.closed(sdb, T)
    assert again["figures"] == closed["figures"] and again["intact"]
    assert "đã thay đổi sau khi chốt" in dayclose.describe(cmp)


def test_tampered_frozen_figures_are_detected(sdb, sup):
    dayclose.close_day(sdb, sup, T, PASSWORD, now=END_OF_20)
    with write_tx(sdb):
        sdb.execute("UPDATE day_closes SET figures = replace(figures, '\"received\":2', '\"received\":3')")
    assert dayclose.closed(sdb, T)["intact"] is False
    assert "không còn khớp" in dayclose.describe(dayclose.compare(sdb, sup, T, now=END_OF_20))


def test_sign_off_needs_the_right_password_and_role(sdb, sup):
    with pytest.raises(UserError, match="Không chốt được ngày"):
        dayclose.close_day(sdb, sup, T, "sai-mat-khau", now=END_OF_20)
    assert dayclose.closed(sdb, T) is None
    clerk = accounts.authenticate(sdb, "canbo2", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        dayclose.close_day(sdb, clerk, T, "matkhau-can-bo", now=END_OF_20)
    with pytest.raises(UserError, match="chưa tới"):
        dayclose.close_day(sdb, sup, date(2026, 11, 22), PASSWORD, now=END_OF_20)


def test_daily_export_of_a_closed_day_carries_the_close_note(sdb, sup, tmp_path):
    dayclose.close_day(sdb, sup, T, PASSWORD, now=END_OF_20)
    service.export_daily(sdb, sup, T, "pdf", tmp_path / "ngay.pdf", now=END_OF_20)

    text = subprocess.run(["pdftotext", str(tmp_path / "ngay.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Ngày đã chốt bởi Trần Thị Bình" in " ".join(text.split())
