"""Running the REST layer's queries: loaded once per folder, evaluated off the event loop.

`store.query` blocks (a worker round trip, or HTTP to a remote store), so every call goes through
`run_in_threadpool`. Internal queries are bounded by the page size, so they run without the
endpoint's row cap; a truncated answer would silently lose fields, and is treated as a failure.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool

from privacy_kg.errors import StoreError
from privacy_kg.queries import NamedQueries, NamedQuery
from privacy_kg.settings import Settings
from privacy_kg.store import QueryRequest, Store, Term
from privacy_kg.vocab import Vocabulary

from .compose import shape

UNCAPPED = 10_000_000
Bindings = tuple[tuple[str, Term], ...]


@lru_cache(maxsize=4)
def _load(folder: Path) -> NamedQueries:
    queries = NamedQueries.load(folder)
    for query in queries.values():
        shape(query.text, str(query.path))  # a broken file fails here, naming itself
    return queries


def rest_queries(settings: Settings) -> NamedQueries:
    """`queries/rest/*.rq`: the SPARQL behind the REST resources and pages (not named-query endpoints)."""
    return _load(settings.queries_dir / "rest")


def rest_query(settings: Settings, name: str) -> NamedQuery:
    return rest_queries(settings)[name]


@lru_cache(maxsize=4)
def _vocabulary(ontology_dir: Path, vocab_dir: Path) -> Vocabulary:
    return Vocabulary.load(ontology_dir, vocab_dir)


def vocabulary(settings: Settings) -> Vocabulary:
    """The ontology's notations (kinds, categories, countries), to check filter values against."""
    return _vocabulary(settings.ontology_dir, settings.data_dir / "vocab")


async def select(store: Store, text: str, bindings: Bindings = ()) -> list[dict[str, Any]]:
    """SELECT solutions as SPARQL JSON bindings (`{var: {type, value, ...}}`)."""
    rendered = await run_in_threadpool(
        store.query, QueryRequest(text, format="json", cap=UNCAPPED, bindings=bindings)
    )
    _complete(rendered.truncated)
    return json.loads(rendered.body)["results"]["bindings"]


async def construct(store: Store, text: str, bindings: Bindings = ()) -> bytes:
    """CONSTRUCT triples as N-Triples (parsed by the API, or re-serialised by the engine)."""
    rendered = await run_in_threadpool(
        store.query, QueryRequest(text, format="ntriples", cap=UNCAPPED, bindings=bindings)
    )
    _complete(rendered.truncated)
    return rendered.body


def _complete(truncated: bool) -> None:
    if truncated:
        raise StoreError(
            "an internal query was truncated by the store's row cap; the answer would be incomplete"
        )
