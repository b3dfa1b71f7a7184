"""The node tus peers of the interop tests (tests/peers/node: ``@tus/server`` + ``@tus/file-store``
and ``tus-js-client``, pinned by its package-lock.json): finding them, and running their scripts
as subprocesses whose output lines a test waits on (never a fixed sleep)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "peers" / "node"
NEEDED = ("@tus/server", "@tus/file-store", "tus-js-client")
_tried_install: list[str] = []  # npm ci is tried at most once per test session


MIN_NODE = (20, 19)  # @tus/server 2.4.5's engines field


def _node_version() -> tuple[int, ...]:
    out = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    try:
        return tuple(int(p) for p in out.lstrip("v").split(".")[:2])
    except ValueError:
        return (0,)


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (.ci/run installs nodejs and npm with apt)"
    if _node_version() < MIN_NODE:
        return (f"node {'.'.join(map(str, _node_version()))} is older than @tus/server needs "
                f"({'.'.join(map(str, MIN_NODE))} or later)")
    gone = [p for p in NEEDED if not (NODE_DIR / "node_modules" / p / "package.json").exists()]
    if gone:
        return f"{', '.join(gone)} not installed in {NODE_DIR} (run: npm ci --prefix tests/peers/node)"
    return None


def require_node_peers() -> Path:
    """The folder of the node peers, installed (``npm ci`` tried once when node_modules is
    missing). Without them the test is skipped, unless ``CI=1``: on CI a missing peer fails."""
    reason = _missing()
    if reason and shutil.which("node") and shutil.which("npm") and not _tried_install:
        r = subprocess.run(["npm", "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"],
                           capture_output=True, text=True, timeout=600)
        _tried_install.append(str(r.returncode))
        reason = _missing()
        if reason and r.returncode:
            reason += "; npm ci failed: " + " ".join(r.stderr.strip().splitlines()[:2])[:300]
    if reason:
        if os.environ.get("CI") == "1":
            pytest.fail(f"tus node peers missing on CI: {reason}")
        pytest.skip(f"tus node peers missing: {reason}")
    return NODE_DIR


class Lines:
    """A subprocess whose stdout lines are collected by a thread, for waiting on conditions."""

    def __init__(self, args: list[str], **kw) -> None:
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def wait_line(self, pred, timeout: float = 60.0) -> str:
        """The first line matching ``pred``; fails when the process ends or the time runs out first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines:
                    if pred(line):
                        return line
                if not self._reader.is_alive():
                    raise AssertionError(f"process ended (rc {self.proc.poll()}) without the line; "
                                         f"output: {self.lines[-5:]}; stderr: {self.stderr()[-800:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"line not seen in {timeout} s; last lines: {self.lines[-5:]}")
                self._cond.wait(min(left, 1.0))

    def finish(self, timeout: float = 300.0) -> int:
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return rc

    def stderr(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return ""
        return self.proc.stderr.read() or ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=10)


class TusNodeServer(Lines):
    """``@tus/server`` + ``@tus/file-store`` on 127.0.0.1 (an ephemeral port), files in ``store``."""

    def __init__(self, node_dir: Path, store: Path) -> None:
        self.store = store
        super().__init__(["node", str(node_dir / "tus-server.mjs"), "0", str(store)], cwd=node_dir)
        self.endpoint = self.wait_line(lambda s: s.startswith("listening "), timeout=60).split()[1]
        self.port = int(self.endpoint.split(":")[2].split("/")[0])
        self.url = f"http://127.0.0.1:{self.port}"

    def created(self) -> list[str]:
        with self._cond:
            return [s.split()[1] for s in self.lines if s.startswith("created ")]

    def requests(self) -> list[str]:
        with self._cond:
            return [s.split(" ", 1)[1] for s in self.lines if s.startswith("request ")]


def tus_js_client(node_dir: Path, endpoint: str, path: Path, chunk: int, store: Path, *, token: str | None = None,
                  url: str | None = None) -> Lines:
    args = ["node", str(node_dir / "tus-client.mjs"), endpoint, str(path), str(chunk), str(store)]
    if token:
        args += ["--token", token]
    if url:
        args += ["--url", url]
    return Lines(args, cwd=node_dir)
