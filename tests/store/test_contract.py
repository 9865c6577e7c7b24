"""The `Store` contract, run against both backends: the embedded store (with its query worker) and a
`RemoteStore` talking to a real `oxigraph serve` process on loopback. Same data, same assertions."""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from testkit.live import start_oxigraph, stop

from privacy_kg.errors import QuerySyntaxError, QueryTimeout
from privacy_kg.sparql.formats import DATASET_FORMATS, GRAPH_FORMATS, RESULT_FORMATS
from privacy_kg.store import EmbeddedStore, QueryRequest, Store, Term
from privacy_kg.store.remote import RemoteStore

from . import BULK, BULK_SIZE, EX, RUNAWAY, XSD, bulk_ntriples, ntriples

BACKENDS = ["embedded", "remote"]
TIMEOUT_S = 3  # an int: `oxigraph serve --timeout-s` takes whole seconds
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
G1, G2 = EX + "graph/one", EX + "graph/two"
NASTY = 'say "hi"\nthen \\ leave } } ; DROP ALL ; # \' """'
INJECTION = '" } UNION { ?s ?p ?o } #'
G1_DATA = [
    (EX + "a", LABEL, ox.Literal("alpha", language="en")),
    (EX + "a", LABEL, ox.Literal("Alpha", language="de")),
    (EX + "a", EX + "age", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
    (EX + "a", EX + "knows", ox.NamedNode(EX + "b")),
    (EX + "b", LABEL, ox.Literal("beta")),
    (EX + "b", EX + "born", ox.Literal("2001-02-03", datatype=ox.NamedNode(XSD + "date"))),
    (EX + "c", LABEL, ox.Literal(NASTY)),
    (EX + "e", LABEL, ox.Literal(INJECTION)),
]
G2_DATA = [(EX + "d", LABEL, ox.Literal("delta")), (EX + "a", EX + "knows", ox.NamedNode(EX + "d"))]
LABELS = f"SELECT ?s ?label WHERE {{ GRAPH <{G1}> {{ ?s <{LABEL}> ?label }} }} ORDER BY ?s ?label"


def _open(backend: str, workdir: Path) -> tuple[Store, list]:
    if backend == "embedded":
        store: Store = EmbeddedStore(workdir / "store", timeout_s=TIMEOUT_S, max_concurrent=4)
        cleanups: list = []
    else:
        server = start_oxigraph(workdir / "oxigraph", timeout_s=TIMEOUT_S)
        store = RemoteStore(
            server.query_url,
            update_url=server.update_url,
            store_url=server.store_url,
            timeout_s=TIMEOUT_S,
            max_concurrent=4,
        )
        cleanups = [lambda: stop(server.process)]
    store.replace_graphs({G1: ntriples(G1_DATA), G2: ntriples(G2_DATA), BULK: bulk_ntriples()})
    store.start()
    return store, [store.close, *cleanups]


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """Both backends, holding the same data, for the whole module."""
    opened: dict[str, Store] = {}
    cleanups: list = []
    try:
        for backend in BACKENDS:
            store, more = _open(backend, tmp_path_factory.mktemp(backend))
            opened[backend] = store
            cleanups += more
        yield opened
    finally:
        for cleanup in cleanups:
            cleanup()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, backends: dict[str, Store]) -> Store:
    return backends[request.param]


def select(store: Store, text: str, **options) -> list[dict[str, str]]:
    """Rows as {variable: N-Triples term}, read back from the JSON rendering."""
    rendered = store.query(QueryRequest(text, format="json", **options))
    solutions = ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.JSON)
    names = [v.value for v in solutions.variables]
    return [{n: str(row[n]) for n in names if row[n] is not None} for row in solutions]


def result_rows(rendered_body: bytes, fmt: str) -> list[tuple[str, ...]]:
    """Values of each row (CSV, being lossy, is read with the csv module)."""
    if fmt == "csv":
        return [tuple(row) for row in csv.reader(io.StringIO(rendered_body.decode()))][1:]
    solutions = ox.parse_query_results(rendered_body, format=RESULT_FORMATS[fmt].results_format)
    return [tuple(term.value if term else "" for term in row) for row in solutions]


def triples(store: Store, text: str, fmt: str = "ntriples", **options) -> set[str]:
    rendered = store.query(QueryRequest(text, format=fmt, **options))
    return {str(t) for t in ox.parse(rendered.body, format=GRAPH_FORMATS[fmt].rdf_format)}


