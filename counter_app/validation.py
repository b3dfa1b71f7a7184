"""Field validators and normalisers for what clerks type and what input files carry.

Validators return a Vietnamese message naming the field, or ``None`` when the value is fine.
Messages never repeat the value itself (at most one offending character), so a message that
ends up in a log carries no personal data.
They normalise first (trim, collapse spaces, strip phone separators …), so a value that
validates is stored as the matching ``normalize_*`` function returns it. The parsers
``parse_vn_date`` and ``parse_iso_date`` raise :class:`UserError` instead.

Nothing here logs: names, ID numbers and addresses are personal data.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from counter_app.errors import UserError
from counter_app.folding import fold
from counter_app.i18n import N_, _
from counter_app.timeutil import now

__all__ = [
    "LABELS",
    "PERSON_FIELDS",
    "SEX_MALE",
    "SEX_FEMALE",
    "normalize_name",
    "normalize_id_number",
    "normalize_phone",
    "normalize_email",
    "normalize_address",
    "normalize_sex",
    "normalize_agency_code",
    "validate_full_name",
    "validate_id_number",
    "validate_phone",
    "validate_email",
    "validate_birth_date",
    "validate_count",
    "validate_sex",
    "validate_address",
    "validate_agency_code",
    "validate_station_digit",
    "parse_vn_date",
    "parse_iso_date",
    "id_number_facts",
    "cross_check_id",
    "validate_person",
]

SEX_MALE = "Nam"
SEX_FEMALE = "Nữ"

# Vietnamese labels of the fields, used in every message.
LABELS: dict[str, str] = {
    "full_name": N_("Họ và tên"),
    "id_number": N_("Số định danh cá nhân"),
    "birth_date": N_("Ngày sinh"),
    "sex": N_("Giới tính"),
    "address": N_("Địa chỉ"),
    "phone": N_("Số điện thoại"),
    "email": N_("Thư điện tử (email)"),
    "agency_code": N_("Mã định danh cơ quan"),
    "station_digit": N_("Số hiệu máy trạm"),
}

PERSON_FIELDS = ("full_name", "id_number", "birth_date", "sex", "address", "phone", "email")

NAME_MIN = 2
NAME_MAX = 100
ADDRESS_MAX = 300
EMAIL_MAX = 254
EARLIEST_BIRTH = date(1900, 1, 1)

_NAME_PUNCT = frozenset(" '’-.")
_AGENCY_CODE = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_VN_DATE = re.compile(r"\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\s*")
_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*")
_PHONE_SEPARATORS = frozenset(" .-()\u00a0\t")

# folded spelling -> canonical value
_SEX_WORDS = {
    "nam": SEX_MALE,
    "nam gioi": SEX_MALE,
    "m": SEX_MALE,
    "male": SEX_MALE,
    "nu": SEX_FEMALE,
    "nu gioi": SEX_FEMALE,
    "f": SEX_FEMALE,
    "female": SEX_FEMALE,
}

# 4th digit of the 12-digit number -> (first year of the century, sex); Thông tư 59/2021/TT-BCA.
_CENTURY_SEX = {
    "0": (1900, SEX_MALE),
    "1": (1900, SEX_FEMALE),
    "2": (2000, SEX_MALE),
    "3": (2000, SEX_FEMALE),
    "4": (2100, SEX_MALE),
    "5": (2100, SEX_FEMALE),
    "6": (2200, SEX_MALE),
    "7": (2200, SEX_FEMALE),
    "8": (1800, SEX_MALE),
    "9": (1800, SEX_FEMALE),
}


def _today() -> date:
    return now().date()


def _vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _show_char(ch: str) -> str:
    """A character as it can be shown in a message (control characters by code point)."""
    if ch.isprintable() and not ch.isspace():
        return f"«{ch}»"
    return f"U+{ord(ch):04X}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _not_text(label: str) -> str:
    return _("{label} phải là chuỗi ký tự.").format(label=_(label))


def _clean_text(value: str) -> str:
    """NFC, trimmed, every run of whitespace one space."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def text_problem(value: str, label: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be stored as text, or ``None``: a NUL or another control character
    (tab and line breaks allowed when ``multiline``), or a lone surrogate (text that cannot be
    encoded as UTF-8, e.g. from a broken JSON escape "\\ud800")."""
    allowed = "\t\n\r" if multiline else ""
    for ch in value:
        if "\ud800" <= ch <= "\udfff":
            return _("{label} chứa ký tự không hợp lệ {char} (không mã hóa được thành UTF-8).").format(label=_(label), char=_show_char(ch))
        if unicodedata.category(ch) == "Cc" and ch not in allowed:
            return _("{label} chứa ký tự điều khiển không hợp lệ: {char}.").format(label=_(label), char=_show_char(ch))
    return None


def validate_note(value: Any, label: str = N_("Ghi chú"), maximum: int = 1000) -> str | None:
    """Optional free text (several lines allowed): a string, at most ``maximum`` characters,
    no NUL/control characters, no lone surrogates."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return _("{label} phải là văn bản.").format(label=_(label))
    if len(value) > maximum:
        return _("{label} quá dài (tối đa {maximum} ký tự).").format(label=_(label), maximum=maximum)
    return text_problem(value, label, multiline=True)


