"""Accent-insensitive folding for search, and the FTS5 query builder.

The search index (FTS5, tokenizer ``unicode61 remove_diacritics 0 tokenchars '.-'``) holds a
*folded* copy of names, ID numbers, dossier codes and phone numbers; what the clerk types is
folded the same way (architecture §4). Folding maps đ/Đ to d/D first, because Unicode gives
đ no decomposition and FTS5's ``remove_diacritics`` leaves it alone, then strips every other
mark (NFD, drop combining marks), lowercases and collapses whitespace.

Phone numbers are indexed through :func:`fold_phone` (digits only, ``+84`` → ``0``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_phone", "fts_query", "MAX_QUERY_TOKENS"]

# đ/Đ have no canonical decomposition. Ð (U+00D0, Icelandic eth) is what legacy fonts and
# TCVN3/VNI conversions often produce instead of Đ, so it is folded the same way.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})

# A clerk never types more than a handful of words into a type-ahead box; past this the
# extra words are ignored so a pasted page of text cannot build a pathological query.
MAX_QUERY_TOKENS = 16

_INTL_PREFIX = re.compile(r"^\s*\(?\s*(?:\+|00)\s*84\s*\)?")
_QUERY_INTL_PREFIX = re.compile(r"(?<![0-9A-Za-z])\(?\+\s*84\)?\s*")


def fold(text: str | None) -> str:
    """Fold ``text`` for accent- and case-insensitive matching.

    ``"  Đặng   Thị HOA "`` → ``"dang thi hoa"``. Decimal digits of any script become ASCII
    digits (a full-width ``０９`` typed through an input method folds to ``09``). ``None`` folds
    to ``""``.
    """
    if not text:
        return ""
    text = str(text).translate(_D_MAP)
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if ch < "\x80":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category[0] == "M":
            continue  # combining marks: the tones and the circumflex, breve and horn
        if category == "Nd":
            out.append(str(unicodedata.decimal(ch)))  # full-width and other scripts' digits
        else:
            out.append(ch)
    return " ".join("".join(out).lower().split())


def _ascii_digits(text: str) -> str:
    """The decimal digits of ``text`` as ASCII (full-width and other scripts' digits included)."""
    out = []
    for ch in text:
        value = unicodedata.decimal(ch, None)
        if value is not None:
            out.append(str(value))
    return "".join(out)


def fold_phone(text: str | None) -> str:
    """Digits only, with the international form turned into the domestic one.

    ``"+84 912.345.678"`` → ``"0912345678"``; ``"(024) 3825 1234"`` → ``"02438251234"``.
    """
    if not text:
        return ""
    text = str(text)
    match = _INTL_PREFIX.match(text)
    if match:
        rest = _ascii_digits(text[match.end():])
        return "0" + rest if rest else ""
    return _ascii_digits(text)


def _is_token_char(ch: str) -> bool:
    """Mirror of the index tokenizer: letters, numbers, private use, plus '.' and '-'."""
    if ch in ".-":
        return True
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def _tokens(folded: str) -> list[str]:
    tokens: list[str] = []
    current: list[str] = []
    for ch in folded:
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    # '.' and '-' join the parts of a code; at the edges of a word they only get in the way
    # ("0912-", "TP." typed as a query should still match).
    return [t for t in (tok.strip(".-") for tok in tokens) if t]


# The search index keeps prefix indexes for 2-6 characters (m015; 2-4 before). A prefix query
# longer than that, or of one character, makes FTS5 merge the doclists of every matching term
# (tens of ms at a million dossiers), so only the word still being typed is a prefix; finished
# words are prefixes up to 4 characters, as before m015 ("tran" also finds "trang").
PREFIX_INDEXED = 4


def _phrase(token: str, prefix: bool = True) -> str:
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def _is_numeric(token: str) -> bool:
    return all(ch in "0123456789.-" for ch in token) and any(ch.isdigit() for ch in token)


def fts_query(user_text: str | None) -> str | None:
    """An FTS5 MATCH expression for what a clerk typed, or ``None`` if nothing is searchable.

    Every word becomes a quoted phrase, so FTS5 operators and syntax characters in the input are
    plain text and can never raise. Words are ANDed. The last word is a prefix (``"an"*``: it is
    still being typed); earlier words are prefixes only when short enough for the prefix index
    (``"van"*``), otherwise whole words (``"nguyen"``). A single trailing letter is ignored.

    Numbers typed in groups (``"0912 345"``, ``"001 099 012"``, ``"0912.345"``) also match the
    undivided number, because phones and ID numbers are indexed as one token: such a run becomes
    ``(("0912"* AND "345"*) OR "0912345"*)``. A leading ``+84`` is read as ``0``.
    """
    if not user_text:
        return None
    text = _QUERY_INTL_PREFIX.sub(" 0", str(user_text))
    tokens = _tokens(fold(text))[:MAX_QUERY_TOKENS]
    # A lone trailing letter is a word just begun: wait for the next keystroke.
    if len(tokens[-1:]) == 1 and len(tokens[-1]) == 1 and not tokens[-1].isdigit():
        tokens = tokens[:-1]
    if not tokens:
        return None
    last = len(tokens) - 1

    parts: list[str] = []
    grouped = False
    i = 0
    while i < len(tokens):
        if not _is_numeric(tokens[i]):
            # Finished words longer than the prefix index are matched whole.
            parts.append(_phrase(tokens[i], prefix=i == last or len(tokens[i]) <= PREFIX_INDEXED))
            i += 1
            continue
        j = i
        while j < len(tokens) and _is_numeric(tokens[j]):
            j += 1
        run = tokens[i:j]
        joined = "".join(ch for ch in "".join(run) if ch.isdigit())
        separate = [_phrase(t) for t in run]
        if len(run) == 1 and joined == run[0]:
            parts.append(separate[0])
        else:
            grouped = True
            each = separate[0] if len(separate) == 1 else "(" + " AND ".join(separate) + ")"
            parts.append(f"({each} OR {_phrase(joined)})")
        i = j
    # FTS5 accepts implicit AND only between phrases, not next to a parenthesised group.
    return (" AND " if grouped else " ").join(parts)
