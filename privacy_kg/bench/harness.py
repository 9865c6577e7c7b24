"""The benchmark, from nothing: synth -> bulk load -> serve -> measure -> write the table.

For each size: generate the synthetic graph (`privacy_kg.synth`), bulk-load it into a new disk
store in a child process (time, peak memory), load it into the pyoxigraph engine process (the
floor) and start `privacy-kg serve` on it (a separate process, on loopback); measure every case
in-process and over HTTP, then throughput with concurrent clients and the service's memory; stop
both, replay the cases on rdflib; ingest one article into the store; validate the whole graph with
SHACL (small sizes). Ingest on the small store runs once. Progress goes to stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..compile import load_vocabulary
from ..errors import InputError
from ..settings import Settings
from ..synth import generate
from .children import run_child
from .config import BenchConfig
from .engines import EngineProcess
from .http import Server, throughput
from .ingest import bench_ingest
from .latency import CaseResult, rdflib_side, service_side
from .machine import command_line, machine, versions
from .report import write_reports

Say = Callable[[str], None]
LOAD_TIMEOUT_S = 1800.0
SHACL_TIMEOUT_S = 1800.0


def run(cfg: BenchConfig, settings: Settings, say: Say) -> dict[str, Any]:
    """Run every size and write the Markdown table and the JSON; returns the JSON document."""
    began = time.perf_counter()
    cfg.workdir.mkdir(parents=True, exist_ok=True)
    for name in ("httpx", "httpcore"):  # one INFO line per request otherwise
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("privacy_kg.store.workers").setLevel(logging.ERROR)  # ingest starts and stops one
    doc: dict[str, Any] = {
        "command": command_line(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "config": cfg.to_json(settings.home),
        "load_average_start": _load_average(),
        "sizes": [],
    }
    say(f"ingest on the small store ({cfg.ingest_small:,} triples)")
    small = _synth(cfg, settings, cfg.ingest_small, say)
    doc["ingest_small"] = _ingest(cfg, settings, small["path"], say)
    for triples in cfg.sizes:
        say(f"== {triples:,} triples ==")
        doc["sizes"].append(run_size(cfg, settings, triples, say))
    doc["duration_s"] = round(time.perf_counter() - began, 1)
    doc["load_average_end"] = _load_average()
    write_reports(doc, cfg.markdown, cfg.json, settings.home)
    say(f"wrote {cfg.markdown} and {cfg.json} in {doc['duration_s']:.0f} s")
    if not cfg.keep:
        shutil.rmtree(cfg.workdir, ignore_errors=True)
    return doc


def rewrite(cfg: BenchConfig, settings: Settings) -> dict[str, Any]:
    """The Markdown again from a run's JSON (the hand-written analysis may have changed)."""
    try:
        doc = json.loads(cfg.json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the results {cfg.json}: {exc}") from None
    write_reports(doc, cfg.markdown, cfg.json, settings.home)
    return doc


def run_size(cfg: BenchConfig, settings: Settings, triples: int, say: Say) -> dict[str, Any]:
    began = time.perf_counter()
    data = _synth(cfg, settings, triples, say)
    path: Path = data.pop("path")
    store_dir = cfg.workdir / f"store-{triples}"
    snapshot = cfg.workdir / f"snapshot-{triples}.nq"
    shutil.rmtree(store_dir, ignore_errors=True)
    say("  bulk load into a new disk store (child process), and the query worker's snapshot of it")
    load = run_child(["load", str(store_dir), str(path), str(snapshot)], LOAD_TIMEOUT_S)
    if "error" in load:
        raise RuntimeError(f"bulk load failed: {load['error']}")
    out: dict[str, Any] = {"triples": triples, "synth": data, "bulk_load": load}

    say("  loading the pyoxigraph engine (in memory) and starting `privacy-kg serve`")
    engine = EngineProcess("oxigraph", snapshot)
    out["engine_load"] = engine.info
    server = None
    try:
        server = Server(settings.home, store_dir, cfg.workdir / f"serve-{triples}.log", cfg.run_s)
        out["server"] = {"start_s": round(server.start_s, 2), "health": server.health}
        say(f"  service up in {server.start_s:.1f} s; measuring {len(cfg.queries or []) or 'all'} named queries "
            "and the REST resources")
        results = service_side(cfg, settings, engine, server.base_url, say)
        out["throughput"] = _throughput(cfg, server, results, say)
        out["server"]["memory"] = server.memory()
    finally:
        if server is not None:
            server.stop()
        out["engine_restarts"] = engine.restarts
        engine.close()

    if cfg.rdflib:
        say("  loading the rdflib baseline (Dataset, union default graph) and replaying the cases")
        baseline = EngineProcess("rdflib", snapshot)
        out["rdflib_load"] = baseline.info
        try:
            rdflib_side(cfg, baseline, results, say)
        finally:
            baseline.close()
    out["cases"] = [r.to_json() for r in results]

    out["ingest"] = _ingest_into(cfg, settings, store_dir, say)
    if triples <= cfg.shacl_max:
        say("  SHACL over the whole graph (child process)")
        out["shacl"] = run_child(["shacl", str(settings.home), str(path)], SHACL_TIMEOUT_S)
    out["duration_s"] = round(time.perf_counter() - began, 1)
    out["load_average_end"] = _load_average()
    if not cfg.keep:
        shutil.rmtree(store_dir, ignore_errors=True)
        snapshot.unlink(missing_ok=True)
    say(f"  {triples:,} triples done in {out['duration_s']:.0f} s")
    return out


def _synth(cfg: BenchConfig, settings: Settings, triples: int, say: Say) -> dict[str, Any]:
    """The synthetic graph for a size, generated once per work folder (the same seed, the same bytes)."""
    path = cfg.workdir / f"synth-{triples}-seed{cfg.seed}.nq"
    if path.exists():
        return {"path": path, "cached": True, "bytes": path.stat().st_size}
    say(f"  generating {triples:,} synthetic triples (seed {cfg.seed})")
    partial = path.with_name(path.name + ".part")
    with partial.open("wb") as out:
        stats = generate(load_vocabulary(settings), triples, cfg.seed, out)
    partial.replace(path)
    return {"path": path, "cached": False, "quads": stats.triples, "articles": stats.articles,
            "facts": stats.facts, "actors": stats.actors, "bytes": stats.bytes, "generate_s": round(stats.seconds, 2)}


def _ingest(cfg: BenchConfig, settings: Settings, data: Path, say: Say) -> dict[str, Any]:
    store_dir = cfg.workdir / "store-ingest-small"
    shutil.rmtree(store_dir, ignore_errors=True)
    load = run_child(["load", str(store_dir), str(data)], LOAD_TIMEOUT_S)
    if "error" in load:
        raise RuntimeError(f"bulk load failed: {load['error']}")
    try:
        return _ingest_into(cfg, settings, store_dir, say)
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)


