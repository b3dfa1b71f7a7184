"""Core messages in the user's language (gettext). Vietnamese is the source: a msgid is the
Vietnamese text itself, so the default language needs no catalogue. English comes from
``counter_app/locale/en/LC_MESSAGES/counter_app.po``, compiled in memory when the language is
chosen (gettext reads only .mo; the repository keeps no generated binary).

    _("Quá hạn")                                   # a plain string
    _("Còn {n} ngày").format(n=3)                   # placeholders by name, never an f-string
    N_("Đang xử lý")                                # mark a table entry; translate where shown

Only screen text goes through ``_()``. Data stays Vietnamese in every language: printed forms
(legal documents), audit entries, reports for the province, fields sent to the national
system, and anything the core returns to both a form and the screen (the screen translates it
with ``_()`` at its edge: ``_(statuses.NAMES[code])``). The GUI calls ``set_language`` at
start with the language of its Qt translator; the command line stays Vietnamese.
"""

from __future__ import annotations

import ast
import gettext
import io
import struct
from pathlib import Path

LANGUAGES = ("vi", "en")
DOMAIN = "counter_app"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "vi"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (no plurals or contexts: the catalogue uses none).
    The header entry (empty msgid) is kept: gettext takes the charset from it."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            entries["".join(msgid)] = "".join(msgstr)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            raise ValueError(f"{path}: unsupported line {raw!r}")
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU .mo image of ``entries`` (what msgfmt writes; untranslated entries left out)."""
    items = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in entries.items() if v or not k)
    n = len(items)
    ids_start = 28
    strs_start = ids_start + 8 * n
    data_start = strs_start + 8 * n
    ids_table, strs_table, blob = [], [], b""
    for key, _value in items:
        ids_table.append((len(key), data_start + len(blob)))
        blob += key + b"\0"
    for _key, value in items:
        strs_table.append((len(value), data_start + len(blob)))
        blob += value + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, ids_start, strs_start, 0, data_start)
    tables = b"".join(struct.pack("<2I", *e) for e in ids_table + strs_table)
    return head + tables + blob


def set_language(lang: str) -> None:
    """Switch the core's messages to ``lang`` ("vi": the source text; "en": the catalogue)."""
    global _translations, _language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if lang == "vi":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.GNUTranslations(io.BytesIO(compile_mo(read_po(po_path(lang)))))
    _language = lang


def language() -> str:
    return _language


def _(text: str) -> str:
    """``text`` (Vietnamese) in the current language; unknown text comes back unchanged."""
    return _translations.gettext(text) if text else text


def N_(text: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``text`` for the catalogue without translating it here (table entries that are
    also data); the screen translates with ``_()`` where it shows them."""
    return text


def due_text(dt) -> str:
    """A due time for the screen: "16 giờ 30 phút, ngày 27/11/2026" / "16:30, 27/11/2026"."""
    return _("{hour} giờ {minute} phút, ngày {date}").format(
        hour=dt.strftime("%H"), minute=dt.strftime("%M"), date=dt.strftime("%d/%m/%Y"))


def money(amount: int | float) -> str:
    """An amount in đồng for the screen: "1.000 đ" in Vietnamese, "1,000 VND" in English."""
    whole = round(amount)
    grouped = f"{abs(whole):,}"
    sign = "-" if whole < 0 else ""
    if _language == "en":
        return f"{sign}{grouped} VND"
    return f"{sign}{grouped.replace(',', '.')} đ"
