"""The processes the intake crash test kills (tests/core/test_crash.py).

Run as a script, this is a clean "zygote": it imports the core once, then on each ``start SEED DAY``
line on stdin forks a child that takes in dossiers forever and writes ``ready PID`` and then each
code (after its save returned) to stdout; ``reap`` waits for that child (killed by the test) and
writes ``reaped``, so everything the child wrote comes before it. The children are forks of this
small single-threaded process, not of the test process, which may hold Qt, server and engine
threads from earlier tests (a fork copies their locks in whatever state they were in)."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from counter_app import accounts, intake  # noqa: E402
from counter_app.db import open_data_dir  # noqa: E402
from helpers import sample_intake  # noqa: E402


def _say(line: str) -> None:
    os.write(1, line.encode() + b"\n")  # one write per line: atomic on a pipe


def stream_intakes(data_dir: Path, seed: int, day: str) -> None:
    try:
        rng = random.Random(seed)
        db = open_data_dir(data_dir)
        actor = accounts.Actor(1, "admin", "Trần Thị Bình", "admin")
        _say(f"ready {os.getpid()}")
        while True:
            minute = rng.randint(0, 59)
            data = sample_intake(received_at=f"{day}T10:{minute:02d}:00+07:00", note="x" * rng.randint(0, 300))
            _say(intake.save(db, intake.parse_request(data), actor).code)
    except BaseException:  # noqa: BLE001 - shown in the test's output, then the child ends
        import traceback

        traceback.print_exc()
        _say("ended")
    finally:
        os._exit(0)


def main() -> None:
    data_dir = Path(sys.argv[1])
    child = None
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "start":
            child = os.fork()
            if child == 0:
                stream_intakes(data_dir, int(args[0]), args[1])
        elif cmd == "reap" and child is not None:
            _pid, status = os.waitpid(child, 0)
            child = None
            _say(f"reaped {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
