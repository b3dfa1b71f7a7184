"""The two ways a typed text is searched, timed on the same texts (issue 16): the "sparse" way
(every match id fetched from the search index, looked up and sorted) and the ordered read in
windows ("dense"), for the ledger's page (201 rows) and the CLI's (51). Where they cost the same
sets ``ledger_query._sparse_cap``.

    uv run python -m bench.search_ways --db bench-data/run/db-1000000
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from counter_app import ledger_query as lq
from counter_app.db import connect
from counter_app.dossiers import LedgerFilter

TEXTS = ["le minh", "tran thi h", "nguyen van", "dang", "0010", "0790", "hoa", "pham duc vinh", "0912",
         "nguyen van an", "dang thi", "dang th", "0251", "02518", "tran", "le", "vu thi", "hoang van", "bui",
         "phan thi"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="data folder")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    db = connect(args.db / "counter.sqlite3")
    columns = ", ".join(lq.COLUMNS)
    print(f"{'text':16} {'matches':>8}  rows  sparse ms  ordered ms  (medians of {args.reps}; cap now: "
          f"{lq._sparse_cap(db, 201)} for 201 rows, {lq._sparse_cap(db, 51)} for 51)")
    for text in TEXTS:
        plan = lq._plan(LedgerFilter(text=text))
        if plan is None or plan.fts is None:
            continue
        n = len(lq._matches_capped(db, plan.fts, lq.SPARSE_CAP))
        for rows in (51, 201):
            sparse, dense = [], []
            for _ in range(args.reps):
                t = time.perf_counter()
                ids = lq._matches_capped(db, plan.fts, lq.SPARSE_CAP)
                if len(ids) <= lq.SPARSE_CAP:
                    lq._sparse(db, plan, ids, None, rows, columns)
                sparse.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                lq._rows_for(db, lq._dense(db, plan, None, rows))
                dense.append((time.perf_counter() - t) * 1000)
            shown = f"{n:,}" if n <= lq.SPARSE_CAP else f"> {lq.SPARSE_CAP:,}"
            sp = f"{statistics.median(sparse):9.1f}" if n <= lq.SPARSE_CAP else "        –"
            print(f"{text!r:16} {shown:>8}  {rows:4}  {sp}  {statistics.median(dense):10.1f}", flush=True)


if __name__ == "__main__":
    main()
