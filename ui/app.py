"""GUI entry point: QApplication, fonts, data directory, setup/login, main window.

Start-up order: the database is opened (and migrated) on the writer thread; the setup dialog
(first start) or the login dialog appears when it is ready; the main window after login.
On quit: background work stops and is waited for, then the connections close.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from counter_app import paths
from counter_app.errors import UserError

from .i18n import tr

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_PASSWORD = "demo1234"


def _station_info(db) -> dict:
    from counter_app import migrations, settings

    s = settings.get_all(db)
    n, _name = migrations.schema_version(db)
    return {
        "agency_name": s["agency_name"], "agency_code": s["agency_code"], "station": s["station"],
        "schema_version": n, "set_up": bool(s["setup_completed_at"]), "idle_lock_minutes": s["idle_lock_minutes"],
        "backup_keep": s["backup_keep"],
    }


def demo_data_dir() -> Path:
    return Path(str(paths.default_data_dir()) + "-demo")


def run_gui(args) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .backend import Backend
    from .fonts import install_app_font
    from .login_dialog import LoginDialog

    # The GUI thread shares the interpreter with the database, rendering and sync threads: a
    # 1 ms GIL switch interval (default 5 ms) lets it answer input while they run Python code.
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    # Between the set-up dialog closing and the login opening (the station is read on a worker
    # thread) no window is visible: Qt would end the program there ("last window closed"). The
    # program ends when a start-up dialog is cancelled (app.quit) or the main window closes.
    app.setQuitOnLastWindowClosed(False)
    from .widgets import install_guards

    install_guards(app)  # the wheel never changes an unfocused field; windows within the screen
    from . import crash_dialog

    crash_dialog.install()
    install_app_font(app)

    hint = ""
    if args.smoke:
        data_dir = Path(tempfile.mkdtemp(prefix="counter-smoke-"))
        return _smoke(app, data_dir)
    if args.demo:
        from counter_app import demo

        data_dir = Path(args.data_dir) if args.data_dir else demo_data_dir()
        try:
            demo.ensure_demo(data_dir, DEMO_USER, DEMO_PASSWORD)
        except UserError as exc:
            QMessageBox.critical(None, tr('Lỗi'), exc.message)
            return 2
        hint = tr('Dữ liệu mẫu: đăng nhập bằng {0} / {1}').format(DEMO_USER, DEMO_PASSWORD)
    else:
        data_dir = paths.resolve_data_dir(args.data_dir)

    from counter_app.filelock import app_lock

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.critical(None, tr('Lỗi'), tr('Không tạo được thư mục dữ liệu {0}: {1}').format(data_dir, exc.strerror))
        return 2
    from . import i18n

    i18n.install(app, i18n.chosen_language(data_dir))  # before any translated widget is made
    lock = app_lock(data_dir)
    if not lock.acquire():
        QMessageBox.warning(None, tr('Ứng dụng đang mở'), tr('Ứng dụng đã mở trên dữ liệu này (cửa sổ khác). Hãy dùng cửa sổ đó.'))
        return 2
    from counter_app import logs

    logs.setup(data_dir)
    backend = Backend(data_dir)
    state: dict = {"lock": lock}

    def fail(exc: BaseException) -> None:
        msg = exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc)
        QMessageBox.critical(None, tr('Không mở được dữ liệu'), msg)
        app.exit(2)

    def show_setup() -> None:
        from .setup_dialog import SetupDialog

        dlg = SetupDialog(backend)
        state["dialog"] = dlg
        dlg.accepted.connect(lambda: backend.read(_station_info, on_done=got_info, on_error=fail))
        dlg.rejected.connect(app.quit)
        dlg.open()

    def show_login() -> LoginDialog:
        login = LoginDialog(backend, "", hint)
        if args.demo:
            login.username.setText(DEMO_USER)
        state["login"] = login

        def logged_in() -> None:
            open_main_window(backend, login.actor, data_dir, state).closed.connect(app.quit)

        login.accepted.connect(logged_in)
        login.rejected.connect(app.quit)
        login.open()
        if os.environ.get("COUNTER_APP_BENCH_EXIT_AT_LOGIN"):  # bench/startup.py: time to the login window
            QTimer.singleShot(0, lambda: (print("LOGIN_SHOWN", flush=True), app.quit()))
        return login

    def got_info(info: dict) -> None:
        state["info"] = info
        login = state.get("login")
        if not info["set_up"]:
            if login is not None:
                login.hide()
            show_setup()
            return
        if login is None or not login.isVisible():
            login = show_login()
        login.set_ready(info["agency_name"])
        if not state.get("preloaded"):
            state["preloaded"] = True
            preload_main_window(backend)

    # An existing station shows its login window at once, while the database opens (and
    # migrates) on the writer thread; the sign-in button waits for it. A first start goes
    # to the setup dialog once the new database exists.
    def open_db() -> None:
        backend.open(on_done=lambda _r=None: backend.read(_station_info, on_done=got_info, on_error=fail),
                     on_error=fail)

    if paths.db_path(data_dir).exists():
        show_login().set_waiting()
        # Open once the event loop has shown the window: the writer thread's first work is
        # importing sqlite-utils (~200 ms of Python), which would share the GIL with drawing it.
        QTimer.singleShot(0, open_db)
    else:
        open_db()
    app.aboutToQuit.connect(backend.close)
    return app.exec()


def open_main_window(backend, actor, data_dir: Path, state: dict):
    """After sign-in: the main window built (its intake and ledger tabs), shown in the next
    event-loop turn, then — each in a turn of its own after the steps the window queued (its
    other tabs, the sync engine) — the idle lock and the after-login checks. The GUI thread is
    never held long in a row (issue 16: no gap > 100 ms; ``bench.gui_login`` times this
    function): building and showing in one turn, followed at once by the first paint, was its
    longest stretch."""
    from .idle_lock import IdleLock
    from .main_window import MainWindow

    backend.actor = actor
    win = MainWindow(backend, state["info"])
    state["window"] = win
    win.later(win.show_fitted, first=True)
    win.later(lambda: state.update(idle=IdleLock(backend, float(state["info"].get("idle_lock_minutes") or 10), win)))
    win.later(lambda: _after_login_checks(backend, data_dir, win, state))
    return win


MAIN_WINDOW_MODULES = ("main_window", "idle_lock", "reports_tab", "online_view")
# What the window's first second imports besides: on the GUI thread (the after-login checks, the
# scan panel's watched folder) and on the sync engine's thread (requests, urllib3, the adapters:
# ~400 ms of Python without cached bytecode), whose imports would take the GIL from the GUI
# thread while it paints the window for the first time (a 15 ms paint took 80-170 ms).
AFTER_LOGIN_MODULES = ("counter_app.backup", "counter_app.filelock", "counter_app.scanning.folder",
                       "counter_app.scanning.sources", "sync.engine")


def _preload() -> None:
    import importlib

    from PySide6 import QtCore, QtGui, QtWidgets

    for name in MAIN_WINDOW_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    # PySide6 makes each Qt enum type a Python enum the first time it is touched (1-3 ms each;
    # building the main window touches ~180 of them): touch those of the classes it uses.
    for mod in (QtCore, QtGui, QtWidgets):
        for cls_name in dir(mod):
            cls = getattr(mod, cls_name, None)
            if not isinstance(cls, type):
                continue
            for attr in list(vars(cls)):
                if attr[:1].isupper():
                    try:
                        getattr(cls, attr)
                    except Exception:  # noqa: BLE001 - a lazy attribute that cannot be made here
                        pass
    for name in AFTER_LOGIN_MODULES:
        importlib.import_module(name)
    from .scanning import jobs

    jobs.warm_up()  # the imaging stack (Pillow, qpdf, PDFium, zxing), which the scan panel loads


def preload_main_window(backend) -> None:
    """While the login window waits for the password (seconds of idle time), import the main
    window's modules and make the Qt enums it touches, then import what its first second would
    (the sync engine, the imaging stack), on a worker thread: after sign-in, building the window
    is then widget work only and no other thread holds the GIL while it is first painted
    (issue 16: login → usable window, no long GUI stall).
    Imports make no Qt objects at module level in ui/ (plain values only: colours, roles)."""
    backend.run(_preload, on_error=lambda exc: log.warning("preloading the main window failed: %s", exc))


# The scheduled backup (and the scan retention after it) waits until the clerk has not touched
# the keyboard or mouse for this long, or the screen is locked (issue 16).
BACKUP_QUIET_SECONDS = 180.0


def _after_login_checks(backend, data_dir: Path, win, state: dict) -> None:
    """In the background: a quick integrity check (with what to do when it fails), the daily
    backup when a backup folder is set, then the daily scan retention (on the writer thread,
    after the backup, so a backup never copies a file being removed)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from counter_app import backup
    from counter_app.db import INTEGRITY_FAILED, quick_check

    def checked(result: str) -> None:
        if result != "ok":
            QMessageBox.warning(win, tr('Cơ sở dữ liệu có lỗi'), INTEGRITY_FAILED.format(problem=result))

    # On its own low-priority thread and connection: 10-25 s at a million dossiers, during
    # which both readers stay free for the ledger and the worklists (issue 16).
    backend.read_in_background(quick_check, on_done=checked,
                               on_error=lambda exc: log.warning("integrity check did not finish: %s", exc))

    def backup_failed(exc: BaseException) -> None:
        win.statusBar().showMessage(tr('Sao lưu tự động thất bại: {0}').format(getattr(exc, 'message', exc)), 60_000)
        maybe_prune()

    def done(result) -> None:
        backend.write(backup.record_scheduled, result)
        win.statusBar().showMessage(tr('Đã sao lưu tự động: {0}').format(result.path.name), 30_000)
        maybe_prune()

    def quiet() -> bool:
        idle = state.get("idle")
        return idle is None or idle.idle_seconds() >= state.get("backup_quiet_seconds", BACKUP_QUIET_SECONDS)

    def retry() -> None:
        state["backup_waiting"] = False
        maybe_backup()

    def maybe_backup() -> None:
        # A backup of a big station writes gigabytes (7.7 GB at a million dossiers: ~90 s); the
        # clerk's saves go on meanwhile but their commits wait behind the disk's flush (up to
        # ~0.7 s, as with a plain file copy: docs/performance.md). So it waits for a quiet moment.
        if not quiet():
            if not state.get("backup_waiting"):
                state["backup_waiting"] = True
                QTimer.singleShot(state.get("backup_retry_ms", 60_000), retry)
            return

        def go(dest) -> None:
            if dest is not None:
                backend.run(backup.backup, data_dir, dest, keep=int(state["info"].get("backup_keep") or 14),
                            on_done=done, on_error=backup_failed)
            else:
                maybe_prune()

        backend.read(backup.due, on_done=go, on_error=lambda exc: log.warning("backup check failed: %s", exc))

    def pruned(result) -> None:
        if result is None:
            return
        if result.files:
            from counter_app.scanning.profile import mb

            win.statusBar().showMessage(tr('Đã gỡ {0} bản quét đã lưu ở hệ thống tỉnh khỏi máy (giải phóng {1}).')
                                        .format(result.files, mb(result.bytes)), 30_000)
        if result.more:  # the rest in further writer tasks: the clerk's saves go in between
            maybe_prune()

    def maybe_prune() -> None:
        backend.write(_scheduled_prune, data_dir, on_done=pruned,
                      on_error=lambda exc: log.warning("scheduled scan retention failed: %s", exc))

    timer = QTimer(win)
    timer.timeout.connect(maybe_backup)
    timer.start(3_600_000)  # hourly look; a backup runs when the last one is a day old
    QTimer.singleShot(120_000, maybe_backup)
    state["backup_timer"] = timer


