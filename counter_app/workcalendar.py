"""The office calendar: office-hour windows, working days, days off and make-up working days.

Pure Python, no database. The app keeps the holiday/swap table and the office hours in its own
editable storage; this module only interprets them.

- ``OfficeHours``: the daily office windows (default 07:00–11:30 and 13:30–17:00, 8 hours) and
  the same-day cut-off (default 15:00).
- ``OfficeCalendar``: which dates are working days. A date is a working day when it is Monday to
  Friday and not a day off, or when it is an announced make-up working day (``workdays``, e.g. a
  Saturday worked to bridge a holiday). ``workdays`` wins over ``days_off``.
- ``seed_holidays``: public holidays from the ``holidays`` package (country VN, Vietnamese
  names), used only to seed the editable table. The package also lists holidays that fall on a
  weekend (e.g. mùng bốn Tết on Saturday 1/2/2025); they are harmless because weekends are not
  working days anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from types import MappingProxyType

from .errors import UserError
from .i18n import _

_ONE_DAY = timedelta(days=1)
_FIELD_HOURS = "office_hours"

Window = tuple[time, time]


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M") if t.second == 0 else t.strftime("%H:%M:%S")


def _check_windows(windows: tuple[Window, ...]) -> None:
    """Raise UserError (Vietnamese) unless ``windows`` is a non-empty, ordered, non-overlapping list."""
    if not windows:
        raise UserError(_("Chưa có khung giờ làm việc nào. Ví dụ: 07:00-11:30,13:30-17:00."), _FIELD_HOURS)
    for window in windows:
        if (
            not isinstance(window, tuple)
            or len(window) != 2
            or not all(isinstance(t, time) and t.tzinfo is None for t in window)
        ):
            raise UserError(
                _("Khung giờ làm việc không hợp lệ; mỗi khung phải gồm giờ bắt đầu và giờ kết thúc."),
                _FIELD_HOURS,
            )
        start, end = window
        if start >= end:
            raise UserError(
                _("Khung giờ {start}-{end} không hợp lệ: giờ bắt đầu phải trước giờ kết thúc.").format(
                    start=_hhmm(start), end=_hhmm(end)),
                _FIELD_HOURS,
            )
    for (s1, e1), (s2, e2) in pairwise(windows):
        if s2 < s1:
            raise UserError(
                _("Các khung giờ làm việc phải được nhập theo thứ tự từ sớm đến muộn."), _FIELD_HOURS
            )
        if s2 < e1:
            raise UserError(
                _("Khung giờ {first} và {second} chồng lên nhau.").format(
                    first=f"{_hhmm(s1)}-{_hhmm(e1)}", second=f"{_hhmm(s2)}-{_hhmm(e2)}"),
                _FIELD_HOURS,
            )


@dataclass(frozen=True)
class OfficeHours:
    """Daily office windows (ordered, non-overlapping) and the same-day cut-off time."""

    windows: tuple[Window, ...] = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
    same_day_cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples, so the object stays hashable.
        try:
            windows = tuple(tuple(w) for w in self.windows)
        except TypeError:
            raise UserError(_("Khung giờ làm việc không hợp lệ."), _FIELD_HOURS) from None
        _check_windows(windows)  # type: ignore[arg-type]
        object.__setattr__(self, "windows", windows)
        if not isinstance(self.same_day_cutoff, time) or self.same_day_cutoff.tzinfo is not None:
            raise UserError(_("Giờ chốt nhận hồ sơ trong ngày không hợp lệ."), "same_day_cutoff")

    @property
    def opening(self) -> time:
        """Start of the first window."""
        return self.windows[0][0]

    @property
    def closing(self) -> time:
        """End of the last window (the close of office)."""
        return self.windows[-1][1]

    def day_length(self) -> timedelta:
        """Working time in one working day."""
        total = timedelta(0)
        for start, end in self.windows:
            total += datetime.combine(date.min, end) - datetime.combine(date.min, start)
        return total

    def hours_per_day(self) -> float:
        """Working hours in one working day (8.0 for the default windows)."""
        return self.day_length().total_seconds() / 3600


_TIME_RE = re.compile(r"^(\d{1,2})(?:\s*[:hH]\s*(\d{2})?)?$")
_RANGE_RE = re.compile(r"\s*[-–—]\s*")


def parse_hhmm(text: str, field: str | None = _FIELD_HOURS) -> time:
    """Parse a time of day written as ``07:30``, ``7:30``, ``7h30`` or ``7h``. Raises UserError."""
    raw = (text or "").strip()
    m = _TIME_RE.match(raw)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise UserError(_("Giờ “{raw}” không hợp lệ; hãy nhập theo dạng GG:PP, ví dụ 07:30.").format(raw=raw), field)


def parse_windows(text: str) -> tuple[Window, ...]:
    """Parse ``"07:00-11:30,13:30-17:00"`` into office windows. Raises UserError (Vietnamese).

    Windows are separated by ``,`` or ``;``; start and end by ``-`` (or an en/em dash). They must
    be written from earliest to latest and must not overlap.
    """
    raw = (text or "").strip()
    if not raw:
        raise UserError(_("Chưa nhập giờ làm việc. Ví dụ: 07:00-11:30,13:30-17:00."), _FIELD_HOURS)
    windows: list[Window] = []
    for part in re.split(r"[,;]", raw):
        part = part.strip()
        if not part:
            raise UserError(
                _("Giờ làm việc “{raw}” không hợp lệ: có khung giờ để trống. Ví dụ: 07:00-11:30,13:30-17:00.").format(
                    raw=raw),
                _FIELD_HOURS,
            )
        ends = _RANGE_RE.split(part)
        if len(ends) != 2:
            raise UserError(_("Khung giờ “{part}” không hợp lệ; hãy nhập theo dạng 07:00-11:30.").format(part=part), _FIELD_HOURS)
        windows.append((parse_hhmm(ends[0]), parse_hhmm(ends[1])))
    result = tuple(windows)
    _check_windows(result)
    return result


def format_windows(windows: Iterable[Window] | OfficeHours) -> str:
    """Inverse of ``parse_windows``: ``"07:00-11:30,13:30-17:00"``."""
    if isinstance(windows, OfficeHours):
        windows = windows.windows
    return ",".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in windows)


class OfficeCalendar:
    """Working days and office hours of one office.

    ``days_off``: public holidays and announced extra days off (date -> name).
    ``workdays``: announced make-up working days (e.g. a Saturday); they are working days even if
    they are weekends or listed in ``days_off``.
    """

    def __init__(
        self,
        days_off: Mapping[date, str] | None = None,
        workdays: Iterable[date] = (),
        hours: OfficeHours | None = None,
    ):
        self._days_off: dict[date, str] = dict(days_off or {})
        self._workdays: frozenset[date] = frozenset(workdays)
        self.hours: OfficeHours = hours if hours is not None else OfficeHours()
        for d in (*self._days_off, *self._workdays):
            if not isinstance(d, date) or isinstance(d, datetime):
                raise UserError(_("Ngày “{day}” trong lịch nghỉ/làm bù không hợp lệ.").format(day=d), "calendar")

    @property
    def days_off(self) -> Mapping[date, str]:
        return MappingProxyType(self._days_off)

    @property
    def workdays(self) -> frozenset[date]:
        return self._workdays

    def day_off_name(self, d: date) -> str | None:
        """Name of the day off on ``d`` (holiday or announced day off), if any."""
        return self._days_off.get(d)

    def is_working_day(self, d: date) -> bool:
        if d in self._workdays:
            return True
        return d.weekday() < 5 and d not in self._days_off

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.working_day_on_or_after(d + _ONE_DAY)

    def working_day_on_or_after(self, d: date) -> date:
        """``d`` itself if it is a working day, else the next working day."""
        # days_off is finite, so at most len(days_off) + a weekend's worth of steps.
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def __repr__(self) -> str:
        return (
            f"OfficeCalendar(days_off={len(self._days_off)} days, workdays={len(self._workdays)} days, "
            f"hours={format_windows(self.hours)!r}, cutoff={_hhmm(self.hours.same_day_cutoff)})"
        )


def seed_holidays(years: Iterable[int]) -> dict[date, str]:
    """Vietnamese public holidays for ``years`` from the ``holidays`` package, names in Vietnamese.

    Only a seed for the app's editable holiday table: the package does not know province days or
    swaps it has not encoded, and it includes holidays that fall on weekends.
    """
    import holidays  # imported lazily: it is only needed when seeding, and slows app start-up

    year_list = sorted({int(y) for y in years})
    if not year_list:
        return {}
    vn = holidays.country_holidays("VN", years=year_list, language="vi")
    return {d: str(name) for d, name in sorted(vn.items())}
