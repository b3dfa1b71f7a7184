"""Schema migrations (sqlite-utils ``Migrations``), applied at start after copying the file aside.

Add a migration by appending a decorated function; never edit one that has shipped.
The schema version shown to people is the number of applied migrations and the last name.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from . import dbfiles
from . import paths
from .errors import UserError

log = logging.getLogger(__name__)

MIGRATION_SET = "counter_app"
migrations = Migrations(MIGRATION_SET)


def _run(db: sqlite_utils.Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statements one by one.
    for stmt in statements.split(";\n"):
        if stmt.strip():
            db.execute(stmt)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    name_folded TEXT NOT NULL,
    rules TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    catalogue_title TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (code, rules_hash)
);
CREATE INDEX procedures_active ON procedures (active, code);
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('seed', 'manual', 'province'))
);
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    channel INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
    status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    original_due_at TEXT NOT NULL,
    finished_at TEXT,
    returned_at TEXT,
    return_method TEXT NOT NULL CHECK (return_method IN ('counter', 'post')),
    sets_count INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    station INTEGER NOT NULL CHECK (station BETWEEN 0 AND 9),
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    register_book TEXT NOT NULL,
    register_line INTEGER NOT NULL,
    applicant_name TEXT NOT NULL,
    owner_name TEXT,
    applicant_phone TEXT NOT NULL DEFAULT '',
    received_by INTEGER REFERENCES users (id),
    received_by_name TEXT NOT NULL,
    receiving_unit TEXT NOT NULL DEFAULT '',
    resolving_unit TEXT NOT NULL DEFAULT '',
    fee_total INTEGER NOT NULL DEFAULT 0,
    procedure_rules TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (day, station, seq)
);
CREATE INDEX dossiers_received ON dossiers (received_at);
CREATE INDEX dossiers_status_due ON dossiers (status, due_at);
CREATE TABLE parties (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'owner')),
    full_name TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    sex TEXT,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    cccd_raw TEXT,
    UNIQUE (dossier_id, role)
);
CREATE TABLE components (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    originals INTEGER NOT NULL DEFAULT 0,
    copies INTEGER NOT NULL DEFAULT 0,
    certified_copies INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    UNIQUE (dossier_id, position)
);
CREATE TABLE fees (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    detail TEXT NOT NULL DEFAULT '',
    paid_method TEXT,
    receipt_no TEXT,
    receipt_date TEXT,
    UNIQUE (dossier_id, position)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    status INTEGER NOT NULL,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX history_dossier ON history (dossier_id, id);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    dossier_id INTEGER REFERENCES dossiers (id) ON DELETE CASCADE,
    ref TEXT,
    idem_key TEXT NOT NULL UNIQUE,
    payload TEXT,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'done', 'waiting-retry', 'needs-attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
CREATE INDEX outbox_dossier ON outbox (dossier_id, id);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE VIRTUAL TABLE dossier_fts USING fts5 (
    body,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '.-'",
    prefix = '2 3 4'
)
""",
    )


@migrations()
def m002_attachments(db: sqlite_utils.Database) -> None:
    """Digitised components: content-addressed files (data_dir/files/<aa>/<bb>/<sha256>.<ext>)
    and their attachment to a dossier component. ``remote_url`` is set when the province has
    acknowledged the upload; ``purged_at`` when the local copy was removed after retention."""
    _run(
        db,
        """
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    ext TEXT NOT NULL,
    pages INTEGER NOT NULL DEFAULT 1,
    stored_at TEXT NOT NULL,
    remote_url TEXT,
    remote_confirmed_at TEXT,
    purged_at TEXT
);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    component_position INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files (sha256),
    filename TEXT NOT NULL,
    pages INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX attachments_dossier ON attachments (dossier_id, component_position)
""",
    )


