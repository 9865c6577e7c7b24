"""Response models of the REST resources: the OpenAPI schema documents itself from these.

Field names are the fact model's. References to things in the graph are `{id, label}` (the id is
the IRI, dereferenceable at `/id/...`); countries are ISO 3166-1 codes; kinds, statuses and
qualifiers are the notations of the ontology's concepts; dates are kept as stored (YYYY, YYYY-MM
or YYYY-MM-DD: the length is the precision). Examples are the seed graph's own values; quotes in
examples are cut short.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

PKR = "https://w3id.org/privacy-kg/id/"
JT = PKR + "article/2018-10-22-japantimes-facebook-ppc-order"


def _example(value: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [value]})


class Ref(BaseModel):
    """Something the item points at: its IRI and English label."""

    id: str = Field(description="IRI; dereference it at /id/{type}/{id}")
    label: str | None = None
    model_config = _example(
        {"id": PKR + "actor/ppc", "label": "Personal Information Protection Commission"}
    )


class ArticleRef(BaseModel):
    id: str
    headline: str | None
    publisher: str | None
    date: str | None = Field(description="publication date, as stored")
    url: str | None


ARTICLE_REF = {
    "id": JT,
    "headline": "Japanese government orders Facebook to improve data protection",
    "publisher": "The Japan Times (Kyodo)",
    "date": "2018-10-22",
    "url": "https://www.japantimes.co.jp/news/2018/10/22/business/"
    "japanese-government-orders-facebook-improve-data-protection/",
}
SOURCE = {
    "article": ARTICLE_REF,
    "evidence": ["The Japanese government on Monday ordered Facebook Inc. to …"],
    "method": "hand",
    "confidence": 1.0,
}


class Source(BaseModel):
    """One way the item was read from one article."""

    article: ArticleRef | None
    evidence: list[str] = Field(
        description="the quoted sentences, in the order the mapping gives them"
    )
    method: str = Field(
        description='"hand" for a hand mapping, else the id of the rule that found it'
    )
    confidence: float | None
    model_config = _example(SOURCE)


class FactBase(BaseModel):
    id: str
    label: str | None = Field(description="a one-line summary in the mapper's own words")
    notes: list[str] = Field(description="the mappers' notes, one per article that has one")
    sources: list[Source]


class LegalAction(FactBase):
    kind: str = Field(description="LegalActionKind notation (order, warning, fine, request ...)")
    reported_as: list[str] = Field(description="every kind a source calls it")
    authority: Ref | None
    target: Ref | None
    concerns: list[Ref]
    date: str | None
    deadline: str | None
    amount: int | float | None
    currency: str | None = Field(description="ISO 4217 code, with amount")
    legal_basis: Ref | None
    responds_to: Ref | None = Field(description="the incident it responds to")
    follows_up: Ref | None = Field(description="an earlier legal action it follows")
    status: str | None
    model_config = _example(
        {
            "id": PKR + "legal-action/ppc-facebook-protection-order-2018",
            "label": "The PPC orders Facebook to better protect its users' personal information",
            "kind": "order",
            "reported_as": ["order", "warning"],
            "authority": {
                "id": PKR + "actor/ppc",
                "label": "Personal Information Protection Commission",
            },
            "target": {"id": PKR + "actor/facebook-inc", "label": "Facebook Inc."},
            "concerns": [{"id": PKR + "actor/facebook-inc", "label": "Facebook Inc."}],
            "date": "2018-10-22",
            "deadline": None,
            "amount": None,
            "currency": None,
            "legal_basis": None,
            "responds_to": {
                "id": PKR + "incident/cambridge-analytica-leak",
                "label": "Data of Facebook users reaches Cambridge Analytica",
            },
            "follows_up": None,
            "status": "completed",
            "notes": [],
            "sources": [SOURCE],
        }
    )


class Figure(FactBase):
    value: int | float | None
    qualifier: str | None = Field(description="exact, about, more_than, at_least, up_to, less_than")
    unit: str | None
    date_reported: str | None
    scope: str | None = Field(description="the jurisdiction the figure counts, if limited to one")
    reported_by: Ref | None


FIGURE = {
    "id": PKR + "figure/ly-leak-519k-2024-02",
    "label": "The estimate is raised to 519,000 items",
    "value": 519000,
    "qualifier": "exact",
    "unit": "items",
    "date_reported": "2024-02",
    "scope": None,
    "reported_by": {"id": PKR + "actor/ly-corp", "label": "LY Corporation"},
    "notes": [],
    "sources": [],
}


class Incident(FactBase):
    kind: str = Field(
        description="IncidentKind notation (data_breach, cyberattack, mishandling ...)"
    )
    subject: Ref | None = Field(description="the organisation whose data or systems were affected")
    perpetrator: Ref | None
    via: Ref | None = Field(description="a party through which it happened")
    date: str | None
    disclosed: str | None
    jurisdictions: list[str]
    data_categories: list[Ref]
    data_subjects: Ref | None
    figures: list[Figure] = Field(
        description="every figure as reported, oldest report first; none overwrites another"
    )
    model_config = _example(
        {
            "id": PKR + "incident/ly-naver-subcontractor-leak-2023",
            "label": "LY Corporation leaks users' personal data after a cyberattack on a Naver subcontractor",
            "kind": "data_breach",
            "subject": {"id": PKR + "actor/ly-corp", "label": "LY Corporation"},
            "perpetrator": None,
            "via": {"id": PKR + "actor/naver-subcontractor", "label": "Naver's subcontractor"},
            "date": "2023-11",
            "disclosed": "2023-11",
            "jurisdictions": ["JP"],
            "data_categories": [
                {"id": PKR + "data-category/personal-data", "label": "personal data"}
            ],
            "data_subjects": {"id": PKR + "actor/line-users", "label": "Line users"},
            "figures": [FIGURE],
            "notes": [],
            "sources": [],
        }
    )


class DataFlow(FactBase):
    kind: str = Field(
        description="DataFlowKind notation (access, storage, transfer, collection ...)"
    )
    from_actor: Ref | None
    to_actor: Ref | None
    from_country: str | None
    to_country: str | None
    data_categories: list[Ref]
    data_subjects: Ref | None
    mechanism: str | None = Field(description="transfer mechanism notation, e.g. consent")
    conditions: list[str]
    status: str | None
    date: str | None
    end_date: str | None
    deadline: str | None
    incident: Ref | None
    model_config = _example(
        {
            "id": PKR + "data-flow/line-china-access",
            "label": "Four employees of Line's Chinese affiliate could reach names, IDs and phone numbers of users in Japan",
            "kind": "access",
            "from_actor": {"id": PKR + "actor/line-corp", "label": "Line Corporation"},
            "to_actor": {
                "id": PKR + "actor/line-china-affiliate",
                "label": "Line's Chinese affiliate",
            },
            "from_country": "JP",
            "to_country": "CN",
            "data_categories": [{"id": PKR + "data-category/name", "label": "name"}],
            "data_subjects": {"id": PKR + "actor/line-users-japan", "label": "Line users in Japan"},
            "mechanism": None,
            "conditions": [],
            "status": "ended",
            "date": None,
            "end_date": "2021-03-23",
            "deadline": None,
            "incident": None,
            "notes": [],
            "sources": [],
        }
    )


class Actor(BaseModel):
    id: str
    kind: str | None = Field(
        description="the most specific kind: company, data_protection_authority, person, service ..."
    )
    label: str | None
    labels: dict[str, str] = Field(description="label by language tag")
    aliases: dict[str, list[str]] = Field(description="other names by language tag")
    country: str | None
    wikidata: str | None = Field(description="Wikidata item id, e.g. Q380")
    description: str | None
    sources: list[Source] = Field(
        description="articles a rule found the actor in (none for the registry's actors)"
    )
    model_config = _example(
        {
            "id": PKR + "actor/ppc",
            "kind": "data_protection_authority",
            "label": "Personal Information Protection Commission",
            "labels": {
                "en": "Personal Information Protection Commission",
                "ja": "個人情報保護委員会",
            },
            "aliases": {"en": ["PPC", "the commission"], "ja": ["個情委"]},
            "country": "JP",
            "wikidata": None,
            "description": "Japan's independent supervisory body for the protection of personal information.",
            "sources": [],
        }
    )


class FactRef(BaseModel):
    id: str
    type: str = Field(
        description="the IRI's type segment: incident, legal-action, data-flow, figure ..."
    )
    label: str | None


class Article(ArticleRef):
    language: list[str]
    facts: list[FactRef] = Field(description="the facts (and actors) read from the article")
    model_config = _example(
        {
            **ARTICLE_REF,
            "language": ["en"],
            "facts": [
                {
                    "id": PKR + "legal-action/ppc-facebook-protection-order-2018",
                    "type": "legal-action",
                    "label": "The PPC orders Facebook to better protect its users' personal information",
                }
            ],
        }
    )


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; `next` is present only when more items exist (also in the Link header)."""

    items: list[T]
    total: int = Field(description="items matching the filters, on all pages")
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page; absent on the last page")


