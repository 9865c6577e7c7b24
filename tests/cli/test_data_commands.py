"""The maintainer's commands through the real `privacy-kg` executable: build, validate, query, export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

TURTLE_PREFIXES = """
@prefix pkg: <https://w3id.org/privacy-kg/ontology#> .
@prefix pkr: <https://w3id.org/privacy-kg/id/> .
"""


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "privacy_kg.cli", *args],
        capture_output=True, text=True, input=stdin, timeout=300, check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = cli("--store", str(store), "build")
    assert result.returncode == 0, result.stderr
    assert "SHACL conforms" in result.stdout
    return store


def dump(store: Path) -> list[str]:
    result = cli("--store", str(store), "export", "--format", "nquads")
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if line.strip())


def test_build_is_idempotent(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert cli("--store", str(store), "build").returncode == 0
    first = dump(store)
    assert cli("--store", str(store), "build").returncode == 0
    assert dump(store) == first
    assert len(first) > 5000


def test_build_keeps_other_graphs_and_clean_drops_them(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert cli("--store", str(store), "build").returncode == 0
    extra = ox.Store(str(store))
    extra.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                      ox.Literal("kept"), ox.NamedNode("http://example.org/other-graph")))
    del extra
    assert cli("--store", str(store), "build").returncode == 0
    assert any("other-graph" in line for line in dump(store))
    assert cli("--store", str(store), "build", "--clean").returncode == 0
    assert not any("other-graph" in line for line in dump(store))


def test_validate_the_projects_data() -> None:
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SHACL: conforms" in result.stdout


def test_validate_a_file_that_breaks_a_shape_names_the_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(TURTLE_PREFIXES + "<https://w3id.org/privacy-kg/id/legal-action/x> a pkg:LegalAction, pkg:Fact .\n",
                   encoding="utf-8")
    result = cli("validate", str(bad), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    shapes = {r.get("shape", "") for r in report["results"]}
    assert any("LegalActionShape" in s or "FactShape" in s for s in shapes), shapes


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("validate", "/nonexistent/file.ttl"), "cannot read"),
        (("validate", "README.md"), "unknown RDF file extension"),
        (("query", "SELEC * WHERE { ?s ?p ?o }"), "SELEC"),
        (("query", "SELECT * WHERE { SERVICE <http://127.0.0.2:9/> { ?s ?p ?o } }"), "SERVICE"),
        (("query", "regulatory-actions", "--param", "date_from=2021-13"), "date_from"),
        (("query", "regulatory-actions", "--param", "nonsense=1"), "unknown parameter"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(built: Path, args: tuple[str, ...], needle: str) -> None:
    result = cli("--store", str(built), *args)
    assert result.returncode == 2
    assert needle in one_error_line(result)


def test_validate_reports_a_turtle_syntax_error_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert "line 1" in one_error_line(result)


def test_a_missing_store_is_one_line_and_exit_3(tmp_path: Path) -> None:
    result = cli("--store", str(tmp_path / "none"), "query", "ASK {}")
    assert result.returncode == 3
    assert "privacy-kg build" in one_error_line(result)


def test_query_prints_a_table_and_machine_formats(built: Path) -> None:
    text = (
        "PREFIX pkg: <https://w3id.org/privacy-kg/ontology#> "
        "SELECT ?a WHERE { ?a a pkg:LegalAction } ORDER BY ?a"
    )
    table = cli("--store", str(built), "query", text)
    assert table.returncode == 0
    assert "ppc-facebook-protection-order-2018" in table.stdout
    assert table.stdout.rstrip().endswith("(13 rows)")
    as_json = json.loads(cli("--store", str(built), "query", text, "--format", "json").stdout)
    assert len(as_json["results"]["bindings"]) == 13
    csv = cli("--store", str(built), "query", text, "--format", "csv").stdout.splitlines()
    assert csv[0] == "a" and len(csv) == 14


def test_query_reads_stdin_and_named_queries_with_parameters(built: Path) -> None:
    assert cli("--store", str(built), "query", "-", stdin="ASK { ?s ?p ?o }").stdout.strip() == "true"
    rows = json.loads(
        cli("--store", str(built), "query", "regulatory-actions", "--param", "authority=ppc",
            "--param", "kind=warning", "--format", "json").stdout
    )["results"]["bindings"]
    assert {r["fact"]["value"].rsplit("/", 1)[1] for r in rows} == {"ppc-facebook-protection-order-2018"}


def test_construct_is_turtle_by_default(built: Path) -> None:
    result = cli("--store", str(built), "query", "CONSTRUCT WHERE { ?s a <https://schema.org/NewsArticle> }")
    assert result.returncode == 0
    assert len(list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE))) == 5


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD)],
)
def test_export_round_trips(built: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "privacy_kg.cli", "--store", str(built), "export", "--format", fmt],
        capture_output=True, timeout=300, check=False,
    )
    assert result.returncode == 0
    quads = set(ox.parse(result.stdout, format=rdf_format))
    assert len(quads) == len(dump(built))


def test_export_turtle_is_the_union_of_the_graphs(built: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "privacy_kg.cli", "--store", str(built), "export", "--format", "turtle"],
        capture_output=True, timeout=300, check=False,
    )
    triples = set(ox.parse(result.stdout, format=ox.RdfFormat.TURTLE))
    assert 0 < len(triples) <= len(dump(built))


def test_help_and_version() -> None:
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("privacy-kg ")
    for command in ("build", "validate", "query", "export", "serve", "map", "ingest", "evaluate", "synth"):
        result = cli(command, "--help")
        assert result.returncode == 0, command
        assert "usage: privacy-kg" in result.stdout
