"""Micro-benchmark: pyoxigraph's direct serialisation vs capped rendering.

Capped rendering writes TSV (or N-Triples) through a line-counting sink, then parses
and re-serialises it in the engine. This prints what that detour costs for 10, 1,000
and 10,000 rows. Run from the repository root:

    python benchmarks/render_overhead.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

try:
    from privacy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
    from privacy_kg.sparql.results import render_solutions, render_triples
except ImportError:  # not installed: use the checkout this script lives in
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from privacy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
    from privacy_kg.sparql.results import render_solutions, render_triples

SIZES = (10, 1_000, 10_000)
CAP = 10_000
REPEATS = 7
SELECT = (
    "SELECT ?s ?label ?n WHERE { ?s <http://example.org/label> ?label ; <http://example.org/n> ?n }"
)
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p = <http://example.org/label>) }"


def build_store(rows: int) -> ox.Store:
    store = ox.Store()
    label, number = ox.NamedNode("http://example.org/label"), ox.NamedNode("http://example.org/n")
    for i in range(rows):
        subject = ox.NamedNode(f"http://example.org/item/{i}")
        store.add(ox.Quad(subject, label, ox.Literal(f"item {i}\twith a tab", language="en")))
        store.add(ox.Quad(subject, number, ox.Literal(i)))
    return store


def best_ms(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def compare(store: ox.Store, query: str, fmt: Format) -> tuple[float, float]:
    def direct() -> object:
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            return result.serialize(format=fmt.rdf_format)
        assert isinstance(result, ox.QuerySolutions)
        return result.serialize(format=fmt.results_format)

    def capped() -> object:
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            return render_triples(result, fmt, CAP)
        assert isinstance(result, ox.QuerySolutions)
        return render_solutions(result, fmt, CAP)

    return best_ms(direct), best_ms(capped)


def main() -> None:
    print(
        f"{'rows':>7}  {'query':<9} {'format':<8} {'direct ms':>10} {'capped ms':>10} {'ratio':>6}"
    )
    for rows in SIZES:
        store = build_store(rows)
        cases = [(SELECT, RESULT_FORMATS[key]) for key in ("json", "xml", "csv", "tsv")]
        cases += [(CONSTRUCT, GRAPH_FORMATS[key]) for key in ("turtle", "ntriples", "jsonld")]
        for query, fmt in cases:
            direct, capped = compare(store, query, fmt)
            kind = query.split()[0]
            print(
                f"{rows:>7,}  {kind:<9} {fmt.key:<8} {direct:>10.3f} {capped:>10.3f} "
                f"{capped / direct:>6.2f}"
            )


if __name__ == "__main__":
    main()
