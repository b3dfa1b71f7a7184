"""Validators and normalisers: real values, Vietnamese messages naming the field."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

import pytest

from counter_app.errors import UserError
from counter_app.timeutil import now
from counter_app.validation import (
    PERSON_FIELDS,
    cross_check_id,
    id_number_facts,
    normalize_address,
    normalize_agency_code,
    normalize_id_number,
    normalize_name,
    normalize_phone,
    normalize_sex,
    parse_iso_date,
    parse_vn_date,
    validate_address,
    validate_agency_code,
    validate_birth_date,
    validate_count,
    validate_email,
    validate_full_name,
    validate_id_number,
    validate_person,
    validate_phone,
    validate_sex,
    validate_station_digit,
)

TODAY = now().date()

# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Văn An",
        "NGUYỄN VĂN AN",
        "Đặng Thị Hoa",
        "Ưng Hoàng Phúc",
        "Lê Thị Thu Thủy",
        "H'Hen Niê",
        "Ksor H’Bia",
        "Trần-Lê Minh",
        "Nguyễn T. Bình",
        "Ôn Ỷ",
        "Ân",
        "Ai",
        "Vừ A Dính",
        "A" * 100,
        unicodedata.normalize("NFD", "Nguyễn Thị Ánh"),
        "ăâđêôơư ĂÂĐÊÔƠƯ àảãáạ ằẳẵắặ ầẩẫấậ èẻẽéẹ ềểễếệ ìỉĩíị òỏõóọ ồổỗốộ ờởỡớợ ùủũúụ ừửữứự ỳỷỹýỵ",
    ],
)
def test_valid_names(name):
    assert validate_full_name(name) is None


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "không được để trống"),
        ("   ", "không được để trống"),
        (None, "không được để trống"),
        ("A", "ít nhất 2 ký tự"),
        (" A ", "ít nhất 2 ký tự"),
        ("A" * 101, "không được dài quá 100 ký tự"),
        ("Nguyễn Văn 3", "không được chứa chữ số"),
        ("Nguyễn Văn ３", "không được chứa chữ số"),
        ("Nguyễn@Văn", "ký tự không hợp lệ: «@»"),
        ("Nguyễn\x00Văn", "ký tự không hợp lệ: U+0000"),
        ("Nguyễn_Văn", "ký tự không hợp lệ"),
        ("NGUY?N VĂN AN", "ký tự không hợp lệ: «?»"),
        ("-An", "phải bắt đầu bằng chữ cái"),
        ("'.", "phải bắt đầu bằng chữ cái"),
        (123, "phải là chuỗi ký tự"),
        (["An"], "phải là chuỗi ký tự"),
    ],
)
def test_invalid_names(name, fragment):
    message = validate_full_name(name)
    assert message is not None and fragment in message
    assert message.startswith("Họ và tên")


def test_normalize_name_keeps_case_and_collapses_spaces():
    assert normalize_name("  nguyễn   văn\tAN ") == "nguyễn văn AN"
    assert normalize_name(unicodedata.normalize("NFD", "Nữ")) == "Nữ"


# --- ID number ---------------------------------------------------------------------------


def test_id_number_valid():
    assert validate_id_number("001099012345") is None
    assert validate_id_number(" 001 099 012 345 ") is None
    assert normalize_id_number(" 001 099 012 345 ") == "001099012345"
    assert validate_id_number("123456789", allow_old=True) is None
    assert validate_id_number("", required=False) is None


@pytest.mark.parametrize(
    ("value", "kwargs", "fragment"),
    [
        ("00109901234", {}, "phải gồm đúng 12 chữ số (đang có 11)"),
        ("0010990123456", {}, "phải gồm đúng 12 chữ số"),
        ("123456789", {}, "phải gồm đúng 12 chữ số"),
        ("12345678", {"allow_old": True}, "hoặc 9 chữ số"),
        ("00109901234A", {}, "chỉ được gồm chữ số"),
        ("001-099-012-345", {}, "chỉ được gồm chữ số"),
        ("", {}, "không được để trống"),
        (None, {}, "không được để trống"),
        (1099012345, {}, "chuỗi ký tự"),
    ],
)
def test_id_number_invalid(value, kwargs, fragment):
    message = validate_id_number(value, **kwargs)
    assert message is not None and fragment in message
    assert message.startswith("Số định danh cá nhân")


def test_id_number_message_names_the_problem():
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in validate_id_number("0123")


def test_id_number_facts():
    assert id_number_facts("001099012345") == (1999, "Nam")
    assert id_number_facts("079301004321") == (2001, "Nữ")
    assert id_number_facts("037153000257") == (1953, "Nữ")  # the example of §5.3
    assert id_number_facts("001899000001") == (1899, "Nam")
    assert id_number_facts("001405000001") == (2105, "Nam")
    assert id_number_facts("001710000001") == (2210, "Nữ")
    assert id_number_facts("123456789") is None
    assert id_number_facts("abc") is None


def test_cross_check_agreeing_values():
    assert cross_check_id("001099012345", date(1999, 1, 15), "Nam") == []
    assert cross_check_id("079301004321", date(2001, 11, 2), "nu") == []
    assert cross_check_id("079301004321", "2001-11-02", "Nữ") == []


def test_cross_check_disagreeing_values():
    warnings = cross_check_id("001099012345", date(1998, 1, 15), "Nữ")
    assert len(warnings) == 2
    assert "Năm sinh" in warnings[0] and "Số định danh cá nhân" in warnings[0]
    assert "Giới tính" in warnings[1]
    # century matters, not only the two digits
    assert len(cross_check_id("001299012345", date(1999, 1, 15), "Nam")) == 1
    # a woman born in the 1900s has digit 1
    assert cross_check_id("001199012345", date(1999, 1, 15), "Nữ") == []


def test_cross_check_cannot_check_gives_no_warning():
    assert cross_check_id("123456789", date(1999, 1, 1), "Nam") == []
    assert cross_check_id("001099012345", None, None) == []
    assert cross_check_id("001099012345", "not a date", "unknown") == []
    assert cross_check_id(None, None, None) == []


# --- phone, email, address -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
        ("(024) 3825 1234", "02438251234"),
        ("0237 3852 123", "02373852123"),
        ("0356789012", "0356789012"),
    ],
)
def test_valid_phones(value, normalised):
    assert validate_phone(value) is None
    assert normalize_phone(value) == normalised


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("091234567", "10 chữ số"),
        ("09123456789", "10 chữ số"),
        ("0212345678", "10 chữ số"),
        ("912345678", "bắt đầu bằng 0"),
        ("+1 555 123 4567", "số Việt Nam"),
        ("0912abc678", "chỉ được gồm chữ số"),
        (912345678, "chuỗi ký tự"),
    ],
)
def test_invalid_phones(value, fragment):
    message = validate_phone(value)
    assert message is not None and fragment in message
    assert message.startswith("Số điện thoại")


def test_phone_is_optional_unless_required():
    assert validate_phone(None) is None
    assert validate_phone("  ") is None
    assert "không được để trống" in validate_phone("", required=True)


def test_email():
    assert validate_email(None) is None
    assert validate_email("") is None
    assert validate_email("an.nguyen@example.com.vn") is None
    assert validate_email(" hoa@ubnd.gov.vn ") is None
    for bad in ["an", "an@", "@example.com", "an@example", "a n@example.com", "a@b@c.vn", "a@b..vn"]:
        message = validate_email(bad)
        assert message is not None and message.startswith("Thư điện tử"), bad
    assert "254" in validate_email("a" * 250 + "@x.vn")
    assert "chuỗi ký tự" in validate_email(5)


def test_address():
    assert validate_address(None) is None
    assert validate_address("Thôn Đông, Xã Hòa Bình, Tỉnh Vĩnh Phúc") is None
    assert validate_address("Thôn Đông,\nXã Hòa Bình") is None
    assert normalize_address("  Thôn Đông,\n  Xã Hòa Bình ") == "Thôn Đông, Xã Hòa Bình"
    assert validate_address("x" * 300) is None
    assert "300" in validate_address("x" * 301)
    assert "ký tự không hợp lệ" in validate_address("Thôn\x00Đông")
    assert validate_address("Thôn\x00Đông").startswith("Địa chỉ")
    assert "chuỗi ký tự" in validate_address(12)


# --- sex ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nam", "Nam"),
        ("nam", "Nam"),
        ("NAM", "Nam"),
        ("male", "Nam"),
        ("M", "Nam"),
        ("Nữ", "Nữ"),
        (unicodedata.normalize("NFD", "Nữ"), "Nữ"),
        ("NỮ", "Nữ"),
        ("nu", "Nữ"),
        ("Nu", "Nữ"),
        (" nữ ", "Nữ"),
        ("female", "Nữ"),
        ("F", "Nữ"),
    ],
)
def test_sex_variants(value, expected):
    assert validate_sex(value) is None
    assert normalize_sex(value) == expected


def test_sex_invalid():
    assert validate_sex(None) is None
    assert validate_sex("", required=True) == "Giới tính không được để trống."
    assert validate_sex("khác") == "Giới tính phải là Nam hoặc Nữ."
    assert normalize_sex("N?") is None
    assert normalize_sex(1) is None
    assert "chuỗi ký tự" in validate_sex(1)


# --- dates -------------------------------------------------------------------------------


def test_parse_vn_date():
    assert parse_vn_date("15/01/1999") == date(1999, 1, 15)
    assert parse_vn_date("1/2/1999") == date(1999, 2, 1)
    assert parse_vn_date(" 15.01.1999 ") == date(1999, 1, 15)
    assert parse_vn_date("15-01-1999") == date(1999, 1, 15)
    assert parse_vn_date("29/02/2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2020", "không phải là ngày có thật"),
        ("29/02/2023", "không phải là ngày có thật"),
        ("15/13/1999", "không phải là ngày có thật"),
        ("1999-01-15", "ngày/tháng/năm"),
        ("15/01/99", "ngày/tháng/năm"),
        ("hôm qua", "ngày/tháng/năm"),
        ("", "chưa được nhập"),
        (None, "chưa được nhập"),
        (19990115, "chưa được nhập"),
    ],
)
def test_parse_vn_date_errors(text, fragment):
    with pytest.raises(UserError) as info:
        parse_vn_date(text, label="Ngày sinh", field="birth_date")
    assert fragment in info.value.message
    assert info.value.message.startswith("Ngày sinh")
    assert info.value.field == "birth_date"


def test_parse_iso_date():
    assert parse_iso_date("1999-01-15") == date(1999, 1, 15)
    for bad in ["15/01/1999", "19990115", "1999-1-15", "1999-02-30", "", "1999-01-15T00:00"]:
        with pytest.raises(UserError) as info:
            parse_iso_date(bad, label="Ngày sinh")
        assert info.value.message.startswith("Ngày sinh")


def test_birth_date():
    assert validate_birth_date(date(1999, 1, 15)) is None
    assert validate_birth_date(TODAY) is None
    assert validate_birth_date(date(1900, 1, 1)) is None
    assert validate_birth_date(datetime(1999, 1, 15, 8, 0)) is None
    assert validate_birth_date(None) is None
    assert "không được để trống" in validate_birth_date(None, required=True)
    assert "sau ngày hôm nay" in validate_birth_date(TODAY + timedelta(days=1))
    assert "1900" in validate_birth_date(date(1899, 12, 31))
    assert validate_birth_date(date(2030, 1, 1), today=date(2030, 1, 1)) is None
    assert "không phải là một ngày" in validate_birth_date("1999-01-15")
    assert validate_birth_date(date(1899, 12, 31)).startswith("Ngày sinh")


# --- counts and settings -----------------------------------------------------------------


def test_count():
    assert validate_count(0, "Số bản chính") is None
    assert validate_count(999, "Số trang") is None
    assert validate_count(5, "Số trang", minimum=1, maximum=5) is None
    assert validate_count(-1, "Số bản chính") == "Số bản chính phải từ 0 đến 999."
    assert validate_count(1000, "Số trang") == "Số trang phải từ 0 đến 999."
    assert validate_count(0, "Số trang", minimum=1) == "Số trang phải từ 1 đến 999."
    for bad in [True, False, 1.0, 1.5, "3", None, [1]]:
        assert validate_count(bad, "Số bản sao") == "Số bản sao phải là số nguyên.", bad


def test_agency_code():
    assert validate_agency_code("000.00.06.H56") is None
    assert validate_agency_code("000.17.22.H56") is None
    assert validate_agency_code("000.00.00.G15") is None
    assert validate_agency_code(" 000.00.06.h56 ") is None
    assert normalize_agency_code(" 000.00.06.h56 ") == "000.00.06.H56"
    for bad in ["000.00.06.56", "00.00.06.H56", "000.00.06.H5", "000-00-06-H56", "000.00.06.HH6", "000.00.０6.H56"]:
        message = validate_agency_code(bad)
        assert message is not None and message.startswith("Mã định danh cơ quan"), bad
    assert "không được để trống" in validate_agency_code("")
    assert validate_agency_code(None) is not None


def test_station_digit():
    for ok in range(10):
        assert validate_station_digit(ok) is None
    for bad in [-1, 10, True, "3", 3.0, None]:
        assert validate_station_digit(bad) == "Số hiệu máy trạm phải là một chữ số từ 0 đến 9.", bad


# --- validate_person ---------------------------------------------------------------------

GOOD_PERSON = {
    "full_name": "  Nguyễn   Văn An ",
    "id_number": "001099012345",
    "birth_date": "1999-01-15",
    "sex": "nam",
    "address": " Thôn Đông,  Xã Hòa Bình ",
    "phone": "+84 912 345 678",
    "email": " an@example.com ",
}


def test_person_valid_is_normalised():
    normalised, errors = validate_person(GOOD_PERSON, "Người nộp hồ sơ")
    assert errors == {}
    assert normalised == {
        "full_name": "Nguyễn Văn An",
        "id_number": "001099012345",
        "birth_date": "1999-01-15",
        "sex": "Nam",
        "address": "Thôn Đông, Xã Hòa Bình",
        "phone": "0912345678",
        "email": "an@example.com",
    }


def test_person_accepts_date_objects_and_vn_dates():
    normalised, errors = validate_person(
        {"full_name": "Trần Thị Bình", "id_number": "079301004321", "birth_date": date(2001, 11, 2)}, "Người nộp"
    )
    assert errors == {} and normalised["birth_date"] == "2001-11-02"
    normalised, errors = validate_person(
        {"full_name": "Trần Thị Bình", "id_number": "079301004321", "birth_date": "02/11/2001"}, "Người nộp"
    )
    assert errors == {} and normalised["birth_date"] == "2001-11-02"


def test_person_minimal_and_optional_fields_none():
    normalised, errors = validate_person({"full_name": "Trần Thị Bình"}, "Người được ủy quyền", require_id=False)
    assert errors == {}
    assert set(normalised) == set(PERSON_FIELDS)
    assert normalised["full_name"] == "Trần Thị Bình"
    assert all(normalised[key] is None for key in PERSON_FIELDS if key != "full_name")


def test_person_required_fields():
    _, errors = validate_person({}, "Người nộp hồ sơ")
    assert set(errors) == {"full_name", "id_number"}
    assert errors["full_name"] == "Người nộp hồ sơ: Họ và tên không được để trống."
    assert errors["id_number"] == "Người nộp hồ sơ: Số định danh cá nhân không được để trống."


def test_person_old_id_only_when_allowed():
    person = dict(GOOD_PERSON, id_number="123456789")
    _, errors = validate_person(person, "Người nộp")
    assert "id_number" in errors
    normalised, errors = validate_person(person, "Người nộp", allow_old_id=True)
    assert errors == {} and normalised["id_number"] == "123456789"


def test_person_unknown_key_is_an_error():
    normalised, errors = validate_person(dict(GOOD_PERSON, emial="x@y.vn"), "Người nộp hồ sơ")
    assert set(errors) == {"emial"}
    assert "emial" in errors["emial"] and errors["emial"].startswith("Người nộp hồ sơ:")
    assert normalised["full_name"] == "Nguyễn Văn An"


def test_person_bad_values_are_errors_not_exceptions():
    data = {
        "full_name": 5,
        "id_number": 1099012345,
        "birth_date": 19990115,
        "sex": ["Nam"],
        "address": {"a": 1},
        "phone": 912345678,
        "email": b"a@b.vn",
        3: "x",
    }
    normalised, errors = validate_person(data, "Người nộp hồ sơ")
    assert set(errors) == {"full_name", "id_number", "birth_date", "sex", "address", "phone", "email", "3"}
    assert all(isinstance(message, str) and message.startswith("Người nộp hồ sơ: ") for message in errors.values())
    assert all(value is None for value in normalised.values())


def test_person_invalid_values_named_by_field():
    data = dict(
        GOOD_PERSON,
        full_name="A1",
        id_number="0010990123",
        birth_date="2099-01-01",
        sex="x",
        phone="12345",
        email="no",
        address="y" * 301,
    )
    _, errors = validate_person(data, "")
    assert set(errors) == set(PERSON_FIELDS)
    assert errors["full_name"].startswith("Họ và tên")
    assert errors["id_number"].startswith("Số định danh cá nhân")
    assert errors["birth_date"].startswith("Ngày sinh")
    assert errors["sex"].startswith("Giới tính")
    assert errors["phone"].startswith("Số điện thoại")
    assert errors["email"].startswith("Thư điện tử")
    assert errors["address"].startswith("Địa chỉ")


@pytest.mark.parametrize("bad_date", ["1999-02-30", "15011999", "31/02/1999", "1899-12-31", date(1800, 1, 1)])
def test_person_bad_birth_dates(bad_date):
    _, errors = validate_person(dict(GOOD_PERSON, birth_date=bad_date), "Người nộp")
    assert set(errors) == {"birth_date"}
    assert errors["birth_date"].startswith("Người nộp: Ngày sinh")


def test_person_role_label_is_capitalised():
    _, errors = validate_person({"full_name": "Trần Thị Bình"}, "người nộp hồ sơ")
    assert errors["id_number"] == "Người nộp hồ sơ: Số định danh cá nhân không được để trống."


def test_person_not_a_dict():
    normalised, errors = validate_person(["Nguyễn Văn An"], "Người nộp hồ sơ")
    assert list(errors) == ["person"]
    assert set(normalised) == set(PERSON_FIELDS)


def test_messages_do_not_repeat_personal_values():
    data = dict(GOOD_PERSON, id_number="00109901234", phone="0912345", birth_date="2099-05-05")
    _, errors = validate_person(data, "Người nộp")
    text = " ".join(errors.values())
    for secret in ["00109901234", "0912345", "2099", "05/05"]:
        assert secret not in text
