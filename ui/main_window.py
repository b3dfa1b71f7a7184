"""Main window: intake and ledger tabs, status bar, keyboard shortcuts.

No save is wired to a reload here: every write's change comes out of the backend's change hook
(``Backend.changed``, ui/backend.py), which the ledger, the worklists and the dashboard listen
to themselves; this window only connects the sync engine to it (both ways)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

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
STEP_MS = 10  # between two of the steps after sign-in (MainWindow.__init__)


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed (the program ends with it)
    tab_built = Signal(str)  # a deferred tab ("worklists", "reports", "online") replaced its placeholder
    steps_done = Signal()  # every deferred step ran (the window is complete)

    def __init__(self, backend: Backend, info: dict) -> None:
        super().__init__()
        self.backend = backend
        self.info = info
        self.setWindowTitle(tr('Một cửa — {0}').format(info.get('agency_name', '')))
        self.resize(*PREFERRED_SIZE)
        self.tabs = QTabWidget()
        # The tab in front (the intake) and the ledger are built now; the other tabs are
        # placeholders under their labels, each built in its own event-loop turn once the window
        # shows (or at once when reached: Ctrl+3/4/5, a click, the attribute read). Building all
        # of them in the sign-in's turn held the GUI thread 100+ ms (issue 16).
        self._pending: dict[str, QWidget] = {}
        self._built: dict[str, QWidget | None] = {"worklists": None, "reports": None, "online": None}
        self.intake = IntakeForm(backend)
        self.ledger = LedgerView(backend)
        self.tabs.addTab(self.intake, tr('Tiếp nhận hồ sơ (Ctrl+1)'))
        self.tabs.addTab(self.ledger, tr('Sổ theo dõi hồ sơ (Ctrl+2)'))
        self._defer_tab("worklists", tr('Việc cần làm (Ctrl+3)'))
        self.tabs.currentChanged.connect(self._tab_reached)
        self.setCentralWidget(self.tabs)
        self.intake.saved.connect(self.open_print_preview)  # Mẫu 01 right after the save
        # The citizen rates the receipt and the return with one tap (ui/rating_window.py).
        self.rating = None
        self.intake.saved.connect(lambda code: self.ask_rating(code, "receipt"))
        self.ledger.returned.connect(lambda code: self.ask_rating(code, "return"))
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.tabs.setCurrentIndex(0))
        QShortcut(QKeySequence("Ctrl+2"), self, lambda: (self.tabs.setCurrentIndex(1), self.ledger.search.setFocus()))
        QShortcut(QKeySequence("Ctrl+3"), self, lambda: self.tabs.setCurrentWidget(self.worklists))
        QShortcut(QKeySequence("Ctrl+5"), self, lambda: (self.tabs.setCurrentWidget(self.online),
                                                          self.online.table.setFocus()))
        # Supervisor reports (dashboard, tallies and Biểu 06, closing the day): supervisors and admins.
        if is_supervisor(backend.actor):
            self._defer_tab("reports", tr('Báo cáo (Ctrl+4)'))
            QShortcut(QKeySequence("Ctrl+4"), self, lambda: self.tabs.setCurrentWidget(self.reports))

        # Online dossiers waiting for the counter's check (issue 20), pulled by the sync engine;
        # after the reports tab (Ctrl+4), which ui/session.py inserts before it for a supervisor.
        self._defer_tab("online", tr('Hồ sơ trực tuyến (Ctrl+5)'))
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
        self.intake.load_procedures()
        # What the clerk types is kept as a draft and offered back after a crash.
        self.draft = DraftKeeper(self.intake, backend, backend.actor.username) if backend.actor else None
        if self.draft is not None:
            self.draft.start()
        self.ledger.reload()
        # The rest, one step per event-loop turn (5-45 ms each), the window painted in between:
        # the deferred tabs, then the sync engine's thread (its start is Python work that would
        # share the GIL with the first paint). ``later`` adds steps (ui/app.py). A timer, not a
        # queued call: the loop handles what is pending (the first paint, input, results)
        # between two steps, where a chain of queued calls could run back to back.
        self._steps: list = [lambda: self._tab("worklists"), lambda: self._tab("online"),
                             lambda: self._tab("reports"), self.sync.start]
        self._step_timer = QTimer(self)
        self._step_timer.setSingleShot(True)
        self._step_timer.setInterval(STEP_MS)
        self._step_timer.timeout.connect(self._next_step)
        self._step_timer.start()

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

        names = {self.intake: "intake", self.ledger: "ledger"}  # and the deferred tabs, built or not
        names.update({w: name for name, w in (*self._built.items(), *self._pending.items()) if w is not None})
        name = names.get(self.tabs.currentWidget(), "index")
        return open_help(self, self.backend, "worklists" if name == "online" else name)

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
        self._steps.clear()  # a step still waiting (the sync engine's start) never runs now
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

    # -- the tabs built after the window shows ---------------------------------------------------
    @property
    def worklists(self) -> WorklistView:
        return self._tab("worklists")

    @property
    def online(self):  # ui.online_view.OnlineView
        return self._tab("online")

    @property
    def reports(self):  # ui.reports_tab.ReportsTab, or None for a clerk
        return self._tab("reports")

    def has_tab(self, name: str) -> bool:
        """The tab is in the window (built or still a placeholder)."""
        return name in self._pending or self._built.get(name) is not None

    def _defer_tab(self, name: str, text: str, index: int = -1) -> None:
        placeholder = QWidget()
        placeholder.setObjectName(f"pending-{name}")
        self._pending[name] = placeholder
        self.tabs.insertTab(index, placeholder, text)

    def _tab(self, name: str):
        """The tab's widget, built now when it is still a placeholder; None when the window has
        no such tab (the reports tab of a clerk)."""
        placeholder = self._pending.pop(name, None)
        if placeholder is None:
            return self._built[name]
        widget = self._make_tab(name)
        self._built[name] = widget
        index = self.tabs.indexOf(placeholder)
        was_current = self.tabs.currentIndex() == index
        self.tabs.insertTab(index, widget, self.tabs.tabText(index))  # the label (and its count) kept
        self.tabs.removeTab(index + 1)
        if was_current:
            self.tabs.setCurrentIndex(index)
        placeholder.deleteLater()
        self.tab_built.emit(name)
        return widget

    def _make_tab(self, name: str) -> QWidget:
        backend = self.backend
        if name == "worklists":
            view = WorklistView(backend)
            view.counts_changed.connect(self._show_counts)
            view.refresh()
        elif name == "reports":
            from .reports_tab import ReportsTab

            view = ReportsTab(backend)
            view.scorecard.dossiers_requested.connect(self.show_indicator_dossiers)
        else:
            from .online_view import OnlineView

            view = OnlineView(backend)
            view.count_changed.connect(self._show_online_count)
            view.received.connect(self.open_print_preview)  # Mẫu 01, as after a counter intake
            view.reload()
        return view

    def set_reports_tab(self, shown: bool) -> None:
        """The reports tab follows the signed-in user's role (ui/session.py): added before
        "Hồ sơ trực tuyến (Ctrl+5)" for a supervisor (built in a later turn), removed for a clerk."""
        if shown and not self.has_tab("reports"):
            online = self._pending.get("online") or self._built["online"]
            self._defer_tab("reports", tr('Báo cáo (Ctrl+4)'), self.tabs.indexOf(online))
            QTimer.singleShot(0, self, lambda: self._tab("reports"))
        elif not shown and self.has_tab("reports"):
            widget = self._pending.pop("reports", None) or self._built["reports"]
            self._built["reports"] = None
            self.tabs.removeTab(self.tabs.indexOf(widget))
            widget.deleteLater()

    def _tab_reached(self, index: int) -> None:
        """A placeholder came to the front (a click on its label, Ctrl+Tab): its tab is built
        in the next turn (not inside the tab widget's own signal)."""
        widget = self.tabs.widget(index)
        name = next((n for n, p in self._pending.items() if p is widget), None)
        if name is not None:
            QTimer.singleShot(0, self, lambda: self._tab(name))

    def later(self, step, first: bool = False) -> None:
        """Run ``step()`` in a turn of its own after the steps already waiting (``first``:
        before them)."""
        if first:
            self._steps.insert(0, step)
        else:
            self._steps.append(step)

    def _next_step(self) -> None:
        if not self._steps:
            return
        self._steps.pop(0)()
        if self._steps:
            self._step_timer.start()
        else:
            self.steps_done.emit()

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
