"""Fee exemptions as catalogue rules applied at intake with the clerk's confirmation (issue 17
item 8): the fee due becomes 0 or reduced, the rule and the proof stay with the dossier, the
audit says so; unknown or inapplicable rules are refused in Vietnamese and nothing is written."""

import json

import pytest

from counter_app import dossiers, exemptions, intake, procedures
from counter_app.catalogue import load_catalogue, load_seed_catalogue
from counter_app.db import write_tx
from counter_app.errors import ValidationFailed
from counter_app.fees import compute_fees
from helpers import sample_intake

PROOF = "Giấy chứng nhận hộ nghèo số 12/GCN-UBND ngày 05/01/2026"


def save(db, actor, **over):
    return intake.save(db, intake.parse_request(sample_intake(**over)), actor)


def test_a_confirmed_exemption_makes_the_fee_zero_and_is_kept_and_audited(db, admin):
    saved = save(db, admin, exemption={"rule": "HT-HN", "proof": f"  {PROOF} "})
    d = dossiers.get_detail(db, saved.code)
    assert d["fee_total"] == 0
    assert [(f["amount"], f["paid_method"]) for f in d["fees"]] == [(0, "free")]
    assert "miễn: 8.000 đ, còn 0 đ" in d["fees"][0]["detail"]
    ex = d["exemption"]
    assert ex["rule"] == "HT-HN" and ex["who"] == "Người thuộc hộ nghèo" and ex["proof"] == PROOF
    assert (ex["fee_before"], ex["fee_after"], ex["percent"]) == (8000, 0, 100)
    assert "Luật Hộ tịch 2014" in ex["basis"]
    row = db.execute("SELECT details FROM audit WHERE action = 'intake' AND object = ?", [saved.code]).fetchone()
    audited = json.loads(row[0])["exemption"]
    assert audited == {"rule": "HT-HN", "percent": 100, "proof": PROOF, "fee_before": 8000, "fee_after": 0}


def test_without_an_exemption_nothing_changes(db, admin):
    d = dossiers.get_detail(db, save(db, admin).code)
    assert d["fee_total"] == 8000 and d["exemption"] is None and d["fees"][0]["paid_method"] is None


@pytest.mark.parametrize("exemption, key, words", [
    ({"rule": "HT-HN"}, "exemption.proof", "giấy tờ chứng minh"),
    ({"rule": "", "proof": "x"}, "exemption.rule", "Chưa chọn quy tắc"),
    ({"rule": "HT-HN", "proof": "x", "percent": 50}, "exemption", "trường không hợp lệ"),
    ("HT-HN", "exemption", "phải là một đối tượng"),
    ({"rule": "HT-HN", "proof": "x" * 301}, "exemption.proof", "quá dài"),
])
def test_bad_exemption_input_is_refused_before_saving(exemption, key, words):
    with pytest.raises(ValidationFailed) as info:
        intake.parse_request(sample_intake(exemption=exemption))
    assert words in info.value.errors[key]


def test_unknown_rule_is_refused_naming_the_rules_and_nothing_is_written(db, admin):
    before = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    with pytest.raises(ValidationFailed) as info:
        save(db, admin, exemption={"rule": "TRE-EM", "proof": PROOF})
    msg = info.value.errors["exemption.rule"]
    assert "\"TRE-EM\" không có trong thủ tục 1.004873" in msg and "HT-HN (Người thuộc hộ nghèo)" in msg
    assert db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == before


def test_a_rule_for_a_fee_not_charged_is_inapplicable(db, admin):
    # certified copies (2.000815) have no exemption rules; a free procedure has nothing to exempt
    with pytest.raises(ValidationFailed) as info:
        save(db, admin, procedure_code="1.001193", components=[
            {"name": c.name, "originals": 1} for c in load_seed_catalogue().find("1.001193").required_components],
             exemption={"rule": "HT-HN", "proof": PROOF})
    assert "Thủ tục này không có quy tắc miễn, giảm nào" in info.value.errors["exemption.rule"]


def _import_with_rules(db, admin, rules):
    data = load_seed_catalogue().to_dict()
    for p in data["procedures"]:
        if p["code"] == "1.004873":
            p["exemptions"] = rules
    with write_tx(db):
        procedures.import_catalogue(db, load_catalogue(json.dumps(data, ensure_ascii=False)), admin)


def test_an_online_only_reduction_applies_to_online_dossiers_only(db, admin):
    _import_with_rules(db, admin, [{"id": "TT-50", "who": "Hồ sơ nộp trực tuyến toàn trình", "fees": ["procedure"],
                                    "percent": 50, "proof": "Hồ sơ trực tuyến", "basis": "Nghị quyết HĐND tỉnh (mẫu)",
                                    "channels": [2]}])
    with pytest.raises(ValidationFailed) as info:
        save(db, admin, exemption={"rule": "TT-50", "proof": "x"})
    assert "chỉ áp dụng cho hồ sơ nộp trực tuyến; hồ sơ này nộp trực tiếp" in info.value.errors["exemption.rule"]
    d = dossiers.get_detail(db, save(db, admin, channel=2, exemption={"rule": "TT-50", "proof": "Mã hồ sơ trực tuyến"}).code)
    assert d["fee_total"] == 4000 and d["fees"][0]["paid_method"] is None  # reduced, still to be paid
    assert "giảm 50%: 8.000 đ, còn 4.000 đ" in d["fees"][0]["detail"]


def test_applicable_rules_follow_channel_and_fees():
    p = load_seed_catalogue().find("1.004873")
    items = compute_fees(p.fee_rule, [])
    assert [r["id"] for r in exemptions.applicable(p, 1, items)] == ["HT-NCC", "HT-HN", "HT-NKT"]
    assert exemptions.applicable(p, 1, []) == []
    assert exemptions.reduced(15000, 50) == 7500 and exemptions.reduced(8001, 50) == 4001
