"""Account management in the core (issue 14 item 7): list without hashes and with the last
sign-in, disable rules (not oneself, not the last active administrator), own password change,
administrator reset, switching user and signing out; every change in the audit trail."""

import json

import pytest

from counter_app import accounts, audit
from counter_app.errors import PermissionDenied, UserError


def actions(db) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in db.execute("SELECT actor, action, object FROM audit ORDER BY id")]


def test_list_has_no_hashes_and_shows_the_last_sign_in(db, admin):
    uid = accounts.add_account(db, admin, "canbo1", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    rows = {r["username"]: r for r in accounts.list_users(db, admin)}
    assert set(rows) == {"admin", "canbo1"}
    assert rows["canbo1"]["role_name"] == "Cán bộ tiếp nhận" and rows["canbo1"]["active"] is True
    assert rows["canbo1"]["last_login"] is None
    assert rows["admin"]["last_login"] is not None  # the fixture signed in
    assert "argon2" not in json.dumps(rows) and "password" not in json.dumps(rows)
    accounts.authenticate(db, "canbo1", "matkhau-can-bo")
    assert {r["username"]: r for r in accounts.list_accounts(db)}["canbo1"]["last_login"] is not None
    assert ("admin:admin", "account-create", f"user:{uid}") in actions(db)
    clerk = accounts.authenticate(db, "canbo1", "matkhau-can-bo")
    with pytest.raises(PermissionDenied):
        accounts.list_users(db, clerk)


def test_disable_rules_self_and_last_admin(db, admin):
    with pytest.raises(UserError, match="chính mình"):
        accounts.set_active(db, admin, "ADMIN", False)
    with pytest.raises(UserError, match="cuối cùng"):  # the command line's OS owner neither
        accounts.set_active(db, accounts.cli_actor(), "admin", False)
    accounts.add_account(db, admin, "qt2", "Phó Quản Trị", "admin", "matkhau-quan-tri-2")
    accounts.set_active(db, accounts.cli_actor(), "admin", False)  # another admin is active now
    with pytest.raises(UserError, match="bị khóa"):
        accounts.authenticate(db, "admin", "matkhau-quan-tri")
    with pytest.raises(UserError, match="cuối cùng"):
        accounts.set_active(db, accounts.cli_actor(), "qt2", False)
    with pytest.raises(UserError, match="Không có tài khoản \"ai-do\""):
        accounts.set_active(db, accounts.cli_actor(), "ai-do", True)
    accounts.set_active(db, accounts.cli_actor(), "admin", True)
    assert [a for _, a, _ in actions(db)][-3:] == ["account-create", "account-disable", "account-active"]


def test_own_password_change_and_admin_reset(db, admin):
    accounts.add_account(db, admin, "canbo1", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    me = accounts.authenticate(db, "canbo1", "matkhau-can-bo")
    with pytest.raises(UserError, match="ít nhất 8"):
        accounts.change_password(db, me, "matkhau-can-bo", "ngan")
    with pytest.raises(UserError, match="phải khác"):
        accounts.change_password(db, me, "matkhau-can-bo", "matkhau-can-bo")
    accounts.change_password(db, me, "matkhau-can-bo", "matkhau-moi-11")
    assert accounts.verify_password(db, me, "matkhau-moi-11")
    with pytest.raises(UserError, match="ít nhất 8"):
        accounts.reset_password(db, admin, "canbo1", "1234")
    with pytest.raises(UserError, match="Không có tài khoản"):
        accounts.reset_password(db, admin, "khong-co", "matkhau-moi-22")
    for _ in range(accounts.MAX_FAILED_LOGINS):  # locked out, then the reset unlocks
        with pytest.raises(UserError):
            accounts.authenticate(db, "canbo1", "sai-mat-khau")
    accounts.reset_password(db, admin, "canbo1", "matkhau-moi-22")
    assert accounts.authenticate(db, "canbo1", "matkhau-moi-22").username == "canbo1"
    got = actions(db)
    assert ("clerk:canbo1", "password-change", f"user:{me.user_id}") in got
    assert ("admin:admin", "password-reset", f"user:{me.user_id}") in got
    assert audit.verify(db) is None


def test_switch_user_and_logout_are_audited(db, admin):
    accounts.add_account(db, admin, "canbo1", "Lê Văn Cán", "clerk", "matkhau-can-bo")
    with pytest.raises(UserError, match="không đúng"):
        accounts.switch_user(db, admin, "canbo1", "sai")
    clerk = accounts.switch_user(db, admin, "canbo1", "matkhau-can-bo")
    assert clerk.role == "clerk" and clerk.full_name == "Lê Văn Cán"
    row = db.execute("SELECT actor, object, details FROM audit WHERE action = 'user-switch'").fetchone()
    assert row[0] == "clerk:canbo1" and row[1] == f"user:{clerk.user_id}" and json.loads(row[2]) == {"from": "admin"}
    accounts.record_logout(db, clerk)
    assert actions(db)[-1] == ("clerk:canbo1", "logout", f"user:{clerk.user_id}")
