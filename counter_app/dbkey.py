"""Encryption at rest of the station database (SQLCipher 4 through ``sqlcipher3``).

- A station is encrypted when ``<data dir>/encryption.json`` exists (it holds no secret: the
  cipher, where the key is kept, and a key fingerprint).
- The key is 32 random bytes. It is kept in the OS keyring (Windows Credential Manager, macOS
  Keychain, Secret Service) when one is available; otherwise in ``<data dir>/db.key`` readable by
  the OS account only (0600), which protects nothing against someone who takes the whole disk —
  use the OS's disk encryption (BitLocker) on such PCs. docs/security.md has the details and the
  recovery procedure (`counter-app key export` to a USB stick kept by the supervisor).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

from .errors import UserError

MARKER = "encryption.json"
KEY_FILE = "db.key"
SERVICE = "counter-app"


def marker_path(data_dir: Path) -> Path:
    return Path(data_dir) / MARKER


def is_encrypted(data_dir: Path) -> bool:
    return marker_path(data_dir).exists()


def fingerprint(key_hex: str) -> str:
    return hashlib.sha256(("counter-app:" + key_hex).encode()).hexdigest()[:16]


def _keyring():
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # noqa: BLE001 - no usable keyring on this PC
        return None


def _account(data_dir: Path) -> str:
    return "db-key:" + hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:24]


def store_key(data_dir: Path, key_hex: str) -> str:
    """Keep the key; returns where ('keyring' or 'file')."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(data_dir), key_hex)
            return "keyring"
        except Exception:  # noqa: BLE001 - fall back to the file
            pass
    path = Path(data_dir) / KEY_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key_hex)
        f.flush()
        os.fsync(f.fileno())
    return "file"


def load_key(data_dir: Path) -> str:
    """The key of an encrypted station, or a Vietnamese error saying how to recover."""
    data_dir = Path(data_dir)
    info = json.loads(marker_path(data_dir).read_text(encoding="utf-8"))
    key = None
    if info.get("key_store") == "keyring":
        kr = _keyring()
        if kr is not None:
            key = kr.get_password(SERVICE, _account(data_dir))
    else:
        try:
            key = (data_dir / KEY_FILE).read_text().strip()
        except FileNotFoundError:
            key = None
    if not key:
        raise UserError(
            "Không tìm thấy khóa giải mã cơ sở dữ liệu trên máy này. Nạp khóa khôi phục bằng lệnh "
            "'counter-app --data-dir THƯ_MỤC key import --from TỆP_KHÓA' (xem docs/security.md)."
        )
    if fingerprint(key) != info.get("fingerprint"):
        raise UserError("Khóa giải mã không khớp với cơ sở dữ liệu này (sai tệp khóa?).")
    return key


def new_key() -> str:
    return secrets.token_hex(32)


def write_marker(data_dir: Path, key_hex: str, store: str) -> None:
    info = {"cipher": "sqlcipher4", "key_store": store, "fingerprint": fingerprint(key_hex)}
    tmp = marker_path(data_dir).with_suffix(".tmp")
    tmp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    tmp.replace(marker_path(data_dir))


def key_pragma(key_hex: str) -> str:
    if len(key_hex) != 64 or any(c not in "0123456789abcdef" for c in key_hex):
        raise UserError("Khóa giải mã không hợp lệ.")
    return f"PRAGMA key = \"x'{key_hex}'\""


# --- the audit anchor (see counter_app.audit): the chain head kept outside the database -------
ANCHOR_FILE = "audit-anchor.json"


def _anchor_account(data_dir: Path) -> str:
    return "audit-anchor:" + hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:24]


def store_anchor(data_dir: Path, anchor: dict) -> str:
    """Keep the latest audit anchor in the OS keyring, or in ``<data dir>/audit-anchor.json``
    (0600) when there is none; returns 'keyring' or 'file'. The file is a weaker anchor (it sits
    beside the database), still enough against deleting rows with an SQLite tool."""
    text = json.dumps(anchor, sort_keys=True)
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _anchor_account(data_dir), text)
            return "keyring"
        except Exception:  # noqa: BLE001 - fall back to the file
            pass
    path = Path(data_dir) / ANCHOR_FILE
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
    return "file"


def load_anchor(data_dir: Path) -> tuple[dict | None, str]:
    """(the latest stored anchor or None, where it was looked for: 'keyring' or 'file').
    A damaged stored anchor comes back as ``{"damaged": True}``."""
    kr = _keyring()
    text, where = None, "file"
    if kr is not None:
        try:
            text = kr.get_password(SERVICE, _anchor_account(data_dir))
            where = "keyring"
        except Exception:  # noqa: BLE001
            text = None
    if text is None:
        where = "file"
        try:
            text = (Path(data_dir) / ANCHOR_FILE).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None, where
        except (OSError, UnicodeDecodeError):
            return {"damaged": True}, where
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {"damaged": True}, where
    return (value if isinstance(value, dict) else {"damaged": True}), where
