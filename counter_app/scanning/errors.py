"""Errors of the scanning pipeline. All carry a Vietnamese message for the clerk and never
quote personal data (file names are the clerk's own and may be shown)."""

from __future__ import annotations

from counter_app.errors import UserError


class PageInputError(UserError):
    """An input file or image cannot be used (empty, corrupt, encrypted, too large …)."""


class ScannerError(UserError):
    """The scanner failed or vanished. ``pages`` is the number of pages delivered before the
    failure; those pages are complete and stay with the clerk."""

    def __init__(self, message: str, pages: int = 0):
        super().__init__(message)
        self.pages = pages


class ScanCancelled(ScannerError):
    """The clerk stopped the scan."""


class StorageError(UserError):
    """A file could not be written to the data directory (full disk, permissions)."""
