"""Parsing RDF that users send (files, request bodies) without touching the network.

The engine's parsers do the work: pyoxigraph never fetches JSON-LD contexts (it has no loader
set), and RDF/XML with a DOCTYPE is refused before parsing because internal entities expand
(billion laughs). Its JSON-LD and RDF/XML parsers recurse once per nesting level: a 75 KB JSON-LD
body of 5,000 nested objects overflows the stack and kills the process (a segfault, nothing to
catch), and RDF/XML slows down with the square of its depth (40,000 levels: 18 s). So both are
measured first, with linear scanners that do not recurse, and refused past `MAX_NESTING` levels.
rdflib only sees the result, as N-Quads, for SHACL.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError, RDFSyntaxError, TooDeep, UnsupportedMediaType

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
MAX_NESTING = 100  # levels; real documents nest a few dozen at most
_JSON_STRING = re.compile(rb'"(?:[^"\\]+|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


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
    _check_nesting(data, fmt, source)
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


def _check_nesting(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    if fmt == ox.RdfFormat.JSON_LD:
        depth = _json_depth(data)
    elif fmt == ox.RdfFormat.RDF_XML:
        depth = _xml_depth(data, source)
    else:
        return  # the Turtle family's parsers keep their own stack: 100,000 levels parse fine
    if depth > MAX_NESTING:
        raise TooDeep(
            f"{source}: {fmt.name} nested more than {MAX_NESTING} levels deep is refused "
            "(the parser recurses per level); flatten it, e.g. give nested nodes their own IRIs"
        )


def _json_depth(data: bytes) -> int:
    """Bracket depth outside strings, counted until it passes the cap (malformed JSON is the
    parser's to report)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", data)):
        depth += 1 if bracket.group() in (b"{", b"[") else -1
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
    return deepest


class _Deep(Exception):
    pass


def _xml_depth(data: bytes, source: str) -> int:
    """Element depth by expat (C, linear, no recursion), stopped as soon as it passes the cap."""
    parser = expat.ParserCreate()
    depth = deepest = 0

    def start(name: str, attributes: dict) -> None:
        nonlocal depth, deepest
        depth += 1
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            raise _Deep

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except _Deep:
        pass
    except expat.ExpatError as exc:
        raise RDFSyntaxError(f"{source}: RDF/XML syntax error: {exc}") from None
    return deepest


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
