"""The citizen's satisfaction ratings go up to the province in the dossier's record
(``DanhGiaHaiLong``; issue 20 scope 4): stored → queued → synced. Real reference server, real
engine, real SQLite."""

from __future__ import annotations

from counter_app import satisfaction
from sync_support import drain


def _open_rows(db, code):
    return db.execute("SELECT o.kind, o.ref, o.payload IS NULL FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                      "WHERE d.code = ? AND o.state != 'done' ORDER BY o.id", [code]).fetchall()


def test_ratings_are_synced_in_the_record(station, db, server, maker):
    from sync.engine import Engine

    code = maker.dossier(files=0, steps=0)
    # rated right after receipt, before any sync: the record not built yet carries it, no extra row
    satisfaction.record(db, code, "receipt", "satisfied", maker.actor)
    assert [r[0] for r in _open_rows(db, code)] == ["dossier"]
    engine = Engine(station)
    try:
        drain(engine)
        rec = server.store.dossier(code)
        assert [(r["GiaiDoan"], r["MucDanhGia"], r["HaiLong"]) for r in rec["DanhGiaHaiLong"]] == \
            [("TiepNhan", "satisfied", "1")]
        assert server.store.conn().execute("SELECT versions FROM dossiers WHERE code = ?", [code]).fetchone()[0] == 1
        # the result returned, then rated: the tap queues a record update, which the sync sends
        from counter_app import lifecycle

        for action, data in (("handover", {"unit": "Văn phòng UBND xã"}), ("result-received", {}), ("return", {})):
            lifecycle.perform(db, code, action, maker.actor, data)
        drain(engine)
        satisfaction.record(db, code, "return", "very-dissatisfied", maker.actor)
        assert ("dossier", "update", 1) in [tuple(r) for r in _open_rows(db, code)]
        drain(engine)
    finally:
        engine.close()
    rec = server.store.dossier(code)
    items = rec["DanhGiaHaiLong"]
    assert [(r["GiaiDoan"], r["MucDanhGia"], r["TenMucDanhGia"], r["HaiLong"]) for r in items] == [
        ("TiepNhan", "satisfied", "Hài lòng", "1"), ("TraKetQua", "very-dissatisfied", "Rất không hài lòng", "0")]
    assert all(len(r["ThoiDiemDanhGia"]) == 14 and r["TieuChi"] == "overall" for r in items)
    assert rec["TrangThaiHoSo"] == "10"
    assert server.store.conn().execute("SELECT versions FROM dossiers WHERE code = ?", [code]).fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0] == 0


def test_a_bad_rating_list_is_refused_by_the_reference_server():
    from sync.provincial.store import validate_record

    base = {"MaHoSo": "X-1", "TrangThaiHoSo": "2", "NgayTiepNhan": "20261204090000"}
    assert validate_record({**base, "DanhGiaHaiLong": []}, "X") == ""
    assert "DanhGiaHaiLong" in validate_record({**base, "DanhGiaHaiLong": [{"MucDanhGia": "a", "HaiLong": "yes"}]}, "X")
    assert "DanhGiaHaiLong" in validate_record({**base, "DanhGiaHaiLong": "1"}, "X")
