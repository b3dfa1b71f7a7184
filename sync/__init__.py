"""Sync with the provincial one-stop system (Qt-free).

- ``engine``: the outbox processor's policy (the pass, batching, backoff, splitting a refused
  batch), with ``queue`` (which rows are due, per-dossier order), ``bodies`` (frozen bodies),
  ``outcomes`` (the writes of a pass, through ``counter_app.outbox``), ``pull`` (the change
  feed), ``uploads`` (the file step) and ``state`` (``sync_state``);
- ``http`` / ``tus``: the HTTP client (bearer token, TLS, redirects, captive portals) and the
  tus 1.0 uploader;
- ``adapters``: the interface a province's API is spoken through (``adapters.base``), the
  adapter for the documented contract (``adapters.reference``, docs/sync-protocol.md) and the
  registry a station's ``adapter`` setting picks from;
- ``config``: settings and the station secret (OS keyring or a 0600 file);
- ``commands``: ``counter-app sync-setup`` and ``counter-app sync``;
- ``provincial``: the reference provincial server (``counter-app-provincial``).
"""
