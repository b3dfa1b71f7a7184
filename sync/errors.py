"""Errors of the sync engine. ``message`` is Vietnamese and shown to clerks and supervisors."""

from __future__ import annotations


class SyncError(Exception):
    kind = "error"

    def __init__(self, message: str, *, kind: str | None = None):
        super().__init__(message)
        self.message = message
        if kind:
            self.kind = kind

    def __str__(self) -> str:
        return self.message


class TransientError(SyncError):
    """Try again later: the network, the server's health, rate limits, a captive portal.

    ``offline`` marks a failure to reach the server at all (the engine then probes for
    connectivity and retries everything at once when it returns). ``retry_after`` is the
    server's Retry-After in seconds, when it sent one."""

    kind = "network"

    def __init__(self, message: str, *, kind: str | None = None, offline: bool = False,
                 retry_after: float | None = None):
        super().__init__(message, kind=kind)
        self.offline = offline
        self.retry_after = retry_after


class PermanentError(SyncError):
    """The server refused the content (conflict, validation): retrying the same body cannot
    help. The row needs a supervisor's attention; other rows keep flowing."""

    kind = "rejected"


class LocalError(PermanentError):
    """Something on this PC prevents sending the row (a stored file is missing or damaged)."""

    kind = "local"
