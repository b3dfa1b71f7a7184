"""Vietnamese formatting for printed forms: dates, times, money, numbers in words.

Pure functions, no reportlab. Dates follow Nghị định 30/2020/NĐ-CP (Phụ lục I): in
"ngày … tháng … năm …" a day below 10 and the months 1 and 2 take a leading zero.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

VN_TZ = timezone(timedelta(hours=7), name="+07:00")
DOTS = "…………"  # printed where a value is unknown, like a blank on the paper form



def nfc(text: Any) -> str:
    """Text as NFC (precomposed), the form the font's cmap and pdftotext agree on."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def parse_dt(value: Any) -> datetime | None:
    """ISO 8601 string/date/datetime -> aware datetime in +07:00 (naive = Vietnam time)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        try:
            dt = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


def day_month_year(dt: datetime | date) -> tuple[str, str, str]:
    """('05', '3', '2026') per Nghị định 30/2020: day padded, month padded only for 1, 2."""
    day = f"{dt.day:02d}"
    month = f"{dt.month:02d}" if dt.month < 3 else str(dt.month)
    return day, month, str(dt.year)


def long_date(value: Any) -> str:
    """'ngày 23 tháng 11 năm 2026', or a dotted blank."""
    dt = parse_dt(value)
    if dt is None:
        return "ngày … tháng … năm …"
    d, m, y = day_month_year(dt)
    return f"ngày {d} tháng {m} năm {y}"


def place_date(place: str, value: Any) -> str:
    """'Yên Lạc, ngày 23 tháng 11 năm 2026'."""
    place = nfc(place).strip() or "……"
    return f"{place}, {long_date(value)}"


def short_date(value: Any) -> str:
    """'23/11/2026' or ''."""
    dt = parse_dt(value)
    return dt.strftime("%d/%m/%Y") if dt else ""


def short_datetime(value: Any) -> str:
    """'08:15 23/11/2026' or ''."""
    dt = parse_dt(value)
    return dt.strftime("%H:%M %d/%m/%Y") if dt else ""


def time_of_day(value: Any) -> str:
    """'08 giờ 15 phút, ngày 23/11/2026' (receipt lines 4 and 5)."""
    dt = parse_dt(value)
    if dt is None:
        return "… giờ … phút, ngày …/…/……"
    return f"{dt.hour:02d} giờ {dt.minute:02d} phút, ngày {dt.strftime('%d/%m/%Y')}"


def time_long(value: Any) -> str:
    """'08 giờ 15 phút, ngày 23 tháng 11 năm 2026' (Phiếu kiểm soát cells)."""
    dt = parse_dt(value)
    if dt is None:
        return "… giờ … phút, ngày … tháng … năm …"
    return f"{dt.hour:02d} giờ {dt.minute:02d} phút, {long_date(dt)}"


def money(amount: Any) -> str:
    """8000 -> '8.000' (Vietnamese thousands separator)."""
    try:
        value = int(round(float(amount)))
    except (TypeError, ValueError):
        return str(amount)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def number_words(n: int) -> str:
    """1234 -> 'một nghìn hai trăm ba mươi tư' (lower case). The reading rules live in one
    place, counter_app.fees.amount_in_words (the fee module uses them too)."""
    from counter_app.fees import amount_in_words

    n = int(n)
    if n < 0:
        return "âm " + number_words(-n)
    text = amount_in_words(n)[: -len(" đồng")]
    return text[0].lower() + text[1:]


def money_words(amount: Any) -> str:
    """8000 -> 'Tám nghìn đồng'."""
    try:
        value = int(round(float(amount)))
    except (TypeError, ValueError):
        return ""
    text = number_words(value) + " đồng"
    return text[0].upper() + text[1:]


_TIME_UNITS = {
    "ngay_lam_viec": "ngày làm việc",
    "ngay": "ngày",
    "gio_lam_viec": "giờ làm việc",
    "gio": "giờ",
    "trong_ngay": "trong ngày",
}


def procedure_time(proc: dict, received_at: str | None = None, due_at: str | None = None) -> str:
    """'3 ngày làm việc' from time_text, else from time_value/time_unit. A same-day procedure
    received after the cut-off is due the next working day: the receipt says so (issue 17 item 7)
    instead of a bare "Trong ngày" beside a next-day appointment."""
    text = nfc(proc.get("time_text") or "").strip()
    unit = proc.get("time_unit") or ""
    value = proc.get("time_value")
    if unit == "trong_ngay" and received_at and due_at and str(due_at)[:10] > str(received_at)[:10]:
        return "Trong ngày; hồ sơ nhận sau giờ chốt nên trả vào ngày làm việc tiếp theo"
    if text:
        return text
    if unit == "trong_ngay":
        return "Trong ngày"
    if value in (None, ""):
        return ""
    label = _TIME_UNITS.get(unit, nfc(unit).replace("_", " "))
    return f"{value} {label}".strip()


def two_digits(n: Any) -> str:
    """1 -> '01' (Số lượng hồ sơ: 01 (bộ))."""
    try:
        return f"{int(n):02d}"
    except (TypeError, ValueError):
        return "01"
