"""The scan panel driven as a clerk would (real widgets offscreen, real files, real SQLite, the
real SANE test backend): thumbnails appear, reorder/rotate/delete/move work and persist, the
CCCD QR on a scanned card is offered for the applicant, drag and drop and the watched folder."""

import sqlite3

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from counter_app import intake, paths
from counter_app.accounts import cli_actor
from counter_app.db import open_data_dir
from counter_app.scanning import attachments, sane, samples, store
from counter_app.scanning import pages as pg
from counter_app.scanning.batch import UNASSIGNED
from counter_app.scanning.profile import ScanProfile
from helpers import sample_intake
from qt_input import press_enter
from ui.intake_form import IntakeForm
from ui.ledger import DetailDialog
from ui.scan_panel import ScanPanel


def page_files(tmp_path, n=3, prefix="p"):
    out = []
    for i in range(1, n + 1):
        f = tmp_path / f"{prefix}{i}.png"
        f.write_bytes(samples.encode(samples.text_page(f"{prefix.upper()} {i}", dpi=100, mark=i), "PNG"))
        out.append(f)
    return out


def keys_of(files):
    return [pg.pages_from_file(f, ScanProfile())[0].key for f in files]


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)


def select(panel, *indexes):
    panel.thumbs.clearSelection()
    for i in indexes:
        panel.thumbs.item(i).setSelected(True)


def stored_pages(data_dir, code):
    db = open_data_dir(data_dir)
    try:
        did = attachments.dossier_id_by_code(db, code)
        return {a["position"]: (a, store.read(data_dir, a["sha256"], "pdf")) for a in attachments.active(db, did)}
    finally:
        db.close()


