"""Graph Store HTTP Protocol at /graph-store: reads by Accept, token-guarded validated writes.

Reads use the seed graphs; writes run on a private service per backend and use graphs of their own.
"""

from __future__ import annotations

import httpx
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD
from testkit.live import WRITE_TOKEN, client_fixture, service_fixture

PKG = "https://w3id.org/privacy-kg/ontology#"
PKR = "https://w3id.org/privacy-kg/id/"
ORDER = f"{PKR}legal-action/ppc-facebook-protection-order-2018"
ARTICLE_GRAPH = "https://w3id.org/privacy-kg/graph/article/2018-10-22-japantimes-facebook-ppc-order"
ENTITIES = "https://w3id.org/privacy-kg/graph/entities"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SCRATCH = "https://example.org/test/gsp/"
TURTLE = {"Content-Type": "text/turtle"}


writable = service_fixture("gsp")
http = client_fixture("writable", timeout=60, scope="function")


def graph_of(response: httpx.Response, fmt: str = "turtle") -> rdflib.Graph:
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.content, format=fmt)


def labels(http: httpx.Client, graph: str) -> set[str]:
    return {
        str(o)
        for o in graph_of(http.get("/graph-store", params={"graph": graph})).objects(
            None, RDFS.label
        )
    }


# -- reads ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "media_type", "fmt"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples; charset=utf-8", "nt"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_get_a_graph_in_every_rdf_format(http, accept, media_type, fmt):
    response = http.get("/graph-store", params={"graph": ARTICLE_GRAPH}, headers={"Accept": accept})
    assert response.headers["content-type"] == media_type
    graph = graph_of(response, fmt)
    assert (URIRef(ORDER), URIRef(PKG + "date"), Literal("2018-10-22", datatype=XSD.date)) in graph
    assert len(graph) > 100  # the whole graph, not a capped excerpt


def test_head_and_unknown_graphs(http):
    head = http.head("/graph-store", params={"graph": ENTITIES})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "text/turtle; charset=utf-8"
    missing = http.get("/graph-store", params={"graph": SCRATCH + "nothing-here"})
    assert missing.status_code == 404
    assert missing.json()["type"] == "not-found"
    assert http.head("/graph-store", params={"graph": SCRATCH + "nothing-here"}).status_code == 404


def test_the_target_must_be_one_graph_or_the_default_graph(http):
    assert http.get("/graph-store").status_code == 400
    assert (
        http.get("/graph-store", params=[("graph", ENTITIES), ("default", "")]).status_code == 400
    )
    assert http.get("/graph-store", params={"graph": "relative/name"}).status_code == 400
    assert http.get("/graph-store", params={"default": ""}).status_code == 200


# -- writes need the token ------------------------------------------------------------------
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_without_a_token_are_401_and_change_nothing(http, method):
    body = f'<{SCRATCH}s> <{RDFS.label}> "x"@en .'
    response = http.request(
        method, "/graph-store", params={"graph": ENTITIES}, content=body, headers=TURTLE
    )
    assert response.status_code == 401
    wrong = http.request(
        method,
        "/graph-store",
        params={"graph": ENTITIES},
        content=body,
        headers={**TURTLE, "Authorization": "Bearer nope"},
    )
    assert wrong.status_code == 403
    assert len(graph_of(http.get("/graph-store", params={"graph": ENTITIES}))) > 1000


# -- PUT, POST, DELETE ----------------------------------------------------------------------
def test_put_creates_then_replaces(http, writable):
    graph = SCRATCH + "put"
    first = http.put(
        "/graph-store",
        params={"graph": graph},
        headers={**AUTH, **TURTLE},
        content=f'<{SCRATCH}a> <{RDFS.label}> "first"@en .',
    )
    assert first.status_code == 201, first.text
    assert first.json()["graphs"] == [graph]
    second = http.put(
        "/graph-store",
        params={"graph": graph},
        headers={**AUTH, "Content-Type": "application/n-triples"},
        content=f'<{SCRATCH}b> <{RDFS.label}> "second"@en .\n',
    )
    assert second.status_code == 204
    assert labels(http, graph) == {"second"}
    assert graph in writable.store.named_graphs()


