"""The rooms import only what the design allows (docs/decisions.md, README "Layout").

- ``counter_app/`` (the core) imports none of ``ui``, ``cli``, ``sync``;
- ``sync/`` imports none of ``ui``, ``cli``;
- ``printing/`` imports none of ``ui``, ``cli``, ``sync``;
- nothing outside ``cli/`` (the composition root) and ``tests/`` imports ``cli``; the PyInstaller
  launchers in ``packaging/`` are the executables' entry points, like the console script in
  pyproject.toml, and may.

Every import is found by parsing the source with ``ast``: module level and inside functions,
``importlib.import_module("…")`` with a literal name, and relative imports resolved against the
module's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "counter_app": {"ui", "cli", "sync"},
    "sync": {"ui", "cli"},
    "printing": {"ui", "cli", "sync"},
}
# Folders that may import cli; besides them every Python file of the project is checked.
MAY_IMPORT_CLI = {"cli", "tests", "packaging"}
SKIP_DIRS = {".venv", ".git", "build", "dist", "__pycache__", "node_modules"}


def python_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if not SKIP_DIRS.intersection(rel.parts):
            yield rel


def module_package(rel: Path) -> list[str]:
    """The package a module's relative imports start from (``counter_app/reports/x.py`` ->
    ``['counter_app', 'reports']``; an ``__init__.py`` is its own package)."""
    return list(rel.parts[:-1])


def imported_modules(rel: Path, source: str):
    """(line, absolute module name) for every import in ``source``."""
    tree = ast.parse(source, filename=str(rel))
    package = module_package(rel)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else []
                head = ".".join(base + ([node.module] if node.module else []))
            else:
                head = node.module or ""
            if node.module:
                yield node.lineno, head
            else:  # from . import a, b: the names are submodules of the package
                for alias in node.names:
                    yield node.lineno, f"{head}.{alias.name}" if head else alias.name
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name in ("import_module", "__import__") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and not arg.value.startswith("."):
                    yield node.lineno, arg.value


def violations(root: Path = ROOT) -> list[str]:
    found = []
    for rel in python_files(root):
        room = rel.parts[0] if len(rel.parts) > 1 else None
        forbidden = set(FORBIDDEN.get(room, ()))
        if room not in MAY_IMPORT_CLI:
            forbidden.add("cli")
        source = (root / rel).read_text(encoding="utf-8")
        for line, module in imported_modules(rel, source):
            top = module.split(".")[0]
            if top in forbidden:
                found.append(f"{rel.as_posix()}:{line}: {room or 'top level'} must not import {module}")
    return found


def test_rooms_import_only_what_they_may():
    found = violations()
    assert found == [], "imports across the rooms' walls:\n" + "\n".join(found)


def test_the_checker_sees_every_kind_of_import():
    src = (
        "import ui.app\n"
        "from sync import config\n"
        "def f():\n"
        "    from ..cli import main\n"
        "    import importlib\n"
        "    importlib.import_module('sync.engine')\n"
        "from . import printouts\n"
    )
    got = sorted(imported_modules(Path("counter_app/reports/x.py"), src))
    assert got == [
        (1, "ui.app"), (2, "sync"), (4, "counter_app.cli"), (5, "importlib"), (6, "sync.engine"),
        (7, "counter_app.reports.printouts"),
    ]
    assert sorted(imported_modules(Path("cli/sync.py"), "from .main import main\nfrom . import scans\n")) == [
        (1, "cli.main"), (2, "cli.scans"),
    ]


def test_the_checker_names_file_and_line(tmp_path):
    for rel, text in {
        "counter_app/x.py": "def f():\n    from cli.main import main\n",
        "sync/y.py": "import os\nfrom ui import app\n",
        "printing/z.py": "import sync.engine\n",
        "ui/w.py": "from cli import main\n",
        "cli/ok.py": "import ui.app, sync, counter_app\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert violations(tmp_path) == [
        "counter_app/x.py:2: counter_app must not import cli.main",
        "printing/z.py:1: printing must not import sync.engine",
        "sync/y.py:2: sync must not import ui",
        "ui/w.py:1: ui must not import cli",
    ]
