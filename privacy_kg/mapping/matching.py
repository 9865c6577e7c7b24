"""Content matching of facts: when a rule's fact and a hand fact state the same thing.

Used by the evaluation (precision/recall) and by the merge of hand and rule facts. The criteria
are issue 3's: legal actions on authority, target, kind and date; incidents on subject and a
shared figure; flows on jurisdictions, kind and overlapping categories; see `evaluate`'s docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model import ArticleFacts, Figure, Incident
from .protos import dates_agree
from .resources import Resources


def facts_of(facts: ArticleFacts, name: str) -> list:
    """The facts of one type; "figures" are the incidents' figures, each with its incident's
    subject."""
    if name == "figures":
        return [FigureOf(f, i.subject) for i in facts.incidents for f in i.figures]
    return list(getattr(facts, name))


class FigureOf:
    """A figure with the subject of its incident (figures are compared per incident subject)."""

    def __init__(self, figure: Figure, subject: str | None) -> None:
        self.figure, self.subject = figure, subject

    def __getattr__(self, name: str):
        return getattr(self.figure, name)


class Names:
    """Actor ids made comparable: a rule-found actor named like a registry entry is that entry."""

    def __init__(self, res: Resources, rules: ArticleFacts) -> None:
        self.map: dict[str, str] = {}
        for actor in rules.actors:
            for target in res.gaz.lookup(actor.label.en):
                if target.type == "actor":
                    self.map[actor.id] = target.id
        self.labels = {a.id: a.label.en for a in rules.actors} | {
            k[1]: v for k, v in res.gaz.labels.items() if k[0] == "actor"
        }

    def id(self, actor: str | None) -> str | None:
        return self.map.get(actor or "", actor)

    def same(self, a: str | None, b: str | None) -> bool:
        return self.id(a) == self.id(b)


def _categories(a: Iterable[str], b: Iterable[str]) -> bool:
    a, b = set(a), set(b)
    return bool(a & b) or a <= {"personal-data"} or b <= {"personal-data"}


def _legal(h, r, n: Names) -> bool:
    return (
        h.kind == r.kind
        and n.same(h.authority, r.authority)
        and n.same(h.target, r.target)
        and dates_agree(h.date, r.date, missing_ok=False)
    )


def _incident(h: Incident, r: Incident, n: Names) -> bool:
    if not n.same(h.subject, r.subject):
        return False
    hv, rv = {f.value for f in h.figures}, {f.value for f in r.figures}
    return bool(hv & rv) if hv or rv else True


MATCHERS: dict[str, Callable] = {
    "legal_actions": _legal,
    "incidents": _incident,
    "figures": lambda h, r, n: (
        n.same(h.subject, r.subject) and h.value == r.value and h.qualifier == r.qualifier
    ),
    "data_flows": lambda h, r, n: (
        h.kind == r.kind
        and h.from_country == r.from_country
        and h.to_country == r.to_country
        and _categories(h.data_categories, r.data_categories)
    ),
    "posts": lambda h, r, n: (
        n.same(h.person, r.person) and h.role == r.role and n.same(h.organisation, r.organisation)
    ),
    "commitments": lambda h, r, n: (
        n.same(h.actor, r.actor) and h.kind == r.kind and dates_agree(h.date, r.date)
    ),
    "relations": lambda h, r, n: (
        h.kind == r.kind and n.same(h.subject, r.subject) and n.same(h.object, r.object)
    ),
    "law_references": lambda h, r, n: h.law == r.law,
}
