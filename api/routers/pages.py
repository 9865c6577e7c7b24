"""Pages: the index at `/`, IRI dereferencing at `/id/...`, and the ontology at `/ontology`.

`https://w3id.org/privacy-kg/id/{type}/{id}` is served at `/id/{type}/{id}` (any actor, fact,
article, law, jurisdiction, data category, derivation ...): HTML for browsers, Turtle, JSON-LD,
N-Triples or RDF/XML by Accept (or `?format=`), 404 when no triple has it as subject. The ontology
(`/ontology`, also `/ontology#Term`) and each term (`/ontology/{Term}`) are served the same way.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from privacy_kg import __version__
from privacy_kg.errors import MappingError, NotFound
from privacy_kg.namespaces import ONTOLOGY_GRAPH
from privacy_kg.sparql.formats import FormatTable

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest.assemble import Index
from ..rest.compose import with_items
from ..rest.examples import BASE_URL, EXAMPLES
from ..rest.html import ID_BASE, ONTOLOGY_BASE, index_page, ontology_page, resource_page
from ..rest.models import errors, rdf_content
from ..rest.negotiation import HTML, JSON, PAGE_FORMATS, choose, rdf_response
from ..rest.runner import construct, rest_query, select

router = APIRouter(tags=["pages"], dependencies=[SingleValues])

INDEX_FORMATS = FormatTable(
    "index",
    (HTML, JSON),
    media_aliases={"application/xhtml+xml": "html"},
    names={"html": "html", "json": "json"},
)
PAGE_RESPONSES = {
    200: {
        "description": "HTML, or the resource's triples in the chosen RDF format.",
        "content": rdf_content(f.media_type for f in PAGE_FORMATS.formats),
    },
    **errors(404, 406, 503),
}
FormatParam = Annotated[
    str | None, Query(description="html, turtle, jsonld, ntriples or rdfxml, instead of Accept")
]
LINKS = {
    "/docs": "the API, every endpoint with its parameters and examples (OpenAPI: /openapi.json)",
    "/sparql": "SPARQL 1.1 endpoint (query, update with a token), and the Graph Store Protocol at /graph-store",
    "/queries": "named queries: the questions the graph answers, each an endpoint",
    "/legal-actions": "regulators' orders, warnings, fines, requests ...",
    "/incidents": "breaches and other incidents, with every reported figure",
    "/data-flows": "personal data crossing borders: from where to where, what, by whom",
    "/actors": "companies, authorities, government bodies, people, services",
    "/articles": "the source articles and the facts read from each",
    "/ontology": "the ontology and its controlled vocabularies",
    "/dumps": "the whole graph as N-Quads, TriG or JSON-LD",
    "/health": "service status",
}
DESCRIPTION = (
    "A knowledge graph of personal-data incidents, cross-border data flows and regulators' actions, "
    "read from news articles; every fact carries its source article, the quoted evidence and how "
    "it was mapped."
)


def index_info(base_url: str = BASE_URL) -> dict[str, Any]:
    return {
        "name": "privacy-kg",
        "version": __version__,
        "description": DESCRIPTION,
        "base_url": base_url,
        "links": LINKS,
        "examples": [e.to_json(base_url) for e in EXAMPLES],
    }


@router.get(
    "/",
    summary="Index: what this is, where to go, example requests",
    description="An HTML page for people; JSON (`Accept: application/json`) for programs. The example requests "
    "are curl lines for a local service on 127.0.0.1:8000.",
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string"}}, "application/json": {}}},
        **errors(406),
    },
)
async def index(request: Request, format: FormatParam = None) -> Response:
    fmt = choose(request, INDEX_FORMATS, format)
    if fmt is JSON:
        return JSONResponse(index_info(), headers={"Vary": "Accept"})
    return HTMLResponse(index_page(index_info()), headers={"Vary": "Accept"})


@router.get("/ontology", summary="The ontology", responses=PAGE_RESPONSES)
async def ontology(request: Request, store: StoreDep, format: FormatParam = None) -> Response:
    fmt = choose(request, PAGE_FORMATS, format)
    ntriples = await run_in_threadpool(store.graph_ntriples, str(ONTOLOGY_GRAPH))
    if fmt is not HTML:
        return rdf_response(ntriples, fmt)
    index = Index.from_ntriples(ntriples)
    terms = {s: index.predicates(s) for s in index.subjects_all() if s.startswith(ONTOLOGY_BASE)}
    labels = {s: label for s in index.subjects_all() if (label := index.label(s))}
    return HTMLResponse(ontology_page(terms, labels), headers={"Vary": "Accept"})


@router.get("/ontology/{term}", summary="One ontology term", responses=PAGE_RESPONSES)
async def ontology_term(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    term: Annotated[
        str, Path(description="a class, property or concept name", examples=["LegalAction"])
    ],
    format: FormatParam = None,
) -> Response:
    return await _describe(request, store, settings, ONTOLOGY_BASE + term, request.url.path, format)


@router.get("/id/{path:path}", summary="Dereference a resource IRI", responses=PAGE_RESPONSES)
async def resource(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    path: Annotated[
        str,
        Path(description="the IRI after https://w3id.org/privacy-kg/id/", examples=["actor/ppc"]),
    ],
    format: FormatParam = None,
) -> Response:
    return await _describe(request, store, settings, ID_BASE + path, request.url.path, format)


async def _describe(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    iri: str,
    path: str,
    format: str | None,
) -> Response:
    fmt = choose(request, PAGE_FORMATS, format)
    name = "resource" if fmt is HTML else "resource-graph"
    query = rest_query(settings, name)
    try:
        text = with_items(query.text, [iri], variable="s", source=str(query.path))
    except MappingError:
        raise NotFound(f"{iri!r} is not an IRI this service knows") from None
    if fmt is not HTML:
        ntriples = await construct(store, text)
        if not ntriples.strip():
            raise NotFound(f"nothing is known about <{iri}>")
        return rdf_response(ntriples, fmt)
    rows = await select(store, text)
    if not any(r["direction"]["value"] == "out" for r in rows):
        raise NotFound(f"nothing is known about <{iri}>")
    return HTMLResponse(resource_page(iri, rows, path), headers={"Vary": "Accept"})
