"""Take the README/docs screenshots of the real windows on demo data.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb uv run python scripts/screenshots.py docs/
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


def wait(app, cond, timeout_ms=10000):
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: cond() and loop.quit())
    timer.start(50)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    install_app_font(app)
    data_dir = Path(tempfile.mkdtemp()) / "demo"
    demo.ensure_demo(data_dir, "demo", "demo1234", dossiers=300)
    db = open_data_dir(data_dir)
    actor = accounts.authenticate(db, "demo", "demo1234")
    info = {"agency_name": demo.DEMO_STATION["agency_name"], "agency_code": demo.DEMO_STATION["agency_code"],
            "station": 1, "schema_version": 5}
    db.close()
    backend = Backend(data_dir)
    backend.actor = actor
    win = MainWindow(backend, info)
    win.resize(1280, 800)
    win.show()
    form = win.intake
    wait(app, lambda: form.proc_model.rowCount() > 0)
    form.select_procedure("1.004873")
    form.cccd.offer(PAYLOAD)
    form.cccd._qr_accept()
    form.applicant.phone.setText("0912 345 678")
    form.components.box(0).setChecked(True)
    form.components.box(1).setChecked(True)
    wait(app, lambda: "dự kiến" in form.due_label.text())
    win.grab().save(str(out / "intake-form.png"))
    win.tabs.setCurrentIndex(1)
    win.ledger.search.setText("nguyen")
    win.ledger.reload()
    wait(app, lambda: win.ledger.model.rowCount() > 0 and win.ledger.model.code_at(0) is not None, 10000)
    wait(app, lambda: False, 500)
    win.grab().save(str(out / "ledger.png"))
    backend.close()
    print("saved", out / "intake-form.png", out / "ledger.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
