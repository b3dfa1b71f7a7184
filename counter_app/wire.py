"""The national sync model (DVCQG ``HoSoDongBoDVC`` and ``QuaTrinhXuLyDongBoDVC``): our dossier
data under the national field names, every value a string, dates as ``yyyyMMddHHmmss`` in
Vietnam time, "" for no value (domain reference §3.3).

This is the canonical shape of what leaves the counter. A province's vendor API is an adapter
in ``sync/`` that transforms these dicts; the mapping itself lives here, next to the data.
Only files already uploaded (with their URL) are listed in ``TaiLieuNop`` (the submitted papers)
and ``DanhSachGiayToKetQua`` (the scanned result documents, ``counter_app.scanning.results``):
the national side fetches attachments by URL, it never receives them inline.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from . import dossiers, statuses, timeutil

ACTION_TEXT = {
    "intake": "Tiếp nhận hồ sơ",
    "province": "Cập nhật từ hệ thống tỉnh",
    "obligation": "Yêu cầu thực hiện nghĩa vụ tài chính",
    "obligation-paid": "Đã thực hiện nghĩa vụ tài chính",
    "unresolvable": "Cơ quan giải quyết trả lại hồ sơ, không giải quyết được",
    "supplement-received": "Nhận hồ sơ bổ sung",
    "extend": "Xin lỗi và hẹn lại ngày trả kết quả",
}
# DuocThanhToanTrucTuyen (766 indicator 3.6): 1 = paid on the national portal (Cổng DVCQG),
# 2 = through the province's (ministry's) payment gateway, 0 = no online payment recorded.
ONLINE_PAYMENT = {"online-dvcqg": "1", "online-province": "2"}


def wire_time(iso: str | None) -> str:
    """ISO 8601 (stored form) to yyyyMMddHHmmss in Vietnam time; "" for no value."""
    if not iso:
        return ""
    return timeutil.wire(timeutil.parse_iso(iso))


def _id_kind(number: str) -> str:
    # "1" = 12-digit personal number (CCCD), "2" = 9-digit old ID card (CMND).
    return "2" if len(number) == 9 else "1"


def file_item(att: dict[str, Any]) -> dict[str, str]:
    """One ``TaiLieuNop`` item. ``Sha256`` is an extension of the reference contract that lets
    the receiver check the bytes it fetched from ``DuongDanTaiTepTin``."""
    return {
        "TepDinhKemId": str(att["id"]),
        "TenTepDinhKem": att["filename"],
        "IsDeleted": "0",
        "MaThanhPhanHoSo": str(att["component_position"]),
        "DuongDanTaiTepTin": att["remote_url"],
        "DuocSoHoa": "1",
        "DuocTaiSuDung": "0",
        "DuocLayTuKhoDMQG": "0",
        "MaKetQuaThayThe": "",
        "Sha256": att["sha256"],
    }


def result_item(res: dict[str, Any]) -> dict[str, str]:
    """One ``DanhSachGiayToKetQua`` item (domain reference §3.3: ``TenGiayTo``, ``MaThanhPhanHoSo``,
    ``GiayToId``, ``DuongDanTepTinKetQua``, ``MaGiayToKetQua``). Choices where the national text is
    silent (docs/sync-protocol.md, "Result documents"): ``MaThanhPhanHoSo`` is "" (a result is no
    submitted component); ``GiayToId`` is our attachment id, as ``TepDinhKemId`` is for papers;
    ``MaGiayToKetQua`` is the number printed on the result when the clerk typed it, else "";
    ``Sha256`` is the same extension as in ``TaiLieuNop``."""
    return {
        "TenGiayTo": res["title"] or "",
        "MaThanhPhanHoSo": "",
        "GiayToId": str(res["id"]),
        "DuongDanTepTinKetQua": res["remote_url"],
        "MaGiayToKetQua": res.get("doc_number") or "",
        "Sha256": res["sha256"],
    }


RATING_STAGES = {"receipt": "TiepNhan", "return": "TraKetQua"}


def rating_item(r: dict[str, Any]) -> dict[str, str]:
    """One ``DanhGiaHaiLong`` item: the citizen's tap at the counter (counter_app.satisfaction).
    Not a national field (§3.3 has none): the reference contract's extension, documented in
    docs/sync-protocol.md "Ratings"; no personal data."""
    return {
        "GiaiDoan": RATING_STAGES.get(r["stage"], r["stage"]),
        "MucDanhGia": r["level"],
        "TenMucDanhGia": r["label"],
        "HaiLong": "1" if r["satisfied"] else "0",
        "TieuChi": r["criterion"],
        "ThoiDiemDanhGia": wire_time(r["at"]),
    }


def progress_entry(code: str, entry: dict[str, Any], due_at: str) -> dict[str, str]:
    """One ``QuaTrinhXuLy`` entry from a history row (dict with status, action, at, actor,
    unit, note). ``due_at`` is the issued appointment (``NgayHenTra``, never the apology-moved
    date): the national side subtracts the supplement pause itself."""
    text = ACTION_TEXT.get(entry["action"], statuses.name(entry["status"]))
    if entry.get("note"):
        text = f"{text}: {entry['note']}"
    return {
        "MaHoSo": code,
        "NguoiXuLy": (entry.get("actor") or "")[:50],
        "ChucDanh": "",
        "ThoiDiemXuLy": wire_time(entry["at"]),
        "PhongBanXuLy": entry.get("unit") or "",
        "NoiDungXuLy": text,
        "TrangThai": str(entry["status"]),
        "NgayBatDau": wire_time(entry["at"]),
        "NgayKetThucTheoQuyDinh": wire_time(due_at),
    }


def record(detail: dict[str, Any], attachments: list[dict[str, Any]], first_entry: dict[str, Any] | None,
           results: list[dict[str, Any]] | None = None, ratings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The dossier record (``HoSoDongBoDVC``) from :func:`counter_app.dossiers.get_detail` output,
    the dossier's uploaded attachments, its receipt history entry and its uploaded result
    documents."""
    owner = detail.get("owner") or detail.get("applicant") or {}
    applicant = detail.get("applicant") or {}
    id_number = owner.get("id_number") or ""
    status = int(detail["status"])
    proc = detail["procedure"]
    issued = detail.get("issued_due_at") or detail["original_due_at"]
    summary = proc["name"] if not detail.get("note") else f"{proc['name']} — {detail['note']}"
    return {
        "MaHoSo": detail["code"],
        "MaTTHC": proc["code"],
        "TenTTHC": proc["name"],
        "MaLinhVuc": proc.get("field_code") or "",
        "TenLinhVuc": proc.get("field") or "",
        "KenhThucHien": str(detail["channel"]),
        "ChuHoSo": owner.get("full_name") or "",
        "SoGiayToChuHoSo": id_number,
        "LoaiDoiTuong": "1",
        "MaDoiTuong": "",
        "ThongTinKhac": "",
        "Email": applicant.get("email") or "",
        "Fax": "",
        "SoDienThoai": applicant.get("phone") or "",
        "TrichYeuHoSo": summary[:999],
        "NgayNopHoSo": wire_time(detail["received_at"]),
        "NgayTiepNhan": wire_time(detail["received_at"]),
        # the appointment issued on Mẫu 01: not the apology-moved date, not moved by the
        # supplement pause (the national formula subtracts that pause itself)
        "NgayHenTra": wire_time(detail.get("issued_due_at") or detail["original_due_at"]),
        "NgayKetThucXuLy": wire_time(detail.get("finished_at")),
        "NgayTra": wire_time(detail.get("returned_at")),
        "NgayTuChoi": wire_time(detail.get("finished_at")) if status == statuses.REFUSED else "",
        "TrangThaiHoSo": str(status),
        "ThongTinTra": "",
        "HinhThuc": "1" if detail.get("return_method") == "post" else "0",
        "DonViXuLy": detail.get("resolving_unit") or "",
        "GhiChu": detail.get("note") or "",
        "NoiNopHoSo": "",
        "HoSoCoThanhPhanSoHoa": "1" if attachments else "0",
        # the counter identifies people by their card (chip/QR), never by a VNeID account, and
        # receives online dossiers from the province without that flag: nothing to claim
        "TaiKhoanDuocXacThucVoiVNeID": "0",
        "DuocThanhToanTrucTuyen": online_payment(detail.get("fees") or []),
        "DinhDanhCHS": [{"LoaiDinhDanh": _id_kind(id_number), "SoDinhDanh": id_number}] if id_number else [],
        "DSKetNoiCSDL": [],
        "TaiLieuNop": [file_item(a) for a in attachments],
        "DanhSachLePhi": [
            {"TenPhiLePhi": f["name"], "MaPhiLePhi": "", "HinhThucThu": f.get("paid_method") or "",
             "Gia": str(f["amount"]), "LoaiPhiLePhi": f["type"]}
            for f in detail.get("fees") or []
        ],
        "DanhSachTepDinhKemKhac": [
            {"TenGiayTo": c["name"], "SoLuong": str(c["originals"] + c["copies"] + c["certified_copies"]),
             "LoaiGiayTo": ""}
            for c in detail.get("components") or []
        ],
        "DanhSachHoSoBoSung": supplement_rounds(detail.get("history") or []),
        "DanhSachGiayToKetQua": [result_item(r) for r in results or []],
        "DanhGiaHaiLong": [rating_item(r) for r in ratings or []],
        "QuaTrinhXuLy": [progress_entry(detail["code"], first_entry, issued)] if first_entry else [],
    }


