"""Parsing RDF that users send (files, request bodies) without touching the network.

The engine's parsers do the work: pyoxigraph never fetches JSON-LD contexts (it has no loader
set), and RDF/XML with a DOCTYPE is refused before parsing because internal entities expand
(billion laughs). rdflib only sees the result, as N-Quads, for SHACL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError, RDFSyntaxError, UnsupportedMediaType

UPLOAD_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_XML_DTD = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)


def format_for_media_type(content_type: str | None) -> ox.RdfFormat:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    try:
        return UPLOAD_FORMATS[media]
    except KeyError:
        accepted = ", ".join(sorted(UPLOAD_FORMATS))
        raise UnsupportedMediaType(f"cannot read RDF of type {media or '(none)'!r}; send one of: {accepted}") from None


def format_for_path(path: Path) -> ox.RdfFormat:
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(f"{path}: unknown RDF file extension {path.suffix!r}; use one of: {known}") from None


def parse_quads(
    data: bytes, fmt: ox.RdfFormat, *, source: str = "input", base_iri: str | None = None,
    to_graph: str | None = None,
) -> list[ox.Quad]:
    """Parse with the engine; refuse XML DTDs; errors say where the syntax broke."""
    if fmt == ox.RdfFormat.RDF_XML and _XML_DTD.search(data):
        raise InputError(f"{source}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion)")
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri))
    except SyntaxError as exc:
        raise RDFSyntaxError(f"{source}: {fmt.name} syntax error: {exc}") from None
    except ValueError as exc:
        raise RDFSyntaxError(f"{source}: {exc}") from None
    if to_graph is None:
        return quads
    graph = ox.NamedNode(to_graph)
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def to_rdflib(statements: list[ox.Quad] | list[ox.Triple]) -> Graph:
    """All quads or triples as one rdflib graph (graph names dropped): the data graph SHACL validates."""
    triples = (s.triple if isinstance(s, ox.Quad) else s for s in statements)
    union = Graph()
    union.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return union


def read_rdf_file(path: Path) -> list[ox.Quad]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return parse_quads(data, format_for_path(path), source=str(path), base_iri=path.resolve().as_uri())
