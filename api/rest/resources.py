"""The REST resources as data, and the two handlers (list, item) that serve all of them.

A list request costs two queries, three at most: the list query of `queries/rest/` with its
filters bound as terms and `LIMIT`/`OFFSET` (filters, order and paging happen in the engine); the
describe query for the items of the page; and the count, only when the page alone cannot tell the
total (a full page, or an empty one past the first). An item request costs one describe query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from privacy_kg.errors import InputError, NotFound
from privacy_kg.model import DataFlow, Incident, LegalAction
from privacy_kg.namespaces import PKG, PKR
from privacy_kg.settings import Settings
from privacy_kg.store import Store
from privacy_kg.vocab import Vocabulary

from .assemble import Index, actor_item, article_item, fact_item
from .compose import counted, paged, shape, with_items
from .negotiation import JSON, RESOURCE_FORMATS, choose, rdf_response
from .pagination import envelope, link_header, page_links
from .runner import construct, rest_queries, rest_query, select, vocabulary

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
Assembler = Callable[[Index, str, Vocabulary], dict[str, Any]]
Allowed = Callable[[Vocabulary], Collection[str]]


def _concepts(scheme: str) -> Allowed:
    return lambda vocab: sorted(vocab.scheme(scheme))


def _countries(vocab: Vocabulary) -> Collection[str]:
    return vocab.jurisdictions


def _categories(vocab: Vocabulary) -> Collection[str]:
    return sorted(vocab.data_categories)


def actor_kinds(vocab: Vocabulary) -> list[str]:
    """Notations of pkg:Actor and its subclasses, plus pkg:Service (listed with the actors)."""
    kinds = [n for n, cls in vocab.actor_classes.items() if PKG.Actor in vocab.superclasses(cls)]
    return sorted({*kinds, "service"})


@dataclass(frozen=True)
class Resource:
    """One REST collection: its path, the RDF it lists, how an item is assembled and checked."""

    path: str  # also the name of its list query in queries/rest/
    noun: str
    segment: str  # IRI path segment: https://w3id.org/privacy-kg/id/{segment}/{id}
    classes: tuple[str, ...]
    assemble: Assembler
    allowed: Mapping[str, Allowed] = field(default_factory=dict)  # parameter -> allowed values

    def iri(self, item_id: str) -> str:
        return f"{PKR}{self.segment}/{item_id}"


def _fact(fact_type: type) -> Assembler:
    return lambda index, iri, vocab: fact_item(index, iri, fact_type)


LEGAL_ACTIONS = Resource(
    "legal-actions",
    "legal action",
    "legal-action",
    (str(PKG.LegalAction),),
    _fact(LegalAction),
    {"kind": _concepts("LegalActionKind"), "reported_as": _concepts("LegalActionKind")},
)
INCIDENTS = Resource(
    "incidents",
    "incident",
    "incident",
    (str(PKG.Incident),),
    _fact(Incident),
    {"kind": _concepts("IncidentKind"), "country": _countries},
)
DATA_FLOWS = Resource(
    "data-flows",
    "data flow",
    "data-flow",
    (str(PKG.DataFlow),),
    _fact(DataFlow),
    {
        "kind": _concepts("DataFlowKind"),
        "data_category": _categories,
        "from_country": _countries,
        "to_country": _countries,
        "country": _countries,
    },
)
ACTORS = Resource(
    "actors",
    "actor",
    "actor",
    (str(PKG.Actor), str(PKG.Service)),
    actor_item,
    {"kind": actor_kinds, "country": _countries},
)
ARTICLES = Resource(
    "articles",
    "article",
    "article",
    (str(PKG.Article),),
    lambda index, iri, vocab: article_item(index, iri),
)


def check_filters(resource: Resource, vocab: Vocabulary, filters: Mapping[str, str]) -> None:
    """Unknown kinds, countries and categories are a 400 that lists the values that exist."""
    for name, allowed in resource.allowed.items():
        value = filters.get(name)
        if value is None:
            continue
        known = allowed(vocab)
        wanted = value.upper() if allowed is _countries else value
        if wanted not in known:
            listed = (
                ", ".join(sorted(known))
                if len(known) <= 60
                else "an ISO 3166-1 alpha-2 code (or 001, EU)"
            )
            raise InputError(
                f"parameter {name!r}: {value!r} is not a known {name.replace('_', ' ')}; use {listed}"
            )


async def list_items(
    request: Request,
    store: Store,
    settings: Settings,
    resource: Resource,
    filters: Mapping[str, str],
    limit: int,
    offset: int,
    format_param: str | None,
) -> Response:
    fmt = choose(request, RESOURCE_FORMATS, format_param)
    vocab = vocabulary(settings)
    check_filters(resource, vocab, filters)
    query = rest_query(settings, resource.path)
    bindings = query.bindings(filters)
    rows = await select(store, paged(query.text, limit, offset), bindings)
    iris = [row["item"]["value"] for row in rows]
    if iris and (len(iris) < limit):
        total = offset + len(iris)
    elif not iris and offset == 0:
        total = 0
    else:
        bound = tuple(name for name, _ in bindings)  # grouping on unbound ones only costs time
        counts = await select(store, counted(shape(query.text), bound), bindings)
        total = int(counts[0]["total"]["value"]) if counts else 0
    links = page_links(request.url, limit, offset, total)
    headers = {"Link": link_header(links), "X-Total-Count": str(total), "Vary": "Accept"}
    triples = await _describe(store, settings, iris) if iris else b""
    if fmt is not JSON:
        return rdf_response(triples, fmt, headers)
    index = Index.from_ntriples(triples)
    items = [resource.assemble(index, iri, vocab) for iri in iris]
    return JSONResponse(envelope(items, total, limit, offset, links), headers=headers)


async def get_item(
    request: Request,
    store: Store,
    settings: Settings,
    resource: Resource,
    item_id: str,
    format_param: str | None,
) -> Response:
    fmt = choose(request, RESOURCE_FORMATS, format_param)
    iri = resource.iri(item_id)
    triples = await _describe(store, settings, [iri]) if _valid_id(item_id) else b""
    index = Index.from_ntriples(triples)
    if not index.has_type(iri, *resource.classes):
        raise NotFound(f"no {resource.noun} with id {item_id!r}; list them at /{resource.path}")
    headers = {"Vary": "Accept"}
    if fmt is not JSON:
        return rdf_response(triples, fmt, headers)
    return JSONResponse(resource.assemble(index, iri, vocabulary(settings)), headers=headers)


def _valid_id(item_id: str) -> bool:
    return ID_RE.match(item_id) is not None


async def _describe(store: Store, settings: Settings, iris: list[str]) -> bytes:
    query = rest_query(settings, "describe")
    return await construct(store, with_items(query.text, iris, source=str(query.path)))


__all__ = [
    "ACTORS",
    "ARTICLES",
    "DATA_FLOWS",
    "INCIDENTS",
    "LEGAL_ACTIONS",
    "Resource",
    "get_item",
    "list_items",
    "rest_queries",
]
