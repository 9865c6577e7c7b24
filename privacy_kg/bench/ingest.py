"""Ingest of one article (map, validate, commit) on a small and on a large store.

The store is the service's: an `EmbeddedStore` started with its in-memory replica process, so a
commit is one disk transaction plus the replica's copy, and the entity look-ups of the SHACL gate
are queries on the replica. The store is wrapped in `TimedStore`, which times those look-ups and
the commit, so the table can split the cost: map, fetch context, validate (the rest), commit.
The article is a short invented text (`benchmarks/ingest-article.txt`); each run ingests it as a
new article (its own id), so every run writes a new graph of the same size.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..ingest import ingest_mapped
from ..mapping.mapper import CitationOptions, map_text
from ..mapping.resources import default_resources
from ..settings import Settings
from ..sparql.results import Rendered
from ..store import EmbeddedStore, QueryRequest

ARTICLE = Path("benchmarks") / "ingest-article.txt"


class TimedStore:
    """Delegates to a store; adds up the seconds spent in `query` and in `update`."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.query_s = 0.0
        self.update_s = 0.0

    def query(self, request: QueryRequest) -> Rendered:
        began = time.perf_counter()
        try:
            return self._store.query(request)
        finally:
            self.query_s += time.perf_counter() - began

    def update(self, text: str) -> None:
        began = time.perf_counter()
        try:
            self._store.update(text)
        finally:
            self.update_s += time.perf_counter() - began

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def bench_ingest(settings: Settings, store_dir: Path, runs: int, say: Callable[[str], None]) -> dict[str, Any]:
    """Ingest the benchmark article `runs` times into the store at `store_dir` (which it changes)."""
    text = (settings.home / ARTICLE).read_text(encoding="utf-8")
    resources = default_resources(settings)  # built once, as the service does
    store = EmbeddedStore(store_dir, timeout_s=600.0)
    try:
        began = time.perf_counter()
        store.start()
        start_s = time.perf_counter() - began
        quads = store.quad_count()
        say(f"    store of {quads:,} quads started in {start_s:.1f} s; ingesting 1 + {runs} article(s)")
        _ingest_once(text, 0, settings, store, resources)  # warm-up: shapes, vocabulary, caches
        rows = [_ingest_once(text, n, settings, store, resources) for n in range(1, runs + 1)]
    finally:
        store.close()
    return {
        "quads_before": quads,
        "store_start_s": round(start_s, 3),
        "runs": rows,
        **{f"{key}_median_ms": round(statistics.median(r[key] for r in rows), 2)
           for key in ("total_ms", "map_ms", "fetch_ms", "validate_ms", "commit_ms")},
    }


def _ingest_once(text: str, n: int, settings: Settings, store: EmbeddedStore, resources: Any) -> dict[str, float]:
    options = CitationOptions(
        article_id=f"bench-ingest-{n}", url=f"https://news.example/bench-ingest-{n}",
        date=dt.date(2024, 6, 4), publisher="Bench Wire", headline=text.splitlines()[0],
    )
    timed = TimedStore(store)
    began = time.perf_counter()
    mapped = map_text(text, options, resources)
    mapped_at = time.perf_counter()
    result = ingest_mapped(mapped, settings, timed, resources)  # type: ignore[arg-type]
    ended = time.perf_counter()
    ingest_s = ended - mapped_at
    return {
        "total_ms": round((ended - began) * 1000, 2),
        "map_ms": round((mapped_at - began) * 1000, 2),
        "fetch_ms": round(timed.query_s * 1000, 2),
        "validate_ms": round((ingest_s - timed.query_s - timed.update_s) * 1000, 2),
        "commit_ms": round(timed.update_s * 1000, 2),
        "triples": result.triples,
    }
