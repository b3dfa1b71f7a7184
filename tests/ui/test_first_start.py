"""Issue 14 fault 1: the real app on an empty data folder goes from set-up to the login and then
the main window (it used to exit with status 0 once the set-up dialog closed)."""

import os
import subprocess
import sys
from pathlib import Path

DRIVER = Path(__file__).with_name("first_start_driver.py")


def test_first_start_reaches_login_then_main_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("COUNTER_APP_BENCH_EXIT_AT_LOGIN", None)
    proc = subprocess.run([sys.executable, str(DRIVER), str(tmp_path / "fresh")], env=env,
                          capture_output=True, text=True, timeout=120)
    lines = proc.stdout.split()
    assert lines == ["SETUP_SHOWN", "LOGIN_SHOWN", "MAIN_SHOWN", "EXIT", "0"], proc.stdout + proc.stderr
    assert proc.returncode == 0
