"""Relational descriptions: "Line's Chinese affiliate", "a subcontractor of Naver", "contractors in
China", "its parent company, Naver".

A description names a party by its relation to another (the owner) and maybe a country. It is
linked to the registry entry with the same relation and owner (and a compatible country), read
from the entry's own English label ("Naver's subcontractor"); otherwise it becomes a new actor
with a descriptive label. A missing owner is the article's main subject ("an affiliate in China"
in a story about Line). "parent" descriptions name an existing actor by apposition and mark it as
the owner's parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Actor
from ..slugs import slugify
from .doc import ActorInfo, Document, Mention
from .gazetteer import Gazetteer
from .items import Item, sentence_items
from .lexicon import Lexicon
from .tokens import fold, phrase, tokenize

_OPERATOR = re.compile(
    r"^(?:the )?operator of (?:the )?(?P<a>.+)$|^(?P<b>.+)'s operator$", re.IGNORECASE
)
_DETERMINERS = {
    "a",
    "an",
    "the",
    "its",
    "their",
    "one",
    "two",
    "three",
    "four",
    "five",
    "some",
    "several",
    "his",
    "her",
    "our",
    "various",
    "other",
    "many",
    "unnamed",
    "foreign",
    "overseas",
}
_LOCAL = {"local"}


class Describer:
    def __init__(self, lexicon: Lexicon, gaz: Gazetteer, kinds: dict[str, str]) -> None:
        self.gaz = gaz
        self.kinds = kinds  # registry actor id -> kind
        self.nouns: list[tuple[tuple[str, ...], str]] = sorted(
            (
                (phrase(word), relation)
                for relation, words in lexicon["relational_nouns"].items()
                for word in words
            ),
            key=lambda item: -len(item[0]),
        )
        self.relation_of = dict(lexicon["relation_of_noun"])
        self.first_words = {words[0] for words, _ in self.nouns}
        self.singular = {
            phrase(w): words[0] for words in lexicon["relational_nouns"].values() for w in words
        }

    def registry_keys(self, actors: Iterable[Actor]) -> dict[tuple[str, str], list[str]]:
        """(relation, owner id) -> registry actor ids, read from the registry's English labels."""
        surfaces: dict[str, list[str]] = {}
        for table in (self.gaz.exact, self.gaz.folded):
            for surface, targets in table.items():
                for target in targets:
                    if target.type == "actor" and not target.weak:
                        surfaces.setdefault(target.id, []).append(surface.lower())
        keys: dict[tuple[str, str], list[str]] = {}
        for actor in actors:
            label = fold(actor.label.en).lower()
            words = tuple(t.norm for t in tokenize(label))
            relation = next((r for noun, r in self.nouns if _contains(words, noun)), None)
            if relation is None or relation == "parent":
                continue
            for anchor in sorted(self.gaz.anchors.get(actor.id, ())):
                if any(f"{s}'s" in label or f"of {s}" in label for s in surfaces.get(anchor, ())):
                    keys.setdefault((relation, anchor), []).append(actor.id)
                    break
        return keys

    def run(self, doc: Document, keys: dict[tuple[str, str], list[str]]) -> None:
        self._known_relations(doc, keys)
        added: list[Mention] = []
        for sentence in doc.sentences:
            items = sentence_items(doc, sentence)
            added += self._sentence(doc, items, keys)
        if added:
            covered = [(m.start, m.end) for m in added]
            doc.mentions = [
                m for m in doc.mentions if not any(s <= m.start and m.end <= e for s, e in covered)
            ]
            doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)

    def _known_relations(self, doc: Document, keys: dict[tuple[str, str], list[str]]) -> None:
        """Registry names of described parties ("affiliate in China") carry their relation and
        owner,
        and names that say they run a service ("the operator of the Line app") say which."""
        reverse = {actor: key for key, actors in keys.items() for actor in actors}
        named = {i for m in doc.mentions if m.type == "actor" for i in m.ids}
        for mention in doc.mentions:
            if mention.type != "actor" or mention.relation or not mention.ids:
                continue
            key = reverse.get(mention.ids[0])
            if key and key[1] in named:
                mention.relation, mention.owner = key
                continue
            service = self._operated(fold(mention.text))
            if service:
                mention.relation, mention.owner = "operates", service

    def _operated(self, text: str) -> str | None:
        match = _OPERATOR.match(text)
        if not match:
            return None
        name = (match.group("a") or match.group("b") or "").strip()
        for table in (self.gaz.exact, self.gaz.folded):
            for surface, targets in table.items():
                if surface.lower() == name.lower():
                    for target in targets:
                        if target.type == "actor" and self.kinds.get(target.id) == "service":
                            return target.id
        return None

    def _sentence(self, doc: Document, items: list[Item], keys) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        while i < len(items):
            hit = self._noun_at(items, i)
            if not hit:
                i += 1
                continue
            words, relation = hit
            j = i + len(words)
            first, country, owner = self._before(items, i)
            if relation == "parent":
                target = _apposition(items, j)
                if (
                    target is None
                    and first >= 2
                    and items[first - 1].norm == ","
                    and _actor(items[first - 2])
                ):
                    target = (
                        first - 2
                    )  # "Cirrus Data Inc., its US-based parent company": "its" is not Cirrus
                    if owner == _actor(items[target]):
                        owner = next(
                            (_actor(it) for it in items[:target] if _actor(it) != owner), None
                        )
                if target is not None:
                    mention = items[target].mention
                    mention.relation, mention.owner = "parent", owner or doc.main_subject
                i = j
                continue
            end = j
            if j + 1 < len(items) and items[j].norm == "in" and _place(items[j + 1]):
                country = country or _place(items[j + 1])
                end = j + 2
            owner_at = _owner_after(items, j)
            owner = (
                owner
                or (_actor(items[owner_at]) if owner_at is not None else None)
                or doc.main_subject
            )
            host = _appositive_host(items, first)
            if host is not None:  # "Acme, a subsidiary of Beta": the description is about Acme
                items[host].mention.relation, items[host].mention.owner = relation, owner
            else:
                out.append(
                    self._mention(doc, keys, items, first, end, relation, owner, country, words)
                )
            # "Chinese affiliates and contractors": the second noun shares the modifiers and owner.
            if (
                end + 1 < len(items)
                and items[end].norm == "and"
                and (nxt := self._noun_at(items, end + 1))
            ):
                stop = end + 1 + len(nxt[0])
                out.append(
                    self._mention(doc, keys, items, end + 1, stop, nxt[1], owner, country, nxt[0])
                )
                end = stop
            i = end
        return out

    def _mention(
        self,
        doc: Document,
        keys,
        items: list[Item],
        first: int,
        end: int,
        relation: str,
        owner: str | None,
        country: str | None,
        words: tuple[str, ...],
    ) -> Mention:
        actor_id = self.link(doc, keys, relation, owner, country, words)
        start, stop = items[first].start, items[end - 1].end
        return Mention(
            start,
            stop,
            doc.text[start:stop],
            "actor",
            (actor_id,),
            country=country,
            owner=owner,
            relation=relation,
        )

    def _noun_at(self, items: list[Item], i: int) -> tuple[tuple[str, ...], str] | None:
        if i >= len(items) or items[i].norm not in self.first_words:
            return None
        for words, relation in self.nouns:
            window = items[i : i + len(words)]
            if len(window) == len(words) and all(
                it.is_word and it.norm == w for it, w in zip(window, words)
            ):
                return words, relation
        return None

    @staticmethod
    def _before(items: list[Item], i: int) -> tuple[int, str | None, str | None]:
        """Walk back over modifiers: place words, "local", determiners and a possessive owner."""
        first, country, owner = i, None, None
        k = i - 1
        while k >= 0:
            item = items[k]
            if (
                item.is_word
                and item.norm == "based"
                and k >= 2
                and items[k - 1].norm == "-"
                and _place(items[k - 2])
            ):
                country = country or _place(items[k - 2])  # "US-based parent company"
                first = k - 2
                k -= 3
                continue
            if _place(item) and not (k + 1 < len(items) and items[k + 1].norm == "'s"):
                country = country or _place(item)
            elif item.is_word and item.norm in _LOCAL:
                pass
            elif item.is_word and item.norm == "'s" and k > 0 and _actor(items[k - 1]):
                owner = _actor(items[k - 1])
                first = k - 1
                break
            elif (
                item.mention
                and item.mention.anaphor
                and item.mention.text.lower() in ("its", "their")
            ):
                owner = _actor(item)
                first = k
                break
            elif item.is_word and item.norm in _DETERMINERS:
                first = k
                break
            else:
                break
            first = k
            k -= 1
        return first, country, owner

    def link(
        self,
        doc: Document,
        keys,
        relation: str,
        owner: str | None,
        country: str | None,
        words: tuple[str, ...],
    ) -> str:
        for candidate in keys.get((relation, owner or ""), []):
            known = doc.actors.get(candidate)
            if known and (country is None or known.country in (None, country)):
                return candidate
        owner_label = doc.actors[owner].label if owner in doc.actors else None
        noun = self.singular.get(words, " ".join(words))
        place = self.gaz.demonyms.get(country or "", "")
        label = " ".join(x for x in (f"{owner_label}'s" if owner_label else None, place, noun) if x)
        actor_id = slugify(label)
        if actor_id not in doc.actors:
            doc.actors[actor_id] = ActorInfo(
                actor_id, label[0].upper() + label[1:], "company", country, new=True
            )
        return actor_id


