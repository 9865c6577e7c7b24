"""Mentions: cleaned text -> a Document of typed, non-overlapping spans with actors linked.

Order of work (each step documented in docs/rules.md):
1. gazetteer names (registry actors and laws, data categories, jurisdictions, demonyms, cities);
2. unknown organisations and people (`names`), acronyms defined in brackets, titles;
3. dates and amounts (`privacy_kg.text`), per language run of the text;
4. anaphors ("the commission", "it");
5. one non-overlapping set, known names first, then longer spans;
6. weak (generic) registry names linked only with context; a registry authority named with
   another country ("Korea's Personal Information Protection Commission") becomes a new actor;
7. posts (title -> person -> organisation), coreference, the main subject, descriptions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..slugs import slugify
from ..text.amounts import find_amounts
from ..text.dates import find_dates
from ..text.language import split_by_language
from ..text.sentences import split_sentences
from .doc import ISSUER_KINDS, ActorInfo, Document, Mention
from .naming import find_names
from .posts import assign_posts
from .resources import Resources
from .tokens import fold

# Merge priority: lower wins an overlap before length is compared.
_RANK = {
    "actor": 0,
    "law": 0,
    "title": 1,
    "person": 1,
    "name": 2,
    "date": 3,
    "money": 3,
    "amount": 3,
    "category": 4,
    "unknown": 4.5,
    "country": 5,
    "anaphor": 6,
}


def build_document(
    text: str, article_date: dt.date, res: Resources, dateline: str | None = None
) -> Document:
    """`dateline`: what the cleaner stripped before the story ("SINGAPORE -"), a hint of its country."""
    langs = [(s.start, s.end, s.lang) for s in split_by_language(text)]
    doc = Document(text, article_date, split_sentences(text), langs)
    doc.actors = dict(res.base_actors)
    found: list[Mention] = []
    weak: dict[int, tuple[str, ...]] = {}
    for match in res.gaz.find(text):
        mention = _from_gazetteer(match)
        if mention is None:
            continue
        strong = tuple(t.id for t in match.targets if t.type == "actor" and not t.weak)
        if mention.type == "actor" and not strong:
            weak[id(mention)] = mention.ids
        found.append(mention)
    found.sort(key=lambda m: m.start)
    _country_conflicts(doc, found)
    english = [(s, e) for s, e, lang in langs if lang == "en"]
    found += find_names(doc, res, [m for m in found if m.type == "actor"], english)
    found += _dates_amounts(doc, langs)
    found += _datelines(doc, res)
    for start, end, _ in langs:
        found += res.anaphors.find(text, start, end)
    doc.mentions = _select(_trim_amounts(found), doc)
    doc.focal_country = _focal(doc, weak, res.names.place((dateline or "").title()))
    _link_weak(doc, res, weak)
    assign_posts(doc, res)
    res.anaphors.resolve(doc)
    doc.main_subject = _main_subject(doc)
    res.describer.run(doc, res.desc_keys)
    _default_countries(doc)
    return doc


_DATELINE = re.compile(r"(?m)^(?P<place>[A-Z][A-Z .'-]{2,30}?)(?=,|[ ]-|[ ]\(|[ ]—)")


def _datelines(doc: Document, res: Resources) -> list[Mention]:
    """ "SINGAPORE -", "SAO PAULO (Reuters) -": a dateline's place is a country mention."""
    out = []
    for match in _DATELINE.finditer(doc.text):
        place = res.names.place(match.group("place").title())
        if place:
            out.append(Mention(match.start(), match.end(), match.group(), "country", (place,)))
    return out


def _from_gazetteer(match) -> Mention | None:
    by_type: dict[str, list[str]] = {}
    for target in match.targets:
        kind = "country" if target.type in ("demonym", "city") else target.type
        by_type.setdefault(kind, []).append(target.id)
    for kind in ("actor", "law", "category", "country"):
        if kind in by_type:
            ids = tuple(dict.fromkeys(by_type[kind]))
            return Mention(match.start, match.end, match.text, kind, ids)
    return None


def _dates_amounts(doc: Document, langs) -> list[Mention]:
    out: list[Mention] = []
    for start, end, lang in langs:
        chunk = doc.text[start:end]
        family = "ja" if lang in ("ja", "zh", "ko") else "en"
        for date in find_dates(chunk, doc.date, family):
            shifted = date.__class__(
                date.start + start,
                date.end + start,
                date.text,
                date.value,
                date.precision,
                date.role,
            )
            out.append(Mention(shifted.start, shifted.end, date.text, "date", value=shifted))
        for amount in find_amounts(chunk, lang if lang in ("en", "ja", "zh", "ko") else "en"):
            kind = "money" if amount.is_money else "amount"
            out.append(
                Mention(amount.start + start, amount.end + start, amount.text, kind, value=amount)
            )
    return out


