"""Sync settings (in the ``sync_config`` table) and the station secret.

The secret is the station's long-lived credential; it is exchanged for short-lived bearer
tokens and never stored in the database. It goes to the OS keyring when one is usable
(Windows Credential Manager, macOS Keychain, Secret Service on a Linux desktop). Where there is
none (a headless Linux box: keyring's "fail" backend), it goes to ``<data dir>/sync-secret``
created with mode 0600 (owner read/write only). ``COUNTER_APP_SECRET_STORE=file|keyring``
forces one (tests use ``file``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from counter_app.db import write_tx
from counter_app.errors import UserError

log = logging.getLogger(__name__)

SECRET_FILE = "sync-secret"
KEYRING_SERVICE = "counter-app-sync"
STORE_ENV = "COUNTER_APP_SECRET_STORE"


@dataclass
class SyncConfig:
    server_url: str
    station_id: str  # "<agency code>/<station digit>"
    adapter: str = "reference"
    ca_bundle: str | None = None  # PEM file of extra trusted CAs; None = the system's
    secret_store: str = "file"  # where sync-setup put the secret: keyring | file
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    backoff_base: float = 30.0  # first retry after 15–30 s …
    backoff_cap: float = 6 * 3600.0  # … doubling up to 6 h
    probe_interval: float = 30.0  # while offline, how often to look for the server
    idle_interval: float = 60.0  # while online and idle, how often to pull
    batch_size: int = 100  # records / progress entries per request
    chunk_size: int = 256 * 1024  # tus PATCH size: a cut loses at most this much
    upload_workers: int = 2
    pull_limit: int = 500

    def validate(self) -> None:
        parts = urlsplit(self.server_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError("Địa chỉ máy chủ đồng bộ phải bắt đầu bằng https:// (hoặc http:// khi thử nghiệm).")
        if self.ca_bundle and not Path(self.ca_bundle).is_file():
            raise UserError(f"Không tìm thấy tệp chứng chỉ CA: {self.ca_bundle}")
        for name in ("connect_timeout", "read_timeout", "backoff_base", "backoff_cap", "probe_interval", "idle_interval"):
            if not getattr(self, name) > 0:
                raise UserError(f"Giá trị {name} phải lớn hơn 0.")
        if self.backoff_cap < self.backoff_base:
            raise UserError("Thời gian chờ tối đa phải không nhỏ hơn thời gian chờ ban đầu.")
        for name in ("batch_size", "chunk_size", "upload_workers", "pull_limit"):
            if int(getattr(self, name)) < 1:
                raise UserError(f"Giá trị {name} phải từ 1 trở lên.")

    @property
    def base_url(self) -> str:
        return self.server_url.rstrip("/")


FIELDS = {f.name for f in dataclasses.fields(SyncConfig)}


def load(db: sqlite_utils.Database) -> SyncConfig | None:
    values: dict[str, Any] = {}
    for key, value in db.execute("SELECT key, value FROM sync_config"):
        if key in FIELDS:
            values[key] = json.loads(value)
    if "server_url" not in values or "station_id" not in values:
        return None
    return SyncConfig(**values)


def save(db: sqlite_utils.Database, cfg: SyncConfig) -> None:
    cfg.validate()
    with write_tx(db):
        for key, value in dataclasses.asdict(cfg).items():
            db.execute(
                "INSERT INTO sync_config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )


# --- the station secret ------------------------------------------------------------------------

def _keyring_backend():
    """The OS keyring when a usable one exists, else None (no D-Bus secret service, etc.)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - keyring is optional at run time
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
        return None
    return backend


def choose_store() -> str:
    forced = os.environ.get(STORE_ENV, "").strip().lower()
    if forced in ("file", "keyring"):
        return forced
    return "keyring" if _keyring_backend() is not None else "file"


class SecretStore:
    def __init__(self, data_dir: Path, station_id: str, store: str) -> None:
        self.data_dir = Path(data_dir)
        self.station_id = station_id
        self.store = store
        # One keyring entry per station and data directory.
        digest = hashlib.sha256(str(self.data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
        self.username = f"{station_id}@{digest}"

    @property
    def file(self) -> Path:
        return self.data_dir / SECRET_FILE

    def describe(self) -> str:
        if self.store == "keyring":
            return "kho khóa của hệ điều hành (keyring)"
        return f"tệp {self.file} (chỉ tài khoản hiện tại được đọc)"

    def set(self, secret: str) -> None:
        if self.store == "keyring":
            backend = _keyring_backend()
            if backend is None:
                raise UserError("Máy này không có kho khóa của hệ điều hành; hãy dùng tệp (COUNTER_APP_SECRET_STORE=file).")
            backend.set_password(KEYRING_SERVICE, self.username, secret)
            return
        tmp = self.file.with_name(SECRET_FILE + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, secret.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)  # also when the file existed with other modes
        os.replace(tmp, self.file)

    def get(self) -> str | None:
        if self.store == "keyring":
            backend = _keyring_backend()
            return backend.get_password(KEYRING_SERVICE, self.username) if backend else None
        try:
            return self.file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None


def secret_store(data_dir: Path, cfg: SyncConfig) -> SecretStore:
    return SecretStore(data_dir, cfg.station_id, cfg.secret_store)
