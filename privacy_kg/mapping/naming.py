"""Names the registry lacks, found in one document: organisations, regulators, services, local
governments, Japanese names, people after titles, acronyms and short names, each made an actor
of the document (`ActorInfo`, marked new) or linked to a registry entry with the same name."""

from __future__ import annotations

import re

from ..slugs import slugify
from .doc import ISSUER_KINDS, ActorInfo, Document, Mention
from .names import FoundTitle
from .resources import Resources
from .tokens import fold

_STOP_ACRONYMS = {
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "IT",
    "ID",
    "IDs",
    "AI",
    "TV",
    "PC",
    "OK",
    "PR",
    "HR",
    "QR",
    "SMS",
    "URL",
    "API",
    "VPN",
    "GPS",
    "IP",
    "NEWS",
    "MORE",
    "US",
    "UK",
    "EU",
    "UN",
    "GDPR",
    "APPI",
}


def find_names(doc: Document, res: Resources, gazetteer: list[Mention], english) -> list[Mention]:
    text = doc.text
    known = [(m.start, m.end) for m in gazetteer]
    masked = list(fold(text))
    for start, end in known:
        masked[start:end] = "#" * (end - start)
    masked_text = "".join(masked)
    finder = res.names
    out: list[Mention] = []
    titles: list[FoundTitle] = []
    aliases: dict[str, tuple[str, ...]] = {}
    spans = [(s.start, s.end) for s in doc.sentences if any(a <= s.start < b for a, b in english)]
    proper = _proper_words(text, spans)
    described: set[str] = set()
    for start, end in spans:
        titles += finder.titles_in(text, start, end)
        regulators = finder.regulators(text, start, end)
        found = finder.organisations(masked_text, start, end, proper) + regulators
        found += finder.services(masked_text, start, end) + finder.local_governments(
            text, start, end
        )
        for name in found:
            if name.kind is None and _is_title(res, name.name):
                continue
            country = (
                name.country
                or _based_after(res, text, name.end)
                or _described_before(res, text, name.start)
            )
            actor_id = new_actor(doc, res, name.name, name.kind or "unknown", country)
            if name in regulators:
                described.add(actor_id)
            out.append(
                Mention(
                    name.start,
                    name.end,
                    text[name.start : name.end],
                    "actor",
                    (actor_id,),
                    country=country,
                    words=("name",),
                )
            )  # the span may include "Dublin-based"
            for alias in name.aliases:
                aliases[alias] = (actor_id,)
    for start, end, lang in doc.langs:
        if lang in ("ja", "zh"):
            for name in finder.cjk_organisations(
                masked_text, start, end, "JP" if lang == "ja" else "CN"
            ):
                actor_id = new_actor(doc, res, name.name, name.kind or "unknown", name.country)
                out.append(
                    Mention(name.start, name.end, name.name, "actor", (actor_id,), words=("name",))
                )
    for title in titles:
        out.append(Mention(title.start, title.end, title.title, "title", value=title))
        span = finder.person_after(text, title)
        if span and not any(s <= span[0] < e for s, e in known):
            name = text[span[0] : span[1]]
            person = new_actor(doc, res, name, "person", None)
            out.append(Mention(span[0], span[1], name, "actor", (person,), words=("person",)))
            surname = name.split()[-1]
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                if match.start() >= span[1]:
                    out.append(
                        Mention(
                            match.start(),
                            match.end(),
                            surname,
                            "actor",
                            (person,),
                            words=("person",),
                        )
                    )
    names = [(m.start, m.end) for m in out if m.type == "actor"] + known
    for acronym, (start, end) in finder.acronyms(text, names).items():
        owner = next(
            (m.ids for m in [*out, *gazetteer] if (m.start, m.end) == (start, end) and m.ids), None
        )
        if owner:
            aliases[acronym] = owner
    aliases.update({a: ids for a, ids in _short_names(doc, res, out).items() if a not in aliases})
    for alias, owner in aliases.items():  # "(DPC)", ", the CNIL,": later mentions of the short name
        for match in re.finditer(rf"(?<![A-Za-z]){re.escape(alias)}(?![A-Za-z])", text):
            out = [m for m in out if not (m.start == match.start() and m.end == match.end())]
            out.append(
                Mention(match.start(), match.end(), alias, "actor", owner, words=("person",))
            )
    _regulators_named(doc, [*out, *gazetteer], described)
    return out


