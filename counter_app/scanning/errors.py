"""Errors of the scanning pipeline. All carry a Vietnamese message for the clerk and never
quote personal data (file names are the clerk's own and may be shown)."""

from __future__ import annotations

from counter_app.errors import UserError
from counter_app.i18n import _


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


class FileNotOnThisPC(UserError):
    """A scan was removed from this PC after the retention period (the province keeps it; see
    :mod:`counter_app.scanning.retention`). ``sha256s`` are the files to fetch back."""

    def __init__(self, sha256s, code: str = ""):
        self.sha256s = list(sha256s)
        self.code = code
        fetch = f"counter-app scans fetch {code}" if code else "counter-app scans fetch " + _("MÃ_HỒ_SƠ")
        if code:
            text = _("Bản quét của hồ sơ {code} ({n} tệp) đã lưu ở hệ thống tỉnh và được gỡ khỏi máy này sau "
                     "thời hạn lưu. Hãy tải lại từ hệ thống tỉnh khi có mạng (mở lại tab Bản quét, hoặc lệnh "
                     "'{fetch}').")
        else:
            text = _("Bản quét ({n} tệp) đã lưu ở hệ thống tỉnh và được gỡ khỏi máy này sau thời hạn lưu. "
                     "Hãy tải lại từ hệ thống tỉnh khi có mạng (mở lại tab Bản quét, hoặc lệnh '{fetch}').")
        super().__init__(text.format(code=code, n=len(self.sha256s), fetch=fetch))


class FetchError(UserError):
    """A scan could not be fetched back from the province (network, credential, not found, wrong
    content). Nothing was written: the file stays marked as kept at the province."""
