"""Names of particular shapes, on top of the capitalised runs of `names`: regulators named by
their country ("Italy's privacy watchdog", "the Irish data regulator"), unknown services ("the
Chatterly app"), local governments in lower case ("the city of Tainan") and Japanese
organisations ("…株式会社", "…庁")."""

from __future__ import annotations

import re

from .gazetteer import Gazetteer
from .lexicon import Lexicon
from .names import _KANA_KANJI, BaseNameFinder, FoundName


class NameFinder(BaseNameFinder):
    def __init__(self, lexicon: Lexicon, gaz: Gazetteer) -> None:
        super().__init__(lexicon, gaz)
        topics_by_kind = lexicon["regulator_topics"]
        self.topic_kind = {t.lower(): kind for kind, words in topics_by_kind.items() for t in words}
        topic_alt = "|".join(re.escape(t) for t in sorted(self.topic_kind, key=len, reverse=True))
        nouns = "|".join(
            re.escape(n) for n in sorted(lexicon["regulator_nouns"], key=len, reverse=True)
        )
        self.regulator_re = re.compile(
            rf"(?P<place>(?:[A-Z][\w.]*[ ]){{0,2}}[A-Z][\w.]*?)(?:'s|’s)?[ ]"
            rf"(?P<desc>(?:(?P<topic>{topic_alt})[ ])?"
            rf"(?P<noun>{nouns}))(?![\w-])"
        )
        services = "|".join(
            re.escape(n) for n in sorted(lexicon["service_nouns"], key=len, reverse=True)
        )
        self.service_re = re.compile(
            rf"(?P<name>[A-Z][\w&.-]*(?:[ ][A-Z][\w&.-]*)*)[ ](?P<noun>{services})(?![\w-])"
        )
        local = "|".join(lexicon["local_government_nouns"])
        self.local_re = re.compile(
            rf"\b(?P<noun>{local}) of (?P<name>[A-Z][\w-]+(?:[ ][A-Z][\w-]+)?)"
        )
        cjk = [(s, kind) for kind, words in lexicon["cjk_org_suffixes"].items() for s in words]
        alt = "|".join(re.escape(s) for s, _ in sorted(cjk, key=lambda x: -len(x[0])))
        self.cjk_re = re.compile(
            rf"(?<![{_KANA_KANJI}])(?P<name>[{_KANA_KANJI}]{{2,}}?(?P<suffix>{alt}))"
        )
        self.cjk_kind = dict(cjk)

    def regulators(self, text: str, start: int, end: int) -> list[FoundName]:
        """ "France's data protection authority", "Italy's privacy watchdog, the Garante,"."""
        out = []
        for match in self.regulator_re.finditer(text, start, end):
            place_text = match.group("place")
            words = place_text.split(" ")
            country, offset = None, 0
            for i in range(
                len(words)
            ):  # the longest place name ending right before the noun phrase
                candidate = " ".join(words[i:])
                country = self._place(candidate)
                if country:
                    offset = len(" ".join(words[:i])) + (1 if i else 0)
                    break
            if not country:
                continue
            topic = (match.group("topic") or "").lower()
            noun = match.group("noun").lower()
            kind = (
                "government_body" if noun == "ministry" else self.topic_kind.get(topic, "authority")
            )
            if noun in ("commissioner",) and topic in (
                "",
                "information",
                "privacy",
                "data protection",
            ):
                kind = "data_protection_authority"
            name_start = match.start("place") + offset
            written = text[name_start : match.start("desc")].strip().removesuffix("'s")
            demonym = any(t.type == "demonym" for t in self.gaz.lookup(written))
            place = self.gaz.place_names.get(country, written) if demonym else written
            label = f"{place}'s {match.group('desc')}"
            aliases = _apposition(text, match.end())
            out.append(FoundName(name_start, match.end(), label, kind, country, aliases))
        return out

    def services(self, text: str, start: int, end: int) -> list[FoundName]:
        out = []
        for match in self.service_re.finditer(text, start, end):
            name = match.group("name")
            words = name.split(" ")
            while words and (words[0] in self.not_start or self._place(words[0])):
                words.pop(0)
            if not words:
                continue
            begin = match.end("name") - len(" ".join(words))
            out.append(
                FoundName(
                    begin, match.end(), f"{' '.join(words)} {match.group('noun')}", "service", None
                )
            )
        return out

    def local_governments(self, text: str, start: int, end: int) -> list[FoundName]:
        return [
            FoundName(
                m.start(),
                m.end(),
                f"{m.group('noun').title()} of {m.group('name')}",
                "government_body",
                self._place(m.group("name")),
            )
            for m in self.local_re.finditer(text, start, end)
        ]

    def cjk_organisations(
        self, text: str, start: int, end: int, country: str | None
    ) -> list[FoundName]:
        return [
            FoundName(
                m.start(), m.end(), m.group("name"), self.cjk_kind[m.group("suffix")], country
            )
            for m in self.cjk_re.finditer(text, start, end)
        ]

    # -- acronyms --------------------------------------------------------------------------------


def _apposition(text: str, end: int) -> tuple[str, ...]:
    """ ", the CNIL," / ", the Garante," right after a description: another name for it."""
    match = re.match(
        r",[ ](?:the[ ])?([A-Z][\w'.-]*(?:[ ][A-Z][\w'.-]*){0,3})(?=[,)]|[ ](?:said|has|on|in)\b)",
        text[end : end + 80],
    )
    return (match.group(1),) if match else ()
