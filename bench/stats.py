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
