"""`/queries`: the named queries of `queries/*.rq`, listed, and each served at `/queries/{name}`.

The per-query operations are added by `create_app` (`api.rest.query_routes.install`) from the
settings' queries folder: a new `.rq` file is a new documented endpoint at the next start, with no
code. This router's start-up loads and checks
`queries/rest/*.rq` and the vocabulary the REST filters are checked against, so a broken file fails
the start, naming itself, rather than a request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

from ..deps import QueriesDep, SingleValues
from ..rest.models import errors
from ..rest.query_routes import describe
from ..rest.runner import rest_queries, vocabulary


@asynccontextmanager
async def _prepare(app: FastAPI) -> AsyncIterator[None]:
    rest_queries(app.state.settings)
    vocabulary(app.state.settings)
    yield


router = APIRouter(tags=["queries"], lifespan=_prepare, dependencies=[SingleValues])


class QueryParam(BaseModel):
    name: str
    type: str = Field(description="string, iri, actor, country, date, integer, decimal or boolean")
    description: str
    required: bool
    example: str | None
    enum: list[str] | None


class QueryInfo(BaseModel):
    name: str
    summary: str
    description: str
    tags: list[str]
    form: str = Field(description="SELECT, ASK, CONSTRUCT or DESCRIBE")
    params: list[QueryParam]
    url: str
    example_url: str = Field(description="the endpoint with every parameter's example value")


@router.get(
    "/queries",
    summary="List the named queries",
    description="Every `queries/*.rq` file: its name, summary, description, typed parameters and URL. Each is "
    "served at `/queries/{name}` (SPARQL JSON by default; `format=xml|csv|tsv`, or `format=rows` for a plain "
    "JSON array of objects).",
    response_model=list[QueryInfo],
    responses=errors(503),
)
async def list_queries(queries: QueriesDep) -> list[dict[str, Any]]:
    return [describe(query) for query in queries.values()]
