"""Help (F1): the bundled Vietnamese pages of ui/help/, one per screen, in a small browser window
with internal links, "Quay lại" (Alt+←) and Esc to close.

The pages ship inside the package (wheel: hatch takes the package's files; PyInstaller bundle:
build.spec's datas) and are found through importlib.resources, never relative to the working
directory. Reading them is disk work, so it never happens on the GUI thread: the first F1 reads
every page (a few KB in all) with ``Backend.run`` and keeps them in memory; the window shows
"Đang tải…" for that moment, and every later F1 shows its page at once. Preloading at start-up
was the other choice; it would cost every start (and every test) a task for a window most starts
never open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from .backend import Backend
from .i18n import tr

log = logging.getLogger(__name__)

# topic -> page file in ui/help/
PAGES = {
    "index": "index.html",
    "intake": "intake.html",
    "ledger": "ledger.html",
    "worklists": "worklists.html",
    "dossier": "dossier.html",
    "print": "print.html",
    "reports": "reports.html",
    "sync": "sync.html",
}
TOPIC_OF_FILE = {f: t for t, f in PAGES.items()}
HELP_KEY = "F1"

_pages: dict[str, str] | None = None  # topic -> HTML, once read (GUI thread only)


def help_files() -> Traversable:
    """Where the pages are: the installed package's help folder."""
    return resources.files(__package__).joinpath("help")


def read_pages() -> dict[str, str]:
    """Every page's HTML by topic (worker thread)."""
    folder = help_files()
    return {topic: folder.joinpath(name).read_text(encoding="utf-8") for topic, name in PAGES.items()}


class HelpWindow(QDialog):
    shown = Signal(str)  # the topic now displayed

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(tr('Hướng dẫn sử dụng'))
        self.resize(640, 560)
        self.topic = ""
        self._wanted = ""  # the topic to show once the pages arrive
        self._loading = False
        self._history: list[str] = []
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)  # links are followed here: pages by topic, nothing outside
        self.view.anchorClicked.connect(self.follow)
        self.back_button = QPushButton(tr('← &Quay lại'))
        self.back_button.setToolTip(tr('Về trang trước (Alt+←)'))
        self.back_button.clicked.connect(self.back)
        self.back_button.setEnabled(False)
        self.index_button = QPushButton(tr('&Mục lục'))
        self.index_button.clicked.connect(lambda: self.show_topic("index"))
        self.close_button = QPushButton(tr('Đóng (Esc)'))
        self.close_button.clicked.connect(self.reject)
        for b in (self.back_button, self.index_button, self.close_button):
            b.setAutoDefault(False)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.index_button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)

    def title(self) -> str:
        """The shown page's title (its <title>)."""
        return self.view.documentTitle()

    def show_topic(self, topic: str) -> None:
        if topic not in PAGES:
            topic = "index"
        if self.topic and self.topic != topic:
            self._history.append(self.topic)
        self._display(topic)

    def back(self) -> None:
        if self._history:
            self._display(self._history.pop())

    def follow(self, url: QUrl) -> None:
        """A link: another page of the help (``intake.html``, ``print.html#…``); links out of the
        help are not opened (the help is offline)."""
        topic = TOPIC_OF_FILE.get(url.path().rsplit("/", 1)[-1])
        if url.scheme() in ("", "file") and topic:
            self.show_topic(topic)

    def _display(self, topic: str) -> None:
        self.back_button.setEnabled(bool(self._history))
        if _pages is None:
            self._wanted = topic
            self.view.setHtml(tr('<p>Đang tải hướng dẫn…</p>'))
            if not self._loading:
                self._loading = True
                self.backend.run(read_pages, on_done=self._pages_read, on_error=self._failed, owner=self)
            return
        self.topic = topic
        self.view.setHtml(_pages[topic])
        self.setWindowTitle(tr('Hướng dẫn — {0}').format(self.title()))
        self.shown.emit(topic)

    def _pages_read(self, pages: dict[str, str]) -> None:
        global _pages
        _pages = pages
        self._loading = False
        self._display(self._wanted)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        log.error("reading the help pages failed", exc_info=exc)
        self.view.setHtml(tr('<p>Không đọc được các trang hướng dẫn: {0}</p>').format(exc))


def open_help(owner: QWidget, backend: Backend, topic: str) -> HelpWindow:
    """Show ``topic`` in ``owner``'s help window (one per window, made on first use)."""
    win = getattr(owner, "help_window", None)
    if win is None:
        win = HelpWindow(backend, owner)
        owner.help_window = win
    win.show_topic(topic)
    win.show()
    win.raise_()
    win.activateWindow()
    return win


def install_help_key(owner: QWidget, backend: Backend, topic: str | Callable[[], str]) -> QShortcut:
    """F1 in ``owner``'s window opens the help on ``topic`` (or on what ``topic()`` names then)."""
    def show() -> None:
        open_help(owner, backend, topic() if callable(topic) else topic)

    return QShortcut(QKeySequence(HELP_KEY), owner, show, context=Qt.WindowShortcut)
