"""Helpers for the sync tests (importable: conftest puts this folder on sys.path)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path

from helpers import STATION

TEST_TUNING = dict(connect_timeout=15.0, read_timeout=15.0, backoff_base=0.01, backoff_cap=0.05, probe_interval=0.05,
                   idle_interval=0.2, batch_size=50, chunk_size=16 * 1024, upload_workers=4)


def configure(data_dir: Path, server_url: str, secret: str, **over) -> None:
    from counter_app.db import open_data_dir
    from sync import config

    db = open_data_dir(data_dir)
    try:
        cfg = config.SyncConfig(server_url=server_url, station_id=f"{STATION['agency_code']}/{STATION['station']}",
                                secret_store="file", **{**TEST_TUNING, **over})
        config.secret_store(data_dir, cfg).set(secret)
        config.save(db, cfg)
    finally:
        db.close()


def secret_of(data_dir: Path) -> str:
    return (Path(data_dir) / "sync-secret").read_text(encoding="utf-8").strip()


class Maker:
    """Dossiers through the real core services: intake, imported files, status changes."""

    def __init__(self, db, data_dir: Path, seed: int = 7) -> None:
        from counter_app import accounts, procedures

        self.db = db
        self.data_dir = data_dir
        self.rng = random.Random(seed)
        self.actor = accounts.authenticate(db, STATION["admin_user"], STATION["admin_password"])
        self.procs = [sp.procedure for sp in procedures.active_procedures(db)]
        self.n = 0

    def dossier(self, *, files: int = 1, file_size: tuple[int, int] = (500, 4000), steps: int = 0) -> str:
        """A dossier received through intake, with ``files`` stored files attached to its first
        components (the scanning module's store and attachments) and ``steps`` status changes."""
        from counter_app import intake, lifecycle, synthetic
        from counter_app.scanning import attachments, store

        received = datetime(2026, 11, 2, 8, 0) + timedelta(days=self.n // 400, minutes=self.n % 400)
        self.n += 1
        data = synthetic.intake_data(self.rng, self.rng.choice(self.procs), received)
        data["received_at"] = received.isoformat() + "+07:00"
        while len(data["components"]) < files:
            data["components"].append({"name": f"Giấy tờ khác {len(data['components']) + 1}", "originals": 1})
        saved = intake.save(self.db, intake.parse_request(data), self.actor)
        items = []
        for i in range(files):
            stored = store.put(self.data_dir, self.rng.randbytes(self.rng.randint(*file_size)), "pdf")
            items.append(attachments.ComponentPdf(i + 1, stored.sha256, stored.size, 1, f"scan-{i + 1}.pdf"))
        if items:
            attachments.save_scans(self.db, saved.id, items, self.actor, self.data_dir)
        at = saved.received_at
        for target in (4, 9, 10)[:steps]:
            at = at + timedelta(hours=1)
            lifecycle.change_status(self.db, saved.code, target, self.actor, action=f"to-{target}", at=at)
        return saved.code


def local_history(db, code: str) -> list[tuple[str, str]]:
    from counter_app import timeutil

    return [
        (str(r[0]), timeutil.wire(timeutil.parse_iso(r[1])))
        for r in db.execute(
            "SELECT h.status, h.at FROM history h JOIN dossiers d ON d.id = h.dossier_id WHERE d.code = ? "
            "AND h.action != 'province' ORDER BY h.id", [code])
    ]


def server_history(server, code: str) -> list[tuple[str, str]]:
    import json

    rows = server.store.conn().execute(
        "SELECT entry FROM progress WHERE code = ? AND source IN ('record', 'station') ORDER BY id", [code]
    ).fetchall()
    return [(json.loads(r[0])["TrangThai"], json.loads(r[0])["ThoiDiemXuLy"]) for r in rows]


def local_files(db, code: str) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT a.sha256 FROM attachments a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ?", [code])}


def assert_exactly_once(db, server) -> None:
    """Every local dossier is at the server once (one record version), with its files (bytes
    hashing to their sha256) and its history entries in order, none repeated."""
    codes = [r[0] for r in db.execute("SELECT code FROM dossiers ORDER BY id")]
    conn = server.store.conn()
    stored = {r[0]: r[1] for r in conn.execute("SELECT code, versions FROM dossiers")}
    assert set(stored) == set(codes)
    assert all(v == 1 for v in stored.values()), "a record was applied twice"
    for code in codes:
        record = server.store.dossier(code)
        assert server_history(server, code) == local_history(db, code), code
        shas = {f["Sha256"] for f in record["TaiLieuNop"]}
        assert shas == local_files(db, code), code
        for f in record["TaiLieuNop"]:
            assert f["DuongDanTaiTepTin"].endswith("/files/" + f["Sha256"])
    for sha, size in conn.execute("SELECT sha256, size FROM files"):
        data = server.store.file_path(sha).read_bytes()
        assert len(data) == size and hashlib.sha256(data).hexdigest() == sha
    n_files = db.execute("SELECT COUNT(DISTINCT sha256) FROM attachments").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == n_files


def drain(engine, max_passes: int = 400):
    """Run passes until nothing is queued (bounded)."""
    import time

    summary = None
    for _ in range(max_passes):
        summary = engine.run_pass()
        if summary.queued["queued"] == 0:
            return summary
        time.sleep(min(summary.next_due or 0.0, 0.05))
    raise AssertionError(f"queue not drained: {summary.queued if summary else None}")


# --- scan retention (test_retention*.py) ---------------------------------------------------------

LATER = timedelta(days=400)  # "now" for the prune: the confirmations are a year and more old


def sync_pass(data_dir):
    from sync.engine import Engine

    engine = Engine(data_dir)
    try:
        summary = engine.run_pass(force=True)
    finally:
        engine.close()
    assert summary.queued["queued"] == 0, summary.queued
    return summary


def on_disk(data_dir, sha):
    from counter_app.scanning import store

    return store.file_path(data_dir, sha, "pdf").exists()


def real_pdf_dossier(maker, steps=3):
    """A dossier whose component 1 is a real 2-page PDF built from scanned pages (the viewer
    path parses it), moved through ``steps`` status changes (3 = result returned)."""
    from counter_app import lifecycle, timeutil
    from counter_app.scanning import attachments
    from counter_app.scanning import pages as pg
    from counter_app.scanning import samples
    from counter_app.scanning.profile import ScanProfile

    code = maker.dossier(files=0)
    did = attachments.dossier_id_by_code(maker.db, code)
    name = maker.db.execute("SELECT name FROM components WHERE dossier_id = ? AND position = 1", [did]).fetchone()[0]
    pages = [pg.page_from_image(samples.text_page(f"Trang {i}", dpi=60, mark=i), ScanProfile(), origin=f"p{i}")
             for i in (1, 2)]
    comp = attachments.store_component(maker.data_dir, 1, name, pages)
    attachments.save_scans(maker.db, did, [comp], maker.actor, maker.data_dir)
    at = timeutil.parse_iso(maker.db.execute("SELECT received_at FROM dossiers WHERE id = ?", [did]).fetchone()[0])
    for target in (4, 9, 10)[:steps]:
        at += timedelta(hours=1)
        lifecycle.change_status(maker.db, code, target, maker.actor, action=f"to-{target}", at=at)
    return code, comp.sha256
