"""Folding and the FTS5 query builder, checked against a real in-memory FTS5 table."""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest

from counter_app.folding import MAX_QUERY_TOKENS, fold, fold_phone, fts_query

TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.-'"

ROWS = {
    1: ("Đặng Thị Hoa", "", "", ""),
    2: ("Nguyễn Văn An", "001099012345", "000.00.06.H56-231027-0361", "0912345678"),
    3: ("Trần Thị Bình", "079301004321", "000.00.06.H56-231027-0362", "+84 988 111 222"),
    4: ("Lê Đức Thọ", "036080001234", "000.17.22.H56-240105-1001", "(024) 3825 1234"),
    5: ("Nguyễn Thị Ánh", "", "", ""),
    6: ("Ksor H'Bia", "064300000111", "", ""),
}


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE search USING fts5(body, tokenize=\"{TOKENIZER}\")")
    for rowid, (name, id_number, code, phone) in ROWS.items():
        body = " ".join([fold(name), fold(id_number), fold(code), fold_phone(phone)])
        conn.execute("INSERT INTO search(rowid, body) VALUES (?, ?)", (rowid, body))
    yield conn
    conn.close()


def find(db, user_text: str) -> set[int]:
    query = fts_query(user_text)
    assert query is not None, user_text
    return {row[0] for row in db.execute("SELECT rowid FROM search WHERE search MATCH ?", (query,))}


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thị Hoa", "dang thi hoa"),
        ("NGUYỄN VĂN AN", "nguyen van an"),
        ("  Trần \t Thị\n  Bình  ", "tran thi binh"),
        ("Lê Đức Thọ", "le duc tho"),
        ("Ưng Hoàng Phúc", "ung hoang phuc"),
        ("Ơn Ầ Ễ Ự Ỷ ỹ", "on a e u y y"),
        ("000.00.06.H56-231027-0361", "000.00.06.h56-231027-0361"),
        ("", ""),
        ("０９１２", "0912"),
        ("Ðỗ", "do"),  # U+00D0, produced by legacy-encoding converters instead of Đ
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_none_and_nfd_input():
    assert fold(None) == ""
    assert fold(unicodedata.normalize("NFD", "Đặng Thị Hoa")) == "dang thi hoa"


def test_fold_maps_d_before_decomposition():
    # đ has no Unicode decomposition: dropping marks alone would leave it untouched.
    assert unicodedata.normalize("NFD", "đ") == "đ"
    assert fold("đ Đ") == "d d"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912-345-678", "0912345678"),
        ("(+84) 912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("(024) 3825 1234", "02438251234"),
        ("", ""),
        (None, ""),
        ("abc", ""),
    ],
)
def test_fold_phone(text, expected):
    assert fold_phone(text) == expected


# --- fts_query shape --------------------------------------------------------------------


def test_query_is_quoted_prefix_terms():
    assert fts_query("Đặng") == '"dang"*'
    # finished words longer than the 4-character prefix index are whole words; the last is a prefix
    assert fts_query("nguyen van an") == '"nguyen" "van"* "an"*'
    assert fts_query("tran thi h") == '"tran"* "thi"*'  # a lone trailing letter waits for more
    assert fts_query("h") is None
    assert fts_query("nguyen") == '"nguyen"*'


def test_dossier_code_is_one_token():
    assert fts_query("000.00.06.H56-231027-0361") == '"000.00.06.h56-231027-0361"*'


@pytest.mark.parametrize("text", ["", "   ", None, '"', "()", "*", "---", "...", "☺ ♥", "^:*"])
def test_nothing_searchable_gives_none(text):
    assert fts_query(text) is None


def test_token_count_is_bounded():
    query = fts_query(" ".join(f"w{i}" for i in range(100)))
    assert query.count('"*') == MAX_QUERY_TOKENS


# --- against the real index -------------------------------------------------------------


def test_accent_insensitive_name_search(db):
    assert find(db, "dang") == {1}
    assert find(db, "Đặng") == {1}
    assert find(db, "nguyen van an") == {2}
    assert find(db, "NGUYEN VAN") == {2}
    assert find(db, "nguyễn") == {2, 5}
    assert find(db, "ng th") == {5}
    assert find(db, "le duc") == {4}
    assert find(db, "h'bia") == {6}


def test_id_number_prefix(db):
    assert find(db, "0010990") == {2}
    assert find(db, "001099012345") == {2}
    assert find(db, "001 099 012") == {2}


def test_dossier_code_full_and_prefix(db):
    assert find(db, "000.00.06.H56-231027-0361") == {2}
    assert find(db, "000.00.06.h56-231027") == {2, 3}
    assert find(db, "000.00.06.H56") == {2, 3}
    assert find(db, "000.17") == {4}
    assert find(db, "000.00.06.H56-") == {2, 3}


def test_phone_typed_in_groups(db):
    assert find(db, "0912 345") == {2}
    assert find(db, "0912.345.678") == {2}
    assert find(db, "0912-345") == {2}
    assert find(db, "+84 988 111") == {3}
    assert find(db, "0988111222") == {3}
    assert find(db, "024 3825") == {4}


def test_name_and_phone_together(db):
    assert find(db, "nguyen 0912 345") == {2}
    assert find(db, "tran 0912 345") == set()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"nguyen',
        'nguyen"',
        '""',
        "(",
        ")",
        "(nguyen",
        "nguyen)",
        "a AND b",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b, 2)",
        "nguyen OR",
        "NOT nguyen",
        "*",
        "nguyen*",
        "*nguyen",
        "body:nguyen",
        ":",
        "^nguyen",
        "^",
        "{body}: an",
        "a + b",
        "'",
        "\\",
        "nguyen -van",
        "- nguyen",
        ". .. ...",
        "\x00nguyen\x00",
        "\ud800",
        "nguyễn\u0301\u0301",
    ],
)
def test_fts_syntax_in_input_never_raises(db, text):
    query = fts_query(text)
    if query is not None:
        db.execute("SELECT rowid FROM search WHERE search MATCH ?", (query,)).fetchall()


def test_fts_keywords_are_plain_words(db):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE s USING fts5(body, tokenize=\"{TOKENIZER}\")")
    conn.execute("INSERT INTO s(rowid, body) VALUES (1, ?)", (fold("Hồ Thị Or Not"),))
    conn.execute("INSERT INTO s(rowid, body) VALUES (2, ?)", (fold("Hồ Văn"),))
    rows = {r[0] for r in conn.execute("SELECT rowid FROM s WHERE s MATCH ?", (fts_query("ho OR not"),))}
    assert rows == {1}
    conn.close()


def test_random_input_never_breaks_the_query(db):
    rng = random.Random(20240601)
    alphabet = list('abcđĐăâêôơư0123456789 .-"()*:^+{}[]\'\\,;!?@#$%&|~`<>=_/\t\n') + [
        "AND", "OR", "NOT", "NEAR", "Nguyễn", "\u0301", "\x00", "☺",
    ]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        query = fts_query(text)
        if query is not None:
            db.execute("SELECT rowid FROM search WHERE search MATCH ?", (query,)).fetchall()
