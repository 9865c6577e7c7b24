"""Tests for capped result rendering (privacy_kg.sparql.results), against pyoxigraph's
own serialisation of the same queries."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from privacy_kg.sparql.errors import MalformedResults
from privacy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
from privacy_kg.sparql.results import (
    render_boolean,
    render_ntriples_bytes,
    render_solutions,
    render_triples,
    render_tsv_bytes,
)

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SELECT_ALL = "SELECT ?s ?p ?o ?extra WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?extra } } ORDER BY ?s ?p ?o"
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def solutions(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return result


def triples(store: ox.Store, query: str) -> ox.QueryTriples:
    result = store.query(query)
    assert isinstance(result, ox.QueryTriples)
    return result


def direct(store: ox.Store, query: str, fmt: Format) -> bytes | None:
    """pyoxigraph's own serialisation of the whole answer."""
    result = store.query(query)
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=fmt.rdf_format)
    return result.serialize(format=fmt.results_format)


TRICKY_OBJECTS: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = [
    ox.Literal("line one\nline two\r\nthree"),
    ox.Literal('tab\there, quote " and backslash \\'),
    ox.Literal("ends with a newline\n", language="en-GB"),
    ox.Literal("Grüße, 東京, \U0001d11e"),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("-1.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("1.0E3", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("2024-05-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("x", datatype=n("customType")),
    ox.Literal(""),
    ox.BlankNode("b0"),
    n("iri?with=query&and#frag"),
]


@pytest.fixture()
def store() -> ox.Store:
    store = ox.Store()
    quads = [ox.Quad(n(f"s{i:02d}"), n("p"), obj) for i, obj in enumerate(TRICKY_OBJECTS)]
    quads.append(ox.Quad(ox.BlankNode("b0"), n("p"), n("o")))
    store.extend(quads)
    return store


@pytest.fixture()
def star_store(store: ox.Store) -> ox.Store:
    store.add(ox.Quad(n("claim"), n("states"), ox.Triple(n("a"), n("b"), ox.Literal("c\nd"))))
    return store


@pytest.mark.parametrize("fmt", RESULT_FORMATS.formats, ids=lambda f: f.key)
def test_solutions_match_direct_serialisation(star_store: ox.Store, fmt: Format) -> None:
    rendered = render_solutions(solutions(star_store, SELECT_ALL), fmt)
    assert rendered.body == direct(star_store, SELECT_ALL, fmt)
    assert (rendered.truncated, rendered.rows) == (False, len(TRICKY_OBJECTS) + 2)
    assert rendered.media_type == fmt.media_type
    assert rendered.content_type == fmt.content_type


def test_tsv_keeps_one_row_per_line(store: ox.Store) -> None:
    rendered = render_solutions(solutions(store, SELECT_ALL), RESULT_FORMATS["tsv"])
    assert rendered.rows == len(TRICKY_OBJECTS) + 1
    assert rendered.body.count(b"\n") == rendered.rows + 1
    assert b'"line one\\nline two\\r\\nthree"' in rendered.body


@pytest.mark.parametrize("fmt", GRAPH_FORMATS.formats, ids=lambda f: f.key)
def test_triples_match_direct_serialisation(store: ox.Store, fmt: Format) -> None:
    rendered = render_triples(triples(store, CONSTRUCT_ALL), fmt)
    assert rendered.body == direct(store, CONSTRUCT_ALL, fmt)
    assert (rendered.truncated, rendered.rows) == (False, len(TRICKY_OBJECTS) + 1)


@pytest.mark.parametrize("key", ["turtle", "ntriples", "rdfxml"])
def test_triple_terms_match_direct_serialisation(star_store: ox.Store, key: str) -> None:
    fmt = GRAPH_FORMATS[key]
    rendered = render_triples(triples(star_store, CONSTRUCT_ALL), fmt)
    assert rendered.body == direct(star_store, CONSTRUCT_ALL, fmt)


def test_prefixes_shorten_turtle(store: ox.Store) -> None:
    rendered = render_triples(
        triples(store, CONSTRUCT_ALL), GRAPH_FORMATS["turtle"], prefixes={"ex": EX}
    )
    assert rendered.body.startswith(b"@prefix ex: <http://example.org/> .")
    assert set(ox.parse(rendered.body, format=ox.RdfFormat.TURTLE)) == set(store)


@pytest.mark.parametrize("fmt", RESULT_FORMATS.formats, ids=lambda f: f.key)
def test_cap_keeps_the_first_rows(store: ox.Store, fmt: Format) -> None:
    cap = 5
    rendered = render_solutions(solutions(store, SELECT_ALL), fmt, cap)
    assert (rendered.truncated, rendered.rows) == (True, cap)
    expected = direct(store, SELECT_ALL + f" LIMIT {cap}", fmt)
    assert rendered.body == expected


def test_cap_equal_to_the_row_count_is_not_truncation(store: ox.Store) -> None:
    rows = len(TRICKY_OBJECTS) + 1
    exact = render_solutions(solutions(store, SELECT_ALL), RESULT_FORMATS["json"], rows)
    assert (exact.truncated, exact.rows) == (False, rows)
    one_less = render_solutions(solutions(store, SELECT_ALL), RESULT_FORMATS["json"], rows - 1)
    assert (one_less.truncated, one_less.rows) == (True, rows - 1)


def test_cap_zero_keeps_the_header(store: ox.Store) -> None:
    rendered = render_solutions(solutions(store, SELECT_ALL), RESULT_FORMATS["json"], 0)
    assert rendered.body == b'{"head":{"vars":["s","p","o","extra"]},"results":{"bindings":[]}}'
    assert (rendered.truncated, rendered.rows) == (True, 0)
    with pytest.raises(ValueError):
        render_solutions(solutions(store, SELECT_ALL), RESULT_FORMATS["json"], -1)


def test_wrong_kind_of_format_fails_before_evaluation(store: ox.Store) -> None:
    with pytest.raises(TypeError, match="not a SPARQL results format"):
        render_solutions(solutions(store, SELECT_ALL), GRAPH_FORMATS["turtle"])
    with pytest.raises(TypeError, match="not an RDF format"):
        render_triples(triples(store, CONSTRUCT_ALL), RESULT_FORMATS["json"])


def test_triples_cap(store: ox.Store) -> None:
    rendered = render_triples(triples(store, CONSTRUCT_ALL), GRAPH_FORMATS["turtle"], 3)
    assert (rendered.truncated, rendered.rows) == (True, 3)
    assert len(list(ox.parse(rendered.body, format=ox.RdfFormat.TURTLE))) == 3


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("SELECT ?x WHERE { FILTER(false) }", b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'),
        ("SELECT * WHERE {}", b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'),
        ("SELECT * WHERE { FILTER(false) }", b'{"head":{"vars":[]},"results":{"bindings":[]}}'),
    ],
)
def test_empty_shapes(store: ox.Store, query: str, body: bytes) -> None:
    rendered = render_solutions(solutions(store, query), RESULT_FORMATS["json"])
    assert rendered.body == body == direct(store, query, RESULT_FORMATS["json"])
    assert rendered.truncated is False


def test_empty_graph(store: ox.Store) -> None:
    rendered = render_triples(
        triples(store, "CONSTRUCT WHERE { ?s <http://none> ?o }"), GRAPH_FORMATS["turtle"]
    )
    assert (rendered.body, rendered.rows, rendered.truncated) == (b"", 0, False)


def test_plain_iterables_of_triples_are_rendered() -> None:
    triples = (ox.Triple(n(f"s{i}"), n("p"), ox.Literal(i)) for i in range(10))
    rendered = render_triples(triples, GRAPH_FORMATS["ntriples"], 4)
    assert (rendered.truncated, rendered.rows) == (True, 4)
    assert (
        rendered.body.splitlines()[0]
        == b'<http://example.org/s0> <http://example.org/p> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )


def test_cap_stops_a_cross_product_early() -> None:
    store = ox.Store()
    store.extend(ox.Quad(n(f"s{i}"), n("p"), ox.Literal(i)) for i in range(3000))
    pattern = "{ ?a ?p ?b . ?c ?q ?d }"  # 9 million rows
    started = time.perf_counter()
    rendered = render_solutions(
        solutions(store, f"SELECT * WHERE {pattern}"), RESULT_FORMATS["json"], 1000
    )
    assert (rendered.truncated, rendered.rows) == (True, 1000)
    construct = f"CONSTRUCT {{ ?a ?p ?d }} WHERE {pattern}"
    graph = render_triples(triples(store, construct), GRAPH_FORMATS["turtle"], 1000)
    assert (graph.truncated, graph.rows) == (True, 1000)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("fmt", RESULT_FORMATS.formats, ids=lambda f: f.key)
def test_remote_tsv_takes_the_same_path(star_store: ox.Store, fmt: Format) -> None:
    tsv = solutions(star_store, SELECT_ALL).serialize(format=ox.QueryResultsFormat.TSV)
    assert tsv is not None
    full = render_tsv_bytes(tsv, fmt)
    assert full.body == render_solutions(solutions(star_store, SELECT_ALL), fmt).body
    assert (full.truncated, full.rows) == (False, len(TRICKY_OBJECTS) + 2)
    capped = render_tsv_bytes(tsv.rstrip(b"\n"), fmt, 4)  # no final newline
    assert capped.body == render_solutions(solutions(star_store, SELECT_ALL), fmt, 4).body
    assert (capped.truncated, capped.rows) == (True, 4)


def test_remote_tsv_errors() -> None:
    with pytest.raises(MalformedResults) as caught:
        render_tsv_bytes(b"?x\n<unclosed\n", RESULT_FORMATS["json"])
    assert caught.value.type == "malformed-results"
    with pytest.raises(MalformedResults, match="header"):
        render_tsv_bytes(b"", RESULT_FORMATS["json"])


def test_remote_ntriples_take_the_same_path(store: ox.Store) -> None:
    nt = triples(store, CONSTRUCT_ALL).serialize(format=ox.RdfFormat.N_TRIPLES)
    assert nt is not None
    noisy = b"# a comment\n\n" + nt.replace(b" .\n", b" . # trailing\n", 1) + b"  \n# end"
    for key in ("turtle", "ntriples"):
        fmt = GRAPH_FORMATS[key]
        full = render_ntriples_bytes(noisy, fmt)
        assert set(ox.parse(full.body, format=fmt.rdf_format)) == set(store)
        assert (full.truncated, full.rows) == (False, len(TRICKY_OBJECTS) + 1)
    capped = render_ntriples_bytes(noisy, GRAPH_FORMATS["turtle"], 2)
    assert (capped.truncated, capped.rows) == (True, 2)
    assert len(list(ox.parse(capped.body, format=ox.RdfFormat.TURTLE))) == 2
    with pytest.raises(MalformedResults):
        render_ntriples_bytes(b"<a> <b> .\n", GRAPH_FORMATS["turtle"])


@pytest.mark.parametrize("fmt", RESULT_FORMATS.formats, ids=lambda f: f.key)
@pytest.mark.parametrize("value", [True, False])
def test_boolean(store: ox.Store, fmt: Format, value: bool) -> None:
    rendered = render_boolean(value, fmt)
    query = "ASK { ?s ?p ?o }" if value else "ASK { ?s <http://none> ?o }"
    assert rendered.body == direct(store, query, fmt)
    assert (rendered.rows, rendered.truncated) == (None, False)
    if fmt.key in ("csv", "tsv"):
        assert rendered.body == (b"true" if value else b"false")
    answer = store.query(query)
    assert isinstance(answer, ox.QueryBoolean)
    assert render_boolean(answer, fmt).body == rendered.body
