"""Versioned form sets (which forms exist, their numbers, titles, paper and wording).

A set is a module in this package exposing ``FORM_SET`` (see ``tt03_2025.py``). Forms
are keyed by their number in that set ("mau-01" …) plus "slip"; each form names the
*kind* of layout it uses (receipt, supplement, refusal, apology, stop, control,
register, slip), so the same layout code serves every set.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

DEFAULT = "tt03_2025"
AVAILABLE = ("tt03_2025", "tt01_2018")
KINDS = ("receipt", "supplement", "refusal", "apology", "stop", "control", "register", "slip")


class FormSetError(ValueError):
    """Unknown form set or form, or a malformed set."""


@lru_cache(maxsize=None)
def load(name: str | None = None) -> dict:
    """The validated form-set dict by name (None/"" = the default set)."""
    name = name or DEFAULT
    if name not in AVAILABLE:
        raise FormSetError(f"unknown form set {name!r}; available: {', '.join(AVAILABLE)}")
    data = importlib.import_module(f"{__name__}.{name}").FORM_SET
    validate(data)
    return data


def validate(data: dict) -> None:
    for key in ("id", "name", "papers", "labels", "forms"):
        if key not in data:
            raise FormSetError(f"form set lacks {key!r}")
    for form_id, form in data["forms"].items():
        for key in ("kind", "number", "title", "paper"):
            if key not in form:
                raise FormSetError(f"{data['id']}/{form_id} lacks {key!r}")
        if form["kind"] not in KINDS:
            raise FormSetError(f"{data['id']}/{form_id}: unknown kind {form['kind']!r}")
        if form["paper"] not in data["papers"] and form["paper"] != "80mm":
            raise FormSetError(f"{data['id']}/{form_id}: unknown paper {form['paper']!r}")


def resolve(form_set: dict, form_id: str) -> tuple[str, dict]:
    """Find a form by id ("mau-01", "slip") or by kind ("receipt"); returns (id, form)."""
    forms = form_set["forms"]
    if form_id in forms:
        return form_id, forms[form_id]
    for fid, form in forms.items():
        if form["kind"] == form_id:
            return fid, form
    raise FormSetError(
        f"form {form_id!r} is not in {form_set['id']} ({', '.join(forms)})"
    )


def titles(name: str | None = None) -> dict[str, str]:
    """{form id: Vietnamese title as printed} for a set, in order."""
    data = load(name)
    out = {}
    for fid, form in data["forms"].items():
        title = form["title"]
        out[fid] = title[:1] + title[1:].lower() if fid != "slip" else "Phiếu hẹn (máy in nhiệt 80 mm)"
    return out
