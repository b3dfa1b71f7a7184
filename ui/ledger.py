"""The ledger (Sổ theo dõi hồ sơ): a Qt model over the core's paged ledger query
(``counter_app.ledger_query``) that stays fast and small with a million rows.

The first page (newest received first) is fetched on the reader pool when the filter changes;
further pages are fetched as the clerk scrolls to the end (``canFetchMore``/``fetchMore``,
keyset: each page starts after the last row shown). Only the newest filter's answers are shown.
The total is exact up to ``ledger_query.COUNT_CAP`` and "hơn …" past it. Nothing here waits on
the database.
"""

from __future__ import annotations

import logging
from array import array

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from counter_app import changes, dossiers, ledger_query, statuses, timeutil
from counter_app.changes import Change
from counter_app.dossiers import LedgerFilter
from counter_app.i18n import _ as tr_core
from counter_app.intake import CHANNELS

from .i18n import tr
from .backend import Backend
from .tasks import show_error
from .widgets import vn_today

log = logging.getLogger(__name__)

PAGE = ledger_query.PAGE
KEEP_MAX = 2_000  # a reload after a change keeps at most this many rows loaded (see load)

COLUMNS = (tr('Mã hồ sơ'), tr('Thủ tục'), tr('Người nộp'), tr('Ngày nhận'), tr('Hẹn trả'), tr('Trạng thái'), tr('Kênh'), tr('Người tiếp nhận'))
WORKLIST_COLUMNS = (tr('Số ngày quá hạn'), tr('Điện thoại'))
# The widest texts of the columns that must never be cut: the code and the two dates.
WIDEST_CODE = "000.00.06.H56-261120-1001"
WIDEST_DATE = "00/00/0000 00:00"


def fit_columns(table: QTableView, columns: dict[int, str]) -> None:
    """Columns wide enough for their widest text (and header), from the table's font metrics."""
    fm = table.fontMetrics()
    hfm = table.horizontalHeader().fontMetrics()
    model = table.model()
    for col, sample in columns.items():
        header = str(model.headerData(col, HORIZONTAL) or "")
        width = max(fm.horizontalAdvance(sample), hfm.horizontalAdvance(header)) + 24  # cell padding, sort mark
        table.setColumnWidth(col, max(width, table.columnWidth(col)))
OVERDUE_BG = QColor("#fde2e1")
DUE_TODAY_BG = QColor("#fff4ce")
MARK_BRUSHES = {"overdue": QBrush(OVERDUE_BG), "due-today": QBrush(DUE_TODAY_BG)}

# Painting calls ``data`` for every role of every visible cell (~1,600 calls a repaint), so it
# must be cheap: roles are compared with module constants (PySide6's forgiving lookup
# ``Qt.DisplayRole`` costs ~5 µs each time, ``Qt.ItemDataRole.DisplayRole`` taken once costs
# nothing later), unserved roles leave first, and rows arrive already formatted (``ledger_page``
# on the reader pool). A repaint went from ~27 ms to ~8 ms of GUI-thread time, and from ~90 ms
# to ~25 ms while another Python thread (the sync engine's) competes for the GIL
# (bench/gui_sync.py).
DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
HORIZONTAL = Qt.Orientation.Horizontal


def _format(db, rows: list[tuple], now, extras: bool) -> list[tuple[int, tuple[str, ...], str]]:
    """Rows as the table shows them — (id, column texts, due mark) — so that painting (every
    visible cell, several roles) only looks them up. ``extras``: the worklists' columns too
    (days overdue, phone)."""
    more = dossiers.worklist_extras(db, [r[0] for r in rows], now) if extras else {}
    out = []
    for r in rows:
        id_, code, proc, applicant, received, due, status, channel, clerk = r
        texts = (code, proc, applicant, timeutil.vn_datetime(timeutil.parse_iso(received)),
                 timeutil.vn_datetime(timeutil.parse_iso(due)), statuses.label(status),
                 tr_core(CHANNELS.get(channel, str(channel))), clerk)
        if extras:
            phone, late = more.get(id_, ("", 0))
            texts += (str(late) if late else "", phone)
        out.append((id_, texts, dossiers.due_mark(status, due, now)))
    return out


