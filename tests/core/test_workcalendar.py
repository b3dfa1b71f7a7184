"""Office hours, working days and the holiday seed (counter_app.workcalendar)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from counter_app.errors import UserError
from counter_app.workcalendar import (
    OfficeCalendar,
    OfficeHours,
    format_windows,
    parse_hhmm,
    parse_windows,
    seed_holidays,
)

# --- OfficeHours -------------------------------------------------------------------------------


def test_default_office_hours():
    h = OfficeHours()
    assert h.windows == ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
    assert h.same_day_cutoff == time(15, 0)
    assert h.hours_per_day() == 8.0
    assert (h.opening, h.closing) == (time(7, 0), time(17, 0))


def test_custom_hours_per_day():
    assert OfficeHours(parse_windows("07:30-11:30,13:00-17:00")).hours_per_day() == 8.0
    assert OfficeHours(parse_windows("07:30-11:30,13:30-17:00")).hours_per_day() == 7.5
    assert OfficeHours(parse_windows("08:00-12:00")).hours_per_day() == 4.0


def test_office_hours_accepts_lists_and_stays_hashable():
    h = OfficeHours([[time(7, 30), time(11, 30)], [time(13, 0), time(17, 0)]])
    assert h.windows == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    assert hash(h) == hash(OfficeHours(parse_windows("07:30-11:30,13:00-17:00")))


@pytest.mark.parametrize(
    "windows",
    [
        (),
        ((time(11, 30), time(7, 0)),),
        ((time(13, 30), time(17, 0)), (time(7, 0), time(11, 30))),
        ((time(7, 0), time(12, 0)), (time(11, 0), time(17, 0))),
        ((time(7, 0),),),
        (("07:00", "11:30"),),
    ],
)
def test_office_hours_rejects_bad_windows(windows):
    with pytest.raises(UserError) as exc:
        OfficeHours(windows)
    assert exc.value.field == "office_hours"
    assert "giờ" in exc.value.message


def test_office_hours_rejects_bad_cutoff():
    with pytest.raises(UserError, match="Giờ chốt"):
        OfficeHours(same_day_cutoff="15:00")  # type: ignore[arg-type]


# --- parse_windows / format_windows -------------------------------------------------------------


def test_parse_and_format_round_trip():
    text = "07:00-11:30,13:30-17:00"
    windows = parse_windows(text)
    assert windows == OfficeHours().windows
    assert format_windows(windows) == text
    assert format_windows(OfficeHours()) == text
    assert parse_windows(format_windows(windows)) == windows


def test_parse_windows_lenient_spelling():
    assert parse_windows(" 7h - 11h30 ; 13h30 – 17h ") == OfficeHours().windows
    assert parse_windows("7:30-11:30, 13:00-17:00") == (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )


def test_parse_hhmm():
    assert parse_hhmm("07:30") == time(7, 30)
    assert parse_hhmm("7h") == time(7, 0)
    with pytest.raises(UserError, match="không hợp lệ"):
        parse_hhmm("7:5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Chưa nhập giờ làm việc"),
        ("   ", "Chưa nhập giờ làm việc"),
        ("abc", "không hợp lệ"),
        ("07:00", "không hợp lệ"),
        ("07:00-11:30,", "để trống"),
        ("25:00-26:00", "Giờ “25:00” không hợp lệ"),
        ("07:60-11:30", "Giờ “07:60” không hợp lệ"),
        ("11:30-07:00", "giờ bắt đầu phải trước giờ kết thúc"),
        ("07:00-07:00", "giờ bắt đầu phải trước giờ kết thúc"),
        ("13:30-17:00,07:00-11:30", "theo thứ tự từ sớm đến muộn"),
        ("07:00-12:00,11:30-17:00", "chồng lên nhau"),
        ("07:00-11:30-13:30", "không hợp lệ"),
    ],
)
def test_parse_windows_errors_are_vietnamese(text, expected):
    with pytest.raises(UserError) as exc:
        parse_windows(text)
    assert expected in exc.value.message
    assert exc.value.field == "office_hours"


# --- OfficeCalendar ------------------------------------------------------------------------------


def test_is_working_day_weekdays_weekends_days_off_and_workdays():
    cal = OfficeCalendar(
        days_off={date(2026, 9, 2): "Quốc khánh", date(2026, 3, 6): "Nghỉ đột xuất"},
        workdays=[date(2026, 8, 22), date(2026, 3, 6)],
    )
    assert cal.is_working_day(date(2026, 3, 2))  # Monday
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert not cal.is_working_day(date(2026, 9, 2))  # holiday on a Wednesday
    assert cal.is_working_day(date(2026, 8, 22))  # make-up working Saturday
    assert cal.is_working_day(date(2026, 3, 6))  # a workday entry wins over a day off
    assert cal.day_off_name(date(2026, 9, 2)) == "Quốc khánh"
    assert cal.day_off_name(date(2026, 3, 2)) is None


def test_next_working_day_is_strictly_after():
    cal = OfficeCalendar(seed_holidays([2026]))
    assert cal.next_working_day(date(2026, 3, 2)) == date(2026, 3, 3)  # Mon -> Tue
    assert cal.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)  # Fri -> Mon
    assert cal.next_working_day(date(2026, 3, 7)) == date(2026, 3, 9)  # Sat -> Mon
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # over Tết 2026
    assert cal.next_working_day(date(2026, 8, 28)) == date(2026, 9, 3)  # 31/8, 1/9, 2/9 off


def test_working_day_on_or_after():
    cal = OfficeCalendar(seed_holidays([2026]), workdays=[date(2026, 8, 22)])
    assert cal.working_day_on_or_after(date(2026, 3, 2)) == date(2026, 3, 2)
    assert cal.working_day_on_or_after(date(2026, 3, 7)) == date(2026, 3, 9)
    assert cal.working_day_on_or_after(date(2026, 2, 16)) == date(2026, 2, 23)
    assert cal.working_day_on_or_after(date(2026, 8, 22)) == date(2026, 8, 22)
    assert cal.working_day_on_or_after(date(2026, 8, 23)) == date(2026, 8, 24)


def test_calendar_copies_its_inputs_and_exposes_them_read_only():
    days_off = {date(2026, 3, 5): "Nghỉ"}
    cal = OfficeCalendar(days_off)
    days_off[date(2026, 3, 6)] = "Thêm sau"
    assert not cal.is_working_day(date(2026, 3, 5))
    assert cal.is_working_day(date(2026, 3, 6))
    with pytest.raises(TypeError):
        cal.days_off[date(2026, 3, 9)] = "x"  # type: ignore[index]
    assert cal.hours == OfficeHours()
    assert cal.workdays == frozenset()


def test_calendar_rejects_datetimes_as_days():
    with pytest.raises(UserError, match="không hợp lệ"):
        OfficeCalendar({datetime(2026, 3, 5, 8, 0): "x"})


# --- seed_holidays (holidays package, country VN, Vietnamese names) -----------------------------


def test_seed_2026_matches_the_package():
    seed = seed_holidays([2026])
    assert sorted(seed) == [
        date(2026, 1, 1),
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 4, 26),  # Giỗ Tổ on a Sunday ...
        date(2026, 4, 27),  # ... observed on Monday
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # swapped with Saturday 22/8/2026
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 11, 24),  # Ngày Văn hóa Việt Nam, new from 2026
    ]
    assert seed[date(2026, 1, 1)] == "Tết Dương lịch"
    assert seed[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert seed[date(2026, 2, 16)] == "Giao thừa Tết Nguyên Đán"
    assert seed[date(2026, 9, 2)] == "Quốc khánh"
    assert seed[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert "nghỉ bù" in seed[date(2026, 4, 27)]


def test_seed_tet_2027_as_given_by_the_package():
    seed = seed_holidays([2027])
    tet = sorted(d for d in seed if date(2027, 1, 20) <= d <= date(2027, 2, 28))
    # Lunar New Year is Saturday 6/2/2027: giao thừa Fri 5/2, mùng 1-2 on the weekend, so the
    # package adds Thu 4/2 ("29 Tết") and Wed 10/2 ("Mùng năm") to keep five weekdays off.
    assert tet == [date(2027, 2, d) for d in range(4, 11)]
    assert seed[date(2027, 2, 6)] == "Tết Nguyên Đán"
    assert seed[date(2027, 2, 10)] == "Mùng năm Tết Nguyên Đán"
    cal = OfficeCalendar(seed)
    weekdays_off = [d for d in tet if d.weekday() < 5]
    assert weekdays_off == [
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
    ]
    assert cal.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)


def test_seed_keeps_holidays_that_fall_on_weekends():
    seed = seed_holidays([2025])
    assert date(2025, 2, 1) in seed  # mùng bốn Tết 2025, a Saturday
    assert date(2025, 2, 1).weekday() == 5
    assert date(2025, 5, 2) in seed  # swapped with Saturday 26/4/2025


def test_seed_several_years_and_none():
    seed = seed_holidays(range(2025, 2028))
    assert {d.year for d in seed} == {2025, 2026, 2027}
    assert list(seed) == sorted(seed)
    assert seed_holidays([]) == {}
