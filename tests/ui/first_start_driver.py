"""Drives the real app (ui.app.run_gui) on an empty data folder, as a clerk would on a first
start: fill the set-up, then sign in, then see the main window and close it. Run as a
subprocess by tests/ui/test_first_start.py; prints SETUP_SHOWN, LOGIN_SHOWN, MAIN_SHOWN.
With a second argument (a key file path) it ticks "encrypt" and saves the recovery key there
(printing KEY_SAVED); on a station already set up it only signs in."""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox  # noqa: E402

from ui import app as ui_app  # noqa: E402

PASSWORD = "quantri-2026"
KEY_FILE = sys.argv[2] if len(sys.argv) > 2 else ""
seen: set[str] = set()


def tick() -> None:
    from ui.login_dialog import LoginDialog
    from ui.main_window import MainWindow
    from ui.recovery_key_dialog import RecoveryKeyDialog
    from ui.setup_dialog import SetupDialog

    for w in QApplication.allWidgets():
        if isinstance(w, RecoveryKeyDialog) and w.isVisible():
            if "key" not in seen:
                seen.add("key")
                from PySide6.QtWidgets import QFileDialog

                QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (KEY_FILE, ""))
                w.export_button.click()
            elif w.saved_to is not None and "key-saved" not in seen:
                seen.add("key-saved")
                print("KEY_SAVED", flush=True)
                w.done_button.click()
            return
    for w in QApplication.topLevelWidgets():
        if not w.isVisible():
            continue
        if isinstance(w, SetupDialog) and "setup" not in seen and w.encrypt_reason.text().endswith("…"):
            continue  # the keyring is still being looked for
        if isinstance(w, SetupDialog) and "setup" not in seen:
            seen.add("setup")
            print("SETUP_SHOWN", flush=True)
            w.agency_name.setText("Trung tâm Phục vụ hành chính công xã Hòa Bình")
            w.agency_code.setText("000.00.12.H56")
            w.province.setText("Tỉnh Thanh Hóa")
            w.place_name.setText("Hòa Bình Thượng")
            w.encrypt.setChecked(bool(KEY_FILE))
            w.admin_password.setText(PASSWORD)
            w.admin_password2.setText(PASSWORD)
            w.buttons.button(QDialogButtonBox.Ok).click()
        elif isinstance(w, LoginDialog) and "login" not in seen and w.buttons.button(QDialogButtonBox.Ok).isEnabled():
            seen.add("login")
            print("LOGIN_SHOWN", flush=True)
            w.username.setText("admin")
            w.password.setText(PASSWORD)
            w.submit()
        elif isinstance(w, MainWindow) and "main" not in seen:
            seen.add("main")
            print("MAIN_SHOWN", flush=True)
            QTimer.singleShot(300, w.close)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)
    args = types.SimpleNamespace(smoke=False, demo=False, data_dir=sys.argv[1])
    rc = ui_app.run_gui(args)
    print(f"EXIT {rc}", flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
