"""The harness's knobs, with defaults that finish the full run (100k and 1M) in about 20 minutes on
two cores. Every loop they bound is bounded in count and in time."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BenchConfig:
    sizes: list[int] = field(default_factory=lambda: [100_000, 1_000_000])
    seed: int = 1
    workdir: Path = Path("var/bench")
    markdown: Path = Path("docs/benchmarks.md")
    json: Path = Path("docs/benchmarks.json")
    queries: list[str] | None = None  # a subset of the named queries (default: all)
    # Latency: runs per case and side, the time for all of them, and for one run (the server's
    # query timeout is raised to it, so that slow queries are measured rather than refused).
    reps: int = 15
    case_s: float = 8.0
    run_s: float = 30.0
    # The rdflib baseline: a run is stopped at `rdflib_factor` x the service's median (clamped),
    # which shows whether it is 10x slower without waiting minutes for each query.
    rdflib: bool = True
    rdflib_reps: int = 5
    rdflib_factor: float = 15.0
    rdflib_min_s: float = 5.0
    rdflib_max_s: float = 120.0
    # Throughput: concurrent clients, requests, and a time cap for each of the two runs.
    clients: int = 8
    lookup_requests: int = 400
    heavy_requests: int = 32
    throughput_cap_s: float = 45.0
    heavy_query: str = "regulatory-actions"
    # Ingest: runs per store, and the size of the small store (the smallest synthetic graph is
    # ~5,200 triples: the ontology, vocabularies and the smallest world of actors).
    ingest_runs: int = 5
    ingest_small: int = 6_000
    # SHACL over the whole graph, for sizes up to this one.
    shacl_max: int = 100_000
    keep: bool = False

    def to_json(self, home: Path | None = None) -> dict[str, Any]:
        """The knobs as JSON; paths inside `home` relative to it (the results are committed)."""
        return {k: _shown(v, home) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def _shown(path: Path, home: Path | None) -> str:
    if home is not None and path.resolve().is_relative_to(home.resolve()):
        return str(path.resolve().relative_to(home.resolve()))
    return str(path)
