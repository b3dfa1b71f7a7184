"""Online dossiers: the citizen portal's side of the reference provincial system (issue 20).

``counter-app-provincial submit-online`` plays a citizen submitting on the portal: this module
reads and checks what the citizen gives (the dossier JSON and the files) and builds the
national record (``HoSoDongBoDVC``) the feed carries to the agency's stations; the store
(:mod:`.store`) keeps it. The contract is docs/sync-protocol.md, "Hồ sơ trực tuyến / online
dossiers".

Input JSON keys (anything else is refused, so a misspelt key is not silently dropped):
``MaTTHC`` (required, national code shape ``d.dddddd``), ``HoTen`` or ``ChuHoSo`` (required),
``SoGiayToChuHoSo`` (12 digits), ``NgaySinh``/``NgaySinhChuHoSo`` (dd/mm/yyyy),
``DiaChi``/``DiaChiChuHoSo``, ``SoDienThoai``, ``Email``, ``TrichYeuHoSo``, ``TenTTHC``, and
``files``: one ``{"MaThanhPhanHoSo", "TenThanhPhanHoSo"}`` (or ``TenThanhPhan``) per FILE
argument, in order, or with ``path_index`` (0-based) naming the FILE it describes. Without
``files``, FILE *i* belongs to component *i* + 1, named as in the catalogue the province
published last (``publish-catalogue``) when it has the procedure.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .limits import Limits

PROCEDURE_CODE = re.compile(r"[0-9]\.[0-9]{6}")
CCCD = re.compile(r"[0-9]{12}")
PHONE = re.compile(r"[0-9+][0-9 .()-]{5,19}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
COMPONENT_CODE = re.compile(r"[0-9A-Za-z._-]{1,32}")
MAX_TEXT = 500  # characters of one text field
MAX_NAME = 255  # characters of a file name
OUTCOMES = ("2", "3", "5")  # receive, refuse, guide to complete: what a counter may answer first

KEYS = {"MaTTHC", "TenTTHC", "HoTen", "ChuHoSo", "SoGiayToChuHoSo", "NgaySinh", "NgaySinhChuHoSo", "DiaChi",
        "DiaChiChuHoSo", "SoDienThoai", "Email", "TrichYeuHoSo", "files"}
RESUBMIT_KEYS = {"files"}
FILE_KEYS = {"path_index", "MaThanhPhanHoSo", "TenThanhPhanHoSo", "TenThanhPhan"}


class InputError(Exception):
    """Bad input from the citizen (a Vietnamese message; nothing is stored)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class PortalFile:
    """One file the citizen attached, checked and hashed (``staged``: its copy under the data
    directory, moved into ``files/<sha256>`` when the dossier is stored)."""

    path: Path
    name: str
    component_code: str
    component_name: str
    sha256: str = ""
    size: int = 0
    mime: str = "application/octet-stream"
    staged: Path | None = None


