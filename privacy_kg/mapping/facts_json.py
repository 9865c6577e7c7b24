"""`facts-json`: the stable JSON form of one article's facts (documented in docs/rules.md).

Keys: article, actors, incidents, data_flows, legal_actions, posts, commitments, relations,
law_references. Every fact item has its `id`, its fields (actors by id, countries as ISO 3166
alpha-2, dates as YYYY / YYYY-MM / YYYY-MM-DD), `rule` (the first rule that produced it), `rules`,
`confidence` and `evidence` ([{start, end, quote}], offsets into the cleaned text). An incident
carries its latest reported figure flat (affected_count, count_qualifier, count_unit) and every
figure in `figures`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model import FACT_GROUPS, ArticleFacts, Fact, Incident, actor_roles
from .resources import Resources

SCHEMA_VERSION = 1
_SKIP = {"id", "derivations", "figures"}


def to_json(facts: ArticleFacts, res: Resources, sha256: str | None = None) -> dict[str, Any]:
    cite = facts.article
    out: dict[str, Any] = {
        "schema": f"privacy-kg/facts-json/{SCHEMA_VERSION}",
        "article": {
            "id": cite.id,
            "headline": cite.headline,
            "publisher": cite.publisher,
            "date_published": cite.date_published,
            "url": cite.url,
            "language": list(cite.language),
            "file": cite.file,
            "sha256": sha256,
        },
        "actors": _actors(facts, res),
    }
    for group in FACT_GROUPS:
        out[group] = [_fact(f) for f in getattr(facts, group)]
    return out


def _fact(fact: Fact) -> dict[str, Any]:
    item: dict[str, Any] = {"id": fact.id}
    for name, value in fact.model_dump(exclude=_SKIP).items():
        item[name] = _plain(value)
    if isinstance(fact, Incident):
        figures = [dict(_fact(f), value=_number(f.value)) for f in fact.figures]
        latest = max(
            fact.figures, key=lambda f: (f.date_reported, fact.figures.index(f)), default=None
        )
        item["affected_count"] = _number(latest.value) if latest else None
        item["count_qualifier"] = latest.qualifier if latest else None
        item["count_unit"] = latest.unit if latest else None
        item["figures"] = figures
    first = fact.derivations[0]
    item["rule"] = first.method
    item["rules"] = [d.method for d in fact.derivations]
    item["confidence"] = max(d.confidence for d in fact.derivations)
    item["evidence"] = [
        {"start": e.start, "end": e.end, "quote": e.quote or e.anchor}
        for d in fact.derivations
        for e in d.evidence
    ]
    return item


def _actors(facts: ArticleFacts, res: Resources) -> list[dict[str, Any]]:
    roles: dict[str, list[str]] = {}
    for fact in facts.facts():
        for actor_id, name in actor_roles(fact):
            if name not in roles.setdefault(actor_id, []):
                roles[actor_id].append(name)
    new = {a.id: a for a in facts.actors}
    out = []
    for actor_id, names in roles.items():
        actor = new.get(actor_id) or res.registry.actors.get(actor_id)
        if actor is None:
            continue
        out.append(
            {
                "id": actor.id,
                "name": actor.label.en,
                "kind": actor.kind,
                "country": actor.country,
                "role": names[0],
                "roles": names,
                "aliases": [a for aliases in actor.aliases.values() for a in aliases],
                "new": actor_id in new,
            }
        )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
