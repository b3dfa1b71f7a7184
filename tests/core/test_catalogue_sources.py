"""Every procedure of the packaged catalogue cites a source for each of its legal fields (issue
17 item 4), the two procedures added, and the format of the sources, extension and exemption
rules (counter_app/catalogue.py)."""

import json

import pytest

from counter_app.catalogue import LEGAL_FIELDS, Procedure, load_catalogue, load_seed_catalogue
from counter_app.errors import UserError


def test_every_procedure_cites_a_source_for_each_legal_field():
    catalogue = load_seed_catalogue()
    missing = {p.code: p.missing_sources() for p in catalogue.procedures if p.missing_sources()}
    assert missing == {}
    for p in catalogue.procedures:
        for field in (*LEGAL_FIELDS, *(("extension",) if p.extension else ()), *(("exemptions",) if p.exemptions else ())):
            text = p.sources[field]
            # a legal text / page named, or marked unverified: never a bare value
            assert text.startswith("[R]") or any(w in text for w in ("Điều", "[S", "Thông tư", "Quyết định", "Luật")), (p.code, field, text)
        # a procedure marked verified has no unverified legal field
        if p.verified:
            assert not set(p.unverified_fields()) & {"time", "fee"}, p.code


def test_missing_sources_names_the_uncited_fields():
    p = load_seed_catalogue().find("2.000815").to_dict()
    del p["sources"]["extension"]
    del p["sources"]["fee"]
    assert Procedure.from_dict(p).missing_sources() == ["fee", "extension"]


def test_the_two_commune_procedures_added_since_2025():
    catalogue = load_seed_catalogue()
    hkd = catalogue.find("1.001612")
    assert hkd.name == "Đăng ký thành lập hộ kinh doanh" and hkd.time_text() == "03 ngày làm việc"
    assert hkd.fee_rule["items"][0]["type"] == "le_phi" and "[R]" in hkd.sources["fee"]
    assert hkd.required_components[0].name.startswith("Giấy đề nghị đăng ký hộ kinh doanh")
    kh = catalogue.find("2.000806")
    assert kh.name == "Đăng ký kết hôn có yếu tố nước ngoài" and kh.field == "Hộ tịch"
    assert kh.time_value == 15 and "[R]" in kh.sources["time"]
    assert any("tình trạng hôn nhân của người nước ngoài" in c.name for c in kh.required_components)
    assert {r["id"] for r in kh.exemptions} == {"HT-NCC", "HT-HN", "HT-NKT"}


def test_certified_copies_may_be_extended_by_rule_and_the_extract_copy_fee_is_not_exempted():
    catalogue = load_seed_catalogue()
    assert catalogue.find("2.000815").extension == {
        "max_working_days": 2, "by_agreement": True,
        "basis": "Điều 21 Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ"}
    assert catalogue.find("2.001008").extension["max_working_days"] == 0  # by written agreement only
    assert catalogue.find("1.004873").extension is None
    copy_fee = catalogue.find("2.000635")
    assert copy_fee.fee_rule["items"][0]["role"] == "extract_copy" and copy_fee.exemptions == ()
    for rule in catalogue.find("1.004873").exemptions:
        assert rule["fees"] == ["procedure"] and rule["percent"] == 100 and rule["proof"]


def _catalogue_with(**proc_over) -> str:
    p = load_seed_catalogue().find("1.004873").to_dict()
    p.update(proc_over)
    return json.dumps({"format": "counter-app-catalogue", "format_version": 1, "title": "T", "issued": "2026-12-01",
                       "procedures": [p]}, ensure_ascii=False)


@pytest.mark.parametrize("over, field, words", [
    ({"sources": {"tiem": "x"}}, "procedures[0].sources.tiem", "trường không có"),
    ({"sources": {"time": ""}}, "procedures[0].sources.time", "không được để trống"),
    ({"extension": {"max_working_days": 0, "by_agreement": False, "basis": "x"}}, "procedures[0].extension",
     "ít nhất một cách"),
    ({"extension": {"max_working_days": 2, "by_agreement": True}}, "procedures[0].extension.basis", "thiếu khóa"),
    ({"exemptions": [{"id": "A", "who": "x", "fees": ["extract_copy"], "percent": 100, "proof": "p", "basis": "b"}]},
     "procedures[0].exemptions[0].fees[0]", "không thu khoản"),
    ({"exemptions": [{"id": "A", "who": "x", "fees": ["procedure"], "percent": 0, "proof": "p", "basis": "b"}]},
     "procedures[0].exemptions[0].percent", "từ 1 trở lên"),
    ({"exemptions": [{"id": "A", "who": "x", "fees": ["procedure"], "percent": 100, "proof": "p", "basis": "b"}] * 2},
     "procedures[0].exemptions[1].id", "bị lặp lại"),
    ({"exemptions": [{"id": "A", "who": "x", "fees": ["procedure"], "percent": 100, "proof": "p", "basis": "b",
                      "channels": [4]}]}, "procedures[0].exemptions[0].channels", "kênh"),
])
def test_bad_rules_are_refused_naming_the_key(over, field, words):
    with pytest.raises(UserError) as info:
        load_catalogue(_catalogue_with(**over))
    assert info.value.field == field and words in info.value.message


def test_rules_round_trip_through_the_dossier_snapshot():
    p = load_seed_catalogue().find("2.000815")
    again = Procedure.from_dict(json.loads(json.dumps(p.to_dict(), ensure_ascii=False)))
    assert again == p and again.extension == p.extension and again.sources == p.sources
