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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils

from counter_app.db import write_tx
from counter_app.errors import UserError
from counter_app.i18n import _

log = logging.getLogger(__name__)

SECRET_FILE = "sync-secret"
GATEWAY_SECRET = "gateway"  # the national gateway's password (lgsp adapter), next to the station secret
KEYRING_SERVICE = "counter-app-sync"
STORE_ENV = "COUNTER_APP_SECRET_STORE"
MIN_SECRET = 16  # shorter than this is a typing or pasting mistake, not a station secret
AUDIT_ACTION = "sync-setup"


class NotConfigured(UserError):
    """Sync has no settings yet (the GUI says how to set it up, the CLI names the command)."""


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
    # The adapter's own settings (a national gateway's URLs, madonvi, user name; never a password:
    # that is in the secret store under :data:`GATEWAY_SECRET`). See sync/adapters/national.py.
    adapter_options: dict[str, str] = field(default_factory=dict)

    def validate(self) -> None:
        parts = urlsplit(self.server_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(_("Địa chỉ máy chủ đồng bộ phải bắt đầu bằng https:// (hoặc http:// khi thử nghiệm)."))
        if self.ca_bundle and not Path(self.ca_bundle).is_file():
            raise UserError(_("Không tìm thấy tệp chứng chỉ CA: {path}").format(path=self.ca_bundle))
        for name in ("connect_timeout", "read_timeout", "backoff_base", "backoff_cap", "probe_interval", "idle_interval"):
            if not getattr(self, name) > 0:
                raise UserError(_("Giá trị {name} phải lớn hơn 0.").format(name=name))
        if self.backoff_cap < self.backoff_base:
            raise UserError(_("Thời gian chờ tối đa phải không nhỏ hơn thời gian chờ ban đầu."))
        for name in ("batch_size", "chunk_size", "upload_workers", "pull_limit"):
            if int(getattr(self, name)) < 1:
                raise UserError(_("Giá trị {name} phải từ 1 trở lên.").format(name=name))

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
        _write(db, cfg)


def _write(db: sqlite_utils.Database, cfg: SyncConfig) -> None:
    for key, value in dataclasses.asdict(cfg).items():
        db.execute(
            "INSERT INTO sync_config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )


# --- the station secret ------------------------------------------------------------------------

# --- setting sync up (``counter-app sync-setup`` and the GUI's "Thiết lập đồng bộ…") ---------------

def is_local(url: str) -> bool:
    """Whether ``url`` names this machine (plain http is for trials against such a server)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def check_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if len(secret) < MIN_SECRET:
        raise UserError(_("Khóa bí mật của trạm không hợp lệ (quá ngắn)."))
    return secret


def setup(db: sqlite_utils.Database, data_dir: Path, actor, *, server_url: str, secret: str | None,
          station_id: str | None = None, ca_bundle: str | None = None, adapter: str | None = None,
          adapter_options: dict[str, str] | None = None, gateway_password: str | None = None,
          **tuning: Any) -> tuple[SyncConfig, SecretStore]:
    """Validate and store the sync settings and the station secret; one audit entry.

    Unset arguments keep the station's current settings. ``ca_bundle``: None keeps it, "" drops
    it. ``secret``: None keeps the stored one (there must be one). Supervisors only (the CLI
    actor passes). The secret goes to the OS keyring or the 0600 file, never to the database
    nor to the audit trail. ``adapter_options``: the adapter's settings (None keeps them; checked
    by the adapter, a clear message for a missing one); ``gateway_password``: the national
    gateway's password (lgsp), stored like the secret (None keeps the stored one)."""
    from counter_app import accounts, audit, settings

    from .adapters import get_adapter

    accounts.require_supervisor(actor)
    old = load(db)
    if secret is not None:
        secret = check_secret(secret)
    values: dict[str, Any] = dataclasses.asdict(old) if old else {}
    if not station_id and not old:
        s = settings.get_all(db)
        station_id = f"{s['agency_code']}/{s['station']}"
    values.update(server_url=(server_url or "").strip())
    if station_id:
        values["station_id"] = station_id.strip()
    if ca_bundle is not None:
        values["ca_bundle"] = ca_bundle.strip() or None
    if adapter:
        values["adapter"] = adapter
    if adapter_options is not None:  # merged over the stored ones while the adapter stays the same
        kept = dict(old.adapter_options) if old and old.adapter == values.get("adapter", "reference") else {}
        kept.update({k: str(v).strip() for k, v in adapter_options.items() if v is not None})
        values["adapter_options"] = kept
    elif old and adapter and adapter != old.adapter:
        values["adapter_options"] = {}
    unknown = set(tuning) - FIELDS
    if unknown:
        raise ValueError(f"unknown sync settings: {sorted(unknown)}")
    values.update({k: v for k, v in tuning.items() if v is not None})
    values["secret_store"] = choose_store() if secret is not None or not old else old.secret_store
    cfg = SyncConfig(**values)
    cfg.validate()
    kind = type(get_adapter(cfg.adapter))
    gw_store = secret_store(data_dir, cfg, GATEWAY_SECRET)
    if gateway_password is not None and not gateway_password.strip():
        gateway_password = None
    kind.check_options(cfg.adapter_options, has_password=gateway_password is not None or gw_store.get() is not None)
    store = secret_store(data_dir, cfg)
    if secret is None and store.get() is None:
        raise UserError(_("Chưa có khóa bí mật của trạm: hãy nhập khóa do hệ thống tỉnh cấp."))
    if secret is not None:
        store.set(secret)
    if gateway_password is not None:
        gw_store.set(gateway_password.strip())
    with write_tx(db):
        _write(db, cfg)
        audit.record(db, actor, AUDIT_ACTION, cfg.station_id, {
            "server": cfg.base_url, "adapter": cfg.adapter, "ca_bundle": bool(cfg.ca_bundle),
            "adapter_options": dict(cfg.adapter_options),
            "gateway_password": "changed" if gateway_password is not None else "kept",
            "secret": "changed" if secret is not None else "kept", "secret_store": cfg.secret_store,
        })
    return cfg, store


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
    def __init__(self, data_dir: Path, station_id: str, store: str, name: str = "") -> None:
        self.data_dir = Path(data_dir)
        self.station_id = station_id
        self.store = store
        self.name = name  # "" = the station secret; GATEWAY_SECRET = the national gateway's password
        # One keyring entry per station, data directory and secret.
        digest = hashlib.sha256(str(self.data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
        self.username = f"{station_id}@{digest}" + (f"#{name}" if name else "")

    @property
    def file(self) -> Path:
        return self.data_dir / (f"{SECRET_FILE}-{self.name}" if self.name else SECRET_FILE)

    def describe(self) -> str:
        if self.store == "keyring":
            return "kho khóa của hệ điều hành (keyring)"
        return f"tệp {self.file} (chỉ tài khoản hiện tại được đọc)"

    def set(self, secret: str) -> None:
        if self.store == "keyring":
            backend = _keyring_backend()
            if backend is None:
                raise UserError(_("Máy này không có kho khóa của hệ điều hành; hãy dùng tệp (COUNTER_APP_SECRET_STORE=file)."))
            backend.set_password(KEYRING_SERVICE, self.username, secret)
            return
        tmp = self.file.with_name(self.file.name + ".tmp")
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


def secret_store(data_dir: Path, cfg: SyncConfig, name: str = "") -> SecretStore:
    return SecretStore(data_dir, cfg.station_id, cfg.secret_store, name)
