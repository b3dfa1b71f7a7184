"""Issue 14 (faults 4, 5, 15): nothing scanned is lost or leaks into the next citizen, required
components are enforced (a supervisor may override with an audited reason), field errors and
banners clear, text boxes hold no more than the core accepts."""

import json
import sqlite3


from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from counter_app import accounts, paths
from counter_app.db import open_data_dir, write_tx
from counter_app.scanning import samples
from counter_app.scanning.batch import UNASSIGNED
from helpers import ID_PAPER
from qt_input import answer_modal
from intake_support import click_button, dossier_count, open_form, pick
from ui.intake.questions import OverrideDialog


def page_files(tmp_path, n=3):
    out = []
    for i in range(1, n + 1):
        f = tmp_path / f"p{i}.png"
        f.write_bytes(samples.encode(samples.text_page(f"P {i}", dpi=100, mark=i), "PNG"))
        out.append(f)
    return out


def make_form(qtbot, backend):
    f = open_form(qtbot, backend, (1280, 900))
    pick(qtbot, f)
    return f


def fill_applicant(qtbot, form):
    form.applicant.full_name.setText("Nguyễn Văn An")
    qtbot.keyClicks(form.applicant.id_number, "001099012345")


def tick_required(form):
    for r in form.components.required_rows():
        form.components.box(r).setChecked(True)


def scans_of(data_dir):
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        return c.execute("SELECT component_position, pages FROM attachments").fetchall()
    finally:
        c.close()


# -- fault 4: scans --------------------------------------------------------------------------
def test_unassigned_pages_ask_before_the_save_then_discard_saves_one_page(qtbot, backend, data_dir, tmp_path):
    form = make_form(qtbot, backend)
    panel = form.scans
    panel.select_row(UNASSIGNED)
    panel.import_files([str(f) for f in page_files(tmp_path, 3)])
    qtbot.waitUntil(lambda: panel.batch.count(UNASSIGNED) == 3, timeout=20_000)
    panel.select_row(UNASSIGNED)
    qtbot.waitUntil(lambda: panel.thumbs.count() == 3, timeout=20_000)
    panel.thumbs.clearSelection()
    panel.thumbs.item(0).setSelected(True)
    panel.move_selected(1)                      # one page assigned to component 1
    assert panel.batch.count(1) == 1 and panel.batch.count(UNASSIGNED) == 2
    fill_applicant(qtbot, form)
    tick_required(form)

    seen = answer_modal(qtbot, click_button("Quay lại"))  # cancel: back to the form, nothing saved
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen and "2 trang" in seen[0].text()
    assert dossier_count(data_dir) == 0 and panel.batch.count(UNASSIGNED) == 2
    assert form.save_button.isEnabled() and form.applicant.full_name.text() == "Nguyễn Văn An"

    seen = answer_modal(qtbot, click_button("Xếp thành phần"))  # assign: the loose pages shown
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen and dossier_count(data_dir) == 0 and panel.current_row() == UNASSIGNED

    seen = answer_modal(qtbot, click_button("Bỏ các trang này và lưu"))
    with qtbot.waitSignal(form.saved, timeout=30_000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen and dossier_count(data_dir) == 1
    assert scans_of(data_dir) == [(1, 1)]
    assert panel.batch.all_pages() == [] and panel.thumbs.count() == 0   # the next citizen starts empty


def test_ctrl_n_empties_the_scan_panel_and_its_message_after_asking(qtbot, backend, tmp_path):
    form = make_form(qtbot, backend)
    panel = form.scans
    panel.import_files([str(f) for f in page_files(tmp_path, 2)])
    qtbot.waitUntil(lambda: len(panel.batch.all_pages()) == 2, timeout=20_000)
    panel.banner.show_message("Đã xóa 1 trang.", "info")
    seen = answer_modal(qtbot, lambda box: box.button(QMessageBox.No).click())
    form.new_dossier()
    assert seen and len(panel.batch.all_pages()) == 2      # "No": nothing dropped
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=20_000)
    seen = answer_modal(qtbot, lambda box: box.button(QMessageBox.Yes).click())
    qtbot.keyClick(form.applicant.full_name, Qt.Key_N, Qt.ControlModifier)
    assert seen and panel.batch.all_pages() == [] and panel.thumbs.count() == 0
    assert panel.components.count() == 1 and not panel.banner.isVisible()
    assert form.procedure is None


