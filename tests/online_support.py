"""Online dossiers at the reference server, submitted as a citizen on the portal would: through
the real ``counter-app-provincial submit-online`` command in a subprocess (importable: tests/ is
on pytest's pythonpath).

The dossier dict is the command's JSON input (docs/sync-protocol.md, "Hồ sơ trực tuyến / online
dossiers"): ``MaTTHC`` (required, e.g. "1.004873"), ``HoTen`` or ``ChuHoSo`` (required),
``SoGiayToChuHoSo`` (12 digits, optional), ``NgaySinh`` (dd/mm/yyyy, optional), ``DiaChi``,
``SoDienThoai``, ``Email``, ``TrichYeuHoSo``, ``TenTTHC`` (optional), and optionally ``files``:
one ``{"MaThanhPhanHoSo": "1", "TenThanhPhanHoSo": "Tờ khai ..."}`` per FILE, in the order of
``files`` (without it, FILE *i* belongs to component *i* + 1). Unknown keys are refused.

The server may be running (a thread of the test process, ``ReferenceServer(data_dir)``) while
this runs: both use the same SQLite file, whose writes are serialised.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def provincial(data_dir: Path, *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run ``counter-app-provincial --data-dir DATA_DIR ARGS…`` (the real CLI, as a subprocess);
    the completed process (``returncode``, ``stdout``, ``stderr``), never raises for exit codes."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sync.provincial", "--data-dir", str(data_dir), *args],
        cwd=str(ROOT), env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )


def _with_json(dossier: dict | None, run) -> subprocess.CompletedProcess[str]:
    if dossier is None:
        return run([])
    fd, name = tempfile.mkstemp(prefix="online-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(dossier, fh, ensure_ascii=False)
        return run(["--json", name])
    finally:
        os.unlink(name)


def submit_online(data_dir: Path, agency_code: str, dossier: dict, files: list[Path]) -> str:
    """Submit an online dossier for ``agency_code`` with ``files`` at the reference server whose
    data directory is ``data_dir``; returns its code (``<agency>-<yyMMdd>-0<seq>``). Raises
    AssertionError with the command's Vietnamese message when it refuses (exit 2)."""
    proc = _with_json(dossier, lambda extra: provincial(
        data_dir, "submit-online", "--agency-code", agency_code, *extra, "--format", "json",
        *[str(f) for f in files]))
    if proc.returncode != 0:
        raise AssertionError(f"submit-online exited {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)["MaHoSo"]


def resubmit_online(data_dir: Path, code: str, files: list[Path], dossier: dict | None = None) -> None:
    """The citizen completes a guided online dossier on the portal: ``files`` is the full new
    file list (``dossier`` may carry ``files``, the components of each, as for submit_online).
    The dossier is back at status 1 and a new ``online-dossier`` change is published."""
    proc = _with_json(dossier, lambda extra: provincial(
        data_dir, "resubmit-online", code, *extra, "--format", "json", *[str(f) for f in files]))
    if proc.returncode != 0:
        raise AssertionError(f"resubmit-online exited {proc.returncode}: {proc.stderr.strip()}")


def show_online(data_dir: Path, code: str) -> dict:
    """``counter-app-provincial show CODE`` for an online dossier, parsed: ``HoSoTrucTuyen`` (the
    portal's record), ``TrangThaiHoSo`` (the province's current status), ``TramXuLy`` (the
    station that answered it, or ""), ``SoLanNop``, ``LichSu`` (submitted / claimed / outcome /
    resubmitted events), ``QuaTrinhXuLy`` and ``HoSoTiepNhan`` (the record pushed, or None)."""
    proc = provincial(data_dir, "show", code)
    if proc.returncode != 0:
        raise AssertionError(f"show exited {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)
