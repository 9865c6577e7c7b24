"""Run every rule's example sentences through the whole mapper and check the expected fact.

An example passes when some fact that the rule helped produce has every expected field. Actor
fields may name the actor by id or by label; list fields must contain the expected items; for
incidents, `figure` names a figure's value and `qualifier`/`scope`/`unit` are checked on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import ACTOR_FIELDS, ArticleFacts, Fact, Incident
from .mapper import CitationOptions, map_text
from .resources import Resources, default_resources
from .rules import Example, Rule

FIGURE_FIELDS = {"figure", "qualifier", "scope", "unit", "date_reported"}
GROUP = {
    "legal_action": "legal_actions",
    "incident": "incidents",
    "figure": "incidents",
    "data_flow": "data_flows",
    "post": "posts",
    "commitment": "commitments",
    "relation": "relations",
    "law_reference": "law_references",
}


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    text: str
    problem: str


def check_rule(rule: Rule, res: Resources) -> list[ExampleFailure]:
    return [f for example in rule.examples if (f := check_example(rule, example, res)) is not None]


def check_example(rule: Rule, example: Example, res: Resources) -> ExampleFailure | None:
    facts = map_text(
        example.text,
        CitationOptions(
            article_id="rule-example", date=example.date, publisher="privacy-kg rule examples"
        ),
        res,
    ).facts
    made = [f for f in getattr(facts, GROUP[rule.fact]) if _by(f, rule.id)]
    if not made:
        return ExampleFailure(rule.id, example.text, f"the rule made no {rule.fact}")
    problems = [mismatch(fact, example.expect, facts) for fact in made]
    if all(problems):
        return ExampleFailure(rule.id, example.text, "; ".join(sorted(set(filter(None, problems)))))
    return None


def _by(fact: Fact, rule_id: str) -> bool:
    if any(d.method == rule_id for d in fact.derivations):
        return True
    return isinstance(fact, Incident) and any(
        d.method == rule_id for f in fact.figures for d in f.derivations
    )


def mismatch(fact: Fact, expect: dict[str, Any], facts: ArticleFacts) -> str | None:
    labels = _labels(facts)
    figure_expect = {k: v for k, v in expect.items() if k in FIGURE_FIELDS}
    for key, want in expect.items():
        if key in FIGURE_FIELDS:
            continue
        have = getattr(fact, key, None)
        if not _same(key, want, have, labels):
            return f"{key}: expected {want!r}, got {have!r}"
    if figure_expect:
        figures = getattr(fact, "figures", ())
        if not any(all(_figure_field(f, k, v) for k, v in figure_expect.items()) for f in figures):
            got = [(str(f.value), f.qualifier, f.scope, f.unit) for f in figures]
            return f"figures: expected {figure_expect}, got {got}"
    return None


def _figure_field(figure, key: str, want: Any) -> bool:
    if key == "figure":
        return figure.value == Decimal(str(want))
    value = getattr(figure, key)
    return str(value) == (want.isoformat() if isinstance(want, dt.date) else str(want))


def _labels(facts: ArticleFacts) -> dict[str, set[str]]:
    """Every name (labels, aliases) of the registry's actors and the article's new ones, by id."""
    res = default_resources()
    out: dict[str, set[str]] = {}
    for actor in [*res.registry.actors.values(), *facts.actors]:
        names = {actor.label.en, *actor.label.model_dump().values()}
        names |= {alias for aliases in actor.aliases.values() for alias in aliases}
        out[actor.id] = {n.lower() for n in names}
    return out


def _same(key: str, want: Any, have: Any, labels: dict[str, set[str]]) -> bool:
    if isinstance(want, list):
        items = have if isinstance(have, tuple) else (have,)
        return all(any(_same(key, w, h, labels) for h in items) for w in want)
    if have is None:
        return want is None
    if isinstance(want, dt.date):
        want = want.isoformat()
    if key in ACTOR_FIELDS:
        return str(want) == have or str(want).lower() in labels.get(have, set())
    if isinstance(have, Decimal):
        return have == Decimal(str(want))
    return str(want) == str(have)
