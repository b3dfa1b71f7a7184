"""Storage of the reference provincial system: its own SQLite file in its data directory.

What it keeps: stations and their secret hashes, idempotency records (station, key → body hash
and the acknowledgement first given), dossier records under their national field names,
progress entries (from stations and from the resolving units), tus uploads and stored files
(content-addressed), and the change feed stations pull.

Writes are serialised by one lock (plus SQLite's busy timeout for other processes such as
``set-status`` while ``serve`` runs); every handler thread reads through its own connection,
closed by :meth:`Store.release` when the thread's HTTP connection ends (no descriptor leak).

Ownership: a dossier (its record and progress entries) belongs to the station that created it;
a stored file belongs to every station that uploaded its bytes (``file_owners``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .limits import Limits
from .online import (OUTCOMES, RESUBMIT_KEYS, InputError, PortalFile, applicant_fields, file_specs,
                     procedure_info, stage_files, unstage)
from .online import file_item as online_file_item

VN = timezone(timedelta(hours=7))
DB_NAME = "provincial.sqlite3"
WIRE_TIME = re.compile(r"^\d{14}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS stations (
    station_id TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    station TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idem (
    station_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    replays INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (station_id, key)
);
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    record TEXT NOT NULL,
    versions INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    station_id TEXT,
    idem_key TEXT,
    source TEXT NOT NULL CHECK (source IN ('record', 'station', 'province')),
    entry TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS progress_code ON progress (code, id);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    length INTEGER NOT NULL,
    offset INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT,
    touched REAL,
    bytes_received INTEGER NOT NULL DEFAULT 0,
    patches INTEGER NOT NULL DEFAULT 0,
    UNIQUE (station_id, idem_key)
);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    filename TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_owners (
    sha256 TEXT NOT NULL,
    station_id TEXT NOT NULL,
    PRIMARY KEY (sha256, station_id)
);
CREATE INDEX IF NOT EXISTS uploads_open ON uploads (station_id, completed_at);
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY,
    station_id TEXT,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    agency_code TEXT,
    except_station TEXT
);
CREATE INDEX IF NOT EXISTS changes_station ON changes (station_id, id);
CREATE TABLE IF NOT EXISTS online_dossiers (
    code TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,
    status TEXT NOT NULL,
    claimed_by TEXT,
    submissions INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (agency_code, day, seq)
);
CREATE TABLE IF NOT EXISTS online_files (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    submission INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    component_code TEXT NOT NULL,
    component_name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS online_files_sha ON online_files (sha256, code);
CREATE TABLE IF NOT EXISTS online_events (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('submitted', 'resubmitted', 'claimed', 'outcome')),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    station_id TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS online_events_code ON online_events (code, id);
CREATE TABLE IF NOT EXISTS audit_anchors (
    id INTEGER PRIMARY KEY,
    station_id TEXT NOT NULL,
    count INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_anchors_station ON audit_anchors (station_id, id)
"""


def now_iso() -> str:
    return datetime.now(VN).isoformat(timespec="seconds")


def now_wire() -> str:
    return datetime.now(VN).strftime("%Y%m%d%H%M%S")


