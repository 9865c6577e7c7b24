"""Template values: what a rule's `$slot`, `$slot.attr` and sentence values (`$date`, `$main`, ...)
evaluate to for one match. The names are listed in docs/rules.md; `rules.SENTENCE_VALUES` holds
them."""

from __future__ import annotations

from typing import Any

from ..errors import MappingError
from ..text.sentences import Sentence
from .doc import ISSUER_KINDS, Document, Mention
from .items import Item, sentence_items
from .lexicon import Lexicon
from .patterns import Match
from .tokens import phrase


def has_phrase(words: list[str], vocabulary) -> bool:
    """Whether one of the vocabulary's phrases occurs in the word sequence."""
    for entry in vocabulary:
        target = phrase(entry)
        if any(
            tuple(words[i : i + len(target)]) == target for i in range(len(words) - len(target) + 1)
        ):
            return True
    return False


def specific(categories: list[str]) -> list[str]:
    """Specific data categories; the generic "personal-data" only when nothing more specific is
    named."""
    unique = list(dict.fromkeys(categories))
    narrower = [c for c in unique if c != "personal-data"]
    return narrower or unique


class Context:
    """Evaluates template values: `$slot`, `$slot.attr`, sentence and article values, and `a|b`
    fallbacks.

    Slot attributes: country, owner, text, role and title (of a title mention), org (a person's
    organisation), relation (of a description: affiliate_of, ...). Sentence values: date (a point
    date near the match), date_any, said_date (a date next to a verb of saying), deadline, until,
    money, amounts, categories (specific ones; "personal-data" only when alone), countries, status
    (planned after will/plans to, else completed), mechanism, subject (first actor), near_company
    (last company before the verb), actors (every non-person actor), main (the article's main
    subject), issuer (the latest authority named up to here), recent_authority, previous_target
    (the target of the latest legal action's sentence), article_date.
    """

    def __init__(
        self,
        doc: Document,
        lexicon: Lexicon,
        sentence: Sentence,
        items: list[Item],
        match: Match,
        slot_names: frozenset[str] = frozenset(),
    ) -> None:
        self.doc, self.lexicon, self.sentence, self.items, self.match = (
            doc,
            lexicon,
            sentence,
            items,
            match,
        )
        self.slot_names = slot_names

    def value(self, spec: Any, combo: dict[str, int]) -> Any:
        if isinstance(spec, list):
            out: list[Any] = []
            for part in spec:
                got = self.value(part, combo)
                out += got if isinstance(got, list) else ([] if got is None else [got])
            return list(dict.fromkeys(out))
        if isinstance(spec, dict):
            return {k: self.value(v, combo) for k, v in spec.items()}
        if not isinstance(spec, str) or not spec.startswith("$"):
            return spec
        for alternative in spec.split("|"):
            got = self._one(alternative.strip().lstrip("$"), combo)
            if got not in (None, [], ""):
                return got
        return None

    def _one(self, ref: str, combo: dict[str, int]) -> Any:
        name, _, attr = ref.partition(".")
        if name in self.match.slots:
            bindings = self.match.slots[name]
            if name in combo:
                bindings = [bindings[combo[name]]]
            values = [v for v in (self._attr(b, attr) for b in bindings) if v is not None]
            return values[0] if len(values) == 1 else (values or None)
        if name in self.slot_names:
            return None  # an optional slot that did not match
        return self._sentence_value(name)

    def _attr(self, binding: Any, attr: str) -> Any:
        mention: Mention = binding.mention
        if not attr:
            if mention.type == "actor":
                return binding.actor
            if mention.type == "date":
                return mention.value.value
            if mention.type in ("amount", "money"):
                return mention.value
            if mention.type == "title":
                return mention.value.role
            return mention.ids[0] if mention.ids else mention.text
        if attr == "country":
            return mention.country or self.doc.country(binding.actor)
        if attr == "owner":
            return mention.owner
        if attr == "self":  # the named actor itself, before a person stands for their organisation
            return mention.ids[0] if mention.ids else None
        if attr == "text":
            return mention.text
        if attr == "role":
            return mention.value.role if mention.type == "title" else None
        if attr == "title":
            return mention.text if mention.type == "title" else None
        if attr == "org":
            return self.doc.posts.get(binding.actor or "", (None, None))[0]
        if attr == "relation":
            return self.relation_of.get(mention.relation or "")
        raise MappingError(f"unknown slot attribute {attr!r}")

    @property
    def relation_of(self) -> dict[str, str]:
        return dict(self.lexicon["relation_of_noun"]) | {"operates": "operator_of"}

    def _sentence_value(self, name: str) -> Any:
        mentions = [it.mention for it in self.items if it.mention]
        actors = [m for m in mentions if m.type == "actor" and m.ids]
        if name in ("date", "deadline", "until", "date_any"):
            return self._date(
                "point" if name in ("date", "date_any") else name, wide=name == "date_any"
            )
        if name == "said_date":
            return self._said_date(self.items)
        if name == "context_date":
            return self._context_date()
        if name == "first_company":
            return next(
                (
                    i
                    for m in actors
                    for i in m.ids[:1]
                    if self.doc.kind(i) in ("company", "unknown")
                ),
                None,
            )
        if name == "money":
            return next((m.value for m in mentions if m.type == "money"), None)
        if name == "amounts":
            return [m.value for m in mentions if m.type == "amount" and m.value.unit]
        if name == "categories":
            return specific([m.ids[0] for m in mentions if m.type == "category"])
        if name == "countries":
            return list(dict.fromkeys(m.ids[0] for m in mentions if m.type == "country"))
        if name == "status":
            return self._status()
        if name == "mechanism":
            return self._mechanism()
        if name == "main":
            return self.doc.main_subject
        if name in ("subjects", "subjects_country"):
            groups = [
                i for m in actors for i in m.ids[:1] if self.doc.kind(i) == "data_subject_group"
            ]
            if name == "subjects":
                return groups[0] if groups else None
            places = [self.doc.country(g) for g in groups if self.doc.country(g)]
            return self._subject_place(mentions) or (places[0] if places else None)
        if name == "subject":
            return actors[0].ids[0] if actors else None
        if name == "actors":
            return [m.ids[0] for m in actors if self.doc.kind(m.ids[0]) != "person"]
        if name == "near_org":  # the last organisation (company, authority, body) before the verb
            anchor_at = self.items[min(self.match.anchor, len(self.items) - 1)].start
            before = [m for m in actors if m.start < anchor_at]
            return next(
                (
                    i
                    for m in reversed(before)
                    for i in m.ids
                    if self.doc.kind(i) not in ("person", "service", "data_subject_group")
                ),
                None,
            )
        if name == "near_company":
            before = [
                m
                for m in actors
                if m.start < self.items[min(self.match.anchor, len(self.items) - 1)].start
            ]
            return next(
                (
                    i
                    for m in reversed(before)
                    for i in m.ids
                    if self.doc.kind(i) in ("company", "unknown")
                ),
                None,
            )
        if name in ("issuer", "recent_authority"):
            kinds = ISSUER_KINDS if name == "issuer" else {"authority", "data_protection_authority"}
            earlier = [
                m for m in self.doc.mentions if m.type == "actor" and m.start < self.sentence.end
            ]
            return next(
                (i for m in reversed(earlier) for i in m.ids if self.doc.kind(i) in kinds), None
            )
        if name == "article_date":
            return self.doc.date.isoformat()
        if (
            name == "perfect_date"
        ):  # "has given ...": news reports a present perfect as of its own date
            near = [
                it.norm
                for it in self.items[max(0, self.match.anchor - 2) : self.match.anchor + 2]
                if it.is_word
            ]
            return self.doc.date.isoformat() if {"has", "have"} & set(near) else None
        if name == "previous_target":
            return "@previous_target"  # filled by assemble from the article's earlier legal actions
        raise MappingError(f"unknown template value ${name}")

    def _date(self, role: str, wide: bool = False) -> str | None:
        """Point dates near the match (5 items before it to 4 after, or anywhere when `wide`);
        deadline and until dates anywhere after the match starts. The nearest to the verb wins."""
        lo, hi = (self.match.start - 5, self.match.end + 4) if not wide else (0, len(self.items))
        best = None
        for index, item in enumerate(self.items):
            m = item.mention
            if not m or m.type != "date" or m.value.role != role:
                continue
            if role == "point" and not lo <= index <= hi:
                continue
            if role != "point" and index < self.match.start:
                continue
            distance = abs(index - self.match.anchor)
            if best is None or distance < best[0]:
                best = (distance, m.value.value)
        return best[1] if best else None

    def _said_date(self, items: list[Item]) -> str | None:
        """A date right next to a verb of saying or revealing ("said Tuesday", "on Wednesday
        confirmed")."""
        says = self.lexicon.words("say") | self.lexicon.words("reveal")
        for index, item in enumerate(items):
            m = item.mention
            if m and m.type == "date" and m.value.role == "point":
                near = items[max(0, index - 3) : index + 3]
                if any(it.is_word and it.norm in says for it in near):
                    return m.value.value
        return None

    def _context_date(self) -> str | None:
        """The said-date of the nearest earlier sentence of the same paragraph."""
        text = self.doc.text
        earlier = [s for s in self.doc.sentences if s.end <= self.sentence.start]
        for sentence in reversed(earlier):
            if "\n\n" in text[sentence.end : self.sentence.start]:
                return None
            found = self._said_date(sentence_items(self.doc, sentence))
            if found:
                return found
        return None

    def _subject_place(self, mentions: list[Mention]) -> str | None:
        """ "users in Canada", "Japanese users", "its subscribers in France": where the people
        are."""
        people = {
            "users",
            "customers",
            "subscribers",
            "people",
            "residents",
            "citizens",
            "children",
            "patients",
            "members",
            "clients",
            "consumers",
            "players",
            "students",
            "employees",
            "individuals",
            "voters",
        }
        for i, item in enumerate(self.items):
            group = (
                item.mention is not None and self.doc.kind(item.mention.id) == "data_subject_group"
            )
            if group or (item.is_word and item.norm in people):
                after = [it for it in self.items[i + 1 : i + 4] if it.norm != "the"]
                if (
                    after
                    and after[0].norm == "in"
                    and len(after) > 1
                    and after[1].mention
                    and after[1].mention.type == "country"
                ):
                    return after[1].mention.ids[0]
                before = self.items[i - 1] if i else None
                if before is not None and before.mention and before.mention.type == "country":
                    return before.mention.ids[0]
        return None

    def _status(self) -> str:
        window = [
            it.norm
            for it in self.items[max(0, self.match.anchor - 4) : self.match.anchor + 1]
            if it.is_word
        ]
        return "planned" if has_phrase(window, self.lexicon.words("future")) else "completed"

    def _mechanism(self) -> str | None:
        words = [it.norm for it in self.items if it.is_word]
        for notation, phrases in self.lexicon["mechanisms"].items():
            if has_phrase(words, phrases):
                return notation
        return None