def _unstorable(value: str, label: str) -> str | None:
    """A NUL or a lone surrogate: text no field may store, whatever its own rules."""
    for ch in value:
        if ch == "\x00" or "\ud800" <= ch <= "\udfff":
            return text_problem(ch, label)
    return None


def find_bad_text(data: Any, what: str = "Dữ liệu") -> str | None:
    """The first string (key or value) anywhere in a parsed JSON document holding a NUL or a
    lone surrogate (text that cannot be stored or encoded as UTF-8), as a message naming its
    place; or ``None``. Other control characters are left to each field's validator.
    Iterative: safe on deeply nested documents."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            label = f"{what} (tại {where})" if where else what
            problem = _unstorable(value, label)
            if problem:
                return problem
        elif isinstance(value, dict):
            for k, v in value.items():
                shown = str(k).encode("utf-8", "backslashreplace").decode("utf-8")
                key_where = f"{where}.{shown}" if where else shown
                if isinstance(k, str):
                    problem = _unstorable(k, f"{what}: tên khóa")
                    if problem:
                        return problem
                stack.append((v, key_where))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(value))
    return None


# --- names -----------------------------------------------------------------------------


def normalize_name(value: str) -> str:
    """Trim and collapse spaces; NFC so diacritics typed as combining marks compare equal.

    Case is kept as typed: cards print names in capitals, people type them in title case, and
    neither is wrong.
    """
    return _clean_text(value)


def validate_full_name(value: Any, label: str = LABELS["full_name"]) -> str | None:
    """Required; 2–100 characters; letters (any script, all Vietnamese letters), spaces,
    apostrophe (H'Hen Niê), hyphen and dot; starts with a letter; no digits."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label))
    if not isinstance(value, str):
        return _not_text(label)
    name = normalize_name(value)
    if len(name) < NAME_MIN:
        return _("{label} phải có ít nhất {NAME_MIN} ký tự.").format(label=_(label), NAME_MIN=NAME_MIN)
    if len(name) > NAME_MAX:
        return _("{label} không được dài quá {NAME_MAX} ký tự (đang có {n}).").format(label=_(label), NAME_MAX=NAME_MAX, n=len(name))
    if any(unicodedata.category(ch) == "Nd" or ch.isdigit() for ch in name):
        return _("{label} không được chứa chữ số.").format(label=_(label))
    for ch in name:
        category = unicodedata.category(ch)
        if category[0] == "L" or category[0] == "M" or ch in _NAME_PUNCT:
            continue
        return _("{label} chứa ký tự không hợp lệ: {char}.").format(label=_(label), char=_show_char(ch))
    if not unicodedata.category(name[0]).startswith("L"):
        return _("{label} phải bắt đầu bằng chữ cái.").format(label=_(label))
    return None


# --- ID number ---------------------------------------------------------------------------


def normalize_id_number(value: str) -> str:
    """Trimmed, inner spaces removed (``"001 099 012 345"``), digits of any script as ASCII."""
    out = []
    for ch in value:
        if ch.isspace():
            continue
        digit = unicodedata.decimal(ch, None) if not ch.isascii() else None
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def validate_id_number(
    value: Any,
    allow_old: bool = False,
    required: bool = True,
    label: str = LABELS["id_number"],
) -> str | None:
    """12 digits (CCCD / số định danh cá nhân); with ``allow_old`` also a 9-digit old CMND."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if not isinstance(value, str):
        return _("{label} phải được ghi dạng chuỗi ký tự để giữ các chữ số 0 ở đầu.").format(label=_(label))
    number = normalize_id_number(value)
    if not number.isascii() or not number.isdigit():
        return _("{label} chỉ được gồm chữ số.").format(label=_(label))
    if len(number) == 12 or (allow_old and len(number) == 9):
        return None
    if allow_old:
        return (
            f"{label} phải gồm đúng 12 chữ số, hoặc 9 chữ số nếu là chứng minh nhân dân cũ "
            f"(đang có {len(number)})."
        )
    return _("{label} phải gồm đúng 12 chữ số (đang có {n}).").format(label=_(label), n=len(number))


def id_number_facts(id_number: str) -> tuple[int, str] | None:
    """(birth year, sex) encoded in a 12-digit number, or ``None`` if it is not 12 ASCII digits.

    Digit 4 is century and sex (0/1 1900s male/female, 2/3 2000s, 4/5 2100s, 6/7 2200s,
    8/9 1800s); digits 5–6 are the last two digits of the birth year.
    """
    if not isinstance(id_number, str):
        return None
    number = normalize_id_number(id_number)
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return None
    century, sex = _CENTURY_SEX[number[3]]
    return century + int(number[4:6]), sex


def cross_check_id(id_number: Any, birth_date: Any, sex: Any) -> list[str]:
    """Warnings (Vietnamese) where the ID number disagrees with the birth year or the sex.

    Warnings, not errors: the clerk compares with the card and decides. Values that cannot be
    checked (a 9-digit CMND, no birth date, an unknown sex) give no warning.
    """
    facts = id_number_facts(id_number) if isinstance(id_number, str) else None
    if facts is None:
        return []
    year, id_sex = facts
    warnings: list[str] = []
    if isinstance(birth_date, datetime):
        birth_date = birth_date.date()
    if isinstance(birth_date, str):
        try:
            birth_date = parse_iso_date(birth_date)
        except UserError:
            birth_date = None
    if isinstance(birth_date, date) and birth_date.year != year:
        warnings.append(
            f"Năm sinh ghi trong {LABELS['id_number']} (chữ số thứ 4 đến 6) không khớp với "
            f"Ngày sinh. Hãy đối chiếu với thẻ."
        )
    given_sex = normalize_sex(sex) if isinstance(sex, str) else None
    if given_sex is not None and given_sex != id_sex:
        warnings.append(
            f"Giới tính ghi trong {LABELS['id_number']} (chữ số thứ 4) không khớp với "
            f"Giới tính. Hãy đối chiếu với thẻ."
        )
    return warnings


# --- phone, email, address -------------------------------------------------------------


def normalize_phone(value: str) -> str:
    """Spaces, dots, dashes and parentheses removed; ``+84``/``0084`` turned into ``0``;
    digits of any script as ASCII. Anything else (letters, a foreign country code) is kept
    so that the validator can reject it: ``"+84 912.345.678"`` → ``"0912345678"``.
    """
    out = []
    for ch in value:
        if ch in _PHONE_SEPARATORS or ch.isspace():
            continue
        digit = unicodedata.decimal(ch, None) if not ch.isascii() else None
        out.append(str(digit) if digit is not None else ch)
    compact = "".join(out)
    if compact.startswith("+84"):
        return "0" + compact[3:]
    if compact.startswith("0084"):
        return "0" + compact[4:]
    return compact


def validate_phone(value: Any, required: bool = False, label: str = LABELS["phone"]) -> str | None:
    """Optional. Mobile: 10 digits starting with 0 then 3–9 (0912 345 678); fixed line since
    2017: 11 digits starting with 02 (024 3825 1234); ``+84`` instead of the leading 0 is fine."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if not isinstance(value, str):
        return _("{label} phải được ghi dạng chuỗi ký tự để giữ chữ số 0 ở đầu.").format(label=_(label))
    phone = normalize_phone(value)
    if phone.startswith("+"):
        return _("{label} phải là số Việt Nam (bắt đầu bằng 0 hoặc +84).").format(label=_(label))
    if not phone.isascii() or not phone.isdigit():
        return _("{label} chỉ được gồm chữ số (có thể cách nhau bằng dấu cách, dấu chấm, gạch ngang).").format(label=_(label))
    if not phone.startswith("0"):
        return _("{label} phải bắt đầu bằng 0 hoặc +84.").format(label=_(label))
    if len(phone) == 10 and phone[1] in "3456789":
        return None
    if len(phone) == 11 and phone[1] == "2":
        return None
    return (
        f"{label} không đúng: số di động gồm 10 chữ số (ví dụ 0912 345 678), "
        f"số cố định gồm 11 chữ số bắt đầu bằng 02 (ví dụ 024 3825 1234)."
    )


def normalize_email(value: str) -> str:
    return value.strip()


def validate_email(value: Any, required: bool = False, label: str = LABELS["email"]) -> str | None:
    """Optional; one ``@``, a dotted domain, no spaces, at most 254 characters."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if not isinstance(value, str):
        return _not_text(label)
    email = normalize_email(value)
    if len(email) > EMAIL_MAX:
        return _("{label} không được dài quá {EMAIL_MAX} ký tự.").format(label=_(label), EMAIL_MAX=EMAIL_MAX)
    if not _EMAIL.fullmatch(email) or ".." in email:
        return _("{label} không đúng định dạng (ví dụ ten@example.com).").format(label=_(label))
    return None


def normalize_address(value: str) -> str:
    return _clean_text(value)


def validate_address(value: Any, required: bool = False, label: str = LABELS["address"]) -> str | None:
    """Optional; at most 300 characters; no control characters (line breaks become spaces)."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if not isinstance(value, str):
        return _not_text(label)
    address = normalize_address(value)
    if len(address) > ADDRESS_MAX:
        return _("{label} không được dài quá {ADDRESS_MAX} ký tự (đang có {n}).").format(label=_(label), ADDRESS_MAX=ADDRESS_MAX, n=len(address))
    for ch in address:
        if unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
            return _("{label} chứa ký tự không hợp lệ: {char}.").format(label=_(label), char=_show_char(ch))
    return None


# --- sex ---------------------------------------------------------------------------------


def normalize_sex(value: Any) -> str | None:
    """``"Nam"`` or ``"Nữ"`` from the usual spellings (``"nu"``, ``"NỮ"``, NFD ``"Nữ"``,
    ``"male"``, ``"F"`` …), or ``None`` when unrecognised."""
    if not isinstance(value, str):
        return None
    return _SEX_WORDS.get(fold(value))


def validate_sex(value: Any, required: bool = False, label: str = LABELS["sex"]) -> str | None:
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if not isinstance(value, str):
        return _not_text(label)
    if normalize_sex(value) is None:
        return _("{label} phải là Nam hoặc Nữ.").format(label=_(label))
    return None


# --- dates -------------------------------------------------------------------------------


def _make_date(year: int, month: int, day: int, label: str, field: str | None) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(_("{label} không phải là ngày có thật (ví dụ 31/02 không tồn tại).").format(label=_(label)), field) from None


def parse_vn_date(text: Any, label: str = N_("Ngày"), field: str | None = None) -> date:
    """``dd/MM/yyyy`` as people write it (``1/2/1999`` and ``.``/``-`` separators too)."""
    if not isinstance(text, str) or not text.strip():
        raise UserError(_("{label} chưa được nhập (dạng ngày/tháng/năm, ví dụ 15/01/1999).").format(label=_(label)), field)
    match = _VN_DATE.fullmatch(text)
    if not match:
        raise UserError(_("{label} phải có dạng ngày/tháng/năm, ví dụ 15/01/1999.").format(label=_(label)), field)
    day, month, year = (int(g) for g in match.groups())
    return _make_date(year, month, day, label, field)


def parse_iso_date(text: Any, label: str = N_("Ngày"), field: str | None = None) -> date:
    """``YYYY-MM-DD`` exactly (the form stored and used in input files)."""
    if not isinstance(text, str) or not text.strip():
        raise UserError(_("{label} chưa được nhập (dạng YYYY-MM-DD, ví dụ 1999-01-15).").format(label=_(label)), field)
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise UserError(_("{label} phải có dạng YYYY-MM-DD, ví dụ 1999-01-15.").format(label=_(label)), field)
    year, month, day = (int(g) for g in match.groups())
    return _make_date(year, month, day, label, field)


def validate_birth_date(
    value: Any,
    required: bool = False,
    today: date | None = None,
    label: str = LABELS["birth_date"],
) -> str | None:
    """A ``date`` from 01/01/1900 up to today (Vietnam time)."""
    if value is None:
        return _("{label} không được để trống.").format(label=_(label)) if required else None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return _("{label} không phải là một ngày.").format(label=_(label))
    today = today or _today()
    if value > today:
        return _("{label} không được ở sau ngày hôm nay.").format(label=_(label))
    if value < EARLIEST_BIRTH:
        return _("{label} không được trước {earliest}.").format(label=_(label), earliest=_vn(EARLIEST_BIRTH))
    return None


# --- counts and settings -----------------------------------------------------------------


def validate_count(value: Any, field_label: str, minimum: int = 0, maximum: int = 999) -> str | None:
    """An ``int`` (not ``bool``, not ``float``, not text) within ``minimum..maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        return _("{field_label} phải là số nguyên.").format(field_label=_(field_label))
    if value < minimum or value > maximum:
        return _("{field_label} phải từ {minimum} đến {maximum}.").format(field_label=_(field_label), minimum=minimum, maximum=maximum)
    return None


def normalize_agency_code(value: str) -> str:
    return value.strip().upper()


def validate_agency_code(value: Any, label: str = LABELS["agency_code"]) -> str | None:
    """QCVN 102:2016 code ``V1V2V3.Z1Z2.Y1Y2.MX1X2``, e.g. ``000.00.06.H56``."""
    if _blank(value):
        return _("{label} không được để trống.").format(label=_(label))
    if not isinstance(value, str):
        return _not_text(label)
    if not _AGENCY_CODE.fullmatch(normalize_agency_code(value)):
        return _("{label} phải có dạng 000.00.06.H56 (3 số, 2 số, 2 số, một chữ cái và 2 số).").format(label=_(label))
    return None


def validate_station_digit(value: Any, label: str = LABELS["station_digit"]) -> str | None:
    """The counter PC's digit (0–9) that prefixes its daily dossier numbers."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9:
        return _("{label} phải là một chữ số từ 0 đến 9.").format(label=_(label))
    return None


# --- a whole person ----------------------------------------------------------------------


def _person_birth_date(value: Any) -> tuple[str | None, str | None]:
    """(ISO date or None, error or None) from a date, an ISO string or a dd/MM/yyyy string."""
    label = LABELS["birth_date"]
    if _blank(value):
        return None, None
    if isinstance(value, str):
        try:
            if "/" in value:
                parsed = parse_vn_date(value, label, "birth_date")
            else:
                parsed = parse_iso_date(value, label, "birth_date")
        except UserError as exc:
            return None, exc.message
    elif isinstance(value, date):
        parsed = value.date() if isinstance(value, datetime) else value
    else:
        return None, _("{label} phải là một ngày (dạng YYYY-MM-DD).").format(label=_(label))
    error = validate_birth_date(parsed)
    if error:
        return None, error
    return parsed.isoformat(), None


def validate_person(
    data: Any,
    role_label: str,
    require_id: bool = True,
    allow_old_id: bool = False,
) -> tuple[dict, dict[str, str]]:
    """Check and normalise one person (applicant, representative …).

    ``data`` holds any of ``full_name, id_number, birth_date, sex, address, phone, email``;
    missing keys count as empty. Returns ``(normalised, errors)``: ``normalised`` has all seven
    keys (``birth_date`` as ``YYYY-MM-DD``, ``sex`` as Nam/Nữ, empty optionals and invalid
    fields as ``None``); ``errors`` maps field → message, each prefixed with ``role_label``
    with its first letter capitalised (e.g. "Người nộp hồ sơ: Họ và tên không được để trống.").
    An unknown key is an error so a misspelt field in an input file is not silently dropped.
    Never raises for bad values.
    """
    role = _((role_label or "").strip())
    prefix = f"{role[:1].upper()}{role[1:]}: " if role else ""
    normalised: dict[str, Any] = dict.fromkeys(PERSON_FIELDS)
    errors: dict[str, str] = {}

    if not isinstance(data, dict):
        return normalised, {"person": f"{prefix}dữ liệu phải là một bảng các trường."}

    for key in data:
        if key not in PERSON_FIELDS:
            shown = key if isinstance(key, str) else repr(key)
            errors[str(key)] = (
                f"{prefix}không có trường «{shown}» (kiểm tra lỗi chính tả; các trường hợp lệ: "
                f"{', '.join(PERSON_FIELDS)})."
            )

    def text_field(name: str, error: str | None, normalizer) -> None:
        value = data.get(name)
        if error:
            errors[name] = prefix + error
        elif not _blank(value):
            normalised[name] = normalizer(value)

    text_field("full_name", validate_full_name(data.get("full_name")), normalize_name)
    text_field(
        "id_number",
        validate_id_number(data.get("id_number"), allow_old=allow_old_id, required=require_id),
        normalize_id_number,
    )
    text_field("sex", validate_sex(data.get("sex")), normalize_sex)
    text_field("address", validate_address(data.get("address")), normalize_address)
    text_field("phone", validate_phone(data.get("phone")), normalize_phone)
    text_field("email", validate_email(data.get("email")), normalize_email)

    birth_iso, birth_error = _person_birth_date(data.get("birth_date"))
    if birth_error:
        errors["birth_date"] = prefix + birth_error
    normalised["birth_date"] = birth_iso
    return normalised, errors
