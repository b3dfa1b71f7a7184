"""The intake form driven as a clerk would: pick the procedure by typing without accents, scan
the CCCD QR with a keyboard-wedge scanner, confirm, type Vietnamese through the IME, tick
components, save; then the dossier is in the SQLite file with the right code, status, due date."""

import sqlite3

from PySide6.QtCore import Qt

from counter_app import calendar_store, paths, timeutil
from counter_app.catalogue import load_seed_catalogue
from counter_app.db import open_data_dir
from counter_app.duedate import compute_due
from helpers import ID_PAPER
from intake_support import open_form, pick
from qt_input import ime_commit, press_enter, type_keys

PAYLOAD = "079301004321||Trần Thị Bình|02112001|Nữ|Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh|10082022"


def make_form(qtbot, backend):
    return open_form(qtbot, backend)


def read_dossier(data_dir, code):
    conn = sqlite3.connect(paths.db_path(data_dir))
    conn.row_factory = sqlite3.Row
    try:
        d = conn.execute("SELECT * FROM dossiers WHERE code = ?", [code]).fetchone()
        parties = conn.execute("SELECT * FROM parties WHERE dossier_id = ?", [d["id"]]).fetchall()
        comps = conn.execute("SELECT * FROM components WHERE dossier_id = ? ORDER BY position", [d["id"]]).fetchall()
        hist = conn.execute("SELECT * FROM history WHERE dossier_id = ?", [d["id"]]).fetchall()
        return d, parties, comps, hist
    finally:
        conn.close()


