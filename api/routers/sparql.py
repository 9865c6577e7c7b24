"""`/sparql`: the SPARQL 1.1 Protocol (query and update operations) and the service description.

The router only dispatches: `api.sparql_http` reads the request and builds responses, the guard
refuses SERVICE/LOAD before evaluation, the store evaluates off the event loop, `privacy_kg.writes`
validates updates. A request without an operation gets the service description (Turtle by
default), or a short page when a browser asks for HTML.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from privacy_kg.namespaces import PREFIXES
from privacy_kg.settings import Settings
from privacy_kg.sparql.dataset import query_dataset
from privacy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from privacy_kg.sparql.guard import check_query
from privacy_kg.sparql.results import render_triples
from privacy_kg.store import QueryRequest, Store
from privacy_kg.writes import apply_update

from ..deps import SettingsDep, StoreDep, require_write_token
from ..sparql_http import (
    FORM,
    QUERY_BODY,
    UPDATE_BODY,
    Operation,
    choose_format,
    prefers_html,
    read_operation,
    rendered_response,
)

router = APIRouter(tags=["sparql"])

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SIMPLE_ENTAILMENT = ox.NamedNode("http://www.w3.org/ns/entailment/Simple")
# W3C format IRIs (https://www.w3.org/ns/formats/) for the keys of the format tables.
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "rdfxml": "RDF_XML",
    "jsonld": "JSON-LD",
}
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
EXAMPLE = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


# -- OpenAPI --------------------------------------------------------------------------------
def _param(name: str, description: str, *, many: bool = False, **extra: Any) -> dict[str, Any]:
    schema = {"type": "array", "items": {"type": "string"}} if many else {"type": "string"}
    return {"name": name, "in": "query", "schema": schema, "description": description, **extra}


_PARAMS = [
    _param(
        "query",
        "A SELECT, ASK, CONSTRUCT or DESCRIBE query; without one, the service description.",
        example=EXAMPLE,
    ),
    _param(
        "default-graph-uri",
        "Graphs whose union is the default graph (local names: nothing "
        "is fetched). Without it the default graph is the union of all graphs.",
        many=True,
    ),
    _param("named-graph-uri", "Named graphs the query may address with GRAPH.", many=True),
    _param(
        "format",
        "Result format instead of Accept: json, xml, csv, tsv, turtle, ntriples, "
        "rdfxml, jsonld (`output` and `results` are read alike).",
    ),
]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Results in the negotiated format; `X-Result-Truncated: true` (and "
        "`X-Result-Row-Cap`) when the row cap cut them.",
        "content": {f.media_type: {} for t in (RESULT_FORMATS, GRAPH_FORMATS) for f in t.formats},
    },
    400: {"description": "Malformed query (the parser's message and position) or bad parameter."},
    403: {"description": "SERVICE or LOAD (refused before evaluation), or a wrong token."},
    406: {"description": "No acceptable format; the message lists the available media types."},
    413: {"description": "The query or the body is over its limit."},
    503: {"description": "Past the timeout, or too many queries at once (with Retry-After)."},
}
_FORM_FIELDS = (
    "query",
    "update",
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
_POST_BODY = {
    "required": False,
    "content": {
        FORM: {
            "schema": {
                "type": "object",
                "properties": {name: {"type": "string"} for name in _FORM_FIELDS},
            }
        },
        QUERY_BODY: {"schema": {"type": "string"}, "example": EXAMPLE},
        UPDATE_BODY: {
            "schema": {"type": "string"},
            "example": "INSERT DATA { GRAPH "
            '<https://example.org/g> { <https://example.org/s> <https://example.org/p> "x" } }',
        },
    },
}


# -- routes ---------------------------------------------------------------------------------
@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET), or the service description",
    responses=_RESPONSES,
    openapi_extra={"parameters": _PARAMS},
)
async def sparql_get(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    return await _dispatch(request, await read_operation(request), settings, store)


router.add_api_route("/sparql", sparql_get, methods=["HEAD"], include_in_schema=False)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query or update (POST form or direct body)",
    description="Queries are open. Updates (`update=` or `application/sparql-update`) need "
    "`Authorization: Bearer <token>`; an update whose result breaks the shapes gets 422 with the "
    "SHACL report and changes nothing. In an update, the default graph of WHERE is the store's own "
    "default graph (address data with GRAPH, WITH, USING or `using-graph-uri`).",
    responses={
        **_RESPONSES,
        401: {"description": "An update without a bearer token."},
        422: {"description": "The update breaks the shapes; `details` is the SHACL report."},
    },
    openapi_extra={"parameters": _PARAMS[1:], "requestBody": _POST_BODY},
)
async def sparql_post(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    return await _dispatch(request, await read_operation(request), settings, store)


async def _dispatch(request: Request, op: Operation, settings: Settings, store: Store) -> Response:
    op.check_dataset_params()
    if op.kind == "query":
        return await _query(request, op, settings, store)
    if op.kind == "update":
        require_write_token(request, settings)
        using, named = op.graphs("using-graph-uri"), op.graphs("using-named-graph-uri")
        result = await run_in_threadpool(
            apply_update, store, settings, op.text, using=using, using_named=named
        )
        return JSONResponse({"type": "updated", **result.to_json()})
    endpoint = str(request.url.replace(query="", fragment=""))
    if not op.asks_format and prefers_html(request, GRAPH_FORMATS):
        return HTMLResponse(_page(endpoint), headers={"Vary": "Accept"})
    fmt = choose_format(request, op.params, GRAPH_FORMATS)
    triples = service_description(endpoint, await run_in_threadpool(store.named_graphs))
    prefixes = {**PREFIXES, "sd": SD, "formats": FORMATS_NS}
    return rendered_response(render_triples(triples, fmt, cap=len(triples), prefixes=prefixes))


async def _query(request: Request, op: Operation, settings: Settings, store: Store) -> Response:
    info = check_query(
        op.text, allow_service=settings.allow_service, max_length=settings.max_query_chars
    )
    table = GRAPH_FORMATS if info.form in GRAPH_FORMS else RESULT_FORMATS
    default_graphs, named_graphs = query_dataset(
        info, op.graphs("default-graph-uri"), op.graphs("named-graph-uri")
    )
    query = QueryRequest(
        op.text,
        format=choose_format(request, op.params, table).key,
        cap=settings.max_rows,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
    )
    rendered = await run_in_threadpool(store.query, query)
    return rendered_response(rendered, row_cap=settings.max_rows)


# -- service description --------------------------------------------------------------------
def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, graphs: list[str]) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description: languages, formats, the union default graph, the graphs."""
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    about: list[tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode]] = [
        (RDF_TYPE, _sd("Service")),
        (_sd("endpoint"), service),
        *(
            (_sd("supportedLanguage"), _sd(lang))
            for lang in ("SPARQL10Query", "SPARQL11Query", "SPARQL11Update")
        ),
        (_sd("feature"), _sd("UnionDefaultGraph")),
        (_sd("defaultEntailmentRegime"), SIMPLE_ENTAILMENT),
        *((_sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in FORMAT_IRIS.values()),
        (_sd("defaultDataset"), dataset),
    ]
    triples = [ox.Triple(service, p, o) for p, o in about]
    triples += [
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    for index, graph in enumerate(graphs):
        node = ox.BlankNode(f"graph{index}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(graph)),
        ]
    return triples


def _page(endpoint: str) -> str:
    """A short page for browsers; the full web page is a later issue."""
    example = html.escape(f"{endpoint}?{urlencode({'query': EXAMPLE, 'format': 'json'})}")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>privacy-kg SPARQL endpoint</title></head>
<body><h1>privacy-kg SPARQL endpoint</h1>
<p>A SPARQL 1.1 endpoint: send a query as <code>{html.escape(endpoint)}?query=...</code> or POST it
(<code>application/sparql-query</code> or a form). Results come as SPARQL JSON, XML, CSV or TSV,
graphs as Turtle, N-Triples, RDF/XML or JSON-LD, chosen by <code>Accept</code>; ask for
<code>text/turtle</code> to get the service description.</p>
<p>Example: <a href="{example}">triples per graph</a>. Every endpoint is documented at
<a href="/docs">/docs</a>.</p>
</body></html>
"""
