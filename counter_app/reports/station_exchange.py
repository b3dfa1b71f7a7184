"""Several counters in one commune: signed day files between stations.

A station exports the dossiers it touched on a day (received, changed or paid that day; or all
of them) as a JSON file signed with HMAC-SHA256 under the commune key. A supervisor station
imports other stations' files into ``imported_dossiers``, keyed by (agency code, station digit,
dossier code): importing a dossier again replaces its row (only with a snapshot at least as
new), never adds a second one, so importing the same file twice changes nothing. The file holds
the facts tallies need, not the citizens' personal data (no names, ID numbers, addresses or
phones of applicants).

Why HMAC with a shared key rather than Ed25519 signatures: the stations of one commune trust
each other and are set up by the same supervisor, who types the same passphrase at each; the
threat is a file altered on the USB stick or mail between them, or a file from another commune.
A shared key needs no key distribution or per-station public-key registry, and the standard
library has it. Its limit (any station holding the key could forge another station's file) is
accepted and documented in docs/reports.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import accounts, audit, settings, timeutil
from ..audit import Actor
from ..db import write_tx
from ..errors import UserError
from ..fsutil import write_atomically
from . import config

FORMAT = "counter-app/station-day"
VERSION = 1
ROW_KEYS = ("code", "procedure_code", "procedure_name", "field", "channel", "status", "received_at", "day",
            "due_at", "original_due_at", "finished_at", "returned_at", "received_by_name", "supp_rounds",
            "supp_open_at", "supp2_at", "supplements", "fees")
_FEE_METHODS = ("cash", "transfer", "online-dvcqg", "online-province")


def set_commune_key(db: sqlite_utils.Database, actor: Actor, passphrase: str) -> str:
    """Store the key derived from the commune passphrase; returns its fingerprint."""
    accounts.require_supervisor(actor)
    agency = settings.get(db, "agency_code")
    key = config.derive_key(passphrase, agency)
    fp = config.key_fingerprint(key)
    with write_tx(db):
        config.put_many(db, {"station_key": key.hex(), "station_key_id": fp,
                             "station_key_set_at": timeutil.iso(timeutil.now())})
        audit.record(db, actor, "station-key-set", "report_settings", {"key_id": fp})
    return fp


def _key(db: sqlite_utils.Database) -> tuple[bytes, str]:
    hexkey = config.get(db, "station_key")
    if not hexkey:
        raise UserError("Chưa nhập khóa chung của xã cho trạm này. Giám sát viên hãy nhập khóa chung "
                        "(Báo cáo → Liên quầy, hoặc 'counter-app report station-key') rồi thử lại.")
    return bytes.fromhex(hexkey), config.get(db, "station_key_id")


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _rows(db: sqlite_utils.Database, day: date | None) -> list[dict[str, Any]]:
    cols = ", ".join(f"d.{k}" for k in ROW_KEYS[:-2])
    if day is None:
        where, args = "", []
    else:
        d = day.isoformat()
        where = ("WHERE d.day = ? OR (d.updated_at >= ? AND d.updated_at < ?) OR d.id IN ("
                 "SELECT dossier_id FROM fees WHERE receipt_date = ? OR substr(paid_at, 1, 10) = ?)")
        args = [d, d, (day.fromordinal(day.toordinal() + 1)).isoformat(), d, d]
    out = []
    rows = db.execute(f"SELECT d.id, {cols} FROM dossiers d {where} ORDER BY d.id", args).fetchall()
    for r in rows:
        did = r[0]
        item = dict(zip(ROW_KEYS[:-2], r[1:]))
        item["supplements"] = [h[0] for h in db.execute(
            "SELECT at FROM history WHERE dossier_id = ? AND status = 5 AND action IN ('supplement', 'province') "
            "ORDER BY id", [did])]
        item["fees"] = [[f[0], f[1], f[2]] for f in db.execute(
            "SELECT COALESCE(NULLIF(receipt_date, ''), substr(paid_at, 1, 10)), paid_method, amount FROM fees "
            f"WHERE dossier_id = ? AND paid_method IN ({', '.join('?' * len(_FEE_METHODS))}) ORDER BY position",
            [did, *_FEE_METHODS])]
        out.append(item)
    return out


def build_file(db: sqlite_utils.Database, actor: Actor, day: date | None, *, now: datetime | None = None) -> bytes:
    """The signed day file (``day`` None: every dossier of this station)."""
    accounts.require_supervisor(actor)
    key, key_id = _key(db)
    s = settings.get_all(db)
    now = timeutil.to_vn(now) if now else timeutil.now()
    rows = _rows(db, day)
    payload = {
        "format": FORMAT, "version": VERSION, "agency_code": s["agency_code"], "agency_name": s["agency_name"],
        "station": int(s["station"]), "day": day.isoformat() if day else None, "exported_at": timeutil.iso(now),
        "count": len(rows), "dossiers": rows,
    }
    sig = hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()
    doc = {"payload": payload, "signature": {"alg": "HMAC-SHA256", "key_id": key_id, "value": sig}}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def default_file_name(db: sqlite_utils.Database, day: date | None) -> str:
    s = settings.get_all(db)
    return f"quay{s['station']}-{(day.isoformat() if day else 'toan-bo')}.json"


def export_day(db: sqlite_utils.Database, actor: Actor, day: date | None, out: Path, *,
               now: datetime | None = None) -> dict[str, Any]:
    data = build_file(db, actor, day, now=now)
    write_atomically(out, data)
    count = json.loads(data)["payload"]["count"]
    with write_tx(db):
        audit.record(db, actor, "station-export", day.isoformat() if day else "all",
                     {"dossiers": count, "sha256": hashlib.sha256(data).hexdigest()})
    return {"path": str(out), "count": count, "bytes": len(data)}


# --- import ----------------------------------------------------------------------------------------

def _bad(name: str, why: str) -> UserError:
    return UserError(f"Tệp {name} không phải tệp dữ liệu quầy hợp lệ: {why}. Không nhập dữ liệu nào.")


def _iso(v: Any, name: str, label: str, nullable: bool = False) -> str | None:
    if v is None and nullable:
        return None
    try:
        return timeutil.iso(timeutil.parse_iso(str(v)))
    except (ValueError, TypeError):
        raise _bad(name, f"thời điểm {label} không hợp lệ") from None


def _clean_row(r: Any, name: str) -> dict[str, Any]:
    if not isinstance(r, dict) or set(r) != set(ROW_KEYS):
        raise _bad(name, "một dòng hồ sơ thiếu hoặc thừa trường")
    out = dict(r)
    for k in ("code", "procedure_code", "procedure_name", "field", "received_by_name"):
        if not isinstance(r[k], str):
            raise _bad(name, f"trường {k} phải là văn bản")
    if r["channel"] not in (1, 2, 3) or not isinstance(r["status"], int) or not 1 <= r["status"] <= 10:
        raise _bad(name, "kênh hoặc trạng thái hồ sơ không hợp lệ")
    if not isinstance(r["supp_rounds"], int) or r["supp_rounds"] < 0:
        raise _bad(name, "số lần yêu cầu bổ sung không hợp lệ")
    for k in ("received_at", "due_at", "original_due_at"):
        out[k] = _iso(r[k], name, k)
    for k in ("finished_at", "returned_at", "supp_open_at", "supp2_at"):
        out[k] = _iso(r[k], name, k, nullable=True)
    try:
        out["day"] = date.fromisoformat(str(r["day"])).isoformat()
    except ValueError:
        raise _bad(name, "ngày tiếp nhận không hợp lệ") from None
    if not isinstance(r["supplements"], list):
        raise _bad(name, "danh sách yêu cầu bổ sung không hợp lệ")
    out["supplements"] = json.dumps([_iso(x, name, "yêu cầu bổ sung") for x in r["supplements"]])
    fees = []
    for f in r["fees"] if isinstance(r["fees"], list) else [None]:
        if (not isinstance(f, list) or len(f) != 3 or f[1] not in _FEE_METHODS or not isinstance(f[2], int)
                or f[2] < 0):
            raise _bad(name, "khoản phí, lệ phí không hợp lệ")
        try:
            fees.append([date.fromisoformat(str(f[0])).isoformat(), f[1], f[2]])
        except ValueError:
            raise _bad(name, "ngày thu phí không hợp lệ") from None
    out["fees"] = json.dumps(fees)
    return out


def import_file(db: sqlite_utils.Database, actor: Actor, path: Path, *, now: datetime | None = None) -> dict[str, Any]:
    """Verify and import another station's day file. A tampered file, a file signed with another
    key, another commune's file or this station's own file is refused (UserError, Vietnamese)
    and nothing is written."""
    accounts.require_supervisor(actor)
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp: {path}") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path}: {exc.strerror}") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
        payload, sig = doc["payload"], doc["signature"]
        if not isinstance(payload, dict) or not isinstance(sig, dict):
            raise TypeError
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        raise _bad(name, "không đọc được nội dung") from None
    if payload.get("format") != FORMAT or payload.get("version") != VERSION:
        raise _bad(name, "không đúng định dạng hoặc phiên bản")
    key, key_id = _key(db)
    expected = hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()
    if sig.get("alg") != "HMAC-SHA256" or not hmac.compare_digest(expected, str(sig.get("value", ""))):
        raise UserError(
            f"Chữ ký của tệp {name} không hợp lệ: tệp đã bị sửa đổi sau khi xuất, hoặc khóa chung của xã ở quầy "
            f"xuất tệp khác với quầy này (mã khóa của tệp: {sig.get('key_id') or '?'}, của quầy này: {key_id}). "
            "Không nhập dữ liệu nào."
        )
    s = settings.get_all(db)
    if payload.get("agency_code") != s["agency_code"]:
        raise UserError(f"Tệp {name} là dữ liệu của đơn vị khác (mã {payload.get('agency_code')}); chỉ nhập được "
                        f"dữ liệu các quầy của cùng đơn vị ({s['agency_code']}).")
    station = payload.get("station")
    if not isinstance(station, int) or not 0 <= station <= 9:
        raise _bad(name, "số quầy không hợp lệ")
    if station == int(s["station"]):
        raise UserError(f"Tệp {name} là dữ liệu của chính quầy này (quầy {station}); số liệu của quầy này đã "
                        "có sẵn nên không nhập, tránh đếm hai lần.")
    snapshot = _iso(payload.get("exported_at"), name, "xuất tệp")
    rows_in = payload.get("dossiers")
    if not isinstance(rows_in, list) or payload.get("count") != len(rows_in):
        raise _bad(name, "số dòng hồ sơ không khớp")
    rows = [_clean_row(r, name) for r in rows_in]
    now = timeutil.to_vn(now) if now else timeutil.now()
    counts = {"added": 0, "replaced": 0, "unchanged_or_older": 0, "skipped_local": 0}
    cols = ROW_KEYS
    with write_tx(db):
        import_id = db.execute(
            "INSERT INTO station_imports (agency_code, station, file_day, exported_at, file_sha256, rows, replaced, "
            "skipped, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
            [s["agency_code"], station, payload.get("day"), snapshot, hashlib.sha256(raw).hexdigest(), len(rows),
             timeutil.iso(now), actor.label],
        ).lastrowid
        for r in rows:
            if db.execute("SELECT 1 FROM dossiers WHERE code = ?", [r["code"]]).fetchone():
                counts["skipped_local"] += 1
                continue
            old = db.execute(
                "SELECT snapshot_at FROM imported_dossiers WHERE agency_code = ? AND station = ? AND code = ?",
                [s["agency_code"], station, r["code"]],
            ).fetchone()
            if old is None:
                db.execute(
                    f"INSERT INTO imported_dossiers (agency_code, station, {', '.join(cols)}, snapshot_at, import_id) "
                    f"VALUES (?, ?, {', '.join('?' * len(cols))}, ?, ?)",
                    [s["agency_code"], station, *(r[k] for k in cols), snapshot, import_id],
                )
                counts["added"] += 1
            elif old[0] <= snapshot:
                db.execute(
                    f"UPDATE imported_dossiers SET {', '.join(f'{k} = ?' for k in cols)}, snapshot_at = ?, import_id = ? "
                    "WHERE agency_code = ? AND station = ? AND code = ?",
                    [*(r[k] for k in cols), snapshot, import_id, s["agency_code"], station, r["code"]],
                )
                counts["replaced"] += 1
            else:
                counts["unchanged_or_older"] += 1
        db.execute("UPDATE station_imports SET replaced = ?, skipped = ? WHERE id = ?",
                   [counts["replaced"], counts["skipped_local"] + counts["unchanged_or_older"], import_id])
        audit.record(db, actor, "station-import", f"station:{station}", {
            "day": payload.get("day"), "rows": len(rows), **counts, "sha256": hashlib.sha256(raw).hexdigest(),
        })
    return {"station": station, "day": payload.get("day"), "rows": len(rows), **counts}


def imports(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    """The latest imports (newest first) for the screen."""
    rows = db.execute(
        "SELECT station, file_day, exported_at, rows, replaced, skipped, imported_at, imported_by FROM station_imports "
        "ORDER BY id DESC LIMIT ?", [limit]).fetchall()
    keys = ("station", "day", "exported_at", "rows", "replaced", "skipped", "imported_at", "imported_by")
    return [dict(zip(keys, r)) for r in rows]