def online_payment(fees: list[dict[str, Any]]) -> str:
    """``DuocThanhToanTrucTuyen`` from the recorded payment methods: "1" when a fee was paid on
    the national portal, else "2" when one was paid through the province's gateway, else "0"."""
    codes = {ONLINE_PAYMENT[f["paid_method"]] for f in fees if f.get("paid_method") in ONLINE_PAYMENT}
    return min(codes) if codes else "0"


def supplement_rounds(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``DanhSachHoSoBoSung``: one item per supplement request, with the time the papers came
    back (``NgayTiepNhanBoSung``, "" while waiting) and the citizen's appointment before and
    after (``NgayHenTraTruoc`` / ``NgayHenTraMoi``). The national formula subtracts
    ``NgayTiepNhanBoSung`` − ``NgayBoSung`` (elapsed) from the end of processing."""
    out: list[dict[str, Any]] = []
    open_item: dict[str, Any] | None = None
    for i, h in enumerate(history):
        data = h.get("data") or {}
        if h["action"] == "supplement":
            items = "; ".join(m.get("name", "") for m in data.get("missing_items") or [])
            open_item = {
                "HoSoBoSungId": str(i + 1), "NguoiYeuCauBoSung": (h.get("actor") or "")[:50],
                "NoiDungBoSung": (f"{data.get('reason', '')}: {items}" if items else data.get("reason", ""))[:999],
                "NgayBoSung": wire_time(h["at"]), "NguoiTiepNhanBoSung": "", "ThongTinTiepNhan": "",
                "NgayTiepNhanBoSung": "", "TrangThaiBoSung": "0", "DanhSachGiayToBoSung": [],
                "DanhSachLePhiBoSung": [], "NgayHenTraTruoc": "", "NgayHenTraMoi": "",
            }
            out.append(open_item)
        elif h["action"] == "supplement-received" and open_item is not None:
            open_item.update({
                "NguoiTiepNhanBoSung": (h.get("actor") or "")[:50], "ThongTinTiepNhan": h.get("note") or "",
                "NgayTiepNhanBoSung": wire_time(h["at"]), "TrangThaiBoSung": "1",
                "NgayHenTraTruoc": wire_time(data.get("previous_due_at")), "NgayHenTraMoi": wire_time(data.get("new_due_at")),
            })
            open_item = None
    return out


# --- reading what the mapping needs ---------------------------------------------------------

def history_entry(db: sqlite_utils.Database, history_id: int) -> dict[str, Any] | None:
    row = db.execute(
        "SELECT h.status, h.action, h.at, h.actor_name, h.unit, h.note, d.code, "
        "COALESCE(d.issued_due_at, d.original_due_at) "
        "FROM history h JOIN dossiers d ON d.id = h.dossier_id WHERE h.id = ?",
        [history_id],
    ).fetchone()
    if row is None:
        return None
    return {"status": row[0], "action": row[1], "at": row[2], "actor": row[3], "unit": row[4], "note": row[5],
            "code": row[6], "due_at": row[7]}


def uploaded_attachments(db: sqlite_utils.Database, dossier_id: int) -> list[dict[str, Any]]:
    """Attachments of the dossier (not removed) whose file the province has acknowledged."""
    rows = db.execute(
        "SELECT a.id, a.component_position, a.filename, a.sha256, f.remote_url FROM attachments a "
        "JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = ? AND a.kind = 'component' "
        "AND a.removed_at IS NULL AND f.remote_url IS NOT NULL ORDER BY a.component_position, a.id",
        [dossier_id],
    ).fetchall()
    return [{"id": r[0], "component_position": r[1], "filename": r[2], "sha256": r[3], "remote_url": r[4]} for r in rows]


def uploaded_results(db: sqlite_utils.Database, dossier_id: int) -> list[dict[str, Any]]:
    """Result documents of the dossier (not removed) whose file the province has acknowledged."""
    rows = db.execute(
        "SELECT a.id, a.title, a.doc_number, a.sha256, f.remote_url FROM attachments a "
        "JOIN files f ON f.sha256 = a.sha256 WHERE a.dossier_id = ? AND a.kind = 'result' "
        "AND a.removed_at IS NULL AND f.remote_url IS NOT NULL ORDER BY a.component_position, a.id",
        [dossier_id],
    ).fetchall()
    return [{"id": r[0], "title": r[1], "doc_number": r[2], "sha256": r[3], "remote_url": r[4]} for r in rows]


def build_record(db: sqlite_utils.Database, dossier_id: int, first_history_id: int | None) -> dict[str, Any]:
    code = db.execute("SELECT code FROM dossiers WHERE id = ?", [dossier_id]).fetchone()[0]
    detail = dossiers.get_detail(db, code)
    first = history_entry(db, first_history_id) if first_history_id else None
    from . import satisfaction

    rec = record(detail, uploaded_attachments(db, dossier_id), first, uploaded_results(db, dossier_id),
                 satisfaction.of_dossier(db, dossier_id))
    from .online import submitted_wire_time

    submitted = submitted_wire_time(db, dossier_id)
    if submitted:  # received from the portal: submitted there, received here (counter_app/online.py)
        rec["NgayNopHoSo"] = submitted
    return rec


def build_progress(db: sqlite_utils.Database, history_id: int) -> dict[str, str] | None:
    entry = history_entry(db, history_id)
    if entry is None:
        return None
    return progress_entry(entry["code"], entry, entry["due_at"])