def ledger_page(db, f: LedgerFilter, after, now, extras: bool = False, first: bool = False, limit: int = PAGE):
    """On the reader pool: one page of the ledger after the key ``after`` (None: the first, with
    the total), formatted. Returns (rows, next key, count, count is a lower bound)."""
    page = ledger_query.page(db, f, after, limit, with_count=first, now=now)
    return _format(db, page.rows, now, extras), page.next_key, page.count, page.count_more


def count_text(n: int, more: bool) -> str:
    """"1.234 hồ sơ", or "hơn 1.000 hồ sơ" when the total was not counted past the cap."""
    number = f"{n:,}".replace(",", ".")
    return tr('hơn {0} hồ sơ').format(number) if more else tr('{0} hồ sơ').format(number)


class LedgerModel(QAbstractTableModel):
    loaded = Signal(int)  # the total after a (re)load (a lower bound when ``count_more``)

    def __init__(self, backend: Backend, parent=None, *, extras: bool = False) -> None:
        super().__init__(parent)
        self.backend = backend
        self.extras = extras  # the worklists' columns (days overdue, phone)
        self.columns = COLUMNS + (WORKLIST_COLUMNS if extras else ())
        self.ids: array = array("q")
        self._rows: list[tuple[tuple[str, ...], str]] = []
        self.count = 0
        self.count_more = False
        self._filter = LedgerFilter()
        self._next_key = None  # where the next page starts; None: every row is here
        self._fetching = False  # a next page is on its way
        self._generation = 0  # bumped by each load(): answers of older filters are dropped
        self._shown_generation = 0  # the generation whose rows are shown
        self._now = timeutil.now()
        self._ids_loading = False  # a first-page query is running on the reader pool
        self._ids_waiting: tuple[int, LedgerFilter, int] | None = None  # the newest load asked meanwhile
        self._mark_tips = {"overdue": tr('Quá hạn'), "due-today": tr('Đến hạn hôm nay')}

    # -- loading -----------------------------------------------------------------------------
    def load(self, f: LedgerFilter, keep: bool = False) -> None:
        """Show the first page of the dossiers matching ``f``. One first-page query at a time: a
        load asked for while one runs waits for it and only the newest waiting filter runs
        (keystrokes, a reload from the sync engine and a filter change coalesce), and an answer
        for an older filter is dropped. ``keep`` (a reload after a change, same filter): as many
        rows as are loaded now (up to KEEP_MAX), so a clerk scrolled down is not sent back to
        the first page by someone else's save."""
        self._generation += 1
        rows = min(max(PAGE, len(self._rows)), KEEP_MAX) if keep else PAGE
        if self._ids_loading:
            self._ids_waiting = (self._generation, f, rows)
            return
        self._start(self._generation, f, rows)

    def _start(self, gen: int, f: LedgerFilter, rows: int = PAGE) -> None:
        self._ids_loading = True
        now = timeutil.now()
        self.backend.read(ledger_page, f, None, now, self.extras, True, rows,
                          on_done=lambda res: self._first_done(gen, f, now, res),
                          on_error=lambda exc: self._first_done(gen, f, now, None, exc))

    def _first_done(self, gen: int, f: LedgerFilter, now, res, exc: BaseException | None = None) -> None:
        self._ids_loading = False
        waiting, self._ids_waiting = self._ids_waiting, None
        if waiting is not None:
            self._start(*waiting)  # newer than this answer, which is then dropped
        if exc is not None:
            log.error("loading the ledger failed", exc_info=exc)
            return
        if gen != self._generation:
            return  # a newer filter was applied meanwhile
        rows, next_key, count, more = res
        self.beginResetModel()
        self._shown_generation = gen
        self._filter = f
        self._now = now
        self.ids = array("q", (r[0] for r in rows))
        self._rows = [(r[1], r[2]) for r in rows]
        self._next_key = next_key
        self._fetching = False
        self.count, self.count_more = count, more
        self.endResetModel()
        self.loaded.emit(count)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt API
        return not parent.isValid() and self._next_key is not None and not self._fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt API
        """The view scrolled to the last row: fetch the next page on the reader pool."""
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        gen, key = self._shown_generation, self._next_key
        self.backend.read(ledger_page, self._filter, key, self._now, self.extras,
                          on_done=lambda res: self._more_done(gen, res),
                          on_error=lambda exc: self._more_done(gen, None, exc))

    def _more_done(self, gen: int, res, exc: BaseException | None = None) -> None:
        if gen != self._shown_generation:
            return  # rows of a filter that has been replaced
        self._fetching = False
        if exc is not None:
            log.error("loading more of the ledger failed", exc_info=exc)
            return
        rows, next_key, _count, _more = res
        self._next_key = next_key
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.ids.extend(r[0] for r in rows)
            self._rows.extend((r[1], r[2]) for r in rows)
            self.endInsertRows()

    def _row(self, row: int) -> tuple[tuple[str, ...], str] | None:
        """(column texts, due mark) of a row, or None past the rows shown."""
        if not 0 <= row < len(self._rows):
            return None
        return self._rows[row]

    def id_at(self, row: int) -> int:
        return self.ids[row]

    def code_at(self, row: int) -> str | None:
        r = self._row(row)
        return r[0][0] if r else None

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802
        if role != DISPLAY:
            return None
        if orientation == HORIZONTAL:
            return self.columns[section]
        return None  # rows have no numbers (the vertical header is hidden)

    def _value(self, r, col: int, role):
        """What cell ``col`` of row ``r`` shows for ``role``."""
        if r is None:
            return None
        if role == DISPLAY:
            return r[0][col]
        if role == BACKGROUND:
            return MARK_BRUSHES.get(r[1])
        if role == TOOLTIP:
            return self._mark_tips.get(r[1])
        return None

    def data(self, index, role=DISPLAY):
        # The roles served are tested first, with constants: most calls are for other roles.
        if (role != DISPLAY and role != BACKGROUND and role != TOOLTIP) or not index.isValid():
            return None
        return self._value(self._row(index.row()), index.column(), role)

    def multiData(self, index, span) -> None:  # noqa: N802
        """All the roles a cell is painted with, in one call (Qt 6's item delegate asks for seven
        roles through ``multiData``; the default forwards each to :meth:`data`). Each entry from
        C++ into Python takes the GIL, which the sync engine's threads are using: one entry a
        cell instead of seven cut a repaint of the ledger while syncing (bench/gui_sync.py)."""
        if not index.isValid():
            for rd in span:
                rd.clearData()
            return
        r, col = self._row(index.row()), index.column()
        for rd in span:
            value = self._value(r, col, rd.role())
            if value is None:
                rd.clearData()
            else:
                rd.setData(value)


