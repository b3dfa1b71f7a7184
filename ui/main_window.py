"""Main window: intake and ledger tabs, status bar, keyboard shortcuts.

No save is wired to a reload here: every write's change comes out of the backend's change hook
(``Backend.changed``, ui/backend.py), which the ledger, the worklists and the dashboard listen
to themselves; this window only connects the sync engine to it (both ways)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget

from counter_app.accounts import ROLES, is_supervisor
from counter_app.i18n import _ as tr_core

from .i18n import tr
from .backend import Backend
from .intake.draft import DraftKeeper, intake_has_input  # noqa: F401  (intake_has_input: used by tests too)
from .intake_form import IntakeForm
from .ledger import LedgerView
from .print_preview import PrintPreview
from .session import install_account_menu
from .sync_adapter import SyncAdapter
from .sync_panel import SyncIndicator, SyncPanel
from .sync_setup_dialog import add_setup_action as add_sync_setup_action
from . import widgets
from .widgets import fit_to_screen, is_small_screen
from .worklists import WorklistView

PREFERRED_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed (the program ends with it)

    def __init__(self, backend: Backend, info: dict) -> None:
        super().__init__()
        self.backend = backend
        self.info = info
        self.setWindowTitle(tr('Một cửa — {0}').format(info.get('agency_name', '')))
        self.resize(*PREFERRED_SIZE)
        self.tabs = QTabWidget()
        self.intake = IntakeForm(backend)
        self.ledger = LedgerView(backend)
        self.tabs.addTab(self.intake, tr('Tiếp nhận hồ sơ (Ctrl+1)'))
        self.tabs.addTab(self.ledger, tr('Sổ theo dõi hồ sơ (Ctrl+2)'))
        self.worklists = WorklistView(backend)
        self.tabs.addTab(self.worklists, tr('Việc cần làm (Ctrl+3)'))
        self.worklists.counts_changed.connect(self._show_counts)
        self.setCentralWidget(self.tabs)
        self.intake.saved.connect(self.open_print_preview)  # Mẫu 01 right after the save
        # The citizen rates the receipt and the return with one tap (ui/rating_window.py).
        self.rating = None
        self.intake.saved.connect(lambda code: self.ask_rating(code, "receipt"))
        self.ledger.returned.connect(lambda code: self.ask_rating(code, "return"))
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: (self.tabs.setCurrentIndex(1), self.ledger.search.setFocus()))
        QShortcut(QKeySequence("Ctrl+3"), self, lambda: self.tabs.setCurrentIndex(2))
        QShortcut(QKeySequence("Ctrl+5"), self, lambda: (self.tabs.setCurrentWidget(self.online),
                                                          self.online.table.setFocus()))
        # Supervisor reports (dashboard, tallies and Biểu 06, closing the day): supervisors and admins.
        self.reports = None
        if is_supervisor(backend.actor):
            from .reports_tab import ReportsTab

            self.reports = ReportsTab(backend)
            self.tabs.addTab(self.reports, tr('Báo cáo (Ctrl+4)'))
            QShortcut(QKeySequence("Ctrl+4"), self, lambda: self.tabs.setCurrentWidget(self.reports))
            self.reports.scorecard.dossiers_requested.connect(self.show_indicator_dossiers)

        # Online dossiers waiting for the counter's check (issue 20), pulled by the sync engine;
        # after the reports tab (Ctrl+4), which ui/session.py inserts before it for a supervisor.
        from .online_view import OnlineView

        self.online = OnlineView(backend)
        self.tabs.addTab(self.online, tr('Hồ sơ trực tuyến (Ctrl+5)'))
        self.online.count_changed.connect(self._show_online_count)
        self.online.received.connect(self.open_print_preview)  # Mẫu 01, as after a counter intake
        actor = backend.actor
        who = f"{actor.full_name} ({tr_core(ROLES.get(actor.role, actor.role))})" if actor else ""
        sb = self.statusBar()
        sb.addWidget(QLabel(tr('Quầy {0} · {1}').format(info.get('station', ''), info.get('agency_code', ''))))
        self.who_label = QLabel(who)  # ui/session.py names another user here after a switch
        sb.addWidget(self.who_label)
        # Sync with the province: its own thread; the indicator opens the panel (F9).
        self.sync = SyncAdapter(backend.data_dir, self)
        self.sync_indicator = SyncIndicator(self.sync)
        self.sync_indicator.clicked.connect(self.open_sync_panel)
        sb.addPermanentWidget(self.sync_indicator)
        sync_menu = self.menuBar().addMenu(tr('Đồng bộ'))
        sync_menu.addAction(tr('Bảng đồng bộ…'), QKeySequence("F9"), self.open_sync_panel)
        sync_menu.addAction(tr('Đồng bộ ngay'), QKeySequence("Shift+F9"), self.sync.sync_now)
        self.sync_setup_action = add_sync_setup_action(sync_menu, backend, self.sync, self)
        self.sync.answered.connect(lambda text, _kind: sb.showMessage(text, 30_000))  # "Đồng bộ ngay" answers
        # Always built, shown to supervisors only (ui/session.py: a switched user's role decides).
        self.admin_menu = admin_menu = self.menuBar().addMenu(tr('Quản trị'))
        admin_menu.addAction(tr('Nhật ký kiểm tra…'), QKeySequence("Ctrl+Shift+A"), self.open_audit_view)
        admin_menu.addAction(tr('Cài đặt trạm…'), self.open_settings_dialog)
        admin_menu.addAction(tr('Lịch làm việc (ngày nghỉ, làm bù)…'), self.open_calendar)
        install_account_menu(self)  # Tài khoản: own password, accounts (admins), sign out (Ctrl+Shift+L)
        help_menu = self.menuBar().addMenu(tr('&Trợ giúp'))  # the schema version lives here, not on the status bar
        # F1: the help page of the tab in front (ui/help_view.py; the dialogs install their own F1)
        self.help_action = help_menu.addAction(tr('&Hướng dẫn sử dụng'), QKeySequence("F1"), self.open_help)
        self.about_action = help_menu.addAction(tr('&Giới thiệu…'), self.open_about)
        backend.changed.connect(self.sync.on_change)  # rows queued: the engine looks now
        self.sync.changed.connect(backend.publish)  # statuses pulled: the screens reload
        self.sync_panel: SyncPanel | None = None
        QApplication.instance().aboutToQuit.connect(self.sync.stop)  # also when quitting without a close
        self.sync.start()
        self.intake.load_procedures()
        # What the clerk types is kept as a draft and offered back after a crash.
        self.draft = DraftKeeper(self.intake, backend, backend.actor.username) if backend.actor else None
        if self.draft is not None:
            self.draft.start()
        self.ledger.reload()
        self.worklists.refresh()
        self.online.reload()

    def open_audit_view(self):
        from .audit_view import AuditView

        dlg = AuditView(self.backend, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def open_settings_dialog(self):
        from .settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.backend, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.saved.connect(lambda values: self.setWindowTitle(tr('Một cửa — {0}').format(values["agency_name"])))
        dlg.open()
        return dlg

    def open_calendar(self):
        from .calendar_dialog import CalendarDialog

        dlg = CalendarDialog(self.backend, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def open_about(self):
        from .about_dialog import AboutDialog

        dlg = AboutDialog(self.info, self.backend.data_dir, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.about = dlg
        dlg.open()
        return dlg

    def open_help(self):
        from .help_view import open_help

        topics = {self.intake: "intake", self.ledger: "ledger", self.worklists: "worklists", self.online: "worklists",
                  self.reports: "reports"}
        return open_help(self, self.backend, topics.get(self.tabs.currentWidget(), "index"))

    def open_sync_panel(self) -> SyncPanel:
        if self.sync_panel is None:
            from .help_view import install_help_key

            self.sync_panel = SyncPanel(self.backend, self.sync, self)
            install_help_key(self.sync_panel, self.backend, "sync")
        self.sync_panel.show()
        self.sync_panel.raise_()
        self.sync_panel.reload()
        return self.sync_panel

    def show_fitted(self, available: QRect | None = None) -> None:
        """Show the window maximised: the counter's one all-day program, on a commune's usual
        1366×768 (or any screen at 125 % scaling) and on a 1920×1080 alike, where a 1280×800
        window left 40 % of the screen unused and the ledger's columns cut. Un-maximised it is
        1280×800 or less, centred within the screen."""
        area = available if available is not None else widgets.available_geometry(self)
        if is_small_screen(area):
            self.setGeometry(area)  # the size it has when the window manager un-maximises it
        else:
            fit_to_screen(self, *PREFERRED_SIZE, available=area)
        self.showMaximized()

    def confirm_close(self, text: str = "", discard: str = "") -> bool:
        """A half-filled intake is not dropped without asking: "Đóng và bỏ hồ sơ đang nhập" or
        "Quay lại" (the default, also Esc). Dropping it drops its draft too. ``text`` and ``discard``
        word the question for another way of leaving (signing out, ui/session.py)."""
        if not intake_has_input(self.intake):
            return True
        box = QMessageBox(QMessageBox.Warning, tr('Hồ sơ chưa lưu'),
                          text or tr('Hồ sơ đang nhập ở thẻ Tiếp nhận chưa được lưu. Đóng chương trình sẽ bỏ các thông tin đã nhập.'),
                          QMessageBox.NoButton, self)
        self.discard_button = box.addButton(discard or tr('Đóng và bỏ hồ sơ đang nhập'), QMessageBox.DestructiveRole)
        back = box.addButton(tr('Quay lại nhập tiếp'), QMessageBox.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        self.close_question = box
        box.exec()
        self.close_question = None
        if box.clickedButton() is not self.discard_button:
            self.tabs.setCurrentWidget(self.intake)
            return False
        if self.draft is not None:
            self.draft.discard()
        return True

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.confirm_close():
            event.ignore()
            return
        if self.draft is not None:
            self.draft.stop()
        self.sync.stop()  # the sync thread ends before the database is closed
        super().closeEvent(event)
        self.closed.emit()

    def apply_actor(self, actor) -> None:
        """Another user works in this window now (idle lock, sign-out and in): ui/session.py."""
        from .session import apply_actor

        apply_actor(self, actor)
        if self.draft is not None and actor is not None:
            self.draft.switch(actor.username)

    def _show_counts(self, counts: dict) -> None:
        urgent = counts.get("overdue", 0) + counts.get("due-today", 0) + counts.get("ready", 0)
        self.tabs.setTabText(2, tr('Việc cần làm ({0}) (Ctrl+3)').format(urgent))

    def show_indicator_dossiers(self, indicator: str, part: str, date_from, date_to) -> None:
        """The scorecard's click: the ledger tab, filtered to the dossiers behind the indicator."""
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.show_indicator(indicator, part, date_from, date_to)
        self.ledger.table.setFocus()

    def _show_online_count(self, waiting: int) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.online), tr('Hồ sơ trực tuyến ({0}) (Ctrl+5)').format(waiting))

    def ask_rating(self, code: str, stage: str) -> None:
        from .rating_window import ask

        def opened(win) -> None:
            if self.rating is not None:
                self.rating.close()  # the previous citizen's window, if they walked away
            self.rating = win
            win.destroyed.connect(lambda _=None: self.rating is win and setattr(self, "rating", None))

        ask(self.backend, code, stage, self, on_open=opened)

    def open_print_preview(self, code: str, form_id: str = "mau-01") -> PrintPreview:
        dlg = PrintPreview(self.backend, code, form_id, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.preview = dlg
        dlg.open()
        return dlg