@migrations()
def m004_sync(db: sqlite_utils.Database) -> None:
    """Sync with the provincial system: the server's acknowledgement and the error class on each
    outbox row, a partial index over unfinished rows (the engine's scan stays small when millions
    are done), the sync configuration (the secret itself is in the OS keyring or a 0600 file,
    never here), the engine's state (pull cursor, last success) and the inbox of changes pulled
    from the province (status changes waiting for a local change still queued, or refused)."""
    _run(
        db,
        """
ALTER TABLE outbox ADD COLUMN ack TEXT;
ALTER TABLE outbox ADD COLUMN error_kind TEXT;
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
ALTER TABLE outbox ADD COLUMN done_at TEXT;
CREATE INDEX outbox_open ON outbox (dossier_id, id) WHERE state != 'done';
CREATE TABLE sync_config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sync_inbox (
    id INTEGER PRIMARY KEY,
    remote_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    dossier_code TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('deferred', 'applied', 'not-applied')),
    reason TEXT,
    received_at TEXT NOT NULL,
    applied_at TEXT
);
CREATE INDEX sync_inbox_open ON sync_inbox (dossier_code, id) WHERE state = 'deferred'
""",
    )


@migrations()
def m005_reports(db: sqlite_utils.Database) -> None:
    """Supervisor reports: supplement facts and KPI columns on dossiers (kept by triggers), per-day
    and per-month event counts kept exact by triggers (tallies and Biểu 06 read these, not a
    million dossiers), other stations' imported dossiers, closed days, report settings. The
    frozen SQL is in counter_app/reports/schema.py; the rules in docs/reports.md."""
    from .reports import schema

    schema.apply_m005(db)


@migrations()
def m006_scan_retention(db: sqlite_utils.Database) -> None:
    """Scan retention (docs/scanning.md): files the province confirmed leave the PC after the
    station's retention period. ``files.purged_at`` (m002) marks a file removed from this PC;
    ``fetched_back_at`` when it was last fetched back from the province (it then stays for
    another period). Indexes for the daily prune: files still on this PC by confirmation time,
    the attachments of a file, and the unfinished uploads of a file."""
    _run(
        db,
        """
ALTER TABLE files ADD COLUMN fetched_back_at TEXT;
CREATE INDEX files_on_pc_confirmed ON files (remote_confirmed_at) WHERE purged_at IS NULL;
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE INDEX outbox_open_files ON outbox (ref) WHERE kind = 'file' AND state != 'done'
""",
    )


@migrations()
def m007_drafts(db: sqlite_utils.Database) -> None:
    """Drafts (``counter_app.drafts``): the intake form a clerk is filling, kept while it is typed
    so that a crash or a power cut loses nothing; one per user and kind, removed when saved or
    discarded. In the database (not a file beside it) so that an encrypted station's drafts are
    encrypted too."""
    _run(
        db,
        """
CREATE TABLE drafts (
    owner TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (owner, kind)
)
""",
    )


@migrations()
def m008_prereceipt_slips(db: sqlite_utils.Database) -> None:
    """The check before receiving (issue 17, ``counter_app.prereceipt``): a dossier the clerk
    guides to complete (Mẫu 02) or refuses (Mẫu 03) at the counter is *not* received, so it gets
    no dossier code; it gets a line in this register instead, numbered per year and station
    (one sequence for both kinds). ``applicant`` is the person as intake validates it (JSON);
    ``missing_items`` the papers to bring (JSON list of {name, originals, certified_copies,
    copies}). A local register: not synced, not in the ledger, Mẫu 07 or Biểu 06."""
    _run(
        db,
        """
CREATE TABLE slips (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    station INTEGER NOT NULL CHECK (station BETWEEN 0 AND 9),
    number INTEGER NOT NULL CHECK (number >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('guide', 'refuse')),
    procedure_id INTEGER REFERENCES procedures (id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    applicant TEXT NOT NULL DEFAULT '{}',
    missing_items TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    clerk_id INTEGER REFERENCES users (id),
    clerk_name TEXT NOT NULL,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    UNIQUE (year, station, number)
);
CREATE INDEX slips_day ON slips (day, kind)
""",
    )


