"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summarize(samples_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(samples_ms),
        "median": statistics.median(samples_ms),
        "p95": percentile(samples_ms, 95),
        "p99": percentile(samples_ms, 99),
        "max": max(samples_ms),
    }


def time_calls(fn: Callable[[int], object], n: int, between: Callable[[], object] | None = None) -> list[float]:
    """Time ``fn(i)`` n times; ``between`` runs untimed after each call."""
    out = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t) * 1000)
        if between:
            between()
    return out


def machine() -> str:
    import os

    return f"{platform.system()} {platform.release()}, Python {platform.python_version()}, {os.cpu_count()} cores"


def row(name: str, s: dict[str, float], target: str = "", extra: str = "") -> str:
    return (f"| {name} | {s['n']} | {s['median']:.2f} | {s['p95']:.2f} | {s['p99']:.2f} | {s['max']:.2f} | "
            f"{target} | {extra} |")


HEADER = "| what | n | median ms | p95 ms | p99 ms | max ms | target | note |\n|---|---|---|---|---|---|---|---|"


# -- results shared with the runner (bench/run.py) ----------------------------------------------
# Each benchmark can write its figures as JSON (``--json PATH``): a list of result dicts, which
# the runner gathers into one table. Times are in ms unless ``unit`` says otherwise.


def result(what: str, samples: list[float] | dict[str, float] | None = None, *, unit: str = "ms",
           target: str = "", met: bool | None = None, note: str = "", value: float | None = None,
           n: int | None = None) -> dict:
    """One line of the runner's table: either timing samples (summarised here), a summary from
    :func:`summarize`, or a single ``value`` (a rate, a ratio, a count)."""
    s = summarize(samples) if isinstance(samples, list) else (samples or {})
    return {
        "what": what, "n": n if n is not None else s.get("n"), "median": s.get("median", value),
        "p95": s.get("p95"), "p99": s.get("p99"), "max": s.get("max"), "unit": unit,
        "target": target, "met": met, "note": note,
    }


def write_json(path, results: list[dict]) -> None:
    import json
    from pathlib import Path

    if path:
        Path(path).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.2f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


RUN_HEADER = ("| what | n | median | p95 | p99 | max | unit | target | met | note |\n"
              "|---|---|---|---|---|---|---|---|---|---|")


def run_row(r: dict) -> str:
    met = {True: "yes", False: "**no**", None: ""}[r.get("met")]
    return (f"| {r['what']} | {fmt(r.get('n'))} | {fmt(r.get('median'))} | {fmt(r.get('p95'))} | "
            f"{fmt(r.get('p99'))} | {fmt(r.get('max'))} | {r.get('unit', '')} | {r.get('target', '')} | {met} | "
            f"{r.get('note', '')} |")
