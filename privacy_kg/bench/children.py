"""Jobs measured in a child process of their own, so their peak memory is theirs alone.

    python -m privacy_kg.bench.children load STORE_DIR FILE.nq [SNAPSHOT.nq]   # bulk load (+ dump)
    python -m privacy_kg.bench.children shacl HOME FILE.nq       # SHACL over the whole graph

Each prints one JSON line (its own timings); `run_child` adds the wall time and the peak resident
memory from `wait4`'s resource usage, and kills a job that passes its time limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ..namespaces import ONTOLOGY_GRAPH


def run_child(args: list[str], timeout_s: float) -> dict[str, Any]:
    """Run a job; its JSON output plus `wall_s`, `peak_rss_mb`, `cpu_s` (or `error`)."""
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", __name__, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    timer = threading.Timer(timeout_s, process.kill)
    timer.start()
    try:
        out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    result: dict[str, Any] = {
        "wall_s": round(time.perf_counter() - began, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
    }
    if process.returncode != 0:
        reason = f"killed after {timeout_s:g} s" if process.returncode < 0 else err.decode(errors="replace")[-500:]
        return {**result, "error": reason.strip()}
    return {**result, **json.loads(out.decode().strip().splitlines()[-1])}


def load(store_dir: Path, data: Path, snapshot: Path | None = None) -> dict[str, Any]:
    """Bulk load; then, untimed by `load_s`, the dump the service's query worker would load
    (`EmbeddedStore._snapshot`), so that the floor engine holds the very same bytes."""
    from ..store import EmbeddedStore

    began = time.perf_counter()
    store = EmbeddedStore(store_dir)
    store.bulk_load_file(data)
    loaded = time.perf_counter()
    quads = store.quad_count()
    out: dict[str, Any] = {"load_s": round(loaded - began, 3), "quads": quads}
    if snapshot is not None:
        dumped = time.perf_counter()
        with snapshot.open("wb") as output:
            store.dump(output, "nquads")
        out["dump_s"] = round(time.perf_counter() - dumped, 3)
    store.close()
    return out


def shacl(home: Path, data: Path) -> dict[str, Any]:
    """The whole graph but the ontology (as `build.validate_compiled` does), against the shapes."""
    from rdflib import Graph

    from ..compile import load_vocabulary
    from ..settings import Settings
    from ..validate import load_shapes, validate_graph

    settings = Settings(home=home.resolve())
    began = time.perf_counter()
    ontology_suffix = f" <{ONTOLOGY_GRAPH}> .\n"
    lines = []
    with data.open(encoding="utf-8") as quads:
        for line in quads:
            if not line.endswith(ontology_suffix):
                lines.append(line[: line.rindex(" <")] + " .\n")  # drop the graph name: N-Triples
    graph = Graph()
    graph.parse(data="".join(lines), format="nt")
    vocab = load_vocabulary(settings)
    shapes = load_shapes(settings.shapes_dir)
    parsed = time.perf_counter()
    report = validate_graph(graph, shapes, vocab.ontology)
    ended = time.perf_counter()
    return {
        "parse_s": round(parsed - began, 3),
        "validate_s": round(ended - parsed, 3),
        "triples": len(graph),
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
    }


if __name__ == "__main__":
    job, first, second = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    third = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    output = load(first, second, third) if job == "load" else shacl(first, second)
    print(json.dumps(output))