@migrations()
def m009_calendar_provenance(db: sqlite_utils.Database) -> None:
    """Each day off / make-up working day says what it rests on (counter_app/calendar_facts.py):
    ``provenance`` law | notice | estimate | province | supervisor, and ``reference`` (the notice's
    number and date, or the supervisor's source). Rows seeded before are classified by the rule
    of that module (a seeded 24/11 stays, as an estimate to confirm: the station may have taken
    it off); local edits become 'supervisor', the province's stay 'province'."""
    from datetime import date

    from . import calendar_facts

    _run(
        db,
        """
ALTER TABLE calendar_days ADD COLUMN provenance TEXT NOT NULL DEFAULT 'supervisor'
    CHECK (provenance IN ('law', 'notice', 'estimate', 'province', 'supervisor'));
ALTER TABLE calendar_days ADD COLUMN reference TEXT NOT NULL DEFAULT '';
UPDATE calendar_days SET provenance = 'province', reference = 'Hệ thống tỉnh' WHERE source = 'province'
""",
    )
    rows = db.execute("SELECT day, kind, name FROM calendar_days WHERE source = 'seed'").fetchall()
    for day, _kind, name in rows:
        fact = calendar_facts.classify(date.fromisoformat(day), name)
        provenance, reference = (fact.provenance, fact.reference) if fact else (
            "estimate", "Chưa có văn bản xác nhận là ngày nghỉ; cần xác nhận")
        db.execute("UPDATE calendar_days SET provenance = ?, reference = ? WHERE day = ?", [provenance, reference, day])


@migrations()
def m010_ledger_status_order(db: sqlite_utils.Database) -> None:
    """The ledger pages newest first (``counter_app.ledger_query``): a dossier list restricted to
    one status (a status filter, a worklist) is read from this index already in order (received
    time, then id) and stops at the page, instead of sorting every dossier of that status; the
    due time is in it so that "overdue" is checked without reading the rows."""
    _run(db, "CREATE INDEX dossiers_status_received ON dossiers (status, received_at, id, due_at)")


@migrations()
def m011_outbox_upload_url(db: sqlite_utils.Database) -> None:
    """A ``file`` row's tus upload URL (``outbox.upload_url``), stored as soon as the server has
    created the upload: after a crash or a cut the sync engine asks that URL for its offset
    (``HEAD``) and goes on from there, instead of creating a second upload and sending from 0
    (a standard tus server keeps no idempotency key)."""
    _run(db, "ALTER TABLE outbox ADD COLUMN upload_url TEXT")


def schema_version(db: sqlite_utils.Database) -> tuple[int, str]:
    """(number of applied migrations, name of the last one)."""
    applied = migrations.applied(db)
    return len(applied), (applied[-1].name if applied else "")


def migrate(db: sqlite_utils.Database, path: Path) -> Path | None:
    """Apply pending migrations. An existing database is copied aside first; if a migration
    fails, the copy is put back and a Vietnamese error says so. Returns the copy's path."""
    pending = migrations.pending(db)
    if not pending:
        return None
    has_data = bool(migrations.applied(db))
    copy: Path | None = None
    if has_data:
        copy = paths.backups_dir(path.parent) / dbfiles.backup_name(pending[0].name)
        dbfiles.copy_database(path, copy)
        log.info("database copied to %s before migrating", copy)
    try:
        migrations.apply(db)
    except Exception as exc:
        log.exception("migration failed")
        if copy is not None:
            db.close()
            dbfiles.restore_copy(copy, path)
            raise UserError(
                "Nâng cấp cơ sở dữ liệu thất bại; dữ liệu đã được khôi phục từ bản sao "
                f"{copy.name}. Chi tiết: {exc}"
            ) from exc
        raise UserError(f"Không tạo được cơ sở dữ liệu: {exc}") from exc
    return copy


@migrations()
def m012_satisfaction_ratings(db: sqlite_utils.Database) -> None:
    """The citizen's one-tap rating after receipt and after return (``counter_app.satisfaction``):
    one per dossier and stage; no personal data (the dossier, the level, the time)."""
    _run(
        db,
        """
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    stage TEXT NOT NULL CHECK (stage IN ('receipt', 'return')),
    level TEXT NOT NULL,
    satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
    criterion TEXT NOT NULL DEFAULT 'overall',
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    UNIQUE (dossier_id, stage)
);
CREATE INDEX ratings_day ON ratings (day, level)
""",
    )


