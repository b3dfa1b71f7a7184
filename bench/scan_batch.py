"""A 20-page 300-dpi feeder batch to one component PDF, through the real scan panel, off the
GUI thread: time, peak memory, and the longest stall of the GUI event loop meanwhile.

    uv run python -m bench.scan_batch [--pages 20] [--dpi 300] [--runs 3]

The "scanner" hands over 300-dpi A4 greyscale pages read from PNM files, as ``scanimage``'s
batch mode does (the SANE test backend cannot make A4 pages with text on them); each page
then goes through exactly the code a SANE page takes (``SaneScanner._deliver`` →
``page_from_image``), arrives in the panel as a thumbnail, and the component PDF is built and
stored (``ScanPanel.store_assigned``). A 2 ms QTimer on the GUI thread records every gap
between its ticks; a sampler thread records the process's resident memory every 5 ms.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_app.scanning.profile import ScanProfile  # noqa: E402
from counter_app.scanning.sources import AcquireReport, PageSource  # noqa: E402

from .stats import machine, percentile  # noqa: E402


class FileBatchScanner(PageSource):
    """Pages of a batch already on disk (PNM, as scanimage writes them), delivered one by one."""

    kind = "bench"

    def __init__(self, files: list[Path], dpi: int) -> None:
        self.files = files
        self.dpi = dpi
        self.label = "Máy quét thử (benchmark)"

    def acquire(self, profile, on_page, *, cancel=None, detect_qr=False, max_pages=None) -> AcquireReport:
        from PIL import Image

        from counter_app.scanning.pages import page_from_image

        report = AcquireReport()
        for i, f in enumerate(self.files, start=1):
            with Image.open(f) as im:
                im.load()
                on_page(page_from_image(im, profile, origin=f"{self.label} — trang {i}", dpi=self.dpi,
                                        detect_qr=detect_qr))
            report.pages += 1
        return report


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class RssSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.005):
            self.peak = max(self.peak, rss_mb())


def make_pages(folder: Path, n: int, dpi: int) -> list[Path]:
    from counter_app.scanning import samples

    files = []
    for i in range(1, n + 1):
        f = folder / f"p{i:04d}.pnm"
        samples.text_page(f"Trang {i}", dpi=dpi, mark=i % 5).save(f)
        files.append(f)
    return files


def idle_gaps(seconds: float = 2.0) -> tuple[float, float]:
    """The same 2 ms ticker with nothing else to do: the machine's own scheduling noise."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    gaps: list[float] = []
    clock = QElapsedTimer()
    last = [0]
    ticker = QTimer()
    ticker.setInterval(2)

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    clock.start()
    ticker.start()
    loop.exec()
    ticker.stop()
    return max(gaps), percentile(gaps, 99)


