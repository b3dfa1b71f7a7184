"""Upgrading a database made by the first schema (tests/data/schema-v1.sqlite3, made by
scripts/make_schema_v1_fixture.py with only m001_initial) to the current schema."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from counter_app import accounts, dossiers, intake, migrations, paths
from counter_app.db import open_data_dir
from counter_app.errors import UserError
from helpers import sample_intake

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "schema-v1.sqlite3"


@pytest.fixture
def v1(tmp_path):
    d = tmp_path / "old"
    d.mkdir()
    shutil.copy(FIXTURE, paths.db_path(d))
    return d


def codes(path):
    c = sqlite3.connect(path)
    try:
        return [r[0] for r in c.execute("SELECT code FROM dossiers ORDER BY id")]
    finally:
        c.close()


def test_fixture_is_the_first_schema():
    c = sqlite3.connect(FIXTURE)
    assert [r[0] for r in c.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
    c.close()


def test_upgrade_from_first_schema_keeps_everything(v1):
    before = codes(paths.db_path(v1))
    assert len(before) == 3
    db = open_data_dir(v1)
    try:
        n, last = migrations.schema_version(db)
        assert n == len(migrations.migrations._migrations) and last == migrations.migrations._migrations[-1].name
        assert codes(paths.db_path(v1)) == before
        d = dossiers.get_detail(db, before[0])
        assert d["history"][0]["status"] == 2 and d["applicant"]["full_name"]
        assert dossiers.search(db, d["applicant"]["full_name"])  # the search index survived
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # and the upgraded station keeps working: the next code follows the day's sequence
        admin = accounts.authenticate(db, "admin", "matkhau-quan-tri")
        new = intake.save(db, intake.parse_request(sample_intake(received_at="2026-11-16T11:00:00+07:00")), admin)
        assert new.code.endswith("-261116-1002")
    finally:
        db.close()
    copies = list(paths.backups_dir(v1).glob("counter-*-before-*.sqlite3"))
    assert len(copies) == 1 and codes(copies[0]) == before


def test_failed_upgrade_restores_the_copy_and_says_so(v1):
    mig = migrations.migrations

    def m999_broken(db):
        db.execute("DROP TABLE dossiers")
        raise RuntimeError("lỗi giả lập giữa chừng")

    mig._migrations.append(mig._Migration("m999_broken", m999_broken, True))
    try:
        with pytest.raises(UserError, match="khôi phục từ bản sao"):
            open_data_dir(v1)
    finally:
        mig._migrations.pop()
    assert len(codes(paths.db_path(v1))) == 3  # data as it was
    db = open_data_dir(v1)  # the real migrations still apply afterwards
    try:
        assert migrations.schema_version(db)[0] == len(mig._migrations)
    finally:
        db.close()