@migrations()
def m013_slips_online_guidance(db: sqlite_utils.Database) -> None:
    """A third slip kind: the citizen guided to submit on the portal (``online``, issue 20 scope 2):
    counted, with a printed guide carrying the portal link as a QR; no dossier. SQLite cannot
    change a CHECK constraint in place: the table is rebuilt with the same rows."""
    _run(
        db,
        """
CREATE TABLE slips_new (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    station INTEGER NOT NULL CHECK (station BETWEEN 0 AND 9),
    number INTEGER NOT NULL CHECK (number >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('guide', 'refuse', 'online')),
    procedure_id INTEGER REFERENCES procedures (id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    applicant_name TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    applicant TEXT NOT NULL DEFAULT '{}',
    missing_items TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    clerk_id INTEGER REFERENCES users (id),
    clerk_name TEXT NOT NULL,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    UNIQUE (year, station, number)
);
INSERT INTO slips_new SELECT id, year, station, number, kind, procedure_id, procedure_code, procedure_name, field,
    applicant_name, applicant_id_number, applicant, missing_items, reason, note, clerk_id, clerk_name, at, day FROM slips;
DROP TABLE slips;
ALTER TABLE slips_new RENAME TO slips;
CREATE INDEX slips_day ON slips (day, kind)
""",
    )


@migrations()
def m014_legal_due_date(db: sqlite_utils.Database) -> None:
    """One due-date model, two dates (issue 17 scope 2, docs/due-dates.md):

    - ``issued_due_at``: the appointment as issued on Mẫu 01 — what the national record's
      ``NgayHenTra`` carries; it never moves.
    - ``original_due_at`` (the legal appointment the on-time judgement reads) becomes
      ``issued_due_at`` + the elapsed time of each supplement pause (completion − request), the
      rule of the 766 formula; it used to move by the *working* hours of the pause.
    - ``due_at`` stays the citizen's current appointment (supplement pause in working hours, Mẫu 04).

    The issued date of a dossier already stored is read back from its history: the first step
    that moved a date (an extension or a supplement's papers) recorded the date before it. The
    report triggers are replaced by on-time rule 2 (a withdrawal after the legal appointment is
    late) and the event tables recounted."""
    import json

    from . import timeutil
    from .reports import schema

    db.execute("ALTER TABLE dossiers ADD COLUMN issued_due_at TEXT")
    # a dossier is written with due_at = original_due_at = the issued appointment (intake, bulk
    # data): the trigger keeps that first value, whatever writes the row
    db.execute("CREATE TRIGGER dossiers_issued_due AFTER INSERT ON dossiers WHEN NEW.issued_due_at IS NULL BEGIN "
               "UPDATE dossiers SET issued_due_at = NEW.original_due_at WHERE id = NEW.id; END")
    db.execute("UPDATE dossiers SET issued_due_at = original_due_at")
    moved = db.execute(
        "SELECT DISTINCT dossier_id FROM history WHERE action IN ('extend', 'supplement-received')").fetchall()
    for (dossier_id,) in moved:
        steps = db.execute(
            "SELECT action, at, data FROM history WHERE dossier_id = ? AND action IN ('extend', 'supplement-received') "
            "ORDER BY id", [dossier_id]).fetchall()
        first = json.loads(steps[0][2] or "{}").get("previous_due_at")
        if not first:
            continue
        legal = timeutil.parse_iso(first)
        for action, at, data in steps:
            info = json.loads(data or "{}")
            if action == "supplement-received" and info.get("requested_at"):
                legal += timeutil.parse_iso(at) - timeutil.parse_iso(info["requested_at"])
        db.execute("UPDATE dossiers SET issued_due_at = ?, original_due_at = ? WHERE id = ?",
                   [first, timeutil.iso(legal), dossier_id])
    for stmt in schema.replace_triggers(2):
        db.execute(stmt)


