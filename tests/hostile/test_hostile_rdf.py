"""Hostile RDF documents for the parsers: deep nesting (which overflowed the stack), entity
expansion (billion laughs) and JSON-LD contexts that would make the server fetch a URL.

One `privacy-kg serve` process per module (2 s query timeout, 2 queries at once, 1 MB bodies)
takes every burst; after each test it is still up, `ASK {}` answers and the dataset is unchanged
(`still_serving_and_unchanged` in conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from testkit.listener import Listener

from .conftest import AUTH
from .http_helpers import SCRATCH, error

pytestmark = pytest.mark.usefixtures("still_serving_and_unchanged")


# -- nesting -------------------------------------------------------------------------------
def _jsonld_objects(depth: int) -> bytes:
    inner = '{"https://example.org/p": ' * depth + '"x"' + "}" * depth
    return f'{{"@id": "https://example.org/s", "https://example.org/p": {inner}}}'.encode()


def _jsonld_lists(depth: int) -> bytes:
    inner = '{"@list": [' * depth + '"x"' + "]}" * depth
    return f'{{"@id": "https://example.org/s", "https://example.org/p": {inner}}}'.encode()


def _rdfxml(depth: int) -> bytes:
    head = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
        '<rdf:Description rdf:about="https://example.org/s">'
    )
    nested = "<e:p><rdf:Description>" * depth + "</rdf:Description></e:p>" * depth
    return (head + nested + "</rdf:Description></rdf:RDF>").encode()


NESTED_RDF = [  # each of these killed the server (stack overflow) before the nesting cap
    ("application/ld+json", _jsonld_objects(5000)),
    ("application/ld+json", _jsonld_lists(5000)),
    ("application/rdf+xml", _rdfxml(5000)),
]


@pytest.mark.parametrize(
    ("media", "body"), NESTED_RDF, ids=["jsonld-objects", "jsonld-lists", "rdfxml"]
)
def test_deeply_nested_rdf_is_refused_and_the_server_survives(server, http, media, body) -> None:
    validate = http.post("/validate", content=body, headers={"Content-Type": media})
    assert "nested more than 100 levels" in error(validate, 400, "too-deep")
    put = http.put(
        "/graph-store",
        params={"graph": SCRATCH},
        content=body,
        headers={**AUTH, "Content-Type": media},
    )
    error(put, 400, "too-deep")
    assert server.alive()


def test_a_document_just_under_the_nesting_cap_is_read(http) -> None:
    response = http.post(
        "/validate", content=_jsonld_objects(50), headers={"Content-Type": "application/ld+json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["triples"] == 51


# -- parsers that expand or fetch -----------------------------------------------------------
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
    '<rdf:Description rdf:about="https://example.org/s"><e:p>&lol9;</e:p></rdf:Description></rdf:RDF>'
).encode()


def test_billion_laughs_is_refused_and_memory_stays_bounded(server, http) -> None:
    before = server.rss_mb()
    for variant in (
        BILLION_LAUGHS,
        BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!doctype"),
        b"\xef\xbb\xbf" + BILLION_LAUGHS,
    ):
        validate = http.post(
            "/validate", content=variant, headers={"Content-Type": "application/rdf+xml"}
        )
        assert "DOCTYPE" in error(validate, 400)
        put = http.put(
            "/graph-store",
            params={"graph": SCRATCH},
            content=variant,
            headers={**AUTH, "Content-Type": "application/rdf+xml"},
        )
        error(put, 400)
    assert http.get("/graph-store", params={"graph": SCRATCH}).status_code == 404
    assert server.rss_mb() - before < 100


@pytest.fixture()
def listener() -> Iterator[Listener]:
    target = Listener("/context.jsonld")
    yield target
    target.close()


def _remote_contexts(url: str) -> list[dict]:
    node = {"@id": "https://example.org/s", "name": "x"}
    return [
        {"@context": url, **node},
        {"@context": [url, {"name": "https://schema.org/name"}], **node},
        {"@context": {"@import": url, "name": "https://schema.org/name"}, **node},
        {
            "@context": {"p": {"@id": "https://example.org/p", "@context": url}},
            "@id": "https://example.org/s",
            "p": {"name": "x"},
        },
        {"@context": "file:///etc/passwd", **node},
    ]


def test_jsonld_remote_contexts_are_refused_without_a_connection(server, http, listener) -> None:
    for document in _remote_contexts(listener.url):
        body = json.dumps(document).encode()
        validate = http.post(
            "/validate", content=body, headers={"Content-Type": "application/ld+json"}
        )
        error(validate, 400, "rdf-syntax-error")
        put = http.put(
            "/graph-store",
            params={"graph": SCRATCH},
            content=body,
            headers={**AUTH, "Content-Type": "application/ld+json"},
        )
        error(put, 400)
    assert listener.connections(wait=0.2) == 0, "the server fetched a JSON-LD context from 127.0.0.2"
