"""Fee computation (phí, lệ phí) and Vietnamese money text.

Fee *rules* come from the catalogue (see ``counter_app.catalogue`` and
``docs/catalogue-format.md``); nothing here hard-codes a rate except the defaults of
:func:`certified_copy_fee`, which are the chứng thực bản sao rates of Thông tư 226/2016/TT-BTC
(domain reference §8.3). Money is always integer đồng.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from counter_app.errors import UserError

_COUNT_KEYS = ("originals", "copies", "certified_copies", "pages")
_COUNT_LABELS = {
    "originals": "số bản chính",
    "copies": "số bản sao",
    "certified_copies": "số bản cần chứng thực",
    "pages": "số trang",
}


@dataclass(frozen=True)
class FeeItem:
    """One line of fees for a dossier: name, ``type`` ("le_phi" or "phi"), amount in đồng, detail,
    and ``role``: which fee it is ("procedure", or "extract_copy" for copies of a civil-status
    extract), which an exemption rule names (counter_app/exemptions.py)."""

    name: str
    type: str
    amount: int
    detail: str
    role: str = "procedure"

    def to_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "amount": self.amount, "detail": self.detail}


def total(items: Iterable[FeeItem]) -> int:
    """Sum of the items' amounts (đồng)."""
    return sum(item.amount for item in items)


def certified_copy_fee(pages: int, copies: int, first_pages: int = 2, first_page_rate: int = 2000,
                       next_page_rate: int = 1000, cap_per_copy: int | None = 200000) -> int:
    """Fee for certifying ``copies`` copies of a ``pages``-page document (§8.3).

    Per copy: the first ``first_pages`` pages at ``first_page_rate`` each, every further page at
    ``next_page_rate``, capped at ``cap_per_copy`` (None = no cap); then times ``copies``.
    With the defaults: 1 page 2.000 đ, 2 pages 4.000 đ, 3 pages 5.000 đ, at most 200.000 đ a copy.
    """
    for label, value in (("pages", pages), ("copies", copies), ("first_pages", first_pages),
                         ("first_page_rate", first_page_rate), ("next_page_rate", next_page_rate)):
        _require_count(value, label)
    if cap_per_copy is not None:
        _require_count(cap_per_copy, "cap_per_copy")
    if pages == 0 or copies == 0:
        return 0
    if pages <= first_pages:
        per_copy = first_page_rate * pages
    else:
        per_copy = first_page_rate * first_pages + next_page_rate * (pages - first_pages)
    if cap_per_copy is not None:
        per_copy = min(per_copy, cap_per_copy)
    return per_copy * copies


def _require_count(value: Any, label: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f"Giá trị \"{label}\" phải là số nguyên.", field=label)
    if value < 0:
        raise UserError(f"Giá trị \"{label}\" không được âm.", field=label)


def _component_counts(component: dict, index: int) -> dict[str, int]:
    name = str(component.get("name") or f"thành phần thứ {index + 1}")
    counts: dict[str, int] = {}
    for key in _COUNT_KEYS:
        value = component.get(key, 0)
        if value is None:
            value = 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(
                f"{_COUNT_LABELS[key].capitalize()} của thành phần \"{name}\" phải là số nguyên không âm.",
                field=f"components[{index}].{key}",
            )
        counts[key] = value
    return counts


def compute_fees(fee_rule: dict, components: list[dict]) -> list[FeeItem]:
    """Fee items for a dossier under ``fee_rule`` (a catalogue fee rule).

    ``components`` are the components handed in, each a dict with ``name`` and the counts
    ``originals``, ``copies``, ``certified_copies``, ``pages`` (missing counts are 0).

    - ``free`` → no items.
    - ``fixed`` → one item per rule item; ``per: "dossier"`` is charged once, ``per: "copy"`` is
      multiplied by the total of ``certified_copies + copies`` over all components (at least 1).
    - ``certified_copy_pages`` → one item per component with ``certified_copies > 0`` and
      ``pages > 0``, computed with :func:`certified_copy_fee`.
    """
    if not isinstance(fee_rule, dict):
        raise UserError("Quy tắc phí, lệ phí của thủ tục không hợp lệ.", field="fee")
    kind = fee_rule.get("kind")
    counted = [(c, _component_counts(c, i)) for i, c in enumerate(components)]

    if kind == "free":
        return []

    if kind == "fixed":
        n_copies = max(1, sum(k["certified_copies"] + k["copies"] for _, k in counted))
        items: list[FeeItem] = []
        for rule_item in fee_rule.get("items", ()):
            amount = int(rule_item["amount"])
            if rule_item.get("per") == "copy":
                items.append(FeeItem(
                    name=rule_item["name"], type=rule_item["type"], amount=amount * n_copies,
                    detail=f"{n_copies} bản × {format_vnd(amount)}", role=rule_item.get("role", "procedure"),
                ))
            else:
                items.append(FeeItem(
                    name=rule_item["name"], type=rule_item["type"], amount=amount,
                    detail="1 hồ sơ", role=rule_item.get("role", "procedure"),
                ))
        return items

    if kind == "certified_copy_pages":
        first_pages = fee_rule.get("first_pages", 2)
        first_rate = fee_rule.get("first_page_rate", 2000)
        next_rate = fee_rule.get("next_page_rate", 1000)
        cap = fee_rule.get("cap_per_copy", 200000)
        items = []
        for i, (component, k) in enumerate(counted):
            pages, copies = k["pages"], k["certified_copies"]
            if pages <= 0 or copies <= 0:
                continue
            amount = certified_copy_fee(pages, copies, first_pages, first_rate, next_rate, cap)
            detail = f"{pages} trang × {copies} bản"
            if cap is not None and certified_copy_fee(pages, 1, first_pages, first_rate, next_rate, None) > cap:
                detail += f" (tối đa {format_vnd(cap)}/bản)"
            comp_name = str(component.get("name") or f"thành phần thứ {i + 1}")
            items.append(FeeItem(
                name=f"{fee_rule.get('name', 'Phí chứng thực')}: {comp_name}",
                type=fee_rule.get("type", "phi"), amount=amount, detail=detail,
            ))
        return items

    raise UserError(f"Loại quy tắc phí, lệ phí \"{kind}\" không được hỗ trợ.", field="fee.kind")


# --------------------------------------------------------------------------- money text


def format_vnd(amount: int) -> str:
    """``200000`` → ``"200.000 đ"`` (dot as the thousands separator)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int (đồng)")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,} đ".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000


def _read_triple(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; ``full`` reads the hundreds even when zero ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return words


def _read_below_billion(n: int, leading: bool) -> list[str]:
    words: list[str] = []
    started = not leading
    for value, unit in ((n // 1_000_000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value == 0:
            continue
        words += _read_triple(value, full=started)
        if unit:
            words.append(unit)
        started = True
    return words


def _read(n: int, leading: bool = True) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = _read(high, leading) + ["tỷ"]
        if low:
            words += _read_below_billion(low, leading=False)
        return words
    return _read_below_billion(n, leading)


def amount_in_words(amount: int) -> str:
    """Vietnamese reading of an amount of đồng, e.g. 1005000 → "Một triệu không trăm linh năm nghìn đồng"."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int (đồng)")
    if amount < 0:
        text = "âm " + " ".join(_read(-amount))
    elif amount == 0:
        text = "không"
    else:
        text = " ".join(_read(amount))
    return text[0].upper() + text[1:] + " đồng"
