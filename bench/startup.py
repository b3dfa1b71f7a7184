"""Start-to-login time of the app (from source and from the bundle) against a bare PySide6
window on the same machine. Each run is a fresh process, timed from spawning it to the line it
prints once its window is shown (the app then quits; shutdown is not counted). Target (architecture §9): ≤ 1.5 × the bare window.

    uv run python -m bench.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication(sys.argv)\n"
    "w = QWidget(); w.setWindowTitle('bare'); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('LOGIN_SHOWN', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def timed(cmd: list[str], env: dict, runs: int) -> list[float]:
    """Milliseconds from spawning the process to its "window shown" line on stdout."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in proc.stdout:
            if line.startswith("LOGIN_SHOWN"):
                out.append((time.perf_counter() - t) * 1000)
                break
        proc.wait(timeout=120)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the figures here (for bench.run)")
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               COUNTER_APP_BENCH_EXIT_AT_LOGIN="1")
    data = Path(tempfile.mkdtemp()) / "data"
    pw = subprocess.run([sys.executable, "-m", "cli", "--data-dir", str(data), "init", "--agency-code",
                         "000.00.06.H56", "--agency-name", "Trung tâm Phục vụ hành chính công xã Yên Lạc",
                         "--province", "Tỉnh Phú Thọ", "--station", "1", "--admin-user", "admin",
                         "--admin-password-stdin"], input="matkhau-quan-tri\n", text=True, cwd=ROOT, check=True,
                        capture_output=True)
    assert pw.returncode == 0
    rows = []
    bare = timed([sys.executable, "-c", BARE], env, args.runs)
    rows.append(("bare PySide6 window (python)", bare))
    rows.append(("counter-app to login window (python, source)",
                 timed([sys.executable, "-m", "cli", "--data-dir", str(data)], env, args.runs)))
    bundle = ROOT / "dist" / "counter-app" / "counter-app"
    if bundle.exists():
        rows.append(("counter-app to login window (bundle)", timed([str(bundle), "--data-dir", str(data)], env, args.runs)))
    ref = statistics.median(bare)
    print("| what | runs | median ms | min ms | max ms | ratio to bare |\n|---|---|---|---|---|---|")
    for name, ms in rows:
        med = statistics.median(ms)
        print(f"| {name} | {len(ms)} | {med:.0f} | {min(ms):.0f} | {max(ms):.0f} | {med / ref:.2f} |")
    from .stats import result, write_json

    out = []
    for name, ms in rows:
        ratio = statistics.median(ms) / ref
        if ms is bare:
            out.append(result(f"start: {name} (reference)", ms))
        else:
            out.append(result(f"start to login window: {name.replace('counter-app to login window ', '')}", ms,
                              target="≤ 1.5 × bare window (median)", met=ratio <= 1.5, note=f"{ratio:.2f}× bare"))
    write_json(args.json, out)


if __name__ == "__main__":
    main()
