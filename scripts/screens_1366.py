"""Screenshots of the main screens as a clerk sees them on a 1366×768 commune PC, at 100 % and
125 % scaling (issue 14): the whole screen grabbed, so what does not fit is visible.

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1 \\
        uv run python scripts/screens_1366.py docs/screens 100
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        uv run python scripts/screens_1366.py docs/screens 125
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counter_app import accounts, demo  # noqa: E402
from counter_app.db import open_data_dir  # noqa: E402
from ui.backend import Backend  # noqa: E402
from ui.fonts import install_app_font  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PAYLOAD = "001099012345|123456789|NGUYỄN VĂN AN|15011999|Nam|Thôn Đông, Xã Hòa Bình, Huyện Yên Lạc, Tỉnh Vĩnh Phúc|20042021"


def wait(cond, timeout_ms=15000, settle_ms=300):
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: cond() and loop.quit())
    timer.start(50)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    pause = QEventLoop()
    QTimer.singleShot(settle_ms, pause.quit)
    pause.exec()


def shot(app, out: Path, name: str) -> None:
    app.primaryScreen().grabWindow(0).save(str(out / f"{name}.png"))
    print("saved", out / f"{name}.png")


def add_online_dossiers(data_dir: Path) -> None:
    """Three citizens' portal submissions as the sync engine leaves them (pulled, files fetched):
    one waiting since yesterday morning (over the receiving time), two from this morning."""
    import hashlib
    import io
    from datetime import timedelta

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from counter_app import online, province_changes, timeutil
    from counter_app.db import write_tx
    from counter_app.scanning import store

    def pdf(title: str, lines: list[str]) -> bytes:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=A4)
        from printing.fonts import REGULAR, register_fonts

        register_fonts()
        font = REGULAR
        c.setFont(font, 15)
        c.drawCentredString(298, 780, title)
        c.setFont(font, 11)
        for i, line in enumerate(lines):
            c.drawString(70, 740 - 22 * i, line)
        c.showPage()
        c.save()
        return buf.getvalue()

    now = timeutil.now()
    people = (("Phạm Thị Hoa", "001199004321", now - timedelta(days=2, hours=2)),
              ("Trần Minh Đức", "001088012345", now - timedelta(hours=3)),
              ("Lê Thu Hà", "001195067890", now - timedelta(hours=1)))
    db = open_data_dir(data_dir)
    try:
        with write_tx(db):
            for i, (name, cccd, at) in enumerate(people, start=1):
                form = pdf("TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
                           [f"Họ, chữ đệm, tên người yêu cầu: {name}", f"Số định danh cá nhân: {cccd}",
                            "Nơi cư trú: Thôn Đông, xã Yên Lạc", "Mục đích sử dụng: Đăng ký kết hôn"])
                stored = store.put(data_dir, form, "pdf")
                sha = hashlib.sha256(form).hexdigest()
                code = f"{demo.DEMO_STATION['agency_code']}-{timeutil.to_vn(at).strftime('%y%m%d')}-0{i:03d}"
                rec = {"MaHoSo": code, "MaTTHC": "1.004873", "TenTTHC": "", "KenhThucHien": "2", "ChuHoSo": name,
                       "SoGiayToChuHoSo": cccd, "Email": "", "SoDienThoai": "0912345678",
                       "TrichYeuHoSo": "Xác nhận tình trạng hôn nhân để đăng ký kết hôn",
                       "NgayNopHoSo": timeutil.to_vn(at).strftime("%Y%m%d%H%M%S"), "TrangThaiHoSo": "1",
                       "NgaySinhChuHoSo": "", "DiaChiChuHoSo": "",
                       "TaiLieuNop": [{"TepDinhKemId": "1", "TenTepDinhKem": "to-khai.pdf", "MaThanhPhanHoSo": "1",
                                       "TenThanhPhanHoSo": "Tờ khai", "DuongDanTaiTepTin": f"/files/{sha}",
                                       "Sha256": sha, "DungLuong": str(stored.size)}]}
                province_changes.receive(db, [{"id": f"demo-online-{i}", "type": "online-dossier", "HoSo": rec}])
                online.file_fetched(db, sha)
    finally:
        db.close()


def main(out: Path, tag: str, lang: str = "vi") -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    install_app_font(app)
    from ui.i18n import install
    from ui.widgets import install_guards

    install(app, lang)  # as ui/app.py does: the language, Qt's own strings
    install_guards(app)  # as ui/app.py does: windows clamped to the screen, the wheel guard
    data_dir = Path(tempfile.mkdtemp()) / "demo"
    demo.ensure_demo(data_dir, "demo", "demo1234", dossiers=300)
    add_online_dossiers(data_dir)
    db = open_data_dir(data_dir)
    actor = accounts.authenticate(db, "demo", "demo1234")
    db.close()
    info = {"agency_name": demo.DEMO_STATION["agency_name"], "agency_code": demo.DEMO_STATION["agency_code"],
            "station": 1, "schema_version": 7}
    backend = Backend(data_dir)
    backend.actor = actor
    win = MainWindow(backend, info)
    win.show_fitted()
    # Xvfb has no window manager to honour "maximised": give the window the screen as one would.
    win.setGeometry(app.primaryScreen().availableGeometry())
    form = win.intake
    wait(lambda: form.proc_model.rowCount() > 0 and not win.draft._paused)
    form.select_procedure("1.004873")
    form.cccd.offer(PAYLOAD)
    form.cccd._qr_accept()
    form.applicant.phone.setText("0912 345 678")
    wait(lambda: "dự kiến" in form.due_label.text())
    shot(app, out, f"intake-{tag}")
    win.tabs.setCurrentIndex(1)
    win.ledger.reload()
    wait(lambda: win.ledger.model.rowCount() > 0 and win.ledger.model.code_at(0) is not None, settle_ms=800)
    shot(app, out, f"ledger-{tag}")
    win.tabs.setCurrentIndex(2)
    wait(lambda: False, 1500)
    shot(app, out, f"worklists-{tag}")
    win.tabs.setCurrentWidget(win.online)
    win.online.reload()
    wait(lambda: len(win.online.rows) == 3 and win.online.pages.page_count() > 0, settle_ms=800)
    shot(app, out, f"online-{tag}")
    code = win.ledger.model.code_at(0)
    preview = win.open_print_preview(code)
    wait(lambda: False, 4000)
    shot(app, out, f"preview-{tag}")
    preview.close()
    from ui.rating_window import RatingWindow

    rating = RatingWindow(backend, code, "receipt", win)
    rating.present()
    wait(lambda: rating.isVisible(), settle_ms=800)
    shot(app, out, f"rating-{tag}")
    rating.close()
    from ui.sync_setup_dialog import open_setup

    dlg = open_setup(backend, win.sync, win)
    wait(lambda: dlg.isVisible())
    shot(app, out, f"sync-setup-{tag}")
    dlg.close()
    from ui.session import open_accounts

    acc = open_accounts(win)
    wait(lambda: acc.isVisible(), settle_ms=1500)
    shot(app, out, f"accounts-{tag}")
    acc.close()
    cal = win.open_calendar()
    wait(lambda: cal.table.rowCount() > 0, settle_ms=800)
    shot(app, out, f"calendar-{tag}")
    cal.close()
    win.tabs.setCurrentWidget(win.reports)
    wait(lambda: False, 2500)
    shot(app, out, f"dashboard-{tag}")
    reports = win.reports
    reports.setCurrentIndex(1)
    tally = reports.tally
    tally.group.setCurrentIndex(tally.group.findData("station"))
    tally.show_button.click()
    wait(lambda: tally.table.rowCount() > 0, settle_ms=800)
    shot(app, out, f"tally-{tag}")
    reports.setCurrentWidget(reports.scorecard)
    card = reports.scorecard
    card.mode.setCurrentIndex(card.mode.findData("year"))
    card.show_button.click()
    wait(lambda: card.table.rowCount() > 0, settle_ms=800)
    shot(app, out, f"scorecard-{tag}")
    for index, name in ((3, "day-close"), (4, "report-settings")):
        reports.setCurrentIndex(index)
        wait(lambda: False, 1500)
        shot(app, out, f"{name}-{tag}")
    win.tabs.setCurrentIndex(0)
    win.open_help()
    wait(lambda: False, 1500)
    shot(app, out, f"help-{tag}")
    win.sync.stop()
    backend.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens"), sys.argv[2] if len(sys.argv) > 2 else "100",
         sys.argv[3] if len(sys.argv) > 3 else "vi")