# -- query forms and formats ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", [f.key for f in RESULT_FORMATS.formats])
def test_select_in_every_result_format(store: Store, fmt: str) -> None:
    rendered = store.query(QueryRequest(LABELS, format=fmt))
    assert rendered.media_type == RESULT_FORMATS[fmt].media_type
    assert (rendered.rows, rendered.truncated) == (5, False)
    values = result_rows(rendered.body, fmt)
    assert values[:3] == [(EX + "a", "Alpha"), (EX + "a", "alpha"), (EX + "b", "beta")]
    assert (EX + "c", NASTY) in values


@pytest.mark.parametrize("fmt", [f.key for f in RESULT_FORMATS.formats])
def test_ask_in_every_result_format(store: Store, fmt: str) -> None:
    parse_format = RESULT_FORMATS[fmt].results_format
    for text, expected in ((f"ASK {{ <{EX}a> <{EX}knows> <{EX}b> }}", True), (f"ASK {{ <{EX}b> ?p <{EX}a> }}", False)):
        rendered = store.query(QueryRequest(text, format=fmt))
        assert rendered.media_type == RESULT_FORMATS[fmt].media_type and rendered.rows is None
        if fmt in ("csv", "tsv"):  # the CSV/TSV results formats define no boolean; the engine writes it
            assert rendered.body.strip().lower().endswith(str(expected).lower().encode())
        else:
            assert bool(ox.parse_query_results(rendered.body, format=parse_format)) is expected


@pytest.mark.parametrize("fmt", [f.key for f in GRAPH_FORMATS.formats])
def test_construct_in_every_graph_format(store: Store, fmt: str) -> None:
    text = f"CONSTRUCT {{ ?s <{LABEL}> ?o }} WHERE {{ GRAPH <{G1}> {{ ?s <{LABEL}> ?o }} }}"
    expected = {str(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)) for s, p, o in G1_DATA if p == LABEL}
    assert triples(store, text, fmt) == expected


def test_describe(store: Store) -> None:
    described = triples(store, f"DESCRIBE <{EX}b>")
    assert described == {f'<{EX}b> <{LABEL}> "beta"', f'<{EX}b> <{EX}born> "2001-02-03"^^<{XSD}date>'}


def test_both_backends_render_identical_bytes(backends: dict[str, Store]) -> None:
    requests = [QueryRequest(LABELS, format=f.key) for f in RESULT_FORMATS.formats]
    requests += [QueryRequest(f"ASK {{ <{EX}a> ?p ?o }}", format=f.key) for f in RESULT_FORMATS.formats]
    requests += [
        QueryRequest(
            f"CONSTRUCT {{ <{EX}a> ?p ?o }} WHERE {{ GRAPH <{G1}> {{ <{EX}a> ?p ?o }} }} ORDER BY ?p ?o", format=f.key
        )
        for f in GRAPH_FORMATS.formats
    ]
    requests.append(QueryRequest(LABELS, format="json", bindings=(("s", Term.iri(EX + "a")),)))
    for request in requests:
        embedded, remote = (backends[b].query(request) for b in BACKENDS)
        assert embedded == remote, request


# -- datasets ----------------------------------------------------------------------------------------
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def count(store: Store, text: str = COUNT, **options) -> int:
    return int(select(store, text, **options)[0]["n"].split('"')[1])


def test_default_graph_is_the_union_of_all_graphs(store: Store) -> None:
    assert count(store) == len(G1_DATA) + len(G2_DATA) + BULK_SIZE


def test_default_graph_uri_narrows_the_default_graph(store: Store) -> None:
    assert count(store, default_graphs=(G1,)) == len(G1_DATA)
    assert count(store, default_graphs=(G1, G2)) == len(G1_DATA) + len(G2_DATA)
    assert select(store, GRAPHS, default_graphs=(G1,)) == [{"g": f"<{g}>"} for g in sorted((BULK, G1, G2))]


def test_named_graph_uri_narrows_the_named_graphs(store: Store) -> None:
    assert select(store, GRAPHS, named_graphs=(G2,)) == [{"g": f"<{G2}>"}]
    assert count(store, named_graphs=(G2,)) == len(G1_DATA) + len(G2_DATA) + BULK_SIZE
    both = select(store, GRAPHS, default_graphs=(G2,), named_graphs=(G1,))
    assert both == [{"g": f"<{G1}>"}] and count(store, default_graphs=(G2,), named_graphs=(G1,)) == len(G2_DATA)


# -- bindings: named queries project the variables they bind (pyoxigraph requires it) ----------------
BY_LABEL = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s"
BY_VALUE = "SELECT ?s ?value WHERE { ?s ?p ?value } ORDER BY ?s"


def test_bind_an_iri(store: Store) -> None:
    rows = select(store, LABELS, bindings=(("s", Term.iri(EX + "b")),))
    assert rows == [{"s": f"<{EX}b>", "label": '"beta"'}]


