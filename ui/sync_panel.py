"""The sync panel (Bảng đồng bộ) and the status-bar indicator.

The panel lists outbox entries with their state, attempts, next try and reason, and the
province's changes that could not be applied yet. "Đồng bộ ngay" and "Thử lại" are for
everyone; "Tạm gác lại" and "Đưa lại vào hàng đợi" for supervisors (the core checks the role
again). "Thiết lập đồng bộ…" (supervisors) opens ui/sync_setup_dialog.py. "Đồng bộ ngay" always
answers in the banner: what the pass did, or why sync could not run. Reads go through the backend's reader pool, actions through its single writer; the
engine is only woken through :class:`ui.sync_adapter.SyncAdapter`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from counter_app import accounts, outbox, province_changes, statuses, timeutil
from counter_app.i18n import _ as tr_core

from .i18n import tr
from .backend import Backend
from .sync_adapter import SyncAdapter
from .widgets import Banner

STATE_COLORS = {
    outbox.PENDING: "#5f6368", outbox.SENDING: "#0b57d0", outbox.DONE: "#188038",
    outbox.WAITING: "#b06000", outbox.ATTENTION: "#c5221f",
}
STATE_BRUSHES = {state: QBrush(QColor(colour)) for state, colour in STATE_COLORS.items()}
BLACK = QBrush(QColor("#000000"))
# Roles as constants: ``Qt.DisplayRole`` (PySide6's forgiving lookup) costs ~5 µs each time and
# ``data`` runs for every role of every visible cell (see ui/ledger.py).
DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
HORIZONTAL = Qt.Orientation.Horizontal


def when(iso: str | None, *, now: datetime | None = None) -> str:
    """A stored time as the clerk reads it: "14:05:09" today, "14:05 21/11" another day."""
    if not iso:
        return ""
    dt = timeutil.to_vn(datetime.fromisoformat(iso))
    now = now or timeutil.now()
    if dt.date() == now.date():
        return dt.strftime("%H:%M:%S")
    return dt.strftime("%H:%M %d/%m")


def indicator_text(status: dict[str, Any], unavailable: str = "") -> tuple[str, str]:
    """(text, colour) of the status-bar indicator."""
    if unavailable and not status:
        return tr('Đồng bộ: chưa hoạt động'), "#5f6368"
    online = status.get("online")
    queued = status.get("queued", 0)
    if online is False:
        head, colour = tr('Mất kết nối'), "#c5221f"
    elif online is None:
        head, colour = tr('Đang kết nối'), "#5f6368"
    else:
        head, colour = tr('Trực tuyến'), "#188038"
    parts = [tr('● {0}').format(head), tr('chờ gửi {0}').format(queued)]
    if status.get("attention"):
        parts.append(tr('cần xử lý {0}').format(status['attention']))
        colour = "#c5221f" if online is not False else colour
    last = status.get("last_success_at")
    parts.append(tr('lần cuối {0}').format(when(last)) if last else tr('chưa đồng bộ lần nào'))
    return tr(' · ').join(parts), colour


class SyncIndicator(QToolButton):
    """Online/offline, queued count, last success; a click opens the sync panel."""

    def __init__(self, adapter: SyncAdapter, parent=None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.setAutoRaise(True)
        self.setToolTip(tr('Mở bảng đồng bộ (F9)'))
        adapter.state_changed.connect(self.refresh)  # GUI thread, after the adapter kept the state
        self.refresh()

    def refresh(self) -> None:
        text, colour = indicator_text(self.adapter.last_status, self.adapter.unavailable_reason)
        self.setText(text)
        self.setStyleSheet(f"QToolButton {{ color: {colour}; font-weight: 600; }}")
        if self.adapter.unavailable_reason:
            self.setToolTip(self.adapter.unavailable_reason)
        elif self.adapter.last_status.get("last_error"):
            self.setToolTip(self.adapter.last_status["last_error"])
        else:
            self.setToolTip(tr('Mở bảng đồng bộ (F9)'))


PAGE = 200  # outbox rows read at a time
REFRESH_MAX = 2000  # a refresh while the engine works reads again at most this many rows


class SyncModel(QAbstractTableModel):
    HEADERS = (tr('Số'), tr('Mã hồ sơ'), tr('Loại'), tr('Trạng thái'), tr('Số lần thử'), tr('Lần thử tới'), tr('Lý do'))

    more_wanted = Signal()  # the view scrolled to the end of the rows loaded, and more exist

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.more = False  # rows past the last loaded one exist
        self.fetching = False

    def set_rows(self, rows: list[dict[str, Any]], more: bool = False) -> None:
        self.beginResetModel()
        self.rows = rows
        self.more = more
        self.endResetModel()

    def add_rows(self, rows: list[dict[str, Any]], more: bool) -> None:
        self.fetching = False
        self.more = more
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.more and not self.fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_wanted.emit()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.HEADERS[section]
        return None

    def data(self, index, role=DISPLAY):
        if (role != DISPLAY and role != FOREGROUND and role != TOOLTIP) or not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return str(r["id"])
            if col == 1:
                return r["code"] or ""
            if col == 2:
                return tr_core(outbox.KIND_NAMES.get(r["kind"], r["kind"]))
            if col == 3:
                return tr_core(outbox.STATE_NAMES.get(r["state"], r["state"]))
            if col == 4:
                return str(r["attempts"])
            if col == 5:
                if r["state"] == outbox.WAITING:
                    return when(r["next_attempt_at"]) or tr('ngay')
                return ""
            if col == 6:
                return r["last_error"] or ""
        if role == FOREGROUND and col == 3:
            return STATE_BRUSHES.get(r["state"], BLACK)
        if role == TOOLTIP and col == 6:
            return r["last_error"] or None
        return None


class SyncPanel(QDialog):
    """Bảng đồng bộ (F9)."""

    reloaded = Signal()

    def __init__(self, backend: Backend, adapter: SyncAdapter, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.adapter = adapter
        self.setWindowTitle(tr('Đồng bộ với hệ thống tỉnh'))
        self.resize(1000, 520)
        actor = backend.actor
        self.supervisor = accounts.is_supervisor(actor)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.banner = Banner()
        self.model = SyncModel(self)
        self.model.more_wanted.connect(self._load_more)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.show_done = QCheckBox(tr('Hiện cả các mục đã gửi'))
        self.show_done.toggled.connect(self.reload)
        self.province = QLabel()
        self.province.setWordWrap(True)

        self.sync_now_btn = QPushButton(tr('Đồng bộ ngay (Shift+F9)'))
        self.retry_btn = QPushButton(tr('Thử lại mục đã chọn'))
        self.aside_btn = QPushButton(tr('Tạm gác lại…'))
        self.requeue_btn = QPushButton(tr('Đưa lại vào hàng đợi'))
        self.close_btn = QPushButton(tr('Đóng'))
        self.setup_btn = QPushButton(tr('Thiết lập đồng bộ…'))
        self.setup_btn.setVisible(self.supervisor)  # clerks read who sets it up (adapter.NOT_CONFIGURED)
        self.setup_btn.clicked.connect(self.open_setup)
        # Calendar changes from the province held for a supervisor (past days, too many days off).
        self.accept_cal_btn = QPushButton(tr('Chấp nhận thay đổi lịch đang chờ'))
        self.refuse_cal_btn = QPushButton(tr('Không chấp nhận thay đổi lịch…'))
        self.accept_cal_btn.setObjectName("accept-calendar")
        self.refuse_cal_btn.setObjectName("refuse-calendar")
        for b in (self.accept_cal_btn, self.refuse_cal_btn):
            b.setVisible(False)
        self.accept_cal_btn.clicked.connect(lambda: self.decide_calendar(True))
        self.refuse_cal_btn.clicked.connect(lambda: self.decide_calendar(False))
        for b in (self.aside_btn, self.requeue_btn):
            b.setVisible(self.supervisor)
        self.sync_now_btn.clicked.connect(self.sync_now)
        self.retry_btn.clicked.connect(self.retry_selected)
        self.aside_btn.clicked.connect(self.set_aside_selected)
        self.requeue_btn.clicked.connect(self.requeue_selected)
        self.close_btn.clicked.connect(self.close)

        buttons = QHBoxLayout()
        for b in (self.sync_now_btn, self.retry_btn, self.aside_btn, self.requeue_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.setup_btn)
        buttons.addWidget(self.show_done)
        buttons.addWidget(self.close_btn)
        calendar_buttons = QHBoxLayout()
        calendar_buttons.addWidget(self.accept_cal_btn)
        calendar_buttons.addWidget(self.refuse_cal_btn)
        calendar_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.province)
        layout.addLayout(calendar_buttons)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Shift+F9"), self, self.sync_now)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(700)  # at most a reload every 0.7 s while the engine works
        self._reload_timer.timeout.connect(self.reload)
        self._loading = False
        self._generation = 0  # bumped by each reload: a next page asked before it is dropped
        adapter.state_changed.connect(self._state_changed)  # GUI thread, after the adapter kept the state
        adapter.answered.connect(self._answered)
        self._status(adapter.last_status)
        self.reload()

    # -- display --------------------------------------------------------------------------
    def _state_changed(self) -> None:
        self._status(self.adapter.last_status)

    def _status(self, status: dict) -> None:
        text, _colour = indicator_text(status, self.adapter.unavailable_reason)
        lines = [text]
        if self.adapter.unavailable_reason:
            lines.append(self.adapter.unavailable_reason)
        elif status.get("last_error") and status.get("queued"):
            lines.append(tr('Lỗi gần nhất: {0}').format(status['last_error']))
        self.summary.setText("\n".join(lines))
        if self.isVisible() and not self._reload_timer.isActive():
            self._reload_timer.start()

    def _answered(self, text: str, kind: str) -> None:
        self.banner.show_message(text, kind)
        if kind != "info":
            self.reload()

    def open_setup(self):
        from .sync_setup_dialog import open_setup

        return open_setup(self.backend, self.adapter, self)

    def reload(self) -> None:
        """Read again the rows shown (a page at least, at most ``REFRESH_MAX``): each read is a
        page of an index, never the whole queue (docs/performance.md, issue 16)."""
        if self._loading:
            return
        self._loading = True
        self._generation += 1
        include_done = self.show_done.isChecked()
        limit = max(PAGE, min(len(self.model.rows), REFRESH_MAX))

        def load(db):
            return (outbox.list_entries(db, include_done=include_done, limit=limit + 1),
                    province_changes.open_items(db), limit)

        self.backend.read(load, on_done=self._loaded, on_error=self._failed)

    def _load_more(self) -> None:
        """The next page after the last row shown (the view scrolled to the end)."""
        if self._loading or not self.model.rows:
            self.model.fetching = False
            return
        include_done = self.show_done.isChecked()
        after = outbox.entry_key(self.model.rows[-1])
        generation = self._generation

        def done(entries):
            if generation == self._generation:  # no reload since: the page continues these rows
                self.model.add_rows(entries[:PAGE], len(entries) > PAGE)
            else:
                self.model.fetching = False

        self.backend.read(outbox.list_entries, include_done=include_done, limit=PAGE + 1, after=after,
                          on_done=done, on_error=self._failed)

    def _loaded(self, result) -> None:
        self._loading = False
        entries, inbox, limit = result
        self.model.set_rows(entries[:limit], len(entries) > limit)
        if inbox:
            lines = [tr('Thay đổi từ tỉnh chưa áp dụng ({0}):').format(len(inbox))]
            for item in inbox[:5]:
                if item["kind"] == "holiday":
                    status = tr('Lịch làm việc ngày {0}').format(item.get("day") or "")
                elif item["kind"] == "scorecard-targets":
                    status = tr('Chỉ tiêu chỉ số 766')
                else:
                    status = statuses.label(int(item["status"])) if item.get("status") else item["kind"]
                lines.append(tr('• {0} → {1}: {2}').format(item['code'] or '', status, item['reason'] or ''))
            self.province.setText("\n".join(lines))
        else:
            self.province.setText("")
        held = self.supervisor and any(i["kind"] == "holiday" and i["state"] == "deferred" for i in inbox)
        for b in (self.accept_cal_btn, self.refuse_cal_btn):
            b.setVisible(held)
        self.reloaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.model.fetching = False
        self.banner.show_message(getattr(exc, "message", None) or tr('Lỗi không mong đợi: {0}').format(exc))

    # -- actions --------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r]["id"] for r in rows]

    def _after_write(self, _result=None) -> None:
        self.adapter.sync_now()
        self.reload()

    def sync_now(self) -> None:
        self.adapter.sync_now()
        self.reload()

    def retry_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.banner.show_message(tr('Hãy chọn mục cần thử lại.'), "info")
            return
        self.backend.write(outbox.retry_now, ids, on_done=self._after_write, on_error=self._failed)

    def set_aside_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.banner.show_message(tr('Hãy chọn mục cần tạm gác.'), "info")
            return
        reason, ok = QInputDialog.getText(self, tr('Tạm gác mục đồng bộ'), tr('Lý do:'))
        if not ok:
            return
        actor = self.backend.actor

        def work(db):
            for i in ids:
                outbox.set_aside(db, i, actor, reason)

        self.backend.write(work, on_done=lambda _r: self.reload(), on_error=self._failed)

    def decide_calendar(self, accept: bool) -> None:
        reason = ""
        if not accept:
            reason, ok = QInputDialog.getText(self, tr('Không chấp nhận thay đổi lịch'), tr('Lý do:'))
            if not ok:
                return
        actor = self.backend.actor
        self.backend.write(province_changes.decide_all_held, actor, accept, reason,
                           on_done=lambda _n: self.reload(), on_error=self._failed)

    def requeue_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.banner.show_message(tr('Hãy chọn mục cần đưa lại vào hàng đợi.'), "info")
            return
        actor = self.backend.actor

        def work(db):
            for i in ids:
                outbox.requeue(db, i, actor)

        self.backend.write(work, on_done=self._after_write, on_error=self._failed)
