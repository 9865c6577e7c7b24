"""The fact model: one set of types for every fact, whoever (a person or a rule) produced it.

Hand mappings (YAML), the rule mapper and the `facts-json` output are all this model; the RDF
emitter is the only place that turns it into triples, so hand-made and rule-made facts can be
compared field by field.

Kinds, roles, qualifiers and statuses are plain strings here (the `skos:notation` of a concept in
`ontology/`); `privacy_kg.vocab` checks them against the ontology, so adding a kind is an edit of
the ontology, not of this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG_RE = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$"
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
COUNTRY_RE = r"^([A-Z]{2}|001)$"  # ISO 3166-1 alpha-2, plus UN M49 "001" for the world

Slug = Annotated[str, Field(pattern=SLUG_RE, max_length=120)]
Country = Annotated[str, Field(pattern=COUNTRY_RE)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Notation = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
HAND = "hand"


def check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date); the length is the precision."""
    if not DATE_RE.match(value):
        raise ValueError(f"date {value!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        dt.date.fromisoformat(value)  # rejects 2021-02-30
    return value


def _coerce_date(value: Any) -> Any:
    # YAML reads 2021-03-19 as a datetime.date; keep the model's one textual form.
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


PartialDate = Annotated[str, Field(description="YYYY, YYYY-MM or YYYY-MM-DD; the length is the precision")]


def date_precision(value: str) -> Literal["year", "month", "day"]:
    return {4: "year", 7: "month", 10: "day"}[len(value)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Evidence(Model):
    """Where a fact was read: a short verbatim anchor phrase and/or offsets into the cleaned text."""

    anchor: str | None = Field(None, max_length=200, description="a few verbatim words that locate the sentence")
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)
    quote: str | None = Field(None, description="the exact text [start:end], filled when the text is available")

    @model_validator(mode="before")
    @classmethod
    def _from_anchor(cls, data: Any) -> Any:
        return {"anchor": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _located(self) -> Evidence:
        if self.anchor is None and (self.start is None or self.end is None):
            raise ValueError("evidence needs an anchor phrase or start and end offsets")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("evidence end must be after start")
        return self


class Derivation(Model):
    """One way a fact was obtained from one article: by hand, or by the rule named in `method`."""

    method: str = Field(HAND, pattern=r"^(hand|[a-z0-9][a-z0-9._-]*)$")
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class Fact(Model):
    """Fields every fact has. `evidence` is the hand mapping's shorthand for one hand derivation."""

    id: Slug
    label: str | None = Field(None, max_length=300, description="a one-line summary in the mapper's own words")
    note: str | None = Field(None, max_length=2000)
    derivations: tuple[Derivation, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _evidence_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "evidence" in data:
            data = dict(data)
            evidence = data.pop("evidence")
            evidence = evidence if isinstance(evidence, list) else [evidence]
            hand = {"method": HAND, "confidence": 1.0, "evidence": evidence}
            data["derivations"] = [hand, *data.get("derivations", [])]
        return data

    @model_validator(mode="before")
    @classmethod
    def _dates_as_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = {k: _coerce_date(v) if k in _DATE_FIELDS else v for k, v in data.items()}
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _check_dates(cls, value: Any, info: Any) -> Any:
        if info.field_name in _DATE_FIELDS and isinstance(value, str):
            check_partial_date(value)
        return value


_DATE_FIELDS = frozenset({"date", "deadline", "end_date", "date_reported", "disclosed"})


class Figure(Fact):
    """A figure as one source reported it on one date; figures are never overwritten by later ones."""

    value: Decimal = Field(ge=0)
    qualifier: Notation = "exact"
    unit: str | None = Field(None, max_length=40, pattern=r"^[a-z][a-z ]*$")
    date_reported: PartialDate
    scope: Country | None = Field(None, description="the jurisdiction the figure counts, if it is limited to one")
    reported_by: Slug | None = None


class Incident(Fact):
    kind: Notation
    subject: Slug | None = Field(None, description="the organisation whose data or systems were affected")
    perpetrator: Slug | None = None
    via: Slug | None = Field(None, description="a party through which it happened, e.g. an attacked subcontractor")
    date: PartialDate | None = None
    disclosed: PartialDate | None = None
    jurisdictions: tuple[Country, ...] = ()
    data_categories: tuple[Slug, ...] = ()
    data_subjects: Slug | None = None
    figures: tuple[Figure, ...] = ()


class DataFlow(Fact):
    kind: Notation
    from_actor: Slug | None = Field(None, description="the party the data comes from (controller, holder)")
    to_actor: Slug | None = Field(None, description="the party that receives, reaches or stores the data")
    from_country: Country
    to_country: Country
    data_categories: tuple[Slug, ...] = ()
    data_subjects: Slug | None = None
    mechanism: Notation | None = Field(None, description="transfer mechanism, e.g. consent")
    conditions: tuple[str, ...] = Field((), description="conditions under which the flow happens, own words")
    status: Notation | None = None
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    deadline: PartialDate | None = None
    incident: Slug | None = None


class LegalAction(Fact):
    kind: Notation
    reported_as: tuple[Notation, ...] = Field((), description="every kind a source calls it")
    authority: Slug
    target: Slug | None = Field(None, description="the party the action is addressed to")
    concerns: tuple[Slug, ...] = Field((), description="actors or services the action is about")
    date: PartialDate | None = None
    deadline: PartialDate | None = None
    amount: Decimal | None = Field(None, ge=0)
    currency: Currency | None = None
    legal_basis: Slug | None = None
    responds_to: Slug | None = Field(None, description="the incident the action responds to")
    follows_up: Slug | None = Field(None, description="an earlier legal action this one follows")
    status: Notation | None = None

    @model_validator(mode="after")
    def _money(self) -> LegalAction:
        if (self.amount is None) != (self.currency is None):
            raise ValueError("amount and currency go together")
        return self


class Post(Fact):
    person: Slug
    role: Notation
    title: str = Field(max_length=120, description="the title as the article gives it")
    organisation: Slug | None = None
    date: PartialDate


class Commitment(Fact):
    kind: Notation
    actor: Slug
    date: PartialDate | None = None
    deadline: PartialDate | None = None
    responds_to: Slug | None = None
    flow: Slug | None = None
    status: Notation | None = None


class Relation(Fact):
    kind: Notation
    subject: Slug
    object: Slug
    date: PartialDate | None = None


class LawReference(Fact):
    law: Slug
    concerns: tuple[Slug, ...] = ()


class Labels(Model):
    """Labels by language tag; English is required so every entity has a display name."""

    model_config = ConfigDict(extra="allow", frozen=True)
    en: str = Field(min_length=1, max_length=200)


class Named(Model):
    """An entity with labels and aliases; `label: Foo` is shorthand for an English label."""

    id: Slug
    label: Labels
    aliases: dict[str, tuple[str, ...]] = Field(default_factory=dict, description="aliases by language tag")
    wikidata: str | None = Field(None, pattern=r"^Q[1-9]\d*$")
    description: str | None = Field(None, max_length=500, description="one line in the mapper's own words")

    @model_validator(mode="before")
    @classmethod
    def _label_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("label"), str):
            data = {**data, "label": {"en": data["label"]}}
        return data


class Actor(Named):
    """An actor (or a service it runs): held once in the entity registry, or found in an article by a rule."""

    kind: Notation = Field(description="company, authority, data_protection_authority, government_body, "
                           "person, data_subject_group, organisation or service")
    country: Country | None = None


class Law(Named):
    jurisdiction: Country


class Citation(Model):
    """The source article, as `sources.yaml` describes it."""

    id: Slug
    file: str | None = None
    headline: str | None = None
    publisher: str
    date_published: PartialDate
    url: str | None = Field(None, pattern=r"^https?://")
    language: tuple[str, ...] = ("en",)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            data["date_published"] = _coerce_date(data.get("date_published"))
            lang = data.get("language")
            if isinstance(lang, str):
                data["language"] = tuple(x.strip() for x in lang.split(",") if x.strip())
        return data


class ArticleFacts(Model):
    """Everything one article says: the unit that is validated and committed as one named graph."""

    article: Citation
    actors: tuple[Actor, ...] = Field((), description="actors the article introduces that the registry lacks")
    incidents: tuple[Incident, ...] = ()
    data_flows: tuple[DataFlow, ...] = ()
    legal_actions: tuple[LegalAction, ...] = ()
    posts: tuple[Post, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    relations: tuple[Relation, ...] = ()
    law_references: tuple[LawReference, ...] = ()

    def facts(self) -> list[Fact]:
        """All facts, figures included, in a stable order."""
        out: list[Fact] = []
        for name in FACT_GROUPS:
            for fact in getattr(self, name):
                out.append(fact)
                if isinstance(fact, Incident):
                    out.extend(fact.figures)
        return out


FACT_GROUPS = (
    "incidents",
    "data_flows",
    "legal_actions",
    "posts",
    "commitments",
    "relations",
    "law_references",
)
# Fact fields that hold actor ids (one, or a tuple), in the order that ranks an actor's roles.
ACTOR_FIELDS = (
    "authority",
    "target",
    "concerns",
    "subject",
    "perpetrator",
    "via",
    "data_subjects",
    "from_actor",
    "to_actor",
    "person",
    "organisation",
    "actor",
    "object",
    "reported_by",
)


def actor_roles(fact: Fact) -> Iterator[tuple[str, str]]:
    """(actor id, field) for every actor the fact names, in `ACTOR_FIELDS` order."""
    for name in ACTOR_FIELDS:
        value = getattr(fact, name, None)
        for actor_id in value if isinstance(value, tuple) else (value,):
            if actor_id:
                yield actor_id, name
