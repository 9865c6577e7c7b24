"""What the REST resources and the pages can answer, as format tables for `negotiate`.

Plain JSON and HTML are rendered by the API, not by the engine; their table entries carry an engine
format only because `Format` requires one (N-Triples, which is what the API renders them from).
"""

from __future__ import annotations

from fastapi import Request, Response
from pyoxigraph import RdfFormat

from privacy_kg.namespaces import PREFIXES
from privacy_kg.sparql.formats import GRAPH_FORMATS, Format, FormatTable, negotiate
from privacy_kg.sparql.results import render_ntriples_bytes

JSON = Format("json", "application/json", None, "json", RdfFormat.N_TRIPLES)
HTML = Format("html", "text/html", "utf-8", "html", RdfFormat.N_TRIPLES)
JSONLD, TURTLE, NTRIPLES, RDFXML = (
    GRAPH_FORMATS[key] for key in ("jsonld", "turtle", "ntriples", "rdfxml")
)

RESOURCE_FORMATS = FormatTable(
    "resource",
    (JSON, JSONLD, TURTLE, NTRIPLES),
    media_aliases={"text/plain": "ntriples", "application/x-turtle": "turtle"},
    names={
        "json": "json",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "turtle": "turtle",
        "ttl": "turtle",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
    },
)
PAGE_FORMATS = FormatTable(
    "page",
    (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML),
    media_aliases={
        "application/xhtml+xml": "html",
        "text/plain": "ntriples",
        "application/json": "jsonld",
        "application/x-turtle": "turtle",
    },
    names={
        "html": "html",
        "turtle": "turtle",
        "ttl": "turtle",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "rdfxml": "rdfxml",
        "rdf": "rdfxml",
        "xml": "rdfxml",
    },
)


def choose(request: Request, table: FormatTable, format_param: str | None = None) -> Format:
    """`format` wins over Accept; no Accept (or `*/*`) gives the table's first format."""
    return negotiate(request.headers.get("accept"), table, format_param=format_param)


def content_type(request: Request) -> tuple[str, str]:
    """The body's media type (lower case, no parameters) and charset (default utf-8)."""
    media, *params = (part.strip() for part in request.headers.get("content-type", "").split(";"))
    charset = "utf-8"
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def rdf_response(ntriples: bytes, fmt: Format, headers: dict[str, str] | None = None) -> Response:
    """Triples from a CONSTRUCT in the chosen RDF format, rendered by the engine, each triple once
    (a CONSTRUCT over the union of graphs repeats a triple once per graph that holds it)."""
    unique = b"".join(dict.fromkeys(ntriples.splitlines(keepends=True)))
    rendered = render_ntriples_bytes(unique, fmt, 2**62, prefixes=PREFIXES)
    return Response(
        rendered.body,
        media_type=rendered.content_type,
        headers={"Vary": "Accept", **(headers or {})},
    )