class ErrorBody(BaseModel):
    """Every error: a machine type, a message to act on, and details when there are some."""

    type: str
    message: str
    details: Any | None = None
    model_config = _example(
        {
            "type": "bad-parameter",
            "message": "parameter 'limit': Input should be less than or equal to 500",
        }
    )


ERROR_TEXT = {
    400: "A parameter is malformed, unknown, or out of range; the message names it and says why.",
    401: "A write without an `Authorization: Bearer <token>` header.",
    403: "A write with a wrong token, or to a read-only service.",
    404: "No such item.",
    406: "No acceptable format; the message lists those available.",
    413: "The request body is over the limit.",
    415: "The request body's Content-Type is not one this endpoint reads.",
    422: "The data does not conform to the SHACL shapes; `details` holds the report. Nothing was written.",
    503: "The store is unavailable, or the query ran past the timeout (retry after `Retry-After`).",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for these error statuses, each with the JSON error schema; `default`
    stands for any other (and replaces FastAPI's 422 for parameter errors, which are 400 here)."""
    out: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorBody, "description": ERROR_TEXT[code]} for code in codes
    }
    out["default"] = {"model": ErrorBody, "description": "Any other error, in the same JSON shape."}
    return out


JSON_LD = "application/ld+json"
JSON_LD_SCHEMA = {
    "type": ["array", "object"],
    "description": "JSON-LD as the engine writes it: an array of node objects, or an object with "
    "@context and @graph",
}


