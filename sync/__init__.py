"""Sync with the provincial one-stop system (Qt-free).

- ``engine``: the outbox processor (ordering, batching, backoff, resumable files, pull);
- ``http`` / ``tus``: the HTTP client (bearer token, TLS, redirects, captive portals) and the
  tus 1.0 uploader;
- ``adapter`` / ``reference_adapter``: the interface a province's API is spoken through, and the
  adapter for the documented contract (docs/sync-protocol.md);
- ``config``: settings and the station secret (OS keyring or a 0600 file);
- ``commands``: ``counter-app sync-setup`` and ``counter-app sync``;
- ``provincial``: the reference provincial server (``counter-app-provincial``).
"""