def _scheduled_prune(db, data_dir: Path):
    from counter_app.scanning import retention

    return retention.run_scheduled(db, data_dir)


def _smoke(app, data_dir: Path) -> int:
    """Self-test: temporary database, a window, a Mẫu 01 rendered to memory, exit 0."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel

    from counter_app import smoke

    try:
        report = smoke.run(data_dir)
    except Exception as exc:  # noqa: BLE001 - report anything as a failed self-test
        sys.stderr.write(f"Tự kiểm tra thất bại: {exc}\n")
        return 1
    from PySide6.QtGui import QFontMetrics

    missing = [ch for ch in VIETNAMESE_LETTERS if not QFontMetrics(app.font()).inFontUcs4(ord(ch))]
    if missing:
        sys.stderr.write(f"Tự kiểm tra thất bại: phông chữ thiếu {len(missing)} chữ tiếng Việt.\n")
        return 1
    label = QLabel(SMOKE_TEXT)
    label.setStyleSheet("background: white; color: black; padding: 8px;")
    label.resize(900, 80)
    label.show()
    png = os.environ.get("COUNTER_APP_SMOKE_PNG")
    if png:
        label.grab().save(png)
    QTimer.singleShot(200, app.quit)
    rc = app.exec()
    print(f"Tự kiểm tra thành công: {report}, phông {app.font().family()} đủ {len(VIETNAMESE_LETTERS)} chữ tiếng Việt")
    return rc


VIETNAMESE_LETTERS = (
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ"
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
SMOKE_TEXT = "Giấy tiếp nhận hồ sơ — Nguyễn Thị Ánh Đặng, Ứng Hòa, Quỳnh Lưu, Đắk Lắk: ỵ ỹ ữ ợ ẫ"  # fixed test text
