"""`counter-app attach --dossier CODE --result FILE…`: the scan of a dossier's result document
(issue 20 scope 5), through the real CLI entry point on a real data directory."""

import json
import sqlite3

import pikepdf

from cli import main as cli
from counter_app import intake, lifecycle, paths
from counter_app.accounts import cli_actor
from counter_app.db import open_data_dir
from counter_app.scanning import samples, store
from helpers import sample_intake


def _dossier(data_dir, *, to_result: bool):
    db = open_data_dir(data_dir)
    try:
        code = intake.save(db, intake.parse_request(sample_intake()), cli_actor()).code
        if to_result:
            lifecycle.perform(db, code, "handover", cli_actor(), {"unit": "Văn phòng UBND xã"})
            lifecycle.perform(db, code, "result-received", cli_actor(), {})
        return code
    finally:
        db.close()


def _rows(data_dir, sql, args=()):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def test_attach_result_scan_from_a_jpeg_and_a_pdf(data_dir, tmp_path, capsys):
    code = _dossier(data_dir, to_result=True)
    jpg = tmp_path / "kq.jpg"
    jpg.write_bytes(samples.encode(samples.text_page("Giấy khai sinh", dpi=100, mark=1), "JPEG"))
    pdf = tmp_path / "kq2.pdf"
    pdf.write_bytes(samples.pdf_of([samples.text_page("Trang 2", dpi=100, mark=2)]))
    rc = cli.main(["--data-dir", str(data_dir), "attach", "--dossier", code, "--result", "--number", "123/2026",
                   "--json", str(jpg), str(pdf)])
    out = capsys.readouterr().out
    assert rc == 0, out
    res = json.loads(out)
    assert res["code"] == code and res["number"] == 1 and res["pages"] == 2 and res["filename"].startswith("kq-01-")
    assert res["title"] == "Giấy xác nhận tình trạng hôn nhân"  # the catalogue's result of the procedure
    rows = _rows(data_dir, "SELECT kind, component_position, title, doc_number, sha256 FROM attachments "
                           "WHERE kind = 'result'")
    assert rows == [("result", 1, res["title"], "123/2026", res["sha256"])]
    with pikepdf.open(store.file_path(data_dir, res["sha256"], "pdf")) as doc:  # one PDF, both pages
        assert len(doc.pages) == 2
    assert _rows(data_dir, "SELECT kind, ref, state FROM outbox WHERE kind = 'file'") == [("file", res["sha256"], "pending")]
    assert _rows(data_dir, "SELECT object FROM audit WHERE action = 'attach-result'") == [(code,)]
    assert cli.main(["--data-dir", str(data_dir), "show", code]) == 0
    shown = capsys.readouterr().out
    assert "Bản quét kết quả:" in shown
    assert "1. Giấy xác nhận tình trạng hôn nhân (số 123/2026), 2 trang, chưa gửi lên tỉnh" in shown


def test_attach_result_before_the_result_is_refused_and_writes_nothing(data_dir, tmp_path, capsys):
    code = _dossier(data_dir, to_result=False)
    jpg = tmp_path / "kq.jpg"
    jpg.write_bytes(samples.encode(samples.text_page("KQ", dpi=100), "JPEG"))
    before = _rows(data_dir, "SELECT (SELECT COUNT(*) FROM files), (SELECT COUNT(*) FROM attachments), "
                             "(SELECT COUNT(*) FROM outbox)")
    rc = cli.main(["--data-dir", str(data_dir), "attach", "--dossier", code, "--result", str(jpg)])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"Hồ sơ {code} đang ở trạng thái" in err and "chỉ đính kèm bản quét kết quả khi đã có kết quả" in err
    assert _rows(data_dir, "SELECT (SELECT COUNT(*) FROM files), (SELECT COUNT(*) FROM attachments), "
                           "(SELECT COUNT(*) FROM outbox)") == before
    assert not list(data_dir.glob("files/**/*.pdf"))  # the status is checked before any PDF is stored
    # --component and --result together are refused too
    rc = cli.main(["--data-dir", str(data_dir), "attach", "--dossier", code, "--result", "--component", "1", str(jpg)])
    assert rc == 2 and "--result không dùng cùng --component" in capsys.readouterr().err
