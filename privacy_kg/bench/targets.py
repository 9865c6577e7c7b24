"""The issue's targets, checked from one run's JSON: each gives a status and the figures behind it."""

from __future__ import annotations

from typing import Any

HTTP_FACTOR, HTTP_SLACK_MS = 1.5, 2.0
RDFLIB_FACTOR = 10.0
INGEST_FACTOR = 1.3
LOAD_LIMIT_S = 30.0
RSS_LIMIT_MB = 1536.0
LARGE = 1_000_000


def http_limit_ms(floor_ms: float) -> float:
    return HTTP_FACTOR * floor_ms + HTTP_SLACK_MS


def rdflib_ratio(case: dict[str, Any]) -> tuple[float | None, bool]:
    """rdflib's time over the service's (HTTP) median; `True` when it is a lower bound (> budget)."""
    http, rdf = case.get("http") or {}, case.get("rdflib") or {}
    ours = http.get("median_ms")
    if not ours:
        return None, False
    if rdf.get("over_budget") and not rdf.get("samples"):
        return (rdf.get("budget_s") or 0) * 1000 / ours, True
    if rdf.get("median_ms") is not None and not rdf.get("error"):
        return rdf["median_ms"] / ours, False
    return None, False


def check(doc: dict[str, Any]) -> list[dict[str, Any]]:
    sizes = doc.get("sizes") or []
    out = []
    for size in sizes:
        out.append(_http_target(size))
    large = max(sizes, key=lambda s: s["triples"], default=None)
    if large is not None:
        out += [_rdflib_target(large), _ingest_target(doc, large), _load_target(large), _rss_target(large)]
    return out


def _status(ok: bool, measured: bool = True) -> str:
    return "not measured" if not measured else ("met" if ok else "missed")


def _http_target(size: dict[str, Any]) -> dict[str, Any]:
    named = [c for c in size.get("cases", []) if c["kind"] == "named"]
    measured = [c for c in named if (c.get("http") or {}).get("median_ms") is not None and c["floor"].get("median_ms")]
    misses = [c["label"] for c in measured if c["http"]["median_ms"] > http_limit_ms(c["floor"]["median_ms"])]
    unmeasured = [c["label"] for c in named if c not in measured]
    status = _status(not misses and not unmeasured, bool(measured))
    if not misses and unmeasured and measured:
        status = "met where measured"
    return {
        "target": f"HTTP median <= {HTTP_FACTOR}x in-process + {HTTP_SLACK_MS:g} ms, every named query",
        "size": size["triples"], "status": status,
        "detail": f"{len(measured) - len(misses)}/{len(measured)} within; missed: {', '.join(misses) or 'none'}"
                  + (f"; not measured (in-process over budget): {', '.join(unmeasured)}" if unmeasured else ""),
    }


def _rdflib_target(size: dict[str, Any]) -> dict[str, Any]:
    cases = [c for c in size.get("cases", []) if c["targeted"]]
    misses, failed, ratios = [], [], []
    for case in cases:
        ratio, bound = rdflib_ratio(case)
        if not (case.get("http") or {}).get("median_ms"):
            misses.append(f"{case['label']} (not served in time)")
        elif ratio is None:
            failed.append(case["label"])
        elif ratio < RDFLIB_FACTOR:
            misses.append(f"{case['label']} ({'inconclusive: > ' if bound else ''}{ratio:.1f}x)")
        else:
            ratios.append(ratio)
    note = "" if size["triples"] >= LARGE else f" (largest size run: {size['triples']:,}; the target is at 1M)"
    detail = f"{len(ratios)}/{len(cases)} at >= {RDFLIB_FACTOR:g}x" + (f", lowest {min(ratios):.0f}x" if ratios else "")
    if misses:
        detail += f"; missed: {', '.join(misses)}"
    if failed:
        detail += f"; rdflib fails (an error, no answer), so no ratio: {', '.join(failed)}"
    return {"target": f">= {RDFLIB_FACTOR:g}x faster than rdflib on every aggregate, range-filter, multi-hop query"
            + note, "size": size["triples"], "status": _status(not misses, bool(cases)), "detail": detail}


def _ingest_target(doc: dict[str, Any], size: dict[str, Any]) -> dict[str, Any]:
    small, large = doc.get("ingest_small") or {}, size.get("ingest") or {}
    a, b = small.get("total_ms_median_ms"), large.get("total_ms_median_ms")
    ratio = b / a if a and b else None
    return {"target": f"ingest of one article on {size['triples']:,} within {INGEST_FACTOR}x of the small store",
            "size": size["triples"], "status": _status(ratio is not None and ratio <= INGEST_FACTOR, ratio is not None),
            "detail": f"{b} ms vs {a} ms ({ratio:.2f}x)" if ratio else "not measured"}


def _load_target(size: dict[str, Any]) -> dict[str, Any]:
    load = size.get("bulk_load") or {}
    seconds = load.get("load_s")
    scaled = seconds * LARGE / size["triples"] if seconds else None
    return {"target": f"bulk load of 1M triples under {LOAD_LIMIT_S:g} s", "size": size["triples"],
            "status": _status(scaled is not None and scaled < LOAD_LIMIT_S, scaled is not None),
            "detail": f"{seconds:.1f} s for {size['triples']:,} (peak {load.get('peak_rss_mb')} MB)" if seconds else "-"}


def _rss_target(size: dict[str, Any]) -> dict[str, Any]:
    memory = (size.get("server") or {}).get("memory") or {}
    total = (memory.get("total") or {}).get("rss_mb")
    server = (memory.get("server") or {}).get("rss_mb")
    return {"target": f"serving process under {RSS_LIMIT_MB / 1024:g} GB resident (server + query worker)",
            "size": size["triples"], "status": _status(total is not None and total < RSS_LIMIT_MB, total is not None),
            "detail": f"{total} MB together ({server} MB server, the rest the in-memory replica worker); "
                      f"peak {(memory.get('total') or {}).get('hwm_mb')} MB" if total else "not measured"}