class DetailDialog(QDialog):
    """One dossier with its history (the digital Phiếu kiểm soát)."""

    print_requested = Signal(str, str)  # code, form id
    action_requested = Signal(str)  # lifecycle action

    def __init__(self, detail: dict, parent=None, backend: Backend | None = None) -> None:
        super().__init__(parent)
        from .actions import action_bar

        self.detail = detail
        self.code = detail["code"]
        self.setWindowTitle(tr('Hồ sơ {0}').format(detail['code']))
        self.resize(720, 560)
        self.view = view = QTextBrowser()
        view.setHtml(detail_html(detail))
        body: QWidget = view
        self.scans = None
        self._close_warned = False
        if backend is not None:  # the dossier's scans (ui/scan_panel.py): view, edit, attach
            from .scan_panel import ScanPanel

            self.resize(980, 660)
            self.scans = ScanPanel(backend, mode="dossier")
            self.tabs = QTabWidget()
            self.tabs.addTab(view, tr('Thông tin hồ sơ'))
            self.tabs.addTab(self.scans, tr('Bản quét'))
            body = self.tabs
            self.scans.start()
            self.scans.load_dossier(detail["code"])
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(tr('Đóng'))
        buttons.rejected.connect(self.reject)
        self.reprint = buttons.addButton(tr('In lại biểu mẫu… (Ctrl+P)'), QDialogButtonBox.ActionRole)
        self.reprint.clicked.connect(lambda: self.print_requested.emit(self.code, "mau-01"))
        self.fee_button = None
        if detail.get("fees"):
            self.fee_button = buttons.addButton(tr('Thu phí, lệ phí…'), QDialogButtonBox.ActionRole)
            self.fee_button.clicked.connect(lambda: self.action_requested.emit("fee"))
        QShortcut(QKeySequence("Ctrl+P"), self, self.reprint.click)
        from counter_app.scanning.results import STATUSES as RESULT_STATUSES

        if detail["status"] in RESULT_STATUSES:  # the result's scan (ui/result_scan_dialog.py)
            QShortcut(QKeySequence("Ctrl+K"), self, lambda: self.action_requested.emit("attach-result"))
        if backend is not None:
            from .help_view import install_help_key

            install_help_key(self, backend, "dossier")  # F1
        lay = QVBoxLayout(self)
        lay.addWidget(body)
        lay.addWidget(action_bar(detail, self.action_requested.emit))
        lay.addWidget(buttons)

    def reject(self) -> None:
        if self.scans is not None and self.scans.has_unsaved_changes() and not self._close_warned:
            self._close_warned = True
            self.tabs.setCurrentWidget(self.scans)
            self.scans.banner.show_message(tr('Bản quét có thay đổi chưa lưu: nhấn "Lưu bản quét", hoặc nhấn Đóng lần nữa để bỏ các thay đổi.'))
            return
        if self.scans is not None:
            self.scans.shutdown()
        super().reject()


