"""Stand-in national gateways for the gateway adapters' tests: real HTTP servers on 127.0.0.1
(a thread of the test process, an ephemeral port), built from the public DTOs and answer shapes
(domain reference §3.2, §3.3, §13), written here independently of the adapters' code.

- :class:`LgspStandin`: ``POST /api/lgsp/auth`` (``{"username","password"}`` → ``{"session",
  "error_code": 0}``) and ``POST /api/lgsp/integration`` with the envelope ``{"session",
  "madonvi", "service", "isUpdating", "data"}``; services ``DongBoHoSoMC``,
  ``CapNhatTienDoHoSoMC``, ``TraCuuHoSo`` (``mahoso`` → ``result[]``: the record with the progress
  entries held for it under ``QuaTrinhXuLy``). A create of a code it holds is answered
  "đã tồn tại" (``duplicates="refuse"``) or stored as a second record (``duplicates="store"``,
  a gateway that does not check: only the adapter's lookup keeps it exactly-once). Progress
  entries are stored as they come, repeats included (the adapter must not repeat them).
- :class:`ThreeUrlStandin`: ``POST /api/dvc/ThemMoi`` (create; "đã tồn tại" with error_code "3"
  for a code it holds), ``/api/dvc/CapNhat`` (update), ``/api/dvc/DongBoTienTrinh`` (an array
  of progress entries; an entry equal field for field to one it holds is kept once, as the
  protocol section asks of a province: no lookup exists in this style). Answers
  ``{error_code, message}``, success messages containing "thành công".

Both validate every value strictly (strings where the DTO has strings, integers for
``DanhSachTepDinhKemKhac[].SoLuong``/``LoaiGiayTo``, ``yyyyMMddHHmmss`` dates, no unknown or
missing field) and refuse a bad body with ``error_code`` "400" and the reason. Faults: the
reference server's request handler and :mod:`sync.provincial.faults` are reused as they are
(``standin.faults.set(FaultConfig(...))``: errors before/after applying, resets, stalls, slow
answers, 429, captive-portal pages), so every variant of the delivery and crash tests injects
what the reference server's tests inject.

Files: the adapters upload scans by tus to the station's configured server — the reference
server of the same test — and the records carry its ``/files/<sha256>`` URLs; the stand-ins
only check that each ``DuongDanTaiTepTin`` is an http(s) URL.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections import Counter
from typing import Any

from sync.provincial.faults import FaultConfig, Faults
from sync.provincial.limits import Limits
from sync.provincial.server import Handler, _HTTPServer, json_resp

S, I = "str", "int"
DATE = "date"
STATUS = re.compile(r"^(10|[1-9])$")
DATE_RE = re.compile(r"^$|^\d{14}$")

ITEM_SCHEMAS: dict[str, dict[str, Any]] = {
    "DinhDanhCHS": {"LoaiDinhDanh": S, "SoDinhDanh": S},
    "DSKetNoiCSDL": {"MaCSDL": S},
    "TaiLieuNop": {"TepDinhKemId": S, "TenTepDinhKem": S, "IsDeleted": S, "MaThanhPhanHoSo": S,
                   "DuongDanTaiTepTin": "url", "DuocSoHoa": S, "DuocTaiSuDung": S, "DuocLayTuKhoDMQG": S,
                   "MaKetQuaThayThe": S},
    "DanhSachLePhi": {"TenPhiLePhi": S, "MaPhiLePhi": S, "HinhThucThu": S, "Gia": S, "LoaiPhiLePhi": S},
    "DanhSachTepDinhKemKhac": {"TenGiayTo": S, "SoLuong": I, "LoaiGiayTo": I},
    "DanhSachHoSoBoSung": {"HoSoBoSungId": S, "NguoiYeuCauBoSung": S, "NoiDungBoSung": S, "NgayBoSung": DATE,
                           "NguoiTiepNhanBoSung": S, "ThongTinTiepNhan": S, "NgayTiepNhanBoSung": DATE,
                           "TrangThaiBoSung": S, "DanhSachGiayToBoSung": "list", "DanhSachLePhiBoSung": "list",
                           "NgayHenTraTruoc": DATE, "NgayHenTraMoi": DATE},
    "DanhSachGiayToKetQua": {"TenGiayTo": S, "MaThanhPhanHoSo": S, "GiayToId": S, "DuongDanTepTinKetQua": S,
                             "MaGiayToKetQua": S},
}
RECORD_SCHEMA: dict[str, Any] = {
    **{k: S for k in ("MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "ChuHoSo", "SoGiayToChuHoSo",
                      "MaDoiTuong", "ThongTinKhac", "Email", "Fax", "SoDienThoai", "TrichYeuHoSo", "ThongTinTra",
                      "DonViXuLy", "GhiChu", "NoiNopHoSo", "DuocThanhToanTrucTuyen")},
    **{k: DATE for k in ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi")},
    "KenhThucHien": ("1", "2", "3"), "LoaiDoiTuong": ("1", "2", "3", "4"), "TrangThaiHoSo": "status",
    "HinhThuc": ("0", "1"), "HoSoCoThanhPhanSoHoa": ("0", "1"), "TaiKhoanDuocXacThucVoiVNeID": ("0", "1"),
    **{k: [v] for k, v in ITEM_SCHEMAS.items()},
}
PROGRESS_SCHEMA: dict[str, Any] = {
    "MaHoSo": S, "NguoiXuLy": S, "ChucDanh": S, "ThoiDiemXuLy": DATE, "PhongBanXuLy": S, "NoiDungXuLy": S,
    "TrangThai": "status", "NgayBatDau": DATE, "NgayKetThucTheoQuyDinh": DATE,
}


class Invalid(ValueError):
    pass


def check(obj: Any, schema: dict[str, Any], where: str) -> None:
    """Refuse (Invalid, Vietnamese) anything but exactly ``schema``'s fields and types."""
    if not isinstance(obj, dict):
        raise Invalid(f"{where} phải là một đối tượng JSON")
    unknown, missing = set(obj) - set(schema), set(schema) - set(obj)
    if unknown or missing:
        raise Invalid(f"{where}: trường lạ {sorted(unknown)}, thiếu trường {sorted(missing)}")
    for name, kind in schema.items():
        value, at = obj[name], f"{where}.{name}"
        if isinstance(kind, list):
            if not isinstance(value, list):
                raise Invalid(f"{at} phải là một mảng")
            for i, item in enumerate(value):
                check(item, kind[0], f"{at}[{i}]")
        elif kind == I:
            if not isinstance(value, int) or isinstance(value, bool):
                raise Invalid(f"{at} phải là số nguyên, không phải {type(value).__name__}")
        elif kind == "list":
            if not isinstance(value, list):
                raise Invalid(f"{at} phải là một mảng")
        elif not isinstance(value, str):
            raise Invalid(f"{at} phải là chuỗi, không phải {type(value).__name__}")
        elif kind == DATE and not DATE_RE.match(value):
            raise Invalid(f"{at} phải có dạng yyyyMMddHHmmss")
        elif kind == "status" and not STATUS.match(value):
            raise Invalid(f"{at} phải là mã trạng thái 1–10")
        elif kind == "url" and not re.match(r"^https?://", value):
            raise Invalid(f"{at} phải là địa chỉ tải tệp http(s)")
        elif isinstance(kind, tuple) and value not in kind:
            raise Invalid(f"{at} phải là một trong {kind}")


