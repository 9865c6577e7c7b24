"""The benchmark harness end to end at 10k triples, with tiny counts: it must never rot.

No time is asserted (CI machines differ); the test checks that one run produces the JSON with
every section and a Markdown table that shows them, and that the figures are plausible (the
service answered every named query, the engines agree on row counts, ingest wrote a graph).
"""

from __future__ import annotations

import json

import pytest

from privacy_kg.bench.config import BenchConfig
from privacy_kg.bench.harness import run
from privacy_kg.queries import NamedQueries
from privacy_kg.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, dict]:
    tmp = tmp_path_factory.mktemp("bench")
    cfg = BenchConfig(
        sizes=[10_000], workdir=tmp / "work", markdown=tmp / "bench.md", json=tmp / "bench.json",
        reps=2, case_s=1.0, run_s=20.0, rdflib_reps=1, rdflib_min_s=5.0, rdflib_max_s=10.0,
        lookup_requests=8, heavy_requests=4, throughput_cap_s=10.0, ingest_runs=1, shacl_max=10_000,
    )
    lines: list[str] = []
    doc = run(cfg, Settings(home=PROJECT_ROOT), lines.append)
    return doc, cfg.markdown.read_text(encoding="utf-8"), json.loads(cfg.json.read_text(encoding="utf-8"))


def test_json_has_every_section(result) -> None:
    doc, _, saved = result
    assert saved["command"] and saved["machine"]["cores"] >= 1
    assert saved["versions"]["pyoxigraph"] and saved["versions"]["rdflib"]
    size = saved["sizes"][0]
    for section in ("synth", "bulk_load", "engine_load", "rdflib_load", "server", "cases", "throughput",
                    "ingest", "shacl"):
        assert section in size, section
    assert size["bulk_load"]["quads"] == pytest.approx(10_000, rel=0.05)
    assert size["bulk_load"]["peak_rss_mb"] > 0
    assert {t["target"].split(" ")[0] for t in saved["targets"]} >= {"HTTP", ">=", "ingest", "bulk", "serving"}
    assert saved == json.loads(json.dumps(doc))  # what was written is what run() returned


def test_every_named_query_and_resource_was_served(result) -> None:
    _, _, saved = result
    cases = {c["key"]: c for c in saved["sizes"][0]["cases"]}
    names = set(NamedQueries.load(PROJECT_ROOT / "queries"))
    # Each query with parameters runs with them; each query without a required one runs bare too.
    assert {k.split("?")[0] for k in cases if not k.startswith("rest:")} == names
    assert {"rest:actors", "rest:incidents", "rest:data-flows", "rest:legal-actions", "rest:articles",
            "rest:incidents/id"} <= set(cases)
    for case in cases.values():
        assert case["status"] == 200, case["label"]
        assert case["http"] and case["http"]["n"] >= 1 and case["http"]["median_ms"] > 0, case["label"]
        assert case["floor"]["median_ms"] > 0, case["label"]
    # The floor and the service answer the same rows (the row cap applies to both).
    for case in cases.values():
        if case["kind"] == "named":
            assert case["http"]["rows"] == case["floor"]["rows"], case["label"]


def test_rdflib_baseline_agrees_where_it_answers(result) -> None:
    _, _, saved = result
    answered = [c for c in saved["sizes"][0]["cases"] if c["rdflib"] and c["rdflib"]["median_ms"]]
    assert answered, "rdflib answered no case at all"
    for case in answered:
        if case["kind"] == "named" and not case["rdflib"]["error"]:
            assert case["rdflib"]["rows"] == case["floor"]["rows"], case["label"]


def test_throughput_ingest_memory_and_shacl(result) -> None:
    _, _, saved = result
    size = saved["sizes"][0]
    for load in ("lookup", "heavy"):
        row = size["throughput"][load]
        assert row["completed"] == row["requested"] and row["statuses"] == {"200": row["requested"]}
    assert size["ingest"]["runs"][0]["triples"] > 20
    assert saved["ingest_small"]["quads_before"] < size["ingest"]["quads_before"]
    memory = size["server"]["memory"]
    assert memory["workers"], "the service's query worker process was not found"
    assert memory["total"]["rss_mb"] > memory["server"]["rss_mb"] > 0
    assert size["shacl"]["conforms"] is True and size["shacl"]["triples"] > 5_000


def test_markdown_shows_each_section(result) -> None:
    _, markdown, saved = result
    for heading in ("## Targets", "## 10,000 triples", "### Loading", "### Latency per request",
                    "### Throughput", "### Service memory", "### Ingest of one article",
                    "### SHACL over the whole graph", "## Method"):
        assert heading in markdown, heading
    assert saved["command"] in markdown
    for case in saved["sizes"][0]["cases"]:
        assert f"`{case['label']}`" in markdown
