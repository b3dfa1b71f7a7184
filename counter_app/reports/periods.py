"""Report periods: month, quarter and year presets under the configured boundary mode.

``calendar``: a month is the 1st to its last day; a quarter its three months; a year 1/1–31/12.
``cutoff-15`` (Nghị định 09/2019/NĐ-CP, unverified, hence a setting): a month runs from the 15th
of the month before to the 14th; a quarter from the 15th of the month before its first month to
the 14th of its last month; a year from 15/12 of the year before to 14/12.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..errors import UserError


def _month_start(year: int, month: int) -> date:
    while month < 1:
        month += 12
        year -= 1
    while month > 12:
        month -= 12
        year += 1
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    return _month_start(year, month + 1) - timedelta(days=1)


def month(year: int, m: int, mode: str = "calendar") -> tuple[date, date]:
    if mode == "cutoff-15":
        prev = _month_start(year, m - 1)
        return prev.replace(day=15), date(year, m, 14)
    return date(year, m, 1), _month_end(year, m)


def quarter(year: int, q: int, mode: str = "calendar") -> tuple[date, date]:
    if not 1 <= q <= 4:
        raise UserError("Quý phải từ 1 đến 4.")
    first, last = 3 * q - 2, 3 * q
    if mode == "cutoff-15":
        return month(year, first, mode)[0], month(year, last, mode)[1]
    return date(year, first, 1), _month_end(year, last)


def year_period(year: int, mode: str = "calendar") -> tuple[date, date]:
    if mode == "cutoff-15":
        return date(year - 1, 12, 15), date(year, 12, 14)
    return date(year, 1, 1), date(year, 12, 31)


def containing_month(d: date, mode: str = "calendar") -> tuple[date, date]:
    """The month period (under ``mode``) that contains day ``d``."""
    if mode == "cutoff-15" and d.day >= 15:
        nxt = _month_start(d.year, d.month + 1)
        return month(nxt.year, nxt.month, mode)
    return month(d.year, d.month, mode)


def parse_spec(spec: str, mode: str = "calendar") -> tuple[date, date]:
    """'2026-11' (month), '2026-Q4' (quarter) or '2026' (year) → (from, to)."""
    s = (spec or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise UserError("Tháng phải từ 1 đến 12.")
        return month(y, mo, mode)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", s):
        return quarter(int(m.group(1)), int(m.group(2)), mode)
    if m := re.fullmatch(r"(\d{4})", s):
        return year_period(int(m.group(1)), mode)
    raise UserError("Kỳ báo cáo phải có dạng YYYY-MM (tháng), YYYY-Qn (quý) hoặc YYYY (năm).")


def label(date_from: date, date_to: date) -> str:
    """A Vietnamese name for the period, for the "Kỳ báo cáo" line."""
    if date_from == date_to:
        return f"Ngày {date_from.strftime('%d/%m/%Y')}"
    for mode in ("calendar", "cutoff-15"):
        for mo in range(1, 13):
            for y in (date_to.year, date_to.year + 1):
                if month(y, mo, mode) == (date_from, date_to):
                    return f"Tháng {mo:02d} năm {y}"
        for q in range(1, 5):
            if quarter(date_to.year, q, mode) == (date_from, date_to):
                return f"Quý {['I', 'II', 'III', 'IV'][q - 1]} năm {date_to.year}"
        for y in (date_to.year, date_to.year + 1):
            if year_period(y, mode) == (date_from, date_to):
                return f"Năm {y}"
    return f"Từ ngày {date_from.strftime('%d/%m/%Y')} đến ngày {date_to.strftime('%d/%m/%Y')}"
