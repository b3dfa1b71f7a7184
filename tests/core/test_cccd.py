"""The CCCD QR parser: the synthetic examples of the domain reference §5.2, scanner noise,
layout variants, broken fields, garbage, and a bounded fuzz run where only UserError may escape."""

from __future__ import annotations

import json
import random
import unicodedata
from datetime import date

import pytest

from counter_app.cccd import MAX_PAYLOAD_CHARS, CccdResult, parse_cccd
from counter_app.errors import UserError

TODAY = date(2025, 6, 1)

# §5.2 synthetic examples
AN = (
    "001099012345|123456789|NGUYỄN VĂN AN|15011999|Nam|"
    "Thôn Đông, Xã Hòa Bình, Huyện Yên Lạc, Tỉnh Vĩnh Phúc|20042021"
)
BINH = "079301004321||Trần Thị Bình|02112001|Nữ|Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh|10082022"

AN_ADDRESS = "Thôn Đông, Xã Hòa Bình, Huyện Yên Lạc, Tỉnh Vĩnh Phúc"
BINH_ADDRESS = "Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh"


def parse(payload: str) -> CccdResult:
    return parse_cccd(payload, today=TODAY)


def assert_an(result: CccdResult) -> None:
    assert result.id_number == "001099012345"
    assert result.old_id_number == "123456789"
    assert result.full_name == "NGUYỄN VĂN AN"
    assert result.birth_date == date(1999, 1, 15)
    assert result.sex == "Nam"
    assert result.address == AN_ADDRESS
    assert result.issue_date == date(2021, 4, 20)


def assert_binh(result: CccdResult) -> None:
    assert result.id_number == "079301004321"
    assert result.old_id_number is None
    assert result.full_name == "Trần Thị Bình"
    assert result.birth_date == date(2001, 11, 2)
    assert result.sex == "Nữ"
    assert result.address == BINH_ADDRESS
    assert result.issue_date == date(2022, 8, 10)


def assert_vietnamese(warnings: list[str]) -> None:
    assert all(isinstance(w, str) and w and not w.isascii() for w in warnings)


# --- good payloads -----------------------------------------------------------------------


def test_example_with_old_id():
    result = parse(AN)
    assert_an(result)
    assert result.raw == AN
    assert result.warnings == []


def test_example_with_empty_old_id():
    result = parse(BINH)
    assert_binh(result)
    assert result.warnings == []


def test_to_json():
    data = parse(AN).to_json()
    assert data == {
        "id_number": "001099012345",
        "old_id_number": "123456789",
        "full_name": "NGUYỄN VĂN AN",
        "birth_date": "1999-01-15",
        "sex": "Nam",
        "address": AN_ADDRESS,
        "issue_date": "2021-04-20",
        "raw": AN,
        "warnings": [],
    }
    json.dumps(data)  # plain JSON types only
    broken = parse("001099012345|123456789|NGUYỄN VĂN AN|31021999|Nam|x|").to_json()
    assert broken["birth_date"] is None and broken["issue_date"] is None


def test_nfd_text_is_nfc_normalised():
    result = parse(unicodedata.normalize("NFD", BINH))
    assert_binh(result)
    assert unicodedata.is_normalized("NFC", result.full_name)
    assert unicodedata.is_normalized("NFC", result.address)
    assert result.raw == unicodedata.normalize("NFD", BINH)


@pytest.mark.parametrize("sex", ["Nu", "NỮ", "nữ", unicodedata.normalize("NFD", "Nữ"), " Nữ "])
def test_sex_variants(sex):
    result = parse(BINH.replace("|Nữ|", f"|{sex}|"))
    assert result.sex == "Nữ"
    assert result.warnings == []


# --- scanner noise -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        AN + "\r\n",
        AN + "\n",
        AN + "\t",
        AN + "\r",
        AN + "|",
        AN + "|\r\n",
        "\ufeff" + AN,
        "\ufeff" + AN + "\r\n",
        " " + AN + " ",
    ],
)
def test_trailing_noise_and_bom_are_dropped_quietly(payload):
    result = parse(payload)
    assert_an(result)
    assert result.raw == payload
    assert result.warnings == []


@pytest.mark.parametrize("prefix", ["CCCD:", "CCCD: ", "QR=", "]Q1", "\x02", "~~", "CCCD|", "So: 12 "])
def test_scanner_prefix_is_dropped_with_warning(prefix):
    result = parse(prefix + AN)
    assert_an(result)
    assert result.raw == prefix + AN
    assert len(result.warnings) == 1
    assert "thừa" in result.warnings[0]


