"""`/dumps` over HTTP, on both backends: the whole dataset, streamed, in N-Quads, TriG and JSON-LD."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from testkit.live import client_fixture

GRAPH = "https://w3id.org/privacy-kg/graph/"


client = client_fixture(timeout=60)


def download(client: httpx.Client, name: str) -> httpx.Response:
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200, response.text[:200]
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    return response


def test_the_list(client: httpx.Client) -> None:
    dumps = client.get("/dumps").json()
    assert [d["name"] for d in dumps] == ["privacy-kg.nq", "privacy-kg.trig", "privacy-kg.jsonld"]
    assert [d["url"] for d in dumps] == [f"/dumps/{d['name']}" for d in dumps]
    assert [d["media_type"] for d in dumps] == [
        "application/n-quads",
        "application/trig",
        "application/ld+json",
    ]


@pytest.mark.parametrize(
    ("name", "media", "rdf_format"),
    [
        ("privacy-kg.nq", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("privacy-kg.trig", "application/trig", ox.RdfFormat.TRIG),
        ("privacy-kg.jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_every_format_holds_the_whole_dataset(
    client: httpx.Client, name: str, media: str, rdf_format: ox.RdfFormat
) -> None:
    response = download(client, name)
    assert response.headers["content-type"].startswith(media)
    quads = set(ox.parse(response.content, format=rdf_format))
    assert len(quads) == client.get("/health").json()["quads"]
    graphs = {q.graph_name.value for q in quads}
    assert {
        GRAPH + "ontology",
        GRAPH + "entities",
        GRAPH + "article/2018-10-22-japantimes-facebook-ppc-order",
    } <= graphs
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))


def test_dumps_are_stable(client: httpx.Client) -> None:
    first = set(ox.parse(download(client, "privacy-kg.nq").content, format=ox.RdfFormat.N_QUADS))
    second = set(ox.parse(download(client, "privacy-kg.nq").content, format=ox.RdfFormat.N_QUADS))
    assert first == second


def test_an_unknown_dump_is_404(client: httpx.Client) -> None:
    response = client.get("/dumps/privacy-kg.rdf")
    assert response.status_code == 404 and "privacy-kg.trig" in response.json()["message"]
