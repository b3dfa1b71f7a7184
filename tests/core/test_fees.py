"""Fee computation and Vietnamese money text."""

from __future__ import annotations

import pytest

from counter_app.catalogue import load_seed_catalogue
from counter_app.errors import UserError
from counter_app.fees import (
    FeeItem,
    amount_in_words,
    certified_copy_fee,
    compute_fees,
    format_vnd,
    total,
)

COPY_RULE = {"kind": "certified_copy_pages", "name": "Phí chứng thực bản sao từ bản chính", "type": "phi",
             "first_pages": 2, "first_page_rate": 2000, "next_page_rate": 1000, "cap_per_copy": 200000}


def comp(name, originals=0, copies=0, certified_copies=0, pages=0):
    return {"name": name, "originals": originals, "copies": copies,
            "certified_copies": certified_copies, "pages": pages}


# --------------------------------------------------------------------------- certified copies (§8.3)


@pytest.mark.parametrize("pages, copies, expected", [
    (1, 1, 2000),
    (2, 1, 4000),
    (3, 1, 5000),
    (150, 1, 152000),
    (1, 3, 6000),
    (2, 5, 20000),
    (3, 2, 10000),
    (150, 2, 304000),
    (198, 1, 200000),   # 4.000 + 196.000 = exactly the cap
    (199, 1, 200000),
    (250, 1, 200000),   # capped
    (250, 3, 600000),   # capped per copy, then × copies
    (0, 4, 0),
    (5, 0, 0),
])
def test_certified_copy_fee(pages, copies, expected):
    assert certified_copy_fee(pages, copies) == expected


def test_certified_copy_fee_custom_rates_and_no_cap():
    assert certified_copy_fee(4, 1, first_pages=1, first_page_rate=3000, next_page_rate=500) == 4500
    assert certified_copy_fee(250, 1, cap_per_copy=None) == 252000


def test_certified_copy_fee_rejects_bad_counts():
    with pytest.raises(UserError):
        certified_copy_fee(-1, 1)
    with pytest.raises(UserError):
        certified_copy_fee(2, 1.5)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- compute_fees


def test_free_rule_gives_nothing():
    assert compute_fees({"kind": "free"}, [comp("Tờ khai", originals=1)]) == []


def test_fixed_per_dossier():
    rule = {"kind": "fixed", "items": [{"name": "Phí chứng thực chữ ký", "type": "phi", "amount": 10000,
                                        "per": "dossier"}]}
    items = compute_fees(rule, [comp("Văn bản", originals=1, copies=4)])
    assert items == [FeeItem("Phí chứng thực chữ ký", "phi", 10000, "1 hồ sơ")]


def test_fixed_per_copy_counts_copies_and_certified_copies():
    rule = {"kind": "fixed", "items": [{"name": "Phí cấp bản sao Trích lục hộ tịch", "type": "phi",
                                        "amount": 8000, "per": "copy"}]}
    items = compute_fees(rule, [comp("Tờ khai", originals=1, copies=2), comp("Khác", certified_copies=1)])
    assert len(items) == 1
    assert items[0].amount == 24000
    assert items[0].detail == "3 bản × 8.000 đ"


def test_fixed_per_copy_is_at_least_one():
    rule = {"kind": "fixed", "items": [{"name": "Phí", "type": "phi", "amount": 8000, "per": "copy"}]}
    assert compute_fees(rule, [comp("Tờ khai", originals=1)])[0].amount == 8000
    assert compute_fees(rule, [])[0].amount == 8000


def test_fixed_with_several_items():
    rule = {"kind": "fixed", "items": [
        {"name": "Lệ phí A", "type": "le_phi", "amount": 15000, "per": "dossier"},
        {"name": "Phí B", "type": "phi", "amount": 2000, "per": "copy"},
    ]}
    items = compute_fees(rule, [comp("X", copies=2)])
    assert [(i.name, i.type, i.amount) for i in items] == [("Lệ phí A", "le_phi", 15000), ("Phí B", "phi", 4000)]
    assert total(items) == 19000