def entry_key(e: dict[str, Any]) -> tuple[str, str, str, str]:
    return (e["MaHoSo"], e["ThoiDiemXuLy"], e["TrangThai"], e["NoiDungXuLy"])


class _NoStore:
    def release(self) -> None:
        pass


class _GatewayHandler(Handler):
    server_version = "GatewayStandin/1.0"

    def _route(self, method: str, path: str, length: int):
        raw = self._read_body(length)
        if method != "POST":
            return json_resp(405, {"error_code": "405", "message": "Chỉ nhận POST."})
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("application/json"):
            return json_resp(415, {"error_code": "415", "message": "Content-Type phải là application/json."})
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return json_resp(400, {"error_code": "400", "message": "Yêu cầu không phải JSON."})
        data = (self.app.script(path, body) if self.app.script else None) or self.app.route(path, body)
        return json_resp(404 if data is None else 200, data or {"error_code": "404", "message": "Không có địa chỉ này."})


class Standin:
    """The server plumbing both stand-ins share (what the reference server's handler needs)."""

    def __init__(self, faults: FaultConfig | None = None) -> None:
        self.limits = Limits()
        self.faults = Faults(faults or FaultConfig())
        self.store = _NoStore()
        self.scheme = "http"
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.records: dict[str, list[dict[str, Any]]] = {}  # code → the records stored under it
        self.creates: Counter[str] = Counter()
        self.updates: Counter[str] = Counter()
        self.progress: dict[str, list[dict[str, Any]]] = {}  # code → entries in arrival order
        self.refused: list[str] = []  # reasons of bodies refused by the DTO check
        self.script: Any = None  # fn(path, body) -> an answer to give instead, or None (tests)
        self._closing = threading.Event()
        self.httpd = _HTTPServer(("127.0.0.1", 0), _GatewayHandler, self)
        self._thread: threading.Thread | None = None

    # what sync.provincial.server.Handler calls
    def count(self, method: str, path: str) -> None:
        with self.lock:
            self.requests[path] += 1

    def track(self, conn: Any, alive: bool) -> None:
        pass

    def sleep(self, seconds: float) -> None:
        self._closing.wait(seconds)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> Standin:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="gateway-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def route(self, path: str, body: Any) -> dict[str, Any] | None:
        raise NotImplementedError

    def bad(self, exc: Invalid) -> dict[str, Any]:
        with self.lock:
            self.refused.append(str(exc))
        return {"error_code": "400", "message": f"Dữ liệu không hợp lệ: {exc}"}

    def _create(self, rec: dict[str, Any]) -> bool:
        """Store a new record; False when the code is held (caller answers "đã tồn tại")."""
        with self.lock:
            code = rec["MaHoSo"]
            if code in self.records and not self.store_duplicates:
                return False
            self.records.setdefault(code, []).append(rec)
            self.creates[code] += 1
            return True

    store_duplicates = False

    def _update(self, rec: dict[str, Any]) -> bool:
        with self.lock:
            held = self.records.get(rec["MaHoSo"])
            if not held:
                return False
            held[-1] = rec
            self.updates[rec["MaHoSo"]] += 1
            return True

    def history(self, code: str) -> list[tuple[str, str]]:
        with self.lock:
            return [(e["TrangThai"], e["ThoiDiemXuLy"]) for e in self.progress.get(code, [])]


