"""Tolerant parser for the QR code on Vietnamese citizen ID cards (CCCD / thẻ căn cước).

The 2021 chip card carries seven pipe-separated fields (domain reference §5.2)::

    <12-digit ID>|<9-digit old CMND or empty>|<full name>|<ddMMyyyy birth>|<Nam|Nữ>|<address>|<ddMMyyyy issue>

The 2024 card's serialisation is unconfirmed, so the parser takes what it can and reports the
rest as Vietnamese warnings for the clerk, who always confirms the result:

- text before the ID (scanner labels such as ``CCCD:``, an AIM symbology identifier such as
  ``]Q1``, stray keys, a BOM) and trailing
  CR/LF/TAB or a trailing pipe are dropped;
- the 6-field form without the old-ID field is recognised (warning);
- extra trailing fields are ignored (warning when they hold anything);
- invalid or garbled dates and sexes become ``None`` (warning);
- UTF-8 read as Windows-1252/Latin-1 (``NGUYá»„N``) is repaired (warning);
- the ID digits are cross-checked with the birth year and the sex (warnings).

Only :class:`UserError` ever leaves :func:`parse_cccd`, and only when the text is not a CCCD QR
at all (no 12-digit ID field followed by ``|``) or is far too long to be one. Warnings never
quote field values, and nothing here logs: the payload is personal data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from counter_app.errors import UserError
from counter_app.timeutil import now
from counter_app.validation import (
    LABELS,
    cross_check_id,
    normalize_sex,
    validate_address,
    validate_birth_date,
    validate_full_name,
)

__all__ = ["CccdResult", "parse_cccd", "MAX_PAYLOAD_CHARS"]

# A QR code holds at most 2,953 bytes in byte mode; a card's payload is a few hundred characters.
MAX_PAYLOAD_CHARS = 4096

_NOT_CCCD = (
    "Dữ liệu quét không phải mã QR trên thẻ căn cước công dân: "
    "không tìm thấy số định danh cá nhân 12 chữ số. Hãy quét lại mặt có mã QR."
)

_AIM_PREFIX = re.compile(r"\s*\][A-Za-z][0-9A-Za-z]")
_ID_START = re.compile(r"(?<![0-9])[0-9]{12}[ \t]*\|")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\ufffe\u200b\u200c\u200d\u2060\u00ad"))
_CARD_DATE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_LOOSE_DATE = re.compile(r"(?<![0-9])([0-9]{1,2})[/.\-]?([0-9]{1,2})[/.\-]?([0-9]{4})(?![0-9])")

_OLD_ID = "old_id_number"
_NAME = "full_name"
_BIRTH = "birth_date"
_SEX = "sex"
_ADDRESS = "address"
_ISSUE = "issue_date"

# Field order after the ID in the two known layouts.
_LAYOUT_7 = (_OLD_ID, _NAME, _BIRTH, _SEX, _ADDRESS, _ISSUE)
_LAYOUT_6 = (_NAME, _BIRTH, _SEX, _ADDRESS, _ISSUE)

_FIELD_LABELS = {
    _NAME: LABELS["full_name"],
    _BIRTH: LABELS["birth_date"],
    _SEX: LABELS["sex"],
    _ADDRESS: "Nơi thường trú",
    _ISSUE: "Ngày cấp",
}


@dataclass
class CccdResult:
    """What the card's QR says. Fields the parser could not read are ``None``."""

    id_number: str
    old_id_number: str | None
    full_name: str | None
    birth_date: date | None
    sex: str | None
    address: str | None
    issue_date: date | None
    raw: str
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types; dates as ``YYYY-MM-DD`` or ``None``."""
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "address": self.address,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "raw": self.raw,
            "warnings": list(self.warnings),
        }


def _repair_mojibake(text: str) -> str | None:
    """The text UTF-8 bytes decoded as Windows-1252/Latin-1 came from, or ``None``.

    Real Vietnamese text contains letters outside Latin-1 (ă, đ, ơ, ư, ạ …) or never forms
    valid UTF-8 sequences when encoded back, so a false repair is practically impossible.
    """
    if text.isascii():
        return None
    data = bytearray()
    for ch in text:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            data.append(ord(ch))  # the five bytes cp1252 leaves undefined, decoded as Latin-1
    try:
        fixed = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if fixed != text else None


def _clean_field(value: str) -> str:
    """Control characters out, whitespace collapsed and trimmed."""
    value = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)
    return " ".join(value.split())


def _is_old_id(value: str) -> bool:
    return value == "" or (value.isascii() and value.isdigit())


def _is_card_date(value: str) -> bool:
    return _CARD_DATE.fullmatch(value) is not None


def _has_letter(value: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in value)


def _score(fields: list[str], layout: tuple[str, ...]) -> int:
    """How well ``fields`` (after the ID) fit ``layout``: one point per slot that looks right."""
    score = 0
    for index, name in enumerate(layout):
        if index >= len(fields):
            break
        value = fields[index]
        if name == _OLD_ID:
            score += value == "" or (value.isascii() and value.isdigit() and len(value) == 9)
        elif name == _NAME:
            score += _has_letter(value) and not any(ch.isdigit() for ch in value)
        elif name in (_BIRTH, _ISSUE):
            score += _is_card_date(value)
        elif name == _SEX:
            score += normalize_sex(value) is not None
    return score


def _parse_card_date(value: str, label: str, warnings: list[str]) -> date | None:
    match = _CARD_DATE.fullmatch(value)
    if match is None:
        match = _LOOSE_DATE.search(value)
        if match is None:
            warnings.append(f"{label} trong dữ liệu quét không đọc được (cần dạng ngàythángnăm 8 chữ số).")
            return None
        warnings.append(f"{label} trong dữ liệu quét có ký tự thừa; chỉ lấy phần ngày tháng năm.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        warnings.append(f"{label} trong dữ liệu quét không phải là ngày có thật.")
        return None


def parse_cccd(payload: str, today: date | None = None) -> CccdResult:
    """Parse the text a QR scanner produced from a CCCD / thẻ căn cước.

    ``today`` (default: today in Vietnam) is used for the plausibility of dates. Raises
    :class:`UserError` only when the text is not a CCCD QR at all.
    """
    if not isinstance(payload, str):
        raise UserError(_NOT_CCCD, "qr")
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise UserError(
            f"Dữ liệu quét quá dài (hơn {MAX_PAYLOAD_CHARS} ký tự), không phải mã QR trên thẻ "
            "căn cước công dân.",
            "qr",
        )
    today = today or now().date()
    warnings: list[str] = []

    text = payload.translate(_INVISIBLE)
    repaired = _repair_mojibake(text)
    if repaired is not None:
        text = repaired
        warnings.append(
            "Dữ liệu quét bị sai bảng mã (chữ có dấu bị đọc sai) và đã được sửa tự động; "
            "hãy đối chiếu với thẻ."
        )
    text = unicodedata.normalize("NFC", text)

    # A scanner set to send the AIM symbology identifier prefixes "]Q1"; its digit would
    # otherwise run into the ID number.
    aim = _AIM_PREFIX.match(text)
    if aim:
        text = text[aim.end():]
    start = _ID_START.search(text)
    if start is None:
        raise UserError(_NOT_CCCD, "qr")
    if aim or text[: start.start()].strip():
        warnings.append("Đã bỏ qua các ký tự thừa trước số định danh (do máy quét thêm vào).")

    parts = [_clean_field(part) for part in text[start.start():].split("|")]
    id_number = parts[0]
    rest = parts[1:]
    while rest and rest[-1] == "":
        rest.pop()  # a trailing pipe, or trailing empty fields

    if _score(rest, _LAYOUT_6) > _score(rest, _LAYOUT_7):
        layout = _LAYOUT_6
        warnings.append(
            "Dữ liệu quét không có trường số chứng minh nhân dân cũ (dạng 6 trường); "
            "hãy kiểm tra kỹ các thông tin đã đọc."
        )
    else:
        layout = _LAYOUT_7
    values = dict(zip(layout, rest))

    extra = rest[len(layout):]
    filled_extra = sum(1 for value in extra if value)
    if filled_extra:
        warnings.append(
            f"Đã bỏ qua {filled_extra} trường thông tin thêm ở cuối dữ liệu quét "
            "(thẻ căn cước mẫu mới); hãy nhập tay nếu cần."
        )

    missing = [_FIELD_LABELS[name] for name in _FIELD_LABELS if not values.get(name)]
    if missing:
        warnings.append(
            f"Dữ liệu quét thiếu: {', '.join(missing)}. Hãy quét lại hoặc nhập tay."
        )

    old_id = values.get(_OLD_ID) or None
    if old_id is not None and not (old_id.isascii() and old_id.isdigit() and len(old_id) == 9):
        warnings.append("Số chứng minh nhân dân cũ trong dữ liệu quét không phải 9 chữ số.")

    full_name = values.get(_NAME) or None
    garbled = "\ufffd" in text
    if full_name is not None:
        problem = validate_full_name(full_name)
        if problem:
            warnings.append(f"{problem} Hãy đối chiếu với thẻ.")
        garbled = garbled or "?" in full_name

    birth_date = None
    if values.get(_BIRTH):
        birth_date = _parse_card_date(values[_BIRTH], LABELS["birth_date"], warnings)
        if birth_date is not None:
            problem = validate_birth_date(birth_date, today=today)
            if problem:
                warnings.append(f"{problem} Hãy đối chiếu với thẻ.")

    sex = None
    if values.get(_SEX):
        sex = normalize_sex(values[_SEX])
        if sex is None:
            warnings.append("Giới tính trong dữ liệu quét không đọc được (cần Nam hoặc Nữ).")

    address = values.get(_ADDRESS) or None
    if address is not None:
        problem = validate_address(address, label=_FIELD_LABELS[_ADDRESS])
        if problem:
            warnings.append(f"{problem} Hãy đối chiếu với thẻ.")
        garbled = garbled or "?" in address

    issue_date = None
    if values.get(_ISSUE):
        issue_date = _parse_card_date(values[_ISSUE], "Ngày cấp", warnings)
        if issue_date is not None and issue_date > today:
            warnings.append("Ngày cấp trong dữ liệu quét ở sau ngày hôm nay; hãy đối chiếu với thẻ.")
        elif issue_date is not None and birth_date is not None and issue_date < birth_date:
            warnings.append("Ngày cấp trong dữ liệu quét ở trước Ngày sinh; hãy đối chiếu với thẻ.")

    if garbled:
        warnings.append(
            "Một số chữ có dấu đã bị máy quét đọc sai (ký tự «?» hoặc «\ufffd»); "
            "hãy sửa lại theo thẻ hoặc chuyển máy quét sang chế độ UTF-8."
        )

    warnings.extend(cross_check_id(id_number, birth_date, sex))

    return CccdResult(
        id_number=id_number,
        old_id_number=old_id,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        address=address,
        issue_date=issue_date,
        raw=payload,
        warnings=warnings,
    )
