"""Drafts -> protos: a rule's field values checked, defaulted and made comparable, before merging.

A proto is one candidate fact with the evidence and rules behind it; merging two protos unions
their evidence per rule, so a merged fact keeps one derivation per rule that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text.amounts import Amount
from .doc import Document
from .rules import Draft
from .tokens import fold

GROUPS = {
    "legal_action": "legal_actions",
    "incident": "incidents",
    "figure": "figures",
    "data_flow": "data_flows",
    "post": "posts",
    "commitment": "commitments",
    "relation": "relations",
    "law_reference": "law_references",
}
# Template keys that steer assembly and are not fields of the fact model.
CONTROL_KEYS = frozenset({"mode", "refers_back", "speaker", "figure_date"})


@dataclass
class Proto:
    group: str
    fields: dict[str, Any]
    order: int  # offset of the sentence: facts keep the article's order
    evidence: dict[str, tuple[float, list[tuple[int, int]]]] = field(
        default_factory=dict
    )  # rule -> (conf, spans)
    control: dict[str, Any] = field(default_factory=dict)
    new_fact: bool = False

    def absorb(self, other: Proto, fields: tuple[str, ...] = ()) -> None:
        """Take `other`'s evidence, and its values for the fields this proto lacks (or all
        `fields`)."""
        for rule, (confidence, spans) in other.evidence.items():
            mine = self.evidence.setdefault(rule, (confidence, []))
            self.evidence[rule] = (
                max(mine[0], confidence),
                mine[1] + [s for s in spans if s not in mine[1]],
            )
        for key, value in other.fields.items():
            if isinstance(value, list):
                current = list(self.fields.get(key) or [])
                self.fields[key] = current + [v for v in value if v not in current]
            elif self.fields.get(key) is None or key in fields:
                self.fields[key] = value


def to_protos(
    doc: Document, drafts: list[Draft], new_fact_markers: frozenset[str], describe
) -> list[Proto]:
    out = []
    for draft in drafts:
        fields: dict[str, Any] = {}
        control: dict[str, Any] = {}
        for key, value in draft.fields.items():
            if isinstance(value, dict) and "describe" in value:
                value = describe(doc, value)
            if key in CONTROL_KEYS:
                control[key] = value
            elif value is not None and value != []:
                fields[key] = value
        if draft.rule.fact == "legal_action" and fields.get("status") == "planned":
            fields.pop(
                "date", None
            )  # the date of an announced action is the announcement's, not the action's
        money = fields.pop("amount", None)
        if isinstance(money, Amount):
            fields["amount"], fields["currency"] = money.value, money.currency
        if isinstance(fields.get("figures"), Amount):
            fields["figures"] = [fields["figures"]]
        start = draft.sentence.start
        proto = Proto(
            GROUPS[draft.rule.fact],
            fields,
            start,
            {draft.rule.id: (draft.rule.confidence, [(draft.sentence.start, draft.sentence.end)])},
            control,
            _opens_with(doc.text[start : draft.anchor], new_fact_markers),
        )
        out.append(proto)
    return sorted(out, key=lambda p: p.order)


def _opens_with(prefix: str, markers: frozenset[str]) -> bool:
    """A sentence that says "in addition" / "also" before its verb reports another action."""
    words = " ".join(fold(prefix).lower().replace(",", " ").split())
    return any(f" {m} " in f" {words} " for m in markers)


def dates_agree(a: str | None, b: str | None, missing_ok: bool = True) -> bool:
    """Equal, or one a more precise form of the other (2021-03 and 2021-03-19); None agrees if
    allowed."""
    if a is None or b is None:
        return missing_ok or a == b
    return a.startswith(b) or b.startswith(a)


def same_or_missing(a: Any, b: Any) -> bool:
    return a is None or b is None or a == b