class LgspStandin(Standin):
    AUTH, INTEGRATION = "/api/lgsp/auth", "/api/lgsp/integration"

    def __init__(self, *, username: str = "motcua.xa", password: str = "mat-khau-cong-lgsp", madonvi: str = "000.00.00.H00",
                 duplicates: str = "refuse", faults: FaultConfig | None = None) -> None:
        super().__init__(faults)
        self.username, self.password, self.madonvi = username, password, madonvi
        self.store_duplicates = duplicates == "store"
        self.sessions: set[str] = set()
        self.logins = 0
        self.services: Counter[str] = Counter()
        self.is_updating: list[tuple[str, str]] = []  # (code, isUpdating) of each DongBoHoSoMC

    def options(self) -> dict[str, str]:
        return {"gateway_url": self.url, "auth_path": self.AUTH, "integration_path": self.INTEGRATION,
                "madonvi": self.madonvi, "username": self.username}

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    def route(self, path: str, body: Any) -> dict[str, Any] | None:
        if path == self.AUTH:
            if not isinstance(body, dict) or body.get("username") != self.username or body.get("password") != self.password:
                return {"error_code": "1", "message": "Sai tên đăng nhập hoặc mật khẩu."}
            session = secrets.token_hex(16)
            with self.lock:
                self.sessions.add(session)
                self.logins += 1
            return {"session": session, "error_code": 0}
        if path != self.INTEGRATION:
            return None
        if not isinstance(body, dict):
            return {"error_code": "400", "message": "Yêu cầu phải là một đối tượng JSON."}
        with self.lock:
            live = body.get("session") in self.sessions
        if not live:
            return {"error_code": "401", "message": "Phiên làm việc không hợp lệ hoặc đã hết hạn."}
        if body.get("madonvi") != self.madonvi:
            return {"error_code": "403", "message": "Mã đơn vị không đúng."}
        service = body.get("service")
        with self.lock:
            self.services[str(service)] += 1
        if service == "TraCuuHoSo":
            code = body.get("mahoso")
            if not isinstance(code, str):
                return {"error_code": "400", "message": "Thiếu mahoso."}
            with self.lock:
                held = self.records.get(code) or []
                entries = list(self.progress.get(code, []))
                return {"error_code": "0", "message": "Thành công",
                        "result": [{**r, "QuaTrinhXuLy": entries} for r in held[-1:]]}
        data = body.get("data")
        if not isinstance(data, list) or not data:
            return {"error_code": "400", "message": "data phải là một mảng không rỗng."}
        if service == "DongBoHoSoMC":
            updating = body.get("isUpdating")
            if updating not in ("True", "False"):
                return self.bad(Invalid('isUpdating phải là chuỗi "True" hoặc "False"'))
            try:
                for i, rec in enumerate(data):
                    check(rec, RECORD_SCHEMA, f"data[{i}]")
            except Invalid as exc:
                return self.bad(exc)
            for rec in data:
                with self.lock:
                    self.is_updating.append((rec["MaHoSo"], updating))
                if updating == "False" and not self._create(rec):
                    return {"error_code": "3", "message": f"Hồ sơ {rec['MaHoSo']} đã tồn tại."}
                if updating == "True" and not self._update(rec):
                    return {"error_code": "4", "message": f"Không tìm thấy hồ sơ {rec['MaHoSo']} để cập nhật."}
            return {"error_code": "0", "message": "Đồng bộ hồ sơ thành công."}
        if service == "CapNhatTienDoHoSoMC":
            try:
                for i, e in enumerate(data):
                    check(e, PROGRESS_SCHEMA, f"data[{i}]")
            except Invalid as exc:
                return self.bad(exc)
            with self.lock:
                if any(e["MaHoSo"] not in self.records for e in data):
                    return {"error_code": "4", "message": "Không tìm thấy hồ sơ của tiến độ."}
                for e in data:  # stored as they come: a repeat is stored again
                    self.progress.setdefault(e["MaHoSo"], []).append(e)
            return {"error_code": "0", "message": "Cập nhật tiến độ thành công."}
        return {"error_code": "400", "message": f"Không có dịch vụ {service}."}


