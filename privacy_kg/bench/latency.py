"""Latency of every case on three sides: HTTP (the service), in-process (the floor), rdflib.

The floor is measured first, through the service's own handlers on the pyoxigraph engine
(`floor.in_process_app`); a case whose floor passes the run budget is not sent over HTTP (it
would only time out there too). The rdflib baseline replays the same recorded queries later, in
`rdflib_side`, when the service and the floor engine have stopped and their memory is free.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

from ..queries import NamedQueries
from ..settings import Settings
from ..store.base import QueryRequest
from .cases import (
    Case,
    add_to_pool,
    example_case,
    listing_cases,
    lookup_case,
    rest_cases,
    solutions,
)
from .config import BenchConfig
from .engines import EngineProcess, Limits
from .floor import InProcessApp, in_process_app
from .http import time_request
from .measure import Timing, sum_timings

Say = Callable[[str], None]


class CaseResult:
    """A case and its three timings; `queries` are what the service ran for it (for the replay)."""

    def __init__(self, case: Case, status: int, queries: list[tuple[QueryRequest, Timing]], floor: Timing) -> None:
        self.case = case
        self.status = status
        self.queries = queries
        self.floor = floor
        self.http: Timing | None = None
        self.rdflib: Timing | None = None
        self.notes: list[str] = []
        self.body = b""  # the in-process answer: later cases pick parameters and ids from it

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.case.key, "label": self.case.label, "kind": self.case.kind, "url": self.case.url,
            "category": self.case.category, "targeted": self.case.targeted, "status": self.status,
            "queries": len(self.queries),
            "floor": self.floor.to_json(),
            "floor_queries_ms": [t.median_ms for _, t in self.queries],
            "http": self.http.to_json() if self.http else None,
            "rdflib": self.rdflib.to_json() if self.rdflib else None,
            "notes": self.notes,
        }


def service_side(cfg: BenchConfig, settings: Settings, engine: EngineProcess, base_url: str,
                 say: Say) -> list[CaseResult]:
    """Floor and HTTP timings of every case, named queries first (their answers pick parameters)."""
    queries = NamedQueries.load(settings.queries_dir)
    limits = Limits(1, 0.0, cfg.run_s)  # the recording run: a warm-up and one sample per query
    results: list[CaseResult] = []
    with in_process_app(settings, engine, limits) as app, \
            httpx.Client(base_url=base_url, timeout=cfg.run_s + 5) as client:
        def measure(case: Case) -> CaseResult:
            result = _one_case(cfg, app, client, case)
            results.append(result)
            say(f"    {case.label[:70]:70} {_ms(result.floor)} in-process, {_ms(result.http)} HTTP")
            return result

        pool: dict[str, Counter] = {}
        answers: dict[str, list[dict[str, Any]]] = {}
        for case in listing_cases(queries, cfg.queries):
            result = measure(case)
            answers[case.path.rsplit("/", 1)[-1]] = rows = solutions(result.body)
            add_to_pool(pool, rows)
        for name, query in queries.items():
            if query.params and (cfg.queries is None or name in cfg.queries):
                measure(example_case(query, answers.get(name, []), pool))
        for case in rest_cases():
            result = measure(case)
            if case.path == "/incidents":
                items = _items(result.body)
                if items:
                    measure(lookup_case("incidents", items[0]))
    return results


def _one_case(cfg: BenchConfig, app: InProcessApp, client: httpx.Client, case: Case) -> CaseResult:
    """Record the case in-process, then alternate one HTTP run and one in-process run (the same
    queries, summed), so that both sides see the same machine load; bounded by `reps` and `case_s`."""
    recorded = app.request(case.url)
    result = CaseResult(case, recorded.status, recorded.queries, recorded.floor)
    result.body = recorded.body
    if recorded.status != 200 or not result.floor.ok:
        reason = "over the run budget" if result.floor.over_budget else f"status {recorded.status}"
        result.notes.append(f"in-process {reason}; not sent over HTTP")
        return result
    requests = [request for request, _ in recorded.queries]
    once = Limits(1, 0.0, cfg.run_s)
    floor = Timing(budget_s=cfg.run_s, parts=len(requests), rows=result.floor.rows,
                   truncated=result.floor.truncated, bytes=result.floor.bytes, samples=list(result.floor.samples))
    http = time_request(client, case.url, 1, 0.0)  # the warm-up, and a first sample
    began = time.perf_counter()
    while http.ok and floor.ok and len(http.samples) < cfg.reps and time.perf_counter() - began < cfg.case_s:
        more = time_request(client, case.url, 1, 0.0, warm_up=False)
        http.samples += more.samples
        http.over_budget, http.error = more.over_budget, more.error
        if len(floor.samples) < cfg.reps:
            parts = [app.store.engine.measure(request, once)[0] for request in requests]
            if all(p.ok for p in parts):
                floor.samples.append(sum(p.samples[-1] for p in parts))
            elif any(p.over_budget for p in parts):
                # The same query finished in well under the budget before: the engine chose another
                # plan this time. Kept as a finding; the median stays that of the finished runs.
                floor.over_budget = True
                result.notes.append(f"an in-process run passed the {cfg.run_s:g} s budget and was stopped, "
                                    "where the others took the median: the engine's plan varies between runs")
                break
            else:
                floor.error = next((p.error for p in parts if p.error), None)
    result.floor, result.http = floor, http
    return result


def rdflib_side(cfg: BenchConfig, engine: EngineProcess, results: list[CaseResult], say: Say) -> None:
    """Replay each case's queries on rdflib; a run is stopped at `rdflib_factor` x the service's
    (HTTP) median, so `> budget` alone shows the service at least that many times faster."""
    for result in results:
        ours = (result.http.median_ms if result.http and result.http.ok else None)
        if ours is None:
            result.notes.append("rdflib not run: the service did not answer in time")
            continue
        budget = min(max(cfg.rdflib_factor * ours / 1000, cfg.rdflib_min_s), cfg.rdflib_max_s)
        timings = []
        for request, _ in result.queries:
            timing, _ = engine.measure(request, Limits(cfg.rdflib_reps, cfg.case_s, budget))
            timings.append(timing)
            if not timing.ok:
                break
        result.rdflib = timings[0] if len(timings) == 1 else sum_timings(timings)
        result.rdflib.budget_s = budget
        if result.rdflib.error:
            result.notes.append(f"rdflib failed: {result.rdflib.error[:120]}")
        say(f"    {result.case.label[:70]:70} {_ms(result.rdflib)} rdflib")


def _items(body: bytes) -> list[str]:
    try:
        return [str(item["id"]).rsplit("/", 1)[-1] for item in json.loads(body)["items"] if "id" in item]
    except (ValueError, KeyError, TypeError):
        return []


def _ms(timing: Timing | None) -> str:
    if timing is None:
        return "       -"
    if timing.over_budget:
        return f"> {timing.budget_s:.1f} s"
    if timing.error:
        return "   error"
    return f"{timing.median_ms:8.1f} ms" if timing.median_ms is not None else "       -"