def canon(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def body_hash(obj: Any) -> str:
    return hashlib.sha256(canon(obj).encode("utf-8")).hexdigest()


def secret_hash(secret: str) -> str:
    # Secrets are 256-bit random strings: a plain SHA-256 is enough (no dictionary to guard against).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class StoreError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Store:
    def __init__(self, data_dir: Path, limits: Limits | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.limits = limits or Limits()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        (self.data_dir / "files").mkdir(exist_ok=True)
        (self.data_dir / "uploads").mkdir(exist_ok=True)
        self.path = self.data_dir / DB_NAME
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self.write_lock = threading.RLock()
        conn = self.conn()
        for stmt in SCHEMA.split(";\n"):
            if stmt.startswith("CREATE INDEX IF NOT EXISTS uploads_open"):
                self._migrate(conn)
            if stmt.startswith("CREATE INDEX IF NOT EXISTS changes_station"):
                self._migrate_changes(conn)
            conn.execute(stmt)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Data directories made before ownership and upload expiry: add the column, give the
        open uploads a fresh clock and the files the stations that completed them."""
        cols = {r[1] for r in conn.execute("PRAGMA table_info(uploads)")}
        if "touched" not in cols:
            conn.execute("ALTER TABLE uploads ADD COLUMN touched REAL")
            conn.execute("UPDATE uploads SET touched = ? WHERE touched IS NULL", [time.time()])
            conn.execute("INSERT OR IGNORE INTO file_owners (sha256, station_id) "
                         "SELECT sha256, station_id FROM uploads WHERE completed_at IS NOT NULL")

    @staticmethod
    def _migrate_changes(conn: sqlite3.Connection) -> None:
        """Data directories made before online dossiers: the feed's agency addressing columns
        (NULL for the existing rows: they keep their addressing, one station or all)."""
        cols = {r[1] for r in conn.execute("PRAGMA table_info(changes)")}
        for col in ("agency_code", "except_station"):
            if col not in cols:
                conn.execute(f"ALTER TABLE changes ADD COLUMN {col} TEXT")

    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=10)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA journal_mode = WAL")
            c.execute("PRAGMA synchronous = NORMAL")
            c.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = c
            with self._conns_lock:
                self._conns.append(c)
        return c

    def release(self) -> None:
        """Close this thread's connection (a handler thread at the end of its HTTP connection)."""
        c = getattr(self._local, "conn", None)
        if c is None:
            return
        self._local.conn = None
        with self._conns_lock:
            try:
                self._conns.remove(c)
            except ValueError:
                pass
        c.close()

    def open_connections(self) -> int:
        with self._conns_lock:
            return len(self._conns)

    def close(self) -> None:
        with self._conns_lock:
            for c in self._conns:
                c.close()
            self._conns.clear()
        self._local = threading.local()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        with self.write_lock:
            c = self.conn()
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
            except BaseException:
                c.execute("ROLLBACK")
                raise
            else:
                c.execute("COMMIT")

    # -- stations ---------------------------------------------------------------------------
    def add_station(self, agency_code: str, station: str) -> tuple[str, str]:
        """Create (or re-key) a station; returns (station id, new secret)."""
        station_id = f"{agency_code}/{station}"
        secret = secrets.token_urlsafe(32)
        with self.tx() as c:
            c.execute(
                "INSERT INTO stations (station_id, agency_code, station, secret_hash, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (station_id) DO UPDATE SET secret_hash = excluded.secret_hash",
                [station_id, agency_code, station, secret_hash(secret), now_iso()],
            )
        return station_id, secret

    def check_secret(self, station_id: str, secret: str) -> dict[str, Any] | None:
        row = self.conn().execute("SELECT * FROM stations WHERE station_id = ?", [station_id]).fetchone()
        if row is None or not hmac.compare_digest(row["secret_hash"], secret_hash(secret)):
            return None
        return dict(row)

    # -- idempotent items -------------------------------------------------------------------
    def _replay(self, c: sqlite3.Connection, station_id: str, key: str, h: str) -> tuple[int, dict] | None:
        row = c.execute("SELECT body_hash, status, response FROM idem WHERE station_id = ? AND key = ?",
                        [station_id, key]).fetchone()
        if row is None:
            return None
        if row["body_hash"] != h:
            return 409, {"error": {"code": "idempotency-conflict",
                                   "message": "Khóa gửi này đã được dùng cho một nội dung khác."}}
        c.execute("UPDATE idem SET replays = replays + 1 WHERE station_id = ? AND key = ?", [station_id, key])
        return row["status"], json.loads(row["response"])

    def _remember(self, c, station_id: str, key: str, kind: str, h: str, status: int, response: dict) -> None:
        c.execute(
            "INSERT INTO idem (station_id, key, kind, body_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [station_id, key, kind, h, status, canon(response), now_iso()],
        )

    def apply_records(self, station: dict[str, Any], items: list[Any]) -> list[dict[str, Any]]:
        results = []
        with self.tx() as c:
            for item in items:
                key = str(item.get("key") or "") if isinstance(item, dict) else ""
                record = item.get("record") if isinstance(item, dict) else None
                if not key or not isinstance(record, dict):
                    results.append({"key": key, "status": 400, "error": {"code": "bad-item",
                                                                         "message": "Mục gửi thiếu key hoặc record."}})
                    continue
                h = body_hash(record)
                replay = self._replay(c, station["station_id"], key, h)
                if replay is not None:
                    status, resp = replay
                    results.append({"key": key, "status": status, **resp})
                    continue
                online = self._online(c, record.get("MaHoSo"))
                if online is not None:
                    refusal = self._online_refusal(online, station, str(record.get("TrangThaiHoSo")))
                    if refusal is not None:
                        results.append({"key": key, **refusal})
                        continue
                else:
                    owner = self._owner(c, record.get("MaHoSo"))
                    if owner is not None and owner != station["station_id"]:
                        results.append({"key": key, "status": 403, "error": not_owner(record.get("MaHoSo"))})
                        continue
                problem = validate_record(record, station["agency_code"])
                if problem:
                    results.append({"key": key, "status": 422, "error": {"code": "invalid", "message": problem}})
                    continue
                code = record["MaHoSo"]
                if online is not None and online["claimed_by"] is None:
                    self._claim(c, online, station, str(record["TrangThaiHoSo"]),
                                str(record.get("NgayTiepNhan") or ""), "")
                existing = c.execute("SELECT versions, station_id FROM dossiers WHERE code = ?", [code]).fetchone()
                now = now_iso()
                if existing is None:
                    c.execute(
                        "INSERT INTO dossiers (code, station_id, record, versions, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
                        [code, station["station_id"], canon(record), now, now],
                    )
                    # An online dossier's outcome came first as a progress entry: the same entry
                    # nested in the record is not kept twice.
                    held = {r[0] for r in c.execute("SELECT entry FROM progress WHERE code = ?", [code])} \
                        if online is not None else set()
                    for entry in record.get("QuaTrinhXuLy") or []:
                        if canon(entry) in held:
                            continue
                        c.execute(
                            "INSERT INTO progress (code, station_id, idem_key, source, entry, received_at) VALUES (?, ?, ?, 'record', ?, ?)",
                            [code, station["station_id"], key, canon(entry), now],
                        )
                    version, status = 1, 201
                else:
                    # station_id moves only for an online dossier claimed anew after the citizen
                    # resubmitted it (the checks above let only its claimant through).
                    version, status = existing["versions"] + 1, 200
                    c.execute("UPDATE dossiers SET record = ?, versions = ?, updated_at = ?, station_id = ? WHERE code = ?",
                              [canon(record), version, now, station["station_id"], code])
                resp = {"ack": {"MaHoSo": code, "version": version, "received_at": now}}
                self._remember(c, station["station_id"], key, "record", h, status, resp)
                results.append({"key": key, "status": status, **resp})
        return results

    def apply_progress(self, station: dict[str, Any], items: list[Any]) -> list[dict[str, Any]]:
        results = []
        failed_codes: set[str] = set()
        with self.tx() as c:
            for item in items:
                key = str(item.get("key") or "") if isinstance(item, dict) else ""
                entry = item.get("entry") if isinstance(item, dict) else None
                if not key or not isinstance(entry, dict):
                    results.append({"key": key, "status": 400, "error": {"code": "bad-item",
                                                                         "message": "Mục gửi thiếu key hoặc entry."}})
                    continue
                code = str(entry.get("MaHoSo") or "")
                h = body_hash(entry)
                replay = self._replay(c, station["station_id"], key, h)
                if replay is not None:
                    status, resp = replay
                    if status >= 400:
                        failed_codes.add(code)
                    results.append({"key": key, "status": status, **resp})
                    continue
                if code in failed_codes:  # keep the order within a dossier
                    results.append({"key": key, "status": 424, "error": {
                        "code": "previous-failed", "message": "Bước xử lý trước của hồ sơ này chưa được nhận."}})
                    continue
                problem = validate_progress(entry)
                if problem:
                    failed_codes.add(code)
                    results.append({"key": key, "status": 422, "error": {"code": "invalid", "message": problem}})
                    continue
                online = self._online(c, code)
                if online is not None:
                    refusal = self._online_refusal(online, station, str(entry.get("TrangThai")))
                    if refusal is not None:
                        failed_codes.add(code)
                        results.append({"key": key, **refusal})
                        continue
                    status_ = str(entry["TrangThai"])
                    if online["claimed_by"] is None:
                        self._claim(c, online, station, status_, str(entry["ThoiDiemXuLy"]),
                                    str(entry.get("NoiDungXuLy") or ""))
                    elif status_ in OUTCOMES and status_ != online["status"]:
                        self._online_event(c, code, "outcome", status_, str(entry["ThoiDiemXuLy"]),
                                           station["station_id"], str(entry.get("NoiDungXuLy") or ""))
                        c.execute("UPDATE online_dossiers SET status = ?, updated_at = ? WHERE code = ?",
                                  [status_, now_iso(), code])
                else:
                    owner = self._owner(c, code)
                    if owner is None:
                        failed_codes.add(code)
                        results.append({"key": key, "status": 404, "error": {
                            "code": "unknown-dossier", "message": f"Chưa có hồ sơ {code} trên hệ thống tỉnh."}})
                        continue
                    if owner != station["station_id"]:
                        failed_codes.add(code)
                        results.append({"key": key, "status": 403, "error": not_owner(code)})
                        continue
                now = now_iso()
                pid = c.execute(
                    "INSERT INTO progress (code, station_id, idem_key, source, entry, received_at) VALUES (?, ?, ?, 'station', ?, ?)",
                    [code, station["station_id"], key, canon(entry), now],
                ).lastrowid
                resp = {"ack": {"MaHoSo": code, "id": pid, "received_at": now}}
                self._remember(c, station["station_id"], key, "progress", h, 201, resp)
                results.append({"key": key, "status": 201, **resp})
        return results

    @staticmethod
    def _owner(c: sqlite3.Connection, code: Any) -> str | None:
        if not isinstance(code, str):
            return None
        row = c.execute("SELECT station_id FROM dossiers WHERE code = ?", [code]).fetchone()
        return row["station_id"] if row is not None else None

    # -- online dossiers (the citizen portal) ---------------------------------------------
    @staticmethod
    def _online(c: sqlite3.Connection, code: Any) -> sqlite3.Row | None:
        if not isinstance(code, str):
            return None
        return c.execute("SELECT * FROM online_dossiers WHERE code = ?", [code]).fetchone()

    @staticmethod
    def _online_refusal(online: sqlite3.Row, station: dict[str, Any], status: str) -> dict[str, Any] | None:
        """Why ``station`` may not write this online dossier now (a per-item result), or None.
        Any station of its agency may answer it first, with an outcome (2, 3 or 5); from then
        on only that station (the claimant) writes it, until the citizen resubmits."""
        code = online["code"]
        if online["agency_code"] != station["agency_code"]:
            return {"status": 403, "error": {"code": "not-owner",
                                             "message": f"Hồ sơ trực tuyến {code} thuộc đơn vị khác."}}
        if online["claimed_by"] is None:
            if status not in OUTCOMES:
                return {"status": 422, "error": {"code": "invalid", "message": (
                    f"Hồ sơ trực tuyến {code} chưa được trạm nào tiếp nhận: trạng thái đầu tiên gửi lên phải là "
                    "2 (tiếp nhận), 5 (hướng dẫn bổ sung) hoặc 3 (từ chối).")}}
            return None
        if online["claimed_by"] != station["station_id"]:
            return {"status": 403, "error": {"code": "online-taken",
                                             "message": "Hồ sơ trực tuyến đã được trạm khác xử lý."}}
        return None

    def _claim(self, c: sqlite3.Connection, online: sqlite3.Row, station: dict[str, Any], status: str,
               at: str, note: str) -> None:
        """The first outcome of a station: it becomes the claimant, and the agency's other
        stations (those added later too) get ``online-dossier-closed``."""
        code, sid, now = online["code"], station["station_id"], now_iso()
        c.execute("UPDATE online_dossiers SET claimed_by = ?, status = ?, updated_at = ? WHERE code = ?",
                  [sid, status, now, code])
        self._online_event(c, code, "claimed", status, at or now_wire(), sid, note)
        c.execute("INSERT INTO changes (station_id, type, data, created_at, agency_code, except_station) "
                  "VALUES (NULL, 'online-dossier-closed', ?, ?, ?, ?)",
                  [canon({"MaHoSo": code, "TrangThaiHoSo": status, "TramXuLy": sid}), now,
                   online["agency_code"], sid])

    @staticmethod
    def _online_event(c: sqlite3.Connection, code: str, kind: str, status: str, at: str,
                      station_id: str | None, note: str) -> None:
        c.execute("INSERT INTO online_events (code, kind, status, at, station_id, note, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", [code, kind, status, at, station_id, note, now_iso()])

    def _place_files(self, files: list[PortalFile], created: list[Path]) -> None:
        """Move staged files to ``files/<sha256>``, adding to ``created`` the paths that were
        not there before."""
        for f in files:
            dest = self.file_path(f.sha256)
            assert f.staged is not None
            if dest.exists():
                f.staged.unlink(missing_ok=True)
            else:
                os.replace(f.staged, dest)
                created.append(dest)
            f.staged = None

    def _store_submission(self, files: list[PortalFile], write) -> Any:
        """Stage the files, then in one transaction place them and run ``write(c)``. Bytes and
        rows go together: on any failure the blobs this call created are removed before the
        transaction ends. Placing and removing under the write lock (across processes: SQLite's
        ``BEGIN IMMEDIATE``) is what makes removing safe — no other writer (an upload completing,
        another submission) can have come to rely on a blob this call created meanwhile."""
        try:
            stage_files(files, self.data_dir / "uploads", self.limits)
        except InputError as exc:
            raise StoreError(exc.message) from None
        try:
            with self.tx() as c:
                created: list[Path] = []
                try:
                    self._place_files(files, created)
                    return write(c)
                except BaseException:
                    for path in created:
                        path.unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise StoreError(f"Không ghi được hồ sơ vào thư mục dữ liệu: {exc.strerror or exc}") from None
        finally:
            unstage(files)

    def _insert_files(self, c: sqlite3.Connection, code: str, submission: int,
                      files: list[PortalFile]) -> list[dict[str, str]]:
        items = []
        for f in files:
            c.execute("INSERT INTO files (sha256, size, mime, filename, created_at) VALUES (?, ?, ?, ?, ?) "
                      "ON CONFLICT (sha256) DO NOTHING", [f.sha256, f.size, f.mime, f.name, now_iso()])
            fid = c.execute("INSERT INTO online_files (code, submission, sha256, filename, component_code, "
                            "component_name) VALUES (?, ?, ?, ?, ?, ?)",
                            [code, submission, f.sha256, f.name, f.component_code, f.component_name]).lastrowid
            items.append(online_file_item(fid, f))
        return items

    def _catalogue(self, c: sqlite3.Connection) -> Any:
        row = c.execute("SELECT data FROM changes WHERE type = 'catalogue' ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row["data"]).get("catalogue") if row is not None else None

    def submit_online(self, agency_code: str, raw: Any, paths: list[Path],
                      submitted_at: datetime | None = None) -> dict[str, Any]:
        """A citizen's submission on the portal: checked (:mod:`.online`), stored with status 1
        under a new code ``<agency>-<yyMMdd>-0<seq>``, and published to the agency's stations
        as ``online-dossier``. Returns ``{"MaHoSo", "NgayNopHoSo", "change"}``. Raises
        StoreError (Vietnamese) with nothing stored."""
        at = (submitted_at or datetime.now(VN)).astimezone(VN)
        if at > datetime.now(VN) + timedelta(minutes=5):
            raise StoreError("Thời điểm nộp không được ở tương lai.")
        try:
            fields = applicant_fields(raw, at.date())
            c = self.conn()
            if c.execute("SELECT 1 FROM stations WHERE agency_code = ? LIMIT 1", [agency_code]).fetchone() is None:
                raise InputError(f"Đơn vị {agency_code} chưa có trạm nào trên hệ thống tỉnh "
                                 "(tạo trạm bằng add-station trước).")
            info = procedure_info(self._catalogue(c), fields["MaTTHC"])
            if info is None and self._catalogue(c) is not None:
                raise InputError(f"Thủ tục {fields['MaTTHC']} không có trong danh mục thủ tục tỉnh đã công bố.")
            name, components = info or ("", [])
            fields["TenTTHC"] = fields["TenTTHC"] or name
            files = file_specs(raw.get("files"), paths, components)
        except InputError as exc:
            raise StoreError(exc.message) from None
        day, wire = at.strftime("%y%m%d"), at.strftime("%Y%m%d%H%M%S")

        def write(c: sqlite3.Connection) -> dict[str, Any]:
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM online_dossiers WHERE agency_code = ? AND day = ?",
                            [agency_code, day]).fetchone()[0]
            if seq > 999:
                raise StoreError(f"Đơn vị {agency_code} đã hết số thứ tự hồ sơ trực tuyến của ngày {at:%d/%m/%Y}.")
            code = f"{agency_code}-{day}-0{seq:03d}"
            record = {"MaHoSo": code, "MaTTHC": fields["MaTTHC"], "TenTTHC": fields["TenTTHC"], "KenhThucHien": "2",
                      "ChuHoSo": fields["ChuHoSo"], "SoGiayToChuHoSo": fields["SoGiayToChuHoSo"],
                      "NgaySinhChuHoSo": fields["NgaySinhChuHoSo"], "DiaChiChuHoSo": fields["DiaChiChuHoSo"],
                      "Email": fields["Email"], "SoDienThoai": fields["SoDienThoai"],
                      "TrichYeuHoSo": fields["TrichYeuHoSo"], "NgayNopHoSo": wire, "TrangThaiHoSo": "1"}
            record["TaiLieuNop"] = self._insert_files(c, code, 1, files)
            now = now_iso()
            c.execute("INSERT INTO online_dossiers (code, agency_code, day, seq, record, status, claimed_by, "
                      "submissions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '1', NULL, 1, ?, ?)",
                      [code, agency_code, day, seq, canon(record), now, now])
            self._online_event(c, code, "submitted", "1", wire, None, f"{len(files)} tệp")
            cid = self._publish_online(c, agency_code, record)
            return {"MaHoSo": code, "NgayNopHoSo": wire, "change": str(cid)}

        return self._store_submission(files, write)

    def resubmit_online(self, code: str, raw: Any, paths: list[Path],
                        submitted_at: datetime | None = None) -> dict[str, Any]:
        """The citizen completes the dossier after guidance (status 5; also allowed while it is
        still unanswered, status 1): the full new file list, status 1 again, the claim released,
        a new ``online-dossier`` change to all the agency's stations."""
        at = (submitted_at or datetime.now(VN)).astimezone(VN)
        online = self._online(self.conn(), code)
        if online is None:
            raise StoreError(f"Không có hồ sơ trực tuyến {code}.")
        if online["status"] not in ("1", "5"):
            raise StoreError(f"Hồ sơ trực tuyến {code} đang ở trạng thái {online['status']}: chỉ bổ sung được "
                             "hồ sơ chưa tiếp nhận (1) hoặc đang chờ công dân bổ sung (5).")
        try:
            if raw is not None:
                if not isinstance(raw, dict):
                    raise InputError("Tệp JSON hồ sơ phải là một đối tượng JSON ({…}).")
                unknown = sorted(set(raw) - RESUBMIT_KEYS)
                if unknown:
                    raise InputError(f"Khi bổ sung hồ sơ, JSON chỉ được có «files» (thừa: {', '.join(unknown)}).")
            old = json.loads(online["record"])
            info = procedure_info(self._catalogue(self.conn()), old["MaTTHC"])
            files = file_specs((raw or {}).get("files"), paths, info[1] if info else [])
            if not files:
                raise InputError("Bổ sung hồ sơ cần ít nhất một tệp.")
        except InputError as exc:
            raise StoreError(exc.message) from None
        wire = at.strftime("%Y%m%d%H%M%S")

        def write(c: sqlite3.Connection) -> dict[str, Any]:
            row = self._online(c, code)
            if row is None or row["status"] not in ("1", "5") or row["submissions"] != online["submissions"]:
                raise StoreError(f"Hồ sơ trực tuyến {code} vừa thay đổi; hãy thử lại.")
            submission = row["submissions"] + 1
            record = {**json.loads(row["record"]), "NgayNopHoSo": wire, "TrangThaiHoSo": "1"}
            record["TaiLieuNop"] = self._insert_files(c, code, submission, files)
            c.execute("UPDATE online_dossiers SET record = ?, status = '1', claimed_by = NULL, submissions = ?, "
                      "updated_at = ? WHERE code = ?", [canon(record), submission, now_iso(), code])
            self._online_event(c, code, "resubmitted", "1", wire, None, f"{len(files)} tệp")
            cid = self._publish_online(c, row["agency_code"], record)
            return {"MaHoSo": code, "NgayNopHoSo": wire, "change": str(cid)}

        return self._store_submission(files, write)

    @staticmethod
    def _publish_online(c: sqlite3.Connection, agency_code: str, record: dict[str, Any]) -> int:
        return c.execute("INSERT INTO changes (station_id, type, data, created_at, agency_code) "
                         "VALUES (NULL, 'online-dossier', ?, ?, ?)",
                         [canon({"HoSo": record}), now_iso(), agency_code]).lastrowid

    def online_view(self, code: str) -> dict[str, Any] | None:
        """An online dossier as ``show`` prints it: the portal's record (current files), the
        record a station pushed once it received it (``HoSoTiepNhan``), the station entries
        (``QuaTrinhXuLy``) and the portal's status history (``LichSu``)."""
        c = self.conn()
        row = self._online(c, code)
        if row is None:
            return None
        events = [{"SuKien": r["kind"], "TrangThai": r["status"], "ThoiDiem": r["at"], "Tram": r["station_id"] or "",
                   "NoiDung": r["note"]}
                  for r in c.execute("SELECT * FROM online_events WHERE code = ? ORDER BY id", [code])]
        received = self.dossier(code)
        entries = received.pop("QuaTrinhXuLy") if received is not None else [
            json.loads(r[0]) for r in c.execute("SELECT entry FROM progress WHERE code = ? ORDER BY id", [code])]
        # Once received, the dossier's status is that of its record (the last entry: 4, 9, 10…).
        status = received["TrangThaiHoSo"] if received is not None and row["status"] == "2" else row["status"]
        return {"HoSoTrucTuyen": json.loads(row["record"]), "TrangThaiHoSo": status,
                "TramXuLy": row["claimed_by"] or "", "SoLanNop": row["submissions"], "LichSu": events,
                "QuaTrinhXuLy": entries, "HoSoTiepNhan": received}

    def may_read_file(self, sha256: str, station: dict[str, Any]) -> bool:
        """A station may fetch a file it uploaded, or a file of an online dossier addressed to
        its agency."""
        if self.owns_file(sha256, station["station_id"]):
            return True
        return self.conn().execute(
            "SELECT 1 FROM online_files f JOIN online_dossiers d ON d.code = f.code "
            "WHERE f.sha256 = ? AND d.agency_code = ? LIMIT 1", [sha256, station["agency_code"]]).fetchone() is not None

    def may_read_dossier(self, code: str, station: dict[str, Any]) -> bool:
        """Stations of the owning agency may read a dossier; only its creator may write it."""
        row = self.conn().execute(
            "SELECT s.agency_code FROM dossiers d JOIN stations s ON s.station_id = d.station_id WHERE d.code = ?",
            [code]).fetchone()
        return row is not None and row["agency_code"] == station["agency_code"]

    # -- reading ----------------------------------------------------------------------------
    def dossier(self, code: str) -> dict[str, Any] | None:
        c = self.conn()
        row = c.execute("SELECT record, station_id, versions FROM dossiers WHERE code = ?", [code]).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        entries = [json.loads(r[0]) for r in c.execute("SELECT entry FROM progress WHERE code = ? ORDER BY id", [code])]
        record["QuaTrinhXuLy"] = entries
        if entries:
            record["TrangThaiHoSo"] = entries[-1].get("TrangThai", record.get("TrangThaiHoSo"))
        return record

    def changes(self, station_id: str, cursor: int, limit: int,
                agency_code: str | None = None) -> tuple[list[dict[str, Any]], int, bool]:
        """The feed of one station after ``cursor``: changes addressed to it, to everyone, and
        to its agency (``agency_code``; all but ``except_station``). Agency changes are kept in
        the feed, not copied per station, so a station added later reads them from cursor 0."""
        if agency_code is None:
            row = self.conn().execute("SELECT agency_code FROM stations WHERE station_id = ?", [station_id]).fetchone()
            agency_code = row["agency_code"] if row is not None else ""
        rows = self.conn().execute(
            "SELECT id, type, data FROM changes WHERE id > ? AND (station_id = ? OR (station_id IS NULL "
            "AND (agency_code IS NULL OR agency_code = ?) AND (except_station IS NULL OR except_station != ?))) "
            "ORDER BY id LIMIT ?",
            [cursor, station_id, agency_code, station_id, limit + 1],
        ).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        out = [{"id": str(r["id"]), "type": r["type"], **json.loads(r["data"])} for r in rows]
        return out, (rows[-1]["id"] if rows else cursor), more

    # -- the resolving unit's side ----------------------------------------------------------
    def set_status(self, code: str, status: int, note: str = "", unit: str = "Đơn vị giải quyết",
                   person: str = "") -> dict[str, Any]:
        if not 1 <= status <= 10:
            raise StoreError("Mã trạng thái phải từ 1 đến 10.")
        with self.tx() as c:
            row = c.execute("SELECT station_id, record FROM dossiers WHERE code = ?", [code]).fetchone()
            if row is None:
                raise StoreError(f"Không có hồ sơ {code}.")
            record = json.loads(row["record"])
            t = now_wire()
            entry = {"MaHoSo": code, "NguoiXuLy": person, "ChucDanh": "", "ThoiDiemXuLy": t, "PhongBanXuLy": unit,
                     "NoiDungXuLy": note, "TrangThai": str(status), "NgayBatDau": t,
                     "NgayKetThucTheoQuyDinh": record.get("NgayHenTra", "")}
            c.execute("INSERT INTO progress (code, station_id, idem_key, source, entry, received_at) "
                      "VALUES (?, NULL, NULL, 'province', ?, ?)", [code, canon(entry), now_iso()])
            change = {"MaHoSo": code, "TrangThaiHoSo": str(status), "ThoiDiemXuLy": t, "DonViXuLy": unit,
                      "NguoiXuLy": person, "NoiDungXuLy": note}
            cid = c.execute("INSERT INTO changes (station_id, type, data, created_at) VALUES (?, 'status', ?, ?)",
                            [row["station_id"], canon(change), now_iso()]).lastrowid
        return {"id": str(cid), "type": "status", **change}

    def publish(self, type_: str, data: dict[str, Any], station_id: str | None = None) -> int:
        with self.tx() as c:
            return c.execute("INSERT INTO changes (station_id, type, data, created_at) VALUES (?, ?, ?, ?)",
                             [station_id, type_, canon(data), now_iso()]).lastrowid

    def publish_to_agency(self, type_: str, data: dict[str, Any], agency_code: str) -> list[int]:
        """One change for each station of an agency (e.g. the scorecard's targets: the agency's
        stations share them). Raises StoreError when the agency has no station."""
        with self.tx() as c:
            stations = [r[0] for r in c.execute(
                "SELECT station_id FROM stations WHERE agency_code = ? ORDER BY station_id", [agency_code])]
            if not stations:
                raise StoreError(f"Chưa có trạm nào của đơn vị {agency_code}.")
            return [c.execute("INSERT INTO changes (station_id, type, data, created_at) VALUES (?, ?, ?, ?)",
                              [sid, type_, canon(data), now_iso()]).lastrowid for sid in stations]

    # -- files ------------------------------------------------------------------------------
    def file_path(self, sha256: str) -> Path:
        return self.data_dir / "files" / sha256

    def part_path(self, upload_id: str) -> Path:
        return self.data_dir / "uploads" / f"{upload_id}.part"

    # -- audit anchors: the head of each station's audit chain, kept here --------------------
    def latest_anchor(self, station_id: str) -> dict[str, Any] | None:
        row = self.conn().execute(
            "SELECT count, hash, at, received_at FROM audit_anchors WHERE station_id = ? ORDER BY id DESC LIMIT 1",
            [station_id],
        ).fetchone()
        return None if row is None else {"count": row[0], "hash": row[1], "at": row[2], "received_at": row[3]}

    def record_anchor(self, station: dict[str, Any], body: Any) -> tuple[int, dict[str, Any]]:
        """Keep a station's audit anchor (``{"count", "hash", "at"}``). A chain only grows: an
        anchor with fewer entries than the last one, or the same number with another hash, is
        refused (409) — the station's log was cut or rewritten — and the last anchor stays."""
        if not (isinstance(body, dict) and isinstance(body.get("count"), int) and not isinstance(body["count"], bool)
                and 0 <= body["count"] < 2**53 and isinstance(body.get("hash"), str)
                and re.fullmatch(r"[0-9a-f]{64}", body["hash"]) and isinstance(body.get("at"), str)
                and len(body["at"]) <= 64):
            return 400, {"error": {"code": "bad-request",
                                   "message": "Mốc neo cần count (số nguyên ≥ 0), hash (64 ký tự hex) và at."}}
        sid = station["station_id"]
        with self.tx() as c:
            last = self.latest_anchor(sid)
            if last is not None:
                if body["count"] < last["count"]:
                    return 409, {"error": {"code": "anchor-truncated", "message": (
                        f"Nhật ký kiểm tra của trạm có {body['count']} mục, ít hơn mốc đã gửi trước đó "
                        f"({last['count']} mục, lúc {last['at']}): nhật ký có thể đã bị cắt bớt.")}}
                if body["count"] == last["count"]:
                    if body["hash"] != last["hash"]:
                        return 409, {"error": {"code": "anchor-rewritten", "message": (
                            f"Mục thứ {body['count']} của nhật ký kiểm tra không còn khớp mốc đã gửi "
                            f"lúc {last['at']}: nhật ký có thể đã bị viết lại.")}}
                    return 200, {**last, "status": "already-anchored"}
            received = now_iso()
            c.execute("INSERT INTO audit_anchors (station_id, count, hash, at, received_at) VALUES (?, ?, ?, ?, ?)",
                      [sid, body["count"], body["hash"], body["at"], received])
        return 201, {"count": body["count"], "hash": body["hash"], "at": body["at"], "received_at": received,
                     "status": "anchored"}

    def owns_file(self, sha256: str, station_id: str) -> bool:
        return self.conn().execute("SELECT 1 FROM file_owners WHERE sha256 = ? AND station_id = ?",
                                   [sha256, station_id]).fetchone() is not None


def not_owner(code: Any) -> dict[str, str]:
    return {"code": "not-owner",
            "message": f"Hồ sơ {code} do trạm khác tạo; trạm này không được ghi vào hồ sơ đó."}


def validate_record(record: dict[str, Any], agency_code: str) -> str:
    code = record.get("MaHoSo")
    if not isinstance(code, str) or not code:
        return "Thiếu MaHoSo."
    if not code.startswith(agency_code + "-"):
        return f"Hồ sơ {code} không thuộc đơn vị {agency_code}."
    if str(record.get("TrangThaiHoSo")) not in {str(i) for i in range(1, 11)}:
        return "TrangThaiHoSo phải từ 1 đến 10."
    for f in ("NgayTiepNhan",):
        if not WIRE_TIME.match(str(record.get(f) or "")):
            return f"{f} phải theo định dạng yyyyMMddHHmmss."
    for f in ("NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi", "NgayNopHoSo"):
        v = record.get(f, "")
        if v not in ("", None) and not WIRE_TIME.match(str(v)):
            return f"{f} phải theo định dạng yyyyMMddHHmmss hoặc để trống."
    for item in record.get("TaiLieuNop") or []:
        if not isinstance(item, dict) or not item.get("DuongDanTaiTepTin"):
            return "Mỗi tệp trong TaiLieuNop phải có DuongDanTaiTepTin."
    for item in record.get("DanhSachGiayToKetQua") or []:
        if not isinstance(item, dict) or not item.get("DuongDanTepTinKetQua"):
            return "Mỗi giấy tờ trong DanhSachGiayToKetQua phải có DuongDanTepTinKetQua."
    ratings = record.get("DanhGiaHaiLong", [])
    if not isinstance(ratings, list) or any(
            not isinstance(r, dict) or r.get("HaiLong") not in ("0", "1") or not r.get("MucDanhGia")
            or not WIRE_TIME.match(str(r.get("ThoiDiemDanhGia") or "")) for r in ratings):
        return ("DanhGiaHaiLong phải là danh sách đánh giá, mỗi mục có MucDanhGia, HaiLong \"0\" hoặc \"1\" "
                "và ThoiDiemDanhGia theo định dạng yyyyMMddHHmmss.")
    return ""


def validate_progress(entry: dict[str, Any]) -> str:
    if not entry.get("MaHoSo"):
        return "Thiếu MaHoSo."
    if str(entry.get("TrangThai")) not in {str(i) for i in range(1, 11)}:
        return "TrangThai phải từ 1 đến 10."
    if not WIRE_TIME.match(str(entry.get("ThoiDiemXuLy") or "")):
        return "ThoiDiemXuLy phải theo định dạng yyyyMMddHHmmss."
    return ""
