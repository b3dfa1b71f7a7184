"""A result document's scan goes up like any file and fills the synced record's
``DanhSachGiayToKetQua`` (issue 20 scope 5): real reference server, real engine, real SQLite."""

from __future__ import annotations

import hashlib

from counter_app import lifecycle
from counter_app.scanning import pages as pg
from counter_app.scanning import results, samples
from counter_app.scanning.profile import ScanProfile
from sync_support import drain


def test_result_scan_is_uploaded_then_listed_with_its_url(station, db, server, maker):
    from sync.engine import Engine

    code = maker.dossier(files=1, steps=1)  # handed over to the resolving unit (4)
    engine = Engine(station)
    try:
        drain(engine)
        record = server.store.dossier(code)
        assert record["DanhSachGiayToKetQua"] == []
        lifecycle.perform(db, code, "result-received", maker.actor, {})
        page = pg.page_from_image(samples.text_page("Giấy xác nhận", dpi=60, mark=3), ScanProfile(), origin="kq")
        res = results.attach(db, station, code, [page], maker.actor, doc_number="45/2026/XNHN")
        # before the upload the record lists no result (no URL yet)
        from counter_app import wire

        did = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
        assert wire.build_record(db, did, None)["DanhSachGiayToKetQua"] == []
        drain(engine)
    finally:
        engine.close()
    record = server.store.dossier(code)
    items = record["DanhSachGiayToKetQua"]
    assert len(items) == 1
    item = items[0]
    assert item["DuongDanTepTinKetQua"].endswith("/files/" + res["sha256"]) and item["Sha256"] == res["sha256"]
    assert item["TenGiayTo"] == res["title"] and item["MaGiayToKetQua"] == "45/2026/XNHN"
    assert item["GiayToId"] == str(res["id"]) and item["MaThanhPhanHoSo"] == ""
    # the submitted papers are not mixed with the result
    assert res["sha256"] not in {f["Sha256"] for f in record["TaiLieuNop"]} and len(record["TaiLieuNop"]) == 1
    assert record["TrangThaiHoSo"] == "9"
    # the bytes at the server (served at that URL to the owning station) are the stored PDF
    local = (station / "files" / res["sha256"][:2] / res["sha256"][2:4] / f"{res['sha256']}.pdf").read_bytes()
    on_server = server.store.file_path(res["sha256"]).read_bytes()
    assert on_server == local and hashlib.sha256(on_server).hexdigest() == res["sha256"]
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0] == 0
