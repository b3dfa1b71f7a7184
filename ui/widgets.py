"""Small shared widget helpers: error banners, field marking, the OK/Cancel row, windows sized
within the screen, the wheel guard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QComboBox, QDialog, QDialogButtonBox, QFrame, QLabel, QScrollArea, QWidget,
)

ERROR_STYLE = "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; padding: 6px; }"
INFO_STYLE = "QLabel { background: #e8f4fd; color: #0b4a75; border: 1px solid #b6dcf7; padding: 6px; }"
OK_STYLE = "QLabel { background: #e9f7ef; color: #155d2b; border: 1px solid #b7e1c6; padding: 6px; font-weight: 600; }"


class Banner(QLabel):
    """A message strip that is hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setStyleSheet({"error": ERROR_STYLE, "info": INFO_STYLE, "ok": OK_STYLE}[kind])
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet("border: 2px solid #d93025;" if invalid else "")


def vn_today() -> QDate:
    """Today in Vietnam (times are stored in +07:00), not the machine's own time zone."""
    from counter_app import timeutil

    d = timeutil.now().date()
    return QDate(d.year, d.month, d.day)


def ok_cancel_buttons(dialog: QDialog, ok_text: str, cancel_text: str, on_ok: Callable[[], None] | None = None,
                      *, ok_button=QDialogButtonBox.Ok) -> QDialogButtonBox:
    """The dialogs' OK/Cancel row: Vietnamese labels, OK runs ``on_ok`` (default: accept),
    Cancel and Esc reject."""
    buttons = QDialogButtonBox(ok_button | QDialogButtonBox.Cancel)
    buttons.button(ok_button).setText(ok_text)
    buttons.button(QDialogButtonBox.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


# -- screens: every window within the screen it opens on ------------------------------------
SMALL_SCREEN = (1400, 900)  # logical pixels; below this the main window opens maximised
FRAME_ALLOWANCE = (16, 40)  # the window manager's frame and title bar, which Qt does not count


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area (without task bars) of the screen ``widget`` is on, or the primary
    screen's, in logical pixels. Tests replace this to stand in for a 1366×768 screen."""
    from PySide6.QtGui import QGuiApplication

    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def is_small_screen(available: QRect) -> bool:
    return available.width() < SMALL_SCREEN[0] or available.height() < SMALL_SCREEN[1]


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None,
                  available: QRect | None = None) -> QSize:
    """Size ``widget`` (a top-level window) to ``width``×``height`` (default: its size hint),
    never more than the available screen area less the frame, nor less than its minimum
    size hint where that fits; centred on the screen. Returns the size given."""
    area = available if available is not None else available_geometry(widget)
    hint = widget.sizeHint()
    want_w = width if width is not None else hint.width()
    want_h = height if height is not None else hint.height()
    max_w = max(200, area.width() - FRAME_ALLOWANCE[0])
    max_h = max(150, area.height() - FRAME_ALLOWANCE[1])
    size = QSize(min(want_w, max_w), min(want_h, max_h))
    minimum = widget.minimumSizeHint()
    size = size.expandedTo(QSize(min(minimum.width(), max_w), min(minimum.height(), max_h)))
    widget.resize(size)
    x = area.x() + max(0, (area.width() - size.width() - FRAME_ALLOWANCE[0]) // 2)
    y = area.y() + max(0, (area.height() - size.height() - FRAME_ALLOWANCE[1]) // 2)
    widget.move(x, y)
    return size


def clamp_to_screen(widget: QWidget, available: QRect | None = None) -> None:
    """Shrink a top-level window that would not fit the available screen area (its frame
    included) and move it inside; a window that fits keeps its size and place."""
    area = available if available is not None else available_geometry(widget)
    max_w = max(200, area.width() - FRAME_ALLOWANCE[0])
    max_h = max(150, area.height() - FRAME_ALLOWANCE[1])
    size = widget.size()
    if size.width() > max_w or size.height() > max_h:
        widget.resize(min(size.width(), max_w), min(size.height(), max_h))
        size = widget.size()
    pos = widget.pos()
    x = min(max(pos.x(), area.x()), area.x() + max(0, area.width() - size.width() - FRAME_ALLOWANCE[0]))
    y = min(max(pos.y(), area.y()), area.y() + max(0, area.height() - size.height() - FRAME_ALLOWANCE[1]))
    if (x, y) != (pos.x(), pos.y()):
        widget.move(x, y)


class ScreenFit(QObject):
    """Application-wide: every dialog or window is clamped to the screen's available area when
    it is shown (the dialogs' own sizes are what they prefer on a large screen)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if (event.type() == QEvent.Show and isinstance(obj, QWidget) and obj.isWindow()
                and obj.windowType() in (Qt.Window, Qt.Dialog)
                and not obj.windowFlags() & Qt.FramelessWindowHint  # covers place themselves
                and not (obj.windowState() & (Qt.WindowMaximized | Qt.WindowFullScreen))):
            clamp_to_screen(obj)
        return False


def min_text_width(widget: QWidget, sample: str) -> None:
    """A field at least wide enough to show ``sample`` (with its frame and a caret)."""
    widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(sample) + 24)


def scrollable(inner: QWidget) -> QScrollArea:
    """``inner`` in a frameless scroll area that resizes it: a long form on a short screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setWidget(inner)
    return area


# -- the mouse wheel never changes a field that does not have the keyboard focus --------------
class WheelGuard(QObject):
    """Application-wide: a wheel over a combo box, spin box or date edit without focus goes to
    what is under it (the form's scroll area) instead of changing the value. Those widgets take
    focus by click or Tab only (not by the wheel)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        etype = event.type()
        if etype == QEvent.Wheel and isinstance(obj, GUARDED) and not obj.hasFocus():
            event.ignore()  # QApplication passes an ignored wheel on to the parents
            return True
        if etype == QEvent.Polish and isinstance(obj, GUARDED) and obj.focusPolicy() == Qt.WheelFocus:
            obj.setFocusPolicy(Qt.StrongFocus)
        return False


GUARDED = (QComboBox, QAbstractSpinBox)


def install_guards(app: QApplication) -> None:
    """The wheel guard and the screen fit, once per application (idempotent)."""
    global _guards
    if _guards and _guards[0].parent() is app:
        return
    _guards = [WheelGuard(app), ScreenFit(app)]
    for guard in _guards:
        app.installEventFilter(guard)


_guards: list[QObject] = []
