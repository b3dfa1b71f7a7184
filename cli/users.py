"""``user list|add|disable|enable|reset``: account management from the command line.

Each command acts as an administrator named by ``--as ADMIN``, whose password is the first line
of standard input; where a new password is needed (``add``, ``reset``, with ``--password-stdin``)
it is the second line. The core checks the role and the password policy and writes the audit
entries, exactly as for the GUI's accounts dialog. Passwords are never taken as arguments.

    counter-app --data-dir DIR user list --as admin [--json]
    counter-app --data-dir DIR user add NAME --role clerk --full-name "Lê Văn Cán" --as admin --password-stdin
    counter-app --data-dir DIR user disable NAME --as admin
    counter-app --data-dir DIR user reset NAME --as admin --password-stdin
"""

from __future__ import annotations

import sys

from counter_app.errors import UserError


def _line(what: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise UserError(f"Thiếu {what} trên đầu vào chuẩn.")
    return line.rstrip("\r\n")


def _admin_password() -> str:
    return _line("mật khẩu của quản trị viên (dòng thứ nhất)")


def _new_password(args) -> str:
    if not args.password_stdin:
        raise UserError("Mật khẩu mới phải được nhập qua đầu vào chuẩn (dòng thứ hai): thêm --password-stdin.")
    return _line("mật khẩu mới (dòng thứ hai)")


def _as_admin(db, args, password: str):
    """The administrator named by --as, signed in with ``password`` (a refused login is counted)."""
    from counter_app import accounts

    actor = accounts.authenticate(db, args.as_user, password)
    accounts.require_role(actor, "admin")
    return actor


def _run(args, work):
    """Read stdin (before opening the data), sign the administrator in, run ``work(db, actor)``."""
    from .main import open_ready

    admin_pw = _admin_password()
    new_pw = _new_password(args) if hasattr(args, "password_stdin") else None
    db = open_ready(args)
    try:
        actor = _as_admin(db, args, admin_pw)
        return work(db, actor, new_pw)
    finally:
        db.close()


def cmd_list(args) -> int:
    from counter_app import accounts, timeutil

    from .main import print_json

    rows = _run(args, lambda db, actor, _pw: accounts.list_users(db, actor))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        last = timeutil.vn_datetime(timeutil.parse_iso(r["last_login"])) if r["last_login"] else "-"
        state = "hoạt động" if r["active"] else "đã vô hiệu hóa"
        print(f"{r['username']}\t{r['full_name']}\t{r['role_name']}\t{state}\t{last}")
    return 0


def cmd_add(args) -> int:
    from counter_app import accounts

    _run(args, lambda db, actor, pw: accounts.add_account(db, actor, args.name, args.full_name, args.role, pw))
    print(f"Đã thêm tài khoản {args.name.strip()} ({accounts.ROLES[args.role]}).")
    return 0


def cmd_disable(args) -> int:
    from counter_app import accounts

    _run(args, lambda db, actor, _pw: accounts.set_active(db, actor, args.name, False))
    print(f"Đã vô hiệu hóa tài khoản {args.name.strip()}.")
    return 0


def cmd_enable(args) -> int:
    from counter_app import accounts

    _run(args, lambda db, actor, _pw: accounts.set_active(db, actor, args.name, True))
    print(f"Đã kích hoạt lại tài khoản {args.name.strip()}.")
    return 0


def cmd_reset(args) -> int:
    from counter_app import accounts

    _run(args, lambda db, actor, pw: accounts.reset_password(db, actor, args.name, pw))
    print(f"Đã đặt lại mật khẩu cho tài khoản {args.name.strip()}.")
    return 0


def register(sub) -> None:
    from counter_app.accounts import ROLES

    p = sub.add_parser("user", help="quản lý tài khoản (quản trị viên, --as TÊN, mật khẩu qua đầu vào chuẩn)")
    us = p.add_subparsers(dest="user_command", metavar="LỆNH_TÀI_KHOẢN", required=True)

    def with_admin(s):
        s.add_argument("--as", dest="as_user", required=True, metavar="QUẢN_TRỊ",
                       help="tài khoản quản trị thực hiện lệnh; mật khẩu là dòng thứ nhất của đầu vào chuẩn")
        return s

    s = with_admin(us.add_parser("list", help="danh sách tài khoản"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)

    s = with_admin(us.add_parser("add", help="thêm tài khoản"))
    s.add_argument("name", metavar="TÊN_ĐĂNG_NHẬP")
    s.add_argument("--role", required=True, choices=tuple(ROLES))
    s.add_argument("--full-name", required=True, metavar="HỌ_TÊN")
    s.add_argument("--password-stdin", action="store_true", help="mật khẩu mới là dòng thứ hai của đầu vào chuẩn")
    s.set_defaults(func=cmd_add)

    s = with_admin(us.add_parser("disable", help="vô hiệu hóa tài khoản"))
    s.add_argument("name", metavar="TÊN_ĐĂNG_NHẬP")
    s.set_defaults(func=cmd_disable)

    s = with_admin(us.add_parser("enable", help="kích hoạt lại tài khoản"))
    s.add_argument("name", metavar="TÊN_ĐĂNG_NHẬP")
    s.set_defaults(func=cmd_enable)

    s = with_admin(us.add_parser("reset", help="đặt lại mật khẩu của một tài khoản"))
    s.add_argument("name", metavar="TÊN_ĐĂNG_NHẬP")
    s.add_argument("--password-stdin", action="store_true", help="mật khẩu mới là dòng thứ hai của đầu vào chuẩn")
    s.set_defaults(func=cmd_reset)