def run_once(files: list[Path], dpi: int, profile: ScanProfile, data_dir: Path) -> dict:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from counter_app import setup
    from counter_app.db import open_data_dir
    from ui.backend import Backend
    from ui.scan_panel import ScanPanel

    app = QApplication.instance() or QApplication([])
    db = open_data_dir(data_dir, create=True)
    setup.initialize(db, {"agency_code": "000.00.06.H56", "agency_name": "TT", "province": "P", "station": 1,
                          "admin_user": "bench", "admin_password": "bench-password"})
    db.close()
    backend = Backend(data_dir)
    panel = ScanPanel(backend, mode="intake")
    panel.resize(1000, 600)
    panel.show()
    panel.set_components(["Tờ khai"])
    panel.select_row(1)
    panel.profile = profile
    panel._set_scanners([FileBatchScanner(files, dpi)])
    # As in the app: the panel starts (and loads the imaging stack on a worker) when the intake
    # form opens, long before the first scan. The stall of that warm-up is reported separately.
    warm_gaps: list[float] = []
    warm_clock = QElapsedTimer()
    warm_ticker = QTimer()
    warm_ticker.setInterval(2)
    warm_last = [0]

    def warm_tick() -> None:
        now = warm_clock.elapsed()
        warm_gaps.append(now - warm_last[0])
        warm_last[0] = now

    warm_ticker.timeout.connect(warm_tick)
    warm_loop = QEventLoop()
    from ui.scanning.jobs import warm_up

    warm_clock.start()
    warm_ticker.start()
    warm = threading.Thread(target=warm_up, name="warm-up")
    warm.start()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: None if warm.is_alive() else warm_loop.quit())
    poll.start()
    warm_loop.exec()
    poll.stop()
    warm_ticker.stop()
    panel.profile = profile

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(2)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    ticker.timeout.connect(tick)
    loop = QEventLoop()
    result: dict = {}
    base_rss = rss_mb()
    sampler = RssSampler()
    sampler.peak = base_rss

    def scanned() -> None:
        if panel._cancel is None and panel.batch.count(1) == len(files):
            result["scan_s"] = time.perf_counter() - t0
            panel.busy_changed.disconnect(on_busy)
            panel.store_assigned({1: 1}, on_done=stored, on_error=failed)

    def on_busy(_busy: int) -> None:
        QTimer.singleShot(0, scanned)

    def stored(items) -> None:
        result["total_s"] = time.perf_counter() - t0
        result["pdf_bytes"] = items[0].size
        result["pages"] = items[0].pages
        loop.quit()

    def failed(exc) -> None:
        result["error"] = str(exc)
        loop.quit()

    panel.busy_changed.connect(on_busy)
    sampler.start()
    clock.start()
    ticker.start()
    t0 = time.perf_counter()
    panel.scan()
    QTimer.singleShot(300_000, lambda: (result.setdefault("error", "timed out"), loop.quit()))
    loop.exec()
    ticker.stop()
    sampler.stop.set()
    sampler.join()
    panel.shutdown()
    backend.close()
    panel.deleteLater()
    result["peak_rss_delta_mb"] = sampler.peak - base_rss
    result["base_rss_mb"] = base_rss
    result["gap_max_ms"] = max(gaps) if gaps else float("nan")
    result["gap_p99_ms"] = percentile(gaps, 99)
    result["ticks"] = len(gaps)
    result["warm_gap_max_ms"] = max(warm_gaps) if warm_gaps else float("nan")
    return result


def main() -> None:
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 PID` prints where a run is waiting
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--dpi", type=int, default=300, help="resolution of the scanned pages")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"# {machine()}; {time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        files = make_pages(tmp, args.pages, args.dpi)
        print(f"made {args.pages} A4 pages at {args.dpi} dpi (greyscale PNM, "
              f"{sum(f.stat().st_size for f in files) / 2**20:.0f} MB) in {time.perf_counter() - t:.1f} s")
        profiles = {
            f"{args.dpi} dpi kept, grey, JPEG 75": ScanProfile(dpi=args.dpi, color_mode="gray", jpeg_quality=75),
            "default profile (200 dpi grey, JPEG 75)": ScanProfile(),
            "black-and-white at 300 dpi (1 bit, lossless)": ScanProfile(dpi=300, color_mode="bw"),
        }
        print("| profile | run | pages→thumbnails s | pages→stored PDF s | ms/page | PDF MB | peak RSS +MB | "
              "GUI max gap ms | GUI p99 gap ms | warm-up max gap ms |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, profile in profiles.items():
            gmax, gp99 = idle_gaps()
            print(f"| (idle event loop, same ticker, 2 s: the machine's noise) | – | – | – | – | – | – | "
                  f"{gmax:.0f} | {gp99:.0f} | – |", flush=True)
            for run in range(1, args.runs + 1):
                r = run_once(files, args.dpi, profile, tmp / f"data-{name[:3]}-{run}")
                if "error" in r:
                    print(f"| {name} | {run} | error: {r['error']} |")
                    continue
                print(f"| {name} | {run} | {r['scan_s']:.2f} | {r['total_s']:.2f} | "
                      f"{r['total_s'] * 1000 / args.pages:.0f} | {r['pdf_bytes'] / 2**20:.1f} | "
                      f"{r['peak_rss_delta_mb']:.0f} | {r['gap_max_ms']:.0f} | {r['gap_p99_ms']:.0f} | "
                      f"{r['warm_gap_max_ms']:.0f} |", flush=True)


if __name__ == "__main__":
    import sys

    main()
    sys.stdout.flush()
