"""SANE scanners (Linux): python-sane when it is importable, otherwise ``scanimage``.

python-sane is an optional extra (``uv sync --extra scan``; it builds against libsane-dev).
Without it, ``scanimage`` from sane-utils is driven as a subprocess in batch mode
(``--batch-print`` announces each page once it is complete; scanimage writes ``*.part`` and
renames, so a page cut short is never taken). With neither, no SANE source is offered.

The device's own names for modes and sources differ between drivers ("Gray"/"Grey",
"ADF"/"Automatic Document Feeder"/"ADF Front"); they are read from the device and matched.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import queue
import time
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from ..i18n import N_, _
from .errors import PageInputError, ScanCancelled, ScannerError
from .pages import page_from_image
from .profile import ScanProfile
from .sources import AcquireReport, PageSource

log = logging.getLogger(__name__)

LIST_TIMEOUT = 30
OPTIONS_TIMEOUT = 30

try:  # optional dependency
    import sane as _sane_module  # type: ignore[import-not-found]
except Exception:  # noqa: BLE001 - ImportError, or a broken libsane
    _sane_module = None

_sane_init_lock = threading.Lock()
_sane_initialised = False

# SANE status codes (scanimage exits with them) → what the clerk is told.
STATUS_MESSAGES = {
    2: N_("Máy quét không hỗ trợ thao tác này."),
    3: N_("Lệnh quét đã bị hủy."),
    4: N_("Máy quét đang bận (có thể một chương trình khác đang dùng)."),
    5: N_("Máy quét không nhận các thiết lập quét (độ phân giải, chế độ màu)."),
    6: N_("Kẹt giấy trong máy quét."),
    7: N_("Khay nạp giấy (ADF) không có giấy."),
    8: N_("Nắp máy quét đang mở."),
    9: N_("Mất kết nối với máy quét (lỗi vào/ra): máy có thể đã bị tắt hoặc rút cáp."),
    10: N_("Máy tính hết bộ nhớ khi quét."),
    11: N_("Không có quyền sử dụng máy quét."),
}
# The same statuses as python-sane's exception texts.
TEXT_STATUS = {
    "operation not supported": 2, "operation was cancelled": 3, "device busy": 4, "invalid argument": 5,
    "document feeder jammed": 6, "document feeder out of documents": 7, "scanner cover is open": 8,
    "error during device i/o": 9, "out of memory": 10, "access to resource has been denied": 11,
}
NO_DOCS = 7
CANCELLED = 3

GRAY_NAMES = ("gray", "grey", "gray8", "8bit gray", "grayscale", "true gray", "monochrome")
COLOR_NAMES = ("color", "colour", "24bit color", "color24", "rgb")
BW_NAMES = ("lineart", "binary", "black & white", "black and white", "halftone", "bw")
ADF_WORDS = ("adf", "feeder", "automatic")


def available() -> str | None:
    """'python-sane', 'scanimage' or None."""
    if _sane_module is not None:
        return "python-sane"
    if shutil.which("scanimage"):
        return "scanimage"
    return None


def _pick(choices: list[str], wanted: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in choices}
    for w in wanted:
        if w in lowered:
            return lowered[w]
    for c in choices:
        if any(w in c.lower() for w in wanted):
            return c
    return None


def _pick_source(choices: list[str], adf: bool) -> str | None:
    if not choices:
        return None
    feeders = [c for c in choices if any(w in c.lower() for w in ADF_WORDS)]
    if adf and feeders:
        simplex = [c for c in feeders if "duplex" not in c.lower() and "back" not in c.lower()]
        return (simplex or feeders)[0]
    flat = [c for c in choices if c not in feeders]
    return flat[0] if flat else None


def _pick_resolution(constraint: Any, dpi: int) -> int:
    if isinstance(constraint, tuple) and len(constraint) == 3:  # (min, max, step)
        lo, hi, _step = constraint
        return int(min(max(dpi, lo), hi))
    if isinstance(constraint, list) and constraint:
        values = sorted(int(v) for v in constraint)
        above = [v for v in values if v >= dpi]
        return above[0] if above else values[-1]
    return dpi


@dataclass
class DeviceOptions:
    modes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    resolution: Any = None  # (lo, hi, step) tuple or list of values


def parse_scanimage_options(text: str) -> DeviceOptions:
    """Mode, source and resolution choices from ``scanimage -d DEV -A``."""
    opts = DeviceOptions()
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r"--(mode|source|resolution)\s+(.+?)\s*\[", line)
        if not m:
            continue
        name, spec = m.group(1), m.group(2)
        if name == "resolution":
            spec = spec.replace("dpi", "")
            r = re.match(r"(\d+)\.\.(\d+)(?:\s*\(in steps of (\d+)\))?", spec)
            if r:
                opts.resolution = (int(r.group(1)), int(r.group(2)), int(r.group(3) or 1))
            else:
                opts.resolution = [int(v) for v in re.findall(r"\d+", spec)]
        else:
            choices = [c.strip() for c in spec.split("|") if c.strip()]
            if name == "mode":
                opts.modes = choices
            else:
                opts.sources = choices
    return opts


def _settings(opts: DeviceOptions, profile: ScanProfile) -> tuple[str | None, str | None, int]:
    wanted = {"gray": GRAY_NAMES, "color": COLOR_NAMES, "bw": BW_NAMES}[profile.color_mode]
    mode = (_pick(opts.modes, wanted) or _pick(opts.modes, GRAY_NAMES)) if opts.modes else None
    source = _pick_source(opts.sources, profile.adf)
    dpi = _pick_resolution(opts.resolution, profile.dpi)
    return mode, source, dpi


def _cannot_open(label: str) -> ScannerError:
    return ScannerError(_(
        "Không mở được máy quét \"{label}\": máy có thể đã tắt, bị rút cáp hoặc đang bận. "
        "Hãy kiểm tra rồi thử lại.").format(label=label))


def _failure(status: int | None, pages: int, detail: str = "") -> ScannerError:
    if status == CANCELLED:
        return ScanCancelled(_("Đã dừng quét; giữ lại {pages} trang đã quét xong.").format(pages=pages), pages)
    known = STATUS_MESSAGES.get(status or 0)
    if known:
        reason = _(known)
    elif status is None:
        reason = _("Máy quét ngừng hoạt động giữa chừng (mất kết nối hoặc trình điều khiển bị lỗi).")
    elif detail:
        reason = _("Máy quét báo lỗi: {detail}.").format(detail=detail)
    else:
        reason = _("Máy quét báo lỗi.")
    if pages:
        return ScannerError(
            _("{reason} Đã nhận {pages} trang trước khi lỗi; các trang này được giữ lại. "
              "Hãy kiểm tra máy quét rồi quét tiếp các trang còn lại.").format(reason=reason, pages=pages), pages,
        )
    return ScannerError(_("{reason} Chưa nhận được trang nào; hãy kiểm tra máy quét rồi thử lại.").format(
        reason=reason), 0)


class SaneScanner(PageSource):
    kind = "sane"

    def __init__(
        self,
        device: str,
        label: str = "",
        *,
        driver: str | None = None,
        extra_options: dict[str, str] | None = None,
        scanimage: str = "scanimage",
    ) -> None:
        self.device = device
        self.label = label or device
        self.driver = driver or available() or "scanimage"
        self.extra_options = dict(extra_options or {})
        self.scanimage = scanimage
        self.process: subprocess.Popen | None = None  # the running scanimage, for cancel

    # -- common ----------------------------------------------------------------------------
    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        cancel = cancel or threading.Event()
        if self.driver == "python-sane" and _sane_module is not None:
            return self._acquire_python_sane(profile, on_page, cancel, detect_qr, max_pages)
        return self._acquire_scanimage(profile, on_page, cancel, detect_qr, max_pages)

    def _deliver(self, im: Image.Image, dpi: int, n: int, profile, on_page, detect_qr) -> None:
        try:
            page = page_from_image(im, profile, origin=_("{source} — trang {n}").format(source=self.label, n=n), dpi=dpi, detect_qr=detect_qr)
        except PageInputError as exc:
            raise ScannerError(_("Trang quét thứ {n}: {message}").format(n=n, message=exc.message), n - 1) from None
        on_page(page)

    # -- scanimage -------------------------------------------------------------------------
    def device_options(self) -> DeviceOptions:
        try:
            out = subprocess.run(
                [self.scanimage, "-d", self.device, "-A"], capture_output=True, text=True,
                timeout=OPTIONS_TIMEOUT, errors="replace",
            )
        except (OSError, subprocess.TimeoutExpired):
            raise _failure(9, 0) from None
        if out.returncode != 0:
            raise _cannot_open(self.label)
        return parse_scanimage_options(out.stdout)

    def _acquire_scanimage(self, profile, on_page, cancel, detect_qr, max_pages) -> AcquireReport:
        opts = self.device_options()
        mode, source, dpi = _settings(opts, profile)
        feeder = source is not None and any(w in source.lower() for w in ADF_WORDS)
        count = max_pages if max_pages else (None if feeder else 1)
        report = AcquireReport()
        with tempfile.TemporaryDirectory(prefix="counter-scan-") as tmp:
            cmd = [self.scanimage, "-d", self.device, "--format=pnm", f"--batch={tmp}/p%04d.pnm",
                   "--batch-print", f"--resolution={dpi}"]
            if mode:
                cmd.append(f"--mode={mode}")
            if source:
                cmd.append(f"--source={source}")
            if count:
                cmd.append(f"--batch-count={count}")
            cmd += [f"--{k}={v}" for k, v in self.extra_options.items()]
            with open(os.path.join(tmp, "stderr.txt"), "w+b") as err:
                proc = self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
                stop = threading.Event()

                def watch_cancel() -> None:
                    while not stop.wait(0.1):
                        if cancel.is_set() and proc.poll() is None:
                            proc.terminate()  # scanimage cancels the scan and exits
                            if not stop.wait(5) and proc.poll() is None:
                                proc.kill()  # a driver stuck in a read
                            return

                watcher = threading.Thread(target=watch_cancel, name="scan-cancel", daemon=True)
                watcher.start()
                failure: ScannerError | None = None
                stalled: list[bool] = []
                hung: list[bool] = []

                def batch_ended() -> bool:
                    try:
                        with open(err.name, "rb") as f:
                            return b"Batch terminated" in f.read()
                    except OSError:
                        return False

                try:
                    for raw in _lines_until_exit(proc, stalled, batch_ended, hung):
                        path = raw.decode("utf-8", "replace").strip()
                        if not path or cancel.is_set():
                            continue
                        try:
                            with Image.open(path) as im:
                                im.load()
                                self._deliver(im, dpi, report.pages + 1, profile, on_page, detect_qr)
                        except ScannerError as exc:
                            failure = exc
                            proc.terminate()
                            break
                        except Exception:  # noqa: BLE001 - an unreadable page file is a failed page
                            failure = _failure(9, report.pages)
                            proc.terminate()
                            break
                        report.pages += 1
                        try:
                            os.unlink(path)  # keep at most one page on disk
                        except OSError:
                            pass
                    rc = proc.wait()
                    if stalled and failure is None:
                        failure = ScannerError(
                            _("Máy quét không phản hồi trong {seconds} giây nên đã dừng. "
                              "Giữ lại {pages} trang đã quét xong; hãy kiểm tra máy quét rồi quét tiếp.").format(
                                seconds=f"{STALL_TIMEOUT:.0f}", pages=report.pages),
                            report.pages,
                        )
                finally:
                    stop.set()
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                    self.process = None
                err.seek(0)
                detail = err.read().decode("utf-8", "replace")
        if hung:  # scanimage finished the batch but hung while closing the device: use its last status
            rc = _batch_status(detail)
        if failure is not None:
            raise failure
        if cancel.is_set():
            raise _failure(CANCELLED, report.pages)
        if rc == 0 and report.pages:
            return report
        if rc == 0:  # scanimage ends a feeder batch with success even when no sheet was fed
            raise _failure(NO_DOCS if feeder else None, 0)
        if rc == NO_DOCS and report.pages:
            return report  # the feeder ran out after at least one page: a normal end
        if rc == 1 and "open of device" in detail:
            raise _cannot_open(self.label)
        status = rc if rc in STATUS_MESSAGES else None
        raise _failure(status, report.pages, "" if status else _last_line(detail))

    # -- python-sane -----------------------------------------------------------------------
    def _acquire_python_sane(self, profile, on_page, cancel, detect_qr, max_pages) -> AcquireReport:
        sane = _sane_module
        _init_python_sane()
        report = AcquireReport()
        try:
            dev = sane.open(self.device)
        except Exception:  # noqa: BLE001 - _sane.error or RuntimeError
            raise _cannot_open(self.label) from None
        try:
            opts = DeviceOptions()
            for o in dev.get_options():
                name, constraint = o[1], o[8]
                if name == "mode" and isinstance(constraint, list):
                    opts.modes = list(constraint)
                elif name == "source" and isinstance(constraint, list):
                    opts.sources = list(constraint)
                elif name == "resolution":
                    opts.resolution = constraint
            mode, source, dpi = _settings(opts, profile)
            try:
                if mode:
                    dev.mode = mode
                if source:
                    dev.source = source
                dev.resolution = dpi
                for k, v in self.extra_options.items():
                    setattr(dev, k.replace("-", "_"), _coerce(v))
            except Exception:  # noqa: BLE001
                raise _failure(5, 0) from None
            feeder = source is not None and any(w in source.lower() for w in ADF_WORDS)
            limit = max_pages or (None if feeder else 1)
            while limit is None or report.pages < limit:
                if cancel.is_set():
                    raise _failure(CANCELLED, report.pages)
                try:
                    dev.start()
                    im = dev.snap()
                except Exception as exc:  # noqa: BLE001 - _sane.error carries SANE's text
                    status = _status_of(str(exc))
                    if status == NO_DOCS and report.pages:
                        break
                    raise _failure(status, report.pages, "" if status else str(exc)[:120]) from None
                self._deliver(im, dpi, report.pages + 1, profile, on_page, detect_qr)
                report.pages += 1
            return report
        finally:
            try:
                dev.cancel()
            except Exception:  # noqa: BLE001
                pass
            try:
                dev.close()
            except Exception:  # noqa: BLE001
                pass


def _coerce(value: str) -> Any:
    if isinstance(value, str):
        if value.lower() in ("yes", "true"):
            return True
        if value.lower() in ("no", "false"):
            return False
        if re.fullmatch(r"-?\d+", value):
            return int(value)
    return value


def _status_of(text: str) -> int | None:
    low = text.lower()
    for key, status in TEXT_STATUS.items():
        if key in low:
            return status
    return None


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and "Scanning" not in ln and "Scanned" not in ln]
    return lines[-1][:160] if lines else ""


def _init_python_sane() -> None:
    global _sane_initialised
    with _sane_init_lock:
        if not _sane_initialised:
            _sane_module.init()
            _sane_initialised = True


def discover() -> list[SaneScanner]:
    driver = available()
    if driver is None:
        return []
    devices: list[tuple[str, str]] = []
    if driver == "python-sane":
        _init_python_sane()
        for name, vendor, model, _type in _sane_module.get_devices():
            devices.append((name, f"{vendor} {model}".strip()))
    else:
        try:
            out = subprocess.run(
                ["scanimage", "--formatted-device-list=%d|%v|%m%n"], capture_output=True, text=True,
                timeout=LIST_TIMEOUT, errors="replace",
            )
        except (OSError, subprocess.TimeoutExpired):
            return []
        for line in out.stdout.splitlines():
            parts = line.split("|")
            if len(parts) >= 3 and parts[0]:
                devices.append((parts[0], f"{parts[1]} {parts[2]}".strip()))
    return [SaneScanner(dev, f"{desc} ({dev})", driver=driver) for dev, desc in devices]


def scanimage_path() -> Path | None:
    found = shutil.which("scanimage")
    return Path(found) if found else None


EXIT_GRACE = 2.0  # seconds to wait for the last output line once scanimage has exited
STALL_TIMEOUT = 180.0  # no page and no exit for this long: the driver is stuck (a slow 600-dpi page takes ~60 s)


def _batch_status(stderr: str) -> int:
    """scanimage's exit status, read from its stderr when it had to be killed after the batch:
    the last ``scanner status = N`` (end-of-file, 5, means success)."""
    found = re.findall(r"scanner status = (\d+)", stderr)
    status = int(found[-1]) if found else 0
    return 0 if status == 5 else status


def _lines_until_exit(proc: subprocess.Popen, stalled: list[bool], batch_ended=lambda: False, hung=None):
    """The lines scanimage prints, ending when it has exited and printed nothing more.

    Not simply ``for raw in proc.stdout``: that waits for end-of-file, which only comes when
    every holder of the pipe has closed it — a process left behind by a driver (backends may
    fork a reader) keeps it open after scanimage itself has ended, and the scan would hang.
    A driver that neither exits nor prints for STALL_TIMEOUT seconds is killed (``stalled``).
    Once scanimage reports the batch ended (``batch_ended()``) it has EXIT_GRACE seconds to exit;
    some backends hang while closing the device (SANE's test backend does so about one run in
    ten), so it is then killed and ``hung`` is marked: the pages are all delivered by then.
    """
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        try:
            for raw in proc.stdout:
                lines.put(raw)
        except (OSError, ValueError):  # the pipe closed under us
            pass
        lines.put(None)

    threading.Thread(target=pump, name="scanimage-output", daemon=True).start()
    exited_at: float | None = None
    ended_at: float | None = None
    last_output = time.monotonic()
    while True:
        try:
            raw = lines.get(timeout=0.2)
        except queue.Empty:
            now = time.monotonic()
            if proc.poll() is not None:
                exited_at = exited_at or now
                if now - exited_at > EXIT_GRACE:
                    return
            elif batch_ended():
                ended_at = ended_at or now
                if now - ended_at > EXIT_GRACE:
                    proc.kill()
                    if hung is not None:
                        hung.append(True)
                    return
            elif now - last_output > STALL_TIMEOUT:
                proc.kill()  # a driver that neither exits nor delivers a page
                stalled.append(True)
                return
            continue
        if raw is None:
            return
        last_output = time.monotonic()
        yield raw
