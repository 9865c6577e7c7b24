"""Coreference: "the commission", "the company", "it", "his ministry" -> an actor named earlier.

Heuristics (documented in docs/rules.md):

* A definite description ("the" / "this" + a noun of the lexicon's `anaphors`) refers to the most
  salient earlier actor whose name contains the noun's head word ("the commission" ->
  "... Protection Commission"); failing that, to the most salient earlier actor of a compatible
  kind. Salience: the current sentence before the anaphor, then earlier sentences from the nearest
  back; inside a sentence the first actor (usually the subject) first.
* A pronoun ("it", "its", "he", "his") refers to the most salient earlier actor of a compatible
  kind.
* "his ministry" / "her company": the organisation of the person the pronoun refers to, when a
  title gave that person one.
* Otherwise the anaphor stays unresolved and no rule can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .doc import Document, Mention
from .lexicon import Lexicon
from .tokens import fold


@dataclass(frozen=True)
class AnaphorSpec:
    kinds: frozenset[str]
    head: str | None


class Anaphors:
    def __init__(self, lexicon: Lexicon, place=lambda word: None) -> None:
        self.place = place  # word -> ISO code, for "the Tokyo-based company"
        self.nouns: dict[str, AnaphorSpec] = {}
        for entry in lexicon["anaphors"]:
            spec = AnaphorSpec(frozenset(entry["kinds"]), entry.get("head"))
            for word in entry["words"]:
                self.nouns[word.lower()] = spec
        self.pronouns = {w.lower(): frozenset(kinds) for w, kinds in lexicon["pronouns"].items()}
        determiners = "|".join(lexicon["anaphor_determiners"])
        nouns = "|".join(re.escape(n) for n in sorted(self.nouns, key=len, reverse=True))
        self.np_re = re.compile(
            rf"\b(?i:(?P<det>{determiners}|its|his|her|their))\s+"
            rf"(?:(?P<place>[A-Z][\w.]*(?: [A-Z][\w.]*)?)-based\s+(?:[a-z-]+\s+){{0,2}}?)?"
            rf"(?i:(?P<noun>{nouns}))\b(?!-)"
        )
        ascii_pronouns = "|".join(p for p in self.pronouns if p.isascii())
        self.pronoun_re = re.compile(rf"\b(?P<p>{ascii_pronouns})\b(?!-)", re.IGNORECASE)
        self.cjk_pronouns = [p for p in self.pronouns if not p.isascii()]

    def find(self, text: str, start: int, end: int) -> list[Mention]:
        """Anaphor mentions (unresolved: no ids yet) in `text[start:end]`."""
        folded = fold(text)
        out = []
        for match in self.np_re.finditer(folded, start, end):
            noun = match.group("noun").lower()
            owner = match.group("det").lower()
            begin = (
                match.start("noun") if match.group("place") else match.start()
            )  # keep "Tokyo" a place
            out.append(
                Mention(
                    begin,
                    match.end(),
                    text[begin : match.end()],
                    "anaphor",
                    words=(noun, owner),
                    country=match.group("place"),
                )
            )
        taken = [(m.start, m.end) for m in out]
        for match in self.pronoun_re.finditer(folded, start, end):
            if any(s <= match.start() < e for s, e in taken):
                continue
            word = match.group("p").lower()
            out.append(
                Mention(
                    match.start(),
                    match.end(),
                    text[match.start() : match.end()],
                    "anaphor",
                    words=(word,),
                )
            )
        for word in self.cjk_pronouns:
            for match in re.finditer(re.escape(word), text[start:end]):
                s = start + match.start()
                out.append(Mention(s, s + len(word), word, "anaphor", words=(word,)))
        return out

    def resolve(self, doc: Document) -> None:
        """Give each anaphor mention the id of its antecedent (and type "actor"); drop the rest."""
        kept: list[Mention] = []
        for mention in doc.mentions:
            if mention.type != "anaphor":
                kept.append(mention)
                continue
            target = self._antecedent(doc, kept, mention)
            if target and mention.country:  # "the Tokyo-based company": where the antecedent is
                place = self.place(mention.country)
                info = doc.actors[target]
                mention.country = place
                if place and info.new and info.country is None:
                    doc.actors[target] = replace(info, country=place)
            if target:
                mention.type, mention.ids, mention.anaphor = "actor", (target,), True
                kept.append(mention)
        doc.mentions = kept

    def _antecedent(self, doc: Document, before: list[Mention], anaphor: Mention) -> str | None:
        word = anaphor.words[0]
        owner = anaphor.words[1] if len(anaphor.words) > 1 else None
        if owner in ("his", "her"):  # "his ministry": the person's organisation
            person = self._search(doc, before, anaphor, self.pronouns["his"], None)
            org = doc.posts.get(person or "", (None, None))[0]
            return org if org and doc.kind(org) in self.nouns[word].kinds else None
        if word in self.pronouns:
            nearest = word in ("its", "their", "his", "her")
            return self._search(doc, before, anaphor, self.pronouns[word], None, nearest)
        spec = self.nouns[word]
        if owner in ("its", "their") and word in ("parent company", "parent business", "parent"):
            return None  # "its parent company, X": the apposition names it; see descriptions
        return self._search(doc, before, anaphor, spec.kinds, spec.head)

    @staticmethod
    @staticmethod
    def _search(
        doc: Document,
        before: list[Mention],
        anaphor: Mention,
        kinds: frozenset[str],
        head: str | None,
        nearest: bool = False,
    ) -> str | None:
        """Nearest sentence first; inside a sentence the first actor (the subject) first, except
        that
        a possessive ("its") looks right to left in its own sentence."""
        sentences = [s for s in doc.sentences if s.start <= anaphor.start]
        ordered: list[Mention] = []
        for n, sentence in enumerate(reversed(sentences)):
            here = [
                m
                for m in before
                if sentence.start <= m.start < min(sentence.end, anaphor.start)
                and m.type == "actor"
                and m.ids
            ]
            ordered += list(reversed(here)) if nearest and n == 0 else here
        passes = ([head], [None]) if head else ([None],)
        for (want,) in passes:
            for mention in ordered:
                for actor_id in mention.ids:
                    info = doc.actors.get(actor_id)
                    if info is None:
                        continue
                    kind = info.kind
                    if kind == "unknown" and sum(actor_id in m.ids for m in doc.mentions) >= 2:
                        kind = "company"  # an unclassified name the article keeps using: a company
                    if kind not in kinds:
                        continue
                    if (
                        want
                        and not _has_word(info.label, want)
                        and not _has_word(mention.text, want)
                    ):
                        continue
                    return actor_id
        return None


def _has_word(text: str, word: str) -> bool:
    return word in re.findall(r"[a-z]+", text.lower())