# -- fault 5: required components ------------------------------------------------------------
def test_required_components_are_named_and_the_star_comes_first(qtbot, backend, data_dir):
    form = make_form(qtbot, backend)
    first = form.components.item(0, 1).text()
    assert first.startswith("* ") and form.components.item(1, 1).text()[0] != "*"
    fill_applicant(qtbot, form)
    form.components.box(1).setChecked(True)     # an optional paper only
    seen = answer_modal(qtbot, lambda d: d.reject())
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen and isinstance(seen[0], OverrideDialog)
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu" in form.banner.text()
    assert ID_PAPER in form.banner.text() and dossier_count(data_dir) == 0


def test_a_clerk_is_refused_and_a_supervisor_overrides_with_an_audited_reason(qtbot, backend, data_dir):
    db = open_data_dir(data_dir)
    try:
        with write_tx(db):
            accounts.create_user(db, "canbo", "Lê Văn Cán", "clerk", "matkhau-can-bo")
        clerk = accounts.authenticate(db, "canbo", "matkhau-can-bo")
    finally:
        db.close()
    admin = backend.actor
    form = make_form(qtbot, backend)
    fill_applicant(qtbot, form)
    form.components.box(0).setChecked(True)     # the ID paper (*) not ticked
    backend.actor = clerk
    qtbot.mouseClick(form.save_button, Qt.LeftButton)  # no dialog for a clerk: the message
    assert "Thiếu thành phần hồ sơ bắt buộc" in form.banner.text() and ID_PAPER in form.banner.text()
    assert dossier_count(data_dir) == 0

    backend.actor = admin

    def give_reason(d):
        d.reason.setText("Công dân xuất trình bản điện tử VNeID")
        d.buttons.button(QDialogButtonBox.Ok).click()

    seen = answer_modal(qtbot, give_reason)
    with qtbot.waitSignal(form.saved, timeout=20_000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert seen
    c = sqlite3.connect(paths.db_path(data_dir))
    try:
        details = json.loads(c.execute("SELECT details FROM audit WHERE action = 'intake' AND object = ?",
                                       [blocker.args[0]]).fetchone()[0])
    finally:
        c.close()
    assert details["override_reason"] == "Công dân xuất trình bản điện tử VNeID"
    assert details["missing_required"] == [ID_PAPER]


# -- fault 15 (part): field errors, banners, limits -------------------------------------------
def test_red_borders_and_the_banner_clear_when_fixed_and_the_saved_banner_on_the_next_citizen(qtbot, backend):
    form = make_form(qtbot, backend)
    tick_required(form)
    qtbot.mouseClick(form.save_button, Qt.LeftButton)       # no name, no ID number
    assert form.banner.isVisible()
    assert form.applicant.full_name.property("invalid") and form.applicant.id_number.property("invalid")
    form.applicant.full_name.setText("Nguyễn Văn An")
    assert not form.applicant.full_name.property("invalid")
    assert form.banner.isVisible()                           # the ID number is still wrong
    qtbot.keyClicks(form.applicant.id_number, "001099012345")
    assert not form.applicant.id_number.property("invalid") and not form.banner.isVisible()
    with qtbot.waitSignal(form.saved, timeout=20_000):
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.result.isVisible()
    qtbot.keyClicks(form.applicant.full_name, "T")           # the next citizen
    assert not form.result.isVisible()


def test_text_boxes_take_no_more_than_the_core_accepts(qtbot, backend):
    from counter_app import intake, validation

    form = make_form(qtbot, backend)
    mime = QMimeData()
    mime.setText("x" * 8_000_000)
    form.note.insertFromMimeData(mime)
    assert len(form.note.toPlainText()) == intake.NOTE_MAX
    form.note.setPlainText("y" * 5000)
    assert len(form.note.toPlainText()) == intake.NOTE_MAX
    assert form.applicant.full_name.maxLength() == validation.NAME_MAX
    assert form.applicant.address.maxLength() == validation.ADDRESS_MAX
    assert form.add_component.maxLength() == intake.COMPONENT_NAME_MAX