def test_clerk_takes_in_a_dossier_with_cccd_qr(qtbot, backend, data_dir):
    form = make_form(qtbot, backend)
    pick(qtbot, form, "xac nhan tinh trang hon nhan")
    assert form.procedure.code == "1.004873"
    assert form.components.rowCount() == len(form.procedure.components)
    qtbot.waitUntil(lambda: "Ngày hẹn trả (dự kiến)" in form.due_label.text(), timeout=20_000)

    # The keyboard-wedge scanner "types" the payload and Enter into the focused QR field.
    assert form.qr_input.hasFocus() or form.qr_input.setFocus() is None
    type_keys(form.qr_input, PAYLOAD)
    press_enter(form.qr_input)
    assert form.qr_accept.isVisible()
    assert "Trần Thị Bình" in form.qr_banner.text()
    assert form.applicant.full_name.text() == ""  # nothing filled before the clerk confirms
    press_enter(form.qr_accept)  # Enter on the focused confirm button
    assert form.applicant.full_name.text() == "Trần Thị Bình"
    assert form.applicant.id_number.text() == "079301004321"
    assert form.applicant.birth_date.text() == "02/11/2001"
    assert form.applicant.sex.currentText() == "Nữ"

    # The clerk types the phone and corrects the address with a Vietnamese IME.
    qtbot.keyClicks(form.applicant.phone, "0912 345 678")
    form.applicant.address.clear()
    ime_commit(form.applicant.address, "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ")
    assert form.applicant.address.text() == "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ"

    # Tick the first component (the form), with 2 pages, and the ID paper shown (both required,
    # marked *); leave the rest unticked.
    qtbot.keyClick(form.components.box(0), Qt.Key_Space)  # tab to the box, Space ticks it
    assert form.components.box(0).isChecked()
    form.components.spin(0, 5).setValue(2)
    assert form.components.required_rows() == [0, 2]
    qtbot.keyClick(form.components.box(2), Qt.Key_Space)

    with qtbot.waitSignal(form.saved, timeout=20_000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
        assert not form.save_button.isEnabled()  # disabled while the save runs off the GUI thread
    code = blocker.args[0]
    assert form.save_button.isEnabled()
    assert code in form.result.text()

    d, parties, comps, hist = read_dossier(data_dir, code)
    assert code.startswith("000.00.06.H56-") and code.endswith("-1001")
    assert d["status"] == 2
    applicant = next(p for p in parties if p["role"] == "applicant")
    assert applicant["full_name"] == "Trần Thị Bình"
    assert applicant["address"] == "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ"
    assert applicant["phone"] == "0912345678"
    assert applicant["cccd_raw"] == PAYLOAD
    assert [(c["name"], c["pages"]) for c in comps] == [(form_first_component(), 2), (ID_PAPER, 1)]
    assert [(h["status"], h["action"]) for h in hist] == [(2, "intake")]
    # due date = the core rule applied to the stored receipt time and the station's calendar
    db = open_data_dir(data_dir)
    try:
        cal = calendar_store.load(db)
    finally:
        db.close()
    p = load_seed_catalogue().find("1.004873")
    expected = compute_due(timeutil.parse_iso(d["received_at"]), p.time_value, p.time_unit, p.cutoff_15h, cal)
    assert d["due_at"] == timeutil.iso(expected)
    assert d["received_by_name"] == "Trần Thị Bình"  # the signed-in admin's full name


def form_first_component():
    return load_seed_catalogue().find("1.004873").components[0].name


def test_vietnamese_name_typed_by_ime_and_owner(qtbot, backend, data_dir):
    form = make_form(qtbot, backend)
    pick(qtbot, form, "chung thuc ban sao tu ban chinh")
    ime_commit(form.applicant.full_name, "Đặng Thị Ánh Nguyệt")
    qtbot.keyClicks(form.applicant.id_number, "025301004321")
    qtbot.keyClicks(form.applicant.birth_date, "02/11/2001")
    form.owner_check.setChecked(True)
    ime_commit(form.owner.full_name, "Lưu Đức Hiếu")
    qtbot.keyClick(form.components.box(0), Qt.Key_Space)  # tab to the box, Space ticks it
    form.components.spin(0, 2).setValue(0)
    form.components.spin(0, 4).setValue(2)
    form.components.spin(0, 5).setValue(3)
    with qtbot.waitSignal(form.saved, timeout=20_000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    d, parties, comps, _ = read_dossier(data_dir, blocker.args[0])
    names = {p["role"]: p["full_name"] for p in parties}
    assert names == {"applicant": "Đặng Thị Ánh Nguyệt", "owner": "Lưu Đức Hiếu"}
    assert d["fee_total"] == 2 * (4000 + 1000)  # 3 pages x 2 certified copies


def test_invalid_form_shows_vietnamese_errors_and_writes_nothing(qtbot, backend, data_dir):
    form = make_form(qtbot, backend)
    pick(qtbot, form, "khai sinh")
    qtbot.keyClicks(form.applicant.id_number, "12345")
    qtbot.keyClicks(form.applicant.birth_date, "31/02/2001")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    text = form.banner.text()
    assert "Chưa lưu được hồ sơ" in text
    assert "Họ và tên" in text and "Số định danh" in text and "Ngày sinh" in text
    assert "thành phần" in text.lower()
    assert form.applicant.full_name.property("invalid") is True
    conn = sqlite3.connect(paths.db_path(data_dir))
    assert conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0] == 0
    conn.close()


def test_garbage_qr_gives_a_message_and_fills_nothing(qtbot, backend):
    form = make_form(qtbot, backend)
    type_keys(form.qr_input, "hello world|not a card")
    press_enter(form.qr_input)
    assert form.qr_banner.isVisible() and form.qr_banner.text()
    assert not form.qr_accept.isVisible()
    assert form.applicant.full_name.text() == ""


def test_keyboard_shortcut_saves(qtbot, backend, data_dir):
    form = make_form(qtbot, backend)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isActiveWindow(), timeout=20_000)
    pick(qtbot, form, "1.004873")
    type_keys(form.qr_input, PAYLOAD)
    press_enter(form.qr_input)
    press_enter(form.qr_accept)
    qtbot.keyClick(form.components.box(0), Qt.Key_Space)  # tab to the box, Space ticks it
    qtbot.keyClick(form.components.box(2), Qt.Key_Space)  # the other required one (*)
    with qtbot.waitSignal(form.saved, timeout=20_000):
        qtbot.keyClick(form.applicant.phone, Qt.Key_S, Qt.ControlModifier)
