"""SPARQL 1.1 Protocol at /sparql over HTTP, against both backends (the `service` fixture).

Every answer is checked against the seed graph: the PPC's order to Facebook of 2018-10-22 and the
two legal actions of the Japan Times article's graph.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD
from testkit.live import client_fixture

PKG = "https://w3id.org/privacy-kg/ontology#"
PKR = "https://w3id.org/privacy-kg/id/"
ORDER = f"{PKR}legal-action/ppc-facebook-protection-order-2018"
PPC = f"{PKR}actor/ppc"
ARTICLE_GRAPH = "https://w3id.org/privacy-kg/graph/article/2018-10-22-japantimes-facebook-ppc-order"
ENTITIES = "https://w3id.org/privacy-kg/graph/entities"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"

ORDER_DATE = f"SELECT ?date WHERE {{ <{ORDER}> <{PKG}date> ?date ; <{PKG}issuer> <{PPC}> }}"
ORDER_GRAPH = f"CONSTRUCT {{ <{ORDER}> ?p ?o }} WHERE {{ <{ORDER}> ?p ?o }}"
LEGAL_ACTIONS = f"SELECT ?a WHERE {{ ?a a <{PKG}LegalAction> }} ORDER BY ?a"


http = client_fixture()


def error(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) >= {"type", "message"}, body
    return body


# -- query operation: the three ways to send a query ----------------------------------------
def test_get_query_returns_the_order_date_as_sparql_json(http):
    response = http.get("/sparql", params={"query": ORDER_DATE})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert "accept" in response.headers["vary"].lower()
    binding = response.json()["results"]["bindings"][0]["date"]
    assert binding == {"type": "literal", "value": "2018-10-22", "datatype": str(XSD.date)}


def test_post_form_query(http):
    response = http.post("/sparql", data={"query": ORDER_DATE}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(response.text))) == [["date"], ["2018-10-22"]]


def test_post_direct_query_in_utf8_with_japanese(http):
    query = f'SELECT ?who WHERE {{ ?who <{RDFS.label}> "個人情報保護委員会"@ja }}'
    response = http.post(
        "/sparql",
        content=query.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query; charset=UTF-8",
            "Accept": "text/tab-separated-values",
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert response.text.splitlines() == ["?who", f"<{PPC}>"]


def test_post_direct_bodies_must_be_utf8(http):
    """The SPARQL media types are UTF-8 only (W3C protocol tests bad_query_non_utf8)."""
    response = http.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert response.status_code == 415
    assert "UTF-8" in error(response)["message"]


def test_head_answers_like_get_without_a_body(http):
    get = http.get("/sparql", params={"query": ORDER_DATE, "format": "xml"})
    head = http.head("/sparql", params={"query": ORDER_DATE, "format": "xml"})
    assert head.status_code == 200
    assert (
        head.headers["content-type"]
        == get.headers["content-type"]
        == "application/sparql-results+xml; charset=utf-8"
    )
    assert head.content == b""


# -- result formats -------------------------------------------------------------------------
def test_select_in_every_results_format(http):
    json_body = http.get(
        "/sparql",
        params={"query": LEGAL_ACTIONS},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    expected = [b["a"]["value"] for b in json_body["results"]["bindings"]]
    assert ORDER in expected and len(expected) >= 13

    xml = http.get(
        "/sparql",
        params={"query": LEGAL_ACTIONS},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert xml.headers["content-type"] == "application/sparql-results+xml; charset=utf-8"
    uris = [e.text for e in ET.fromstring(xml.content).iter(f"{SRX}uri")]
    assert uris == expected

    csv_text = http.get(
        "/sparql", params={"query": LEGAL_ACTIONS}, headers={"Accept": "text/csv"}
    ).text
    assert [row[0] for row in csv.reader(io.StringIO(csv_text))] == ["a", *expected]

    tsv = http.get(
        "/sparql", params={"query": LEGAL_ACTIONS}, headers={"Accept": "text/tab-separated-values"}
    )
    assert tsv.text.splitlines() == ["?a", *(f"<{a}>" for a in expected)]


def test_ask_in_json_xml_csv_and_tsv(http):
    ask = f"ASK {{ <{ORDER}> <{PKG}target> <{PKR}actor/facebook-inc> }}"
    assert http.get("/sparql", params={"query": ask}).json()["boolean"] is True
    xml = http.get("/sparql", params={"query": ask, "format": "xml"})
    assert ET.fromstring(xml.content).find(f"{SRX}boolean").text == "true"
    assert http.get("/sparql", params={"query": ask, "format": "csv"}).text.strip().endswith("true")
    no = f"ASK {{ <{ORDER}> <{PKG}target> <{PPC}> }}"
    assert http.get("/sparql", params={"query": no}).json()["boolean"] is False


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples; charset=utf-8", "nt"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_construct_and_describe_in_every_graph_format(http, accept, media_type, rdflib_format):
    for query in (ORDER_GRAPH, f"DESCRIBE <{ORDER}>"):
        response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == media_type
        graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
        assert (
            URIRef(ORDER),
            URIRef(PKG + "date"),
            Literal("2018-10-22", datatype=XSD.date),
        ) in graph
        assert (URIRef(ORDER), URIRef(PKG + "issuer"), URIRef(PPC)) in graph


# -- negotiation ----------------------------------------------------------------------------
def test_accept_quality_values_choose_the_format(http):
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    response = http.get("/sparql", params={"query": ORDER_DATE}, headers={"Accept": accept})
    assert response.headers["content-type"] == "application/sparql-results+xml; charset=utf-8"
    turtle_first = "application/rdf+xml;q=0.2, text/turtle"
    response = http.get("/sparql", params={"query": ORDER_GRAPH}, headers={"Accept": turtle_first})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("name", ["format", "output", "results"])
def test_format_parameters_win_over_accept(http, name):
    response = http.get(
        "/sparql", params={"query": ORDER_DATE, name: "tsv"}, headers={"Accept": "application/json"}
    )
    assert response.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert response.text.splitlines()[1] == f'"2018-10-22"^^<{XSD.date}>'


def test_unknown_format_values_fall_back_to_accept_as_sparqlwrapper_sends_them(http):
    # SPARQLWrapper repeats its choice in format/output/results, with values like "n3".
    params = [("query", ORDER_GRAPH), ("format", "n3"), ("output", "n3"), ("results", "n3")]
    response = http.get(
        "/sparql", params=params, headers={"Accept": "text/n3, application/n-triples"}
    )
    assert response.headers["content-type"] == "application/n-triples; charset=utf-8"


def test_unsupported_format_is_406_listing_the_types(http):
    response = http.get("/sparql", params={"query": ORDER_DATE}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    message = error(response)["message"]
    for media_type in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        assert media_type in message
    bad_param = http.get("/sparql", params={"query": ORDER_GRAPH, "format": "yaml"})
    assert bad_param.status_code == 406
    assert "text/turtle" in error(bad_param)["message"]


# -- dataset --------------------------------------------------------------------------------
def test_default_graph_uri_narrows_the_default_graph(http):
    narrowed = http.get(
        "/sparql", params={"query": LEGAL_ACTIONS, "default-graph-uri": ARTICLE_GRAPH}
    ).json()
    actions = [b["a"]["value"] for b in narrowed["results"]["bindings"]]
    assert actions == [f"{PKR}legal-action/ppc-facebook-hack-report-order-2018", ORDER]
    elsewhere = http.get(
        "/sparql", params={"query": LEGAL_ACTIONS, "default-graph-uri": ENTITIES}
    ).json()
    assert elsewhere["results"]["bindings"] == []


def test_repeated_default_graph_uri_and_named_graph_uri(http):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    params = [("query", query), ("named-graph-uri", ENTITIES), ("named-graph-uri", ARTICLE_GRAPH)]
    graphs = [
        b["g"]["value"] for b in http.get("/sparql", params=params).json()["results"]["bindings"]
    ]
    assert graphs == [ARTICLE_GRAPH, ENTITIES]
    two = [
        ("query", LEGAL_ACTIONS),
        ("default-graph-uri", ARTICLE_GRAPH),
        ("default-graph-uri", ENTITIES),
    ]
    assert len(http.get("/sparql", params=two).json()["results"]["bindings"]) == 2


def test_from_narrows_the_default_graph(http):
    query = LEGAL_ACTIONS.replace("WHERE", f"FROM <{ARTICLE_GRAPH}> WHERE")
    bindings = http.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert len(bindings) == 2


def test_dataset_parameters_in_a_post_form(http):
    response = http.post(
        "/sparql",
        data={"query": LEGAL_ACTIONS, "default-graph-uri": ARTICLE_GRAPH, "format": "json"},
    )
    assert len(response.json()["results"]["bindings"]) == 2


def test_a_relative_graph_iri_is_a_bad_parameter(http):
    response = http.get(
        "/sparql", params={"query": LEGAL_ACTIONS, "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in error(response)["message"]


# -- errors ---------------------------------------------------------------------------------
def test_malformed_query_is_400_with_the_parser_message_and_position(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    message = error(response)["message"]
    assert "2:" in message or "line 2" in message, message


def test_lexical_error_is_400_with_line_and_column(http):
    response = http.post("/sparql", data={"query": 'SELECT * WHERE { ?s ?p "open }'})
    assert response.status_code == 400
    assert "line 1, column 24" in error(response)["message"]


def test_update_sent_as_query_is_400(http):
    response = http.post("/sparql", data={"query": f"INSERT DATA {{ <{ORDER}> <{PKG}date> 1 }}"})
    assert response.status_code == 400
    assert error(response)["type"] == "not-a-query"


def test_query_sent_as_update_is_400(http, service):
    auth = {"Authorization": f"Bearer {service.settings.write_token.get_secret_value()}"}
    response = http.post("/sparql", data={"update": ORDER_DATE}, headers=auth)
    assert response.status_code == 400
    assert error(response)["type"] == "not-an-update"


def test_query_and_update_together_are_400(http):
    response = http.post("/sparql", data={"query": ORDER_DATE, "update": "CLEAR ALL"})
    assert response.status_code == 400
    assert "not both" in error(response)["message"]


def test_update_by_get_is_refused(http):
    response = http.get("/sparql", params={"update": "CLEAR ALL"})
    assert response.status_code in (400, 405)
    assert "POST" in error(response)["message"]


def test_two_queries_are_400(http):
    response = http.get("/sparql", params=[("query", ORDER_DATE), ("query", LEGAL_ACTIONS)])
    assert response.status_code == 400


def test_unknown_body_type_is_415(http):
    response = http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415
    assert "application/sparql-query" in error(response)["message"]


def test_bytes_that_are_not_the_declared_charset_are_400(http):
    response = http.post(
        "/sparql", content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400


# -- service description --------------------------------------------------------------------
def _description(response: httpx.Response, fmt: str) -> rdflib.Graph:
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.content, format=fmt)


def test_service_description_in_turtle_by_default(http, service):
    response = http.get("/sparql")
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = _description(response, "turtle")
    endpoint = URIRef(service.url("/sparql"))
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert {SD.SPARQL11Query, SD.SPARQL11Update} <= set(
        graph.objects(endpoint, SD.supportedLanguage)
    )
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(endpoint, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    dataset = graph.value(endpoint, SD.defaultDataset)
    names = {graph.value(g, SD.name) for g in graph.objects(dataset, SD.namedGraph)}
    assert {URIRef(ENTITIES), URIRef(ARTICLE_GRAPH)} <= names
    assert len(names) == len(service.store.named_graphs())


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_service_description_in_other_rdf_formats(http, service, accept, fmt):
    graph = _description(http.get("/sparql", headers={"Accept": accept}), fmt)
    assert (URIRef(service.url("/sparql")), SD.feature, SD.UnionDefaultGraph) in graph


def test_post_without_an_operation_gets_the_description(http):
    response = http.post("/sparql", data={})
    graph = _description(response, "turtle")
    assert any(graph.subjects(SD.endpoint, None))


def test_a_browser_gets_a_page_pointing_to_the_docs(http):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = http.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/docs"' in response.text


def test_openapi_documents_the_sparql_endpoints(http):
    paths = http.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/sparql"])
    parameters = {p["name"] for p in paths["/sparql"]["get"]["parameters"]}
    assert {"query", "default-graph-uri", "named-graph-uri"} <= parameters
    assert {"get", "put", "post", "delete"} <= set(paths["/graph-store"])
    assert (
        json.dumps(paths["/sparql"]["post"]["requestBody"]).count("application/sparql-update") == 1
    )
