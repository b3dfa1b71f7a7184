"""Where each day off and make-up working day comes from (issue 17, ../shared/domain/one-stop.md §12).

A due date is only as right as the calendar under it, and the calendar mixes facts of very
different weight. Every row of ``calendar_days`` therefore carries its provenance:

- ``law``: a day the statute fixes by rule (Bộ luật Lao động 2019, Điều 112): 1/1, Giỗ Tổ Hùng
  Vương, 30/4, 1/5, 2/9, and the day off in lieu (nghỉ bù) of one falling on a weekly rest day;
- ``notice``: a day from an official notice (number and date in ``reference``), listed in
  ``data/calendar_notices.json``;
- ``estimate``: a day the ``holidays`` package computed or encoded without a notice the app knows
  of — the exact days of Tết, the day beside 2/9, one-off swaps. Shown as estimated on the
  calendar screen and on any due date that crosses it, and listed by the yearly check;
- ``province``: pushed by the provincial system through the change feed;
- ``supervisor``: set at the station by a supervisor, who must say on what (``reference``).

Days the package lists with no known legal basis at all are not seeded: "Ngày Văn hóa Việt Nam"
(24/11) was proposed as a paid day off but no source says the Labour Code was amended.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .i18n import N_

NOTICES_FILE = Path(__file__).resolve().parent / "data" / "calendar_notices.json"

PROVENANCES: dict[str, str] = {
    "law": N_("Luật định"),
    "notice": N_("Thông báo chính thức"),
    "estimate": N_("Ước tính, chưa xác nhận"),
    "province": N_("Hệ thống tỉnh"),
    "supervisor": N_("Giám sát sửa tại quầy"),
}
CONFIRMED = ("law", "notice", "province", "supervisor")
LAW_REFERENCE = "Bộ luật Lao động 2019, Điều 112"
ESTIMATE_REFERENCE = "Ước tính của thư viện holidays{version}; chưa có thông báo chính thức"

# Names the package gives to the statutory fixed days (language "vi").
_STATUTORY = ("Tết Dương lịch", "Ngày Giỗ Tổ Hùng Vương", "Ngày Chiến thắng", "Ngày Quốc tế Lao động")
_NOT_SEEDED = ("Ngày Văn hóa Việt Nam",)


@dataclass(frozen=True)
class Fact:
    day: date
    kind: str  # "off" | "work"
    name: str
    provenance: str
    reference: str


@lru_cache(maxsize=1)
def notices() -> dict[date, Fact]:
    """The days known from official notices (data/calendar_notices.json)."""
    raw = json.loads(NOTICES_FILE.read_text(encoding="utf-8"))
    out: dict[date, Fact] = {}
    for item in raw["days"]:
        d = date.fromisoformat(item["day"])
        if item["kind"] not in ("off", "work") or not item.get("reference"):
            raise ValueError(f"{NOTICES_FILE.name}: {item!r}")
        out[d] = Fact(d, item["kind"], item["name"], "notice", item["reference"])
    return out


def classify(day: date, name: str, version: str = "") -> Fact | None:
    """The provenance of a day off the ``holidays`` package lists (None: not to be seeded)."""
    known = notices().get(day)
    if known is not None:
        return known
    base = name.replace(" (nghỉ bù)", "")
    if base in _NOT_SEEDED:
        return None
    if base in _STATUTORY or (base == "Quốc khánh" and (day.month, day.day) == (9, 2)):
        return Fact(day, "off", name, "law", LAW_REFERENCE)
    return Fact(day, "off", name, "estimate", ESTIMATE_REFERENCE.format(version=f" {version}" if version else ""))


def seed_facts(years: Iterable[int]) -> list[Fact]:
    """The calendar to seed for ``years``: official notices first, then the package's days by
    their provenance (make-up working days come only from notices)."""
    import holidays  # lazily: only seeding needs it, and it slows start-up

    from .workcalendar import seed_holidays

    year_set = {int(y) for y in years}
    facts: dict[date, Fact] = {}
    for day, name in seed_holidays(year_set).items():
        fact = classify(day, name, holidays.__version__)
        if fact is not None:
            facts[day] = fact
    for day, fact in notices().items():
        if day.year in year_set:
            facts[day] = fact
    return [facts[d] for d in sorted(facts)]
