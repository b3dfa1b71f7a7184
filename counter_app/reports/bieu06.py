"""Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết TTHC tại cơ
quan, đơn vị trực tiếp giải quyết TTHC", by field (lĩnh vực), 13 columns.

(3) = (4) + (5) + (6) = (7) + (11);  (7) = (8) + (9) + (10);  (11) = (12) + (13).

Columns (HV field names in brackets), for a period [from, to] evaluated at the end of ``to`` (or
now, when ``to`` has not ended):
 (4) received in the period online [tiepNhanQuaMang]; (5) directly or by post [tiepNhanTrucTiepVaBCCI];
 (6) carried over: received before the period and not finished before it [tiepNhanKyTruoc];
 (7) finished in the period [daXuLyVaTraLai]: (8) early, (9) on time plus withdrawn (trả lại/xin rút)
 [daXuLyDungHanVaTraLai], (10) late; (11) still in progress [dangXuLyVaBoSung]: (12) within time,
 including dossiers waiting for a supplement [dangXuLyTrongHanVaBoSung], (13) overdue.
Refused dossiers (status 3) and unaccepted online ones (status 1) are not counted at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from .. import accounts, timeutil
from ..audit import Actor
from ..errors import UserError
from ..folding import fold
from .tally import NO_FIELD, TallyFilter, balances, evaluation_point, event_rows

TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
FORM_NO = "Biểu số 06/VPCP/KSTT"
LEGAL = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
UNIT = "Đơn vị tính: Số hồ sơ TTHC"

# columns 3..13: (number, HV name, label for CSV/JSON)
COLUMNS: tuple[tuple[int, str, str], ...] = (
    (3, "tongSo", "Số hồ sơ nhận giải quyết - Tổng số"),
    (4, "tiepNhanQuaMang", "Số hồ sơ nhận giải quyết - Trong kỳ - Trực tuyến"),
    (5, "tiepNhanTrucTiepVaBCCI", "Số hồ sơ nhận giải quyết - Trong kỳ - Trực tiếp, dịch vụ bưu chính"),
    (6, "tiepNhanKyTruoc", "Số hồ sơ nhận giải quyết - Từ kỳ trước"),
    (7, "daXuLyVaTraLai", "Số hồ sơ đã giải quyết - Tổng số"),
    (8, "daXuLyTruocHan", "Số hồ sơ đã giải quyết - Trước hạn"),
    (9, "daXuLyDungHanVaTraLai", "Số hồ sơ đã giải quyết - Đúng hạn"),
    (10, "daXuLyQuaHan", "Số hồ sơ đã giải quyết - Quá hạn"),
    (11, "dangXuLyVaBoSung", "Số hồ sơ đang giải quyết - Tổng số"),
    (12, "dangXuLyTrongHanVaBoSung", "Số hồ sơ đang giải quyết - Trong hạn"),
    (13, "dangXuLyQuaHan", "Số hồ sơ đang giải quyết - Quá hạn"),
)


@dataclass
class Bieu06Row:
    field: str
    label: str
    values: dict[int, int]  # column number 3..13 -> count

    def to_json(self) -> dict[str, Any]:
        return {"linhVuc": self.label, **{hv: self.values[n] for n, hv, _ in COLUMNS}}


@dataclass
class Bieu06:
    date_from: date
    date_to: date
    scope: str
    as_of: str
    generated_at: str
    rows: list[Bieu06Row]
    total: Bieu06Row
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat(), "scope": self.scope,
            "as_of": self.as_of, "generated_at": self.generated_at,
            "rows": [r.to_json() for r in self.rows], "total": self.total.to_json(), "problems": list(self.problems),
        }


def _row(fld: str, label: str, c4: int, c5: int, c6: int, c8: int, c9: int, c10: int, c7: int, c11: int,
         c13: int) -> Bieu06Row:
    v = {4: c4, 5: c5, 6: c6, 8: c8, 9: c9, 10: c10, 7: c7, 11: c11, 13: c13}
    v[3] = c4 + c5 + c6
    v[12] = c11 - c13
    return Bieu06Row(fld, label, dict(sorted(v.items())))


def compute_bieu06(db: sqlite_utils.Database, actor: Actor, date_from: date, date_to: date, *,
                   scope: str = "all", now: datetime | None = None) -> Bieu06:
    """Biểu 06 for [date_from, date_to] (supervisor or admin). The identities are checked; any
    failure is listed in ``problems`` (exports refuse such a report)."""
    accounts.require_supervisor(actor)
    now = timeutil.to_vn(now) if now else timeutil.now()
    f = TallyFilter(date_from, date_to, group_by="field", scope=scope)
    f.check()
    as_of, last, live = evaluation_point(date_to, now)
    ev: dict[str, dict[str, int]] = {}
    if date_from <= last:
        sub, args = event_rows(f, date_from, last, "field, channel, received, early, on_time, late, withdrawn")
        for r in db.execute(
            "SELECT field, SUM(CASE WHEN channel = 2 THEN received ELSE 0 END), "
            "SUM(CASE WHEN channel != 2 THEN received ELSE 0 END), SUM(early), SUM(on_time) + SUM(withdrawn), "
            f"SUM(late), SUM(early + on_time + late + withdrawn) FROM ({sub}) GROUP BY field",
            args,
        ):
            ev[r[0]] = dict(zip(("c4", "c5", "c8", "c9", "c10", "c7"), (int(x or 0) for x in r[1:])))
    # carried over: in progress at the start of the period (or now, for a period not begun yet)
    carried = balances(db, f, min(date_from - timedelta(days=1), now.date()), None)
    closing = balances(db, f, last, now if live else None)
    rows = []
    for fld in set(ev) | set(carried) | set(closing):
        e = ev.get(fld, {})
        c6 = carried.get(fld, (0, 0))[0]
        c11, c13 = closing.get(fld, (0, 0))
        row = _row(fld, fld or NO_FIELD, e.get("c4", 0), e.get("c5", 0), c6, e.get("c8", 0), e.get("c9", 0),
                   e.get("c10", 0), e.get("c7", 0), c11, c13)
        if any(row.values.values()):
            rows.append(row)
    rows.sort(key=lambda r: (r.field == "", fold(r.label)))
    total = Bieu06Row("*", "Tổng cộng", {n: sum(r.values[n] for r in rows) for n, _hv, _l in COLUMNS})
    report = Bieu06(date_from, date_to, scope, timeutil.iso(as_of), timeutil.iso(now), rows, total)
    report.problems = check_identities(report)
    return report


def check_identities(report: Bieu06) -> list[str]:
    """The identities of the form, for every row and the total; Vietnamese messages."""
    problems = []
    for r in [*report.rows, report.total]:
        v = r.values
        checks = [
            ("(3) = (4) + (5) + (6)", v[3] == v[4] + v[5] + v[6]),
            ("(3) = (7) + (11)", v[3] == v[7] + v[11]),
            ("(7) = (8) + (9) + (10)", v[7] == v[8] + v[9] + v[10]),
            ("(11) = (12) + (13)", v[11] == v[12] + v[13]),
        ]
        for name, ok in checks:
            if not ok:
                problems.append(f"{r.label}: không thỏa mãn {name} ({', '.join(f'({k})={v[k]}' for k in sorted(v))}).")
        negative = [k for k in sorted(v) if v[k] < 0]
        if negative:
            problems.append(f"{r.label}: cột {', '.join(f'({k})' for k in negative)} có giá trị âm.")
    return problems


def require_consistent(report: Bieu06) -> None:
    """Raise UserError (Vietnamese) when the identities fail: such a report is not exported."""
    if report.problems:
        raise UserError(
            "Biểu 06 không thỏa mãn các đẳng thức kiểm tra nên không xuất được:\n- " + "\n- ".join(report.problems[:10])
            + "\nHãy chạy kiểm tra số liệu (counter-app report check) hoặc báo cho quản trị viên."
        )
