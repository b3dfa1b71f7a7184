"""Errors that carry a message for the person at the counter (in Vietnamese)."""

from __future__ import annotations

from .i18n import _


class UserError(Exception):
    """Something the user can fix: bad input, a refused action, a missing record.

    ``message`` is shown as is (Vietnamese); ``field`` names the input at fault, when there is one.
    The CLI turns it into exit status 2 and prints ``message`` on stderr.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationFailed(UserError):
    """One or more fields are invalid. ``errors`` maps field name -> Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        lines = [f"- {msg}" for msg in self.errors.values()]
        super().__init__(_("Dữ liệu chưa hợp lệ:") + "\n" + "\n".join(lines), field=next(iter(self.errors), None))


class NotFound(UserError):
    """A record asked for by the user does not exist."""


class PermissionDenied(UserError):
    """The signed-in account may not do this."""