@migrations()
def m015_search_prefix_index(db: sqlite_utils.Database) -> None:
    """Prefix indexes of 5 and 6 characters in the search index besides 2-4: a word of five or
    six letters still being typed ("nguye", "nguyen", a phone's first digits) is then read from
    its own index entry, which FTS5 can seek by rowid range, instead of merging the doclist of
    every term it begins (390k postings for "nguyen" at a million dossiers, on every call).
    FTS5 options cannot be changed in place: the index is built again under a new table from
    the indexed text (it keeps its own copy) and renamed. At a million dossiers: see
    docs/performance.md (the first start after the upgrade)."""
    _run(db, f"""
CREATE VIRTUAL TABLE dossier_fts_m011 USING fts5 (
    body,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '.-'",
    prefix = '{SEARCH_PREFIXES}'
);
INSERT INTO dossier_fts_m011 (rowid, body) SELECT rowid, body FROM dossier_fts ORDER BY rowid;
DROP TABLE dossier_fts;
ALTER TABLE dossier_fts_m011 RENAME TO dossier_fts;
INSERT INTO dossier_fts (dossier_fts) VALUES ('optimize')
""")


@migrations()
def m016_dossier_received_by_id(db: sqlite_utils.Database) -> None:
    """The received time by dossier id, apart from the rows: the ledger cuts the newest page of
    a few thousand text matches (``ledger_query._sparse``) by reading their received times from
    this small index (~40 MB at a million dossiers) instead of one page of the wide table for
    each match (4 µs a match, 25 ms for 6,000 at a million)."""
    _run(db, "CREATE INDEX dossiers_id_received ON dossiers (id, received_at)")


@migrations()
def m017_audit_action_index(db: sqlite_utils.Database) -> None:
    """Audit entries by action: ``audit verify`` reads the day-close anchors, the login screen
    the last logins and the day close its own entries; without this each read every entry
    (0.4 s at a million)."""
    _run(db, "CREATE INDEX audit_action ON audit (action, object)")


@migrations()
def m018_outbox_unfinished_order(db: sqlite_utils.Database) -> None:
    """The unfinished outbox rows in id order: the sync panel and ``sync-status`` read a page of
    the queue (oldest first) from this index and stop there, instead of sorting every row (0.7-1 s
    with 100,000 queued; 9 s with the sent ones shown)."""
    _run(db, "CREATE INDEX outbox_unfinished ON outbox (id) WHERE state != 'done'")



@migrations()
def m019_online_dossiers(db: sqlite_utils.Database) -> None:
    """Online dossiers (issue 20, scope 1; counter_app/online.py): the citizens' portal
    submissions for this agency pulled from the change feed, waiting at the counter to be
    received, guided to complete (Mẫu 02) or refused (Mẫu 03); their files (fetched in the
    background by the sync engine, checked by size and sha256); the outcomes decided here (what
    the outbox rows of kind ``progress`` with ``ref`` "online:<id>" send)."""
    _run(db, """
CREATE TABLE online_dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL DEFAULT '',
    applicant_name TEXT NOT NULL DEFAULT '',
    applicant TEXT NOT NULL DEFAULT '{}',
    summary TEXT NOT NULL DEFAULT '',
    submitted_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'received', 'guided', 'refused', 'closed')),
    round INTEGER NOT NULL DEFAULT 1,
    record TEXT NOT NULL,
    dossier_id INTEGER REFERENCES dossiers (id),
    slip_id INTEGER REFERENCES slips (id),
    decided_at TEXT,
    decided_by TEXT,
    closed_status TEXT,
    closed_by TEXT,
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX online_dossiers_state ON online_dossiers (state, submitted_at);
CREATE INDEX online_dossiers_dossier ON online_dossiers (dossier_id) WHERE dossier_id IS NOT NULL;
CREATE TABLE online_dossier_files (
    id INTEGER PRIMARY KEY,
    online_id INTEGER NOT NULL REFERENCES online_dossiers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    remote_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    component_code TEXT NOT NULL DEFAULT '',
    component_name TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    ext TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'ready', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    fetched_at TEXT,
    UNIQUE (online_id, position)
);
CREATE INDEX online_files_todo ON online_dossier_files (state, next_attempt_at) WHERE state != 'ready';
CREATE INDEX online_files_sha ON online_dossier_files (sha256);
CREATE TABLE online_outcomes (
    id INTEGER PRIMARY KEY,
    online_id INTEGER NOT NULL REFERENCES online_dossiers (id),
    kind TEXT NOT NULL CHECK (kind IN ('receive', 'guide', 'refuse')),
    status INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    due_at TEXT,
    dossier_id INTEGER REFERENCES dossiers (id),
    slip_id INTEGER REFERENCES slips (id)
)
""")