def _trim_amounts(found: list[Mention]) -> list[Mention]:
    """ "Up to 100,000 Facebook users": the count keeps its unit but ends where a known name
    starts."""
    names = [
        m
        for m in found
        if m.type in ("actor", "category") and m.words not in (("name",), ("person",))
    ]
    for amount in found:
        if amount.type not in ("amount", "money"):
            continue
        inside = [n.start for n in names if amount.start < n.start < amount.end]
        if inside:
            end = min(inside)
            while end > amount.start and amount.text[end - amount.start - 1] == " ":
                end -= 1
            amount.text, amount.end = amount.text[: end - amount.start], end
    return found


def _select(found: list[Mention], doc: Document) -> list[Mention]:
    def rank(m: Mention) -> float:
        if m.type == "actor" and m.words in (("name",), ("person",)):
            if m.words == ("name",) and doc.kind(m.id) == "unknown":
                return _RANK[
                    "unknown"
                ]  # a capitalised word of no known kind yields to dates, categories
            return _RANK["person"] if m.words == ("person",) else _RANK["name"]
        return _RANK.get(m.type, 9)

    chosen: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for mention in sorted(
        found,
        key=lambda m: (rank(m) > 2, rank(m) >= _RANK["anaphor"], m.start - m.end, rank(m), m.start),
    ):
        if all(mention.end <= s or mention.start >= e for s, e in occupied):
            chosen.append(mention)
            occupied.append((mention.start, mention.end))
    return sorted(chosen, key=lambda m: m.start)


def _focal(doc: Document, weak: dict[int, tuple[str, ...]], dateline: str | None) -> str | None:
    """The article's country: that of its authorities, else the most named country (a dateline's
    place counts as a mention)."""
    issuers: Counter[str] = Counter()
    places: Counter[str] = Counter([dateline] if dateline else [])
    for m in doc.mentions:
        if m.type == "actor" and id(m) not in weak:
            for actor_id in m.ids[:1]:
                info = doc.actors.get(actor_id)
                if info and info.country:
                    (issuers if info.kind in ISSUER_KINDS else places)[info.country] += 1
        elif m.type == "country" and m.ids[0] != "001":
            places[m.ids[0]] += 1
    counts = issuers or places
    return counts.most_common(1)[0][0] if counts else None


def _link_weak(doc: Document, res: Resources, weak: dict[int, tuple[str, ...]]) -> None:
    strong = {i for m in doc.mentions if m.type == "actor" and id(m) not in weak for i in m.ids}
    kept = []
    for mention in doc.mentions:
        if id(mention) in weak:
            said = {
                t.id
                for w in mention.text.split()
                for t in res.gaz.lookup(w.removesuffix("'s"))
                if t.type in ("country", "demonym")
            }
            ids = tuple(i for i in mention.ids if _supported(doc, res, i, strong, said))
            if not ids:
                continue
            mention.ids = ids
        kept.append(mention)
    doc.mentions = kept


def _supported(
    doc: Document, res: Resources, actor_id: str, strong: set[str], said: set[str]
) -> bool:
    anchors = res.gaz.anchors.get(actor_id, frozenset())
    if anchors:
        return bool(anchors & strong)
    country = doc.country(actor_id)
    return country is not None and (country in said or country == doc.focal_country)


def _country_conflicts(doc: Document, mentions: list[Mention]) -> None:
    """ "Korea's Personal Information Protection Commission" is not Japan's commission of that
    name."""
    for index, mention in enumerate(mentions):
        if mention.type != "actor" or mention.anaphor or not mention.ids or index == 0:
            continue
        info = doc.actors.get(mention.ids[0])
        if not info or info.new or info.kind not in ISSUER_KINDS or not info.country:
            continue
        before = mentions[index - 1]
        gap = fold(doc.text[before.end : mention.start]).strip().lower()
        if (
            before.type == "country"
            and gap in ("", "'s", "the", "'s the")
            and before.ids[0] != info.country
        ):
            mention.ids = (_new_actor_forced(doc, mention.text, info.kind, before.ids[0]),)
            mention.country = before.ids[0]


def _new_actor_forced(doc: Document, name: str, kind: str, country: str) -> str:
    actor_id = slugify(f"{name} {country}")
    doc.actors.setdefault(actor_id, ActorInfo(actor_id, name, kind, country, new=True))
    return actor_id


def _main_subject(doc: Document) -> str | None:
    counts: Counter[str] = Counter()
    for m in doc.mentions:
        company = (
            next((i for i in m.ids if doc.kind(i) in ("company", "unknown")), None)
            if m.type == "actor"
            else None
        )
        if company:
            counts[company] += 1
    return counts.most_common(1)[0][0] if counts else None


def _default_countries(doc: Document) -> None:
    """New authorities without a stated country belong to the article's country; with no country
    at all, a data protection authority is kept as an authority (which need not name one)."""
    for actor_id, info in list(doc.actors.items()):
        if info.new and info.country is None and info.kind in ISSUER_KINDS and doc.focal_country:
            doc.actors[actor_id] = ActorInfo(
                info.id, info.label, info.kind, doc.focal_country, True
            )
        elif info.new and info.country is None and info.kind == "data_protection_authority":
            doc.actors[actor_id] = ActorInfo(info.id, info.label, "authority", None, True)