def _apposition(items: list[Item], j: int) -> int | None:
    """ "parent company, South Korea's Naver" / "parent business Z Holdings": the index of the named
    parent."""
    k = j + (1 if j < len(items) and items[j].norm == "," else 0)
    if k + 1 < len(items) and _place(items[k]) and items[k + 1].norm == "'s":
        k += 2
    return k if k < len(items) and _actor(items[k]) else None


def _owner_after(items: list[Item], j: int) -> int | None:
    """ "... of (the|its) (parent company,) (South Korea's) Naver": the index of the owner."""
    if j >= len(items) or items[j].norm != "of":
        return None
    k = j + 1
    while (
        k < len(items) and items[k].is_word and items[k].norm in ("the", "its", "their", "a", "an")
    ):
        k += 1
    if (
        k + 1 < len(items)
        and items[k].norm == "parent"
        and items[k + 1].norm in ("company", "firm", "business", "group")
    ):
        k += 2
        if k < len(items) and items[k].norm == ",":
            k += 1
    if k + 1 < len(items) and _place(items[k]) and items[k + 1].norm == "'s":
        k += 2
    return k if k < len(items) and _actor(items[k]) else None


def _appositive_host(items: list[Item], first: int) -> int | None:
    if (
        first >= 2
        and items[first].norm in ("a", "an")
        and items[first - 1].norm == ","
        and _actor(items[first - 2])
    ):
        return first - 2
    return None


def _contains(words: tuple[str, ...], noun: tuple[str, ...]) -> bool:
    return any(words[i : i + len(noun)] == noun for i in range(len(words) - len(noun) + 1))


def _place(item: Item) -> str | None:
    m = item.mention
    return m.ids[0] if m and m.type == "country" and m.ids else None


def _actor(item: Item) -> str | None:
    m = item.mention
    return m.ids[0] if m and m.type == "actor" and m.ids else None
