"""Finding the scanners this machine offers: SANE devices (Linux) and WIA/TWAIN devices
(Windows). The backends build on :mod:`.sources`; this module sits above them, so the source
interface never imports its implementations."""

from __future__ import annotations

import logging

from . import sane, windows
from .sources import PageSource

log = logging.getLogger(__name__)


def discover_scanners() -> list[PageSource]:
    """Every scanner this machine offers. Slow (seconds with network backends): call it off the
    GUI thread. A backend that is missing or fails is simply not offered."""
    found: list[PageSource] = []
    for backend in (sane, windows):
        try:
            found.extend(backend.discover())
        except Exception:  # noqa: BLE001 - one broken driver must not hide the others
            log.warning("scanner discovery failed in %s", backend.__name__, exc_info=True)
    return found
