"""`/graph-store`: the SPARQL 1.1 Graph Store HTTP Protocol (indirect identification).

`?graph=<IRI>` names a graph (a local name: nothing is fetched), `?default` the default graph.
Reads are open; PUT (replace), POST (merge) and DELETE need the bearer token. A POST that names
no graph creates one with a new IRI (section 5.5): 201, and `Location` is the URL to read it.
Bodies are parsed by `privacy_kg.rdfio` (no DTDs, no remote JSON-LD contexts), validated and
written once by `privacy_kg.writes`.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from privacy_kg.errors import InputError, NotFound
from privacy_kg.namespaces import GRAPH, PREFIXES
from privacy_kg.rdfio import UPLOAD_FORMATS
from privacy_kg.sparql.formats import GRAPH_FORMATS, Format
from privacy_kg.sparql.results import Rendered, render_ntriples_bytes
from privacy_kg.store import Store
from privacy_kg.writes import Graph, WriteResult, delete_graph, put_graph

from ..deps import SettingsDep, StoreDep, WriteAccess
from ..sparql_http import choose_format, graph_iri, rendered_response

router = APIRouter(tags=["sparql"])

UNCAPPED = 2**62  # a graph is returned whole: the row cap is for query results
_TARGET: list[dict[str, Any]] = [
    {
        "name": "graph",
        "in": "query",
        "schema": {"type": "string"},
        "description": "The graph's IRI, e.g. https://w3id.org/privacy-kg/graph/entities.",
        "example": "https://w3id.org/privacy-kg/graph/entities",
    },
    {
        "name": "default",
        "in": "query",
        "schema": {"type": "string"},
        "allowEmptyValue": True,
        "description": "Present (no value) to address the default graph instead.",
    },
]
_BODY = {
    "required": True,
    "content": {media: {"schema": {"type": "string"}} for media in UPLOAD_FORMATS},
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "No or bad `graph` parameter, or an RDF syntax error (DTDs are refused)."},
    401: {"description": "No bearer token."},
    403: {"description": "Wrong token, or the service is read-only."},
    413: {"description": "The body is over the size limit."},
    415: {"description": "A body in an RDF syntax the service does not read."},
    422: {"description": "The new graph breaks the shapes (`details`: the SHACL report)."},
}


def _target(request: Request, *, store_itself: bool = False) -> Graph:
    """The graph a request addresses; with `store_itself` (POST), none means a new graph."""
    params = request.query_params
    graphs = params.getlist("graph")
    if len(graphs) > 1 or (graphs and "default" in params):
        raise InputError("address one graph: either ?graph=<IRI> or ?default")
    if "default" in params:
        return None
    if not graphs and store_itself:
        return str(GRAPH[f"gsp/{uuid.uuid4()}"])
    if not graphs:
        raise InputError(
            "name the graph: ?graph=<IRI> for a named graph or ?default for the default graph"
        )
    return graph_iri("graph", graphs[0])


def _read(store: Store, graph: Graph, fmt: Format) -> Rendered:
    if graph is not None and graph not in store.named_graphs():
        raise NotFound(f"there is no graph <{graph}>")
    return render_ntriples_bytes(store.graph_ntriples(graph), fmt, cap=UNCAPPED, prefixes=PREFIXES)


def _written(result: WriteResult, request: Request) -> Response:
    if result.created:
        graph = result.graphs[0]
        where = request.url_for("read_graph").include_query_params(
            **({"graph": graph} if graph is not None else {"default": ""})
        )
        return JSONResponse(
            {"type": "created", **result.to_json()}, status_code=201, headers={"Location": str(where)}
        )
    return Response(status_code=204)


@router.get(
    "/graph-store",
    summary="Read one graph (Graph Store Protocol)",
    responses={
        200: {
            "description": "The graph in the negotiated RDF format.",
            "content": {fmt.media_type: {} for fmt in GRAPH_FORMATS.formats},
        },
        400: {"description": "No or bad `graph` parameter (one absolute IRI), or both forms."},
        404: {"description": "No such graph."},
        406: {"description": "No acceptable RDF format."},
    },
    openapi_extra={"parameters": _TARGET},
)
async def read_graph(request: Request, store: StoreDep) -> Response:
    graph = _target(request)
    fmt = choose_format(request, request.query_params.multi_items(), GRAPH_FORMATS)
    return rendered_response(await run_in_threadpool(_read, store, graph, fmt))


router.add_api_route("/graph-store", read_graph, methods=["HEAD"], include_in_schema=False)


@router.put(
    "/graph-store",
    summary="Replace one graph (token)",
    status_code=204,
    dependencies=[WriteAccess],
    responses={
        201: {"description": "The graph was created."},
        204: {"description": "The graph was replaced."},
        **_ERRORS,
    },
    openapi_extra={"parameters": _TARGET, "requestBody": _BODY},
)
async def replace_graph(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    graph = _target(request)
    body = await request.body()
    content_type = request.headers.get("content-type")
    result = await run_in_threadpool(put_graph, store, settings, graph, body, content_type)
    return _written(result, request)


@router.post(
    "/graph-store",
    summary="Merge triples into one graph, or create a graph (token)",
    description="With `?graph=` or `?default`, the body's triples are added to that graph. "
    "Without either, a new graph with a new IRI is created (201; `Location` is where to read it).",
    status_code=204,
    dependencies=[WriteAccess],
    responses={
        201: {"description": "The graph was created; `Location` is the URL to read it."},
        204: {"description": "The triples were added."},
        **_ERRORS,
    },
    openapi_extra={"parameters": _TARGET, "requestBody": _BODY},
)
async def merge_graph(request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    graph = _target(request, store_itself=True)
    body = await request.body()
    content_type = request.headers.get("content-type")
    result = await run_in_threadpool(
        put_graph, store, settings, graph, body, content_type, merge=True
    )
    return _written(result, request)


@router.delete(
    "/graph-store",
    summary="Delete one graph (token)",
    status_code=204,
    dependencies=[WriteAccess],
    responses={
        204: {"description": "The graph is gone."},
        404: {"description": "No such graph."},
        **_ERRORS,
    },
    openapi_extra={"parameters": _TARGET},
)
async def remove_graph(request: Request, store: StoreDep) -> Response:
    graph = _target(request)
    await run_in_threadpool(delete_graph, store, graph)
    return Response(status_code=204)
