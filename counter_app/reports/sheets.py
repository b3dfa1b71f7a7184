"""Report tables as laid out for export (XLSX sheets, CSV, PDF pages).

Biểu 06 follows the layout of the form (Thông tư 01/2020/TT-VPCP, as used by provincial
one-stop systems): the form number at the top left, the title and reporting period in the
middle, the reporting and receiving units at the right; a three-row header ("Số hồ sơ nhận giải
quyết" over Tổng số / Trong kỳ (Trực tuyến, Trực tiếp và dịch vụ bưu chính) / Từ kỳ trước; "Số hồ
sơ đã giải quyết" over Tổng số / Trước hạn / Đúng hạn / Quá hạn; "Số hồ sơ đang giải quyết" over
Tổng số / Trong hạn / Quá hạn), the column numbers (1)…(13), one row per field and the total.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .. import timeutil
from . import periods
from .bieu06 import COLUMNS, FORM_NO, LEGAL, TITLE, UNIT, Bieu06
from .table import Block, Column, HeaderCell, Table
from .tally import TallyResult

TALLY_TITLE = "BÁO CÁO THỐNG KÊ HỒ SƠ THỦ TỤC HÀNH CHÍNH"


def _when(iso: str) -> str:
    """'hết ngày 20/11/2026' for a midnight, else '10:15 ngày 22/11/2026'."""
    t = timeutil.parse_iso(iso)
    if (t.hour, t.minute, t.second) == (0, 0, 0):
        return f"hết ngày {timeutil.vn_date(t - timedelta(days=1))}"
    return f"{t.strftime('%H:%M')} ngày {timeutil.vn_date(t)}"


def _signatures(meta: dict[str, Any], day: date | None = None) -> list[list[tuple[str, str]]]:
    d = day or timeutil.now().date()
    place = (meta.get("place_name") or "").strip() or "……"
    return [
        [("", "R"), ("NGƯỜI LẬP BIỂU", "B"), ("(Ký, ghi rõ họ tên)", "I"), *([("", "R")] * 3),
         (meta.get("preparer") or "", "B")],
        [(f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", "I"), ("THỦ TRƯỞNG ĐƠN VỊ", "B"),
         ("(Ký tên, đóng dấu)", "I")],
    ]


def _period_lines(date_from: date, date_to: date) -> tuple[str, str]:
    name = periods.label(date_from, date_to)
    span = f"(Từ ngày {timeutil.vn_date(date_from)} đến ngày {timeutil.vn_date(date_to)})"
    return name, span


def tally_table(result: TallyResult, meta: dict[str, Any], *, name: str | None = None) -> Table:
    f = result.filter
    metrics = result.metrics
    label_cols: list[tuple[str, Column]] = []
    if f.group_by == "procedure":
        label_cols = [("Mã TTHC", Column(13, "text", "center")), ("Thủ tục hành chính", Column(42, "text"))]
    else:
        label_cols = [(result.group_label, Column(16 if f.group_by in ("day", "station") else 30, "text"))]
    columns = [Column(7, "int", "center")] + [c for _l, c in label_cols]
    header = [HeaderCell(0, 0, "STT", rowspan=2)]
    for i, (label, _c) in enumerate(label_cols, start=1):
        header.append(HeaderCell(0, i, label, rowspan=2))
    col = len(columns)
    groups: dict[str, list[int]] = {}
    for m in metrics:
        columns.append(Column(15 if m.money else 11, "money" if m.money else "int"))
        if m.group:
            groups.setdefault(m.group, []).append(col)
            header.append(HeaderCell(1, col, m.head, style="B"))
        else:
            header.append(HeaderCell(0, col, m.label, rowspan=2))
        col += 1
    for g, cols in groups.items():
        header.append(HeaderCell(0, cols[0], g, colspan=len(cols)))
    rows = []
    for i, r in enumerate(result.rows, start=1):
        labels = [r.key, r.label] if f.group_by == "procedure" else [r.label]
        rows.append([i, *labels, *(r.values[m.key] for m in metrics)])
    total = ["", *([""] * (len(label_cols) - 1)), "Tổng cộng", *(result.totals[m.key] for m in metrics)]
    name_line, span = _period_lines(f.date_from, f.date_to)
    period = name_line if (f.date_from == f.date_to or name_line.startswith("Từ ngày")) else f"{name_line} {span}"
    lines = [(TALLY_TITLE, "B", "center"), (f"Kỳ thống kê: {period}", "BI", "center"),
             (f.describe()[0].upper() + f.describe()[1:] + ".", "I", "center")]
    notes = []
    if f.group_by != "status":
        notes = [
            f"Hồ sơ đang giải quyết tính đến {_when(result.as_of)}. Đúng hạn, quá hạn: so với thời hạn giải quyết "
            "theo quy định, không tính thời gian chờ công dân bổ sung; hồ sơ yêu cầu bổ sung quá một lần tính là quá hạn.",
            "Tiếp nhận: không gồm hồ sơ bị từ chối tiếp nhận. Đã giải quyết: đã xử lý xong, đã trả kết quả hoặc dừng xử lý; "
            "hồ sơ rút được thống kê riêng. Phí, lệ phí tính theo ngày biên lai.",
            "Hướng dẫn hoàn thiện (Mẫu 02) và từ chối trước khi tiếp nhận (Mẫu 03): hồ sơ chưa được tiếp nhận, "
            "không có mã hồ sơ, không tính vào Tiếp nhận, Sổ theo dõi hồ sơ và Biểu 06.",
        ]
    notes.append(f"Lập lúc {_when(result.generated_at)}.".replace("lúc hết ngày", "cuối ngày"))
    csv_headers = ["STT", *(label for label, _c in label_cols), *(m.label for m in metrics)]
    ncol = len(columns)
    blocks = [
        Block(0, min(2, ncol - 1), [((meta.get("parent_name") or "").upper(), "R"),
                                   ((meta.get("agency_name") or "").upper(), "B")]),
        Block(max(ncol - 6, 3), ncol - 1, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B"), ("Độc lập - Tự do - Hạnh phúc", "B")]),
    ] if ncol >= 6 else []
    title = f"Thống kê hồ sơ {name_line.lower()}"
    return Table(name or result.group_label, columns, header, 2, rows, total, blocks, lines,
                 notes=notes, signatures=_signatures(meta), csv_headers=csv_headers, title=title)


def bieu06_table(report: Bieu06, meta: dict[str, Any]) -> Table:
    columns = [Column(6, "int", "center"), Column(34, "text")] + [Column(12, "int") for _ in COLUMNS]
    h = HeaderCell
    header = [
        h(0, 0, "STT", rowspan=3), h(0, 1, "Lĩnh vực, công việc giải quyết theo cấp", rowspan=3),
        h(0, 2, "Số hồ sơ nhận giải quyết", colspan=4),
        h(0, 6, "Số hồ sơ đã giải quyết", colspan=4),
        h(0, 10, "Số hồ sơ đang giải quyết", colspan=3),
        h(1, 2, "Tổng số", rowspan=2), h(1, 3, "Trong kỳ", colspan=2), h(1, 5, "Từ kỳ trước", rowspan=2),
        h(1, 6, "Tổng số", rowspan=2), h(1, 7, "Trước hạn", rowspan=2),
        h(1, 8, "Đúng hạn (gồm cả hồ sơ trả lại, xin rút)", rowspan=2), h(1, 9, "Quá hạn", rowspan=2),
        h(1, 10, "Tổng số", rowspan=2), h(1, 11, "Trong hạn (gồm cả hồ sơ chờ bổ sung)", rowspan=2),
        h(1, 12, "Quá hạn", rowspan=2),
        h(2, 3, "Trực tuyến"), h(2, 4, "Trực tiếp, dịch vụ bưu chính"),
    ]
    rows = [[i, r.label, *(r.values[n] for n, _hv, _l in COLUMNS)] for i, r in enumerate(report.rows, start=1)]
    total = ["", report.total.label, *(report.total.values[n] for n, _hv, _l in COLUMNS)]
    name_line, span = _period_lines(report.date_from, report.date_to)
    blocks = [
        Block(0, 2, [(FORM_NO, "B"), (LEGAL, "I")]),
        Block(3, 8, [("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN,", "B"),
                     ("ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC", "B"),
                     (f"Kỳ báo cáo: {name_line}", "B"), (span, "I")]),
        Block(9, 12, [("- Đơn vị báo cáo:", "B"), (meta.get("agency_name") or "……", "R"),
                      ("- Đơn vị nhận báo cáo:", "B"), (meta.get("recipient") or "……", "R")], align="left"),
    ]
    notes = [
        f"Số hồ sơ đang giải quyết tính đến {_when(report.as_of)}. (3) = (4) + (5) + (6) = (7) + (11); "
        "(7) = (8) + (9) + (10); (11) = (12) + (13).",
        "Không tính hồ sơ bị từ chối tiếp nhận. Đúng hạn, quá hạn so với thời hạn giải quyết theo quy định, không tính "
        "thời gian chờ công dân bổ sung; hồ sơ yêu cầu bổ sung quá một lần tính là quá hạn.",
    ]
    if report.scope == "local":
        notes.append("Phạm vi: chỉ số liệu của quầy này.")
    notes.append(f"Lập lúc {_when(report.generated_at)}.".replace("lúc hết ngày", "cuối ngày"))
    csv_headers = ["(1) STT", "(2) Lĩnh vực, công việc giải quyết theo cấp",
                   *(f"({n}) {label}" for n, _hv, label in COLUMNS)]
    return Table("Biểu 06", columns, header, 3, rows, total, blocks, [(UNIT, "I", "right")],
                 notes=notes, signatures=_signatures(meta), csv_headers=csv_headers,
                 title=f"{TITLE} – {name_line}")
