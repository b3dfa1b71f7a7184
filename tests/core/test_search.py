"""Folding search over a real database: đ→d, diacritics, ID prefixes, codes, phones."""

from counter_app import dossiers, intake, synthetic
from counter_app.catalogue import load_seed_catalogue
from helpers import sample_intake


def take(db, actor, name, id_number, phone="", at="2026-11-20T09:00:00+07:00"):
    data = sample_intake(received_at=at)
    data["applicant"].update(full_name=name, id_number=id_number, phone=phone,
                             birth_date=None, sex=None)
    return intake.save(db, intake.parse_request(data), actor).code


def codes(db, text):
    return sorted(r[1] for r in dossiers.search(db, text))


def test_folding_search(db, admin):
    an = take(db, admin, "Nguyễn Văn An", "001099012345", "0912345678")
    dang = take(db, admin, "Đặng Thị Hoa", "025301004321")
    nguyet = take(db, admin, "Lưu Thị Nguyệt", "079301004322", "0388 111 222")
    assert codes(db, "dang") == [dang]
    assert codes(db, "Đặng") == [dang]
    assert codes(db, "nguyen van an") == [an]
    assert codes(db, "NGUYEN VAN") == [an]
    assert codes(db, "nguyet") == [nguyet]
    assert codes(db, "001099") == [an]  # ID-number prefix
    assert codes(db, "07930100432") == [nguyet]
    assert codes(db, an) == [an]  # a full code
    assert codes(db, an[:-2]) == sorted([an, dang, nguyet])  # a code prefix
    assert codes(db, an.split("-", 1)[1]) == [an]  # date-sequence tail
    assert codes(db, "0912 345") == [an]  # a phone typed in groups
    assert codes(db, "0388111") == [nguyet]
    assert codes(db, "hoa nguyen") == []
    assert codes(db, '"); DROP TABLE dossiers; --') == []
    assert codes(db, "   ") == []


def test_ledger_filters(db, admin):
    from datetime import date

    from counter_app.dossiers import LedgerFilter

    a = take(db, admin, "Nguyễn Văn An", "001099012345", at="2026-11-18T09:00:00+07:00")
    b = take(db, admin, "Trần Văn Bình", "001099012346", at="2026-11-20T09:00:00+07:00")
    from counter_app.ledger_query import page

    def codes_of(f):
        return [r[1] for r in page(db, f).rows]

    assert codes_of(LedgerFilter()) == [b, a]  # newest first
    assert codes_of(LedgerFilter(date_from=date(2026, 11, 18), date_to=date(2026, 11, 18))) == [a]
    assert codes_of(LedgerFilter(statuses=(9,))) == []
    assert len(codes_of(LedgerFilter(text="van", statuses=(2,)))) == 2
    assert codes_of(LedgerFilter(text="khong co ai")) == []


def test_synthetic_bulk_fill_is_searchable(db):
    procs = [(1, load_seed_catalogue().procedures[0])]
    n = synthetic.bulk_fill(db, procs, 3000, agency_code="000.00.06.H56", per_day=300, seed=1)
    assert n == 3000
    assert db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 3000
    assert db.execute("SELECT COUNT(*) FROM dossier_fts").fetchone()[0] == 3000
    hits = dossiers.search(db, "nguyen", limit=50)
    assert len(hits) == 50 and all("Nguyễn" in r[3] for r in hits)
    codes_ = [r[0] for r in db.execute("SELECT code FROM dossiers")]
    assert len(set(codes_)) == 3000
