"""The ledger's search box as a clerk types into it, with a million dossiers: one key every
150 ms into the real widget (offscreen Qt, a real Backend and its reader pool), from the key to
the first page of that text in the model (the model's ``loaded``); and the exact function the
widget runs on the reader pool for a first page (``ui.ledger.ledger_page``), timed alone per
query kind.

    uv run python -m bench.ledger_typing --db bench-data/db-1000000

Target (issue 16): ledger first page for any typed prefix, p95 ≤ 50 ms, max ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEY_MS = 150


def sequences(db) -> list[tuple[str, str]]:
    """(kind, text typed key by key): names, an ID number's first digits, a whole phone."""
    id_number = db.execute("SELECT id_number FROM parties WHERE id_number != '' ORDER BY id DESC LIMIT 1").fetchone()[0]
    phone = db.execute("SELECT phone FROM parties WHERE phone != '' ORDER BY id DESC LIMIT 1 OFFSET 7").fetchone()[0]
    return [("name", "nguyen van an"), ("name", "dang thi"), ("ID prefix", id_number[:8]), ("phone", phone)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=ROOT / "bench-data" / "db-1000000")
    ap.add_argument("--reps", type=int, default=20, help="times each kind is timed alone")
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    ap.add_argument("--driver", choices=("exec", "poll"), default="exec",
                    help="how the benchmark runs Qt's event loop between keys (see pump)")
    args = ap.parse_args()
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from bench.gui_ledger import GapMeter, rss_mb
    from bench.stats import result, summarize, write_json
    from counter_app import accounts, timeutil
    from counter_app.db import open_data_dir
    from counter_app.dossiers import LedgerFilter
    from ui.backend import Backend
    from ui.fonts import install_app_font
    from ui.ledger import LedgerView, ledger_page

    app = QApplication([])
    install_app_font(app)
    sys.setswitchinterval(0.001)  # as the app (ui/app.py)
    db = open_data_dir(args.db)
    n = db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]
    actor = accounts.authenticate(db, "bench", "bench-password")
    seqs = sequences(db)

    # 1. The function the widget runs for a first page, alone, per typed text.
    alone: dict[str, list[float]] = {}
    texts = ["", "n", "ng", "nguyen", "nguyen van", "nguyen van an", "dang thi", seqs[2][1][:4], seqs[2][1], seqs[3][1]]
    for text in texts:
        samples = []
        for _ in range(args.reps):
            t = time.perf_counter()
            ledger_page(db, LedgerFilter(text=text), None, timeutil.now(), False, True)
            samples.append((time.perf_counter() - t) * 1000)
        alone[text] = samples
    db.close()

    # 2. The widget, typed into.
    backend = Backend(args.db)
    backend.actor = actor
    view = LedgerView(backend)
    view.resize(1280, 800)
    view.show()
    model = view.model
    shown_at: dict[str, float] = {}
    model.loaded.connect(lambda _n: shown_at.setdefault(model._filter.text, time.perf_counter()))

    def pump(until, timeout=30.0):
        """Run the event loop until ``until()`` or ``timeout`` s. ``--driver exec`` (default): as
        the app's own loop (``exec``, which waits for events with the GIL released), checked by a
        timer; ``poll``: the earlier driver, ``processEvents`` in a Python loop."""
        end = time.perf_counter() + timeout
        if args.driver == "poll":
            loop = QEventLoop()
            while not until() and time.perf_counter() < end:
                loop.processEvents(QEventLoop.AllEvents, 5)
            return
        if until() or timeout <= 0:
            return
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(10)
        check.timeout.connect(lambda: (until() or time.perf_counter() >= end) and loop.quit())
        check.start()
        QTimer.singleShot(max(0, int(timeout * 1000)), loop.quit)
        loop.exec()
        check.stop()

    view.reload()
    pump(lambda: model.rowCount() > 0)
    meter = GapMeter()
    typed: list[tuple[str, str, float, float | None]] = []  # (kind, text so far, key time, shown time)
    meter.start()
    for kind, text in seqs:
        view.search.clear()
        pump(lambda: model._filter.text == "" and not model._ids_loading)
        shown_at.clear()
        keys = []
        for i, ch in enumerate(text):
            t = time.perf_counter()
            for ev_type in (QEvent.KeyPress, QEvent.KeyRelease):
                QCoreApplication.sendEvent(view.search, QKeyEvent(ev_type, Qt.Key_unknown, Qt.NoModifier, ch))
            keys.append((text[:i + 1], t))
            pump(lambda: False, KEY_MS / 1000 - (time.perf_counter() - t))
        pump(lambda: text in shown_at)
        typed += [(kind, so_far, t, shown_at.get(so_far)) for so_far, t in keys]
    gap = meter.stop()
    rss = rss_mb()

    # 3. Memory after 20 mixed searches, each scrolled down through five more pages.
    mixed = ["nguyen", "tran thi", "le van hung", "ng", "pham", seqs[2][1][:6], seqs[3][1], "", "hoang",
             "nguyen thi lan", "vu", "bui duc", "do", "h", "ngo van", "duong", seqs[2][1], "ly", "phan thi mai", "dang"]
    for text in mixed:
        view.search.setText(text)
        pump(lambda: model._filter.text == text and not model._ids_loading, 30)
        for _page in range(5):
            before = model.rowCount()
            view.table.scrollToBottom()
            if model.canFetchMore():  # what the view does when its last row comes into sight
                model.fetchMore()
            pump(lambda: model.rowCount() > before or model._next_key is None, 10)
    rss_mixed = rss_mb()
    print(f"RSS after 20 mixed searches, each scrolled through 5 more pages: {rss_mixed:.0f} MB")
    backend.close()

    latencies = [(s[3] - s[2]) * 1000 for s in typed if s[3] is not None]
    superseded = sum(1 for s in typed if s[3] is None)
    widget = summarize(latencies)
    print(f"\n{n:,} dossiers; {len(typed)} keys typed, one every {KEY_MS} ms; {superseded} superseded by the next key")
    print(f"widget: key → first page in the model: median {widget['median']:.1f} p95 {widget['p95']:.1f} "
          f"max {widget['max']:.1f} ms; longest event-loop gap {gap:.0f} ms; RSS {rss:.0f} MB")
    for kind, text, t, at in typed:
        print(f"  {kind:10} {text!r:18} {'superseded' if at is None else f'{(at - t) * 1000:6.1f} ms'}")
    out = [result(f"ledger search box, one key every {KEY_MS} ms (the real widget), key → first page, "
                  f"{n:,} dossiers", latencies, target="p95 ≤ 50, max ≤ 150",
                  met=widget["p95"] <= 50 and widget["max"] <= 150,
                  note=f"{len(typed)} keys: " + ", ".join(f"'{t}'" for _k, t in seqs)
                  + f"; {superseded} answers superseded by the next key; longest event-loop gap {gap:.0f} ms; "
                  f"RSS {rss:.0f} MB")]
    out.append(result(f"RSS after 20 mixed searches, each scrolled through 5 more pages (the real widget), "
                      f"{n:,} dossiers", value=rss_mixed, unit="MB RSS", target="≤ 250", met=rss_mixed <= 250,
                      note=f"after the typing: {rss:.0f} MB"))
    print("\nthe widget's reader-pool function alone (ui.ledger.ledger_page, first page + count):")
    for text, samples in alone.items():
        s = summarize(samples)
        print(f"  {text!r:18} median {s['median']:6.1f} p95 {s['p95']:6.1f} max {s['max']:6.1f} ms")
        out.append(result(f"ledger first page + count, '{text}' typed, {n:,} dossiers (ui.ledger.ledger_page alone)",
                          samples, target="p95 ≤ 50, max ≤ 150", met=s["p95"] <= 50 and s["max"] <= 150))
    write_json(args.json, out)


if __name__ == "__main__":
    main()
