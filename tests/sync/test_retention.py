"""Scan retention against the real reference server: confirmed scans of closed dossiers leave
the PC after the period (rows, codes and hashes stay), open dossiers and unconfirmed files keep
theirs, and a removed scan comes back from the province on demand — or, when the province
cannot give it (404, other bytes, no network, key refused), nothing is written and a Vietnamese
message says why. Real SQLite files, the real engine and server on 127.0.0.1."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta

import pytest
from helpers import STATION

from cli import main as cli
from counter_app import timeutil
from counter_app.db import open_data_dir
from counter_app.scanning import attachments, retention, store
from counter_app.scanning.errors import FetchError, FileNotOnThisPC
from sync_support import LATER, on_disk, real_pdf_dossier, sync_pass


def attach_bytes(db, data_dir, actor, code, position, data):
    """``data`` as component ``position`` of dossier ``code`` (the core's store and attach)."""
    stored = store.put(data_dir, data, "pdf")
    did = attachments.dossier_id_by_code(db, code)
    attachments.save_scans(db, did, [attachments.ComponentPdf(position, stored.sha256, stored.size, 1, "x.pdf")],
                           actor, data_dir)
    return stored.sha256


def sample_pdf(text):
    from counter_app.scanning import pages as pg
    from counter_app.scanning import samples
    from counter_app.scanning.pdfbuild import build_pdf
    from counter_app.scanning.profile import ScanProfile

    return build_pdf([pg.page_from_image(samples.text_page(text, dpi=60, mark=1), ScanProfile(), origin=text)])


def files_of(db, code):
    return [tuple(r) for r in db.execute(
        "SELECT f.sha256, f.size, f.purged_at FROM attachments a JOIN files f ON f.sha256 = a.sha256 "
        "JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ? AND a.removed_at IS NULL ORDER BY a.component_position",
        [code])]


def run_cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = cli.main(list(args))
    return rc, out.getvalue(), err.getvalue()


def test_prune_keeps_open_and_unconfirmed_scans_and_frees_the_rest(station, maker, db, server):
    closed = maker.dossier(files=3, steps=3)  # result returned (10): final
    still_open = maker.dossier(files=2, steps=1)  # being processed (4): open
    # the same document in both dossiers: one file, kept because one of its dossiers is open
    document = sample_pdf("Giấy tờ chung")
    shared = attach_bytes(db, station, maker.actor, still_open, 2, document)
    attach_bytes(db, station, maker.actor, closed, 3, document)
    sync_pass(station)
    late = maker.dossier(files=1, steps=3)          # closed, but its upload is not confirmed yet
    closed_files = files_of(db, closed)
    # the closed dossier's files, including the one its shared document replaced
    gone = {r[0]: r[1] for r in db.execute(
        "SELECT DISTINCT f.sha256, f.size FROM attachments a JOIN files f ON f.sha256 = a.sha256 "
        "JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ? AND f.sha256 != ?", [closed, shared])}
    assert len(gone) == 3
    freed = sum(gone.values())
    now = timeutil.now() + LATER

    # Within the period nothing leaves; a dry run counts without removing.
    assert retention.prune(db, station, timeutil.now(), 365).files == 0
    dry = retention.prune(db, station, now, 365, dry_run=True)
    assert (dry.files, dry.bytes, dry.kept_open) == (3, freed, 3)
    assert all(on_disk(station, sha) for sha, _s, _p in closed_files)
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'scan-prune'").fetchone()[0] == 0

    result = retention.prune(db, station, now, 365)
    assert (result.files, result.bytes, result.kept_open, result.left_on_disk) == (3, freed, 3, 0)
    assert not any(on_disk(station, sha) for sha in gone)
    for sha, _size, purged_at in files_of(db, closed):
        assert (sha == shared) == (not purged_at) == on_disk(station, sha)
    assert all(on_disk(station, sha) and not p for sha, _s, p in files_of(db, still_open))
    assert all(on_disk(station, sha) and not p for sha, _s, p in files_of(db, late))
    # rows, codes, hashes and URLs stay
    row = db.execute("SELECT remote_url, size FROM files WHERE sha256 = ?", [closed_files[0][0]]).fetchone()
    assert row[0].endswith("/files/" + closed_files[0][0]) and row[1] == closed_files[0][1]
    [entry] = db.execute("SELECT actor, object, details FROM audit WHERE action = 'scan-prune'").fetchall()
    assert entry[0] == "system:retention" and entry[1] == "files"
    assert json.loads(entry[2]) == {"files": 3, "bytes": freed, "days": 365}  # counts only
    assert retention.prune(db, station, now, 365).files == 0  # nothing left to do

    # Pruned files are "kept at the province", not missing.
    report = store.verify_all(db, station)
    assert report.healthy and report.purged == 3 and not report.missing and not report.unknown

    # Reading a pruned scan is a distinct, Vietnamese error naming the dossier.
    did = attachments.dossier_id_by_code(db, closed)
    with pytest.raises(FileNotOnThisPC) as err:
        attachments.load_pages(db, station, did)
    assert closed in err.value.message and "hệ thống tỉnh" in err.value.message
    assert len(err.value.sha256s) == 2
    assert attachments.load_pages(db, station, did, [3])  # the shared component is still here
    assert attachments.load_for_editing(db, station, closed, allow_purged=True)["purged"] == [1, 2]


def test_fetch_back_restores_identical_bytes_and_the_viewer_works_again(station, maker, db, server):
    from sync.remote_files import open_province_files

    code, sha = real_pdf_dossier(maker)
    sync_pass(station)
    original = store.read(station, sha, "pdf")
    later = timeutil.now() + LATER
    assert retention.prune(db, station, later, 365).files == 1
    with pytest.raises(FileNotOnThisPC):
        attachments.load_for_editing(db, station, code)

    client = open_province_files(db, station)
    try:
        assert retention.fetch_back(db, station, sha, client, maker.actor, now=later) is True
    finally:
        client.close()
    assert store.read(station, sha, "pdf") == original
    loaded = attachments.load_for_editing(db, station, code)
    assert len(loaded["pages"][1]) == 2 and loaded["purged"] == []
    purged_at, fetched_at = db.execute("SELECT purged_at, fetched_back_at FROM files WHERE sha256 = ?", [sha]).fetchone()
    assert purged_at is None and fetched_at
    details = json.loads(db.execute("SELECT details FROM audit WHERE action = 'scan-fetch'").fetchone()[0])
    assert details == {"files": 1, "bytes": len(original)}
    # A scan fetched back stays for another period from the fetch.
    assert retention.prune(db, station, later + timedelta(days=300), 365).files == 0
    assert retention.prune(db, station, later + LATER, 365).files == 1
    # The print path (Mẫu 01 and the rest) reads no scan bytes; the form still renders.
    rc, _out, err = run_cli("--data-dir", str(station), "print", "mau-01", "--dossier", code,
                            "--out", str(station.parent / "m01.pdf"))
    assert rc == 0, err


def test_bad_answers_leave_the_file_absent_with_a_clear_message(station, maker, db, server):
    from sync.remote_files import open_province_files
    from sync_support import configure

    code, sha = real_pdf_dossier(maker)
    sync_pass(station)
    assert retention.prune(db, station, timeutil.now() + LATER, 365).files == 1
    folder = store.file_path(station, sha, "pdf").parent

    def refused(expected):
        client = open_province_files(db, station)  # a new client: no token kept from an earlier try
        try:
            with pytest.raises(FetchError) as err:
                retention.fetch_back(db, station, sha, client, maker.actor)
        finally:
            client.close()
        message = err.value.message
        assert message.startswith("Không tải được bản quét từ hệ thống tỉnh: ") and expected in message, message
        assert not folder.exists() or list(folder.iterdir()) == []  # nothing half-written, no temp file
        assert db.execute("SELECT purged_at FROM files WHERE sha256 = ?", [sha]).fetchone()[0]
        with pytest.raises(FileNotOnThisPC):
            attachments.load_for_editing(db, station, code)

    # the province answers with other bytes
    original = server.store.file_path(sha).read_bytes()
    server.store.file_path(sha).write_bytes(b"%PDF-1.4 something else entirely")
    refused("không khớp mã băm")
    server.store.file_path(sha).write_bytes(original)
    # the province re-keyed the station (401 on the token)
    _sid, new_secret = server.store.add_station(STATION["agency_code"], str(STATION["station"]))
    refused("từ chối khóa bí mật")
    configure(station, server.url, new_secret)
    # the province lost the file (404)
    server.store.file_path(sha).unlink()
    with server.store.tx() as c:
        c.execute("DELETE FROM files WHERE sha256 = ?", [sha])
    refused("không tìm thấy tệp này (404)")
    # no network
    server.stop()
    refused("không kết nối được tới máy chủ tỉnh")

    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'scan-fetch'").fetchone()[0] == 0
    assert store.verify_all(db, station).healthy


def test_settings_daily_run_and_command_line(station, maker, db, server, admin):
    from counter_app import settings
    from counter_app.errors import UserError
    from sync.provincial.server import ReferenceServer

    code, sha = real_pdf_dossier(maker)
    maker.dossier(files=1, steps=1)  # open: keeps its scan
    sync_pass(station)
    d = str(station)

    # 0 keeps every scan; the setting is checked; the app's daily run honours it.
    settings.update(db, admin, {"scan_retention_days": 0})
    assert retention.prune(db, station, timeutil.now() + timedelta(days=9000)).files == 0
    assert retention.run_scheduled(db, station, timeutil.now() + timedelta(days=9000)) is None
    with pytest.raises(UserError, match="Thời hạn lưu bản quét"):
        settings.update(db, admin, {"scan_retention_days": -1})
    rc, out, _ = run_cli("--data-dir", d, "scans", "retention", "--days", "30")
    assert rc == 0 and "30 ngày" in out and settings.get(db, "scan_retention_days") == 30
    rc, _out, err = run_cli("--data-dir", d, "scans", "prune", "--days", "-3")
    assert rc == 2 and "Thời hạn lưu bản quét" in err
    rc, out, _ = run_cli("--data-dir", d, "scans", "prune", "--days", "0")
    assert rc == 0 and "giữ mãi" in out
    rc, out, _ = run_cli("--data-dir", d, "scans", "prune", "--dry-run")
    assert rc == 0 and "0 tệp" in out  # confirmed today: not 30 days old yet

    # The app's daily run (30 days later): once, then not again within the day.
    month = timeutil.now() + timedelta(days=31)
    result = retention.run_scheduled(db, station, month)
    assert (result.files, result.kept_open, result.more) == (1, 1, False) and not on_disk(station, sha)
    assert retention.run_scheduled(db, station, month + timedelta(hours=1)) is None
    rc, out, _ = run_cli("--data-dir", d, "verify-files")
    assert rc == 0 and "đang lưu ở hệ thống tỉnh" in out
    rc, out, _ = run_cli("--data-dir", d, "scans", "retention", "--json")
    assert json.loads(out)["at_province_only"] == 1

    # Adding pages to a component whose scan is at the province is refused (the old pages would
    # silently drop out of the new PDF); nothing is written.
    rc, _out, err = run_cli("--data-dir", d, "attach", "--dossier", code, "--component", "1",
                            str(station.parent / "page.png"))
    assert rc == 2 and "scans fetch " + code in err

    port = server.port
    server.stop()
    rc, _out, err = run_cli("--data-dir", d, "scans", "fetch", code)
    assert rc == 1 and "không kết nối được" in err and not on_disk(station, sha)
    second = ReferenceServer(server.store.data_dir, port=port).start()  # back, same store and address
    try:
        rc, out, _ = run_cli("--data-dir", d, "scans", "fetch", code)
    finally:
        second.stop()
    assert rc == 0 and "Đã tải lại 1 tệp bản quét" in out and on_disk(station, sha)
    rc, out, _ = run_cli("--data-dir", d, "scans", "fetch", code)
    assert rc == 0 and "đều đang có trên máy" in out
    rc, _out, err = run_cli("--data-dir", d, "scans", "fetch", "000.00.06.H56-000000-1999")
    assert rc == 2 and "Không tìm thấy hồ sơ" in err


def test_backup_and_restore_after_a_prune(station, maker, db, server, tmp_path):
    from counter_app import backup

    code, sha = real_pdf_dossier(maker)
    keep = maker.dossier(files=1, steps=1)
    sync_pass(station)
    assert retention.prune(db, station, timeutil.now() + LATER, 365).files == 1
    result = backup.backup(station, tmp_path / "usb")
    assert result.files_total == 1  # the scan of the open dossier; the pruned one is at the province
    db.close()
    new_pc = tmp_path / "new-pc"
    backup.restore(new_pc, result.path)
    restored = open_data_dir(new_pc)
    try:
        assert store.verify_all(restored, new_pc).healthy
        assert restored.execute("SELECT purged_at FROM files WHERE sha256 = ?", [sha]).fetchone()[0]
        [(kept_sha, size, purged)] = files_of(restored, keep)
        assert not purged and len(store.read(new_pc, kept_sha, "pdf")) == size
        with pytest.raises(FileNotOnThisPC):
            attachments.load_for_editing(restored, new_pc, code)
    finally:
        restored.close()