def _ingest_into(cfg: BenchConfig, settings: Settings, store_dir: Path, say: Say) -> dict[str, Any]:
    say("  ingest of one article (map, validate, commit) with the replica running")
    return bench_ingest(settings, store_dir, cfg.ingest_runs, say)


def _throughput(cfg: BenchConfig, server: Server, results: list[CaseResult], say: Say) -> dict[str, Any]:
    """8 clients on the item lookup, then on the heavy aggregate (the configured named query)."""
    out: dict[str, Any] = {}
    lookup = next((r for r in results if r.case.category == "lookup" and r.http and r.http.ok), None)
    heavy = next((r for r in results if r.case.key == cfg.heavy_query and r.http and r.http.ok), None)
    for name, result, total in (("lookup", lookup, cfg.lookup_requests), ("heavy", heavy, cfg.heavy_requests)):
        if result is None:
            out[name] = {"skipped": "no successful HTTP case to load"}
            continue
        say(f"  throughput: {cfg.clients} clients x {result.case.url} ({total} requests, cap {cfg.throughput_cap_s:g} s)")
        out[name] = throughput(server.base_url, result.case.url, cfg.clients, total, cfg.throughput_cap_s,
                               cfg.run_s + 5)
        out[name]["single_client_median_ms"] = result.http.median_ms if result.http else None
    return out


def _load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages: other jobs on the machine show up as noise in the figures."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None
