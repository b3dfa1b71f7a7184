"""Property-based tests: thousands of random inputs to every validator, the CCCD parser and the
intake JSON. Nothing but UserError may escape, and every refusal carries a message."""

import json

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app import validation
from counter_app.cccd import parse_cccd
from counter_app.errors import UserError, ValidationFailed
from counter_app.intake import parse_request

VIET = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list(VIET + "|0123456789 ")), max_size=120)
json_scalar = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True) | text
json_value = st.recursive(json_scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(text, c, max_size=4),
                          max_leaves=12)
SETTINGS = settings(max_examples=1000, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

VALIDATORS = [
    validation.validate_full_name, validation.validate_id_number, validation.validate_phone,
    validation.validate_email, validation.validate_birth_date, validation.validate_sex,
    validation.validate_address, validation.validate_agency_code, validation.validate_station_digit,
    lambda v: validation.validate_count(v, "Số bản"),
]


@SETTINGS
@given(json_value)
def test_validators_never_raise_and_explain(value):
    for validate in VALIDATORS:
        msg = validate(value)
        assert msg is None or (isinstance(msg, str) and msg.strip())


@SETTINGS
@given(json_value)
def test_date_parsers_raise_only_user_errors(value):
    for parse in (validation.parse_vn_date, validation.parse_iso_date):
        try:
            parse(value)
        except UserError as exc:
            assert exc.message.strip()


@SETTINGS
@given(st.one_of(text, st.builds(lambda parts: "|".join(parts), st.lists(text, min_size=5, max_size=9))))
def test_cccd_parser_only_refuses_with_a_message(payload):
    try:
        r = parse_cccd(payload)
    except UserError as exc:
        assert exc.message.strip()
    else:
        assert r.raw == payload and len(r.id_number) == 12 and r.id_number.isdigit()
        assert all(isinstance(w, str) and w for w in r.warnings)


@pytest.mark.slow
@SETTINGS
@given(st.builds(
    lambda base, over: {**base, **over},
    st.fixed_dictionaries({
        "procedure_code": st.sampled_from(["1.004873", "", "x"]) | text,
        "channel": json_scalar,
        "applicant": st.fixed_dictionaries({}, optional={k: json_value for k in validation.PERSON_FIELDS}) | json_value,
        "components": st.lists(st.dictionaries(st.sampled_from(["name", "originals", "copies", "certified_copies", "pages", "x"]),
                                               json_value, max_size=6), max_size=3) | json_value,
    }),
    st.dictionaries(st.sampled_from(["received_at", "owner", "return_method", "note", "sets_count", "bogus"]),
                    json_value, max_size=3),
))
def test_intake_json_is_validated_with_messages(data):
    try:
        req = parse_request(data)
    except ValidationFailed as exc:
        assert exc.errors and all(isinstance(m, str) and m.strip() for m in exc.errors.values())
    except UserError as exc:
        assert exc.message.strip()
    else:
        assert req.components and req.applicant["full_name"]
        json.dumps(req.applicant, ensure_ascii=False)


@SETTINGS
@given(json_value)
def test_intake_any_json_document(value):
    try:
        parse_request(value)
    except UserError as exc:
        assert exc.message.strip()


def test_channel_digit_followed_by_a_control_character():
    """Found by a randomised run: "0\x1f" passed str.strip().isdigit() but crashed int()."""
    with pytest.raises(ValidationFailed) as exc:
        parse_request({"procedure_code": "1.004873", "channel": "0\x1f", "applicant": {}, "components": []})
    assert "channel" in exc.value.errors
