"""Reading the REST answers in tests: ids of a page's items, triples of an RDF body."""

from __future__ import annotations

import pyoxigraph as ox


def ids(page: dict) -> list[str]:
    """The ids (last IRI segment) of a list page's items, in page order."""
    return [item["id"].rsplit("/", 1)[-1] for item in page["items"]]


def triples(
    content: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> set[tuple[str, str, str]]:
    """An RDF body as (subject, predicate, object) values, for membership asserts."""
    return {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in ox.parse(content, format=rdf_format)
    }