def rdf_content(media_types: Iterable[str]) -> dict[str, dict[str, Any]]:
    """OpenAPI content for RDF answers: JSON-LD is JSON (an array or an object), the rest text."""
    return {
        media: {"schema": JSON_LD_SCHEMA if media == JSON_LD else {"type": "string"}}
        for media in media_types
    }


RDF_CONTENT = rdf_content((JSON_LD, "text/turtle", "application/n-triples"))
LINK_HEADERS = {
    "Link": {
        "description": 'RFC 8288 links: rel="first", "prev", "next" (only when more items exist), "last"',
        "schema": {"type": "string"},
    },
    "X-Total-Count": {"description": "items matching the filters", "schema": {"type": "integer"}},
}


def list_responses() -> dict[int | str, dict[str, Any]]:
    ok = {
        "description": "A page of items (JSON), or their triples (JSON-LD, Turtle, N-Triples).",
        "content": RDF_CONTENT,
        "headers": LINK_HEADERS,
    }
    return {200: ok, **errors(400, 406, 503)}


def item_responses() -> dict[int | str, dict[str, Any]]:
    ok = {
        "description": "The item (JSON), or its triples (JSON-LD, Turtle, N-Triples).",
        "content": RDF_CONTENT,
    }
    return {200: ok, **errors(400, 404, 406, 503)}
