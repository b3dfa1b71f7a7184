"""Fee exemptions and reductions (miễn, giảm phí, lệ phí) as catalogue rules (issue 17 item 8).

Each procedure of the catalogue may list exemption rules (``exemptions`` in
docs/catalogue-format.md): who qualifies (a policy group: người có công, hộ nghèo, trẻ em …),
which fees the rule covers (the procedure's own fee, or the fee for copies of a civil-status
extract), by how much (percent; 100 = miễn), the proof the clerk must see, the legal basis, and
optionally the channels it is limited to (e.g. an online-only reduction).

At intake the clerk confirms one rule and records the proof; the fee items it covers are
reduced, the dossier keeps the rule and the proof (its intake history entry), the audit says so
and Mẫu 01 prints it. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .catalogue import FEE_ROLE_LABELS, Procedure
from .errors import ValidationFailed
from .fees import FeeItem, format_vnd, total

PROOF_MAX = 300
REQUEST_KEYS = {"rule", "proof"}


def parse_request(raw: Any) -> tuple[dict[str, str] | None, dict[str, str]]:
    """The intake input's ``"exemption": {"rule": ID, "proof": TEXT}`` (or null): the value and
    the errors (Vietnamese, keyed ``exemption…``). The rule itself is checked at save time,
    against the procedure in force."""
    if raw in (None, {}):
        return None, {}
    if not isinstance(raw, dict):
        return None, {"exemption": "Miễn, giảm phí (\"exemption\") phải là một đối tượng {\"rule\", \"proof\"}."}
    errors: dict[str, str] = {}
    extra = set(raw) - REQUEST_KEYS
    if extra:
        errors["exemption"] = "Miễn, giảm phí có trường không hợp lệ: " + ", ".join(sorted(map(str, extra))) + "."
    rule = raw.get("rule")
    if not isinstance(rule, str) or not rule.strip():
        errors["exemption.rule"] = "Chưa chọn quy tắc miễn, giảm phí (\"rule\")."
    proof = raw.get("proof")
    if not isinstance(proof, str) or not " ".join(proof.split()):
        errors["exemption.proof"] = "Cần ghi giấy tờ chứng minh thuộc diện miễn, giảm phí (\"proof\")."
    elif len(" ".join(proof.split())) > PROOF_MAX:
        errors["exemption.proof"] = f"Giấy tờ chứng minh miễn, giảm phí quá dài (tối đa {PROOF_MAX} ký tự)."
    if errors:
        return None, errors
    return {"rule": rule.strip(), "proof": " ".join(proof.split())}, {}


def channel_allowed(rule: dict, channel: int) -> bool:
    return "channels" not in rule or channel in rule["channels"]


def covered(rule: dict, items: list[FeeItem]) -> list[FeeItem]:
    """The fee items (with an amount) the rule covers."""
    return [i for i in items if i.role in rule["fees"] and i.amount > 0]


def applicable(procedure: Procedure, channel: int, items: list[FeeItem]) -> list[dict]:
    """The rules the clerk may apply to a dossier of ``procedure`` received on ``channel``
    whose fees are ``items`` (a rule limited to other channels, or covering no fee charged, is
    left out)."""
    return [r for r in procedure.exemptions if channel_allowed(r, channel) and covered(r, items)]


def check(procedure: Procedure, channel: int, items: list[FeeItem], rule_id: str) -> dict:
    """The rule ``rule_id`` of ``procedure`` if it applies to this dossier; else a Vietnamese
    ValidationFailed naming the rules that exist."""
    rule = procedure.exemption(rule_id)
    if rule is None:
        known = ", ".join(f"{r['id']} ({r['who']})" for r in procedure.exemptions)
        hint = f" Các quy tắc của thủ tục: {known}." if known else " Thủ tục này không có quy tắc miễn, giảm nào."
        raise ValidationFailed({"exemption.rule": (
            f"Quy tắc miễn, giảm \"{rule_id}\" không có trong thủ tục {procedure.code} ({procedure.name}).{hint}")})
    if not channel_allowed(rule, channel):
        from .intake import CHANNELS

        names = ", ".join(CHANNELS[c].lower() for c in rule["channels"])
        raise ValidationFailed({"exemption.rule": (
            f"Quy tắc miễn, giảm \"{rule_id}\" chỉ áp dụng cho hồ sơ nộp {names}; hồ sơ này nộp "
            f"{CHANNELS[channel].lower()}.")})
    if not covered(rule, items):
        fees = ", ".join(FEE_ROLE_LABELS.get(f, f) for f in rule["fees"])
        raise ValidationFailed({"exemption.rule": (
            f"Quy tắc miễn, giảm \"{rule_id}\" không áp dụng được: hồ sơ này không phải nộp {fees}.")})
    return rule


def reduced(amount: int, percent: int) -> int:
    """``amount`` after a ``percent`` reduction, in whole đồng (the reduction rounded down, so
    the citizen never pays more than the rule says: 15.000 đ at 50 % → 7.500 đ)."""
    return amount - amount * percent // 100


def verb(percent: int) -> str:
    return "Miễn" if percent >= 100 else f"Giảm {percent}%"


def apply(items: list[FeeItem], rule: dict, proof: str) -> tuple[list[FeeItem], dict[str, Any]]:
    """The fee items with the rule applied, and the record kept with the dossier (rule, who,
    basis, proof, percent, the amounts before and after, the items covered)."""
    out: list[FeeItem] = []
    names: list[str] = []
    for item in items:
        if item.role in rule["fees"] and item.amount > 0:
            after = reduced(item.amount, rule["percent"])
            detail = f"{item.detail}; {verb(rule['percent']).lower()}: {format_vnd(item.amount)}, còn {format_vnd(after)}"
            out.append(replace(item, amount=after, detail=detail))
            names.append(item.name)
        else:
            out.append(item)
    record = {
        "rule": rule["id"], "who": rule["who"], "percent": rule["percent"], "basis": rule["basis"],
        "proof": proof, "fees": names, "fee_before": total(items), "fee_after": total(out),
    }
    return out, record


def describe(record: dict) -> str:
    """One line for the screens, e.g. "Miễn (Người thuộc hộ nghèo): 15.000 đ, còn 0 đ"."""
    return (f"{verb(int(record['percent']))} ({record['who']}): {format_vnd(int(record['fee_before']))}, còn "
            f"{format_vnd(int(record['fee_after']))}")
