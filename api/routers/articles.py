"""`/articles`: the source articles (citation and the facts read from each), and ingest by POST."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..deps import SettingsDep, SingleValues, StoreDep, WriteAccess
from ..rest import ARTICLES, errors
from ..rest.ingest import ArticleSubmission
from ..rest.ingest import ingest_request as ingest_article
from ..rest.models import Article
from ..rest.params import ListParams, PartialDate, date_from, date_to
from ..rest.resource_routes import add_resource_routes

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class ArticleFilters(ListParams):
    publisher: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        examples=["nikkei"],
        description="the publisher's id (e.g. nhk-world) or words of its name",
    )
    date_from: PartialDate | None = date_from("2021")
    date_to: PartialDate | None = date_to("2021-03")


class Ingested(BaseModel):
    id: str = Field(description="the article's IRI")
    graph: str = Field(description="the named graph that holds everything the article says")
    triples: int
    new_actors: list[str] = Field(
        description="actors the article introduced into the entities graph"
    )
    warnings: list[str]
    facts: dict[str, Any] = Field(
        description="the committed facts, in the fact model (the hand-mapping format)"
    )
    url: str = Field(description="where the article is served")


add_resource_routes(
    router,
    ARTICLES,
    filters=ArticleFilters,
    model=Article,
    list_summary="List articles",
    list_description="The source articles, newest first, each with its citation (headline, publisher, date, URL) and "
    "the facts read from it.",
    item_summary="One article",
    item_id=Path(
        description="the article's id (the end of its IRI)",
        examples=["2018-10-22-japantimes-facebook-ppc-order"],
    ),
)


@router.post(
    "/articles",
    summary="Ingest an article (token)",
    description="Maps the article text with the rules, validates the facts with SHACL (the new graph and what it "
    "touches) and commits the article's graph in one transaction; returns the facts. Send JSON "
    "(`{text, publisher, date, url, headline, id}`), or the text as `text/plain` with the citation in the query "
    "string:\n\n"
    "    curl -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: text/plain; charset=utf-8' \\\n"
    "      --data-binary @article.txt \\\n"
    "      'http://127.0.0.1:8000/articles?publisher=NHK%20World&date=2024-03-05&url=https://example.org/a'\n\n"
    "Re-sending an article replaces its graph. Facts that break the shapes give 422 with the report, and nothing "
    "is written. Needs `Authorization: Bearer <token>`.",
    status_code=201,
    response_model=Ingested,
    dependencies=[WriteAccess],
    responses=errors(400, 401, 403, 413, 415, 422, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": ArticleSubmission.model_json_schema(
                        ref_template="#/components/schemas/{model}"
                    ),
                    "example": ArticleSubmission.model_config["json_schema_extra"]["examples"][0],
                },
                "text/plain": {
                    "schema": {"type": "string"},
                    "example": "The Personal Information Protection Commission on Tuesday ordered ...",
                },
            },
        },
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": f"with a text/plain body: the article's {name}"
                + (" (YYYY-MM-DD)" if name == "date" else ""),
            }
            for name in ("publisher", "date", "url", "headline", "id")
        ],
    },
)
async def post_article(request: Request, store: StoreDep, settings: SettingsDep) -> JSONResponse:
    body = await ingest_article(request, store, settings)
    return JSONResponse(body, status_code=201, headers={"Location": body["url"]})
