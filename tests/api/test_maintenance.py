"""`POST /validate` and `/health` over HTTP, on both backends: SHACL reports as JSON and as a graph,
validation in the context of the stored entities, unsafe bodies refused."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from testkit.live import client_fixture

PKR = "https://w3id.org/privacy-kg/id/"
SH = "http://www.w3.org/ns/shacl#"
ACTOR = """PREFIX pkg: <https://w3id.org/privacy-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
<https://w3id.org/privacy-kg/id/actor/example-corp> a pkg:Company, pkg:Organisation, pkg:Actor ;
    {label}
    pkg:country <https://w3id.org/privacy-kg/id/jurisdiction/{country}> .
"""
GOOD = ACTOR.format(label='rdfs:label "Example Corporation"@en ;', country="JP")
NO_LABEL = ACTOR.format(label="", country="JP")


client = client_fixture(timeout=60)


def validate(
    client: httpx.Client, body: str | bytes, media: str = "text/turtle", **headers: str
) -> httpx.Response:
    return client.post("/validate", content=body, headers={"Content-Type": media, **headers})


def test_a_conforming_document(client: httpx.Client) -> None:
    response = validate(client, GOOD)
    assert response.status_code == 200
    assert response.json() == {
        "conforms": True,
        "violations": 0,
        "warnings": 0,
        "results": [],
        "triples": 5,
    }


def test_a_violation_names_focus_path_shape_and_message(client: httpx.Client) -> None:
    report = validate(client, NO_LABEL).json()
    assert report["conforms"] is False and report["violations"] == 1
    [result] = report["results"]
    assert result["focus"] == PKR + "actor/example-corp"
    assert result["path"] == "http://www.w3.org/2000/01/rdf-schema#label"
    assert result["shape"] and "English" in result["message"]


def test_the_stored_entities_are_the_context(client: httpx.Client) -> None:
    # JP is a jurisdiction only because the store says so; an unknown code is not one.
    unknown = validate(client, GOOD.replace("jurisdiction/JP", "jurisdiction/XX")).json()
    assert unknown["conforms"] is False
    assert any(r["path"].endswith("#country") for r in unknown["results"])


def test_the_report_graph_on_accept_turtle(client: httpx.Client) -> None:
    response = validate(client, NO_LABEL, accept="text/turtle")
    assert response.headers["content-type"].startswith("text/turtle")
    triples = {
        (t.predicate.value, t.object.value)
        for t in ox.parse(response.content, format=ox.RdfFormat.TURTLE)
    }
    assert (SH + "conforms", "false") in triples
    assert (SH + "focusNode", PKR + "actor/example-corp") in triples


def test_other_rdf_syntaxes(client: httpx.Client) -> None:
    quads = list(ox.parse(GOOD.encode(), format=ox.RdfFormat.TURTLE))
    for media, rdf_format in (
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ):
        body = ox.serialize(quads, format=rdf_format)
        assert validate(client, body, media).json()["conforms"] is True, media
    trig = (
        "<https://example.org/g> {\n"
        + ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode()
        + "}\n"
    )
    assert validate(client, trig, "application/trig").json()["triples"] == 5
    nquads = ox.serialize(
        [
            ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://example.org/g"))
            for q in quads
        ],
        format=ox.RdfFormat.N_QUADS,
    )
    assert validate(client, nquads, "application/n-quads").json()["conforms"] is True


@pytest.mark.parametrize(
    ("body", "media", "status", "words"),
    [
        (b"<a> <b> <c>", "text/turtle", 400, "syntax"),
        (b"", "text/turtle", 400, "empty"),
        (b"%PDF", "application/pdf", 415, "application/pdf"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><r/>',
            "application/rdf+xml",
            400,
            "DOCTYPE",
        ),
        (
            json.dumps(
                {
                    "@context": "http://127.0.0.2:9/context.jsonld",
                    "@id": "http://example.org/a",
                    "name": "a",
                }
            ).encode(),
            "application/ld+json",
            400,
            "context",
        ),
    ],
)
def test_unusable_or_unsafe_bodies(
    client: httpx.Client, body: bytes, media: str, status: int, words: str
) -> None:
    response = validate(client, body, media)
    assert response.status_code == status
    assert words.lower() in response.json()["message"].lower()


def test_health(service, client: httpx.Client) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["backend"] == service.backend
    assert health["quads"] > 7000 and health["named_graphs"] == 7
    assert health["version"]
