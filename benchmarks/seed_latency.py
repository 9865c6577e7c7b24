"""Benchmark (not a test): each named query through HTTP on the seed graph (the five articles).

    python benchmarks/seed_latency.py [--reps 30] [--case-seconds 5]

Builds the seed graph into a temporary store (`privacy-kg build`), starts `privacy-kg serve` on it
on 127.0.0.1 (the harness's `Server`), and times every named query without parameters and with
the examples its header gives (one warm-up request, then up to --reps requests within
--case-seconds). Prints a Markdown table: rows, median and p95 in milliseconds. The scale
benchmark (`privacy-kg bench`) measures the same on synthetic graphs of 100k and 1M triples.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import httpx

from privacy_kg.bench.http import CLI, Server, time_request
from privacy_kg.queries import NamedQueries
from privacy_kg.settings import PROJECT_ROOT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=30, help="timed requests per case (default: 30)")
    parser.add_argument("--case-seconds", type=float, default=5.0, help="time for one case (default: 5)")
    args = parser.parse_args()
    queries = NamedQueries.load(PROJECT_ROOT / "queries")
    with tempfile.TemporaryDirectory(prefix="seed-latency-") as tmp:
        store = Path(tmp) / "store"
        print("building the seed graph ...", file=sys.stderr)
        subprocess.run([*CLI, "--store", str(store), "-q", "build"], check=True)
        server = Server(PROJECT_ROOT, store, Path(tmp) / "serve.log", timeout_s=10)
        try:
            print("| request | rows | HTTP median (ms) | HTTP p95 (ms) |\n|---|---|---|---|")
            with httpx.Client(base_url=server.base_url, timeout=30) as client:
                for name, query in queries.items():
                    examples = {p.name: p.example for p in query.params if p.example is not None}
                    urls = [] if any(p.required for p in query.params) else [f"/queries/{name}"]
                    if examples:
                        urls.append(f"/queries/{name}?{urlencode(examples)}")
                    for url in urls:
                        timing = time_request(client, url, args.reps, args.case_seconds)
                        if timing.error:
                            print(f"| `{url}` | error: {timing.error} | | |")
                            continue
                        print(f"| `{url}` | {timing.rows} | {timing.median_ms:.1f} | {timing.p95_ms:.1f} |")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
