"""The head of the station's audit chain sent to the province (issue 18, "audit anchoring").

The province keeps every anchor a station sends and refuses one that is shorter than, or
different from, the last (the station's log was cut or rewritten): then an attacker with the
station's database *and* its key still cannot hide a rewrite from the province. An anchor is sent
when the chain has grown since the last one the province acknowledged and either a day was
closed since (the day-close entry is what a supervisor signs) or :data:`EVERY` has passed —
"with the day's sync". Sending writes no audit entry (that would move the head it reports).
A refusal is recorded in ``sync_state`` (``anchor_refused``) and shown as the pass's error; it
is a matter for a supervisor, not a retry loop: the next try is a day later.
"""

from __future__ import annotations

import json
import logging

import sqlite_utils

from counter_app import audit, timeutil
from counter_app.db import write_tx

from .adapters import Adapter
from .errors import PermanentError, SyncError
from .http import HttpClient
from .state import SyncState

log = logging.getLogger(__name__)

EVERY = 23 * 3600


def _since(stamp: str | None) -> float | None:
    if not stamp:
        return None
    try:
        return (timeutil.now() - timeutil.parse_iso(stamp)).total_seconds()
    except ValueError:
        return None


def due(db: sqlite_utils.Database, state: SyncState) -> dict | None:
    """The anchor to send now (:func:`counter_app.audit.anchor_payload`), or None."""
    payload = audit.anchor_payload(db)
    try:
        sent = json.loads(state.get("anchor_sent") or "null")
    except ValueError:
        sent = None
    if isinstance(sent, dict) and sent.get("count") == payload["count"] and sent.get("hash") == payload["hash"]:
        return None  # nothing new since the province's last receipt
    age = _since(state.get("anchor_tried_at"))
    if age is None or age >= EVERY:
        return payload
    # A day closed since the last try (by entry id: a close in the same second as the try counts).
    # From the day-close entries of the action index (m017): left to itself SQLite answers MAX(id)
    # by walking the whole chain back from its newest entry until it meets a day close — every
    # entry when no day was ever closed (3.5 M at a million dossiers: 0.5-5 s on each pass after
    # any write; docs/performance.md).
    closed = db.execute("SELECT MAX(id) FROM audit INDEXED BY audit_action WHERE action = 'day-close'").fetchone()[0]
    try:
        tried_upto = int(state.get("anchor_tried_upto") or 0)
    except ValueError:
        tried_upto = 0
    if closed and closed > tried_upto:
        return payload
    return None


def send(db: sqlite_utils.Database, adapter: Adapter, client: HttpClient, state: SyncState,
         payload: dict) -> str | None:
    """Send ``payload``; the refusal's message (Vietnamese) when the province refused it."""
    now = timeutil.iso(timeutil.now())
    upto = str(db.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0])
    try:
        receipt = adapter.push_anchor(client, payload)
    except PermanentError as exc:
        log.warning("the province refused the audit anchor (%s)", exc.kind)
        with write_tx(db):
            state.set(anchor_tried_at=now, anchor_tried_upto=upto, anchor_refused=exc.message)
        return exc.message
    except SyncError as exc:  # transient: tried again on a later pass
        log.info("audit anchor not sent (%s)", exc.kind)
        return None
    with write_tx(db):
        if receipt is None:
            log.info("this province's API takes no audit anchor")
            state.set(anchor_tried_at=now, anchor_tried_upto=upto)
        else:
            state.set(anchor_tried_at=now, anchor_tried_upto=upto, anchor_refused=None,
                      anchor_sent=json.dumps({**receipt, "at": payload["at"]}, sort_keys=True))
    return None
