"""Typing as a person does: key events that carry text (a keyboard-wedge scanner, an ASCII
keyboard) and input-method commits (Vietnamese typed with Unikey/EVKey-style IMEs).
``qtbot.keyClicks`` cannot type non-ASCII text (QTest aborts the process)."""

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent


def type_keys(widget, text: str) -> None:
    """One key press/release per character, each carrying its text (what a wedge scanner sends)."""
    widget.setFocus()
    for ch in text:
        key = Qt.Key_unknown
        for ev_type in (QEvent.KeyPress, QEvent.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(ev_type, key, Qt.NoModifier, ch))


def press_enter(widget) -> None:
    for ev_type in (QEvent.KeyPress, QEvent.KeyRelease):
        QCoreApplication.sendEvent(widget, QKeyEvent(ev_type, Qt.Key_Return, Qt.NoModifier, "\r"))


def ime_commit(widget, text: str) -> None:
    """Commit ``text`` word by word as an input method does after composing each syllable."""
    widget.setFocus()
    words = text.split(" ")
    for i, word in enumerate(words):
        for partial in (word[: max(1, len(word) - 1)], ):  # a pre-edit stage, then the commit
            QCoreApplication.sendEvent(widget, QInputMethodEvent(partial, []))
        ev = QInputMethodEvent("", [])
        ev.setCommitString(word + (" " if i < len(words) - 1 else ""))
        QCoreApplication.sendEvent(widget, ev)


# -- answering a modal dialog that a click opens (its exec() blocks the test) -------------------
_pollers: list = []


def answer_modal(qtbot, act, *, kind=None):
    """Run ``act(dialog)`` on the next modal dialog (of ``kind``, if given) that opens. A QTimer
    object polls for it and stops once it has answered (a QTimer.singleShot functor chain that
    outlived its test crashed a later test inside Qt's timer dispatch); ``stop_pollers`` (an
    autouse fixture of tests/ui) stops any that never saw their dialog."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list = []
    timer = QTimer()
    timer.setInterval(20)

    def poll():
        w = QApplication.activeModalWidget()
        if w is None or (kind is not None and not isinstance(w, kind)):
            return
        timer.stop()
        seen.append(w)
        try:
            act(w)
        except Exception as exc:  # never leave a modal open: the test would hang
            seen.append(exc)
            w.close()

    timer.timeout.connect(poll)
    _pollers.append(timer)
    timer.start()
    return seen


def stop_pollers() -> None:
    while _pollers:
        t = _pollers.pop()
        t.stop()
        t.deleteLater()
