"""Names the registry does not know: organisations by their suffix or prefix ("... Commission",
"Ministry of ...", "... Inc."), regulators named by their country ("Italy's privacy watchdog"),
services ("the Chatterly app"), local governments ("the city of Tainan"), Japanese organisations
("…株式会社", "…庁"), acronyms defined in brackets, and people after a title ("CEO Kim Min-jun").

Runs of capitalised words are read on a copy of the text in which the gazetteer's names are
blanked out, so a known name never becomes part of an unknown one. Leading place words are split
off as the name's country ("Irish Data Protection Commission" -> IE, "Dublin-based Acme Ltd." ->
IE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer
from .lexicon import Lexicon

_CAP = (
    r"(?:[A-Z][A-Za-z0-9&.-]*(?:'[A-Z][A-Za-z0-9&.-]*)*[A-Za-z0-9.]|[A-Z])(?![$])"
    r"(?:'s(?=[ ](?:Office|Bureau|Department|Agency|Court|Commission|Council|Foundation"
    r"|Association|Fund)\b))?"
)
_POSSESSIVE = r"(?:'s)?"  # "Acme's": a possessor ends the name
_PERSON_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_KANA_KANJI = r"\u30a0-\u30ff\u4e00-\u9fffー・A-Za-z0-9"
_BASED = re.compile(r"-(?:based|headquartered)$")


@dataclass(frozen=True)
class FoundName:
    start: int
    end: int
    name: str
    kind: str | None  # None: a capitalised name of unknown kind
    country: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoundTitle:
    start: int
    end: int
    title: str
    role: str
    org_rule: str  # preceding | head | government | name
    org_hint: str | None  # "communications ministry", "cabinet secretariat"


class BaseNameFinder:
    def __init__(self, lexicon: Lexicon, gaz: Gazetteer) -> None:
        self.lexicon = lexicon
        self.gaz = gaz
        connectives = "|".join(re.escape(c) for c in lexicon["name_connectives"])
        lower = "|".join(re.escape(s) for s in lexicon["lower_suffixes"])
        self.connectives = set(lexicon["name_connectives"])
        self.run_re = re.compile(
            rf"{_CAP}(?:[ ](?:(?:{connectives})[ ])*{_CAP})*"
            rf"(?:[ ](?:{lower})(?![\w]))?{_POSSESSIVE}"
        )
        self.not_start = set(lexicon["not_name_starts"])
        self.stop_words = set(lexicon["not_name_words"]) | self.not_start
        self.suffixes = sorted(
            ((s, kind) for kind, words in lexicon["org_suffixes"].items() for s in words),
            key=lambda item: -len(item[0]),
        )
        self.prefixes = sorted(
            ((p, kind) for kind, words in lexicon["org_prefixes"].items() for p in words),
            key=lambda item: -len(item[0]),
        )
        self.dpa_words = [w.lower() for w in lexicon["dpa_words"]]
        self.company_suffixes = sorted(
            lexicon["org_suffixes"]["company"] + lexicon["lower_suffixes"], key=len, reverse=True
        )
        self.titles = [(title, entry) for entry in lexicon["titles"] for title in entry["title"]]
        topics = "|".join(
            re.escape(t) for t in sorted(lexicon["title_topics"], key=len, reverse=True)
        )
        title_alt = "|".join(
            re.escape(t) for t, _ in sorted(self.titles, key=lambda x: -len(x[0])) if t.isascii()
        )
        self.title_re = re.compile(
            rf"(?<![A-Za-z])(?:(?P<topic>{topics})[ ])?(?P<title>{title_alt})(?![A-Za-z])",
            re.IGNORECASE,
        )
        self.person_re = re.compile(rf"[ ](?P<name>{_PERSON_WORD}(?:[ ]{_PERSON_WORD}){{1,2}})")
        self.title_entry = {t.lower(): e for t, e in self.titles}
        self._proper: set[str] = set()

    # -- organisations -------------------------------------------------------------------------
    def organisations(
        self, masked: str, start: int, end: int, proper: set[str] | None = None
    ) -> list[FoundName]:
        """Capitalised runs that are names; a single word only if the article uses it as a name
        inside a sentence (`proper`) or it is an acronym."""
        self._proper = proper or set()
        out: list[FoundName] = []
        for match in self.run_re.finditer(masked, start, end):
            stop = self._truncate(masked, match.start(), match.end())
            for left, right in self._split_titles(masked, match.start(), stop):
                for piece_start, piece_end in self._split_and(masked, left, right):
                    found = self._classify(masked, piece_start, piece_end)
                    if found:
                        out.append(self._possessed(masked, found))
        return out

    def _possessed(self, text: str, found: FoundName) -> FoundName:
        """ "the UK's National Crime Agency": a place's possessive before a name is its country."""
        match = re.search(
            r"([A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)'s[ ]$", text[max(0, found.start - 40) : found.start]
        )
        place = self._place(match.group(1)) if match else None
        if not place:
            return found
        return FoundName(
            found.start - len(match.group()),
            found.end,
            found.name,
            found.kind,
            found.country or place,
            found.aliases,
        )

    def _split_titles(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """ "Acme Ltd. CEO Jane Roe": a title inside a run separates an organisation from a
        person."""
        pieces, position = [], start
        for match in self.title_re.finditer(text, start, end):
            if not self._person_shaped(text[match.end() + 1 : end].split(" ")):
                continue
            if match.start() > position:
                pieces.append((position, match.start() - 1))
            position = match.end() + 1
        if position < end:
            pieces.append((position, end))
        return [(a, b) for a, b in pieces if b > a]

    def _truncate(self, text: str, start: int, end: int) -> int:
        """ "Acme Co. on Monday": a connective followed by a date or sentence word ends the name."""
        position = start
        words = text[start:end].split(" ")
        for index, word in enumerate(words):
            if (
                index
                and words[index - 1] in self.connectives
                and word.rstrip(".,;:") in self.stop_words
            ):
                return position - len(words[index - 1]) - 2
            position += len(word) + 1
        return end

    def _split_and(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """ "X Commission and Y Ministry" is two names when both halves are names by suffix."""
        pieces = [(start, end)]
        for match in re.finditer(r" and (?:the )?", text[start:end]):
            left, right = start + match.start(), start + match.end()
            if self._suffix(text[start:left]) and (
                self._suffix(text[right:end]) or self._prefix(text[right:end])
            ):
                pieces = [(start, left), (right, end)]
                break
        return pieces

    def _classify(self, text: str, start: int, end: int) -> FoundName | None:
        words = text[start:end].split(" ")
        last = words[-1]
        if last.endswith("'s"):
            words[-1] = last[:-2]
        elif last.endswith(".") and not self._suffix(" " + last):
            words[-1] = last[:-1]
        words = [w for w in words if w] or [""]
        country = None
        while words and (words[0] in self.not_start or words[0] in ("The", "the")):
            start += len(words.pop(0)) + 1
        span_start = start  # the mention keeps "Dublin-based"/"Irish"; the name does not
        while len(words) > 1:  # leading place words give the country; adjectives leave the name
            size = next(
                (k for k in (3, 2, 1) if k < len(words) and self._place(" ".join(words[:k]))), 0
            )
            if not size:
                break
            lead = " ".join(words[:size])
            country = country or self._place(lead)
            if not self._modifier(lead) or (
                len(words) - size == 1 and not lead.endswith(("'s", "-based"))
            ):
                # "Korea Communications Commission", "Dalian Softworks", "European Commission"
                break
            start += len(lead) + 1
            del words[:size]
        if not words or not words[0] or len(words) > 8:  # a long capitalised run is a headline
            return None
        name = " ".join(words)
        if self._place(name) or name in self.stop_words or name.rstrip(".") in self.stop_words:
            return None
        tail = re.search(r" of (?:the )?([A-Z][A-Za-z ]+)$", name)
        core = name
        if tail and self._place(tail.group(1)):  # "Cyberspace Administration of China"
            country = country or self._place(tail.group(1))
            core = name[: tail.start()]
        kind = self._suffix(core) or self._prefix(core) or self._suffix(name) or self._prefix(name)
        if kind and len(words) < 2:
            return None
        if kind in ("authority", "organisation", "government_body") and any(
            w in name.lower() for w in self.dpa_words
        ):
            kind = "data_protection_authority"
        if kind is None and len(words) < 2 and not name.isupper() and name not in self._proper:
            return None
        if (
            kind is None
            and self._person_shaped(words)
            and self._title_follows(text, start + len(name))
        ):
            kind = "person"  # "Daniel Novak, director of ..."
        return FoundName(span_start, start + len(name), name, kind, country)

    @staticmethod
    def _person_shaped(words: list[str]) -> bool:
        return 2 <= len(words) <= 3 and all(re.fullmatch(_PERSON_WORD, w) for w in words)

    def _title_follows(self, text: str, end: int) -> bool:
        match = re.match(
            r",[ ](?:the[ ])?(?:[A-Z][\w&.-]*(?:[ ][A-Z][\w&.-]*)*'s[ ])?", text[end : end + 80]
        )
        return bool(match) and bool(self.title_re.match(text, end + match.end()))

    def _suffix(self, name: str) -> str | None:
        for suffix, kind in self.suffixes:
            if name.endswith(" " + suffix) or (name.endswith(suffix) and not suffix.isascii()):
                return kind
        return None

    def _prefix(self, name: str) -> str | None:
        for prefix, kind in self.prefixes:
            if name.startswith(prefix + " ") or name == prefix:
                return kind
        return None

    def _modifier(self, word: str) -> bool:
        """A place word that modifies a name rather than starting it: a demonym, "X's",
        "X-based"."""
        if word.endswith(("'s", "’s")) or _BASED.search(word):
            return True
        return any(t.type == "demonym" for t in self.gaz.lookup(word))

    def place(self, word: str) -> str | None:
        return self._place(word)

    def _place(self, word: str) -> str | None:
        word = _BASED.sub("", word.removesuffix("'s").removesuffix("’s"))
        spellings = [word, word.title()] if word.isupper() and len(word) > 3 else [word]  # "SEOUL"
        for spelling in spellings:
            for target in self.gaz.lookup(spelling):
                if target.type in ("country", "demonym", "city"):
                    return target.id
        return None

    # -- regulators, services, local governments, Japanese names -----------------------------------
    @staticmethod
    def acronyms(text: str, names: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
        """ "Data Protection Commission (DPC)" -> {"DPC": span of the name it abbreviates}."""
        out: dict[str, tuple[int, int]] = {}
        for match in _ACRONYM.finditer(text):
            before = [span for span in names if 0 <= match.start() - span[1] <= 1]
            if before:
                out[match.group(1)] = before[-1]
        return out

    # -- titles and people -----------------------------------------------------------------------
    def titles_in(self, text: str, start: int, end: int) -> list[FoundTitle]:
        out = []
        for match in self.title_re.finditer(text, start, end):
            entry = self.title_entry[match.group("title").lower()]
            topic = match.group("topic")
            hint = entry.get("org_name")
            if entry.get("org") == "head" and topic:
                hint = f"{topic} {entry['head']}".lower()
            rule = "name" if entry.get("org_name") else entry.get("org", "preceding")
            out.append(
                FoundTitle(match.start(), match.end(), match.group(), entry["role"], rule, hint)
            )
        for title, entry in self.titles:
            if not title.isascii():
                for match in re.finditer(re.escape(title), text[start:end]):
                    s = start + match.start()
                    rule = "name" if entry.get("org_name") else entry.get("org", "preceding")
                    out.append(
                        FoundTitle(
                            s, s + len(title), title, entry["role"], rule, entry.get("org_name")
                        )
                    )
        return out

    def person_after(self, text: str, title: FoundTitle) -> tuple[int, int] | None:
        """The capitalised two- or three-word name right after a title, if any."""
        match = self.person_re.match(text, title.end)
        if not match:
            return None
        name = match.group("name")
        if self._suffix(name) or any(w in self.stop_words for w in name.split()):
            return None
        return match.start("name"), match.end("name")
