"""Feed changes of online dossiers built per the contract (docs/sync-protocol.md, "Hồ sơ trực
tuyến / online dossiers"), for tests that do not need the reference server."""

from __future__ import annotations

import hashlib
from datetime import datetime

from helpers import STATION

PROCEDURE = "1.004873"
PROCEDURE_NAME = "Cấp Giấy xác nhận tình trạng hôn nhân"
TO_KHAI = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"


def online_code(day: str = "261120", seq: int = 1) -> str:
    return f"{STATION['agency_code']}-{day}-0{seq:03d}"


def file_item(data: bytes, name: str = "to-khai.pdf", component: str = "1", component_name: str = TO_KHAI,
              file_id: str = "1") -> dict:
    sha = hashlib.sha256(data).hexdigest()
    return {"TepDinhKemId": file_id, "TenTepDinhKem": name, "MaThanhPhanHoSo": component,
            "TenThanhPhanHoSo": component_name, "DuongDanTaiTepTin": f"/files/{sha}", "Sha256": sha,
            "DungLuong": str(len(data))}


def record(code: str, *, submitted: datetime, files: list[dict] | None = None, **over) -> dict:
    rec = {
        "MaHoSo": code, "MaTTHC": PROCEDURE, "TenTTHC": PROCEDURE_NAME, "KenhThucHien": "2",
        "ChuHoSo": "Phạm Thị Hoa", "SoGiayToChuHoSo": "001199004321", "Email": "hoa@example.vn",
        "SoDienThoai": "0987654321", "TrichYeuHoSo": PROCEDURE_NAME, "NgayNopHoSo": submitted.strftime("%Y%m%d%H%M%S"),
        "TrangThaiHoSo": "1", "NgaySinhChuHoSo": "02/03/1999", "DiaChiChuHoSo": "Thôn Tây, xã Yên Lạc",
        "TaiLieuNop": files if files is not None else [],
    }
    rec.update(over)
    return rec


def change(change_id: int | str, rec: dict) -> dict:
    return {"id": str(change_id), "type": "online-dossier", "HoSo": rec}


def closed(change_id: int | str, code: str, status: str = "2", station: str = "000.00.06.H56/2") -> dict:
    return {"id": str(change_id), "type": "online-dossier-closed", "MaHoSo": code, "TrangThaiHoSo": status,
            "TramXuLy": station}
