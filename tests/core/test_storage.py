"""Storage: pragmas, migrations with a copy taken first, restore on failure, schema version."""

import sqlite3

import pytest

from counter_app import db as dbmod
from counter_app import migrations, paths
from counter_app.errors import UserError


def test_new_database_has_house_pragmas(tmp_path):
    db = dbmod.open_data_dir(tmp_path / "d", create=True)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == dbmod.BUSY_TIMEOUT_MS
        n, name = migrations.schema_version(db)
        assert n == len(migrations.migrations._migrations) and name == migrations.migrations._migrations[-1].name
    finally:
        db.close()


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="Chưa có dữ liệu"):
        dbmod.open_data_dir(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


def test_write_tx_rolls_back_everything(db):
    before = db.execute("SELECT COUNT(*) FROM settings").fetchone()[0]
    with pytest.raises(RuntimeError):
        with dbmod.write_tx(db):
            db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
            raise RuntimeError("boom")
    assert db.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == before


def test_pending_migration_copies_the_file_first_and_failed_one_restores(data_dir, monkeypatch):
    """A new migration that fails: the copy taken before is put back and the error says so."""
    mig = migrations.migrations

    def m999_broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise ValueError("lỗi giả lập")

    mig._migrations.append(mig._Migration("m999_broken", m999_broken, True))
    try:
        with pytest.raises(UserError, match="khôi phục từ bản sao"):
            dbmod.open_data_dir(data_dir)
    finally:
        mig._migrations.pop()
    copies = list(paths.backups_dir(data_dir).glob("*-before-m999_broken.sqlite3"))
    assert len(copies) == 1
    db = dbmod.open_data_dir(data_dir)  # opens fine: nothing pending, data intact
    try:
        assert "half_done" not in db.table_names()
        assert db.execute("SELECT COUNT(*) FROM procedures").fetchone()[0] >= 20
    finally:
        db.close()


def test_successful_migration_keeps_data_and_leaves_a_copy(data_dir):
    mig = migrations.migrations

    def m998_add_column(db):
        db.execute("ALTER TABLE settings ADD COLUMN extra TEXT")

    mig._migrations.append(mig._Migration("m998_add_column", m998_add_column, True))
    try:
        db = dbmod.open_data_dir(data_dir)
        try:
            assert "extra" in db["settings"].columns_dict
            assert migrations.schema_version(db) == (len(mig._migrations), "m998_add_column")
        finally:
            db.close()
    finally:
        mig._migrations.pop()
    copy = next(paths.backups_dir(data_dir).glob("*-before-m998_add_column.sqlite3"))
    c = sqlite3.connect(copy)
    assert "extra" not in [r[1] for r in c.execute("PRAGMA table_info(settings)")]
    c.close()
