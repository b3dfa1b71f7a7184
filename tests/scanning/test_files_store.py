"""The content-addressed store and attachments on real files and a real SQLite database:
dedup, the integrity check, outbox/audit rows, limits, and a full disk (a real tiny tmpfs)."""

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PIL import Image

from counter_app import audit, intake, paths, setup
from counter_app.db import open_data_dir
from counter_app.scanning import attachments, samples, store
from counter_app.scanning import pages as pg
from counter_app.scanning import profile as prof
from counter_app.scanning.errors import StorageError
from counter_app.scanning.pdfbuild import page_count
from counter_app.scanning.profile import ScanProfile
from helpers import ID_PAPER, STATION, sample_intake

ROOT = Path(__file__).resolve().parents[2]


def scan_pages(n: int, dpi: int = 100):
    return [pg.page_from_image(samples.text_page(f"Trang {i}", dpi=dpi, mark=i), ScanProfile(), origin=f"t{i}")
            for i in range(1, n + 1)]


def new_dossier(db, admin, **over):
    data = sample_intake(**over)
    data["components"] = [
        {"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", "originals": 1, "copies": 0,
         "certified_copies": 0, "pages": 1},
        {"name": ID_PAPER, "originals": 0, "copies": 1, "certified_copies": 0, "pages": 1},
    ]
    return intake.save(db, intake.parse_request(data), admin)


def test_put_is_atomic_idempotent_and_content_addressed(tmp_path):
    data = b"%PDF-1.4 test" * 1000
    a = store.put(tmp_path, data, "pdf")
    b = store.put(tmp_path, data, "pdf")
    assert a.path == b.path and not a.existed and b.existed
    assert a.path == tmp_path / "files" / a.sha256[:2] / a.sha256[2:4] / f"{a.sha256}.pdf"
    assert a.path.read_bytes() == data
    assert [p.name for p in a.path.parent.iterdir()] == [a.path.name]  # no temp file left
    a.path.write_bytes(b"tampered")  # a damaged copy is replaced, not trusted
    assert not store.put(tmp_path, data, "pdf").existed and a.path.read_bytes() == data


def test_attach_writes_file_attachment_outbox_and_audit_in_one_go(data_dir, db, admin):
    saved = new_dossier(db, admin)
    comp = attachments.store_component(data_dir, 1, "Tờ khai", scan_pages(3))
    assert page_count(store.read(data_dir, comp.sha256, "pdf")) == 3
    assert attachments.save_scans(db, saved.id, [comp], admin, data_dir) == 1
    rows = db.execute("SELECT component_position, sha256, pages, filename, removed_at FROM attachments").fetchall()
    assert [tuple(r) for r in rows] == [(1, comp.sha256, 3, "01-to-khai.pdf", None)]
    out = db.execute("SELECT kind, dossier_id, ref, idem_key, state FROM outbox WHERE kind = 'file'").fetchall()
    assert [(r[0], r[1], r[2], r[4]) for r in out] == [("file", saved.id, comp.sha256, "pending")]
    uuid.UUID(out[0][3])
    entry = db.execute("SELECT action, object, details FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert (entry[0], entry[1]) == ("attach", saved.code)
    details = json.loads(entry[2])
    assert details["pages"] == 3 and "Nguyễn" not in entry[2]  # no personal data
    assert audit.verify(db) is None
    # the same component again: nothing new; a changed one replaces the old PDF
    assert attachments.save_scans(db, saved.id, [comp], admin, data_dir) == 0
    comp2 = attachments.store_component(data_dir, 1, "Tờ khai", scan_pages(2))
    attachments.save_scans(db, saved.id, [comp2], admin, data_dir)
    assert [a["sha256"] for a in attachments.active(db, saved.id)] == [comp2.sha256]
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'file'").fetchone()[0] == 2
    attachments.save_scans(db, saved.id, [attachments.Removal(1)], admin)
    assert attachments.active(db, saved.id) == []


def test_same_document_for_two_dossiers_is_stored_once(data_dir, db, admin):
    jpeg = samples.encode(samples.text_page("Giấy khai sinh", dpi=100), "JPEG")
    d1, d2 = new_dossier(db, admin), new_dossier(db, admin)
    for d in (d1, d2):
        comp = attachments.store_component(data_dir, 2, "Bản sao", pg.pages_from_bytes(jpeg, "ks.jpg", ScanProfile()))
        attachments.save_scans(db, d.id, [comp], admin, data_dir)
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 2
    assert len(list((data_dir / "files").rglob("*.pdf"))) == 1


def test_unknown_component_and_dossier_limit(data_dir, db, admin, monkeypatch):
    saved = new_dossier(db, admin)
    comp = attachments.store_component(data_dir, 5, "X", scan_pages(1))
    with pytest.raises(Exception) as e:
        attachments.save_scans(db, saved.id, [comp], admin, data_dir)
    assert "không có thành phần số 5" in str(e.value)
    comp = attachments.store_component(data_dir, 1, "Tờ khai", scan_pages(2))
    monkeypatch.setattr(prof, "MAX_DOSSIER_BYTES", comp.size - 1)
    with pytest.raises(Exception) as e:
        attachments.save_scans(db, saved.id, [comp], admin, data_dir)
    assert "vượt giới hạn" in str(e.value)
    assert db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0


def test_verify_files_finds_corrupt_missing_unknown_and_sweeps_temp(data_dir, db, admin):
    saved = new_dossier(db, admin)
    c1 = attachments.store_component(data_dir, 1, "Tờ khai", scan_pages(1))
    c2 = attachments.store_component(data_dir, 2, "Bản sao", scan_pages(2))
    attachments.save_scans(db, saved.id, [c1, c2], admin, data_dir)
    report = store.verify_all(db, data_dir)
    assert report.healthy and (report.checked, report.ok) == (2, 2)
    p1 = store.file_path(data_dir, c1.sha256, "pdf")
    raw = bytearray(p1.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one flipped bit, same size
    p1.write_bytes(bytes(raw))
    store.file_path(data_dir, c2.sha256, "pdf").unlink()
    stray = data_dir / "files" / "ab" / "cd"
    stray.mkdir(parents=True)
    (stray / "abcd-unknown.pdf").write_bytes(b"x")
    tmp = stray / ".abcd.1234.tmp"
    tmp.write_bytes(b"half")
    os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    report = store.verify_all(db, data_dir)
    assert report.corrupt == [c1.sha256] and report.missing == [c2.sha256] and not report.healthy
    assert report.unknown == ["files/ab/cd/abcd-unknown.pdf"] and report.temp_removed == 1
    assert not tmp.exists()
    with pytest.raises(StorageError) as e:
        store.read(data_dir, c1.sha256, "pdf")
    assert "không khớp mã băm" in e.value.message


# --- a full disk: a real tiny tmpfs --------------------------------------------------------------
# The station is set up on an 8 MB tmpfs (the set-up's write-ahead log peaks near 1.4 MB beside a
# 0.7 MB database: a 2 MB disk no longer holds its checkpoint since the scorecard's kept sums,
# m021), then a ballast file leaves FREE_AFTER_SETUP bytes: what the tests' big scans exceed.
FREE_AFTER_SETUP = 1_300_000

@pytest.fixture
def tiny_data_dir(tmp_path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + r.stderr.decode(errors="replace").strip())
    try:
        d = mnt / "data"
        db = open_data_dir(d, create=True)
        try:
            setup.initialize(db, dict(STATION))
        finally:
            db.close()
        st = os.statvfs(mnt)
        (mnt / "ballast").write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - FREE_AFTER_SETUP))
        yield d
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def noise_page():
    im = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    return pg.page_from_image(im, ScanProfile(color_mode="color", jpeg_quality=95), origin="noise", dpi=100)


