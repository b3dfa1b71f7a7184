"""The components table of the intake form: the procedure's checklist with counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHeaderView, QSpinBox, QTableWidget, QTableWidgetItem, QWidget

from ..i18n import tr


REQUIRED_ROLE = Qt.UserRole + 1


class ComponentsTable(QTableWidget):
    """Checklist of the procedure's components with counts."""

    COLS = (tr('Nộp'), tr('Thành phần hồ sơ'), tr('Bản chính'), tr('Bản sao'), tr('Bản chứng thực'), tr('Số trang'))

    def __init__(self) -> None:
        super().__init__(0, len(self.COLS))
        self.setHorizontalHeaderLabels(list(self.COLS))
        self.verticalHeader().setVisible(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(1, QHeaderView.Stretch)
        for c in (0, 2, 3, 4, 5):
            h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setTextElideMode(Qt.ElideRight)
        self.setWordWrap(False)
        self.setMinimumHeight(160)

    def set_components(self, names: list[tuple[str, bool]]) -> None:
        self.setRowCount(0)
        for name, required in names:
            self.add_row(name, checked=False, required=required)

    def add_row(self, name: str, checked: bool = True, required: bool = False) -> int:
        r = self.rowCount()
        self.insertRow(r)
        box = QCheckBox()
        box.setChecked(checked)
        box.setToolTip(tr('Bắt buộc') if required else tr('Nếu có'))
        self.setCellWidget(r, 0, box)
        # The "*" comes first: a long name is elided at its end, never the marker.
        item = QTableWidgetItem(("* " if required else "") + name)
        item.setData(Qt.UserRole, name)
        item.setData(REQUIRED_ROLE, required)
        item.setToolTip(name + (tr(' (bắt buộc)') if required else ""))
        item.setFlags(item.flags() & ~Qt.ItemIsEditable)
        self.setItem(r, 1, item)
        for c, default in ((2, 1), (3, 0), (4, 0), (5, 1)):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(default)
            self.setCellWidget(r, c, spin)
        return r

    def box(self, row: int) -> QCheckBox:
        return self.cellWidget(row, 0)

    def spin(self, row: int, col: int) -> QSpinBox:
        return self.cellWidget(row, col)
    def name(self, row: int) -> str:
        return self.item(row, 1).data(Qt.UserRole)

    def required(self, row: int) -> bool:
        return bool(self.item(row, 1).data(REQUIRED_ROLE))

    def required_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if self.required(r)]

    def names(self) -> list[str]:
        return [self.name(r) for r in range(self.rowCount())]

    def ticked(self) -> list[bool]:
        return [self.box(r).isChecked() for r in range(self.rowCount())]

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for r in range(self.rowCount()):
            chain += [self.cellWidget(r, c) for c in (0, 2, 3, 4, 5)]
        return chain

    def data(self) -> list[dict]:
        out = []
        for r in range(self.rowCount()):
            if not self.box(r).isChecked():
                continue
            out.append({
                "name": self.item(r, 1).data(Qt.UserRole),
                "originals": self.spin(r, 2).value(), "copies": self.spin(r, 3).value(),
                "certified_copies": self.spin(r, 4).value(), "pages": self.spin(r, 5).value(),
            })
        return out

