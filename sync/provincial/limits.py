"""The reference server's caps (docs/sync-protocol.md, "What a real province's system must
enforce"): set by ``counter-app-provincial serve`` options, or given to ``ReferenceServer``."""

from __future__ import annotations

from dataclasses import dataclass

MAX_JSON = 20 * 1024 * 1024
MAX_UPLOAD = 200 * 1024 * 1024


@dataclass
class Limits:
    """Caps of the reference server (per station unless said otherwise)."""

    max_connections: int = 64  # connection threads at once; beyond, 503 after accept_wait
    accept_wait: float = 1.0  # seconds a new connection may wait for a free thread
    max_json_bytes: int = MAX_JSON  # body of a JSON request
    max_upload_bytes: int = MAX_UPLOAD  # one file (Upload-Length)
    max_open_uploads: int = 200  # unfinished uploads of a station (429 beyond)
    max_open_bytes: int = 4 * 1024 ** 3  # bytes declared by a station's unfinished uploads (413 beyond)
    max_tokens: int = 16  # live tokens of a station; issuing one more revokes the oldest
    max_auth_failures: int = 10  # failed secret attempts per minute, per station and per client address
    upload_ttl: float = 24 * 3600.0  # an unfinished upload untouched this long is removed with its bytes
    sweep_interval: float = 60.0  # how often expired uploads are swept (also lazily at upload requests)
    max_online_files: int = 50  # files of one online dossier (``submit-online``); each at most max_upload_bytes
