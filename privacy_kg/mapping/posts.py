"""Posts: a title before a person ("Communications Minister Ryota Takeda") gives the person an
organisation, by the title's rule in the lexicon: the organisation named before the title, the
ministry of the title's topic, or the national government for a prime minister."""

from __future__ import annotations

from .doc import Document, Mention
from .names import FoundTitle
from .resources import Resources
from .tokens import fold


def assign_posts(doc: Document, res: Resources) -> None:
    """Title + person: the person's organisation, by the title's rule (see the lexicon's titles)."""
    mentions = doc.mentions
    for index, title in enumerate(mentions):
        if title.type != "title" or index + 1 >= len(mentions):
            continue
        person = mentions[index + 1]
        if person.type != "actor" or doc.kind(person.id) != "person":
            continue
        if fold(doc.text[title.end : person.start]).strip(" ,"):
            continue
        org = _post_org(doc, res, title, mentions[index - 1] if index else None)
        doc.posts.setdefault(person.id, (org, title))


def _post_org(doc: Document, res: Resources, title: Mention, before: Mention | None) -> str | None:
    found: FoundTitle = title.value
    if found.org_rule == "preceding" and before is not None and before.type == "actor":
        gap = fold(doc.text[before.end : title.start]).strip()
        if gap in ("", "'s") and doc.kind(before.id) != "person":
            return before.id
        return None
    if found.org_rule in ("head", "name") and found.org_hint:
        for target in res.gaz.lookup(found.org_hint):
            if target.type == "actor":
                return target.id
        for (
            m
        ) in doc.mentions:  # a named organisation of the article whose name has the hint's words
            info = doc.actors.get(m.id or "")
            if (
                m.type == "actor"
                and info
                and all(w in info.label.lower() for w in found.org_hint.split())
            ):
                return info.id
        return None
    if found.org_rule == "government":
        country = (
            before.ids[0] if before is not None and before.type == "country" else doc.focal_country
        )
        name = res.gaz.place_names.get(country or "")
        demonym = res.gaz.demonyms.get(country or "")
        for hint in (f"Government of {name}", f"{demonym} government", f"{name}'s government"):
            for target in res.gaz.lookup(hint):
                if target.type == "actor":
                    return target.id
    return None
