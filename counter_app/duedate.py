"""Due dates (ngày hẹn trả) from a procedure's time limit and the office calendar.

Pure Python, no database. All results are aware datetimes in ``VN_TZ`` (+07:00); naive inputs
are taken as Vietnam local time, aware inputs in other zones are converted.

The working-hour clock
----------------------
Time counts only inside the office windows (``OfficeHours.windows``) of working days
(``OfficeCalendar.is_working_day``): it stops over lunch, evenings, weekends, holidays and
announced days off, and runs on make-up working Saturdays.

- The clock start of a receipt is the first on-clock instant at or after it: a receipt before
  opening moves to the opening, one during lunch to the afternoon opening, one at/after the close
  or on a non-working day to the next working day's opening (a receipt at exactly 11:30 starts at
  13:30; at exactly 17:00, at the next working day's 07:00).
- ``add_working_hours(start, h)`` returns the *earliest* instant at which ``h`` working hours have
  elapsed since ``start``. So a result landing exactly on the end of a window stays at that end
  (Thu 17:00, not Fri 07:00; 11:30, not 13:30). ``h == 0`` returns ``start`` unchanged.
- ``working_hours_between(start, end)`` is the on-clock time between two instants (0 if
  ``end <= start``). The two are inverse: ``working_hours_between(s, add_working_hours(s, h)) == h``
  and ``add_working_hours(s, working_hours_between(s, e)) == e`` when ``e`` lies strictly inside
  a window (otherwise it gives the earliest instant with the same elapsed time, e.g. Fri 17:00
  for an ``e`` on Saturday or at Monday's opening).
  Excluding the time a citizen spends supplementing papers:
  ``new_due = add_working_hours(old_due, working_hours_between(paused_at, resumed_at, cal), cal)``.

Units
-----
- ``ngay_lam_viec`` (N working days): N × ``hours_per_day`` working hours added to the clock
  start. Received Mon 09:00 + 3 → Thu 09:00; received Mon 18:00 (clock start Tue 07:00) + 3 →
  Thu 17:00; received Mon 06:00 (clock start Mon 07:00) + 1 → Mon 17:00. Because a landing on a
  window end stays there, a clock start at the afternoon opening + 1 day gives the next working
  day's 11:30 (the same on-clock instant as 13:30).
- ``gio_lam_viec`` (N working hours): N hours added to the clock start, crossing lunch, evenings,
  weekends and days off.
- ``trong_ngay`` (same day; the value is ignored): due at the close of office (end of the last
  window) on the receipt day when that is a working day and the receipt is before the cut-off —
  ``same_day_cutoff`` (15:00) when ``cutoff_rule`` is true, else the close of office itself. A
  receipt before opening or during lunch on a working day is still same-day. Received at/after
  the cut-off, at/after the close, or on a non-working day → close of the next working day.
- ``ngay`` (N calendar days, Bộ luật Dân sự 2015 Điều 147–148): the period starts the day after
  receipt, so the last day is receipt date + N, regardless of the hour of receipt; due at the close
  of office on that day, or, if it is not a working day, at the close of the next working day.
  N = 0 means the close of the receipt day (or of the next working day).

``value`` must be an integer ≥ 0 (0 with working days/hours means "at the clock start"); a
negative value or an unknown unit raises ``UserError`` with a Vietnamese message. Results have
seconds and microseconds zeroed (truncated).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .errors import UserError
from .i18n import _
from .timeutil import VN_TZ, to_vn
from .workcalendar import OfficeCalendar

UNIT_SAME_DAY = "trong_ngay"
UNIT_WORKING_HOURS = "gio_lam_viec"
UNIT_WORKING_DAYS = "ngay_lam_viec"
UNIT_CALENDAR_DAYS = "ngay"

UNITS: tuple[str, ...] = (UNIT_SAME_DAY, UNIT_WORKING_HOURS, UNIT_WORKING_DAYS, UNIT_CALENDAR_DAYS)

UNIT_LABELS: dict[str, str] = {
    UNIT_SAME_DAY: "trong ngày",
    UNIT_WORKING_HOURS: "giờ làm việc",
    UNIT_WORKING_DAYS: "ngày làm việc",
    UNIT_CALENDAR_DAYS: "ngày",
}

_ONE_DAY = timedelta(days=1)
_FIELD_VALUE = "time_limit_value"
_FIELD_UNIT = "time_limit_unit"


def _check_unit(unit: str) -> None:
    if unit not in UNIT_LABELS:
        allowed = ", ".join(UNIT_LABELS.values())
        raise UserError(
            f"Đơn vị thời hạn giải quyết “{unit}” không hợp lệ; chỉ chấp nhận: {allowed}.", _FIELD_UNIT
        )


def _check_value(value: object, unit: str) -> int:
    if unit == UNIT_SAME_DAY and value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f"Thời hạn giải quyết “{value}” không hợp lệ; hãy nhập một số nguyên.", _FIELD_VALUE)
    if value < 0:
        raise UserError(f"Thời hạn giải quyết không được là số âm (đã nhập {value}).", _FIELD_VALUE)
    return value


def format_time_limit(value: int | None, unit: str) -> str:
    """Human text of a time limit: "Trong ngày", "4 giờ làm việc", "5 ngày làm việc", "30 ngày"."""
    _check_unit(unit)
    n = _check_value(value, unit)
    if unit == UNIT_SAME_DAY:
        return "Trong ngày"
    return f"{n} {UNIT_LABELS[unit]}"


def time_limit_label(value: int | None, unit: str) -> str:
    """``format_time_limit`` in the user's language, for the screen (the printed forms keep
    the Vietnamese text)."""
    _check_unit(unit)
    n = _check_value(value, unit)
    if unit == UNIT_SAME_DAY:
        return _("Trong ngày")
    if unit == UNIT_WORKING_HOURS:
        return _("{n} giờ làm việc").format(n=n)
    if unit == UNIT_WORKING_DAYS:
        return _("{n} ngày làm việc").format(n=n)
    return _("{n} ngày").format(n=n)


# --- the working-hour clock ---------------------------------------------------------------


def _windows_on(d: date, cal: OfficeCalendar) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.combine(d, s, tzinfo=VN_TZ), datetime.combine(d, e, tzinfo=VN_TZ))
        for s, e in cal.hours.windows
    ]


def _close_on(d: date, cal: OfficeCalendar) -> datetime:
    return datetime.combine(d, cal.hours.closing, tzinfo=VN_TZ)


def clock_start(at: datetime, cal: OfficeCalendar) -> datetime:
    """The first on-clock instant at or after ``at`` (see the module docstring)."""
    at = to_vn(at)
    d = at.date()
    if cal.is_working_day(d):
        for start, end in _windows_on(d, cal):
            if at < end:
                return max(at, start)
    d = cal.next_working_day(d)
    return datetime.combine(d, cal.hours.opening, tzinfo=VN_TZ)


def working_hours_between(start: datetime, end: datetime, cal: OfficeCalendar) -> float:
    """Working hours elapsed on the clock from ``start`` to ``end``; 0 if ``end <= start``."""
    start, end = to_vn(start), to_vn(end)
    if end <= start:
        return 0.0
    day_length = cal.hours.day_length()
    first, last = start.date(), end.date()
    total = timedelta(0)
    d = first
    while d <= last:
        if cal.is_working_day(d):
            if first < d < last:
                total += day_length
            else:
                for ws, we in _windows_on(d, cal):
                    lo, hi = max(ws, start), min(we, end)
                    if hi > lo:
                        total += hi - lo
        d += _ONE_DAY
    return total.total_seconds() / 3600


def add_working_hours(start: datetime, hours: float, cal: OfficeCalendar) -> datetime:
    """The earliest instant at which ``hours`` working hours have elapsed on the clock since
    ``start``. A landing on a window end stays at that end; ``hours == 0`` returns ``start``.
    """
    start = to_vn(start)
    if hours < 0:
        raise UserError("Số giờ làm việc cộng thêm không được là số âm.", "hours")
    # Integer microseconds: exact round trip with working_hours_between for second-precision times.
    remaining = timedelta(microseconds=round(hours * 3_600_000_000))
    if not remaining:
        return start
    day_length = cal.hours.day_length()
    d = start.date()
    while True:
        if cal.is_working_day(d):
            if d > start.date() and remaining > day_length:
                remaining -= day_length  # a whole working day, strictly less than what is left
            else:
                for ws, we in _windows_on(d, cal):
                    lo = max(ws, start)
                    if lo >= we:
                        continue
                    available = we - lo
                    if remaining <= available:
                        return lo + remaining
                    remaining -= available
        d += _ONE_DAY


# --- due dates --------------------------------------------------------------------------------


def _same_day_due(received: datetime, cutoff_rule: bool, cal: OfficeCalendar) -> datetime:
    d = received.date()
    closing = cal.hours.closing
    cutoff: time = min(cal.hours.same_day_cutoff, closing) if cutoff_rule else closing
    if cal.is_working_day(d) and received.time() < cutoff:
        return _close_on(d, cal)
    return _close_on(cal.next_working_day(d), cal)


def compute_due(
    received_at: datetime, value: int | None, unit: str, cutoff_rule: bool, cal: OfficeCalendar
) -> datetime:
    """Due date and time for a dossier received at ``received_at`` (rules in the module docstring).

    Returns an aware datetime in ``VN_TZ`` with seconds zeroed. Raises UserError on an unknown
    unit or a negative/non-integer value.
    """
    _check_unit(unit)
    n = _check_value(value, unit)
    received = to_vn(received_at)
    if unit == UNIT_SAME_DAY:
        due = _same_day_due(received, cutoff_rule, cal)
    elif unit == UNIT_CALENDAR_DAYS:
        last_day = received.date() + timedelta(days=n)
        due = _close_on(cal.working_day_on_or_after(last_day), cal)
    else:
        hours = n * cal.hours.hours_per_day() if unit == UNIT_WORKING_DAYS else float(n)
        due = add_working_hours(clock_start(received, cal), hours, cal)
    return due.replace(second=0, microsecond=0)


def unusual_span(received_at: datetime, due: datetime, value: int | None, unit: str, cutoff_rule: bool,
                 cal: OfficeCalendar) -> str | None:
    """A warning (Vietnamese) when ``due`` is more than twice as far from ``received_at`` as it
    would be with weekends alone off — many days off in between, e.g. Tết or a calendar change
    from the province that should be checked (issue 18, feed sanity) — naming the days off that
    make it so; None for a usual span. Same-day limits (no span) are never unusual under 2 days."""
    received = to_vn(received_at)
    plain = compute_due(received, value, unit, cutoff_rule, OfficeCalendar(hours=cal.hours))
    normal = max((plain.date() - received.date()).days, 1)
    actual = (to_vn(due).date() - received.date()).days
    if actual <= 2 * normal:
        return None
    off = sorted(d for d in cal.days_off if received.date() <= d <= to_vn(due).date() and not cal.is_working_day(d))
    names: list[str] = []
    for d in off:
        name = cal.days_off[d]
        if name not in names:
            names.append(name)
    listed = "; ".join(names[:4]) + ("; …" if len(names) > 4 else "")
    return _("Ngày hẹn trả cách ngày nhận {actual} ngày, hơn gấp đôi thời hạn thông thường ({normal} ngày) vì có "
             "{off} ngày nghỉ ở giữa ({names}). Hãy kiểm tra lịch nghỉ nếu thấy không đúng.").format(
        actual=actual, normal=normal, off=len(off), names=listed or _("không rõ"))