def read_json(path: Path, limit: int) -> Any:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"Không tìm thấy tệp JSON hồ sơ: {path}") from None
    except OSError as exc:
        raise InputError(f"Không đọc được tệp JSON hồ sơ {path}: {exc.strerror or exc}") from None
    if size > limit:
        raise InputError(f"Tệp JSON hồ sơ quá lớn ({size} byte, tối đa {limit}).")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("Tệp JSON hồ sơ phải mã hóa UTF-8.") from None
    except OSError as exc:
        raise InputError(f"Không đọc được tệp JSON hồ sơ {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"Tệp JSON hồ sơ sai cú pháp (dòng {exc.lineno}, cột {exc.colno}).") from None


def _text(raw: dict[str, Any], *keys: str, label: str, required: bool = False) -> str:
    value: Any = ""
    for k in keys:
        if raw.get(k) not in (None, ""):
            value = raw[k]
            break
    if not isinstance(value, str):
        raise InputError(f"{label} ({keys[0]}) phải là chuỗi ký tự.")
    value = " ".join(value.split())
    if required and not value:
        raise InputError(f"Thiếu {label} ({' hoặc '.join(keys)}).")
    if len(value) > MAX_TEXT:
        raise InputError(f"{label} dài quá {MAX_TEXT} ký tự.")
    return value


def applicant_fields(raw: Any, today: date) -> dict[str, str]:
    """The record's fields from the citizen's JSON (without code, times and files)."""
    if not isinstance(raw, dict):
        raise InputError("Tệp JSON hồ sơ phải là một đối tượng JSON ({…}).")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise InputError(f"Khóa không được hỗ trợ trong JSON hồ sơ: {', '.join(unknown)} "
                         f"(được dùng: {', '.join(sorted(KEYS))}).")
    proc = _text(raw, "MaTTHC", label="Mã thủ tục hành chính", required=True)
    if not PROCEDURE_CODE.fullmatch(proc):
        raise InputError(f"Mã thủ tục hành chính «{proc[:40]}» sai dạng (ví dụ đúng: 1.004873).")
    name = _text(raw, "HoTen", "ChuHoSo", label="Họ tên người nộp", required=True)
    id_number = _text(raw, "SoGiayToChuHoSo", label="Số định danh cá nhân")
    if id_number and not CCCD.fullmatch(id_number):
        raise InputError("Số định danh cá nhân (SoGiayToChuHoSo) phải gồm đúng 12 chữ số.")
    birth = _text(raw, "NgaySinh", "NgaySinhChuHoSo", label="Ngày sinh")
    if birth:
        try:
            born = datetime.strptime(birth, "%d/%m/%Y").date()
        except ValueError:
            raise InputError("Ngày sinh phải theo dạng dd/mm/yyyy và là ngày có thật.") from None
        if born > today or born.year < 1900:
            raise InputError("Ngày sinh không hợp lệ (sau ngày nộp hoặc trước năm 1900).")
        birth = born.strftime("%d/%m/%Y")
    phone = _text(raw, "SoDienThoai", label="Số điện thoại")
    if phone and not PHONE.fullmatch(phone):
        raise InputError("Số điện thoại chỉ gồm chữ số (có thể có +, dấu cách, dấu chấm, gạch ngang), 6–20 ký tự.")
    email = _text(raw, "Email", label="Thư điện tử")
    if email and not EMAIL.fullmatch(email):
        raise InputError("Địa chỉ thư điện tử không hợp lệ.")
    return {
        "MaTTHC": proc,
        "TenTTHC": _text(raw, "TenTTHC", label="Tên thủ tục"),
        "ChuHoSo": name,
        "SoGiayToChuHoSo": id_number,
        "NgaySinhChuHoSo": birth,
        "DiaChiChuHoSo": _text(raw, "DiaChi", "DiaChiChuHoSo", label="Địa chỉ"),
        "SoDienThoai": phone,
        "Email": email,
        "TrichYeuHoSo": _text(raw, "TrichYeuHoSo", label="Trích yếu hồ sơ"),
    }


def file_specs(raw: Any, paths: list[Path], components: list[str]) -> list[PortalFile]:
    """Which component each FILE belongs to: ``raw`` is the JSON's ``files`` (None: FILE *i* is
    component *i* + 1); ``components`` are the procedure's component names when known."""
    def default_name(code: str) -> str:
        i = int(code) - 1 if code.isdigit() else -1
        return components[i] if 0 <= i < len(components) else f"Thành phần hồ sơ {code}"

    if raw is None:
        return [PortalFile(p, p.name, str(i + 1), default_name(str(i + 1))) for i, p in enumerate(paths)]
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise InputError("«files» phải là danh sách đối tượng, mỗi tệp một mục.")
    if len(raw) != len(paths):
        raise InputError(f"«files» mô tả {len(raw)} tệp nhưng lệnh có {len(paths)} tệp.")
    out: list[PortalFile | None] = [None] * len(paths)
    for n, spec in enumerate(raw):
        unknown = sorted(set(spec) - FILE_KEYS)
        if unknown:
            raise InputError(f"Khóa không được hỗ trợ trong «files» (mục {n + 1}): {', '.join(unknown)}.")
        index = spec.get("path_index", n)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(paths):
            raise InputError(f"«files» mục {n + 1}: path_index phải là số thứ tự tệp từ 0 đến {len(paths) - 1}.")
        if out[index] is not None:
            raise InputError(f"«files»: tệp số {index} được mô tả hai lần.")
        code = spec.get("MaThanhPhanHoSo", str(index + 1))
        if not isinstance(code, str) or not COMPONENT_CODE.fullmatch(code):
            raise InputError(f"«files» mục {n + 1}: MaThanhPhanHoSo phải là chuỗi 1–32 ký tự (chữ, số, . _ -).")
        name = spec.get("TenThanhPhanHoSo", spec.get("TenThanhPhan", ""))
        if not isinstance(name, str) or len(name) > MAX_TEXT:
            raise InputError(f"«files» mục {n + 1}: tên thành phần phải là chuỗi tối đa {MAX_TEXT} ký tự.")
        path = paths[index]
        out[index] = PortalFile(path, path.name, code, " ".join(name.split()) or default_name(code))
    return [f for f in out if f is not None]


def stage_files(files: list[PortalFile], staging_dir: Path, limits: Limits) -> None:
    """Copy each file into ``staging_dir`` while hashing it (the bytes stored are the bytes
    hashed, even if the original changes meanwhile). Raises InputError; on any error the
    copies made so far are removed."""
    if len(files) > limits.max_online_files:
        raise InputError(f"Quá nhiều tệp ({len(files)}, tối đa {limits.max_online_files} mỗi hồ sơ).")
    try:
        for f in files:
            if not f.name or len(f.name) > MAX_NAME:
                raise InputError(f"Tên tệp {f.path} không hợp lệ (1–{MAX_NAME} ký tự).")
            if not f.path.is_file():
                raise InputError(f"Không tìm thấy tệp đính kèm: {f.path}")
            f.mime = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
            f.staged = staging_dir / f"portal-{secrets.token_hex(12)}.part"
            digest, size = hashlib.sha256(), 0
            try:
                with open(f.path, "rb") as src, open(f.staged, "xb") as dst:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        size += len(block)
                        if size > limits.max_upload_bytes:
                            raise InputError(f"Tệp {f.name} quá lớn (tối đa {limits.max_upload_bytes} byte).")
                        digest.update(block)
                        dst.write(block)
                    dst.flush()
                    os.fsync(dst.fileno())
            except OSError as exc:
                raise InputError(f"Không đọc được tệp đính kèm {f.path}: {exc.strerror or exc}") from None
            f.sha256, f.size = digest.hexdigest(), size
    except BaseException:
        unstage(files)
        raise


def unstage(files: list[PortalFile]) -> None:
    for f in files:
        if f.staged is not None:
            f.staged.unlink(missing_ok=True)
            f.staged = None


def procedure_info(catalogue: Any, code: str) -> tuple[str, list[str]] | None:
    """(name, component names) of ``code`` in a published catalogue (docs/catalogue-format.md),
    or None when the catalogue does not have it."""
    procs = catalogue.get("procedures") if isinstance(catalogue, dict) else None
    for p in procs if isinstance(procs, list) else []:
        if isinstance(p, dict) and p.get("code") == code:
            comps = p.get("components") if isinstance(p.get("components"), list) else []
            return (str(p.get("name") or ""),
                    [str(c.get("name") or "") for c in comps if isinstance(c, dict)])
    return None


def file_item(item_id: int, f: PortalFile) -> dict[str, str]:
    """One ``TaiLieuNop`` entry of an online dossier: the file's URL on this server (a path:
    the station joins it to its server URL) and the size and sha256 it checks on fetching."""
    return {"TepDinhKemId": str(item_id), "TenTepDinhKem": f.name, "MaThanhPhanHoSo": f.component_code,
            "TenThanhPhanHoSo": f.component_name, "DuongDanTaiTepTin": f"/files/{f.sha256}",
            "Sha256": f.sha256, "DungLuong": str(f.size)}


def parse_wire_time(value: str) -> datetime:
    """``yyyyMMddHHmmss`` (Vietnam time); raises InputError."""
    try:
        if not re.fullmatch(r"[0-9]{14}", value):
            raise ValueError(value)
        return datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        raise InputError("Thời điểm nộp phải theo dạng yyyyMMddHHmmss (giờ Việt Nam).") from None
