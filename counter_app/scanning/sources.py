"""Where pages come from, behind one interface: :class:`PageSource`.

- :class:`~.sane.SaneScanner` — SANE devices on Linux, through python-sane when it is
  importable, otherwise by driving ``scanimage`` (sane-utils) in batch mode;
- :class:`~.windows.WiaScanner` / :class:`~.windows.TwainScanner` — Windows devices;
- :class:`~.folder.WatchedFolder` — a folder a network scanner saves into (scan-to-folder);
- :class:`FileImport` — files chosen or dropped by the clerk (JPEG, PNG, TIFF, PDF).

``acquire`` blocks: call it on a worker thread, never on the GUI thread. It hands over each
page as soon as it is complete through ``on_page`` (on the worker thread), so pages of a batch
that fails half-way have already been delivered and stay with the clerk. A scanner failure
raises :class:`~.errors.ScannerError` after the good pages; a bad file does not stop the other
files and is listed in the report instead.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import PageInputError
from .profile import ScanProfile

if TYPE_CHECKING:
    from .pages import Page


OnPage = Callable[["Page"], None]


@dataclass
class AcquireReport:
    pages: int = 0
    problems: list[str] = field(default_factory=list)  # Vietnamese, one per refused input


class PageSource(ABC):
    kind: str = ""     # sane | wia | twain | folder | files
    label: str = ""    # shown to the clerk

    @abstractmethod
    def acquire(
        self,
        profile: ScanProfile,
        on_page: OnPage,
        *,
        cancel: threading.Event | None = None,
        detect_qr: bool = False,
        max_pages: int | None = None,
    ) -> AcquireReport:
        """Deliver pages to ``on_page`` until the source is exhausted, ``max_pages`` is reached
        or ``cancel`` is set."""

    def __repr__(self) -> str:  # no personal data: the label names a device or a folder
        return f"<{type(self).__name__} {self.label!r}>"


class FileImport(PageSource):
    """Files picked in a dialog, dropped on the panel, or named on the command line."""

    kind = "files"

    def __init__(self, paths: Sequence[Path | str]) -> None:
        self.paths = [Path(p) for p in paths]
        self.label = "Nhập tệp"

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        from .pages import pages_from_file

        report = AcquireReport()
        for path in self.paths:
            if cancel is not None and cancel.is_set():
                break
            try:
                pages = pages_from_file(path, profile, detect_qr=detect_qr)
            except PageInputError as exc:
                report.problems.append(exc.message)
                continue
            for page in pages:
                on_page(page)
                report.pages += 1
        return report


Scanner = PageSource  # a device source (SANE, WIA, TWAIN)