def test_post_merges_and_creates(http):
    graph = SCRATCH + "post"
    created = http.post(
        "/graph-store",
        params={"graph": graph},
        headers={**AUTH, **TURTLE},
        content=f'<{SCRATCH}a> <{RDFS.label}> "one"@en .',
    )
    assert created.status_code == 201
    jsonld = {"@id": f"{SCRATCH}b", str(RDFS.label): {"@value": "two", "@language": "en"}}
    merged = http.post(
        "/graph-store",
        params={"graph": graph},
        json=jsonld,
        headers={**AUTH, "Content-Type": "application/ld+json"},
    )
    assert merged.status_code == 204, merged.text
    assert labels(http, graph) == {"one", "two"}


def test_delete_removes_the_graph_then_404(http):
    graph = SCRATCH + "delete"
    assert (
        http.put(
            "/graph-store",
            params={"graph": graph},
            headers={**AUTH, **TURTLE},
            content=f'<{SCRATCH}a> <{RDFS.label}> "gone soon"@en .',
        ).status_code
        == 201
    )
    assert http.delete("/graph-store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert http.get("/graph-store", params={"graph": graph}).status_code == 404
    assert http.delete("/graph-store", params={"graph": graph}, headers=AUTH).status_code == 404


def test_the_default_graph_can_be_written_and_read(http):
    put = http.put(
        "/graph-store",
        params={"default": ""},
        headers={**AUTH, **TURTLE},
        content=f'<{SCRATCH}d> <{RDFS.label}> "in the default graph"@en .',
    )
    assert put.status_code == 204
    assert {
        str(o) for o in graph_of(http.get("/graph-store", params={"default": ""})).objects()
    } == {"in the default graph"}
    assert http.delete("/graph-store", params={"default": ""}, headers=AUTH).status_code == 204
    assert len(graph_of(http.get("/graph-store", params={"default": ""}))) == 0


# -- validation and parsing -----------------------------------------------------------------
def test_a_graph_that_breaks_the_shapes_is_422_and_changes_nothing(http, writable):
    graph = SCRATCH + "invalid"
    body = f"<{PKR}legal-action/gsp-incomplete> a <{PKG}LegalAction>, <{PKG}Fact> ."
    response = http.put(
        "/graph-store", params={"graph": graph}, headers={**AUTH, **TURTLE}, content=body
    )
    assert response.status_code == 422
    assert response.json()["details"]["violations"] >= 2
    assert graph not in writable.store.named_graphs()


def test_writing_the_entities_graph_is_validated_too(http):
    # An actor without the label every actor needs, merged into the entities graph.
    body = f"<{PKR}actor/gsp-nameless> a <{PKG}Company> ."
    response = http.post(
        "/graph-store", params={"graph": ENTITIES}, headers={**AUTH, **TURTLE}, content=body
    )
    assert response.status_code == 422
    assert any(
        r["focus"] == f"{PKR}actor/gsp-nameless" for r in response.json()["details"]["results"]
    )
    graph = graph_of(http.get("/graph-store", params={"graph": ENTITIES}))
    assert (URIRef(f"{PKR}actor/gsp-nameless"), None, None) not in graph


def test_unsupported_body_type_is_415(http):
    response = http.put(
        "/graph-store",
        params={"graph": SCRATCH + "csv"},
        headers={**AUTH, "Content-Type": "text/csv"},
        content="a,b\n",
    )
    assert response.status_code == 415
    assert "text/turtle" in response.json()["message"]


def test_rdf_syntax_errors_are_400(http):
    response = http.put(
        "/graph-store",
        params={"graph": SCRATCH + "broken"},
        headers={**AUTH, **TURTLE},
        content="<https://example.org/a> <https://example.org/b> .",
    )
    assert response.status_code == 400
    assert response.json()["type"] == "rdf-syntax-error"


def test_a_body_naming_other_graphs_is_400(http, writable):
    trig = f'GRAPH <{SCRATCH}elsewhere> {{ <{SCRATCH}a> <{RDFS.label}> "x"@en }}'
    response = http.put(
        "/graph-store",
        params={"graph": SCRATCH + "trig"},
        headers={**AUTH, "Content-Type": "application/trig"},
        content=trig,
    )
    assert response.status_code == 400
    assert SCRATCH + "elsewhere" not in writable.store.named_graphs()