def test_control_characters_inside_fields_are_removed():
    result = parse(AN.replace("Thôn Đông", "Thôn\x00 Đông").replace("NGUYỄN", "NGUYỄN\x1b"))
    assert result.address == AN_ADDRESS
    assert result.full_name == "NGUYỄN VĂN AN"


def test_utf8_read_as_latin1_is_repaired():
    for encoding in ("latin-1", "cp1252"):
        try:
            garbled = AN.encode("utf-8").decode(encoding)
        except UnicodeDecodeError:
            continue
        result = parse(garbled)
        assert_an(result)
        assert any("bảng mã" in w for w in result.warnings)


# --- layout variants ---------------------------------------------------------------------


def test_six_field_variant_without_old_id():
    payload = "079301004321|Trần Thị Bình|02112001|Nữ|" + BINH_ADDRESS + "|10082022"
    result = parse(payload)
    assert_binh(result)
    assert len(result.warnings) == 1
    assert "6 trường" in result.warnings[0]
    assert_vietnamese(result.warnings)


def test_2024_card_with_extra_fields():
    payload = BINH + "|001301000001|NGUYỄN VĂN CHA|LÊ THỊ MẸ|"
    result = parse(payload)
    assert_binh(result)
    assert len(result.warnings) == 1
    assert "3 trường" in result.warnings[0] and "bỏ qua" in result.warnings[0]


def test_extra_empty_fields_are_not_worth_a_warning():
    result = parse(BINH + "||||")
    assert_binh(result)
    assert result.warnings == []


def test_old_id_of_unexpected_length_is_kept_with_warning():
    result = parse(AN.replace("|123456789|", "|12345678|"))
    assert result.old_id_number == "12345678"
    assert result.full_name == "NGUYỄN VĂN AN"
    assert any("9 chữ số" in w for w in result.warnings)


# --- broken fields -----------------------------------------------------------------------


def test_invalid_birth_date_becomes_none_with_warning():
    result = parse(AN.replace("15011999", "31022020"))
    assert result.birth_date is None
    assert result.issue_date == date(2021, 4, 20)
    assert any("Ngày sinh" in w and "không phải là ngày có thật" in w for w in result.warnings)


def test_invalid_issue_date_becomes_none_with_warning():
    result = parse(AN.replace("20042021", "00002021"))
    assert result.issue_date is None
    assert any("Ngày cấp" in w for w in result.warnings)


def test_unreadable_date_and_sex():
    result = parse("001099012345|123456789|NGUYỄN VĂN AN|15/01/19xx|N?|" + AN_ADDRESS + "|2004202")
    assert result.birth_date is None
    assert result.sex is None
    assert result.issue_date is None
    assert result.full_name == "NGUYỄN VĂN AN"
    assert any("Ngày sinh" in w for w in result.warnings)
    assert any("Giới tính" in w for w in result.warnings)
    assert any("Ngày cấp" in w for w in result.warnings)
    assert_vietnamese(result.warnings)


def test_date_with_separators_is_read_with_warning():
    result = parse(AN.replace("15011999", "15/01/1999"))
    assert result.birth_date == date(1999, 1, 15)
    assert any("Ngày sinh" in w and "thừa" in w for w in result.warnings)


def test_future_or_impossible_dates_are_warned():
    result = parse(AN.replace("20042021", "20042030"))
    assert result.issue_date == date(2030, 4, 20)
    assert any("Ngày cấp" in w and "sau ngày hôm nay" in w for w in result.warnings)
    result = parse(BINH.replace("10082022", "10082000"))
    assert any("trước Ngày sinh" in w for w in result.warnings)


def test_id_cross_check_warnings():
    result = parse(AN.replace("|Nam|", "|Nữ|"))
    assert result.sex == "Nữ"
    assert any("Giới tính" in w and "Số định danh cá nhân" in w for w in result.warnings)
    result = parse(AN.replace("15011999", "15011998"))
    assert result.birth_date == date(1998, 1, 15)
    assert any("Năm sinh" in w for w in result.warnings)


def test_keyboard_wedge_garbling_does_not_crash():
    garbled = "001099012345|123456789|NGUY?N V?N AN|15011999|Nam|Th?n ??ng, X? H?a B?nh|20042021"
    result = parse(garbled)
    assert result.id_number == "001099012345"
    assert result.full_name == "NGUY?N V?N AN"
    assert result.birth_date == date(1999, 1, 15)
    assert any("đọc sai" in w for w in result.warnings)
    # diacritics dropped entirely: still parsed, sex still recognised
    stripped = "079301004321||Tran Thi Binh|02112001|Nu|So 12 Duong So 3|10082022"
    result = parse(stripped)
    assert result.full_name == "Tran Thi Binh" and result.sex == "Nữ"
    assert result.warnings == []


