"""HTTP glue shared by `/sparql` and `/graph-store`: read requests, negotiate formats, answer.

The SPARQL 1.1 Protocol lets a client send an operation three ways (GET `?query=`, a POST form, a
POST body of type `application/sparql-query` or `application/sparql-update`) with the dataset in
repeatable parameters. `read_operation` turns all three into one `Operation`, so the routers never
look at the wire format. Forms are parsed here from the raw body (SECURITY.md: no multipart parser).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import Request, Response

from privacy_kg.errors import InputError, UnsupportedMediaType
from privacy_kg.sparql.errors import NotAcceptable
from privacy_kg.sparql.formats import Format, FormatTable, negotiate, parse_accept
from privacy_kg.sparql.results import Rendered

__all__ = [
    "FORM",
    "QUERY_BODY",
    "UPDATE_BODY",
    "Operation",
    "choose_format",
    "graph_iri",
    "prefers_html",
    "read_operation",
    "rendered_response",
]

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
FORMAT_PARAMS = ("format", "output", "results")
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")
OperationKind = Literal["query", "update"]


@dataclass(frozen=True)
class Operation:
    """One protocol request: `kind` is None when it carries no operation (service description)."""

    kind: OperationKind | None
    text: str
    params: tuple[tuple[str, str], ...]

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.params if key == name]

    @property
    def asks_format(self) -> bool:
        """A `format`/`output`/`results` parameter was sent (it wins over Accept)."""
        return any(key in FORMAT_PARAMS and value.strip() for key, value in self.params)

    def graphs(self, name: str) -> tuple[str, ...]:
        """The IRIs of a dataset parameter: local graph names only, checked to be absolute IRIs."""
        return tuple(graph_iri(name, value) for value in self.values(name))

    def check_dataset_params(self) -> None:
        """Dataset parameters of the other operation are a client mistake worth a clear 400."""
        if self.kind is None:
            return
        right = QUERY_DATASET if self.kind == "query" else UPDATE_DATASET
        wrong = UPDATE_DATASET if self.kind == "query" else QUERY_DATASET
        for name in wrong:
            if self.values(name):
                raise InputError(
                    f"parameter {name!r} does not apply to a SPARQL {self.kind}; "
                    f"use {' or '.join(right)}"
                )


def graph_iri(parameter: str, value: str) -> str:
    """A graph name from a request parameter: an absolute IRI, used as a name and never fetched."""
    iri = value.strip()
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(
            f"parameter {parameter!r}: {iri!r} is not an absolute IRI ({exc})"
        ) from None
    return iri


def _content_type(request: Request) -> tuple[str, str]:
    """The request's media type (lower case, no parameters) and its charset (default UTF-8)."""
    header = request.headers.get("content-type", "")
    media, *params = (part.strip() for part in header.split(";"))
    charset = "utf-8"
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        raise InputError(f"unknown charset {charset!r} in Content-Type; send UTF-8") from None
    return media.lower(), charset


def _decode(body: bytes, charset: str, what: str) -> str:
    try:
        return body.decode(charset)
    except UnicodeDecodeError as exc:
        raise InputError(f"the {what} is not valid {charset} (byte {exc.start})") from None


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise InputError(f"parameter {name!r} is given {len(values)} times; send one {name}")
    return values[0] if values else None


async def read_operation(request: Request) -> Operation:
    """The query or update from GET parameters, a POST form or a POST body (Protocol section 2)."""
    params = list(request.query_params.multi_items())
    direct: tuple[OperationKind, str] | None = None
    if request.method == "POST":
        media, charset = _content_type(request)
        body = await request.body()
        if media == FORM:
            text = _decode(body, charset, "form body")
            try:
                params += parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict")
            except (UnicodeDecodeError, ValueError) as exc:
                raise InputError(f"the form body cannot be decoded: {exc}") from None
        elif media in (QUERY_BODY, UPDATE_BODY):
            kind: OperationKind = "query" if media == QUERY_BODY else "update"
            if codecs.lookup(charset).name != "utf-8":  # the media types are UTF-8 by definition
                raise UnsupportedMediaType(
                    f"an {media} body is UTF-8 (its media type allows no other charset), "
                    f"not {charset!r}; send it as UTF-8"
                )
            direct = (kind, _decode(body, charset, f"{kind} body"))
        elif body.strip() or media:
            raise UnsupportedMediaType(
                f"a POST to this endpoint takes Content-Type {FORM}, {QUERY_BODY} or "
                f"{UPDATE_BODY}, not {media or '(none)'!r}"
            )
    query, update = _single(params, "query"), _single(params, "update")
    if direct is not None:
        if query is not None or update is not None:
            raise InputError(
                f"the body already holds a {direct[0]}; "
                "do not also send a 'query' or 'update' parameter"
            )
        return Operation(direct[0], direct[1], tuple(params))
    if query is not None and update is not None:
        raise InputError("send either a 'query' or an 'update' parameter, not both")
    if update is not None and request.method != "POST":
        raise InputError(
            "SPARQL updates must be sent with POST "
            f"(form parameter 'update' or Content-Type {UPDATE_BODY})"
        )
    if query is not None:
        return Operation("query", query, tuple(params))
    if update is not None:
        return Operation("update", update, tuple(params))
    return Operation(None, "", tuple(params))


def _explicit(accept: str | None) -> bool:
    """True when Accept names some type other than `*/*`, i.e. the client said what it wants."""
    return any(r.type != "*" for r in parse_accept(accept))


def choose_format(
    request: Request, params: Iterable[tuple[str, str]], table: FormatTable
) -> Format:
    """A `format`/`output`/`results` parameter this table knows wins; else Accept decides.

    Clients such as SPARQLWrapper repeat their choice in all three parameters, sometimes with values
    no table knows ("n3"); those are ignored when Accept says what the client wants, and answered
    with 406 otherwise.
    """
    wanted = [value for name, value in params if name in FORMAT_PARAMS and value.strip()]
    for value in wanted:
        try:
            return negotiate(None, table, format_param=value)
        except NotAcceptable:
            continue
    accept = request.headers.get("accept")
    if wanted and not _explicit(accept):
        negotiate(None, table, format_param=wanted[0])  # raises NotAcceptable naming the value
    return negotiate(accept, table)


def prefers_html(request: Request, table: FormatTable) -> bool:
    """A browser asking for a page: HTML acceptable and rated at least as high as any RDF type."""
    html, rdf = 0.0, 0.0
    for r in parse_accept(request.headers.get("accept")):
        full = f"{r.type}/{r.subtype}"
        if full in ("text/html", "application/xhtml+xml"):
            html = max(html, r.q)
        elif "*" not in full and table.by_media_type(full) is not None:
            rdf = max(rdf, r.q)
    return html > 0 and html >= rdf


def rendered_response(rendered: Rendered, *, row_cap: int | None = None) -> Response:
    """The engine's bytes with their exact Content-Type; truncation is said in headers."""
    headers = {"Vary": "Accept"}
    if rendered.truncated:
        headers["X-Result-Truncated"] = "true"
        if row_cap is not None:
            headers["X-Result-Row-Cap"] = str(row_cap)
    return Response(rendered.body, media_type=rendered.content_type, headers=headers)
