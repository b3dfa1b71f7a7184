"""Local accounts: argon2 password hashes, roles, login with lockout after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from . import audit, timeutil
from .audit import Actor
from .errors import PermissionDenied, UserError
from .i18n import N_, _

ROLES = {"clerk": N_("Cán bộ tiếp nhận"), "supervisor": N_("Giám sát viên"), "admin": N_("Quản trị")}
# The roles that supervise: reports, closing the day, settings, sync set-aside, overrides.
SUPERVISOR_ROLES = ("supervisor", "admin")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LEN = 8

_hasher = PasswordHasher()


def validate_username(username: str) -> str | None:
    if not isinstance(username, str) or not username.strip():
        return _("Tên đăng nhập không được để trống.")
    u = username.strip()
    if not (3 <= len(u) <= 32) or not all(c.isascii() and (c.isalnum() or c in "._-") for c in u):
        return _("Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")
    return None


def validate_password(password: str) -> str | None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LEN:
        return _("Mật khẩu phải có ít nhất {n} ký tự.").format(n=MIN_PASSWORD_LEN)
    if len(password) > 256:
        return _("Mật khẩu quá dài (tối đa 256 ký tự).")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(db: sqlite_utils.Database, username: str, full_name: str, role: str, password: str) -> int:
    """Insert an account; call inside a write transaction. Raises UserError on bad input."""
    for msg in (validate_username(username), validate_password(password)):
        if msg:
            raise UserError(msg)
    if role not in ROLES:
        raise UserError(_("Vai trò không hợp lệ: {role}.").format(role=role))
    full_name = (full_name or "").strip()
    if not full_name or len(full_name) > 100:
        raise UserError(_("Họ và tên người dùng phải có từ 1 đến 100 ký tự."))
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username.strip()]).fetchone():
        raise UserError(_("Tên đăng nhập \"{username}\" đã tồn tại.").format(username=username.strip()))
    cur = db.execute(
        "INSERT INTO users (username, full_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        [username.strip(), full_name, role, hash_password(password), timeutil.iso(timeutil.now())],
    )
    return cur.lastrowid


def authenticate(db: sqlite_utils.Database, username: str, password: str) -> Actor:
    """Check a login; returns the Actor or raises UserError (Vietnamese). Writes the failure
    counter and an audit row, so call it on the writer connection (outside a transaction)."""
    from .db import write_tx

    now = timeutil.now()
    row = db.execute(
        "SELECT id, username, full_name, role, password_hash, active, failed_logins, locked_until "
        "FROM users WHERE username = ?",
        [(username or "").strip()],
    ).fetchone()
    generic = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    if row is None:
        # Spend the same time as a real check so user names cannot be probed by timing.
        try:
            _hasher.verify(_dummy_hash(), password or "")
        except VerificationError:
            pass
        raise UserError(generic)
    uid, uname, full_name, role, pw_hash, active, failed, locked_until = row
    if not active:
        raise UserError(_("Tài khoản đã bị khóa. Hãy liên hệ quản trị viên."))
    if locked_until and timeutil.parse_iso(locked_until) > now:
        raise UserError(_("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Thử lại sau {time}.").format(
            time=timeutil.parse_iso(locked_until).strftime('%H:%M')))
    try:
        _hasher.verify(pw_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failed += 1
        lock = timeutil.iso(now + LOCKOUT) if failed >= MAX_FAILED_LOGINS else None
        with write_tx(db):
            db.execute(
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                [0 if lock else failed, lock, uid],
            )
            audit.record(db, f"{role}:{uname}", "login-failed", f"user:{uid}", {"locked": bool(lock)})
        raise UserError(generic) from None
    actor = Actor(uid, uname, full_name, role)
    with write_tx(db):
        db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", [uid])
        if _hasher.check_needs_rehash(pw_hash):
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(password), uid])
        audit.record(db, actor, "login", f"user:{uid}")
    return actor


def require_role(actor: Actor, *roles: str) -> None:
    """Core services call this; the CLI actor (OS account owning the data) passes."""
    if actor.role == "cli" or actor.role in roles:
        return
    allowed = ", ".join(_(ROLES[r]) for r in roles if r in ROLES)
    raise PermissionDenied(_("Tài khoản của bạn không có quyền thực hiện thao tác này (cần vai trò: {allowed}).").format(
        allowed=allowed))


def is_supervisor(actor: Actor | None) -> bool:
    """Whether ``actor`` may do supervisors' work (the CLI actor, the data's OS owner, may)."""
    return actor is not None and (actor.role == "cli" or actor.role in SUPERVISOR_ROLES)


def require_supervisor(actor: Actor) -> None:
    require_role(actor, *SUPERVISOR_ROLES)


def cli_actor() -> Actor:
    import getpass

    try:
        name = getpass.getuser()
    except Exception:  # pragma: no cover - no user name on some systems
        name = "unknown"
    return Actor(None, name, f"Dòng lệnh ({name})", "cli")


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to verify against for unknown user names (made on first use, not at import)."""
    if not _DUMMY:
        _DUMMY.append(_hasher.hash("not-a-real-password"))
    return _DUMMY[0]


# --- account management (roles enforced here, not only by hiding buttons) ------------------------

def add_account(db: "sqlite_utils.Database", actor: Actor, username: str, full_name: str, role: str, password: str) -> int:
    """An administrator creates an account."""
    from .db import write_tx

    require_role(actor, "admin")
    with write_tx(db):
        uid = create_user(db, username, full_name, role, password)
        audit.record(db, actor, "account-create", f"user:{uid}", {"role": role})
    return uid


