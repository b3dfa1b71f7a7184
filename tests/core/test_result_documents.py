"""Result documents (issue 20 scope 5, counter_app/scanning/results.py): attached at status 9 or
10 only, numbered, one transaction with the outbox row and the audit entry; listed in the
record's DanhSachGiayToKetQua only once the upload is confirmed; a record already frozen
without it gets an update. Real SQLite, real store."""

from __future__ import annotations

import pytest

from counter_app import intake, lifecycle, outbox, wire
from counter_app.errors import UserError
from counter_app.scanning import results, store
from helpers import sample_intake
from sync.queue import Row
from sync.uploads import record_update_needed


def _counts(db):
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("files", "attachments", "outbox", "audit"))


def _pdf(data_dir, text: str) -> results.ResultPdf:
    stored = store.put(data_dir, f"%PDF-1.4 {text}".encode(), "pdf")
    return results.ResultPdf(stored.sha256, stored.size, 1)


def test_only_with_the_result_numbered_and_listed_once_uploaded(db, admin, data_dir):
    code = intake.save(db, intake.parse_request(sample_intake()), admin).code
    did = db.execute("SELECT id FROM dossiers WHERE code = ?", [code]).fetchone()[0]
    first = _pdf(data_dir, "kq 1")
    before = _counts(db)
    with pytest.raises(UserError, match="chỉ đính kèm bản quét kết quả khi đã có kết quả"):
        results.record(db, code, first, admin, data_dir)
    assert _counts(db) == before  # nothing half-written
    # the receipt record is sent (frozen and acknowledged) before the result exists
    rec_row = db.execute("SELECT id FROM outbox WHERE dossier_id = ? AND kind = 'dossier'", [did]).fetchone()[0]
    from sync.bodies import canon

    outbox.mark_sending(db, rec_row, canon(wire.build_record(db, did, None)), "2026-11-30T10:00:00+07:00")
    outbox.mark_done(db, rec_row, "{}", "2026-11-30T10:00:00+07:00")
    lifecycle.perform(db, code, "handover", admin, {"unit": "Văn phòng UBND xã"})
    lifecycle.perform(db, code, "result-received", admin, {})
    a = results.record(db, code, first, admin, data_dir)
    with pytest.raises(UserError, match="đã được đính kèm"):
        results.record(db, code, first, admin, data_dir)
    lifecycle.perform(db, code, "return", admin, {})
    b = results.record(db, code, _pdf(data_dir, "kq 2"), admin, data_dir, title="Bản sao trích lục", doc_number="7/TL")
    assert (a["number"], b["number"]) == (1, 2) and b["title"] == "Bản sao trích lục"
    assert [r["number"] for r in results.results(db, did)] == [1, 2]
    # results are not submitted papers
    assert wire.build_record(db, did, None)["TaiLieuNop"] == []
    assert wire.build_record(db, did, None)["HoSoCoThanhPhanSoHoa"] == "0"
    # not in the record before its URL is known
    assert wire.build_record(db, did, None)["DanhSachGiayToKetQua"] == []
    outbox.confirm_file(db, b["sha256"], "https://tinh.example/files/" + b["sha256"], "2026-12-01T10:00:00+07:00")
    items = wire.build_record(db, did, None)["DanhSachGiayToKetQua"]
    assert items == [{"TenGiayTo": "Bản sao trích lục", "MaThanhPhanHoSo": "", "GiayToId": str(b["id"]),
                      "DuongDanTepTinKetQua": "https://tinh.example/files/" + b["sha256"], "MaGiayToKetQua": "7/TL",
                      "Sha256": b["sha256"]}]
    # the confirmed upload is missing from the record sent: an update is needed
    file_row = db.execute("SELECT id, idem_key FROM outbox WHERE kind = 'file' AND ref = ?", [b["sha256"]]).fetchone()
    row = Row(file_row[0], "file", did, b["sha256"], file_row[1], None, "done", 1, None)
    assert record_update_needed(db, row)
    audit = db.execute("SELECT object, details FROM audit WHERE action = 'attach-result' ORDER BY id").fetchall()
    assert [r[0] for r in audit] == [code, code] and all("sha256" in r[1] for r in audit)
