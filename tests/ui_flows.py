"""Steps several UI tests share: take in a dossier through the real main window as a clerk."""

from PySide6.QtCore import Qt

from qt_input import press_enter, type_keys

PAYLOAD = "079301004321||Trần Thị Bình|02112001|Nữ|Số 12 Đường Số 3, Phường 5, Quận 8, TP. Hồ Chí Minh|10082022"
INFO = {"agency_name": "Trung tâm", "agency_code": "000.00.06.H56", "station": 1, "schema_version": 2}


def take_in_through_main_window(qtbot, win) -> str:
    """Pick the marital-status procedure by typing, scan the CCCD, tick the required components,
    save; returns the dossier code."""
    form = win.intake
    qtbot.waitUntil(lambda: form.proc_model.rowCount() >= 20, timeout=20_000)
    qtbot.keyClicks(form.proc_search, "xac nhan tinh trang")
    press_enter(form.proc_search)
    type_keys(form.qr_input, PAYLOAD)
    press_enter(form.qr_input)
    press_enter(form.qr_accept)
    for row in form.components.required_rows():  # the required papers (marked *) handed in
        qtbot.keyClick(form.components.box(row), Qt.Key_Space)
    with qtbot.waitSignal(form.saved, timeout=20_000) as saved:
        qtbot.mouseClick(form.save_button, Qt.LeftButton)
    return saved.args[0]
