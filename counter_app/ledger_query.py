"""The ledger's query: matching dossiers newest received first, one page at a time.

Nothing here reads every match. A page is the next ``limit`` rows after a key
``(received_at, id)`` (keyset pagination: the next page starts where the last one stopped, so
rows are neither repeated nor skipped however the pages are cut), read from an index that is
already in that order and stops at the page:

- no status restriction: ``dossiers_received (received_at)``, newest first;
- a status filter or a worklist: ``dossiers_status_received (status, received_at)`` (m008), one
  ordered read per status, merged (a handful of statuses, ``limit`` rows each at most).

The typed text goes through the search index (FTS5, ``search_index``). Its matches are fetched
with a cap first (``LIMIT SPARSE_CAP + 1``: FTS5 streams them and stops):

- at most ``SPARSE_CAP`` matches ("sparse": an ID number, a phone, a full name): the page is cut
  from those ids in received order (a sort of at most ``SPARSE_CAP`` rows, ~20 ms at the cap);
- more ("dense": "ng", "nguyen", "nguyen van"): the ordered index is read newest first in
  growing windows, and each window is checked against the search index for the id range it
  spans (``rowid >= lo AND rowid <= hi``: FTS5 reads only that stretch of each doclist), all in
  SQL. One dossier in a hundred or more matches, so a page takes a few windows.

The total is exact up to ``COUNT_CAP`` and "more than ``COUNT_CAP``" past it (a capped count:
``SELECT count(*) FROM (... LIMIT COUNT_CAP + 1)``). Figures at a million: docs/performance.md.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from . import statuses, timeutil
from .folding import fold, fts_query

PAGE = 200
COUNT_CAP = 1000  # the total is exact up to this, "more than" past it
# Up to this many text matches, the page is cut from the match ids (fetched from FTS5, looked up
# and sorted: 2.5–3 µs each at a million realistic dossiers); past it, the ordered read with
# windows is cheaper (its cost is the page size over the matches' density). Measured at 1M
# (docs/performance.md, issue 16): the two are equal near 5,000 matches for the ledger's page of
# 201 rows and near 2,500 for the CLI's 51, i.e. sqrt(dossiers × rows / 8) (``_sparse_cap``);
# "le minh" (9,380 matches) took 23 ms the sparse way and 2–8 ms the ordered way.
SPARSE_CAP = 10_000
# Candidates read from the received index per window in the dense case: the first window is
# enough for a page when one dossier in ten matches; later windows grow (matches get rarer).
FIRST_WINDOW = 2000
MAX_WINDOW = 64_000
# The dense count reads at most this many candidates before giving up on "more than the cap"
# (it then says "more than" the matches it saw).
COUNT_BUDGET = 20_000

COLUMNS = ("id", "code", "procedure_name", "applicant_name", "received_at", "due_at", "status", "channel",
           "received_by_name")
ORDER = "received_at DESC, id DESC"

Key = tuple[str, int]


@dataclass(frozen=True)
class Page:
    rows: list[tuple]  # COLUMNS, newest received first
    next_key: Key | None  # pass as ``after`` for the next page; None: this was the last page
    count: int | None = None  # the first page only: matches, exact up to COUNT_CAP
    count_more: bool = False  # True: more than ``count`` (which is then the cap, or what was seen)


def _worklist(key: str, now: datetime) -> tuple[tuple[int, ...], str, list[Any]]:
    """A worklist as (its statuses, a further condition, its arguments)."""
    today = now.date()
    start = datetime(today.year, today.month, today.day, tzinfo=timeutil.VN_TZ)
    in_progress = tuple(sorted(statuses.ON_THE_CLOCK))
    if key == "due-today":
        return in_progress, "due_at >= ? AND due_at < ? AND due_at >= ?", [
            timeutil.iso(start), timeutil.iso(start + timedelta(days=1)), timeutil.iso(now)]
    if key == "overdue":
        return in_progress, "due_at < ?", [timeutil.iso(now)]
    if key == "supplement":
        return (statuses.SUPPLEMENT,), "", []
    if key == "ready":
        return (statuses.RESOLVED,), "", []
    if key == "handed-over":
        return (statuses.PROCESSING,), "", []
    raise ValueError(key)


def search_expression(text: str | None) -> str | None:
    """The FTS5 expression for what was typed, or None when it narrows nothing: besides what
    ``fts_query`` finds unsearchable (a lone letter), a lone character of any kind. "0" or "9"
    would be a one-character prefix query with no prefix index behind it (every phone and ID
    number: FTS5 merges a million doclists, seconds at a million dossiers) for a list that is
    most of the ledger anyway."""
    if len(fold(text).strip(" .-")) <= 1:
        return None
    return fts_query(text)


def worklist_where(key: str, now: datetime) -> tuple[str, list[Any]]:
    """A worklist as one SQL condition (for counting)."""
    sts, cond, args = _worklist(key, now)
    where = f"status IN ({','.join(str(s) for s in sts)})"
    return (f"{where} AND {cond}" if cond else where), args


@dataclass(frozen=True)
class _Plan:
    statuses: tuple[int, ...] | None  # None: any status
    conds: tuple[str, ...]  # conditions besides the status, ANDed
    args: tuple[Any, ...]
    fts: str | None  # the FTS5 MATCH expression, or None
    by_due: bool = False  # "due today": few rows, found by (status, due_at) and sorted


def _plan(f, now: datetime | None = None) -> _Plan | None:
    """The filter as a plan; None when nothing can match (disjoint statuses)."""
    conds: list[str] = []
    args: list[Any] = []
    sts: set[int] | None = set(f.statuses) if f.statuses else None
    if f.date_from:
        conds.append("received_at >= ?")
        args.append(f.date_from.isoformat())
    if f.date_to:
        conds.append("received_at < ?")
        args.append((f.date_to + timedelta(days=1)).isoformat())
    if f.worklist:
        w_sts, cond, w_args = _worklist(f.worklist, now or timeutil.now())
        sts = set(w_sts) if sts is None else sts & set(w_sts)
        if cond:
            conds.append(cond)
            args.extend(w_args)
    if sts is not None and not sts:
        return None
    return _Plan(tuple(sorted(sts)) if sts is not None else None, tuple(conds), tuple(args), search_expression(f.text),
                 by_due=f.worklist == "due-today")


def _with_indicator(db, plan: _Plan, f) -> _Plan:
    """The plan narrowed to the dossiers behind a scorecard indicator's numerator or denominator
    for a period: the scorecard's own condition (``reports.scorecard.selection``), so the list
    and the figure never disagree."""
    from .reports import scorecard

    cond, args = scorecard.selection(db, f.indicator, f.indicator_part or "numerator", f.indicator_from, f.indicator_to)
    return _Plan(plan.statuses, (*plan.conds, f"id IN (SELECT d.id FROM dossiers d WHERE {cond})"),
                 (*plan.args, *args), plan.fts, plan.by_due)


def _branches(plan: _Plan, after: Key | None, extra: str = "", extra_args=()) -> list[tuple[str, list]]:
    """(FROM-and-WHERE clause, args) per ordered read: one per status, or one over all."""
    conds = list(plan.conds)
    args = list(plan.args)
    if after is not None:
        conds.append(KEYSET)
        args += [after[0], after[0], after[1]]
    if extra:
        conds.append(extra)
        args += list(extra_args)
    out = []
    if plan.by_due:
        # A day's due dossiers: the (status, due_at) index finds them, and they are few enough
        # to sort; read newest first by received date, these would be a scan of every dossier
        # in progress.
        where = " AND ".join([f"status IN ({','.join('?' * len(plan.statuses))})", *conds])
        out.append((f"dossiers WHERE {where}", [*plan.statuses, *args]))
    elif plan.statuses is None:
        where = " AND ".join(conds)
        out.append(("dossiers INDEXED BY dossiers_received" + (f" WHERE {where}" if where else ""), args))
    else:
        for s in plan.statuses:
            where = " AND ".join(["status = ?", *conds])
            out.append((f"dossiers INDEXED BY dossiers_status_received WHERE {where}", [s, *args]))
    return out


def _ordered(db, plan: _Plan, after: Key | None, limit: int, columns: str) -> list[tuple]:
    """The next ``limit`` rows after ``after`` (no text condition), newest first."""
    parts = []
    for source, args in _branches(plan, after):
        parts.append(db.execute(f"SELECT {columns} FROM {source} ORDER BY {ORDER} LIMIT ?", [*args, limit]).fetchall())
    if len(parts) == 1:
        return [tuple(r) for r in parts[0]]
    if columns.startswith("received_at, id"):
        merged = heapq.merge(*parts, key=lambda r: (r[0], r[1]), reverse=True)
    else:
        merged = heapq.merge(*parts, key=lambda r: (r[4], r[0]), reverse=True)
    return [tuple(r) for r in merged][:limit]


def _sparse(db, plan: _Plan, ids: list[int], after: Key | None, limit: int | None, columns: str) -> list[tuple]:
    """The next ``limit`` rows among the given ids (at most SPARSE_CAP), newest first. The text
    alone: the page's keys are cut from ``dossiers_id_received`` (id → received time, m016), a
    lookup in a small index per match rather than in the table, then its rows are read."""
    if plan.statuses is None and not plan.conds and limit is not None and columns == ", ".join(COLUMNS):
        return _rows_for(db, _sparse(db, plan, ids, after, limit, "received_at, id"))
    source = "dossiers INDEXED BY dossiers_id_received" if columns == "received_at, id" else "dossiers"
    conds = ["id IN (SELECT value FROM json_each(?))", *plan.conds]
    args: list[Any] = [json.dumps(ids), *plan.args]
    if plan.statuses is not None:
        conds.append(f"status IN ({','.join('?' * len(plan.statuses))})")
        args += plan.statuses
    if after is not None:
        conds.append(KEYSET)
        args += [after[0], after[0], after[1]]
    sql = f"SELECT {columns} FROM {source} WHERE {' AND '.join(conds)} ORDER BY {ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [tuple(r) for r in db.execute(sql, args)]


# Keyset conditions written so that the received_at part is an index range.
KEYSET = "received_at <= ? AND (received_at < ? OR id < ?)"  # after a key
UNTIL = "received_at >= ? AND (received_at > ? OR id >= ?)"  # down to a key, included


def _dense_keys(db, source: str, args: list, fts: str, after: Key | None, want: int,
                budget: int | None = None, cut: list | None = None) -> list[Key]:
    """Up to ``want`` keys (received_at, id) of matching dossiers of one ordered read after
    ``after``, newest first. The read goes in growing windows of candidates; each window's id
    range is looked up in the search index (FTS5 reads only that stretch of each doclist) and
    the window is filtered against those ids, all in SQL. ``budget``: stop after that many
    candidates (and say so in ``cut``)."""
    out: list[Key] = []
    window = FIRST_WINDOW
    read = 0
    glue = " AND " if " WHERE " in source else " WHERE "
    while len(out) < want:
        src, a = source, list(args)
        if after is not None:
            src += glue + KEYSET
            a += [after[0], after[0], after[1]]
        g = " AND " if " WHERE " in src else " WHERE "
        lo, hi, n = db.execute(
            f"SELECT min(id), max(id), count(*) FROM (SELECT id FROM {src} ORDER BY {ORDER} LIMIT ?)",
            [*a, window]).fetchone()
        if not n:
            break
        end = None
        if n == window:
            end = tuple(db.execute(f"SELECT received_at, id FROM {src} ORDER BY {ORDER} LIMIT 1 OFFSET ?",
                                   [*a, window - 1]).fetchone())
        cond = "id IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? AND rowid >= ? AND rowid <= ?)"
        sql = f"SELECT received_at, id FROM {src}{g}{cond}"
        b = [*a, fts, lo, hi]
        if end is not None:
            sql += " AND " + UNTIL
            b += [end[0], end[0], end[1]]
        out += [tuple(r) for r in db.execute(f"{sql} ORDER BY {ORDER} LIMIT ?", [*b, want - len(out)])]
        if end is None:
            break
        after = end
        read += n
        if budget is not None and read >= budget:
            if cut is not None:
                cut.append(after)  # stopped by the budget, not by the end
            break
        window = min(window * 2, MAX_WINDOW)
    return out


def _dense(db, plan: _Plan, after: Key | None, want: int, budget: int | None = None,
           cut: list | None = None) -> list[Key]:
    """The first ``want`` matching keys after ``after`` over every ordered read, merged."""
    parts = [_dense_keys(db, src, args, plan.fts, after, want, budget, cut) for src, args in _branches(plan, None)]
    if len(parts) == 1:
        return parts[0]
    return list(heapq.merge(*parts, reverse=True))[:want]


def _rows_for(db, keys: list[Key]) -> list[tuple]:
    if not keys:
        return []
    ids = [k[1] for k in keys]
    got = {r[0]: tuple(r) for r in db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM dossiers WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
    return [got[i] for i in ids if i in got]


def _sparse_cap(db, rows: int = PAGE + 1) -> int:
    """How many matches the sparse way takes at most, for this ledger's size (the highest id:
    one index lookup) and the ``rows`` wanted."""
    size = db.execute("SELECT max(id) FROM dossiers").fetchone()[0] or 0
    return max(min(SPARSE_CAP, int((size * rows / 8) ** 0.5)), min(SPARSE_CAP, 200))


def _matches_capped(db, fts: str, cap: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? LIMIT ?", [fts, cap + 1])]


def _count(db, plan: _Plan, sparse_ids: list[int] | None) -> tuple[int, bool]:
    if plan.fts is None:
        where = list(plan.conds)
        args = list(plan.args)
        if plan.statuses is not None:
            where.append(f"status IN ({','.join('?' * len(plan.statuses))})")
            args += plan.statuses
        sql = "SELECT 1 FROM dossiers" + (" WHERE " + " AND ".join(where) if where else "")
        n = db.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)", [*args, COUNT_CAP + 1]).fetchone()[0]
    elif sparse_ids is not None:
        if plan.statuses is None and not plan.conds:
            n = len(sparse_ids)  # the text alone: its matches, already counted
        else:
            n = len(_sparse(db, plan, sparse_ids, None, None, "id"))
    elif plan.statuses is None and not plan.conds:
        n = COUNT_CAP + 1  # the text alone matched more than the cap
    else:
        cut: list = []
        n = len(_dense(db, plan, None, COUNT_CAP + 1, COUNT_BUDGET, cut))
        if n <= COUNT_CAP and cut:
            return n, True  # the budget ran out: at least n
    return (COUNT_CAP, True) if n > COUNT_CAP else (n, False)


def page(db: sqlite_utils.Database, f, after: Key | None = None, limit: int = PAGE, *,
         with_count: bool = False, now: datetime | None = None) -> Page:
    """The ``limit`` dossiers matching ``f`` (a ``dossiers.LedgerFilter``) that come after the key
    ``after`` (None: the first page), newest received first; ``with_count``: the total too."""
    plan = _plan(f, now)
    if plan is None:
        return Page([], None, 0 if with_count else None)
    if getattr(f, "indicator", ""):
        plan = _with_indicator(db, plan, f)
    sparse_ids: list[int] | None = None
    if plan.fts is None:
        rows = _ordered(db, plan, after, limit + 1, ", ".join(COLUMNS))
    else:
        cap = _sparse_cap(db, limit + 1)
        capped = _matches_capped(db, plan.fts, cap)
        if len(capped) <= cap:
            sparse_ids = capped
            rows = _sparse(db, plan, capped, after, limit + 1, ", ".join(COLUMNS))
        else:
            rows = _rows_for(db, _dense(db, plan, after, limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    next_key = (rows[-1][4], rows[-1][0]) if more else None
    if not with_count:
        return Page(rows, next_key)
    if after is None and not more:
        return Page(rows, None, len(rows))
    n, more_than = _count(db, plan, sparse_ids)
    return Page(rows, next_key, n, more_than)
