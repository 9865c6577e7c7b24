"""Samples and their summary: median and p95 of a bounded number of timed runs.

Every loop here is bounded twice: by a repetition count and by a time budget for the case, so a
slow query costs at most its budget (plus one run) and never a fixed number of repetitions.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

# A first run at least this long is kept as a sample: warming up would only double the cost.
SLOW_RUN_S = 0.5


@dataclass
class Timing:
    """Seconds per run; `over_budget` when a run was stopped at the budget, `error` when it failed."""

    samples: list[float] = field(default_factory=list)
    over_budget: bool = False
    budget_s: float | None = None
    error: str | None = None
    rows: int | None = None
    truncated: bool = False
    bytes: int | None = None
    parts: int = 1  # queries summed into this timing (a REST request runs two or three)

    @property
    def ok(self) -> bool:
        return bool(self.samples) and not self.over_budget and self.error is None

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples) * 1000 if self.samples else None

    @property
    def p95_ms(self) -> float | None:
        return percentile(self.samples, 95) * 1000 if self.samples else None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["samples"] = [round(s * 1000, 3) for s in self.samples]  # milliseconds in the JSON
        out["median_ms"] = _round(self.median_ms)
        out["p95_ms"] = _round(self.p95_ms)
        out["n"] = len(self.samples)
        return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with few samples p95 is the slowest run, never an interpolation."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def sum_timings(parts: list[Timing]) -> Timing:
    """The cost of a request that runs several queries: the sum of their medians (one sample)."""
    total = Timing(parts=len(parts))
    if not parts:
        return total
    total.over_budget = any(p.over_budget for p in parts)
    total.error = next((p.error for p in parts if p.error), None)
    if all(p.samples for p in parts):
        total.samples = [sum(statistics.median(p.samples) for p in parts)]
    return total


def run_loop(run: Callable[[], Any], reps: int, case_budget_s: float,
             on_sample: Callable[[float, Any], None] | None = None, warm_up: bool = True) -> list[float]:
    """Warm up once (unless the first run is slow), then time up to `reps` runs within the budget."""
    samples: list[float] = []
    began = time.perf_counter()
    start = time.perf_counter()
    result = run()
    first = time.perf_counter() - start
    if first >= SLOW_RUN_S or not warm_up:
        samples.append(first)
        if on_sample:
            on_sample(first, result)
    while len(samples) < reps and (time.perf_counter() - began < case_budget_s or not samples):
        start = time.perf_counter()
        result = run()
        took = time.perf_counter() - start
        samples.append(took)
        if on_sample:
            on_sample(took, result)
    return samples


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
