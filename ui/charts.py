"""Small chart widgets drawn with QPainter: vertical bars, horizontal bars and a pie with a
legend. No QtCharts (PySide6-Addons, +156 MB): these four charts need a few dozen lines each.

Each chart keeps the numbers it shows (``labels``/``values``) and prints every value on the
chart, so what the screen shows can be compared with an export of the same tally.
"""

from __future__ import annotations

from counter_app import i18n as core_i18n
from ui.i18n import tr
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ["#2e6fba", "#3aa57a", "#e0a030", "#d9534f", "#7a5cc4", "#4bb3c8", "#9c6b3f", "#8a8f99"]
TEXT = QColor("#24292f")
GRID = QColor("#d8dee4")


def fmt(n: int) -> str:
    """A count for the screen, grouped by thousands in the language's way ("12.345" / "12,345")."""
    text = f"{n:,}"
    return text if core_i18n.language() == "en" else text.replace(",", ".")


class _Chart(QWidget):
    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.values: list[int] = []
        self.colors: list[str] = []
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(260, 190)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, 260)

    def set_data(self, labels: list[str], values: list[int], colors: list[str] | None = None) -> None:
        self.labels = list(labels)
        self.values = [int(v) for v in values]
        self.colors = list(colors or [])
        self.setAccessibleDescription("; ".join(f"{lab}: {fmt(v)}" for lab, v in zip(self.labels, self.values)))
        self.update()

    def color(self, i: int) -> QColor:
        return QColor(self.colors[i] if i < len(self.colors) else PALETTE[i % len(PALETTE)])

    def _begin(self) -> tuple[QPainter, QRectF]:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(GRID, 1))
        p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        f = QFont(self.font())
        f.setBold(True)
        p.setFont(f)
        p.setPen(TEXT)
        fm = QFontMetrics(f)
        p.drawText(QRectF(10, 6, self.width() - 20, fm.height() + 2), Qt.AlignLeft | Qt.AlignVCenter, self.title)
        p.setFont(self.font())
        return p, QRectF(10, 12 + fm.height(), self.width() - 20, self.height() - 20 - fm.height())

    def _empty(self, p: QPainter, area: QRectF) -> bool:
        if self.values and any(self.values):
            return False
        p.setPen(QColor("#6e7781"))
        p.drawText(area, Qt.AlignCenter, tr('Chưa có số liệu'))
        return True


class BarChart(_Chart):
    """Vertical bars with the value above each bar (labels thinned out when crowded)."""

    def paintEvent(self, _ev) -> None:  # noqa: N802 - Qt API
        p, area = self._begin()
        try:
            if self._empty(p, area):
                return
            fm = QFontMetrics(self.font())
            small = QFont(self.font())
            small.setPointSizeF(max(6.5, self.font().pointSizeF() - 1.5))
            sfm = QFontMetrics(small)
            top = max(self.values) or 1
            plot = area.adjusted(4, sfm.height() + 2, -4, -(fm.height() + 6))
            p.setPen(QPen(GRID, 1))
            p.drawLine(plot.bottomLeft(), plot.bottomRight())
            n = len(self.values)
            slot = plot.width() / n
            bw = max(2.0, slot * 0.7)
            label_every = max(1, int((fm.horizontalAdvance("00/00") + 6) // slot) + 1)
            for i, (lab, v) in enumerate(zip(self.labels, self.values)):
                x = plot.left() + i * slot + (slot - bw) / 2
                h = plot.height() * v / top
                p.fillRect(QRectF(x, plot.bottom() - h, bw, h), self.color(0) if not self.colors else self.color(i))
                if v and (n <= 16 or bw >= sfm.horizontalAdvance(fmt(v)) - 2 or v == top):
                    p.setFont(small)
                    p.setPen(TEXT)
                    p.drawText(QRectF(x - 12, plot.bottom() - h - sfm.height() - 1, bw + 24, sfm.height()),
                               Qt.AlignHCenter | Qt.AlignBottom, fmt(v))
                    p.setFont(self.font())
                if i % label_every == 0:
                    p.setPen(QColor("#57606a"))
                    p.drawText(QRectF(x - 20, plot.bottom() + 3, bw + 40, fm.height()), Qt.AlignHCenter | Qt.AlignTop, lab)
        finally:
            p.end()


class HBarChart(_Chart):
    """Horizontal bars: a label on the left, the value at the bar's end."""

    def paintEvent(self, _ev) -> None:  # noqa: N802 - Qt API
        p, area = self._begin()
        try:
            if self._empty(p, area):
                return
            fm = QFontMetrics(self.font())
            label_w = min(area.width() * 0.5, max(fm.horizontalAdvance(lab) for lab in self.labels) + 8)
            value_w = fm.horizontalAdvance(fmt(max(self.values))) + 10
            n = len(self.values)
            row = min(area.height() / n, fm.height() * 1.9)
            top = max(self.values) or 1
            for i, (lab, v) in enumerate(zip(self.labels, self.values)):
                y = area.top() + i * row
                p.setPen(TEXT)
                p.drawText(QRectF(area.left(), y, label_w - 6, row), Qt.AlignRight | Qt.AlignVCenter,
                           fm.elidedText(lab, Qt.ElideRight, int(label_w - 6)))
                w = (area.width() - label_w - value_w) * v / top
                p.fillRect(QRectF(area.left() + label_w, y + row * 0.2, w, row * 0.6), self.color(i if self.colors else 0))
                p.drawText(QRectF(area.left() + label_w + w + 4, y, value_w, row), Qt.AlignLeft | Qt.AlignVCenter, fmt(v))
        finally:
            p.end()


class PieChart(_Chart):
    """A pie with a legend: label, value and share."""

    def paintEvent(self, _ev) -> None:  # noqa: N802 - Qt API
        p, area = self._begin()
        try:
            if self._empty(p, area):
                return
            fm = QFontMetrics(self.font())
            total = sum(self.values)
            d = min(area.height() - 8, area.width() * 0.45)
            pie = QRectF(area.left() + 6, area.top() + (area.height() - d) / 2, d, d)
            start = 90 * 16
            for i, v in enumerate(self.values):
                if not v:
                    continue
                span = -round(v / total * 360 * 16)
                p.setPen(QPen(QColor("#ffffff"), 1.5))
                p.setBrush(self.color(i))
                p.drawPie(pie, start, span)
                start += span
            x = pie.right() + 14
            y = area.top() + max(0.0, (area.height() - len(self.values) * fm.height() * 1.5) / 2)
            for i, (lab, v) in enumerate(zip(self.labels, self.values)):
                p.setPen(Qt.NoPen)
                p.setBrush(self.color(i))
                p.drawRect(QRectF(x, y + fm.height() * 0.2, fm.height() * 0.7, fm.height() * 0.7))
                p.setPen(TEXT)
                share = f"{v * 100 / total:.1f}".replace(".", ",") if total else "0"
                text = f"{lab}: {fmt(v)} ({share}%)"
                p.drawText(QPointF(x + fm.height(), y + fm.ascent()),
                           fm.elidedText(text, Qt.ElideRight, int(area.right() - x - fm.height())))
                y += fm.height() * 1.5
        finally:
            p.end()
