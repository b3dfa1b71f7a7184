"""Catalogue loading and validation: the packaged seed and every kind of malformed file."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest

from counter_app import catalogue as cat_mod
from counter_app.catalogue import (
    MAX_CATALOGUE_BYTES,
    TIME_UNITS,
    Catalogue,
    ComponentSpec,
    Procedure,
    describe_time,
    load_catalogue,
    load_seed_catalogue,
)
from counter_app.errors import UserError

SEED_PATH = Path(cat_mod.__file__).parent / "data" / "catalogue.json"


def minimal_procedure(code: str = "1.001193", **overrides) -> dict:
    proc = {
        "code": code,
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "field_code": "HT",
        "time": {"value": 0, "unit": "trong_ngay"},
        "cutoff_15h": True,
        "fee": {"kind": "free"},
        "components": [{"name": "Tờ khai đăng ký khai sinh theo mẫu", "required": True}],
        "result": "Giấy khai sinh (bản chính)",
        "verified": False,
    }
    proc.update(overrides)
    return proc


def minimal_catalogue(*procedures: dict) -> dict:
    return {
        "format": "counter-app-catalogue",
        "format_version": 1,
        "sample": True,
        "title": "Danh mục thử",
        "note": "Danh mục mẫu — tỉnh thay thế bằng danh mục công bố chính thức",
        "issued": "2026-11-22",
        "procedures": list(procedures) or [minimal_procedure()],
    }


def load_dict(data: dict) -> Catalogue:
    return load_catalogue(json.dumps(data, ensure_ascii=False))


def expect_error(data, *fragments: str, field: str | None = None) -> UserError:
    source = data if isinstance(data, (str, bytes, Path)) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(UserError) as info:
        load_catalogue(source)
    err = info.value
    for fragment in fragments:
        assert fragment in err.message, f"{fragment!r} not in {err.message!r}"
    if field is not None:
        assert err.field == field
    return err


# --------------------------------------------------------------------------- the seed


def test_seed_loads_with_enough_procedures():
    catalogue = load_seed_catalogue()
    assert catalogue.sample is True
    assert catalogue.issued == date(2026, 11, 22)
    assert "tỉnh thay thế" in catalogue.note
    assert len(catalogue.procedures) >= 22


def test_seed_codes_are_unique_and_well_formed():
    codes = [p.code for p in load_seed_catalogue().procedures]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d\.\d{6}", c) for c in codes)


def test_seed_units_fees_and_components_are_valid():
    for p in load_seed_catalogue().procedures:
        assert p.time_unit in TIME_UNITS
        assert p.time_value >= 0
        assert p.fee_rule["kind"] in ("free", "fixed", "certified_copy_pages")
        assert p.components and any(c.required for c in p.components)
        assert p.result and p.name and p.field


def test_seed_contains_the_common_procedures():
    catalogue = load_seed_catalogue()
    expected = {
        "1.001193", "1.000689", "1.004772", "1.004884", "1.000894", "1.004746", "1.000656",
        "1.005461", "1.004873", "1.001022", "1.004859", "1.004837", "1.004845", "2.000635",
        "2.000815", "2.000884", "2.001008", "2.001035", "2.000942", "2.001016", "1.001776",
        "1.001731", "1.001570",
    }
    assert expected <= {p.code for p in catalogue.procedures}
    assert catalogue.find("1.001193").name == "Đăng ký khai sinh"
    assert catalogue.find("9.999999") is None
    assert {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội"} <= set(catalogue.fields())


def test_seed_certified_copy_rule_and_verification_flags():
    catalogue = load_seed_catalogue()
    copy_rule = catalogue.find("2.000815").fee_rule
    assert copy_rule["kind"] == "certified_copy_pages"
    assert (copy_rule["first_pages"], copy_rule["first_page_rate"], copy_rule["next_page_rate"],
            copy_rule["cap_per_copy"]) == (2, 2000, 1000, 200000)
    # Most values are unverified [R] samples; khai sinh's time is [R].
    assert catalogue.find("1.001193").verified is False
    assert sum(not p.verified for p in catalogue.procedures) >= 20
    khai_sinh = catalogue.find("1.001193")
    assert (khai_sinh.time_value, khai_sinh.time_unit, khai_sinh.cutoff_15h) == (0, "trong_ngay", True)


def test_seed_file_and_path_loading_agree():
    assert load_catalogue(SEED_PATH) == load_seed_catalogue()
    assert load_catalogue(SEED_PATH.read_bytes()) == load_seed_catalogue()


def test_catalogue_round_trips_through_to_dict():
    catalogue = load_seed_catalogue()
    again = load_dict(catalogue.to_dict())
    assert again == catalogue


# --------------------------------------------------------------------------- Procedure dicts


def test_procedure_round_trip_for_every_seed_procedure():
    for p in load_seed_catalogue().procedures:
        d = p.to_dict()
        json_again = json.loads(json.dumps(d, ensure_ascii=False))
        assert Procedure.from_dict(json_again) == p
        assert Procedure.from_dict(json_again).to_dict() == d


def test_procedure_to_dict_shape_and_copying():
    p = load_seed_catalogue().find("2.000635")
    d = p.to_dict()
    assert list(d) == ["code", "name", "field", "field_code", "time", "cutoff_15h", "fee",
                       "components", "result", "verified", "sources"]  # the optional keys only when present
    assert d["time"] == {"value": 0, "unit": "trong_ngay"}
    assert d["fee"]["items"][0]["per"] == "copy"
    d["fee"]["items"][0]["amount"] = 1  # the returned dict is a copy
    assert p.fee_rule["items"][0]["amount"] == 8000
    assert isinstance(p.components[0], ComponentSpec)
    hash(p)  # usable as a dict key despite the fee_rule dict


def test_procedure_from_dict_validates():
    bad = minimal_procedure(time={"value": 3, "unit": "tuan"})
    with pytest.raises(UserError) as info:
        Procedure.from_dict(bad)
    assert "1.001193" in info.value.message and "time.unit" in info.value.message
    assert info.value.field == "time.unit"


def test_strings_are_nfc_normalised_and_trimmed():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "  Đăng ký khai sinh ")
    p = Procedure.from_dict(minimal_procedure(name=nfd))
    assert p.name == "Đăng ký khai sinh"


def test_describe_time():
    assert describe_time(0, "trong_ngay") == "Trong ngày"
    assert describe_time(3, "ngay_lam_viec") == "03 ngày làm việc"
    assert describe_time(8, "gio_lam_viec") == "8 giờ làm việc"
    assert describe_time(30, "ngay") == "30 ngày"


def test_all_time_units_accepted():
    procs = [
        minimal_procedure("1.000001", time={"value": 0, "unit": "trong_ngay"}),
        minimal_procedure("1.000002", time={"value": 4, "unit": "gio_lam_viec"}),
        minimal_procedure("1.000003", time={"value": 3, "unit": "ngay_lam_viec"}),
        minimal_procedure("1.000004", time={"value": 15, "unit": "ngay"}),
    ]
    catalogue = load_dict(minimal_catalogue(*procs))
    assert [p.time_unit for p in catalogue.procedures] == list(TIME_UNITS)


def test_optional_top_level_keys_and_fee_note():
    data = minimal_catalogue(minimal_procedure(fee={"kind": "free", "note": "Miễn lệ phí"}))
    del data["sample"], data["note"]
    catalogue = load_dict(data)
    assert catalogue.sample is False and catalogue.note == ""
    assert catalogue.procedures[0].fee_rule == {"kind": "free", "note": "Miễn lệ phí"}


def test_cap_may_be_null():
    fee = {"kind": "certified_copy_pages", "name": "Phí", "type": "phi", "first_pages": 2,
           "first_page_rate": 2000, "next_page_rate": 1000, "cap_per_copy": None}
    p = load_dict(minimal_catalogue(minimal_procedure(fee=fee))).procedures[0]
    assert p.fee_rule["cap_per_copy"] is None


def test_bom_is_accepted():
    raw = b"\xef\xbb\xbf" + json.dumps(minimal_catalogue()).encode("utf-8")
    assert len(load_catalogue(raw).procedures) == 1


# --------------------------------------------------------------------------- malformed files


def test_bad_json_reports_the_line():
    text = '{\n  "format": "counter-app-catalogue",\n  "title": oops\n}'
    expect_error(text, "Tệp danh mục không phải JSON hợp lệ: dòng 3")


def test_bad_utf8():
    expect_error(b'{"title": "\xff"}', "UTF-8")


def test_not_an_object():
    expect_error("[1, 2]", "đối tượng JSON")


def test_wrong_format_marker():
    data = minimal_catalogue()
    data["format"] = "something-else"
    expect_error(data, "không phải danh mục thủ tục", '"format"', field="format")
    del data["format"]
    expect_error(data, "không phải danh mục thủ tục")


def test_newer_format_version():
    data = minimal_catalogue()
    data["format_version"] = 2
    expect_error(data, "phiên bản định dạng 2", field="format_version")
    data["format_version"] = True
    expect_error(data, "format_version")
    data["format_version"] = "1"
    expect_error(data, "format_version")


def test_missing_top_level_key():
    data = minimal_catalogue()
    del data["issued"]
    expect_error(data, "thiếu khóa", '"issued"', field="issued")


def test_extra_top_level_key():
    data = minimal_catalogue()
    data["author"] = "x"
    expect_error(data, "không được hỗ trợ", '"author"')


def test_bad_issued_date():
    data = minimal_catalogue()
    data["issued"] = "22/11/2026"
    expect_error(data, "issued", "YYYY-MM-DD")
    data["issued"] = "2026-02-30"
    expect_error(data, "issued")


def test_empty_or_wrong_procedures():
    data = minimal_catalogue()
    data["procedures"] = []
    expect_error(data, "không có thủ tục nào")
    data["procedures"] = {"a": 1}
    expect_error(data, "procedures", "danh sách")
    data["procedures"] = [minimal_procedure(), "x"]
    expect_error(data, "Thủ tục thứ 2", "đối tượng JSON")


def test_missing_procedure_key_names_procedure_and_key():
    p2 = minimal_procedure("1.000656")
    del p2["result"]
    err = expect_error(minimal_catalogue(minimal_procedure(), p2),
                       "Thủ tục thứ 2", "mã 1.000656", "thiếu khóa", '"result"')
    assert err.field == "procedures[1].result"


def test_extra_procedure_key():
    expect_error(minimal_catalogue(minimal_procedure(colour="blue")),
                 "Thủ tục thứ 1", "mã 1.001193", '"colour"', "không được hỗ trợ")


@pytest.mark.parametrize("code", ["1001193", "1.00119", "1.0011933", "A.001193", "1.001193 ", 1001193, None,
                                  "1.001193.000.00.00.H56", "١.٠٠١١٩٣"])
def test_bad_code(code):
    err = expect_error(minimal_catalogue(minimal_procedure(code=code)),
                       "Thủ tục thứ 1", '"code"', "d.dddddd")
    assert err.field == "procedures[0].code"


def test_duplicate_codes():
    procs = [minimal_procedure("1.001193"), minimal_procedure("1.000656"), minimal_procedure("1.001193")]
    err = expect_error(minimal_catalogue(*procs), "Thủ tục thứ 3", "1.001193", "bị trùng", "thủ tục thứ 1")
    assert err.field == "procedures[2].code"


def test_duplicate_json_key():
    text = json.dumps(minimal_catalogue())
    text = text.replace('"title": "Danh m', '"title": "A", "title": "Danh m', 1)
    expect_error(text, "khóa \"title\"", "hai lần")


def test_unknown_time_unit():
    err = expect_error(minimal_catalogue(minimal_procedure(time={"value": 2, "unit": "tuan"})),
                       "Thủ tục thứ 1", "mã 1.001193", '"time.unit"', "tuan", "ngay_lam_viec")
    assert err.field == "procedures[0].time.unit"


def test_time_shape_and_values():
    expect_error(minimal_catalogue(minimal_procedure(time=3)), '"time"')
    expect_error(minimal_catalogue(minimal_procedure(time={"value": 3})), '"time.unit"', "thiếu khóa")
    expect_error(minimal_catalogue(minimal_procedure(time={"value": -1, "unit": "ngay_lam_viec"})),
                 '"time.value"', "không được âm")
    expect_error(minimal_catalogue(minimal_procedure(time={"value": 1.5, "unit": "ngay_lam_viec"})),
                 '"time.value"', "số nguyên")
    expect_error(minimal_catalogue(minimal_procedure(time={"value": 0, "unit": "ngay_lam_viec"})),
                 '"time.value"', "từ 1")
    expect_error(minimal_catalogue(minimal_procedure(time={"value": 2, "unit": "trong_ngay"})),
                 '"time.value"', "phải là 0")


def test_booleans_must_be_booleans():
    expect_error(minimal_catalogue(minimal_procedure(cutoff_15h="yes")), '"cutoff_15h"', "true hoặc false")
    expect_error(minimal_catalogue(minimal_procedure(verified=1)), '"verified"', "true hoặc false")


def test_empty_texts():
    expect_error(minimal_catalogue(minimal_procedure(name="   ")), '"name"', "không được để trống")
    expect_error(minimal_catalogue(minimal_procedure(result=5)), '"result"', "chuỗi")


def test_fee_rule_shape():
    def fee_err(fee, *fragments):
        return expect_error(minimal_catalogue(minimal_procedure(fee=fee)), "Thủ tục thứ 1", *fragments)

    fee_err("free", '"fee"')
    fee_err({}, '"fee.kind"', "thiếu khóa")
    fee_err({"kind": "percent"}, '"fee.kind"', "percent")
    fee_err({"kind": "free", "items": []}, '"fee.items"', "không được hỗ trợ")
    fee_err({"kind": "fixed"}, '"fee.items"', "thiếu khóa")
    fee_err({"kind": "fixed", "items": []}, '"fee.items"', "không có khoản")
    fee_err({"kind": "fixed", "items": [{"name": "Lệ phí", "type": "thue", "amount": 1, "per": "dossier"}]},
            '"fee.items[0].type"', "thue")
    fee_err({"kind": "fixed", "items": [{"name": "Lệ phí", "type": "le_phi", "amount": 1, "per": "page"}]},
            '"fee.items[0].per"')
    fee_err({"kind": "fixed", "items": [{"name": "Lệ phí", "type": "le_phi", "amount": 1}]},
            '"fee.items[0].per"', "thiếu khóa")
    fee_err({"kind": "certified_copy_pages", "name": "Phí", "type": "phi", "first_pages": 2,
             "first_page_rate": 2000, "next_page_rate": 1000}, '"fee.cap_per_copy"', "thiếu khóa")


def test_negative_and_non_integer_amounts():
    def fixed(amount):
        return {"kind": "fixed", "items": [{"name": "Lệ phí", "type": "le_phi", "amount": amount, "per": "dossier"}]}

    err = expect_error(minimal_catalogue(minimal_procedure(fee=fixed(-8000))),
                       "Thủ tục thứ 1", '"fee.items[0].amount"', "không được âm")
    assert err.field == "procedures[0].fee.items[0].amount"
    expect_error(minimal_catalogue(minimal_procedure(fee=fixed(8000.0))), '"fee.items[0].amount"', "số nguyên")
    expect_error(minimal_catalogue(minimal_procedure(fee=fixed(8000.5))), "phần thập phân")
    expect_error(minimal_catalogue(minimal_procedure(fee=fixed("8000"))), "số nguyên")
    expect_error(minimal_catalogue(minimal_procedure(fee=fixed(True))), "số nguyên")
    copy_fee = {"kind": "certified_copy_pages", "name": "Phí", "type": "phi", "first_pages": 2,
                "first_page_rate": -2000, "next_page_rate": 1000, "cap_per_copy": 200000}
    expect_error(minimal_catalogue(minimal_procedure(fee=copy_fee)), '"fee.first_page_rate"', "không được âm")


def test_nan_is_rejected():
    text = json.dumps(minimal_catalogue()).replace('"format_version": 1', '"format_version": NaN')
    expect_error(text, "NaN")


def test_components_validation():
    expect_error(minimal_catalogue(minimal_procedure(components=[])), "Thủ tục thứ 1", '"components"', "trống")
    expect_error(minimal_catalogue(minimal_procedure(components="Tờ khai")), '"components"')
    expect_error(minimal_catalogue(minimal_procedure(components=[{"name": "Tờ khai"}])),
                 '"components[0].required"', "thiếu khóa")
    expect_error(minimal_catalogue(minimal_procedure(components=[{"name": "", "required": True}])),
                 '"components[0].name"', "không được để trống")
    dup = [{"name": "Tờ khai", "required": True}, {"name": "Tờ khai", "required": False}]
    expect_error(minimal_catalogue(minimal_procedure(components=dup)), '"components[1].name"', "lặp lại")


def test_too_large_file(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(MAX_CATALOGUE_BYTES + 1)
    expect_error(path, "quá lớn", "20 MB")
    expect_error(b" " * (MAX_CATALOGUE_BYTES + 1), "quá lớn")


def test_missing_file(tmp_path):
    expect_error(tmp_path / "nope.json", "Không tìm thấy tệp danh mục")


def test_path_loading(tmp_path):
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(minimal_catalogue(), ensure_ascii=False), encoding="utf-8")
    assert load_catalogue(path).procedures[0].code == "1.001193"


def test_source_type_checked():
    with pytest.raises(TypeError):
        load_catalogue(42)  # type: ignore[arg-type]


def test_errors_do_not_mutate_input():
    data = minimal_catalogue()
    before = copy.deepcopy(data)
    load_dict(data)
    assert data == before


def test_ending_a_guardianship_takes_two_working_days():
    """Issue 17 item 4: 1.004845 (đăng ký chấm dứt giám hộ) is 2 working days (Luật Hộ tịch, Điều 22), not 3."""
    from counter_app.catalogue import load_seed_catalogue

    p = {p.code: p for p in load_seed_catalogue().procedures}["1.004845"]
    assert (p.time_value, p.time_unit) == (2, "ngay_lam_viec")
