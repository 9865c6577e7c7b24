"""The mapper's working types: mentions over the cleaned text and the document that holds them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor
from ..text.sentences import Sentence

# Actor kinds that may issue a legal action (docs/model.md: the issuer is a GovernmentBody).
ISSUER_KINDS = frozenset({"authority", "data_protection_authority", "government_body"})
ORG_KINDS = frozenset({"company", "organisation", *ISSUER_KINDS})


@dataclass(frozen=True)
class ActorInfo:
    """An actor the article refers to: from the registry, or found by a rule (`new`)."""

    id: str
    label: str
    kind: str
    country: str | None
    new: bool = False


@dataclass
class Mention:
    """A typed span of the cleaned text.

    `type` is actor, law, category, country (also demonyms and cities), date, amount, money or
    title. Actor mentions carry candidate actor ids (a name may stand for a company and its app:
    "LINE"); a rule slot picks the candidate whose kind it needs. `anaphor` marks mentions that
    coreference resolved ("the commission", "it"); `country` a jurisdiction stated next to the name
    ("Korea's", "Irish", "in China"); `owner` the actor a relational noun belongs to ("Line's" in
    "Line's Chinese affiliate").
    """

    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...] = ()
    value: Any = None
    anaphor: bool = False
    country: str | None = None
    owner: str | None = None
    relation: str | None = (
        None  # relational noun: affiliate, subsidiary, contractor, subcontractor, parent
    )
    words: tuple[str, ...] = field(
        default=(), compare=False
    )  # anaphor/relational head, for coreference

    @property
    def id(self) -> str | None:
        return self.ids[0] if self.ids else None


@dataclass
class Document:
    text: str
    date: dt.date
    sentences: list[Sentence]
    langs: list[tuple[int, int, str]]
    mentions: list[Mention] = field(default_factory=list)
    actors: dict[str, ActorInfo] = field(default_factory=dict)
    new_actors: dict[str, Actor] = field(default_factory=dict)
    posts: dict[str, tuple[str | None, Mention]] = field(
        default_factory=dict
    )  # person -> (org, title mention)
    focal_country: str | None = None
    main_subject: str | None = None
    warnings: list[str] = field(default_factory=list)

    def lang_at(self, offset: int) -> str:
        for start, end, lang in self.langs:
            if start <= offset < end:
                return lang
        return "en"

    def in_sentence(self, sentence: Sentence) -> list[Mention]:
        return [m for m in self.mentions if sentence.start <= m.start and m.end <= sentence.end]

    def kind(self, actor_id: str | None) -> str | None:
        info = self.actors.get(actor_id or "")
        return info.kind if info else None

    def country(self, actor_id: str | None) -> str | None:
        info = self.actors.get(actor_id or "")
        return info.country if info else None
