"""Hand and rule facts of one article as one set: a fact both state is one fact, two derivations.

A rule fact that matches a hand fact on content (`matching.MATCHERS`) adds its derivations to
the hand fact, which keeps its id, fields and figures (a rule figure that matches one of the hand
incident's figures adds its derivations to it; others are added to the incident). Rule facts
without a hand match keep their stable content-hash ids, and the actors they introduced come along.
"""

from __future__ import annotations

from ..model import ArticleFacts, Fact, Incident
from .matching import MATCHERS, Names
from .resources import Resources

GROUPS = (
    "legal_actions",
    "incidents",
    "data_flows",
    "posts",
    "commitments",
    "relations",
    "law_references",
)


_LINKS = ("responds_to", "incident", "flow", "follows_up")


def merge_facts(hand: ArticleFacts, rules: ArticleFacts, res: Resources) -> ArticleFacts:
    names = Names(res, rules)
    update: dict[str, list[Fact]] = {}
    used_actors: set[str] = set()
    renamed: dict[str, str] = {}  # rule fact id -> the hand fact id it merged into
    added: list[tuple[str, int]] = []
    for group in GROUPS:
        merged: list[Fact] = list(getattr(hand, group))
        same = MATCHERS[group]
        for rule_fact in getattr(rules, group):
            index = next(
                (i for i, h in enumerate(merged) if _hand(h, hand) and same(h, rule_fact, names)),
                None,
            )
            if index is None:
                added.append((group, len(merged)))
                merged.append(rule_fact)
                used_actors |= _actor_ids(rule_fact)
            else:
                renamed[rule_fact.id] = merged[index].id
                merged[index] = _combine(merged[index], rule_fact, names)
        update[group] = merged
    for (
        group,
        index,
    ) in added:  # rule facts that point at merged rule facts now point at the hand facts
        fact = update[group][index]
        links = {
            k: renamed[v]
            for k in _LINKS
            if isinstance(v := getattr(fact, k, None), str) and v in renamed
        }
        if links:
            update[group][index] = fact.model_copy(update=links)
    hand_actor_ids = {a.id for a in hand.actors}
    extra = tuple(a for a in rules.actors if a.id in used_actors and a.id not in hand_actor_ids)
    groups = {group: tuple(facts) for group, facts in update.items()}
    return hand.model_copy(update={**groups, "actors": hand.actors + extra})


def _hand(fact: Fact, hand: ArticleFacts) -> bool:
    return any(d.method == "hand" for d in fact.derivations)


def _combine(hand_fact: Fact, rule_fact: Fact, names: Names) -> Fact:
    methods = {d.method for d in hand_fact.derivations}
    derivations = hand_fact.derivations + tuple(
        d for d in rule_fact.derivations if d.method not in methods
    )
    update: dict = {"derivations": derivations}
    if isinstance(hand_fact, Incident) and isinstance(rule_fact, Incident):
        figures = list(hand_fact.figures)
        for figure in rule_fact.figures:
            index = next(
                (
                    i
                    for i, f in enumerate(figures)
                    if f.value == figure.value and f.qualifier == figure.qualifier
                ),
                None,
            )
            if index is None:
                figures.append(figure)
            else:
                known = {d.method for d in figures[index].derivations}
                extra = tuple(d for d in figure.derivations if d.method not in known)
                figures[index] = figures[index].model_copy(
                    update={"derivations": figures[index].derivations + extra}
                )
        update["figures"] = tuple(figures)
    return hand_fact.model_copy(update=update)


def _actor_ids(fact: Fact) -> set[str]:
    out: set[str] = set()
    for value in fact.model_dump(exclude={"derivations", "figures"}).values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, str):
                out.add(item)
    if isinstance(fact, Incident):
        out |= {f.reported_by for f in fact.figures if f.reported_by}
    return out
