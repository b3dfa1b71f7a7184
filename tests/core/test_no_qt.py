"""The core, sync and printing rooms, and the command line (which imports ui/ only to open the
GUI), import without PySide6 (a fresh interpreter, PySide6 and ui/ blocked)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name == "ui" or name.startswith("ui."):
            raise ImportError("blocked: " + name)
        return None

sys.meta_path.insert(0, Block())
count = 0
for pkg_name in ("counter_app", "sync", "printing", "cli"):
    pkg = importlib.import_module(pkg_name)
    for info in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        count += 1
assert not any(m.startswith("PySide6") for m in sys.modules)
print(count)
"""


def test_rooms_import_without_pyside6():
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 15  # every module of the four rooms was imported


def test_no_pyside6_import_lines_in_core():
    offenders = []
    for room in ("counter_app", "sync", "printing", "cli"):
        for path in (ROOT / room).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip().startswith(("import PySide6", "from PySide6")):
                    offenders.append(f"{path}: {line.strip()}")
    assert offenders == []
