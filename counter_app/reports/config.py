"""Report settings of this station (table ``report_settings``, values are JSON).

- ``period_mode``: how month/quarter/year presets are cut: ``calendar`` (1st to last day, the
  default) or ``cutoff-15`` (the national reporting cut-off of Nghị định 09/2019: the 15th of the
  month before to the 14th; a year runs from 15/12 to 14/12);
- ``recipient``: "Đơn vị nhận báo cáo" printed on Biểu 06;
- ``preparer``: name printed under "Người lập biểu";
- ``station_key``: the key that signs and checks station day files, derived from the commune
  passphrase (PBKDF2-HMAC-SHA256, salt = the agency code) so the passphrase itself is not kept;
  ``station_key_id``: a short fingerprint shown to people to compare keys between stations.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from ..errors import UserError
from ..i18n import N_

PERIOD_MODES = {"calendar": N_("Theo tháng dương lịch (ngày 1 đến cuối tháng)"),
                "cutoff-15": N_("Theo kỳ báo cáo quốc gia (ngày 15 tháng trước đến ngày 14)")}
DEFAULTS: dict[str, Any] = {"period_mode": "calendar", "recipient": "", "preparer": "", "station_key": "",
                            "station_key_id": "", "station_key_set_at": ""}
MIN_PASSPHRASE = 12
PBKDF2_ROUNDS = 200_000


def get_all(db: sqlite_utils.Database) -> dict[str, Any]:
    values = dict(DEFAULTS)
    for key, value in db.execute("SELECT key, value FROM report_settings"):
        values[key] = json.loads(value)
    return values


def get(db: sqlite_utils.Database, key: str) -> Any:
    row = db.execute("SELECT value FROM report_settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else DEFAULTS[key]


def put_many(db: sqlite_utils.Database, values: dict[str, Any]) -> None:
    """Write settings; call inside a write transaction."""
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        if key == "period_mode" and value not in PERIOD_MODES:
            raise UserError("Cách tính kỳ báo cáo phải là \"calendar\" hoặc \"cutoff-15\".")
        db.execute(
            "INSERT INTO report_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )


def derive_key(passphrase: str, agency_code: str) -> bytes:
    """The commune key: every station entering the same passphrase gets the same key."""
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_PASSPHRASE:
        raise UserError(f"Khóa chung của xã phải có ít nhất {MIN_PASSPHRASE} ký tự.")
    return hashlib.pbkdf2_hmac("sha256", passphrase.strip().encode("utf-8"),
                               f"counter-app station files {agency_code}".encode("utf-8"), PBKDF2_ROUNDS)


def key_fingerprint(key: bytes) -> str:
    """Eight hex characters people can read aloud to check two stations hold the same key."""
    return hashlib.sha256(b"fingerprint" + key).hexdigest()[:8].upper()


def save_settings(db: sqlite_utils.Database, actor, values: dict[str, Any]) -> None:
    """A supervisor's change of the report settings (signers, titles), audited."""
    from .. import accounts, audit
    from ..db import write_tx

    accounts.require_supervisor(actor)
    with write_tx(db):
        put_many(db, values)
        audit.record(db, actor, "report-settings", "report_settings", {"keys": sorted(values)})
