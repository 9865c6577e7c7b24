"""Helpers for the named-query tests: run a query by name, and read what the hand mappings say.

The tests compare each query's answer with the hand mappings (`data/`), which are the data, and
with the brief's ten questions, which are the spec; so expectations come from the YAML, not from
numbers typed into the tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from privacy_kg.handmap import load_mappings
from privacy_kg.model import ArticleFacts, Fact, Incident
from privacy_kg.namespaces import PKR
from privacy_kg.queries import NamedQueries, NamedQuery
from privacy_kg.registry import Registry
from privacy_kg.settings import Settings
from privacy_kg.store.base import QueryRequest, Store
from privacy_kg.text.sentences import find_anchor

XSD = "http://www.w3.org/2001/XMLSchema#"
SETTINGS = Settings()
QUESTIONS = (
    "regulatory-actions",
    "cross-border-flows",
    "incidents",
    "organisations",
    "people-posts",
    "laws-cited",
    "commitments",
    "figure-history",
    "repeat-subjects",
    "provenance",
)


@cache
def named_queries() -> NamedQueries:
    return NamedQueries.load(SETTINGS.queries_dir)


def query_json(store: Store, named: NamedQuery, params: dict[str, str] | None = None) -> dict:
    rendered = store.query(
        QueryRequest(named.text, format="json", bindings=named.bindings(params or {}))
    )
    return json.loads(rendered.body)


def run(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a named query as {variable: lexical value}; unbound variables are absent."""
    data = query_json(store, named_queries()[name], params)
    return [
        {var: term["value"] for var, term in row.items()} for row in data["results"]["bindings"]
    ]


def run_terms(store: Store, name: str, **params: str) -> list[dict[str, dict]]:
    """The rows with their SPARQL JSON terms (to check datatypes such as a date's precision)."""
    return query_json(store, named_queries()[name], params)["results"]["bindings"]


def actor(actor_id: str) -> str:
    return f"{PKR}actor/{actor_id}"


def iri(segment: str, fact_id: str) -> str:
    return f"{PKR}{segment}/{fact_id}"


def article_iri(article_id: str) -> str:
    return f"{PKR}article/{article_id}"


def jurisdiction(code: str) -> str:
    return f"{PKR}jurisdiction/{code}"


def date_type(value: str) -> str:
    """The datatype the model gives a date of this precision."""
    return XSD + {4: "gYear", 7: "gYearMonth", 10: "date"}[len(value)]


@dataclass(frozen=True)
class Stated:
    """A fact as one article states it."""

    article: ArticleFacts
    fact: Fact


@cache
def mappings() -> tuple[ArticleFacts, ...]:
    return tuple(load_mappings(SETTINGS.data_dir / "articles"))


@cache
def registry() -> Registry:
    return Registry.load(SETTINGS.data_dir / "entities.yaml")


def label(actor_id: str) -> str:
    return registry().actors[actor_id].label.en


def stated(group: str) -> Iterator[Stated]:
    """Every fact of a YAML group (`legal_actions`, ..., or `figures`) with its article."""
    for article in mappings():
        if group == "figures":
            for incident in article.incidents:
                for figure in incident.figures:
                    yield Stated(article, figure)
        else:
            for fact in getattr(article, group):
                yield Stated(article, fact)


def one(group: str, fact_id: str) -> Stated:
    """The one statement of a fact id (fails if it is missing or stated by several articles)."""
    found = [s for s in stated(group) if s.fact.id == fact_id]
    assert len(found) == 1, (
        f"{group} {fact_id!r}: expected one statement in the hand mappings, found {len(found)}"
    )
    return found[0]


def figures_of(incident_id: str) -> list[Stated]:
    return [
        Stated(article, figure)
        for article in mappings()
        for incident in article.incidents
        if isinstance(incident, Incident) and incident.id == incident_id
        for figure in incident.figures
    ]


def rows_for(
    rows: list[dict[str, str]], fact_iri: str, article_id: str | None = None
) -> list[dict[str, str]]:
    return [
        r
        for r in rows
        if r.get("fact") == fact_iri
        and (article_id is None or r["article"] == article_iri(article_id))
    ]


def row_for(
    rows: list[dict[str, str]], fact_iri: str, article_id: str | None = None
) -> dict[str, str]:
    found = rows_for(rows, fact_iri, article_id)
    assert len(found) == 1, f"expected one row for {fact_iri} ({article_id}), got {len(found)}"
    return found[0]


def anchors(fact: Fact) -> list[str]:
    return [e.anchor for d in fact.derivations for e in d.evidence if e.anchor]


def assert_provenance(row: dict[str, str], statement: Stated) -> None:
    """The row names the stating article, every anchor of the fact's evidence and its method."""
    cite = statement.article.article
    assert row["article"] == article_iri(cite.id)
    assert row["published"] == cite.date_published
    assert row["publisher"] == cite.publisher
    assert row.get("headline") == cite.headline
    assert row["method"] == statement.fact.derivations[0].method
    for anchor in anchors(statement.fact):
        assert find_anchor(row["evidence"], anchor) is not None, (
            f"{statement.fact.id}: {anchor!r} not in the evidence"
        )


def ids(rows: list[dict[str, str]], segment: str = "legal-action") -> set[str]:
    """The fact ids of the rows, their IRIs stripped of `pkr:<segment>/` (to compare with YAML ids)."""
    prefix = f"{PKR}{segment}/"
    return {r["fact"].removeprefix(prefix) for r in rows}


def split(value: str | None, separator: str = ", ") -> set[str]:
    return set(value.split(separator)) if value else set()
