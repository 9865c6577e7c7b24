"""Rules as data (`data/rules/*.yaml`): load, validate, and run them over a document's sentences.

A rule names the fact type it produces, one or more patterns (privacy_kg.mapping.patterns), a
template of field values, a confidence, conditions, and example sentences of the project's own
writing that the test suite maps. Running a rule yields `Draft`s: field values with their
evidence, which `assemble` turns into facts. The format is documented in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import MappingError
from ..text.sentences import Sentence
from .context import Context, has_phrase
from .doc import Document
from .items import Item, sentence_items
from .lexicon import Lexicon
from .patterns import Element, Match, Matcher, compile_pattern

FactName = Literal[
    "legal_action",
    "incident",
    "figure",
    "data_flow",
    "post",
    "commitment",
    "relation",
    "law_reference",
]
SENTENCE_VALUES = frozenset(
    {
        "date",
        "date_any",
        "said_date",
        "deadline",
        "until",
        "money",
        "amounts",
        "categories",
        "countries",
        "status",
        "mechanism",
        "main",
        "subjects",
        "subjects_country",
        "subject",
        "actors",
        "near_company",
        "issuer",
        "recent_authority",
        "article_date",
        "previous_target",
        "context_date",
        "first_company",
        "perfect_date",
        "near_org",
    }
)
LIST_FIELDS = frozenset(
    {"reported_as", "concerns", "data_categories", "jurisdictions", "conditions", "figures"}
)


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="a sentence or two of the project's own writing")
    date: dt.date = dt.date(2024, 1, 15)
    expect: dict[str, Any] = Field(description="fields the fact this rule makes must have")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    description: str
    fact: FactName
    pattern: tuple[str, ...]
    template: dict[str, Any] = {}
    confidence: float = Field(0.7, ge=0, le=1)
    lang: Literal["en", "ja", "any"] = "en"
    unless: tuple[str, ...] = Field(
        (), description="lexicon lists that, right before the verb, veto the match"
    )
    require: tuple[str, ...] = Field(
        (), description="lexicon lists one of whose words must precede the verb"
    )
    yields_to: tuple[FactName, ...] = Field(
        (),
        description="drop this fact when one of these types came from "
        "another rule in the same sentence",
    )
    examples: tuple[Example, ...] = Field(min_length=1)

    @field_validator("pattern", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


@dataclass
class Draft:
    """A rule's reading of one sentence: field values before they become a fact."""

    rule: Rule
    fields: dict[str, Any]
    sentence: Sentence
    start: int
    end: int
    anchor: int  # character offset of the verb
    slots: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class RuleSet:
    rules: tuple[Rule, ...]
    compiled: dict[str, tuple[tuple[Element, ...], ...]]
    lexicon: Lexicon

    def __post_init__(self) -> None:
        # per pattern, the first words its required word elements can start with: a sentence
        # lacking one of them cannot match, and is not tried (most rules, most sentences)
        self.required = {
            rule_id: [
                [frozenset(e.by_first) for e in p if e.kind == "words" and not e.optional]
                for p in patterns
            ]
            for rule_id, patterns in self.compiled.items()
        }

    def by_id(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def run(self, doc: Document) -> list[Draft]:
        drafts: list[Draft] = []
        for sentence in doc.sentences:
            items = sentence_items(doc, sentence)
            lang = "ja" if doc.lang_at(sentence.start) in ("ja", "zh") else "en"
            matcher = Matcher(doc, items)
            norms = {it.norm for it in items if it.is_word}
            found: list[Draft] = []
            for rule in self.rules:
                if rule.lang not in (lang, "any"):
                    continue
                for elements, needs in zip(self.compiled[rule.id], self.required[rule.id]):
                    if not all(not need.isdisjoint(norms) for need in needs):
                        continue
                    for match in matcher.find(elements):
                        if self._vetoed(rule, items, match):
                            continue
                        for draft in self._drafts(doc, rule, sentence, items, match):
                            if not any(
                                d.rule.id == draft.rule.id and d.fields == draft.fields
                                for d in found
                            ):
                                found.append(draft)
            drafts += _yield(found)
        return drafts

    def _vetoed(self, rule: Rule, items: list[Item], match: Match) -> bool:
        before = [it.norm for it in items[max(0, match.anchor - 4) : match.anchor] if it.is_word]
        for name in rule.unless:
            if has_phrase(before, self.lexicon.words(name)):
                return True
        for name in rule.require:
            if not has_phrase(before, self.lexicon.words(name)):
                return True
        return False

    def _drafts(
        self, doc: Document, rule: Rule, sentence: Sentence, items: list[Item], match: Match
    ) -> list[Draft]:
        names = frozenset(
            e.name for p in self.compiled[rule.id] for e in p if e.kind == "slot" and e.name
        )
        context = Context(doc, self.lexicon, sentence, items, match, names)
        fan = [
            name
            for name, bindings in match.slots.items()
            if len(bindings) > 1 and name in _scalar_refs(rule)
        ]
        combos: list[dict[str, int]] = [{}]
        for name in fan:
            combos = [dict(c, **{name: n}) for c in combos for n in range(len(match.slots[name]))]
        out = []
        for combo in combos:
            fields = {key: context.value(value, combo) for key, value in rule.template.items()}
            start, end = items[match.start].start, items[match.end - 1].end
            out.append(
                Draft(
                    rule,
                    fields,
                    sentence,
                    start,
                    end,
                    items[min(match.anchor, len(items) - 1)].start,
                    {k: v for k, v in match.slots.items()},
                )
            )
        return out


def _scalar_refs(rule: Rule) -> set[str]:
    refs = set()
    for key, value in rule.template.items():
        if key not in LIST_FIELDS and isinstance(value, str) and value.startswith("$"):
            refs.add(value[1:].split(".")[0])
    return refs


def _yield(drafts: list[Draft]) -> list[Draft]:
    """Drop a yielding rule's drafts when a primary rule (one that yields to nothing) produced a
    fact
    of a type it yields to in the same sentence."""
    primary = {d.rule.fact for d in drafts if not d.rule.yields_to}
    return [d for d in drafts if not set(d.rule.yields_to) & primary]


def load_rules(rules_dir: Path, lexicon: Lexicon) -> RuleSet:
    rules: list[Rule] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name == "lexicon.yaml":
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise MappingError(f"{path}: cannot read rules ({exc})") from None
        for index, item in enumerate(data.get("rules") or []):
            try:
                rules.append(Rule.model_validate(item))
            except ValidationError as exc:
                raise MappingError(f"{path}: rules[{index}]: {exc}") from None
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise MappingError(f"{rules_dir}: rule ids defined twice: {sorted(duplicates)}")
    compiled = {
        r.id: tuple(compile_pattern(p, lexicon, f"rule {r.id}") for p in r.pattern) for r in rules
    }

    for rule in rules:
        slots = {e.name for p in compiled[rule.id] for e in p if e.kind == "slot"}
        for ref in _refs(rule.template):
            if ref not in slots and ref not in SENTENCE_VALUES:
                raise MappingError(
                    f"{rules_dir}: rule {rule.id}: template names ${ref}, which is neither a slot "
                    "of "
                    f"its patterns nor one of {sorted(SENTENCE_VALUES)}"
                )
    return RuleSet(tuple(rules), compiled, lexicon)


def _refs(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)
    elif isinstance(value, str) and value.startswith("$"):
        for alternative in value.split("|"):
            yield alternative.strip().lstrip("$").split(".")[0]