def rotations(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    try:
        return [p.get_rotation() for p in doc]
    finally:
        doc.close()


@pytest.fixture
def form(qtbot, backend):
    f = IntakeForm(backend)
    qtbot.addWidget(f)
    f.resize(1280, 900)
    f.show()
    f.load_procedures()
    qtbot.waitUntil(lambda: f.proc_model.rowCount() >= 20, timeout=20_000)
    qtbot.keyClicks(f.proc_search, "xac nhan tinh trang hon nhan")
    press_enter(f.proc_search)
    assert f.procedure is not None
    return f


def test_intake_pages_thumbnails_reorder_rotate_delete_then_saved_as_the_component_pdf(qtbot, form, tmp_path, data_dir):
    panel = form.scans
    assert panel.components.count() == 1 + form.components.rowCount()
    panel.select_row(1)
    files = page_files(tmp_path, 4)
    k1, k2, k3, k4 = keys_of(files)
    panel.import_files([str(f) for f in files])
    qtbot.waitUntil(lambda: panel.thumbs.count() == 4, timeout=20_000)
    assert [it.text() for it in panel.thumbnail_items()] == ["Trang 1", "Trang 2", "Trang 3", "Trang 4"]
    assert not panel.thumbs.item(0).icon().isNull()
    # the component is ticked with its page count
    assert form.components.box(0).isChecked() and form.components.spin(0, 5).value() == 4

    select(panel, 2)                      # page 3 one place earlier
    click(qtbot, panel.move_earlier)
    select(panel, 0)                      # page 1 turned a quarter clockwise
    click(qtbot, panel.rotate_right)
    select(panel, 3)                      # page 4 deleted
    click(qtbot, panel.delete_button)
    assert panel.thumbs.count() == 3 and form.components.spin(0, 5).value() == 3
    assert [p.key for p in panel.batch.pages(1)] == [k1, k3, k2]

    ime_name = "Nguyễn Văn An"
    form.applicant.full_name.setText(ime_name)
    qtbot.keyClicks(form.applicant.id_number, "001099012345")
    form.components.box(2).setChecked(True)  # the other required paper (*), no pages
    with qtbot.waitSignal(form.saved, timeout=20_000) as blocker:
        click(qtbot, form.save_button)
    code = blocker.args[0]
    assert panel.batch.count(1) == 0  # the next dossier starts empty

    [(att, pdf)] = stored_pages(data_dir, code).values()
    assert att["position"] == 1 and att["pages"] == 3
    assert rotations(pdf) == [90, 0, 0]
    assert [p.key for p in pg.pages_of_stored_pdf(pdf, "x")] == [k1, k3, k2]
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        assert c.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'file' AND ref = ?", [att["sha256"]]).fetchone()[0] == 1
    finally:
        c.close()


def test_cccd_qr_on_an_imported_card_is_offered_for_the_applicant(qtbot, form, tmp_path):
    card = tmp_path / "cccd.jpg"
    card.write_bytes(samples.encode(samples.page_with_card(dpi=300), "JPEG", quality=85))
    form.scans.select_row(2)
    form.scans.import_files([str(card)])
    qtbot.waitUntil(lambda: form.qr_accept.isVisible(), timeout=20_000)
    assert "Trần Thị Bình" in form.qr_banner.text()
    assert form.applicant.full_name.text() == ""  # never filled before the clerk confirms
    press_enter(form.qr_accept)
    assert form.applicant.full_name.text() == "Trần Thị Bình"
    assert form.applicant.id_number.text() == "079301004321"
    assert form.applicant.birth_date.text() == "02/11/2001"


def test_pages_on_an_unticked_component_stop_the_save(qtbot, form, tmp_path):
    form.scans.select_row(2)
    form.scans.import_files([str(f) for f in page_files(tmp_path, 1)])
    qtbot.waitUntil(lambda: form.components.box(1).isChecked(), timeout=20_000)
    form.components.box(1).setChecked(False)
    form.applicant.full_name.setText("Nguyễn Văn An")
    qtbot.keyClicks(form.applicant.id_number, "001099012345")
    form.components.box(0).setChecked(True)
    click(qtbot, form.save_button)
    assert "chưa được đánh dấu nộp" in form.banner.text()
    assert form.save_button.isEnabled()


def test_bad_file_gives_a_vietnamese_message_and_keeps_earlier_pages(qtbot, form, tmp_path):
    panel = form.scans
    panel.select_row(1)
    panel.import_files([str(f) for f in page_files(tmp_path, 2)])
    qtbot.waitUntil(lambda: panel.thumbs.count() == 2, timeout=20_000)
    bad = tmp_path / "hong.pdf"
    good = samples.pdf_of([samples.text_page("X", dpi=72)])
    bad.write_bytes(good[: len(good) // 2])
    panel.import_files([str(bad)])
    qtbot.waitUntil(lambda: "bị hỏng" in panel.banner.text(), timeout=20_000)
    assert "hong.pdf" in panel.banner.text() and panel.thumbs.count() == 2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # QDragEnterEvent(QPoint, …) is the only constructor
def test_files_dropped_on_the_thumbnails_are_imported(qtbot, backend, tmp_path):
    panel = ScanPanel(backend, mode="intake")
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    panel.set_components(["Tờ khai"])
    panel.select_row(1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in page_files(tmp_path, 2)])
    view = panel.thumbs.viewport()  # what a file manager's drag delivers: enter, then drop
    enter = QDragEnterEvent(QPoint(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(view, QDropEvent(QPointF(20, 20), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    qtbot.waitUntil(lambda: panel.thumbs.count() == 2, timeout=20_000)


def test_watched_folder_pages_wait_unassigned_then_move_to_a_component(qtbot, backend, tmp_path):
    watch = tmp_path / "scan-to-folder"
    watch.mkdir()
    panel = ScanPanel(backend, mode="intake")
    qtbot.addWidget(panel)
    panel.show()
    panel.set_components(["Tờ khai", "Bản sao CCCD"])
    panel.set_watch_folder(str(watch))
    page_files(watch, 2, prefix="net")
    panel.poll_watch_folder()
    qtbot.waitUntil(lambda: not panel._polling, timeout=20_000)
    panel.poll_watch_folder()
    qtbot.waitUntil(lambda: panel.batch.count(UNASSIGNED) == 2 and not panel._polling, timeout=20_000)
    assert "thư mục quét" in panel.banner.text()
    panel.select_row(UNASSIGNED)
    select(panel, 0, 1)
    panel.move_target.setCurrentIndex(panel.move_target.findData(2))
    click(qtbot, panel.move_button)
    assert panel.batch.count(2) == 2 and panel.batch.count(UNASSIGNED) == 0
    assert (watch / "da-nhap" / "net1.png").exists()
    panel.shutdown()


def test_scanning_from_the_sane_test_device_fills_the_selected_component(qtbot, backend, tmp_path, monkeypatch):
    if sane.available() is None:
        pytest.skip("SANE is not installed")
    cfg = samples.private_sane_config(tmp_path / "sane")
    if cfg is None:
        pytest.skip("SANE has no test backend configuration")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(cfg))
    panel = ScanPanel(backend, mode="intake")
    qtbot.addWidget(panel)
    panel.show()
    panel.set_components(["Tờ khai"])
    panel.select_row(1)
    panel.profile = ScanProfile(dpi=100, adf=True)
    click(qtbot, panel.scan_button)  # no scanner known yet: looks for them, then scans
    qtbot.waitUntil(lambda: panel.thumbs.count() == 10 and panel._cancel is None, timeout=20000)
    assert "test:0" in panel.source.currentText()
    assert "Đã quét 10 trang" in panel.banner.text()


@pytest.fixture
def dossier_with_scans(data_dir, tmp_path):
    db = open_data_dir(data_dir)
    try:
        data = sample_intake()
        data["components"].append({"name": "Bản sao CCCD", "originals": 0, "copies": 1, "certified_copies": 0,
                                   "pages": 1})
        saved = intake.save(db, intake.parse_request(data), cli_actor())
        files = page_files(tmp_path, 3, prefix="d")
        pages = [p for f in files for p in pg.pages_from_file(f, ScanProfile())]
        comp = attachments.store_component(data_dir, 1, "Tờ khai", pages)
        attachments.save_scans(db, saved.id, [comp], cli_actor(), data_dir)
        return saved.code, [p.key for p in pages]
    finally:
        db.close()


def open_detail(qtbot, backend, code):
    db = open_data_dir(backend.data_dir)
    try:
        from counter_app import dossiers

        detail = dossiers.get_detail(db, code)
    finally:
        db.close()
    dlg = DetailDialog(detail, None, backend=backend)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.scans)
    qtbot.waitUntil(lambda: dlg.scans.dossier_id is not None and dlg.scans.thumbs.count() == 3, timeout=20_000)
    return dlg


def test_dossier_detail_edits_persist(qtbot, backend, data_dir, dossier_with_scans):
    code, (k1, k2, k3) = dossier_with_scans
    dlg = open_detail(qtbot, backend, code)
    panel = dlg.scans
    assert not panel.save_button.isEnabled()  # nothing changed yet
    select(panel, 1)
    click(qtbot, panel.move_later)            # 1, 3, 2
    select(panel, 2)
    click(qtbot, panel.rotate_left)           # page 2 (now last) turned left
    select(panel, 0)
    panel.move_target.setCurrentIndex(panel.move_target.findData(2))
    click(qtbot, panel.move_button)           # page 1 moves to "Bản sao CCCD"
    with qtbot.waitSignal(panel.saved, timeout=20_000):
        click(qtbot, panel.save_button)
    assert "Đã lưu bản quét" in panel.banner.text()
    dlg.reject()

    stored = stored_pages(data_dir, code)
    assert sorted(stored) == [1, 2]
    assert [p.key for p in pg.pages_of_stored_pdf(stored[1][1], "x")] == [k3, k2]
    assert rotations(stored[1][1]) == [0, 270]
    assert [p.key for p in pg.pages_of_stored_pdf(stored[2][1], "x")] == [k1]

    # reopened: what was saved is what is shown; deleting every page removes the attachment
    dlg2 = DetailDialog(dlg.detail, None, backend=backend)
    qtbot.addWidget(dlg2)
    dlg2.show()
    assert dlg2.scans.dossier_id is None  # the PDFs are read only when the tab is opened
    dlg2.tabs.setCurrentWidget(dlg2.scans)
    qtbot.waitUntil(lambda: dlg2.scans.dossier_id is not None, timeout=20_000)
    panel2 = dlg2.scans
    assert [panel2.batch.count(r) for r in (1, 2)] == [2, 1]
    panel2.select_row(2)
    select(panel2, 0)
    qtbot.keyClick(panel2.thumbs, Qt.Key_Delete)
    assert panel2.batch.count(2) == 0
    dlg2.reject()  # unsaved changes: the first Close warns
    assert dlg2.isVisible() and "chưa lưu" in panel2.banner.text()
    with qtbot.waitSignal(panel2.saved, timeout=20_000):
        click(qtbot, panel2.save_button)
    assert sorted(stored_pages(data_dir, code)) == [1]


def test_scan_settings_dialog_saves_the_station_profile(qtbot, backend, data_dir, tmp_path):
    from PySide6.QtWidgets import QDialog

    from counter_app.scanning import profile as prof

    panel = ScanPanel(backend, mode="intake")
    qtbot.addWidget(panel)
    panel.show()
    panel.start()
    qtbot.waitUntil(lambda: "200 dpi" in panel.profile_label.text(), timeout=20_000)
    panel._open_settings()
    dlg = panel.findChild(QDialog)
    dlg.dpi.setCurrentIndex(dlg.dpi.findData(300))
    dlg.color.setCurrentIndex(dlg.color.findData("color"))
    dlg.quality.setValue(85)
    dlg.folder.setText(str(tmp_path))
    dlg.accept()
    qtbot.waitUntil(lambda: "Đã lưu thiết lập quét" in panel.banner.text(), timeout=20_000)
    assert panel.profile_label.text() == "300 dpi · ảnh màu · JPEG 85 · theo dõi thư mục quét"
    db = open_data_dir(data_dir)
    try:
        assert prof.load(db) == ScanProfile(dpi=300, color_mode="color", jpeg_quality=85, adf=True)
        assert prof.load_watch_folder(db) == str(tmp_path)
    finally:
        db.close()
    panel.shutdown()