def _esc(text) -> str:
    from html import escape

    return escape(str(text or ""))


def detail_html(d: dict) -> str:
    def t(iso: str | None) -> str:
        return timeutil.vn_datetime(timeutil.parse_iso(iso)) if iso else ""

    a = d.get("applicant") or {}
    rows = "".join(
        f"<tr><td>{c['position']}</td><td>{_esc(c['name'])}</td><td>{c['originals']}</td><td>{c['copies']}</td>"
        f"<td>{c['certified_copies']}</td><td>{c['pages']}</td></tr>"
        for c in d["components"]
    )
    hist = "".join(
        f"<tr><td>{t(h['at'])}</td><td>{_esc(statuses.label(h['status']))}</td><td>{_esc(h['actor'])}</td>"
        f"<td>{_esc(h['unit'])}</td><td>{_esc(h['note'])}</td></tr>"
        for h in d["history"]
    )
    owner = d.get("owner")
    owner_html = tr('<p><b>Chủ hồ sơ:</b> {0}</p>').format(_esc(owner['full_name'])) if owner else ""
    if d.get("results"):  # the scanned result documents (ui/result_scan_dialog.py)
        owner_html += tr('<p><b>Bản quét kết quả:</b> {0}</p>').format("; ".join(
            "{0}. {1}{2} — {3}".format(
                r["number"], _esc(r["title"]), (" (" + tr('số {0}').format(_esc(r["doc_number"])) + ")") if r["doc_number"] else "",
                tr('đã gửi lên tỉnh') if r["uploaded"] else tr('chưa gửi lên tỉnh'))
            for r in d["results"]))
    return (
        tr('<h3>{0}</h3><p><b>Thủ tục:</b> {1} ({2})<br><b>Trạng thái:</b> {3}<br><b>Tiếp nhận:</b> {4} — <b>Hẹn trả:</b> {5}<br><b>Kênh:</b> {6} — <b>Nhận kết quả:</b> {7}</p><p><b>Người nộp:</b> {8} — {9}<br><b>Địa chỉ:</b> {10}<br><b>Điện thoại:</b> {11}</p>{12}<h4>Thành phần hồ sơ</h4><table border=1 cellspacing=0 cellpadding=3><tr><th>TT</th><th>Tên</th><th>Bản chính</th><th>Bản sao</th><th>Chứng thực</th><th>Số trang</th></tr>{13}</table><h4>Quá trình xử lý</h4><table border=1 cellspacing=0 cellpadding=3><tr><th>Thời điểm</th><th>Trạng thái</th><th>Người thực hiện</th><th>Đơn vị</th><th>Ghi chú</th></tr>{14}</table>').format(_esc(d['code']), _esc(d['procedure']['name']), _esc(d['procedure']['code']), _esc(statuses.label(d['status'])), t(d['received_at']), t(d['due_at']), _esc(tr_core(d['channel_name'])), _esc(tr_core(d['return_method_name'])), _esc(a.get('full_name')), _esc(a.get('id_number')), _esc(a.get('address')), _esc(a.get('phone')), owner_html, rows, hist)
    )


