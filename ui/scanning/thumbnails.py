"""The thumbnail strip of the scan panel: the pages of one component as icons, in order.

Internal drag to reorder, files dropped from outside, keyboard page actions; the strip shows
pages and reports what the clerk did, the panel applies it to the batch.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from counter_app.scanning import profile as prof

UID_ROLE = Qt.UserRole + 1
THUMB_W, THUMB_H = 130, 130  # square: portrait and rotated (landscape) pages fit alike


def page_icon(page) -> QIcon:
    img = QImage.fromData(page.thumb).convertToFormat(QImage.Format_RGB32)
    if page.rotation:
        img = img.transformed(QTransform().rotate(page.rotation), Qt.SmoothTransformation)
    pix = QPixmap.fromImage(img)
    painter = QPainter(pix)  # a thin frame: white pages stay visible on a white list
    painter.setPen(QColor("#9aa4ae"))
    painter.drawRect(0, 0, pix.width() - 1, pix.height() - 1)
    painter.end()
    return QIcon(pix)


class ThumbList(QListWidget):
    """Thumbnails of one component: internal drag to reorder, files dropped from outside."""

    files_dropped = Signal(list)
    reordered = Signal()
    key_action = Signal(str)  # delete | earlier | later | rotate-right | rotate-left

    KEYS = {
        (Qt.Key_Delete, Qt.NoModifier): "delete",
        (Qt.Key_Left, Qt.ControlModifier): "earlier",
        (Qt.Key_Right, Qt.ControlModifier): "later",
        (Qt.Key_R, Qt.ControlModifier): "rotate-right",
        (Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier): "rotate-left",
    }

    def keyPressEvent(self, event) -> None:  # noqa: N802
        mods = event.modifiers() & (Qt.ControlModifier | Qt.ShiftModifier)
        action = self.KEYS.get((Qt.Key(event.key()), mods))
        if action:
            event.accept()
            self.key_action.emit(action)
        else:
            super().keyPressEvent(event)

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListView.IconMode)
        self.setIconSize(QSize(THUMB_W, THUMB_H))
        self.setGridSize(QSize(THUMB_W + 24, THUMB_H + 30))
        self.setResizeMode(QListView.Adjust)
        self.setMovement(QListView.Snap)
        self.setWrapping(True)
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setAcceptDrops(True)
        self.setMinimumHeight(THUMB_H + 50)
        self.model().rowsMoved.connect(self._rows_moved)

    def _rows_moved(self, *_args) -> None:
        self.reordered.emit()  # (a slot that returns nothing: see _source_list_opening)

    @staticmethod
    def _local_files(event) -> list[str]:
        md = event.mimeData()
        if not md.hasUrls():
            return []
        return [u.toLocalFile() for u in md.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)

    # -- pages -----------------------------------------------------------------------------------
    def show_pages(self, pages, selected: set[int]) -> None:
        """Show ``pages`` (numbered from 1), keeping the pages in ``selected`` selected."""
        self.blockSignals(True)
        self.clear()
        for i, page in enumerate(pages, start=1):
            self.append_page(page, i, page.uid in selected)
        self.blockSignals(False)

    def append_page(self, page, number: int, selected: bool) -> None:
        item = QListWidgetItem(page_icon(page), f"Trang {number}")
        item.setData(UID_ROLE, page.uid)
        item.setToolTip(f"{page.origin}\n{prof.mb(page.size)}")
        item.setFlags(item.flags() & ~Qt.ItemIsDropEnabled)
        self.addItem(item)
        item.setSelected(selected)

    def page_items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def uids(self) -> list[int]:
        return [it.data(UID_ROLE) for it in self.page_items()]

    def selected_uids(self) -> list[int]:
        return [it.data(UID_ROLE) for it in self.page_items() if it.isSelected()]