# The search index's prefix lengths since m015 (counter_app.folding.PREFIX_INDEXED is the longest).
SEARCH_PREFIXES = "2 3 4 5 6"


@migrations()
def m020_result_documents(db: sqlite_utils.Database) -> None:
    """Result documents (issue 20 scope 5): the scan of the result the clerk hands over, kept as
    an attachment of ``kind`` 'result' (the submitted papers stay 'component'), numbered 1, 2, …
    among the dossier's results in ``component_position``, with the result's name (``title``,
    the national ``TenGiayTo``) and the number printed on it when the clerk gives one
    (``doc_number``, ``MaGiayToKetQua``)."""
    _run(
        db,
        """
ALTER TABLE attachments ADD COLUMN kind TEXT NOT NULL DEFAULT 'component' CHECK (kind IN ('component', 'result'));
ALTER TABLE attachments ADD COLUMN title TEXT;
ALTER TABLE attachments ADD COLUMN doc_number TEXT;
CREATE INDEX attachments_results ON attachments (dossier_id) WHERE kind = 'result' AND removed_at IS NULL
""",
    )


@migrations()
def m021_scorecard_daily(db: sqlite_utils.Database) -> None:
    """The 766 scorecard's per-day sums, kept by triggers (``counter_app/reports/scorecard_schema.py``):
    a dossier's facts (received, channel, record acknowledged, fee to pay, paid online, files
    confirmed, finished and its net duration) in ``scorecard_facts``, their sums per received
    day and procedure row in ``scorecard_daily``; a year is a sum of a few thousand rows instead
    of a pass over the year's dossiers with three lookups each. Existing dossiers are counted
    once here (docs/performance.md: the time at a million)."""
    from .reports import scorecard_schema

    scorecard_schema.apply_m021(db)


@migrations()
def m022_report_narrow(db: sqlite_utils.Database) -> None:
    """The report tables summed over procedure and clerk (``counter_app/reports/narrow_schema.py``):
    ``report_field_daily`` / ``report_field_monthly`` keyed by (period, source, station, field,
    channel), kept by triggers on ``report_daily`` / ``report_monthly``; Biểu 06, the dashboard
    and every tally not grouped or filtered by procedure or clerk read them (issue 16: a year of
    Biểu 06 read ~80,000 rows at a million realistic dossiers)."""
    from .reports import narrow_schema

    narrow_schema.apply_m022(db)


@migrations()
def m023_syncp(db: sqlite_utils.Database) -> None:
    """Two costs off the clerk's path at a million dossiers (docs/performance.md, issue #16):

    - the outbox's ``file`` rows by sha256, sent or not: the sync engine's daily proofs (the
      confirmed files the province has not proved it holds, :func:`counter_app.outbox.unproven_files`),
      marking a file proven and scan retention's "proven" test look a file's rows up by ``ref``;
      without this each lookup read every sent row through ``outbox_state`` (50 files × 4.5 M
      rows: the first sync of a day spent 36 s of one core there). The partial
      ``outbox_open_files`` (m006) covers unsent rows only;
    - the search index merges its segments between transactions, not inside a save: FTS5's
      ``automerge`` off (a save that met a merge wrote ~650 pages, 15-50 ms); the writers run
      :func:`counter_app.search_index.merge_step` after their transaction."""
    _run(db, "CREATE INDEX outbox_file_ref ON outbox (ref, state) WHERE kind = 'file';\n"
             "INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('automerge', 0)")
