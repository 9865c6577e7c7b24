"""Mention-level patterns: a small matcher over a sentence's items (mentions and words).

Syntax (one pattern is a string of whitespace-separated elements; see docs/rules.md):

    {name:type}      a mention of a slot type (issuer, company, org, party, actor, person, service,
                     group, country, law, category, date, amount, money, title), bound to `name`;
                     `type|type` for either; `{name+:type}` a coordinated list ("A, B and C",
                     "AやB、C"); `{name?:type}` optional
    @family          a word or phrase of a lexicon verb family or word list (longest first)
    word  a|an|the   literal words (folded, lower case; "_" joins words of one phrase); a CJK
                     literal is matched character by character; `@a|@b|word` mixes families and
                     words
    *N  *            a gap of up to N items (default 6), taken as short as possible; a gap never
                     skips a mention that would fit the slot just before it (so the slot binds the
                     nearest candidate) and never crosses ";" or ":"
    x?               any element followed by "?" is optional
    !x               the next item is not x (a word, `a|b` or `@family`); matches nothing

Actor slot types beyond kinds: `speaker` (a company or issuer, or a person whose title gives one:
binds the organisation), `described` (a relational description with an owner: "Line's Chinese
affiliate"), `parent` ("its parent company, Naver"), `operates` (a name that says it runs a
service: "the operator of the Line app").

A slot of type issuer also accepts a person whose title gave them an issuing organisation
("Communications Minister Takeda" -> the ministry); the binding is the organisation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import MappingError
from .doc import ISSUER_KINDS, ORG_KINDS, Document, Mention
from .items import Item
from .lexicon import Lexicon
from .tokens import is_cjk, phrase

DEFAULT_GAP = 6
_BARRIERS = {";", ":"}
_DETERMINERS = {"the", "a", "an"}
_LIST_JOINS = {",", "and", "or", "&", "や", "、", "と", "及び", "および"}
_MENTION_TYPES = {"country", "law", "category", "date", "amount", "money", "title"}
_ACTOR_TYPES = {
    "issuer",
    "company",
    "org",
    "party",
    "actor",
    "person",
    "service",
    "group",
    "speaker",
    "described",
    "parent",
    "operates",
}
_DESCRIBED = {"affiliate", "subsidiary", "contractor", "subcontractor"}


@dataclass(frozen=True)
class Element:
    kind: str  # slot | words | gap | not
    name: str | None = None
    types: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    optional: bool = False
    many: bool = False
    size: int = 0
    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, compare=False, hash=False
    )

    def with_index(self) -> Element:
        """The same element with its phrases indexed by first word (the matcher's fast path)."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for words in self.phrases:  # already longest first
            index.setdefault(words[0], []).append(words)
        return Element(
            self.kind,
            self.name,
            self.types,
            self.phrases,
            self.optional,
            self.many,
            self.size,
            {k: tuple(v) for k, v in index.items()},
        )


@dataclass(frozen=True)
class Binding:
    """A slot's value: the mention and, for actors, the chosen actor id."""

    mention: Mention
    actor: str | None = None
    item_index: int = 0


@dataclass
class Match:
    start: int  # item index of the first matched item
    end: int  # item index after the last
    slots: dict[str, list[Binding]] = field(default_factory=dict)
    anchor: int = 0  # item index of the first word element (the verb)


def compile_pattern(text: str, lexicon: Lexicon, where: str) -> tuple[Element, ...]:
    elements = []
    for raw in text.split():
        optional = raw.endswith("?") and len(raw) > 1
        token = raw[:-1] if optional else raw
        if token.startswith("{") and token.endswith("}"):
            name, _, types = token[1:-1].partition(":")
            optional = optional or name.endswith("?")
            many = name.rstrip("?").endswith("+")
            name = name.rstrip("?+")
            kinds = tuple(types.split("|")) if types else ("actor",)
            unknown = set(kinds) - _MENTION_TYPES - _ACTOR_TYPES
            if unknown or not name:
                raise MappingError(
                    f"{where}: bad slot {raw!r} (types: {sorted(_MENTION_TYPES | _ACTOR_TYPES)})"
                )
            elements.append(Element("slot", name, kinds, optional=optional, many=many))
        elif token.startswith("!") and len(token) > 1:
            inner = compile_pattern(token[1:], lexicon, where)[0]
            elements.append(Element("not", token, phrases=inner.phrases))
        elif token.startswith("*"):
            size = int(token[1:]) if token[1:] else DEFAULT_GAP
            elements.append(Element("gap", size=size))
        else:
            found: set[tuple[str, ...]] = set()
            for option in token.split("|"):
                if option.startswith("@"):
                    found |= {phrase(w) for w in lexicon.words(option[1:])}
                else:
                    found.add(_literal(option))
            phrases = tuple(sorted(found, key=len, reverse=True))
            elements.append(Element("words", token, phrases=phrases, optional=optional))
    if not elements:
        raise MappingError(f"{where}: empty pattern")
    return tuple(e.with_index() if e.phrases else e for e in elements)


def _literal(word: str) -> tuple[str, ...]:
    if is_cjk(word):
        return tuple(word)
    return phrase(word.replace("_", " "))


def slot_actor(doc: Document, mention: Mention, types: tuple[str, ...]) -> tuple[bool, str | None]:
    """Whether `mention` fits one of the slot `types`, and the actor id it binds (if an actor)."""
    if mention.type != "actor":
        return mention.type in types, None
    for wanted in types:
        if wanted in ("described", "parent", "operates"):
            relation_ok = (
                mention.relation in _DESCRIBED
                if wanted == "described"
                else mention.relation == ("parent" if wanted == "parent" else "operates")
            )
            if relation_ok and mention.owner and mention.ids:
                return True, mention.ids[0]
            continue
        for actor_id in mention.ids:
            kind = doc.kind(actor_id)
            if _fits(doc, actor_id, kind, wanted):
                if wanted in ("issuer", "speaker") and kind == "person":
                    return True, doc.posts[actor_id][0]
                return True, actor_id
    return False, None


def _fits(doc: Document, actor_id: str, kind: str | None, wanted: str) -> bool:
    if wanted == "actor":
        return True
    if wanted == "issuer":
        if kind in ISSUER_KINDS:
            return True
        org = doc.posts.get(actor_id, (None, None))[0] if kind == "person" else None
        return org is not None and doc.kind(org) in ISSUER_KINDS
    if wanted == "speaker":
        if kind == "person":
            org = doc.posts.get(actor_id, (None, None))[0]
            return org is not None and doc.kind(org) in ISSUER_KINDS | {"company"}
        return kind in ISSUER_KINDS | {"company", "unknown"}
    if wanted == "company":
        return kind in ("company", "unknown")
    if wanted == "org":
        return kind in ORG_KINDS or kind == "unknown"
    if wanted == "party":
        return kind not in ("person",)
    if wanted == "group":
        return kind == "data_subject_group"
    return kind == wanted


class Matcher:
    def __init__(self, doc: Document, items: list[Item]) -> None:
        self.doc = doc
        self.items = items
        self.clauses = _relative_clauses(items)

    def find(self, elements: tuple[Element, ...]) -> list[Match]:
        out = []
        first = elements[0]
        for start in range(len(self.items)):
            item = self.items[start]
            if not first.optional and (
                (first.kind == "slot" and item.mention is None)
                or (
                    first.kind == "words"
                    and (item.mention is not None or item.norm not in first.by_first)
                )
            ):
                continue
            for match in self._at(elements, 0, start, {}, None, None):
                match.start = start
                out.append(match)
                break
        return out

    def _at(
        self,
        elements,
        k: int,
        i: int,
        slots: dict,
        anchor: int | None,
        guard: tuple[str, ...] | None,
    ) -> Iterator[Match]:
        if k == len(elements):
            yield Match(i, i, dict(slots), anchor if anchor is not None else i)
            return
        element = elements[k]
        if element.kind == "gap":
            j, counted = i, 0
            while counted <= element.size and j <= len(self.items):
                yield from self._at(elements, k + 1, j, slots, anchor, None)
                if j >= len(self.items) or self._blocks(self.items[j], guard):
                    return
                if self.items[j].start not in self.clauses:  # a relative clause is skipped for free
                    counted += 1
                j += 1
            return
        if element.optional:
            yield from self._step(element, elements, k, i, slots, anchor)
            yield from self._at(elements, k + 1, i, slots, anchor, guard)
            return
        yield from self._step(element, elements, k, i, slots, anchor)

    def _step(self, element, elements, k, i, slots, anchor) -> Iterator[Match]:
        if element.kind == "not":
            if self._phrase_at(element, i) is None:
                yield from self._at(elements, k + 1, i, slots, anchor, None)
            return
        if element.kind == "words":
            words = self._phrase_at(element, i)
            if words is not None:
                first_word = anchor if anchor is not None else i
                yield from self._at(elements, k + 1, i + len(words), slots, first_word, None)
            return
        bindings = self._slot_at(element, i)
        if bindings:
            new = dict(slots)
            new[element.name] = bindings
            nxt = bindings[-1].item_index + 1
            yield from self._at(elements, k + 1, nxt, new, anchor, element.types)

    def _phrase_at(self, element: Element, i: int) -> tuple[str, ...] | None:
        if i >= len(self.items) or not self.items[i].is_word:
            return None
        for words in element.by_first.get(self.items[i].norm, ()):
            if self._words_at(i, words):
                return words
        return None

    def _words_at(self, i: int, words: tuple[str, ...]) -> bool:
        window = self.items[i : i + len(words)]
        return len(window) == len(words) and all(
            it.is_word and it.norm == w for it, w in zip(window, words)
        )

    def _slot_at(self, element: Element, i: int) -> list[Binding]:
        if (
            i + 1 < len(self.items)
            and self.items[i].norm in _DETERMINERS
            and self.items[i + 1].mention
        ):
            i += 1  # "the operator of ...": a determiner before a mention belongs to it
        if i >= len(self.items) or self.items[i].mention is None:
            return []
        ok, actor = slot_actor(self.doc, self.items[i].mention, element.types)
        if not ok:
            return []
        bindings = [Binding(self.items[i].mention, actor, i)]
        j = i + 1
        while element.many:
            k = j
            while (
                k < len(self.items)
                and self.items[k].is_word
                and self.items[k].norm in _LIST_JOINS | _DETERMINERS
            ):
                k += 1
            if k == j or k >= len(self.items) or self.items[k].mention is None:
                break
            ok, actor = slot_actor(self.doc, self.items[k].mention, element.types)
            if not ok:
                break
            bindings.append(Binding(self.items[k].mention, actor, k))
            j = k + 1
        return bindings

    def _blocks(self, item: Item, guard: tuple[str, ...] | None) -> bool:
        if item.is_word:
            return item.norm in _BARRIERS
        if guard and item.start not in self.clauses:
            return slot_actor(self.doc, item.mention, guard)[0]
        return False


_RELATIVE = {"which", "who", "whom", "whose", "where"}
_PREPOSITIONS = {"to", "for", "of", "in", "with", "from", "by", "on", "at"}


def _relative_clauses(items: list[Item]) -> frozenset[int]:
    """Start offsets of items inside ", (to) which ... ," clauses: a gap may skip their mentions."""
    inside: set[int] = set()
    i = 0
    while i < len(items):
        j = i + 1
        if items[i].norm == "," and j < len(items) and items[j].norm in _PREPOSITIONS:
            j += 1
        if items[i].norm == "," and j < len(items) and items[j].norm in _RELATIVE:
            k = j + 1
            while k < len(items) and items[k].norm != ",":
                inside.add(items[k].start)
                k += 1
            i = k
        i += 1
    return frozenset(inside)