def test_full_disk_keeps_dossier_and_earlier_scans_and_leaves_nothing_half_written(tiny_data_dir, admin):
    from counter_app import accounts

    db = open_data_dir(tiny_data_dir)
    try:
        admin = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        saved = new_dossier(db, admin)
        first = attachments.store_component(tiny_data_dir, 1, "Tờ khai", scan_pages(1))
        attachments.save_scans(db, saved.id, [first], admin, tiny_data_dir)
        big = [noise_page() for _ in range(2)]  # ~2.5 MB: more than the disk has left
        with pytest.raises(StorageError) as e:
            attachments.store_component(tiny_data_dir, 2, "Bản sao", big)
        assert "Ổ đĩa chứa dữ liệu đã đầy" in e.value.message
        assert [a["sha256"] for a in attachments.active(db, saved.id)] == [first.sha256]
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'file'").fetchone()[0] == 1
        assert store.verify_all(db, tiny_data_dir).healthy
    finally:
        db.close()
    leftovers = [p for p in (tiny_data_dir / "files").rglob("*") if p.is_file()]
    assert leftovers == [store.file_path(tiny_data_dir, first.sha256, "pdf")]  # no temp file, no partial PDF


def test_cli_attach_on_a_full_disk_exits_2_with_a_clear_message(tiny_data_dir, tmp_path):
    db = open_data_dir(tiny_data_dir)
    try:
        from counter_app import accounts

        code = new_dossier(db, accounts.cli_actor()).code
    finally:
        db.close()
    f = tmp_path / "noise.jpg"
    Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3)).save(f, quality=95)
    g = tmp_path / "noise2.jpg"
    Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3)).save(g, quality=95)
    r = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(tiny_data_dir), "attach", "--dossier",
                        code, "--component", "1", "--color", "color", str(f), str(g)], capture_output=True, text=True, encoding="utf-8",
                       cwd=ROOT, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Ổ đĩa chứa dữ liệu đã đầy" in r.stderr
    c = sqlite3.connect(paths.db_path(tiny_data_dir))
    try:
        assert c.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    finally:
        c.close()
    assert [p for p in (tiny_data_dir / "files").rglob("*") if p.is_file()] == []
