"""Dashboard (Tổng quan): today's and this month's figures at a glance, with four charts —
received per day, by channel, on-time share, overdue by procedure. The figures come from the
core's tallies (counter_app.reports.dashboard) read off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from counter_app import changes, timeutil
from counter_app.i18n import _ as tr_core
from counter_app.i18n import language, money
from counter_app.changes import Change
from counter_app.errors import UserError
from counter_app.reports import dashboard

from .i18n import tr
from .backend import Backend
from .charts import BarChart, HBarChart, PieChart, fmt
from .widgets import Banner

CARD_STYLE = ("QFrame#card { background: #f6f8fa; border: 1px solid #d8dee4; border-radius: 6px; }"
              "QLabel#value { font-size: 20pt; font-weight: 600; color: #0b4a75; }"
              "QLabel#caption { color: #57606a; }")


class Card(QFrame):
    def __init__(self, caption: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = QLabel(caption)
        self.caption.setObjectName("caption")
        self.value = QLabel(tr('–'))
        self.value.setObjectName("value")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.caption)
        lay.addWidget(self.value)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


def _percent(share: float) -> str:
    """A share for the screen: "87,5%" in Vietnamese, "87.5%" in English."""
    text = f"{share:.1f}%"
    return text if language() == "en" else text.replace(".", ",")


TODAY_CARDS = (("received", tr('Tiếp nhận')), ("resolved", tr('Đã giải quyết')), ("returned", tr('Đã trả kết quả')),
               ("open_overdue", tr('Đang quá hạn')), ("fees", tr('Phí, lệ phí')))
MONTH_CARDS = (("received", tr('Tiếp nhận')), ("resolved", tr('Đã giải quyết')), ("on_time_share", tr('Trước và đúng hạn')),
               ("open", tr('Đang giải quyết')), ("fees", tr('Phí, lệ phí')))


class DashboardView(QWidget):
    loaded = Signal(object)  # the Dashboard data shown

    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.data: dashboard.Dashboard | None = None
        self.clock = None  # a callable returning "now" (tests, screenshots); None = the real time
        self.setStyleSheet(CARD_STYLE)
        self.banner = Banner()
        self.stamp = QLabel("")
        self.refresh_button = QPushButton(tr('Làm mới'))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.stamp, 1)
        top.addWidget(self.refresh_button)

        self.today_title = QLabel(tr('<b>Hôm nay</b>'))
        self.month_title = QLabel(tr('<b>Tháng này</b>'))
        self.today_cards = {k: Card(c) for k, c in TODAY_CARDS}
        self.month_cards = {k: Card(c) for k, c in MONTH_CARDS}
        cards = QGridLayout()
        cards.addWidget(self.today_title, 0, 0, 1, len(TODAY_CARDS))
        for i, card in enumerate(self.today_cards.values()):
            cards.addWidget(card, 1, i)
        cards.addWidget(self.month_title, 2, 0, 1, len(MONTH_CARDS))
        for i, card in enumerate(self.month_cards.values()):
            cards.addWidget(card, 3, i)

        self.per_day = BarChart(tr('Hồ sơ tiếp nhận theo ngày (tháng này)'))
        self.by_channel = PieChart(tr('Tiếp nhận theo kênh (tháng này)'))
        self.on_time = PieChart(tr('Kết quả giải quyết (tháng này)'))
        self.overdue = HBarChart(tr('Hồ sơ đang quá hạn theo thủ tục (hiện tại)'))
        charts = QGridLayout()
        charts.addWidget(self.per_day, 0, 0)
        charts.addWidget(self.by_channel, 0, 1)
        charts.addWidget(self.on_time, 1, 0)
        charts.addWidget(self.overdue, 1, 1)

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(top)
        lay.addLayout(cards)
        lay.addLayout(charts, 1)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(5 * 60_000)
        self._loading = False
        self._stale = False  # figures changed while hidden or while loading
        backend.changed.connect(self.on_change)

    def on_change(self, change: Change) -> None:
        """The change hook: dossiers or report figures changed. Shown and idle, the figures
        are computed again now; otherwise once the current load ends or the tab is shown."""
        if not change.touches(changes.DOSSIER, changes.REPORT):
            return
        if self.isVisible() and not self._loading:
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        self._loading = True
        self._stale = False
        self.refresh_button.setEnabled(False)
        now = self.clock() if self.clock else None
        self.backend.read(dashboard.compute, self.backend.actor, now=now, on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        self.banner.show_message(exc.message if isinstance(exc, UserError) else tr('Lỗi không mong đợi: {0}').format(exc))

    def _show(self, d: dashboard.Dashboard) -> None:
        self._loading = False
        if self._stale and self.isVisible():
            QTimer.singleShot(0, self.refresh)  # a change arrived meanwhile
        self.refresh_button.setEnabled(True)
        self.banner.clear_message()
        self.data = d
        self.stamp.setText(tr('Số liệu lúc {0}; hồ sơ đang giải quyết và quá hạn tính đến thời điểm này.').format(timeutil.vn_datetime(timeutil.parse_iso(d.generated_at))))
        self.today_title.setText(tr('<b>Hôm nay, {0}</b>').format(timeutil.vn_date(d.today)))
        self.month_title.setText(tr('<b>Tháng này, {0} – {1}</b>').format(timeutil.vn_date(d.month[0]), timeutil.vn_date(d.month[1])))
        t = d.today_tally.totals
        for key, card in self.today_cards.items():
            card.set_value(money(t[key]) if key == "fees" else fmt(t[key]))
        m = d.month_by_day.totals
        early, on_time, late = d.on_time_share()
        done = early + on_time + late
        for key, card in self.month_cards.items():
            if key == "on_time_share":
                card.set_value(_percent((early + on_time) * 100 / done) if done else tr('–'))
            else:
                card.set_value(money(m[key]) if key == "fees" else fmt(m[key]))
        rows = d.month_by_day.rows
        self.per_day.set_data([r.label[:5] for r in rows], [r.values["received"] for r in rows])
        ch = d.month_by_channel.rows
        self.by_channel.set_data([tr_core(r.label) for r in ch], [r.values["received"] for r in ch])
        self.on_time.set_data([tr('Trước hạn'), tr('Đúng hạn'), tr('Quá hạn')], [early, on_time, late],
                              ["#3aa57a", "#2e6fba", "#d9534f"])
        od = d.overdue_by_procedure()
        self.overdue.set_data([lab for lab, _v in od], [v for _lab, v in od], ["#d9534f"] * len(od))
        self.loaded.emit(d)

    def showEvent(self, ev) -> None:  # noqa: N802 - Qt API
        super().showEvent(ev)
        if (self.data is None or self._stale) and not self._loading:
            QTimer.singleShot(0, self.refresh)