def _proper_words(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """Single-word names ("TikTok", "Optus"): capitalised words the article uses inside a sentence
    and mentions at least twice (a one-off capitalised word is more often an adjective)."""
    out: set[str] = set()
    for start, end in spans:
        for match in re.finditer(
            r"(?<=[a-z0-9,] )([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\b", text[start:end]
        ):
            out.add(match.group(1))
    return {w for w in out if len(re.findall(rf"\b{re.escape(w)}\b", text)) >= 2}


def _regulators_named(doc: Document, mentions: list[Mention], described: set[str]) -> None:
    """ "the Irish data regulator" is the article's one named Irish regulator, when it names one."""
    named: dict[str | None, set[str]] = {}
    for m in mentions:
        info = doc.actors.get(m.id or "")
        if m.type == "actor" and info and info.kind in ISSUER_KINDS and info.id not in described:
            named.setdefault(info.country, set()).add(info.id)
    for m in mentions:
        info = doc.actors.get(m.id or "")
        if m.type == "actor" and info and info.id in described:
            same = named.get(info.country, set()) or named.get(None, set())
            if len(same) == 1:
                target = next(iter(same))
                known = doc.actors[target]
                if known.new and known.country is None:  # the description says where it is
                    doc.actors[target] = ActorInfo(
                        known.id, known.label, known.kind, info.country, True
                    )
                m.ids = (target,)


def _short_names(doc: Document, res: Resources, found: list[Mention]) -> dict[str, tuple[str, ...]]:
    """ "Pulsewise" / "Hanbit Mobile" for "Pulsewise Fitness Ltd" / "Hanbit Mobile Co.": later short
    references to a company the article introduced (a first word only when no other name shares
    it)."""
    out: dict[str, tuple[str, ...]] = {}
    shared: set[str] = set()
    stop = set(res.lexicon["not_name_starts"]) | set(res.lexicon["generic_name_words"])
    for mention in found:
        info = doc.actors.get(mention.id or "")
        if not info or not info.new or info.kind != "company":
            continue
        label = info.label
        short = (
            re.sub(r"[ ]?(株式会社)$", "", label)
            if res.names.cjk_re.match(label)
            else re.sub(
                r"[ ,]+(" + "|".join(re.escape(x) for x in res.names.company_suffixes) + r")$",
                "",
                label,
            )
        )
        candidates = {short} if short != label and len(short) >= 2 else set()
        first = label.split(" ")[0]
        if (
            " " in label
            and len(first) >= 4
            and first[0].isupper()
            and first not in stop
            and not res.names.place(first)
            and not res.gaz.lookup(first)
        ):
            if first in out and out[first] != (info.id,):
                shared.add(first)
            candidates.add(first)
        for name in candidates:
            out.setdefault(name, (info.id,))
    return {k: v for k, v in out.items() if k not in shared}


_KIND_NOUNS = (
    r"(?:company|firm|group|operator|provider|carrier|bank|startup|maker|giant|publisher|platform"
    r"|retailer|insurer)"
)


def _described_before(res: Resources, text: str, start: int) -> str | None:
    """ "Australian telecommunications company Optus", "South Korean IT firm Naver": a place
    before."""
    match = re.search(
        r"([A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)(?:-based)?[ ](?:[\w-]+[ ]){0,3}"
        + _KIND_NOUNS
        + r"[ ,]*$",
        fold(text[max(0, start - 80) : start]),
    )
    return res.names.place(match.group(1)) if match else None


def _based_after(res: Resources, text: str, end: int) -> str | None:
    """ "Acme Ltd., a Dublin-based firm" / "Acme, based in Seoul": the country after a name."""
    match = re.match(
        r",?[ ](?:a|an|the|its|their)?[ ]?([A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)-based"
        r"|,?[ ](?:(?:a|an|the)[ ](?:[\w-]+[ ]){0,3})?based in ([A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)",
        fold(text[end : end + 80]),
    )
    if not match:
        return None
    return res.names.place(match.group(1) or match.group(2))


def _is_title(res: Resources, name: str) -> bool:
    match = res.names.title_re.fullmatch(name)
    return bool(match) or name.upper() in _STOP_ACRONYMS


def new_actor(doc: Document, res: Resources, name: str, kind: str, country: str | None) -> str:
    for target in res.gaz.lookup(name):
        if target.type == "actor" and not target.weak:
            return target.id
    actor_id = slugify(name)
    existing = doc.actors.get(actor_id)
    if existing is not None and existing.new and "unknown" in (existing.kind, kind):
        if (
            existing.kind == "unknown"
        ):  # a name first seen without a kind, now known: a company, a person
            doc.actors[actor_id] = ActorInfo(
                actor_id, existing.label, kind, existing.country or country, True
            )
        return actor_id
    if actor_id in res.registry.actors or (existing is not None and existing.kind != kind):
        actor_id = slugify(f"{name} {country or kind}")
    if actor_id not in doc.actors:
        doc.actors[actor_id] = ActorInfo(actor_id, name, kind, country, new=True)
    return actor_id
