"""Roles are enforced in the core services: a clerk calling them directly is refused what only
supervisors or administrators may do."""

import pytest

from counter_app import accounts, calendar_store, intake, lifecycle, procedures, settings
from counter_app.catalogue import load_seed_catalogue
from counter_app.db import write_tx
from counter_app.errors import PermissionDenied, UserError
from helpers import sample_intake


@pytest.fixture
def clerk(db, admin):
    accounts.add_account(db, admin, "canbo1", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    return accounts.authenticate(db, "canbo1", "matkhau-can-bo")


@pytest.fixture
def supervisor(db, admin):
    accounts.add_account(db, admin, "giamsat", "Phạm Thị Giám", "supervisor", "matkhau-giam-sat")
    return accounts.authenticate(db, "giamsat", "matkhau-giam-sat")


def test_clerk_is_refused_admin_and_supervisor_services(db, clerk):
    from datetime import date

    with pytest.raises(PermissionDenied):
        accounts.add_account(db, clerk, "x1", "X", "admin", "matkhau-xxxx")
    with pytest.raises(PermissionDenied):
        accounts.reset_password(db, clerk, "admin", "matkhau-moi-1")
    with pytest.raises(PermissionDenied):
        accounts.set_active(db, clerk, "admin", False)
    with pytest.raises(PermissionDenied):
        settings.update(db, clerk, {"counter_name": "Quầy 9"})
    with pytest.raises(PermissionDenied):
        with write_tx(db):
            procedures.import_catalogue(db, load_seed_catalogue(), clerk)
    with pytest.raises(PermissionDenied):
        with write_tx(db):
            calendar_store.set_day(db, date(2026, 12, 31), "off", "Nghỉ bù", clerk, "Thông báo số 1/TB-UBND")
    code = intake.save(db, intake.parse_request(sample_intake()), clerk).code  # clerks do take in dossiers
    lifecycle.perform(db, code, "supplement", clerk, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                       "at": "2026-11-20T10:00:00+07:00"})
    lifecycle.perform(db, code, "supplement-received", clerk, {"at": "2026-11-20T11:00:00+07:00"})
    with pytest.raises(PermissionDenied):
        lifecycle.perform(db, code, "supplement", clerk, {"missing_items": ["Tờ khai"], "reason": "Thiếu",
                                                           "override": True, "at": "2026-11-20T12:00:00+07:00"})


def test_supervisor_may_edit_calendar_and_catalogue_but_not_accounts(db, supervisor):
    from datetime import date

    with write_tx(db):
        calendar_store.set_day(db, date(2026, 12, 26), "work", "Làm bù", supervisor, "Thông báo số 1/TB-UBND")
        procedures.import_catalogue(db, load_seed_catalogue(), supervisor)
    with pytest.raises(PermissionDenied, match="Quản trị"):
        accounts.add_account(db, supervisor, "x2", "X", "clerk", "matkhau-xxxx")


def test_admin_manages_accounts_and_the_name_stays_on_records(db, admin, clerk):
    code = intake.save(db, intake.parse_request(sample_intake()), clerk).code
    accounts.set_active(db, admin, "canbo1", False)
    with pytest.raises(UserError, match="bị khóa"):
        accounts.authenticate(db, "canbo1", "matkhau-can-bo")
    assert db.execute("SELECT received_by_name FROM dossiers WHERE code = ?", [code]).fetchone()[0] == "Lê Văn Cán"
    accounts.set_active(db, admin, "canbo1", True)
    accounts.reset_password(db, admin, "canbo1", "matkhau-moi-22")
    me = accounts.authenticate(db, "canbo1", "matkhau-moi-22")
    with pytest.raises(UserError, match="hiện tại không đúng"):
        accounts.change_password(db, me, "sai", "matkhau-moi-33")
    accounts.change_password(db, me, "matkhau-moi-22", "matkhau-moi-33")
    assert accounts.verify_password(db, me, "matkhau-moi-33")
    with pytest.raises(UserError, match="chính mình"):
        accounts.set_active(db, admin, "admin", False)


def test_lockout_after_repeated_failures(db, clerk):
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(UserError, match="không đúng"):
            accounts.authenticate(db, "canbo1", "sai-mat-khau")
    with pytest.raises(UserError, match="tạm khóa"):
        accounts.authenticate(db, "canbo1", "matkhau-can-bo")  # even the right password waits