def test_bind_a_literal_with_a_language(store: Store) -> None:
    alpha = Term.literal("alpha", language="en")
    assert select(store, BY_LABEL, bindings=(("label", alpha),)) == [{"s": f"<{EX}a>", "label": '"alpha"@en'}]
    assert select(store, BY_LABEL, bindings=(("label", Term.literal("alpha", language="fr")),)) == []


def test_bind_typed_literals(store: Store) -> None:
    integer = f'"42"^^<{XSD}integer>'
    rows = select(store, BY_VALUE, bindings=(("value", Term.literal("42", XSD + "integer")),))
    assert rows == [{"s": f"<{EX}a>", "value": integer}, {"s": f"<{EX}n42>", "value": integer}]
    born = Term.literal("2001-02-03", XSD + "date")
    assert [row["s"] for row in select(store, BY_VALUE, bindings=(("value", born),))] == [f"<{EX}b>"]
    assert select(store, BY_VALUE, bindings=(("value", Term.literal("42")),)) == []


@pytest.mark.parametrize("value", [NASTY, INJECTION, "} } ; DELETE WHERE { ?s ?p ?o } #", '\\" . }'])
def test_bound_strings_stay_data(store: Store, value: str) -> None:
    before = store.quad_count()
    rows = select(store, BY_LABEL, bindings=(("label", Term.literal(value)),))
    expected = {NASTY: [f"<{EX}c>"], INJECTION: [f"<{EX}e>"]}.get(value, [])
    assert [row["s"] for row in rows] == expected
    assert all(row["label"] == str(ox.Literal(value)) for row in rows)  # the value comes back unchanged
    assert store.quad_count() == before


def test_bindings_in_every_query_form(store: Store) -> None:
    knows = f"<{EX}knows>"
    bound = (("x", Term.iri(EX + "a")),)
    assert select(store, f"SELECT ?x ?y WHERE {{ ?x {knows} ?y }} ORDER BY ?y", bindings=bound) == [
        {"x": f"<{EX}a>", "y": f"<{EX}b>"},
        {"x": f"<{EX}a>", "y": f"<{EX}d>"},
    ]
    ask = store.query(QueryRequest(f"ASK {{ ?x {knows} <{EX}d> }}", bindings=bound))
    assert ask.body.endswith(b"true}")
    ask = store.query(QueryRequest(f"ASK {{ ?x {knows} <{EX}d> }}", bindings=(("x", Term.iri(EX + "b")),)))
    assert ask.body.endswith(b"false}")
    construct = f"CONSTRUCT {{ ?y <{EX}knownBy> ?x }} WHERE {{ GRAPH <{G2}> {{ ?x {knows} ?y }} }}"
    assert triples(store, construct, bindings=bound) == {f"<{EX}d> <{EX}knownBy> <{EX}a>"}
    assert triples(store, "DESCRIBE ?x WHERE { ?x ?p ?o }", bindings=(("x", Term.iri(EX + "d")),)) == {
        f'<{EX}d> <{LABEL}> "delta"'
    }
    grouped = f"SELECT ?x (COUNT(?y) AS ?n) WHERE {{ ?x {knows} ?y }} GROUP BY ?x"
    assert select(store, grouped, bindings=bound) == [{"x": f"<{EX}a>", "n": f'"2"^^<{XSD}integer>'}]


# -- limits --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "tsv", "csv", "xml"])
def test_row_cap_truncates_select(store: Store, fmt: str) -> None:
    text = f"SELECT ?s WHERE {{ GRAPH <{BULK}> {{ ?s ?p ?o }} }} ORDER BY ?s"
    capped = store.query(QueryRequest(text, format=fmt, cap=10))
    assert (capped.rows, capped.truncated) == (10, True)
    assert len(result_rows(capped.body, fmt)) == 10
    exact = store.query(QueryRequest(text, format=fmt, cap=BULK_SIZE))
    assert (exact.rows, exact.truncated) == (BULK_SIZE, False)


def test_row_cap_truncates_construct(store: Store) -> None:
    text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BULK}> {{ ?s ?p ?o }} }}"
    capped = store.query(QueryRequest(text, format="turtle", cap=7))
    assert (capped.rows, capped.truncated) == (7, True)
    assert len(list(ox.parse(capped.body, format=ox.RdfFormat.TURTLE))) == 7


def test_capped_cross_product_answers_fast(store: Store) -> None:
    """The cap stops evaluation (embedded) or the download (remote) long before 3e9 rows."""
    text = f"SELECT * WHERE {{ GRAPH <{BULK}> {{ ?a ?b ?c }} GRAPH <{BULK}> {{ ?d ?e ?f }} GRAPH <{BULK}> {{ ?g ?h ?i }} }}"
    started = time.monotonic()
    capped = store.query(QueryRequest(text, format="json", cap=100))
    assert (capped.rows, capped.truncated) == (100, True)
    assert time.monotonic() - started < 2.0


