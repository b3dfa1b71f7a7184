"""``counter-app user …`` (issue 14 item 7) through the real entry point: an administrator
named by --as with the password on stdin's first line, the new password on the second; bad
input exits 2 with a Vietnamese message and writes nothing; every change is audited."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import STATION

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PW = STATION["admin_password"]


def run(*args, stdin: str = ""):
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def user(data_dir, *args, stdin: str = ""):
    return run("--data-dir", str(data_dir), "user", *args, stdin=stdin)


def test_add_list_reset_disable_enable(data_dir):
    r = user(data_dir, "add", "canbo1", "--role", "clerk", "--full-name", "Lê Văn Cán", "--as", "admin",
             "--password-stdin", stdin=f"{ADMIN_PW}\nmatkhau-can-bo\n")
    assert r.returncode == 0, r.stderr
    assert "Đã thêm tài khoản canbo1 (Cán bộ tiếp nhận)" in r.stdout

    r = user(data_dir, "list", "--as", "admin", "--json", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    rows = {u["username"]: u for u in json.loads(r.stdout)}
    assert rows["canbo1"] == {"username": "canbo1", "full_name": "Lê Văn Cán", "role": "clerk",
                              "role_name": "Cán bộ tiếp nhận", "active": True,
                              "created_at": rows["canbo1"]["created_at"], "last_login": None}
    assert "argon2" not in r.stdout and "hash" not in r.stdout

    r = user(data_dir, "reset", "canbo1", "--as", "admin", "--password-stdin", stdin=f"{ADMIN_PW}\nmatkhau-moi-22\n")
    assert r.returncode == 0, r.stderr
    r = user(data_dir, "disable", "canbo1", "--as", "admin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0 and "Đã vô hiệu hóa" in r.stdout, r.stderr
    r = user(data_dir, "list", "--as", "admin", stdin=ADMIN_PW + "\n")
    line = next(x for x in r.stdout.splitlines() if x.startswith("canbo1\t"))
    assert line.split("\t")[1:4] == ["Lê Văn Cán", "Cán bộ tiếp nhận", "đã vô hiệu hóa"]
    r = user(data_dir, "enable", "canbo1", "--as", "admin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr

    from counter_app import accounts
    from counter_app.db import open_data_dir

    db = open_data_dir(data_dir)
    try:
        assert accounts.authenticate(db, "canbo1", "matkhau-moi-22").role == "clerk"
        got = [tuple(x) for x in db.execute("SELECT actor, action FROM audit WHERE actor = 'admin:admin'")]
    finally:
        db.close()
    assert [a for _, a in got if a != "login"] == ["account-create", "password-reset", "account-disable",
                                                   "account-active"]


@pytest.mark.parametrize("args, stdin, message", [
    (("disable", "khong-co", "--as", "admin"), f"{ADMIN_PW}\n", "Không có tài khoản \"khong-co\""),
    (("disable", "admin", "--as", "admin"), f"{ADMIN_PW}\n", "chính mình"),
    (("list", "--as", "admin"), "sai-mat-khau\n", "mật khẩu không đúng"),
    (("list", "--as", "admin"), "", "Thiếu mật khẩu của quản trị viên"),
    (("add", "canbo2", "--role", "clerk", "--full-name", "Phạm Thu", "--as", "admin", "--password-stdin"),
     f"{ADMIN_PW}\nngan\n", "ít nhất 8 ký tự"),
    (("add", "canbo2", "--role", "clerk", "--full-name", "Phạm Thu", "--as", "admin", "--password-stdin"),
     f"{ADMIN_PW}\n", "Thiếu mật khẩu mới"),
    (("add", "canbo2", "--role", "clerk", "--full-name", "Phạm Thu", "--as", "admin"),
     f"{ADMIN_PW}\nmatkhau-can-bo\n", "--password-stdin"),
    (("add", "admin", "--role", "clerk", "--full-name", "Trùng Tên", "--as", "admin", "--password-stdin"),
     f"{ADMIN_PW}\nmatkhau-can-bo\n", "đã tồn tại"),
    (("add", "canbo2", "--role", "boss", "--full-name", "X", "--as", "admin", "--password-stdin"),
     f"{ADMIN_PW}\nmatkhau-can-bo\n", "lựa chọn không hợp lệ"),
    (("reset", "admin", "--password-stdin"), f"{ADMIN_PW}\nmatkhau-moi-22\n", "thiếu tham số bắt buộc"),
])
def test_bad_input_exits_2_in_vietnamese_and_changes_nothing(data_dir, args, stdin, message):
    from counter_app import accounts
    from counter_app.db import open_data_dir

    def state():
        db = open_data_dir(data_dir)
        try:
            return accounts.list_accounts(db), [tuple(x) for x in db.execute(
                "SELECT password_hash, active FROM users ORDER BY id")]
        finally:
            db.close()

    before = state()
    r = user(data_dir, *args, stdin=stdin)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message.lower() in r.stderr.lower(), r.stderr
    assert "Traceback" not in r.stderr and ADMIN_PW not in r.stderr
    after = state()
    assert after[1] == before[1] and [dict(u, last_login=None) for u in after[0]] == \
        [dict(u, last_login=None) for u in before[0]]


def test_a_clerk_or_supervisor_is_not_an_admin(data_dir):
    r = user(data_dir, "add", "giamsat", "--role", "supervisor", "--full-name", "Phạm Thị Giám", "--as", "admin",
             "--password-stdin", stdin=f"{ADMIN_PW}\nmatkhau-giam-sat\n")
    assert r.returncode == 0, r.stderr
    r = user(data_dir, "add", "canbo3", "--role", "clerk", "--full-name", "Lê Ba", "--as", "giamsat",
             "--password-stdin", stdin="matkhau-giam-sat\nmatkhau-can-bo\n")
    assert r.returncode == 2 and "không có quyền" in r.stderr and "Quản trị" in r.stderr
    r = user(data_dir, "list", "--as", "giamsat", "--json", stdin="matkhau-giam-sat\n")
    assert r.returncode == 2 and r.stdout == ""
