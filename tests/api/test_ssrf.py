"""SSRF: no request makes the service (or its backend) open a connection anywhere.

A socket listens on 127.0.0.2 (loopback, but not the service's address) and every test asserts it
received no connection. Its port is an ephemeral one, because pyoxigraph's HTTP client refuses port
9 by itself: a test on port 9 alone would pass even without the guard.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from testkit.listener import Listener
from testkit.live import WRITE_TOKEN, client_fixture

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCRATCH = "https://example.org/test/ssrf/"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


http = client_fixture()


@pytest.fixture(autouse=True)
def no_connection(listener: Listener) -> Iterator[None]:
    listener.connections(wait=0)
    yield
    assert listener.connections() == 0, "the service opened a connection to 127.0.0.2"


def test_the_listener_does_detect_a_connection(listener):
    with socket.create_connection(("127.0.0.2", listener.port), timeout=2):
        pass
    assert listener.connections() == 1


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX remote: <{url}> SELECT * WHERE {{ SERVICE remote: {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?r }} }} }} LIMIT 1",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_before_evaluation(http, listener, template):
    query = template.format(url=listener.url)
    for response in (
        http.get("/sparql", params={"query": query}),
        http.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "forbidden-operation"
        assert "SERVICE" in response.json()["message"]


def test_service_on_port_9_is_refused(http):
    response = http.get(
        "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.2:9/> { ?s ?p ?o } }"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}x>",
        "LOAD SILENT <{url}x> INTO GRAPH <" + SCRATCH + "loaded>",
        "load <{url}x>",
        "\\u004cOAD <{url}x>",
        "INSERT DATA {{ <{url}s> <" + LABEL + '> "x"@en }} ; LOAD <{url}x>',
        "INSERT {{ GRAPH <"
        + SCRATCH
        + "svc> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_load_and_service_in_updates_are_refused_even_with_the_token(
    http, service, listener, template
):
    update = template.format(url=listener.url)
    response = http.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 403, response.text
    assert response.json()["type"] == "forbidden-operation"
    assert not {SCRATCH + "loaded", SCRATCH + "svc", f"{listener.url}x"} & set(
        service.store.named_graphs()
    )


def test_load_on_port_9_is_refused(http):
    response = http.post("/sparql", data={"update": "LOAD <http://127.0.0.2:9/x>"}, headers=AUTH)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM <{url}x> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "ASK FROM <{url}x> {{ ?s ?p ?o }}",
    ],
)
def test_from_names_a_local_graph_and_fetches_nothing(http, listener, template):
    response = http.get("/sparql", params={"query": template.format(url=listener.url)})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_name_local_graphs_and_fetch_nothing(http, listener, parameter):
    query = "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } LIMIT 3"
    response = http.get("/sparql", params={"query": query, parameter: f"{listener.url}x"})
    assert response.status_code == 200
    if parameter == "default-graph-uri":  # no such local graph: the default graph is empty
        assert all("g" in b for b in response.json()["results"]["bindings"])


def test_graph_store_graph_names_are_not_fetched(http, listener):
    assert http.get("/graph-store", params={"graph": f"{listener.url}g"}).status_code == 404


# -- parsers --------------------------------------------------------------------------------
RDF_XML = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {entities} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://example.org/test/ssrf/s"><rdfs:label>{value}</rdfs:label></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize(
    ("entities", "value"),
    [
        (
            ('<!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> '
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'),
            "&c;",
        ),
        ('<!ENTITY remote SYSTEM "{url}entity">', "&remote;"),
    ],
)
def test_rdf_xml_with_a_doctype_is_400(http, service, listener, entities, value):
    body = RDF_XML.format(entities=entities.format(url=listener.url), value=value)
    response = http.put(
        "/graph-store",
        params={"graph": SCRATCH + "xml"},
        content=body,
        headers={**AUTH, "Content-Type": "application/rdf+xml"},
    )
    assert response.status_code == 400
    assert "DOCTYPE" in response.json()["message"]
    assert SCRATCH + "xml" not in service.store.named_graphs()


@pytest.mark.parametrize(
    "context",
    ['"{url}context.jsonld"', '["{url}context.jsonld"]', '{{"@import": "{url}context.jsonld"}}'],
)
def test_json_ld_with_a_remote_context_is_400(http, service, listener, context):
    body = (
        '{"@context": '
        + context.format(url=listener.url)
        + ', "@id": "'
        + SCRATCH
        + 's", "name": "x"}'
    )
    response = http.put(
        "/graph-store",
        params={"graph": SCRATCH + "jsonld"},
        content=body,
        headers={**AUTH, "Content-Type": "application/ld+json"},
    )
    assert response.status_code == 400, response.text
    assert SCRATCH + "jsonld" not in service.store.named_graphs()
