"""Audit trail viewer for supervisors: filters by user, action and dates; chain check."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from counter_app import audit, timeutil

from .i18n import tr
from .backend import Backend
from .widgets import Banner, vn_today

COLUMNS = ("#", tr('Thời điểm'), tr('Người thực hiện'), tr('Thao tác'), tr('Đối tượng'), tr('Chi tiết'))


class AuditView(QDialog):
    def __init__(self, backend: Backend, parent=None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(tr('Nhật ký kiểm tra'))
        self.resize(1000, 600)
        self.banner = Banner()
        self.actor = QLineEdit()
        self.actor.setPlaceholderText(tr('Người thực hiện'))
        self.action = QComboBox()
        self.action.addItem(tr('Mọi thao tác'), "")
        self.date_from = QDateEdit(vn_today().addDays(-30))
        self.date_to = QDateEdit(vn_today())
        for w in (self.date_from, self.date_to):
            w.setDisplayFormat("dd/MM/yyyy")
            w.setCalendarPopup(True)
        self.apply = QPushButton(tr('Lọc'))
        self.verify = QPushButton(tr('Kiểm tra chuỗi băm'))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        bar = QHBoxLayout()
        for w in (self.actor, self.action, QLabel(tr('Từ')), self.date_from, QLabel(tr('đến')), self.date_to, self.apply, self.verify):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.apply.clicked.connect(self.reload)
        self.actor.returnPressed.connect(self.reload)
        self.verify.clicked.connect(self.check_chain)
        backend.read(audit.actions, on_done=self._set_actions)
        self.reload()

    def _set_actions(self, actions: list[str]) -> None:
        for a in actions:
            self.action.addItem(a, a)

    def reload(self) -> None:
        self.backend.read(
            audit.search, actor=self.actor.text(), action=self.action.currentData() or "",
            date_from=self.date_from.date().toPython().isoformat(), date_to=self.date_to.date().toPython().isoformat(),
            on_done=self._show,
        )

    def _show(self, rows: list[dict]) -> None:
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            details = json.loads(r["details"] or "{}")
            values = (str(r["id"]), timeutil.vn_datetime(timeutil.parse_iso(r["at"])), r["actor"], r["action"],
                      r["object"], ", ".join(f"{k}={v}" for k, v in details.items()))
            for c, v in enumerate(values):
                self.table.setItem(i, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def check_chain(self) -> None:
        self.backend.read(audit.verify, on_done=self._chain_result)

    def _chain_result(self, broken) -> None:
        if broken is None:
            self.banner.show_message(tr('Chuỗi băm của nhật ký kiểm tra nguyên vẹn.'), "ok")
        else:
            self.banner.show_message(tr('Nhật ký đã bị sửa: mục đầu tiên sai là #{0}.').format(broken))
