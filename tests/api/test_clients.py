"""Common clients work unchanged: SPARQLWrapper, rdflib's SPARQLStore/SPARQLUpdateStore, plain HTTP.

Reads use the shared `service` (both backends); updates run on a private service per backend.
Every answer is checked against the seed graph.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.parse
import urllib.request
import warnings

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized
from testkit.live import WRITE_TOKEN, service_fixture

PKG = Namespace("https://w3id.org/privacy-kg/ontology#")
PKR = "https://w3id.org/privacy-kg/id/"
ORDER = URIRef(f"{PKR}legal-action/ppc-facebook-protection-order-2018")
PPC = URIRef(f"{PKR}actor/ppc")
FACEBOOK = URIRef(f"{PKR}actor/facebook-inc")
ORDER_DATE = Literal("2018-10-22", datatype=XSD.date)
SCRATCH = "https://example.org/test/clients/"
ORDERS_TO_FACEBOOK = f"""
PREFIX pkg: <{PKG}>
SELECT ?action ?date WHERE {{
  ?action a pkg:LegalAction ; pkg:issuer <{PPC}> ; pkg:target <{FACEBOOK}> ;
          pkg:kind pkg:Order ; pkg:date ?date .
}} ORDER BY ?action"""
ORDER_TRIPLES = f"CONSTRUCT {{ <{ORDER}> ?p ?o }} WHERE {{ <{ORDER}> ?p ?o }}"


@pytest.fixture(scope="module")
def endpoint(service) -> str:
    return service.url("/sparql")


def wrapper(endpoint: str, query: str, fmt: str, method: str = GET) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


def expected_rows() -> list[tuple[str, str]]:
    return [
        (f"{PKR}legal-action/ppc-facebook-hack-report-order-2018", "2018-10-22"),
        (str(ORDER), "2018-10-22"),
    ]


# -- SPARQLWrapper: SELECT and ASK ----------------------------------------------------------
@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_json(endpoint, method):
    result = wrapper(endpoint, ORDERS_TO_FACEBOOK, JSON, method).query().convert()
    rows = [(b["action"]["value"], b["date"]["value"]) for b in result["results"]["bindings"]]
    assert rows == expected_rows()
    assert result["results"]["bindings"][0]["date"]["datatype"] == str(XSD.date)


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_xml(endpoint, method):
    document = wrapper(endpoint, ORDERS_TO_FACEBOOK, XML, method).query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [action for action, _ in expected_rows()]
    dates = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert dates == ["2018-10-22", "2018-10-22"]


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_csv_and_tsv(endpoint, method):
    csv_bytes = wrapper(endpoint, ORDERS_TO_FACEBOOK, CSV, method).query().convert()
    assert [tuple(row) for row in csv.reader(io.StringIO(csv_bytes.decode()))][
        1:
    ] == expected_rows()
    tsv = wrapper(endpoint, ORDERS_TO_FACEBOOK, TSV, method).query().convert().decode().splitlines()
    assert tsv[0] == "?action\t?date"
    assert tsv[2] == f'<{ORDER}>\t"2018-10-22"^^<{XSD.date}>'


def test_sparqlwrapper_post_directly(endpoint):
    client = wrapper(endpoint, ORDERS_TO_FACEBOOK, JSON, POST)
    client.setRequestMethod(POSTDIRECTLY)
    assert len(client.query().convert()["results"]["bindings"]) == 2


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(endpoint, fmt):
    yes = (
        wrapper(
            endpoint, f"ASK {{ <{ORDER}> <{PKG.date}> ?d FILTER(?d = {ORDER_DATE.n3()}) }}", fmt
        )
        .query()
        .convert()
    )
    no = wrapper(endpoint, f"ASK {{ <{ORDER}> <{PKG.target}> <{PPC}> }}", fmt).query().convert()
    if fmt == JSON:
        assert (yes["boolean"], no["boolean"]) == (True, False)
    else:
        assert [d.getElementsByTagName("boolean")[0].firstChild.data for d in (yes, no)] == [
            "true",
            "false",
        ]


# -- SPARQLWrapper: CONSTRUCT and DESCRIBE --------------------------------------------------
def _check_order(graph: rdflib.Graph) -> None:
    assert (ORDER, PKG.date, ORDER_DATE) in graph
    assert (ORDER, PKG.issuer, PPC) in graph
    assert (ORDER, RDF.type, PKG.LegalAction) in graph


@pytest.mark.parametrize("query", [ORDER_TRIPLES, f"DESCRIBE <{ORDER}>"])
def test_sparqlwrapper_graphs_as_turtle_rdfxml_and_jsonld(endpoint, query):
    turtle = wrapper(endpoint, query, TURTLE).query()
    assert turtle.info()["content-type"].startswith("text/turtle")
    _check_order(rdflib.Graph().parse(data=turtle.convert(), format="turtle"))
    for fmt in (RDFXML, JSONLD):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser
            graph = wrapper(endpoint, query, fmt).query().convert()
        assert isinstance(graph, rdflib.Graph)
        _check_order(graph)


def test_sparqlwrapper_graph_as_ntriples_by_accept(endpoint):
    client = wrapper(endpoint, ORDER_TRIPLES, TURTLE)
    client.setOnlyConneg(True)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    result = client.query()
    assert result.info()["content-type"] == "application/n-triples; charset=utf-8"
    _check_order(rdflib.Graph().parse(data=result.response.read(), format="nt"))


def test_sparqlwrapper_sees_a_malformed_query_as_badly_formed(endpoint):
    with pytest.raises(QueryBadFormed):
        wrapper(endpoint, "SELECT * WHERE { ?s ?p }", JSON).query()


# -- rdflib's SPARQLStore -------------------------------------------------------------------
def test_rdflib_sparqlstore_answers_triple_patterns_and_queries(endpoint):
    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    assert graph.value(ORDER, PKG.date) == ORDER_DATE
    assert set(graph.objects(ORDER, PKG.reportedAs)) == {PKG.Order, PKG.Warning}
    rows = [(str(a), str(d)) for a, d in graph.query(ORDERS_TO_FACEBOOK)]
    assert rows == expected_rows()
    assert bool(graph.query(f"ASK {{ <{PPC}> <{RDFS.label}> ?label }}").askAnswer)


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_construct_in_every_method(endpoint, method):
    graph = rdflib.Graph(store=SPARQLStore(endpoint, method=method))
    _check_order(graph.query(ORDER_TRIPLES).graph)


# -- plain HTTP -----------------------------------------------------------------------------
def test_plain_urllib_get_as_curl_would_send_it(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": ORDERS_TO_FACEBOOK})
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=30
    ) as response:
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        rows = [tuple(row) for row in csv.reader(io.StringIO(response.read().decode()))]
    assert rows == [("action", "date"), *expected_rows()]


# -- updates with a token -------------------------------------------------------------------
private = service_fixture("clients")


@pytest.fixture(scope="module")
def writable(private) -> str:
    return private.url("/sparql")


def labels_in(endpoint: str, graph: str) -> set[str]:
    query = f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s <{RDFS.label}> ?l }} }}"
    result = wrapper(endpoint, query, JSON).query().convert()
    return {b["l"]["value"] for b in result["results"]["bindings"]}


def test_sparqlwrapper_update_with_a_bearer_token(writable):
    triple = f'<{SCRATCH}s> <{RDFS.label}> "via SPARQLWrapper"@en'
    update = f"INSERT DATA {{ GRAPH <{SCRATCH}wrapper> {{ {triple} }} }}"
    client = SPARQLWrapper(writable, updateEndpoint=writable)
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises(Unauthorized):
        client.query()
    assert labels_in(writable, SCRATCH + "wrapper") == set()
    client.addCustomHttpHeader("Authorization", f"Bearer {WRITE_TOKEN}")
    assert client.query().response.status == 200
    assert labels_in(writable, SCRATCH + "wrapper") == {"via SPARQLWrapper"}


def test_rdflib_sparqlupdatestore_adds_triples_to_a_named_graph(writable):
    store = SPARQLUpdateStore(
        writable, writable, headers={"Authorization": f"Bearer {WRITE_TOKEN}"}
    )
    dataset = rdflib.Dataset(store=store)
    graph = dataset.graph(URIRef(SCRATCH + "rdflib"))
    graph.add((URIRef(SCRATCH + "s"), RDFS.label, Literal("via rdflib", lang="en")))
    assert labels_in(writable, SCRATCH + "rdflib") == {"via rdflib"}
    assert (URIRef(SCRATCH + "s"), RDFS.label, Literal("via rdflib", lang="en")) in graph


def test_rdflib_update_without_a_token_is_refused(writable):
    graph = rdflib.Graph(
        store=SPARQLUpdateStore(writable, writable), identifier=URIRef(SCRATCH + "refused")
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        graph.add((URIRef(SCRATCH + "s"), RDFS.label, Literal("nope", lang="en")))
    assert raised.value.code == 401
    assert labels_in(writable, SCRATCH + "refused") == set()
