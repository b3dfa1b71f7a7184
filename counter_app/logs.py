"""Rotating log files with personal data kept out.

Code never logs names, ID numbers, addresses or phones on purpose; as a second line of
defence a filter masks anything shaped like an ID number (9 or 12 digits), a phone number or an
e-mail address before a record reaches a file. Logs live in <data dir>/logs, 1 MB × 5 files.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from . import paths

LOG_NAME = "counter-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

_PATTERNS = [
    (re.compile(r"(?<!\d)(?:\+84|0)\d(?:[ .-]?\d){8,9}(?!\d)"), "<số điện thoại>"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "<số định danh>"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "<số CMND>"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "<email>"),
]


def redact(text: str) -> str:
    for pattern, mask in _PATTERNS:
        text = pattern.sub(mask, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def setup(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Send the app's logs to a rotating file in the data directory (when it exists) and
    warnings to stderr. Returns the log file path."""
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        if getattr(h, "_counter_app", False):
            root.removeHandler(h)
    redactor = RedactingFilter()
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    stderr.addFilter(redactor)
    stderr._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(stderr)
    if data_dir is None or not Path(data_dir).exists():
        return None
    log_dir = paths.logs_dir(Path(data_dir))
    try:
        log_dir.mkdir(exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return log_dir / LOG_NAME
