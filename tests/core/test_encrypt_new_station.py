"""Issue 18 scope 4: encryption chosen at set-up turns the empty plain database the GUI has
already created into an encrypted one. Each step leaves a station the next start can open: plain
and not set up (the set-up shows again), or encrypted. A database with anything in it is refused."""

import sqlite3
import sys

import pytest

from counter_app import dbkey, encryption, paths, settings, setup
from counter_app.db import open_data_dir
from counter_app.errors import UserError
from helpers import STATION


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # the key file


def fresh(d):
    """What the GUI leaves before its set-up dialog: an empty, migrated, plain database."""
    open_data_dir(d, create=True).close()
    assert paths.db_path(d).read_bytes()[:16] == b"SQLite format 3\x00"


def test_empty_station_becomes_encrypted_then_set_up_and_reopened(tmp_path):
    d = tmp_path / "st"
    fresh(d)
    assert encryption.encrypt_new_station(d) == "file"
    assert not paths.db_path(d).exists() and dbkey.is_encrypted(d)
    db = open_data_dir(d, create=True)
    try:
        setup.initialize(db, dict(STATION))
    finally:
        db.close()
    raw = paths.db_path(d).read_bytes()
    assert not raw.startswith(b"SQLite format 3") and STATION["agency_name"].encode() not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(paths.db_path(d)).execute("SELECT * FROM settings").fetchall()
    db = open_data_dir(d)  # a restart: opened with the stored key
    try:
        assert settings.is_set_up(db) and settings.get(db, "agency_code") == STATION["agency_code"]
    finally:
        db.close()
    assert encryption.encrypt_new_station(d) == "file"  # already encrypted: nothing to do

    out = tmp_path / "usb" / "khoa.key"
    out.parent.mkdir()
    fp = encryption.export_recovery_key(d, out)
    lines = out.read_text().split()
    assert lines[:2] == ["counter-app-db-key", "v1"] and dbkey.fingerprint(lines[2]) == fp
    if sys.platform != "win32":  # Windows has no mode bits (only read-only): the folder's ACL governs
        assert out.stat().st_mode & 0o777 == 0o600
    with pytest.raises(UserError, match="không ghi đè"):
        encryption.export_recovery_key(d, out)


@pytest.mark.parametrize("what", ["set-up", "dossier-free account"])
def test_a_station_with_data_is_refused_and_left_alone(tmp_path, what):
    from counter_app import accounts

    d = tmp_path / "st"
    db = open_data_dir(d, create=True)
    try:
        if what == "set-up":
            setup.initialize(db, dict(STATION))
        else:
            accounts.create_user(db, "admin", "A", "admin", "matkhau-quan-tri")
    finally:
        db.close()
    before = paths.db_path(d).read_bytes()
    with pytest.raises(UserError, match="encrypt"):
        encryption.encrypt_new_station(d)
    assert paths.db_path(d).read_bytes() == before and not dbkey.is_encrypted(d)
    assert not (d / dbkey.KEY_FILE).exists()


def test_crash_after_removing_the_plain_database_leaves_a_plain_station_to_set_up(tmp_path, monkeypatch):
    d = tmp_path / "st"
    fresh(d)

    def crash(*_a):
        raise OSError("power cut")

    monkeypatch.setattr(dbkey, "write_marker", crash)
    with pytest.raises(OSError):
        encryption.encrypt_new_station(d)
    monkeypatch.undo()
    assert not dbkey.is_encrypted(d)
    db = open_data_dir(d, create=True)  # the next start
    try:
        assert not settings.is_set_up(db)
    finally:
        db.close()
    assert paths.db_path(d).read_bytes()[:16] == b"SQLite format 3\x00"


def test_crash_after_the_marker_leaves_a_station_that_opens_encrypted(tmp_path, monkeypatch):
    d = tmp_path / "st"
    fresh(d)
    encryption.encrypt_new_station(d)  # the re-open that would follow never happened
    db = open_data_dir(d, create=True)  # the next start
    try:
        assert not settings.is_set_up(db)
    finally:
        db.close()
    assert not paths.db_path(d).read_bytes().startswith(b"SQLite format 3")
