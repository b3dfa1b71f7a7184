"""Fault injection for the reference provincial system.

Random faults (each request rolls once, with a seeded generator) and scripted one-shot faults
(tests: "reset the 3rd PATCH after 100 kB"). Kinds:

- ``error``   — 500/502/503; half of them *after* the request was applied (the answer is lost
                but the effect is there: the client must retry and get the stored answer);
- ``reset``   — TCP reset: before processing, in the middle of the request body; or after
                processing, in the middle of the response;
- ``stall``   — no answer for ``stall_seconds`` (after processing), then the connection closes;
- ``slow``    — the answer comes after ``slow_seconds``;
- ``429``     — Too Many Requests with ``Retry-After: retry_after``;
- ``captive`` — a 200 HTML login page, as a captive portal serves;
- ``redirect``— 302 to ``redirect_to`` (another host).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("error", "reset", "stall", "slow", "429", "captive", "redirect")


@dataclass
class Fault:
    kind: str
    phase: str = "pre"  # pre: before the request is applied; post: after
    after_bytes: int | None = None  # reset: how much of the request body to read first
    status: int = 503


@dataclass
class FaultConfig:
    error_rate: float = 0.0
    reset_rate: float = 0.0
    stall_rate: float = 0.0
    stall_seconds: float = 5.0
    slow_rate: float = 0.0
    slow_seconds: float = 0.2
    rate_429: float = 0.0
    retry_after: float = 1.0
    captive_rate: float = 0.0
    redirect_rate: float = 0.0
    redirect_to: str = ""
    seed: int | None = None
    # Where random faults apply (path prefixes). The token endpoint and ping are included.
    paths: tuple[str, ...] = ("/api/",)

    def any(self) -> bool:
        return any(getattr(self, n) > 0 for n in ("error_rate", "reset_rate", "stall_rate", "slow_rate", "rate_429",
                                                    "captive_rate", "redirect_rate"))


@dataclass
class _Scripted:
    method: str | None
    path_prefix: str
    fault: Fault
    skip: int = 0  # let this many matching requests through first


@dataclass
class Faults:
    config: FaultConfig = field(default_factory=FaultConfig)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(self.config.seed)
        self._script: list[_Scripted] = []
        self.injected: dict[str, int] = {k: 0 for k in KINDS}

    def set(self, config: FaultConfig) -> None:
        with self._lock:
            self.config = config
            self._rng = random.Random(config.seed)

    def off(self) -> None:
        self.set(FaultConfig())

    def once(self, kind: str, *, method: str | None = None, path_prefix: str = "/", phase: str | None = None,
             after_bytes: int | None = None, skip: int = 0, status: int = 503) -> None:
        """Inject ``kind`` into the next matching request (after ``skip`` matching ones)."""
        phase = phase or ("post" if kind in ("stall", "slow") else "pre")
        with self._lock:
            self._script.append(_Scripted(method, path_prefix, Fault(kind, phase, after_bytes, status), skip))

    def decide(self, method: str, path: str, *, body_length: int = 0) -> Fault | None:
        with self._lock:
            for s in self._script:
                if (s.method is None or s.method == method) and path.startswith(s.path_prefix):
                    if s.skip > 0:
                        s.skip -= 1
                        continue
                    self._script.remove(s)
                    self.injected[s.fault.kind] += 1
                    return s.fault
            cfg = self.config
            if not cfg.any() or not any(path.startswith(p) for p in cfg.paths):
                return None
            roll = self._rng.random()
            for kind, rate in (("error", cfg.error_rate), ("reset", cfg.reset_rate), ("stall", cfg.stall_rate),
                               ("slow", cfg.slow_rate), ("429", cfg.rate_429), ("captive", cfg.captive_rate),
                               ("redirect", cfg.redirect_rate)):
                if roll < rate:
                    break
                roll -= rate
            else:
                return None
            phase = "pre"
            after = None
            if kind in ("error", "reset"):
                phase = "post" if self._rng.random() < 0.5 else "pre"
            if kind == "reset" and phase == "pre":
                after = int(body_length * self._rng.random()) if body_length else 0
            if kind in ("stall", "slow"):
                phase = "post"
            status = self._rng.choice((500, 502, 503))
            self.injected[kind] += 1
            return Fault(kind, phase, after, status)
