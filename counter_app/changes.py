"""What a write changed, said without Qt: the description the GUI's change hook carries
(ui/backend.py emits it after every write; the ledger, worklists, dashboard and the sync engine
listen to it).

Nobody has to remember to declare a change: every write that matters appends an audit row in
its own transaction (audit.record) and every record bound for the province an outbox row, so
what a write changed is read back from the rows it added (:func:`mark` before, :func:`since`
after). ``ACTION_KINDS`` says what each audit action touches; an action missing from it counts
as "everything may have changed" (and tests/core/test_changes.py fails until it is listed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: sqlite_utils is slow to import (~230 ms)
    import sqlite_utils

log = logging.getLogger(__name__)

DOSSIER = "dossier"  # a dossier's row: status, due date, fees … (the ledger, worklists)
HISTORY = "history"  # a dossier's history (the detail view, Mẫu 06)
SCAN = "scan"  # scans attached, detached, pruned or fetched back
SETTINGS = "settings"  # station settings, calendar, catalogue, report settings
REPORT = "report"  # figures of the dashboard and tallies, day closes, exchanges
OUTBOX = "outbox"  # rows queued for the province: the sync engine has work
ACCOUNT = "account"  # accounts and sign-ins
PRINT = "print"  # a form printed or saved as PDF (audit only)
ONLINE = "online"  # the online dossiers waiting at the counter (counter_app/online.py)

KINDS = frozenset({DOSSIER, HISTORY, SCAN, SETTINGS, REPORT, OUTBOX, ACCOUNT, PRINT, ONLINE})


@dataclass(frozen=True)
class Change:
    """What changed: ``kinds`` (the constants above) and, when known, the dossier codes
    concerned (empty: not about particular dossiers, or not known — e.g. a pull)."""

    kinds: frozenset[str] = frozenset()
    codes: tuple[str, ...] = ()

    @classmethod
    def of(cls, *kinds: str, codes: tuple[str, ...] | list[str] = ()) -> Change:
        return cls(frozenset(kinds), tuple(dict.fromkeys(codes)))

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def __or__(self, other: Change | None) -> Change:
        if not other:
            return self
        if not self:
            return other
        return Change(self.kinds | other.kinds, tuple(dict.fromkeys(self.codes + other.codes)))


NOTHING = Change()
EVERYTHING = Change(KINDS)
PULLED = Change.of(DOSSIER, HISTORY, REPORT, ONLINE)  # changes applied from the province (online dossiers too)
ONLINE_FILES = Change.of(ONLINE, SCAN)  # files of online dossiers fetched (sync/online_files.py)

_DOSSIER_STEP = frozenset({DOSSIER, HISTORY, REPORT})

# Each audit action (audit.record(db, actor, ACTION, ...)) and what it touches. OUTBOX is not
# listed here: it is read from the outbox table itself (a new row = work for the engine).
ACTION_KINDS: dict[str, frozenset[str]] = {
    "intake": _DOSSIER_STEP | {ONLINE},  # ONLINE: an online dossier received leaves the worklist
    "intake-guide": frozenset({REPORT, ONLINE}),  # pre-receipt guidance (Mẫu 02): a register line, no dossier
    "intake-refuse": frozenset({REPORT, ONLINE}),  # pre-receipt refusal (Mẫu 03): a register line, no dossier
    "intake-online": frozenset({REPORT}),  # guided to submit on the portal: a register line, no dossier
    "status": _DOSSIER_STEP,
    "fee-paid": frozenset({DOSSIER, REPORT}),
    "rating": frozenset({DOSSIER, REPORT, OUTBOX}),  # the citizen's satisfaction tap (satisfaction.py), synced
    "agreed-extension": _DOSSIER_STEP,  # lawful extension / written agreement (counter_app/extension.py)
    "obligation": _DOSSIER_STEP,  # status 6 asked: amount (issue 17 scope 6)
    "obligation-paid": _DOSSIER_STEP,  # status 6 paid: receipt number
    "unresolvable": _DOSSIER_STEP,  # the resolving body's "cannot resolve" return
    "supplement-components": frozenset({DOSSIER, HISTORY}),  # papers received with a supplement
    "province-targets": frozenset({SETTINGS, REPORT}),  # the scorecard's targets from the feed
    "attach": frozenset({SCAN}),
    "attach-result": frozenset({SCAN, OUTBOX, REPORT}),  # a result document's scan (scanning/results.py)
    "detach": frozenset({SCAN}),
    "scan-prune": frozenset({SCAN}),
    "scan-fetch": frozenset({SCAN}),
    "print": frozenset({PRINT}),
    "settings-change": frozenset({SETTINGS}),
    "settings-update": frozenset({SETTINGS}),
    "calendar-edit": frozenset({SETTINGS, REPORT}),
    "report-settings": frozenset({SETTINGS, REPORT}),
    "station-key-set": frozenset({SETTINGS}),
    "setup": KINDS,
    "catalogue-import": frozenset({SETTINGS}),
    "login": frozenset({ACCOUNT}),
    "login-failed": frozenset({ACCOUNT}),
    "account-create": frozenset({ACCOUNT}),
    "account-active": frozenset({ACCOUNT}),
    "account-disable": frozenset({ACCOUNT}),
    "password-reset": frozenset({ACCOUNT}),
    "password-change": frozenset({ACCOUNT}),
    "logout": frozenset({ACCOUNT}),
    "user-switch": frozenset({ACCOUNT}),
    "day-close": frozenset({REPORT}),
    "report-export": frozenset({REPORT}),
    "station-export": frozenset({REPORT}),
    "station-import": frozenset({REPORT}),
    "province-status": _DOSSIER_STEP,
    "province-status-refused": frozenset({HISTORY}),
    "province-calendar": frozenset({SETTINGS, REPORT}),
    "province-online": frozenset({ONLINE}),  # an online dossier (or its resubmission) pulled
    "province-online-closed": frozenset({ONLINE}),  # another station decided it
    "online-files": frozenset({ONLINE, SCAN}),  # files of online dossiers fetched
    "province-calendar-confirm": frozenset({SETTINGS, REPORT}),
    "province-calendar-refuse": frozenset({SETTINGS}),
    "sync-set-aside": frozenset({OUTBOX}),
    "sync-requeue": frozenset({OUTBOX}),
    "sync-setup": frozenset({SETTINGS}),
    "backup": frozenset(),
    "restore": KINDS,
    "encrypt": frozenset(),
}

# Actions whose audit object is a dossier code.
CODE_ACTIONS = frozenset({"intake", "status", "fee-paid", "rating", "agreed-extension", "supplement-components", "attach",
                          "attach-result",
                          "detach", "scan-fetch", "print",
                          "province-status", "province-status-refused"})


def of_action(action: str, obj: str = "") -> Change:
    kinds = ACTION_KINDS.get(action)
    if kinds is None:
        log.warning("audit action %r has no entry in changes.ACTION_KINDS: everything may have changed", action)
        kinds = KINDS
    return Change(kinds, (obj,) if obj and action in CODE_ACTIONS else ())


Mark = tuple[int, int]  # the highest audit id and outbox id


def mark(db: sqlite_utils.Database) -> Mark | None:
    """Where the audit trail and the outbox end now (two index look-ups). None when the tables
    are not there yet (a database being created)."""
    try:
        a = db.execute("SELECT max(id) FROM audit").fetchone()[0] or 0
        o = db.execute("SELECT max(id) FROM outbox").fetchone()[0] or 0
    except Exception:  # noqa: BLE001 - no such table yet (the driver may not be sqlite3's)
        return None
    return a, o


def since(db: sqlite_utils.Database, before: Mark | None) -> Change:
    """What the rows added after ``before`` say changed."""
    if before is None:
        return EVERYTHING if mark(db) is not None else NOTHING
    audit_id, outbox_id = before
    try:
        rows = db.execute("SELECT action, object FROM audit WHERE id > ? ORDER BY id", [audit_id]).fetchall()
        queued = db.execute("SELECT 1 FROM outbox WHERE id > ? LIMIT 1", [outbox_id]).fetchone() is not None
    except Exception:  # noqa: BLE001
        log.warning("could not read what a write changed", exc_info=True)
        return EVERYTHING
    change = NOTHING
    for action, obj in rows:
        change = change | of_action(action, obj)
    if queued:
        change = change | Change.of(OUTBOX)
    return change