class LedgerView(QWidget):
    detail_opened = Signal(object)  # the DetailDialog shown
    preview_opened = Signal(object)  # a PrintPreview for a reprint
    action_opened = Signal(object)  # an ActionDialog
    returned = Signal(str)  # a dossier's result was just returned to the citizen (code)
    changed = Signal(str)  # a dossier changed through this view's dialogs (code); the reload
    # itself comes from the backend's change hook, like any other write's

    def __init__(self, backend: Backend, parent=None, *, extras: bool = False) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = LedgerModel(backend, self, extras=extras)
        self._details: dict[str, DetailDialog] = {}  # one detail dialog per dossier
        self._opening: set[str] = set()  # details asked for, not shown yet
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr('Tìm theo tên, số định danh, mã hồ sơ, số điện thoại (không cần dấu) — F3'))
        self.search.setClearButtonEnabled(True)
        self.use_dates = QCheckBox(tr('Từ ngày'))
        today = vn_today()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("dd/MM/yyyy")
            w.setCalendarPopup(True)
            w.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.status = QComboBox()
        self.status.addItem(tr('Tất cả trạng thái'), ())
        self.status.addItem(tr('Đang giải quyết'), tuple(sorted(statuses.IN_PROGRESS)))
        for code, name in statuses.NAMES.items():
            self.status.addItem(f"{code}. {tr_core(name)}", (code,))
        # Filters never push the window wider than the screen: the status list shows its long
        # names in the popup, the box itself stays narrow.
        self.status.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.status.setMinimumContentsLength(14)
        self.search.setMinimumWidth(160)
        self.count_label = QLabel("")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        # No row numbers: the dossier code is a row's identity, and the header recomputed its
        # width on every repaint (seven headerData calls a visible row, each taking the GIL).
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.Interactive)
        hh.setSectionResizeMode(1, QHeaderView.Stretch)  # the procedure's name: on 1920 px, not the clerk's
        for col, width in enumerate((200, 260, 180, 120, 120, 140, 90)):
            self.table.setColumnWidth(col, width)
        # The code and the dates never cut (their widths from the font); the procedure's name
        # takes what is left over.
        fit_columns(self.table, {0: WIDEST_CODE, 3: WIDEST_DATE, 4: WIDEST_DATE})
        if extras:
            fit_columns(self.table, {8: "000", 9: "0912 345 678"})
        self.table.doubleClicked.connect(lambda idx: self.open_detail(idx.row()))
        self.table.activated.connect(lambda idx: self.open_detail(idx.row()))
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        # Type-ahead on every keystroke: the query starts once the key's events are through
        # (a burst of changes makes one query); the model drops answers of older filters.
        self._debounce.setInterval(0)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.reload)
        for sig in (self.use_dates.toggled, self.date_from.dateChanged, self.date_to.dateChanged, self.status.currentIndexChanged):
            sig.connect(lambda *_: self._debounce.start())
        self.model.loaded.connect(lambda n: self.count_label.setText(count_text(n, self.model.count_more)))
        # The dossiers behind a scorecard indicator (ui/scorecard_view.py → show_indicator): a
        # strip saying which, with the way back to the whole ledger.
        self.indicator: tuple | None = None  # (id, part, date_from, date_to)
        self.indicator_label = QLabel("")
        self.indicator_label.setObjectName("ledger-indicator")
        self.indicator_label.setStyleSheet("background:#e8f0fe; padding:3px")
        self.indicator_clear = QPushButton(tr('Bỏ lọc theo chỉ số (Esc)'))
        self.indicator_clear.clicked.connect(self.clear_indicator)
        # Esc leaves the indicator's list; enabled only while one is shown (Esc is the dialogs' key)
        self.indicator_esc = QShortcut(QKeySequence("Escape"), self, self.clear_indicator,
                                       context=Qt.WidgetWithChildrenShortcut)
        self.indicator_esc.setEnabled(False)
        strip = QHBoxLayout()
        strip.addWidget(self.indicator_label, 1)
        strip.addWidget(self.indicator_clear)
        for w in (self.indicator_label, self.indicator_clear):
            w.hide()
        legend = QLabel(tr("<span style='background:#fde2e1'>&nbsp;Quá hạn&nbsp;</span> <span style='background:#fff4ce'>&nbsp;Đến hạn hôm nay&nbsp;</span>"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.date_from)
        self.date_to_label = QLabel(tr('đến'))
        bar.addWidget(self.date_to_label)
        bar.addWidget(self.date_to)
        bar.addWidget(self.status, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count_label)
        foot.addStretch()
        foot.addWidget(legend)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(strip)
        lay.addWidget(self.table, 1)
        lay.addLayout(foot)
        QShortcut(QKeySequence("F3"), self, lambda: (self.search.setFocus(), self.search.selectAll()))
        QShortcut(QKeySequence("F5"), self, self.reload)
        self._stale = False  # a change arrived while hidden: reload when shown
        backend.changed.connect(self.on_change)

    def on_change(self, change: Change) -> None:
        """The change hook: dossiers changed. Shown, the ledger reloads (loads asked for while
        one runs coalesce in the model); hidden, it reloads when it is shown again."""
        if not change.touches(changes.DOSSIER):
            return
        if self.isVisible():
            self.reload(keep=True)
        else:
            self._stale = True

    def showEvent(self, ev) -> None:  # noqa: N802 - Qt API
        super().showEvent(ev)
        if self._stale:
            self.reload(keep=True)

    def start_action(self, detail: dict, action: str, parent=None):
        from counter_app.lifecycle import ACTION_FORMS

        from .actions import ActionDialog
        from .fee_dialog import FeeDialog

        if action == "fee":
            dlg = FeeDialog(self.backend, detail, parent or self)
            dlg.setAttribute(Qt.WA_DeleteOnClose)
            dlg.recorded.connect(lambda code: (parent.accept() if parent else None, self.changed.emit(code)))
            dlg.open()
            self.action_opened.emit(dlg)
            return dlg
        if action == "attach-result":  # the result document's scan (issue 20 scope 5)
            from .result_scan_dialog import ResultScanDialog

            dlg = ResultScanDialog(self.backend, detail, parent or self)
            dlg.setAttribute(Qt.WA_DeleteOnClose)
            dlg.attached.connect(lambda res: (parent.accept() if parent else None, self.changed.emit(res["code"])))
            dlg.open()
            self.action_opened.emit(dlg)
            return dlg
        if action == "agreed-extension":  # its own dialog and form (ui/extension_dialog.py)
            from counter_app.extension import FORM_ID

            from .extension_dialog import ExtensionDialog

            dlg = ExtensionDialog(self.backend, detail, parent or self)
            form_ids = {action: FORM_ID}
        else:
            dlg = ActionDialog(self.backend, detail, action, parent or self)
            form_ids = ACTION_FORMS
        dlg.setAttribute(Qt.WA_DeleteOnClose)

        def performed(code: str, act: str) -> None:
            if parent is not None:
                parent.accept()  # the detail shown is out of date now
            self.changed.emit(code)
            if act == "return":
                self.returned.emit(code)  # the citizen's rating (ui/rating_window.py)
            form = form_ids.get(act)
            if form:
                self._reprint(code, form)

        dlg.performed.connect(performed)
        dlg.open()
        self.action_opened.emit(dlg)
        return dlg

    def _reprint(self, code: str, form_id: str) -> None:
        from .print_preview import PrintPreview

        dlg = PrintPreview(self.backend, code, form_id, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.preview_opened.emit(dlg)

    def current_filter(self) -> LedgerFilter:
        df = dt = None
        if self.use_dates.isChecked():
            df = self.date_from.date().toPython()
            dt = self.date_to.date().toPython()
        ind = self.indicator or ("", "", None, None)
        return LedgerFilter(text=self.search.text(), date_from=df, date_to=dt, statuses=tuple(self.status.currentData() or ()),
                            indicator=ind[0], indicator_part=ind[1], indicator_from=ind[2], indicator_to=ind[3])

    def show_indicator(self, indicator: str, part: str, date_from, date_to) -> None:
        """List the dossiers behind a scorecard indicator's numerator or denominator for a period
        (the scorecard's own selection: counter_app/reports/scorecard.py ``selection``). The
        other filters are cleared so that the list is exactly those dossiers."""
        self.indicator = (indicator, part, date_from, date_to)
        for sig_owner in (self.search, self.use_dates, self.status):
            sig_owner.blockSignals(True)
        self.search.clear()
        self.use_dates.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.status.setCurrentIndex(0)
        for sig_owner in (self.search, self.use_dates, self.status):
            sig_owner.blockSignals(False)
        which = tr('tử số') if part == "numerator" else tr('mẫu số')
        self.indicator_label.setText(tr('Hồ sơ thuộc {0} của chỉ số {1}, từ ngày {2} đến ngày {3}').format(
            which, indicator, f"{date_from:%d/%m/%Y}", f"{date_to:%d/%m/%Y}"))
        for w in (self.indicator_label, self.indicator_clear):
            w.show()
        self.indicator_esc.setEnabled(True)
        self.reload()

    def clear_indicator(self) -> None:
        if self.indicator is None:
            return
        self.indicator = None
        self.indicator_esc.setEnabled(False)
        for w in (self.indicator_label, self.indicator_clear):
            w.hide()
        self.reload()

    def reload(self, keep: bool = False) -> None:
        """Load the filter's first page; ``keep``: as many rows as are loaded (a change's reload)."""
        self._stale = False
        self.model.load(self.current_filter(), keep=keep)

    def open_detail(self, row: int) -> None:
        code = self.model.code_at(row)
        if not code:
            return
        if self.raise_detail(code) or code in self._opening:
            return  # a second double-click: the open dialog comes to the front
        self._opening.add(code)
        self.backend.read(dossiers.get_detail, code, on_done=self._show_detail,
                          on_error=lambda exc, c=code: (self._opening.discard(c), show_error(exc, "ledger")))

    def raise_detail(self, code: str) -> bool:
        dlg = self._details.get(code)
        if dlg is None:
            return False
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return True

    def _show_detail(self, detail: dict) -> None:
        code = detail["code"]
        self._opening.discard(code)
        if self.raise_detail(code):
            return
        dlg = DetailDialog(detail, self, backend=self.backend)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self._details[code] = dlg
        dlg.finished.connect(lambda _r, c=code, d=dlg: self._details.pop(c, None) if self._details.get(c) is d else None)
        dlg.print_requested.connect(self._reprint)
        dlg.action_requested.connect(lambda action, d=detail, parent=dlg: self.start_action(d, action, parent))
        dlg.open()
        self.detail_opened.emit(dlg)