def _account_id(db: "sqlite_utils.Database", username: str) -> tuple[int, str, str, bool]:
    """(id, username, role, active) of an account, or a Vietnamese UserError."""
    row = db.execute("SELECT id, username, role, active FROM users WHERE username = ?",
                     [(username or "").strip()]).fetchone()
    if row is None:
        raise UserError(_("Không có tài khoản \"{username}\".").format(username=(username or '').strip()))
    return row[0], row[1], row[2], bool(row[3])


def reset_password(db: "sqlite_utils.Database", actor: Actor, username: str, new_password: str) -> None:
    """An administrator sets a new password (and unlocks the account)."""
    from .db import write_tx

    require_role(actor, "admin")
    msg = validate_password(new_password)
    if msg:
        raise UserError(msg)
    uid, _name, _role, _active = _account_id(db, username)
    with write_tx(db):
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [hash_password(new_password), uid],
        )
        audit.record(db, actor, "password-reset", f"user:{uid}")


def change_password(db: "sqlite_utils.Database", actor: Actor, old_password: str, new_password: str) -> None:
    """Signed-in users change their own password (the current one is asked again)."""
    from .db import write_tx

    if actor.user_id is None:
        raise PermissionDenied(_("Chỉ tài khoản đã đăng nhập mới đổi được mật khẩu của mình."))
    row = db.execute("SELECT password_hash FROM users WHERE id = ?", [actor.user_id]).fetchone()
    if row is None:
        raise UserError(_("Tài khoản không còn tồn tại."))
    try:
        _hasher.verify(row[0], old_password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise UserError(_("Mật khẩu hiện tại không đúng.")) from None
    msg = validate_password(new_password)
    if msg:
        raise UserError(msg)
    if new_password == old_password:
        raise UserError(_("Mật khẩu mới phải khác mật khẩu hiện tại."))
    with write_tx(db):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(new_password), actor.user_id])
        audit.record(db, actor, "password-change", f"user:{actor.user_id}")


def set_active(db: "sqlite_utils.Database", actor: Actor, username: str, active: bool) -> None:
    """An administrator disables or re-enables an account (accounts are never deleted: the
    records they touched keep their name). Nobody disables their own account, and the last
    active administrator stays active (someone must be able to manage the accounts)."""
    from .db import write_tx

    require_role(actor, "admin")
    uid, name, role, _was_active = _account_id(db, username)
    if not active and (uid == actor.user_id or name.lower() == actor.username.lower()):
        raise UserError(_("Không thể tự vô hiệu hóa tài khoản của chính mình."))
    with write_tx(db):
        if not active and role == "admin":
            others = db.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?",
                                [uid]).fetchone()[0]
            if others == 0:
                raise UserError(_("Không thể vô hiệu hóa quản trị viên cuối cùng còn hoạt động: "
                                  "hãy tạo hoặc kích hoạt một tài khoản quản trị khác trước."))
        db.execute("UPDATE users SET active = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
                   [1 if active else 0, uid])
        audit.record(db, actor, "account-active" if active else "account-disable", f"user:{uid}")


def switch_user(db: "sqlite_utils.Database", current: Actor | None, username: str, password: str) -> Actor:
    """Another person signs in over a session (the idle lock unlocked with their own account):
    a full login (lockout counter, ``login`` entry) plus a ``user-switch`` entry naming whom
    they took over from. Call on the writer connection, outside a transaction."""
    from .db import write_tx

    actor = authenticate(db, username, password)
    with write_tx(db):
        audit.record(db, actor, "user-switch", f"user:{actor.user_id}",
                     {"from": current.username if current else ""})
    return actor


def record_logout(db: "sqlite_utils.Database", actor: Actor) -> None:
    """The ``logout`` entry when a user signs out of the GUI (the program stays open)."""
    from .db import write_tx

    with write_tx(db):
        audit.record(db, actor, "logout", f"user:{actor.user_id}" if actor.user_id else "")


def verify_password(db: "sqlite_utils.Database", actor: Actor, password: str) -> bool:
    """Re-entered password check (idle unlock, sign-offs). Does not touch the lockout counter."""
    if actor.user_id is None:
        return False
    row = db.execute("SELECT password_hash, active FROM users WHERE id = ?", [actor.user_id]).fetchone()
    if row is None or not row[1]:
        return False
    try:
        return _hasher.verify(row[0], password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def list_accounts(db: "sqlite_utils.Database") -> list[dict]:
    """Every account, without password hashes: username, full_name, role, role_name, active,
    created_at and last_login (ISO, or None: the newest sign-in in the audit trail)."""
    last = {
        obj: at for obj, at in db.execute(
            "SELECT object, max(at) FROM audit WHERE action IN ('login', 'user-switch') "
            "AND object LIKE 'user:%' GROUP BY object")
    }
    return [
        {"username": r[0], "full_name": r[1], "role": r[2], "role_name": ROLES.get(r[2], r[2]),
         "active": bool(r[3]), "created_at": r[4], "last_login": last.get(f"user:{r[5]}")}
        for r in db.execute("SELECT username, full_name, role, active, created_at, id FROM users ORDER BY username")
    ]


def list_users(db: "sqlite_utils.Database", actor: Actor) -> list[dict]:
    """The account list for an administrator (the accounts dialog, ``user list``)."""
    require_role(actor, "admin")
    return list_accounts(db)
