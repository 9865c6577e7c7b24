"""The fixes the W3C suites led to, checked without the suites (so also offline).

Each test names the W3C test that found the problem; `test_w3c_sparql11.py` runs those over HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from privacy_kg.errors import InputError, QuerySyntaxError
from privacy_kg.settings import Settings
from privacy_kg.sparql.dataset import BASE_IRI, EMPTY_GRAPH, query_dataset
from privacy_kg.sparql.errors import SparqlSyntaxError
from privacy_kg.sparql.guard import check_query, check_update
from privacy_kg.store import EmbeddedStore, QueryRequest
from privacy_kg.store.engine import execute
from privacy_kg.writes import apply_update, put_graph

EX = "http://example.org/"


# -- datasets (Protocol 2.1.4, Query 13.2) ----------------------------------------------------
def test_named_graph_uri_alone_leaves_the_default_graph_empty() -> None:
    info = check_query("SELECT * WHERE { ?s ?p ?o }")
    assert query_dataset(info, (), (EX + "g",)) == ((EMPTY_GRAPH,), (EX + "g",))
    assert query_dataset(info, (EX + "d",), ()) == ((EX + "d",), (EMPTY_GRAPH,))
    assert query_dataset(info) == ((), ())


def test_the_protocol_dataset_wins_over_from_and_relative_from_uses_the_service_base() -> None:
    info = check_query("SELECT * FROM <data.ttl> FROM NAMED <http://e/n> WHERE { ?s ?p ?o }")
    assert query_dataset(info) == ((BASE_IRI + "data.ttl",), ("http://e/n",))
    assert query_dataset(info, (EX + "d",)) == ((EX + "d",), (EMPTY_GRAPH,))


# -- syntax: an update may be empty (syntax-update-1 tests 38-40) -------------------------------
@pytest.mark.parametrize("text", ["", "# nothing\n", "BASE <http://e/>\n", "PREFIX : <http://e/>"])
def test_an_update_with_nothing_after_its_prologue_is_valid(text: str) -> None:
    assert check_update(text).form == "UPDATE"
    with pytest.raises(SparqlSyntaxError, match="no query or update found"):
        check_query(text)


# -- the service base IRI and error types (protocol update_base_uri, syntax-query test_4) --------
def test_relative_iris_resolve_against_the_service_base() -> None:
    rendered = execute(ox.Store(), QueryRequest("SELECT (STR(<x>) AS ?iri) {}", format="tsv"))
    assert rendered.body.decode().splitlines() == ["?iri", f'"{BASE_IRI}x"']


def test_an_engine_that_cannot_run_valid_sparql_is_not_a_syntax_error() -> None:
    with pytest.raises(InputError) as error:
        execute(ox.Store(), QueryRequest("SELECT * { BIND(<http://example/f>(1) AS ?x) }"))
    assert not isinstance(error.value, QuerySyntaxError)
    assert error.value.type == "bad-input" and "custom function" in error.value.message


# -- writes ---------------------------------------------------------------------------------------
@pytest.fixture()
def store(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, Settings]]:
    opened = EmbeddedStore(tmp_path / "store")
    yield opened, Settings(store_path=tmp_path / "store", write_token="t")
    opened.close()


def rows(store: EmbeddedStore, query: str) -> list[str]:
    return store.query(QueryRequest(query, format="tsv")).body.decode().splitlines()[1:]


def test_a_blank_node_shared_by_two_graphs_stays_one_node(store) -> None:  # syntax-update-1/test_53
    embedded, settings = store
    apply_update(
        embedded,
        settings,
        f"PREFIX : <{EX}>\nINSERT DATA {{ GRAPH :g1 {{ _:b :p 1 }} GRAPH :g2 {{ _:b :p 2 }} }}",
    )
    count = f"SELECT (COUNT(DISTINCT ?b) AS ?n) {{ GRAPH ?g {{ ?b <{EX}p> ?o }} }}"
    assert rows(embedded, count) == ["1"]


def test_updates_resolve_relative_iris_against_the_service_base(store) -> None:  # update_base_uri
    embedded, settings = store
    apply_update(
        embedded, settings, f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> <test> }} }}"
    )
    assert rows(embedded, f"SELECT ?o {{ GRAPH ?g {{ <{EX}s> ?p ?o }} }}") == [f"<{BASE_IRI}test>"]


def test_created_graphs_exist_empty_until_dropped(store) -> None:
    embedded, settings = store
    apply_update(embedded, settings, f"CREATE GRAPH <{EX}empty>")
    assert embedded.named_graphs() == [f"{EX}empty"]
    with pytest.raises(InputError, match="already exists"):
        apply_update(embedded, settings, f"CREATE GRAPH <{EX}empty>")
    apply_update(embedded, settings, f"DROP GRAPH <{EX}empty>")
    assert embedded.named_graphs() == []


def test_a_graph_store_put_of_an_empty_body_keeps_an_empty_graph(store) -> None:  # http-rdf-update
    embedded, settings = store
    result = put_graph(embedded, settings, f"{EX}person/2", b"", "text/turtle")
    assert result.created and embedded.named_graphs() == [f"{EX}person/2"]
    assert embedded.graph_ntriples(f"{EX}person/2").strip() == b""