def test_partial_payloads_keep_what_is_there():
    result = parse("001099012345|123456789|NGUYỄN VĂN AN")
    assert result.full_name == "NGUYỄN VĂN AN"
    assert result.old_id_number == "123456789"
    assert result.birth_date is None and result.sex is None
    assert any("thiếu" in w and "Ngày sinh" in w and "Ngày cấp" in w for w in result.warnings)

    result = parse("001099012345|")
    assert result.id_number == "001099012345"
    assert result.full_name is None
    assert len(result.warnings) == 1 and "thiếu" in result.warnings[0]

    truncated = parse(AN[: AN.index("|Thôn")])
    assert truncated.sex == "Nam" and truncated.address is None and truncated.issue_date is None


def test_warnings_do_not_quote_personal_values():
    result = parse(AN.replace("15011999", "31021999").replace("|Nam|", "|Nu|"))
    text = " ".join(result.warnings)
    for secret in ["001099012345", "123456789", "NGUYỄN", "31021999", "Yên Lạc"]:
        assert secret not in text


# --- not a CCCD --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "",
        " ",
        "\r\n",
        "|||||||",
        "hello",
        "001099012345",  # a bare number (also what a UPC-A product barcode looks like)
        "00109901234|123456789|NGUYỄN VĂN AN|15011999|Nam|x|20042021",  # 11 digits
        "0001099012345|123456789|NGUYỄN VĂN AN|15011999|Nam|x|20042021",  # 13 digits
        "000.00.06.H56-231027-0361",
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "NGUYỄN VĂN AN|15011999|Nam",
        "\x00" * 50,
        "\ud800\udfff|",
        "1" * MAX_PAYLOAD_CHARS,
    ],
)
def test_not_a_cccd_raises_user_error(payload):
    with pytest.raises(UserError) as info:
        parse(payload)
    assert "thẻ căn cước" in info.value.message


def test_huge_payload_is_refused():
    with pytest.raises(UserError) as info:
        parse(AN + "|" + "x" * MAX_PAYLOAD_CHARS)
    assert "quá dài" in info.value.message


def test_non_string_input_is_a_user_error():
    for value in (None, 123, b"001099012345|", ["x"]):
        with pytest.raises(UserError):
            parse_cccd(value)  # type: ignore[arg-type]


def test_default_today_is_used():
    assert_an(parse_cccd(AN))


# --- fuzz ----------------------------------------------------------------------------------

ALPHABET = (
    list("0123456789|||||  abcNAMnamNu?:;/-.\r\n\t\x00\x1b\x7f")
    + list("ĐđăâêôơưỮữỄễẠạÀÁ")
    + ["\ufeff", "\ufffd", "\u0301", "\u0303", "\ud800", "\U0001f600", "Nữ", "Nam", "001099012345|"]
)


def _check(payload: str) -> None:
    try:
        result = parse_cccd(payload, today=TODAY)
    except UserError as exc:
        assert isinstance(exc.message, str) and exc.message
        return
    assert len(result.id_number) == 12 and result.id_number.isdigit()
    assert result.raw == payload
    assert result.sex in (None, "Nam", "Nữ")
    assert all(isinstance(w, str) for w in result.warnings)
    json.dumps(result.to_json())


def test_fuzz_random_strings_only_user_error_escapes():
    rng = random.Random(1_234_567)
    for _ in range(2_000):
        length = rng.randint(0, 60)
        _check("".join(rng.choice(ALPHABET) for _ in range(length)))


def test_fuzz_mutated_payloads_only_user_error_escapes():
    rng = random.Random(7_654_321)
    seeds = [AN, BINH, AN + "|x|y|z", "079301004321|Trần Thị Bình|02112001|Nữ|addr|10082022"]
    for _ in range(2_000):
        chars = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            op = rng.randrange(4)
            pos = rng.randrange(len(chars) + 1)
            if op == 0 or not chars:
                chars.insert(pos, rng.choice(ALPHABET))
            elif op == 1:
                del chars[min(pos, len(chars) - 1)]
            elif op == 2:
                chars[min(pos, len(chars) - 1)] = rng.choice(ALPHABET)
            else:
                chars = chars[:pos]
        _check("".join(chars))
