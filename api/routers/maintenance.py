"""`POST /validate`: SHACL over a posted RDF document, in the context of the stored entities.

The body is parsed by the engine (`privacy_kg.rdfio`: no DTDs, no remote JSON-LD contexts), then the
gate validates it with the stored descriptions of everything it points at (actors, jurisdictions,
concepts), exactly as a write would be validated. Nothing is written.

pySHACL is pure Python: it holds a worker thread (and the GIL) until it finishes, about 2.5 ms a
triple, and nothing can stop it. This endpoint needs no token, so the work one request can ask for
is bounded (`MAX_TRIPLES`) and so is the number of validations at once (`MAX_RUNNING`; more get
503 at once rather than a thread each).
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pyoxigraph import RdfFormat
from starlette.concurrency import run_in_threadpool

from privacy_kg.errors import InputError, Overloaded, TooLarge
from privacy_kg.gate import check_graphs
from privacy_kg.rdfio import UPLOAD_FORMATS, format_for_media_type, parse_quads, to_rdflib
from privacy_kg.settings import Settings
from privacy_kg.sparql.formats import GRAPH_FORMATS, Format, FormatTable, negotiate
from privacy_kg.store import Store
from privacy_kg.validate import Report

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest.models import errors, rdf_content
from ..rest.negotiation import JSON, content_type

router = APIRouter(tags=["maintenance"], dependencies=[SingleValues])
MAX_TRIPLES = 10_000
MAX_RUNNING = 2
_running = threading.BoundedSemaphore(MAX_RUNNING)

REPORT_FORMATS = FormatTable(
    "report",
    (JSON, *GRAPH_FORMATS.formats),
    names={"json": "json", **{k: v for k, v in GRAPH_FORMATS.names.items() if k != "json"}},
)
EXAMPLE = """@prefix pkg: <https://w3id.org/privacy-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<https://w3id.org/privacy-kg/id/actor/example-corp> a pkg:Company, pkg:Organisation, pkg:Actor ;
    rdfs:label "Example Corporation"@en ;
    pkg:country <https://w3id.org/privacy-kg/id/jurisdiction/JP> .
"""


class ResultItem(BaseModel):
    severity: str
    focus: str = Field(description="the node that breaks the shape")
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    message: str


class ValidationReport(BaseModel):
    conforms: bool
    violations: int
    warnings: int
    triples: int = Field(description="triples in the posted document")
    results: list[ResultItem]


@router.post(
    "/validate",
    summary="Validate RDF against the shapes",
    description="Post a Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML document (by Content-Type); get the "
    "SHACL report as JSON (`conforms`, counts, and each result's focus node, path, value, shape and message), or "
    "the report graph itself with `Accept: text/turtle` (or JSON-LD, N-Triples, RDF/XML). The document is "
    "validated together with the stored descriptions of what it points at; nothing is written. A document that "
    "does not conform is still a 200: the report says why.",
    response_model=ValidationReport,
    responses={
        200: {
            "content": rdf_content(f.media_type for f in GRAPH_FORMATS.formats)
        },
        **errors(400, 406, 413, 415, 503),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {
                    "schema": {"type": "string"},
                    **({"example": EXAMPLE} if media == "text/turtle" else {}),
                }
                for media in UPLOAD_FORMATS
                if media not in ("application/x-turtle", "text/plain")
            },
        }
    },
)
async def validate(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    fmt = negotiate(request.headers.get("accept"), REPORT_FORMATS)
    media, _ = content_type(request)
    rdf_format = format_for_media_type(media)
    body = await request.body()
    if not body.strip():
        raise InputError("the request body is empty: post the RDF document to validate")
    report, triples = await run_in_threadpool(_check, store, settings, body, rdf_format)
    return _answer(report, triples, fmt)


def _check(
    store: Store, settings: Settings, body: bytes, rdf_format: RdfFormat
) -> tuple[Report, int]:
    """Parse and validate (blocking, in a worker thread), at most `MAX_RUNNING` at once."""
    if not _running.acquire(blocking=False):
        raise Overloaded(f"{MAX_RUNNING} validations are running; retry in a moment")
    try:
        quads = parse_quads(body, rdf_format, source="request body")
        if len(quads) > MAX_TRIPLES:
            raise TooLarge(
                f"the document has {len(quads):,} triples and /validate checks at most "
                f"{MAX_TRIPLES:,} at a time; split it, or run `privacy-kg validate FILE`"
            )
        graph = to_rdflib(quads)
        return check_graphs(store, settings, [graph]), len(graph)
    finally:
        _running.release()


def _answer(report: Report, triples: int, fmt: Format) -> Response:
    if fmt is JSON:
        body: dict[str, Any] = {**report.to_json(), "triples": triples}
        return JSONResponse(body, headers={"Vary": "Accept"})
    rdflib_names = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
    data = report.graph.serialize(format=rdflib_names[fmt.key], encoding="utf-8")
    return Response(data, media_type=fmt.content_type, headers={"Vary": "Accept"})
