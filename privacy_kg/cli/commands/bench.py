"""`privacy-kg bench`: the benchmark of issue 5, from nothing to docs/benchmarks.md (+ .json)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...errors import InputError
from ...settings import Settings
from ..output import progress
from .synth import _count


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="benchmark the service on synthetic graphs and write docs/benchmarks.md",
        description="Generate synthetic graphs of each size, bulk-load them, start `privacy-kg serve` on loopback "
        "and measure every named query and REST resource over HTTP, in-process (the floor) and on rdflib (the "
        "baseline); then throughput, memory, ingest and SHACL. Writes a Markdown table and the raw JSON. "
        "Progress goes to stderr. See benchmarks/README.md.",
    )
    p.add_argument("--sizes", type=_sizes, default=[100_000, 1_000_000], metavar="N[,N...]",
                   help="graph sizes in triples (default: 100000,1000000; 1e6 is accepted)")
    p.add_argument("--seed", type=int, default=1, help="synthetic graph seed (default: 1)")
    p.add_argument("--workdir", type=Path, help="scratch folder for graphs and stores (default: <home>/var/bench)")
    p.add_argument("--output", type=Path, metavar="FILE.md", help="Markdown table (default: <home>/docs/benchmarks.md); "
                   "the JSON goes beside it")
    p.add_argument("--queries", type=lambda s: [q for q in s.split(",") if q], metavar="NAME[,NAME...]",
                   help="only these named queries (default: all)")
    p.add_argument("--reps", type=int, default=15, help="timed runs per case and side (default: 15)")
    p.add_argument("--case-seconds", type=float, default=8.0, help="time for the runs of one case (default: 8)")
    p.add_argument("--run-seconds", type=float, default=30.0,
                   help="longest single run; the service's query timeout for the benchmark (default: 30)")
    p.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    p.add_argument("--lookup-requests", type=int, default=400, help="throughput requests on the lookup (default: 400)")
    p.add_argument("--heavy-requests", type=int, default=32, help="throughput requests on the aggregate (default: 32)")
    p.add_argument("--heavy-query", default="regulatory-actions", help="named query used as the heavy aggregate")
    p.add_argument("--ingest-runs", type=int, default=5, help="articles ingested per store (default: 5)")
    p.add_argument("--shacl-max", type=_count, default=100_000, help="validate whole graphs up to this size")
    p.add_argument("--keep", action="store_true", help="keep the work folder (graphs are then reused)")
    p.add_argument("--report-only", action="store_true",
                   help="measure nothing: write the Markdown again from the JSON beside it (after editing "
                   "benchmarks/analysis.md)")
    p.set_defaults(func=run_bench)


def run_bench(args: argparse.Namespace, settings: Settings) -> int:
    from ...bench.config import BenchConfig
    from ...bench.harness import rewrite, run

    if min(args.reps, args.ingest_runs, args.lookup_requests, args.heavy_requests) < 1:
        raise InputError("--reps, --ingest-runs and the request counts must be at least 1")
    markdown = args.output or settings.home / "docs" / "benchmarks.md"
    config = BenchConfig(
        sizes=args.sizes, seed=args.seed, workdir=args.workdir or settings.home / "var" / "bench",
        markdown=markdown, json=markdown.with_suffix(".json"), queries=args.queries, reps=args.reps,
        case_s=args.case_seconds, run_s=args.run_seconds, rdflib=not args.no_rdflib,
        lookup_requests=args.lookup_requests, heavy_requests=args.heavy_requests, heavy_query=args.heavy_query,
        ingest_runs=args.ingest_runs, shacl_max=args.shacl_max, keep=args.keep,
    )
    if args.report_only:
        doc = rewrite(config, settings)
    else:
        doc = run(config, settings, progress(args.quiet))
    for target in doc["targets"]:
        print(f"{target['status']:>18}  {target['target']} [{target['size']:,}]: {target['detail']}")
    return 0


def _sizes(text: str) -> list[int]:
    return [_count(part) for part in text.split(",") if part]