def test_runaway_query_times_out_while_others_are_served(store: Store) -> None:
    answers: dict[str, float] = {}

    def ask() -> None:
        time.sleep(0.3)
        started = time.monotonic()
        assert b"true" in store.query(QueryRequest("ASK {}")).body
        answers["ask"] = time.monotonic() - started

    other = threading.Thread(target=ask)
    other.start()
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.query(QueryRequest(RUNAWAY, timeout_s=1.0))
    elapsed = time.monotonic() - started
    other.join(10)
    assert 0.9 < elapsed < 3.0
    assert answers["ask"] < 1.0


def test_syntax_errors_name_the_position(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        store.query(QueryRequest("SELECT * WHERE { ?s ?p ?o "))
    assert "1:27" in error.value.message
    with pytest.raises(QuerySyntaxError) as error:
        store.query(QueryRequest("SELECT * WHERE {\n  ?s ?p 'open }"))
    assert re.search(r"\b2:\d+|line 2, column \d+", error.value.message)
    with pytest.raises(QuerySyntaxError) as error:
        store.update("INSERT DATA { <http://example.org/x> <http://example.org/y> }")
    assert "1:" in error.value.message


# -- writes, graphs and dumps ---------------------------------------------------------------------
def test_replace_graphs_replaces_and_drops(store: Store) -> None:
    g3, g4 = EX + "graph/three", EX + "graph/four"
    before = store.quad_count()
    store.replace_graphs({g3: ntriples([(EX + "x", EX + "p", ox.Literal("1"))]), g4: ntriples(G2_DATA)})
    assert {g3, g4} <= set(store.named_graphs()) and store.quad_count() == before + 1 + len(G2_DATA)
    store.replace_graphs({g3: ntriples([(EX + "x", EX + "p", ox.Literal("2"))])}, drop=[g4])
    assert store.graph_ntriples(g3).strip() == f'<{EX}x> <{EX}p> "2" .'.encode()
    assert g4 not in store.named_graphs() and store.graph_ntriples(g4) == b""
    store.replace_graphs({}, drop=[g3])
    assert store.quad_count() == before and g3 not in store.named_graphs()


def test_replace_graphs_is_all_or_nothing(store: Store) -> None:
    before_g1, before_count = store.graph_ntriples(G1), store.quad_count()
    broken = ntriples(G2_DATA) + b'<http://example.org/x> <http://example.org/p> "unterminated .\n'
    with pytest.raises(QuerySyntaxError):
        store.replace_graphs({G1: ntriples(G2_DATA), EX + "graph/new": broken}, drop=[G2])
    assert store.graph_ntriples(G1) == before_g1
    assert store.quad_count() == before_count and G2 in store.named_graphs()
    assert select(store, 'SELECT ?s WHERE { ?s ?p "delta" }') == [{"s": f"<{EX}d>"}]


def test_a_write_is_visible_to_the_next_query(store: Store) -> None:
    graph = EX + "graph/visible"
    for i in range(5):
        store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}v{i}> <{EX}p> "{i}" }} }}')
        assert store.query(QueryRequest(f"ASK {{ <{EX}v{i}> <{EX}p> ?o }}")).body.endswith(b"true}")
    store.replace_graphs({}, drop=[graph])


def test_named_graphs_and_quad_count(store: Store) -> None:
    assert {G1, G2, BULK} <= set(store.named_graphs())
    assert store.named_graphs() == sorted(store.named_graphs())
    assert store.quad_count() == count(store)


def test_graph_ntriples_returns_one_graph(store: Store) -> None:
    assert store.graph_ntriples(None) == b""  # the real default graph: everything here is in named graphs
    parsed = {str(t) for t in ox.parse(store.graph_ntriples(G2), format=ox.RdfFormat.N_TRIPLES)}
    assert parsed == {str(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)) for s, p, o in G2_DATA}


@pytest.mark.parametrize("fmt", [f.key for f in DATASET_FORMATS.formats])
def test_dump_round_trips(store: Store, fmt: str) -> None:
    output = io.BytesIO()
    store.dump(output, fmt)
    quads = list(ox.parse(output.getvalue(), format=DATASET_FORMATS[fmt].rdf_format))
    assert len(quads) == store.quad_count()
    assert sorted({q.graph_name.value for q in quads}) == store.named_graphs()
    nasty = [q for q in quads if q.subject == ox.NamedNode(EX + "c")]
    assert [q.object.value for q in nasty] == [NASTY]