class ThreeUrlStandin(Standin):
    CREATE, UPDATE, PROGRESS = "/api/dvc/ThemMoi", "/api/dvc/CapNhat", "/api/dvc/DongBoTienTrinh"

    def __init__(self, faults: FaultConfig | None = None) -> None:
        super().__init__(faults)
        self.progress_repeats = 0

    def options(self) -> dict[str, str]:
        return {"create_url": self.url + self.CREATE, "update_url": self.url + self.UPDATE,
                "progress_url": self.url + self.PROGRESS}

    def route(self, path: str, body: Any) -> dict[str, Any] | None:
        if path in (self.CREATE, self.UPDATE):
            try:
                check(body, RECORD_SCHEMA, "hồ sơ")
            except Invalid as exc:
                return self.bad(exc)
            if path == self.CREATE:
                if not self._create(body):
                    return {"error_code": "3", "message": f"Hồ sơ {body['MaHoSo']} đã tồn tại trên hệ thống."}
                return {"error_code": "0", "message": "Thêm mới hồ sơ thành công."}
            if not self._update(body):
                return {"error_code": "-1", "message": f"Không tìm thấy hồ sơ {body['MaHoSo']}."}
            return {"error_code": "0", "message": "Cập nhật hồ sơ thành công."}
        if path == self.PROGRESS:
            if not isinstance(body, list) or not body or len(body) > 10:
                return {"error_code": "400", "message": "Tiến trình phải là một mảng từ 1 đến 10 mục."}
            try:
                for i, e in enumerate(body):
                    check(e, PROGRESS_SCHEMA, f"[{i}]")
            except Invalid as exc:
                return self.bad(exc)
            with self.lock:
                for e in body:
                    held = self.progress.setdefault(e["MaHoSo"], [])
                    if any(entry_key(h) == entry_key(e) for h in held):
                        self.progress_repeats += 1
                        continue
                    held.append(e)
            return {"error_code": "0", "message": "Đồng bộ tiến trình thành công."}
        return None


STANDINS = {"lgsp": LgspStandin, "three-url": ThreeUrlStandin}


def configure_gateway(data_dir, kind: str, standin: Standin, file_server_url: str, secret: str, **over) -> None:
    """Station settings for ``kind`` against ``standin`` (records) and the reference server at
    ``file_server_url`` (files), with the gateway password where the adapter needs one."""
    from sync import config
    from sync_support import configure

    configure(data_dir, file_server_url, secret, adapter=kind, adapter_options=standin.options(), **over)
    if isinstance(standin, LgspStandin):
        from counter_app.db import open_data_dir

        db = open_data_dir(data_dir)
        try:
            cfg = config.load(db)
        finally:
            db.close()
        config.secret_store(data_dir, cfg, config.GATEWAY_SECRET).set(standin.password)


def assert_gateway_exactly_once(db, standin: Standin, file_server) -> None:
    """Every local dossier is at the stand-in as exactly one record (created once), with each of
    its history entries exactly once and in order, and its files referenced by URLs of files
    the file server holds (bytes checked there by sha256)."""
    import hashlib

    from sync_support import local_files, local_history

    codes = [r[0] for r in db.execute("SELECT code FROM dossiers ORDER BY id")]
    assert set(standin.records) == set(codes)
    assert all(len(v) == 1 for v in standin.records.values()), "a record was stored twice"
    assert all(standin.creates[c] == 1 for c in codes), "a record was created twice"
    assert not standin.refused, standin.refused[:3]
    fconn = file_server.store.conn()
    for code in codes:
        assert standin.history(code) == local_history(db, code), code
        rec = standin.records[code][0]
        urls = [f["DuongDanTaiTepTin"] for f in rec["TaiLieuNop"]]
        shas = {u.rsplit("/files/", 1)[1] for u in urls}
        assert shas == local_files(db, code), code
        assert all(u.startswith(file_server.url + "/files/") for u in urls)
    for sha, size in fconn.execute("SELECT sha256, size FROM files"):
        data = file_server.store.file_path(sha).read_bytes()
        assert len(data) == size and hashlib.sha256(data).hexdigest() == sha
