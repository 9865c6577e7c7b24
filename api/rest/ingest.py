"""`POST /articles`: article text plus citation in, mapped facts out, through the rule mapper's ingest.

Two ways to send an article: a JSON body (`ArticleSubmission`), or the text itself as `text/plain`
with the citation in the query string (handy with `curl --data-binary @article.txt`). Either way
the text passes the same checks as a file (size, UTF-8, no binary), then `privacy_kg.ingest` maps,
validates (SHACL on the new graph and what it touches) and commits it in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from privacy_kg.articles import decode_article
from privacy_kg.errors import InputError, UnsupportedMediaType
from privacy_kg.ingest import IngestResult, ingest_text
from privacy_kg.mapping.mapper import CitationOptions
from privacy_kg.mapping.resources import default_resources
from privacy_kg.settings import Settings
from privacy_kg.store import Store

from .negotiation import content_type

CITATION_FIELDS = ("id", "url", "date", "publisher", "headline")
EXAMPLE_TEXT = (
    "Regulator orders Facebook to report on breach\n\n"
    "The Personal Information Protection Commission on Tuesday ordered Facebook Inc. to submit a report "
    "on a data breach by the end of the month.\n"
    "Facebook said it would cooperate with the commission.\n"
)


class Citation(BaseModel):
    """What the caller knows about the article; the rest is read from the page or derived."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$",
        max_length=100,
        description="article id; default: the date and the headline's words",
    )
    url: str | None = Field(None, pattern=r"^https?://", max_length=2000)
    date: dt.date | None = Field(
        None, description="publication date; relative dates in the text resolve against it"
    )
    publisher: str | None = Field(None, max_length=200)
    headline: str | None = Field(None, max_length=500)


class ArticleSubmission(Citation):
    text: str = Field(
        min_length=1, description="the article text (UTF-8); page furniture is removed"
    )
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": EXAMPLE_TEXT,
                    "publisher": "Example Wire",
                    "date": "2025-01-14",
                    "url": "https://example.org/news/regulator-orders-facebook",
                    "headline": "Regulator orders Facebook to report on breach",
                }
            ]
        },
    )


async def read_submission(request: Request) -> tuple[str, Citation]:
    """The text and citation from a JSON body, or from a text/plain body and the query string."""
    media, charset = content_type(request)
    body = await request.body()
    query = dict(request.query_params)
    if media == "application/json":
        if query:
            raise InputError(
                f"with a JSON body, give the citation in the body, not as parameters ({', '.join(query)})"
            )
        try:
            submission = ArticleSubmission.model_validate(json.loads(body or b"null"))
        except json.JSONDecodeError as exc:
            raise InputError(f"the JSON body is not valid JSON: {exc}") from None
        except UnicodeDecodeError as exc:  # json.loads decodes bytes itself
            raise InputError(f"the JSON body is not valid UTF-8 (byte {exc.start})") from None
        except RecursionError:  # json.loads's own guard against deeply nested arrays/objects
            raise InputError("the JSON body is nested too deeply; send one flat object") from None
        except ValidationError as exc:
            raise InputError(_problems(exc), details=_details(exc)) from None
        return decode_article(submission.text.encode("utf-8")), submission
    if media == "text/plain":
        unknown = sorted(set(query) - set(CITATION_FIELDS))
        if unknown:
            raise InputError(
                f"unknown parameter(s) {', '.join(unknown)}; the citation takes {', '.join(CITATION_FIELDS)}"
            )
        try:
            citation = Citation.model_validate(query)
        except ValidationError as exc:
            raise InputError(_problems(exc), details=_details(exc)) from None
        if charset not in ("utf-8", "utf8"):
            raise InputError("send the article as UTF-8 (Content-Type: text/plain; charset=utf-8)")
        return decode_article(body), citation
    raise UnsupportedMediaType(
        f"send the article as application/json or text/plain, not {media or '(none)'!r}"
    )


def _details(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"parameter": ".".join(str(p) for p in e["loc"]) or "(body)", "problem": e["msg"]}
        for e in exc.errors()
    ]


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"field {d['parameter']!r}: {d['problem']}" for d in _details(exc))


def ingest(store: Store, settings: Settings, text: str, citation: Citation) -> IngestResult:
    """Map, validate, commit (blocking: call it in a thread). ValidationFailed leaves the store as it was."""
    res = default_resources(settings)
    options = CitationOptions(
        article_id=citation.id,
        url=citation.url,
        date=citation.date,
        publisher=citation.publisher,
        headline=citation.headline,
    )
    return ingest_text(text, options, settings, store, res)


async def ingest_request(request: Request, store: Store, settings: Settings) -> dict[str, Any]:
    text, citation = await read_submission(request)
    result = await run_in_threadpool(ingest, store, settings, text, citation)
    facts = result.facts or result.mapped.facts
    article_id = facts.article.id
    return {
        "id": f"https://w3id.org/privacy-kg/id/article/{article_id}",
        "graph": result.graph,
        "triples": result.triples,
        "new_actors": result.new_actors,
        "warnings": result.mapped.warnings,
        "facts": facts.model_dump(mode="json", exclude_none=True),
        "url": f"/articles/{article_id}",
    }
