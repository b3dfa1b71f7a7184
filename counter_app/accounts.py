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

ROLES = {"clerk": "Công chức tiếp nhận", "supervisor": "Giám sát", "admin": "Quản trị"}
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD_LEN = 8

_hasher = PasswordHasher()


def validate_username(username: str) -> str | None:
    if not isinstance(username, str) or not username.strip():
        return "Tên đăng nhập không được để trống."
    u = username.strip()
    if not (3 <= len(u) <= 32) or not all(c.isascii() and (c.isalnum() or c in "._-") for c in u):
        return "Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
    return None


def validate_password(password: str) -> str | None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LEN:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LEN} ký tự."
    if len(password) > 256:
        return "Mật khẩu quá dài (tối đa 256 ký tự)."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(db: sqlite_utils.Database, username: str, full_name: str, role: str, password: str) -> int:
    """Insert an account; call inside a write transaction. Raises UserError on bad input."""
    for msg in (validate_username(username), validate_password(password)):
        if msg:
            raise UserError(msg)
    if role not in ROLES:
        raise UserError(f"Vai trò không hợp lệ: {role}.")
    full_name = (full_name or "").strip()
    if not full_name or len(full_name) > 100:
        raise UserError("Họ và tên người dùng phải có từ 1 đến 100 ký tự.")
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username.strip()]).fetchone():
        raise UserError(f"Tên đăng nhập \"{username.strip()}\" đã tồn tại.")
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
    generic = "Tên đăng nhập hoặc mật khẩu không đúng."
    if row is None:
        # Spend the same time as a real check so user names cannot be probed by timing.
        try:
            _hasher.verify(_dummy_hash(), password or "")
        except VerificationError:
            pass
        raise UserError(generic)
    uid, uname, full_name, role, pw_hash, active, failed, locked_until = row
    if not active:
        raise UserError("Tài khoản đã bị khóa. Hãy liên hệ quản trị viên.")
    if locked_until and timeutil.parse_iso(locked_until) > now:
        raise UserError(
            "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Thử lại sau "
            f"{timeutil.parse_iso(locked_until).strftime('%H:%M')}."
        )
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
    allowed = ", ".join(ROLES[r] for r in roles if r in ROLES)
    raise PermissionDenied(f"Tài khoản của bạn không có quyền thực hiện thao tác này (cần vai trò: {allowed}).")


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
