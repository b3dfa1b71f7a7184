"""Which methods each path of the reference server answers (405 with ``Allow`` for the others),
and the CORS headers of its tus endpoint (browser clients such as tus-js-client).

Kept beside ``server.py`` so the OpenAPI contract test can compare it with
``docs/openapi-sync.yaml``.
"""

from __future__ import annotations

import re

# (path pattern, methods) in match order: exact paths before the ones with a parameter.
ROUTES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), methods) for pattern, methods in (
        (r"/api/v1/ping", ("GET",)),
        (r"/api/v1/auth/token", ("POST",)),
        (r"/api/v1/dossiers/batch", ("POST",)),
        (r"/api/v1/progress/batch", ("POST",)),
        (r"/api/v1/changes", ("GET",)),
        (r"/api/v1/audit-anchors", ("POST",)),
        (r"/api/v1/audit-anchors/latest", ("GET",)),
        (r"/api/v1/dossiers/[^/]+", ("GET",)),
        (r"/api/v1/uploads/?", ("OPTIONS", "POST")),
        (r"/api/v1/uploads/[^/]+", ("OPTIONS", "HEAD", "PATCH")),
        (r"/files/[^/]+", ("GET", "HEAD")),
    )
)

TUS_REQUEST_HEADERS = ("Authorization, Content-Type, Tus-Resumable, Upload-Length, Upload-Metadata, Upload-Offset, "
                       "Upload-Checksum, Upload-Defer-Length, Upload-Concat, Idempotency-Key, X-HTTP-Method-Override, "
                       "X-Requested-With")
TUS_EXPOSED_HEADERS = ("Location, Upload-Offset, Upload-Length, Upload-Metadata, Tus-Resumable, Tus-Version, "
                       "Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm, File-Url, Retry-After")


def allowed_methods(path: str) -> tuple[str, ...] | None:
    """The methods ``path`` answers, or None for a path the server does not have (404)."""
    for pattern, methods in ROUTES:
        if pattern.fullmatch(path):
            return methods
    return None


def cors_headers(*, preflight: bool) -> dict[str, str]:
    """CORS for the tus endpoint: any origin may upload with a bearer token (no cookies are
    used, so no credentials mode); the preflight answer lists what a tus client sends."""
    headers = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": TUS_EXPOSED_HEADERS}
    if preflight:
        headers.update({"Access-Control-Allow-Methods": "POST, HEAD, PATCH, OPTIONS",
                        "Access-Control-Allow-Headers": TUS_REQUEST_HEADERS, "Access-Control-Max-Age": "86400"})
    return headers
