"""Issue 14 (fault 15): F1 opens the bundled Vietnamese help page of the screen in front of the
clerk — each main tab, the print preview, the dossier detail — from the installed package."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

import ui
from counter_app import intake
from counter_app.db import open_data_dir
from helpers import sample_intake
from ui import help_view
from ui.help_view import PAGES, HelpWindow, help_files, read_pages
from ui.ledger import LedgerView
from ui.main_window import MainWindow
from ui.print_preview import PrintPreview
from ui_flows import INFO

TAB_PAGES = [("intake", "Tiếp nhận hồ sơ"), ("ledger", "Sổ theo dõi hồ sơ"), ("worklists", "Việc cần làm"),
             ("reports", "Báo cáo và chốt ngày")]


def take_in(data_dir, actor) -> str:
    db = open_data_dir(data_dir)
    try:
        return intake.save(db, intake.parse_request(sample_intake()), actor).code
    finally:
        db.close()


def press_f1(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=20_000)
    qtbot.keyClick(widget, Qt.Key_F1)


@pytest.fixture(params=[False, True], ids=["pages-not-read-yet", "pages-read"])
def cold(request, monkeypatch):
    """The first F1 reads the pages off the GUI thread; later ones show them at once."""
    if not request.param:
        monkeypatch.setattr(help_view, "_pages", None)
    return request.param


def test_f1_on_each_main_tab_shows_its_page(qtbot, backend, cold):
    win = MainWindow(backend, INFO)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.reports is not None  # the administrator sees the reports tab
    for i, (topic, title) in enumerate(TAB_PAGES):
        win.tabs.setCurrentIndex(i)
        press_f1(qtbot, win.tabs.currentWidget())
        qtbot.waitUntil(lambda: getattr(win, "help_window", None) is not None and win.help_window.topic == topic,
                        timeout=20_000)
        assert win.help_window.title() == title and win.help_window.isVisible()
        assert title in win.help_window.windowTitle()
        # Esc closes the help, the main window is back in front
        qtbot.keyClick(win.help_window, Qt.Key_Escape)
        assert not win.help_window.isVisible()
    assert "Hướng dẫn sử dụng" in win.help_action.text() and win.help_action.shortcut().toString() == "F1"


def test_f1_in_the_print_preview_and_the_detail_shows_their_pages(qtbot, backend, data_dir):
    code = take_in(data_dir, backend.actor)
    preview = PrintPreview(backend, code, "mau-01")
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    press_f1(qtbot, preview)
    qtbot.waitUntil(lambda: getattr(preview, "help_window", None) is not None and preview.help_window.topic == "print",
                    timeout=20_000)
    assert preview.help_window.title() == "Xem trước và in biểu mẫu"
    assert "Ctrl+Shift+S" in preview.help_window.view.toPlainText()

    view = LedgerView(backend)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.code_at(0) == code, timeout=20_000)
    with qtbot.waitSignal(view.detail_opened, timeout=20_000) as d:
        view.open_detail(0)
    detail = d.args[0]
    qtbot.waitExposed(detail)
    press_f1(qtbot, detail)
    qtbot.waitUntil(lambda: getattr(detail, "help_window", None) is not None and detail.help_window.topic == "dossier",
                    timeout=20_000)
    assert detail.help_window.title() == "Chi tiết hồ sơ và các bước xử lý"
    detail.reject()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.title = [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_every_link_of_every_page_resolves(qtbot, backend):
    shipped = {p.name for p in help_files().iterdir() if p.name.endswith(".html")}
    assert shipped == set(PAGES.values())  # every page reachable by a topic, every topic shipped
    pages = read_pages()
    win = HelpWindow(backend)
    qtbot.addWidget(win)
    win.show()
    win.show_topic("index")
    qtbot.waitUntil(lambda: win.topic == "index", timeout=20_000)
    reached = {"index"}
    for topic, html in pages.items():
        parser = Links()
        parser.feed(html)
        assert parser.title.strip(), topic
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", html), topic  # Vietnamese, with diacritics
        for href in parser.hrefs:
            assert href in PAGES.values(), f"{topic}: dead link {href}"
            win.show_topic(topic)
            before = win.topic
            win.follow(QUrl(href))
            target = help_view.TOPIC_OF_FILE[href]
            assert win.topic == target and win.title() == Links_title(pages[target])
            if target != before:
                win.back()  # Quay lại returns to the page the link was on
                assert win.topic == before
            reached.add(target)
    assert reached == set(PAGES)  # every page is linked from somewhere (the index lists them all)


def Links_title(html: str) -> str:  # noqa: N802
    p = Links()
    p.feed(html)
    return p.title.strip()


def test_pages_come_from_the_installed_package_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # nothing relative to where the program was started
    folder = help_files()
    assert Path(str(folder)) == Path(ui.__file__).resolve().parent / "help"
    assert Path(str(folder)).is_absolute()
    pages = read_pages()
    assert set(pages) == set(PAGES) and "<title>Tiếp nhận hồ sơ</title>" in pages["intake"]


def test_shortcuts_in_the_help_are_the_real_ones():
    """The keys the intake page names are the ones the form binds (grep of ui/)."""
    src = "".join(p.read_text(encoding="utf-8") for p in Path(ui.__file__).parent.rglob("*.py"))
    bound = set(re.findall(r'QKeySequence\("([^"]+)"\)', src)) | set(re.findall(r'_KEY = "([^"]+)"', src))
    bound |= {"Enter", "Esc"}
    html = read_pages()
    for topic in ("intake", "ledger", "print", "index"):
        for key in re.findall(r"<td>((?:Ctrl|Shift|Alt|F\d)[^<]*)</td>", html[topic]):
            for k in re.split(r"\s*(?:,|/|…)\s*", key):
                if k and k.startswith(("Ctrl", "Shift", "F")) and "←" not in k and "→" not in k:
                    assert k in bound, f"{topic}: {k} is not a shortcut of the program"
