"""Due dates and the working-hour clock (counter_app.duedate)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from counter_app.duedate import (
    UNIT_CALENDAR_DAYS,
    UNIT_LABELS,
    UNIT_SAME_DAY,
    UNIT_WORKING_DAYS,
    UNIT_WORKING_HOURS,
    add_working_hours,
    clock_start,
    compute_due,
    format_time_limit,
    working_hours_between,
)
from counter_app.errors import UserError
from counter_app.timeutil import VN_TZ
from counter_app.workcalendar import OfficeCalendar, OfficeHours, parse_windows, seed_holidays

WD, WH, SD, CD = UNIT_WORKING_DAYS, UNIT_WORKING_HOURS, UNIT_SAME_DAY, UNIT_CALENDAR_DAYS


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def cal() -> OfficeCalendar:
    return OfficeCalendar(seed_holidays([2025, 2026, 2027]))


# 2/3/2026 is a Monday; the week 2-6/3/2026 has no holiday.
MON = (2026, 3, 2)


# --- units and labels ----------------------------------------------------------------------------


def test_unit_constants_and_labels():
    assert (SD, WH, WD, CD) == ("trong_ngay", "gio_lam_viec", "ngay_lam_viec", "ngay")
    assert UNIT_LABELS == {
        "trong_ngay": "trong ngày",
        "gio_lam_viec": "giờ làm việc",
        "ngay_lam_viec": "ngày làm việc",
        "ngay": "ngày",
    }


def test_format_time_limit():
    assert format_time_limit(0, SD) == "Trong ngày"
    assert format_time_limit(None, SD) == "Trong ngày"
    assert format_time_limit(4, WH) == "4 giờ làm việc"
    assert format_time_limit(5, WD) == "5 ngày làm việc"
    assert format_time_limit(30, CD) == "30 ngày"


# --- working days ---------------------------------------------------------------------------------


def test_working_days_from_inside_hours(cal):
    assert compute_due(vn(*MON, 9, 0), 3, WD, True, cal) == vn(2026, 3, 5, 9, 0)


def test_working_days_received_after_close(cal):
    # Clock starts Tue 07:00; three full days end Thu at the close, not Fri 07:00.
    assert compute_due(vn(*MON, 18, 0), 3, WD, True, cal) == vn(2026, 3, 5, 17, 0)
    assert compute_due(vn(*MON, 17, 0), 3, WD, True, cal) == vn(2026, 3, 5, 17, 0)


def test_working_days_received_before_opening(cal):
    assert clock_start(vn(*MON, 6, 15), cal) == vn(*MON, 7, 0)
    assert compute_due(vn(*MON, 6, 15), 1, WD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 6, 15), 3, WD, True, cal) == vn(2026, 3, 4, 17, 0)


def test_working_days_received_in_lunch_break(cal):
    assert clock_start(vn(*MON, 12, 0), cal) == vn(*MON, 13, 30)
    assert clock_start(vn(*MON, 11, 30), cal) == vn(*MON, 13, 30)
    # 13:30 Mon + 8 h = 3.5 h Mon afternoon + 4.5 h Tue morning: lands on Tue 11:30 (window end).
    assert compute_due(vn(*MON, 12, 0), 1, WD, True, cal) == vn(2026, 3, 3, 11, 30)
    assert compute_due(vn(*MON, 12, 0), 2, WH, True, cal) == vn(*MON, 15, 30)


def test_working_days_across_a_weekend(cal):
    assert compute_due(vn(2026, 3, 6, 10, 0), 2, WD, True, cal) == vn(2026, 3, 10, 10, 0)
    # Received on Saturday: the clock starts Monday 07:00.
    assert compute_due(vn(2026, 3, 7, 10, 0), 1, WD, True, cal) == vn(2026, 3, 9, 17, 0)
    assert compute_due(vn(2026, 3, 8, 23, 59), 2, WD, True, cal) == vn(2026, 3, 10, 17, 0)


def test_zero_value_means_clock_start(cal):
    assert compute_due(vn(*MON, 9, 0), 0, WD, True, cal) == vn(*MON, 9, 0)
    assert compute_due(vn(*MON, 18, 0), 0, WD, True, cal) == vn(2026, 3, 3, 7, 0)
    assert compute_due(vn(*MON, 12, 0), 0, WH, True, cal) == vn(*MON, 13, 30)


def test_working_days_equal_eight_working_hours_each(cal):
    start = vn(2026, 1, 5, 7, 0)
    for minutes in range(0, 60 * 24 * 9, 47):
        received = start + timedelta(minutes=minutes)
        for n in (1, 2, 5, 15):
            assert compute_due(received, n, WD, True, cal) == compute_due(received, 8 * n, WH, True, cal)


def test_tet_2026(cal):
    # 16-20/2/2026 off (Mon-Fri). Fri 13/2 09:00 has 6 h left; then Mon 23, Tue 24, 2 h of Wed 25.
    assert compute_due(vn(2026, 2, 13, 9, 0), 3, WD, True, cal) == vn(2026, 2, 25, 9, 0)
    assert clock_start(vn(2026, 2, 17, 9, 0), cal) == vn(2026, 2, 23, 7, 0)
    assert compute_due(vn(2026, 2, 13, 15, 30), 0, SD, True, cal) == vn(2026, 2, 23, 17, 0)
    assert compute_due(vn(2026, 2, 10, 8, 0), 10, CD, True, cal) == vn(2026, 2, 23, 17, 0)


def test_tet_2027(cal):
    # Package: 4/2 (Thu) to 10/2/2027 (Wed) off, i.e. Thu, Fri, Mon, Tue, Wed.
    # Wed 3/2 10:00 has 5 h left; Thu 11/2 8 h; 3 h of Fri 12/2.
    assert compute_due(vn(2027, 2, 3, 10, 0), 2, WD, True, cal) == vn(2027, 2, 12, 10, 0)
    assert compute_due(vn(2027, 2, 3, 16, 0), 0, SD, True, cal) == vn(2027, 2, 11, 17, 0)
    assert compute_due(vn(2027, 2, 3, 14, 0), 0, SD, True, cal) == vn(2027, 2, 3, 17, 0)
    assert compute_due(vn(2027, 2, 1, 9, 0), 5, CD, True, cal) == vn(2027, 2, 11, 17, 0)
    assert compute_due(vn(2027, 2, 3, 16, 0), 4, WH, True, cal) == vn(2027, 2, 11, 10, 0)


def test_make_up_working_saturday_and_swapped_day_off():
    seed = seed_holidays([2026])
    with_swap = OfficeCalendar(seed, workdays=[date(2026, 8, 22)])
    without = OfficeCalendar(seed)
    # Fri 21/8 14:00: 3 h Fri, 8 h on the make-up Saturday, 5 h Mon -> Mon 24/8 14:00.
    assert compute_due(vn(2026, 8, 21, 14, 0), 2, WD, True, with_swap) == vn(2026, 8, 24, 14, 0)
    assert compute_due(vn(2026, 8, 21, 14, 0), 2, WD, True, without) == vn(2026, 8, 25, 14, 0)
    # Received on the make-up Saturday itself.
    assert compute_due(vn(2026, 8, 22, 10, 0), 0, SD, True, with_swap) == vn(2026, 8, 22, 17, 0)
    assert compute_due(vn(2026, 8, 22, 10, 0), 0, SD, True, without) == vn(2026, 8, 24, 17, 0)
    # Mon 31/8 (swapped day off), Tue 1/9 and Wed 2/9 off.
    assert compute_due(vn(2026, 8, 28, 9, 0), 1, WD, True, with_swap) == vn(2026, 9, 3, 9, 0)


def test_extra_day_off():
    cal = OfficeCalendar({date(2026, 3, 5): "Nghỉ theo thông báo của UBND tỉnh"})
    assert compute_due(vn(*MON, 9, 0), 3, WD, True, cal) == vn(2026, 3, 6, 9, 0)
    assert compute_due(vn(2026, 3, 4, 15, 30), 0, SD, True, cal) == vn(2026, 3, 6, 17, 0)
    assert compute_due(vn(*MON, 9, 0), 3, CD, True, cal) == vn(2026, 3, 6, 17, 0)


# --- working hours --------------------------------------------------------------------------------


def test_working_hours_crossing_lunch_evening_and_weekend(cal):
    assert compute_due(vn(*MON, 10, 0), 4, WH, True, cal) == vn(*MON, 16, 0)
    assert compute_due(vn(*MON, 16, 0), 2, WH, True, cal) == vn(2026, 3, 3, 8, 0)
    assert compute_due(vn(2026, 3, 6, 16, 0), 2, WH, True, cal) == vn(2026, 3, 9, 8, 0)
    assert compute_due(vn(*MON, 7, 0), 4, WH, True, cal) == vn(*MON, 11, 0)
    # 4.5 h lands exactly at the end of the morning window and stays there.
    assert add_working_hours(vn(*MON, 7, 0), 4.5, cal) == vn(*MON, 11, 30)


# --- same day -------------------------------------------------------------------------------------


def test_same_day_before_and_after_cutoff(cal):
    assert compute_due(vn(*MON, 14, 59), 0, SD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 15, 0), 0, SD, True, cal) == vn(2026, 3, 3, 17, 0)
    assert compute_due(vn(*MON, 16, 30), 0, SD, True, cal) == vn(2026, 3, 3, 17, 0)
    # Friday after 15:00 -> Monday.
    assert compute_due(vn(2026, 3, 6, 15, 30), 0, SD, True, cal) == vn(2026, 3, 9, 17, 0)


def test_same_day_without_cutoff_rule(cal):
    assert compute_due(vn(*MON, 16, 30), 0, SD, False, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 17, 0), 0, SD, False, cal) == vn(2026, 3, 3, 17, 0)
    assert compute_due(vn(*MON, 19, 0), 0, SD, False, cal) == vn(2026, 3, 3, 17, 0)


def test_same_day_before_opening_lunch_and_off_days(cal):
    assert compute_due(vn(*MON, 6, 30), 0, SD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 12, 0), 0, SD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(2026, 3, 7, 9, 0), 0, SD, True, cal) == vn(2026, 3, 9, 17, 0)  # Saturday
    assert compute_due(vn(2026, 9, 2, 9, 0), 0, SD, True, cal) == vn(2026, 9, 3, 17, 0)  # Quốc khánh


def test_same_day_ignores_value(cal):
    results = {compute_due(vn(*MON, 10, 0), v, SD, True, cal) for v in (None, 0, 1, 7)}
    assert results == {vn(*MON, 17, 0)}


# --- calendar days --------------------------------------------------------------------------------


def test_calendar_days_landing_on_weekday(cal):
    # The period starts the day after receipt; the hour of receipt does not matter.
    assert compute_due(vn(2026, 3, 3, 8, 0), 2, CD, True, cal) == vn(2026, 3, 5, 17, 0)
    assert compute_due(vn(2026, 3, 3, 16, 45), 2, CD, True, cal) == vn(2026, 3, 5, 17, 0)
    assert compute_due(vn(2026, 3, 3, 9, 0), 0, CD, True, cal) == vn(2026, 3, 3, 17, 0)


def test_calendar_days_landing_on_sunday(cal):
    assert compute_due(vn(2026, 3, 3, 9, 0), 5, CD, True, cal) == vn(2026, 3, 9, 17, 0)


def test_calendar_days_landing_on_holidays(cal):
    # 25/4/2026 + 5 = Thu 30/4; 30/4, 1/5 off, 2-3/5 weekend -> Mon 4/5.
    assert compute_due(vn(2026, 4, 25, 9, 0), 5, CD, True, cal) == vn(2026, 5, 4, 17, 0)


# --- custom office hours --------------------------------------------------------------------------


def test_custom_office_hours():
    hours = OfficeHours(parse_windows("07:30-11:30,13:00-17:00"), same_day_cutoff=time(16, 0))
    cal = OfficeCalendar(hours=hours)
    assert hours.hours_per_day() == 8.0
    assert clock_start(vn(*MON, 7, 0), cal) == vn(*MON, 7, 30)
    assert clock_start(vn(*MON, 12, 0), cal) == vn(*MON, 13, 0)
    assert compute_due(vn(*MON, 9, 0), 1, WD, True, cal) == vn(2026, 3, 3, 9, 0)
    assert compute_due(vn(*MON, 7, 0), 1, WD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 10, 0), 5, WH, True, cal) == vn(*MON, 16, 30)
    assert compute_due(vn(*MON, 12, 0), 3, WH, True, cal) == vn(*MON, 16, 0)
    assert compute_due(vn(*MON, 15, 30), 0, SD, True, cal) == vn(*MON, 17, 0)
    assert compute_due(vn(*MON, 16, 0), 0, SD, True, cal) == vn(2026, 3, 3, 17, 0)


def test_custom_office_hours_with_shorter_day():
    cal = OfficeCalendar(hours=OfficeHours(parse_windows("07:30-11:30,13:30-17:00")))
    assert cal.hours.hours_per_day() == 7.5
    assert compute_due(vn(*MON, 9, 0), 2, WD, True, cal) == vn(2026, 3, 4, 9, 0)
    assert working_hours_between(vn(*MON, 0, 0), vn(2026, 3, 9, 0, 0), cal) == 37.5


def test_cutoff_after_close_means_close():
    cal = OfficeCalendar(hours=OfficeHours(parse_windows("07:00-11:00"), same_day_cutoff=time(15, 0)))
    assert compute_due(vn(*MON, 10, 59), 0, SD, True, cal) == vn(*MON, 11, 0)
    assert compute_due(vn(*MON, 11, 0), 0, SD, True, cal) == vn(2026, 3, 3, 11, 0)


# --- output form ---------------------------------------------------------------------------------


def test_result_is_vn_aware_with_seconds_zeroed(cal):
    due = compute_due(vn(*MON, 9, 0, 37), 3, WD, True, cal)
    assert due == vn(2026, 3, 5, 9, 0)
    assert due.utcoffset() == timedelta(hours=7)
    assert (due.second, due.microsecond) == (0, 0)
    # 02:00 UTC is 09:00 in Vietnam; a naive time is taken as Vietnam local time.
    utc = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert compute_due(utc, 3, WD, True, cal) == vn(2026, 3, 5, 9, 0)
    assert compute_due(utc, 3, WD, True, cal).tzinfo is VN_TZ
    assert compute_due(datetime(2026, 3, 2, 9, 0), 3, WD, True, cal) == vn(2026, 3, 5, 9, 0)


# --- working_hours_between / add_working_hours -----------------------------------------------------


def test_working_hours_between_basics(cal):
    assert working_hours_between(vn(*MON, 9), vn(*MON, 9), cal) == 0.0
    assert working_hours_between(vn(*MON, 10), vn(*MON, 9), cal) == 0.0
    assert working_hours_between(vn(*MON, 10), vn(*MON, 15), cal) == 3.0  # lunch excluded
    assert working_hours_between(vn(2026, 3, 6, 16), vn(2026, 3, 9, 8), cal) == 2.0
    assert working_hours_between(vn(*MON, 7), vn(2026, 3, 9, 7), cal) == 40.0
    assert working_hours_between(vn(2026, 3, 7, 9), vn(2026, 3, 8, 18), cal) == 0.0
    assert working_hours_between(vn(2026, 2, 13, 0), vn(2026, 2, 24, 0), cal) == 16.0  # Tết 2026


def test_add_working_hours_zero_and_negative(cal):
    assert add_working_hours(vn(2026, 3, 7, 9), 0, cal) == vn(2026, 3, 7, 9)
    with pytest.raises(UserError, match="không được là số âm"):
        add_working_hours(vn(*MON, 9), -1, cal)


def test_supplement_pause_is_excluded(cal):
    old_due = vn(2026, 3, 5, 9, 0)
    paused, resumed = vn(*MON, 16, 0), vn(2026, 3, 4, 8, 0)
    elapsed = working_hours_between(paused, resumed, cal)
    assert elapsed == 10.0  # 1 h Mon + 8 h Tue + 1 h Wed
    assert add_working_hours(old_due, elapsed, cal) == vn(2026, 3, 6, 11, 0)


def _strictly_inside_window(at: datetime, cal: OfficeCalendar) -> bool:
    if not cal.is_working_day(at.date()):
        return False
    return any(s < at.time() < e for s, e in cal.hours.windows)


def test_round_trip_between_and_add(cal):
    # Start times every 37 minutes over three weeks that include Tết 2026, plus odd seconds.
    base = vn(2026, 2, 9, 0, 0)
    amounts = (0.25, 1, 3.5, 4.5, 8, 13.75, 40, 123.5)
    for i in range(0, 21 * 24 * 60, 37):
        start = base + timedelta(minutes=i, seconds=i % 60)
        for hours in amounts:
            end = add_working_hours(start, hours, cal)
            assert end >= start
            assert working_hours_between(start, end, cal) == pytest.approx(hours, abs=1e-9)
        # The other way round: add(between) gives back an end that lies strictly inside a window;
        # otherwise the earliest instant with the same elapsed working time (e.g. Fri 17:00 for
        # an end on Saturday or at Monday's opening), or start itself when nothing elapsed.
        for delta_min in (1, 95, 600, 3000, 9000):
            end = start + timedelta(minutes=delta_min)
            elapsed = working_hours_between(start, end, cal)
            back = add_working_hours(start, elapsed, cal)
            if elapsed == 0:
                assert back == start
            elif _strictly_inside_window(end, cal):
                assert back == end
            else:
                assert start < back < end
                assert working_hours_between(back, end, cal) == 0.0
                assert working_hours_between(start, back, cal) == pytest.approx(elapsed, abs=1e-9)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["thang", "", "Ngày làm việc", "ngày"])
def test_unknown_unit(cal, unit):
    with pytest.raises(UserError) as exc:
        compute_due(vn(*MON, 9), 3, unit, True, cal)
    assert "Đơn vị thời hạn giải quyết" in exc.value.message
    assert "không hợp lệ" in exc.value.message
    assert exc.value.field == "time_limit_unit"
    with pytest.raises(UserError):
        format_time_limit(3, unit)


@pytest.mark.parametrize("unit", [WD, WH, CD, SD])
def test_negative_value(cal, unit):
    with pytest.raises(UserError) as exc:
        compute_due(vn(*MON, 9), -1, unit, True, cal)
    assert exc.value.message == "Thời hạn giải quyết không được là số âm (đã nhập -1)."
    assert exc.value.field == "time_limit_value"


@pytest.mark.parametrize("value", ["3", 2.5, True, None])
def test_non_integer_value(cal, value):
    with pytest.raises(UserError, match="hãy nhập một số nguyên"):
        compute_due(vn(*MON, 9), value, WD, True, cal)  # type: ignore[arg-type]


# --- long periods --------------------------------------------------------------------------------


def test_thirty_working_days_across_tet(cal):
    received = vn(2026, 1, 20, 9, 0)  # spans Tết 2026
    assert compute_due(received, 30, WD, True, cal) == vn(2026, 3, 10, 9, 0)