def test_certified_copy_pages_one_item_per_component():
    components = [
        comp("Giấy khai sinh", originals=1, certified_copies=2, pages=3),
        comp("Sổ đỏ", originals=1, certified_copies=1, pages=250),
        comp("Tờ khai", originals=1),                      # nothing to certify
        comp("Bằng tốt nghiệp", certified_copies=2, pages=0),  # no pages: skipped
    ]
    items = compute_fees(COPY_RULE, components)
    assert len(items) == 2
    first, second = items
    assert first.amount == 10000
    assert first.detail == "3 trang × 2 bản"
    assert "Giấy khai sinh" in first.name and first.type == "phi"
    assert second.amount == 200000
    assert second.detail.startswith("250 trang × 1 bản")
    assert "200.000 đ" in second.detail
    assert total(items) == 210000


def test_seed_rules_compute():
    catalogue = load_seed_catalogue()
    copy_items = compute_fees(catalogue.find("2.000815").fee_rule,
                              [comp("Bản chính", originals=1, certified_copies=3, pages=1)])
    assert [i.amount for i in copy_items] == [6000]
    assert compute_fees(catalogue.find("1.001193").fee_rule, [comp("Tờ khai", originals=1)]) == []
    extract = compute_fees(catalogue.find("2.000635").fee_rule, [comp("Tờ khai", originals=1, copies=2)])
    assert extract[0].amount == 16000


def test_missing_counts_default_to_zero():
    assert compute_fees(COPY_RULE, [{"name": "X", "certified_copies": 1, "pages": 1}])[0].amount == 2000


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_bad_component_counts(bad):
    with pytest.raises(UserError) as info:
        compute_fees(COPY_RULE, [comp("Giấy khai sinh", certified_copies=1, pages=bad)])
    assert "Giấy khai sinh" in info.value.message
    assert info.value.field == "components[0].pages"


def test_unknown_rule_kind():
    with pytest.raises(UserError):
        compute_fees({"kind": "percent"}, [])


def test_fee_item_to_dict():
    item = FeeItem("Lệ phí", "le_phi", 8000, "1 hồ sơ")
    assert item.to_dict() == {"name": "Lệ phí", "type": "le_phi", "amount": 8000, "detail": "1 hồ sơ"}


# --------------------------------------------------------------------------- money text


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (55, "Năm mươi lăm đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (1000, "Một nghìn đồng"),
    (1001, "Một nghìn không trăm linh một đồng"),
    (1010, "Một nghìn không trăm mười đồng"),
    (2000, "Hai nghìn đồng"),
    (5000, "Năm nghìn đồng"),
    (8000, "Tám nghìn đồng"),
    (10000, "Mười nghìn đồng"),
    (15000, "Mười lăm nghìn đồng"),
    (24000, "Hai mươi tư nghìn đồng"),
    (54000, "Năm mươi tư nghìn đồng"),
    (152000, "Một trăm năm mươi hai nghìn đồng"),
    (200000, "Hai trăm nghìn đồng"),
    (210000, "Hai trăm mười nghìn đồng"),
    (1000000, "Một triệu đồng"),
    (1000005, "Một triệu không trăm linh năm đồng"),
    (1005000, "Một triệu không trăm linh năm nghìn đồng"),
    (1250000, "Một triệu hai trăm năm mươi nghìn đồng"),
    (2500000, "Hai triệu năm trăm nghìn đồng"),
    (21031000, "Hai mươi mốt triệu không trăm ba mươi mốt nghìn đồng"),
    (1000000000, "Một tỷ đồng"),
    (1005000000, "Một tỷ không trăm linh năm triệu đồng"),
    (2000000015, "Hai tỷ không trăm mười lăm đồng"),
    (1000000000000, "Một nghìn tỷ đồng"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_amount_in_words_rejects_non_int():
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount, text", [
    (0, "0 đ"), (500, "500 đ"), (8000, "8.000 đ"), (200000, "200.000 đ"), (1005000, "1.005.000 đ"),
    (-15000, "-15.000 đ"),
])
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text
