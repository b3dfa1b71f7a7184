"""Keep N cores busy with pure-Python loops for a bounded time: the load under which the test
suite must still pass (the acceptance check of the load-independent suite).

    uv run python scripts/cpu_load.py --seconds 1800 &      # 2 busy processes, stop by themselves
    for i in 1 2 3 4 5; do uv run pytest || break; done
    kill %1                                                 # or let --seconds end it

Each worker is a separate process (no GIL sharing) that spins until the deadline; the parent
waits for them and ends them on Ctrl+C or SIGTERM. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import signal
import sys
import time


def _spin(deadline: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when the workers end
    x = 0
    while time.monotonic() < deadline:
        for i in range(100_000):  # check the clock now and then, not on every step
            x = (x * 31 + i) & 0xFFFFFFFF


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Keep N cores busy for a bounded time (pure-Python loops).")
    p.add_argument("-n", "--processes", type=int, default=2, help="busy processes (default 2)")
    p.add_argument("--seconds", type=float, default=600.0, help="stop by itself after this long (default 600)")
    args = p.parse_args(argv)
    if args.processes < 1 or args.seconds <= 0:
        p.error("--processes must be at least 1 and --seconds positive")
    deadline = time.monotonic() + args.seconds  # CLOCK_MONOTONIC is shared by the forked workers
    workers = [mp.Process(target=_spin, args=(deadline,), daemon=True) for _ in range(args.processes)]
    for w in workers:
        w.start()

    def _stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    print(f"cpu_load: {args.processes} busy processes for up to {args.seconds:.0f} s "
          f"(pids {' '.join(str(w.pid) for w in workers)})", file=sys.stderr, flush=True)
    try:
        for w in workers:
            w.join()
    except KeyboardInterrupt:
        pass
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
        for w in workers:
            w.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
