"""The gazetteer: every name the graph knows (actors, laws, data categories, jurisdictions and
demonyms)
compiled into two trie-shaped regular expressions, one case-sensitive and one not.

Why tries: a plain alternation of a thousand names makes Python's regex engine try each name at
each position; a trie shares prefixes, so a 3 KB article is scanned in about a millisecond. The
longest name wins (greedy trie branches), names only match on word edges of Latin text (CJK names
match anywhere), and case follows a simple documented rule:

* a one-word name with a capital letter ("Line", "Meta", "ID", "US") matches only as written, so
  "line" and "us" are not actors or countries;
* every other name (lower-case words, or several words) matches in any case.

Aliases that are bare anaphors ("the commission", "the ministry") are left to coreference, and
generic descriptions ("Chinese company", "users in Japan", "hackers") are marked weak: the mention
layer links them only when the article names the entity's anchor (an actor named in its label) or
is about its country. Built once per process (`load_gazetteer`).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from ..model import Actor
from ..namespaces import PKG, PKR
from ..registry import Registry
from .lexicon import Lexicon, load_lexicon
from .tokens import fold, is_cjk, tokenize

_EDGE_L = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?![A-Za-z0-9]))"
_EDGE_R = r"(?:(?<=[A-Za-z0-9])(?![A-Za-z0-9])|(?<![A-Za-z0-9]))"
_WORD = re.compile(r"[A-Za-z][A-Za-z.'-]*")


@dataclass(frozen=True)
class Target:
    """What a name stands for: type is actor, law, category, country or demonym."""

    type: str
    id: str
    weak: bool = False


@dataclass(frozen=True)
class GazMatch:
    start: int
    end: int
    text: str
    targets: tuple[Target, ...]


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, shaped as a character trie (longest alternative first)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        terminal = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if terminal:
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return build(root)


def case_sensitive(surface: str) -> bool:
    """One-word names with a capital letter keep their case; everything else matches in any case."""
    if is_cjk(surface):
        return True
    return " " not in surface.strip() and any(c.isupper() for c in surface)


@dataclass
class Gazetteer:
    exact: dict[str, set[Target]] = field(default_factory=lambda: defaultdict(set))
    folded: dict[str, set[Target]] = field(default_factory=lambda: defaultdict(set))
    anchors: dict[str, frozenset[str]] = field(
        default_factory=dict
    )  # actor id -> actor ids in its label
    countries: dict[str, str] = field(default_factory=dict)  # actor/law id -> ISO code
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, id) -> English label
    place_names: dict[str, str] = field(default_factory=dict)  # ISO code -> English name
    demonyms: dict[str, str] = field(default_factory=dict)  # ISO code -> English demonym
    _exact_re: re.Pattern[str] | None = None
    _folded_re: re.Pattern[str] | None = None

    def add(self, surface: str, target: Target) -> None:
        surface = fold(surface).strip()
        if not surface:
            return
        if case_sensitive(surface):
            self.exact[surface].add(target)
        else:
            self.folded[surface.lower()].add(target)

    def compile(self) -> Gazetteer:
        self._exact_re = re.compile(_EDGE_L + "(?:" + trie_regex(self.exact) + ")" + _EDGE_R)
        self._folded_re = re.compile(
            _EDGE_L + "(?:" + trie_regex(self.folded) + ")" + _EDGE_R, re.IGNORECASE
        )
        return self

    def lookup(self, surface: str) -> set[Target]:
        """Targets of a whole name (exact case rules as in matching)."""
        surface = fold(surface).strip()
        return set(self.exact.get(surface, ())) | set(self.folded.get(surface.lower(), ()))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[GazMatch]:
        """Longest non-overlapping names in `text[start:end]`, in text order."""
        assert self._exact_re is not None and self._folded_re is not None, "call compile() first"
        folded = fold(text)
        stop = len(text) if end is None else end
        found: list[tuple[int, int, frozenset[Target]]] = []
        for pattern, table, lower in (
            (self._exact_re, self.exact, False),
            (self._folded_re, self.folded, True),
        ):
            for match in pattern.finditer(folded, start, stop):
                if match.end() > match.start():
                    key = match.group().lower() if lower else match.group()
                    found.append((match.start(), match.end(), frozenset(table[key])))
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        chosen: list[tuple[int, int, frozenset[Target]]] = []
        for item in found:
            same = next((c for c in chosen if c[0] == item[0] and c[1] == item[1]), None)
            if same:
                chosen[chosen.index(same)] = (same[0], same[1], same[2] | item[2])
            elif all(item[1] <= c[0] or item[0] >= c[1] for c in chosen):
                chosen.append(item)
        chosen.sort()
        return [
            GazMatch(s, e, text[s:e], tuple(sorted(t, key=lambda x: (x.type, x.id))))
            for s, e, t in chosen
        ]


def _anaphoric(surface: str, lexicon: Lexicon) -> bool:
    words = surface.lower().split()
    if not words or words[0] not in ("the", "this", "that"):
        return False
    nouns = {w.lower() for entry in lexicon["anaphors"] for w in entry["words"]}
    return " ".join(words[1:]) in nouns


def _generic(surface: str, place_words: set[str]) -> bool:
    """No proper name in it: only lower-case words, country names and demonyms."""
    if is_cjk(surface):
        return False
    return all(w[0].islower() or w in place_words for w in _WORD.findall(surface))


def _places(vocab: Graph) -> dict[str, dict[str, set[str]]]:
    """ISO code -> {"names": ..., "demonyms": ...} from the jurisdictions vocabulary."""
    out: dict[str, dict[str, set[str]]] = {}
    for node, code in vocab.subject_objects(PKG.iso3166Code):
        entry = out.setdefault(str(code), {"names": set(), "demonyms": set()})
        for predicate in (RDFS.label, SKOS.altLabel):
            entry["names"].update(str(v) for v in vocab.objects(node, predicate))
        entry["demonyms"].update(str(v) for v in vocab.objects(node, PKG.demonym))
    return out


def build_gazetteer(registry: Registry, vocab: Graph, lexicon: Lexicon) -> Gazetteer:
    gaz = Gazetteer()
    places = _places(vocab)
    place_words = {
        w for entry in places.values() for names in entry.values() for n in names for w in n.split()
    }
    for node, code in vocab.subject_objects(PKG.iso3166Code):
        for label in vocab.objects(node, RDFS.label):
            if getattr(label, "language", None) == "en":
                gaz.place_names[str(code)] = str(label)
        demonyms = [str(d) for d in vocab.objects(node, PKG.demonym)]
        if demonyms:  # prefer a word ("British") to an abbreviation ("UK")
            gaz.demonyms[str(code)] = max(
                demonyms, key=lambda d: (not d.replace(".", "").isupper(), len(d))
            )
    for code, entry in places.items():
        for name in entry["names"]:
            gaz.add(name, Target("country", code))
        for name in entry["demonyms"]:
            gaz.add(name, Target("demonym", code))
    for city, code in lexicon["cities"].items():
        gaz.add(city, Target("city", str(code)))
    prefix = str(PKR["data-category/"])
    for node in vocab.subjects(RDF.type, PKG.PersonalDataCategory):
        category = str(node)[len(prefix) :]
        for predicate in (RDFS.label, SKOS.altLabel):
            for label in vocab.objects(node, predicate):
                gaz.add(str(label), Target("category", category))
    for law in registry.laws.values():
        gaz.countries[law.id] = law.jurisdiction
        gaz.labels[("law", law.id)] = law.label.en
        for name in _names(law):
            gaz.add(name, Target("law", law.id))
    for actor in registry.actors.values():
        _add_actor(gaz, actor, lexicon, place_words)
    gaz.compile()
    for actor in registry.actors.values():
        gaz.anchors[actor.id] = _anchors(gaz, actor)
    return gaz


def _anchors(gaz: Gazetteer, actor: Actor) -> frozenset[str]:
    """Other actors named inside an actor's English label ("Line's Chinese affiliate" -> line-
    corp)."""
    label = actor.label.en
    tokens = tokenize(label)
    found: set[str] = set()
    for i, first in enumerate(tokens):
        for last in tokens[i : i + 6]:
            for target in gaz.lookup(label[first.start : last.end]):
                if target.type == "actor" and not target.weak and target.id != actor.id:
                    found.add(target.id)
    return frozenset(found)


def _names(entity) -> list[str]:
    labels = list(entity.label.model_dump().values())
    return labels + [alias for aliases in entity.aliases.values() for alias in aliases]


def _add_actor(gaz: Gazetteer, actor: Actor, lexicon: Lexicon, place_words: set[str]) -> None:
    if actor.country:
        gaz.countries[actor.id] = actor.country
    gaz.labels[("actor", actor.id)] = actor.label.en
    for name in _names(actor):
        if _anaphoric(name, lexicon):
            continue
        gaz.add(name, Target("actor", actor.id, weak=_generic(name, place_words)))


@functools.cache
def load_gazetteer(entities: Path, vocab_dir: Path) -> Gazetteer:
    """The process-wide gazetteer for a registry file and vocabulary folder (built once)."""
    from ..vocab import read_turtle_files

    return build_gazetteer(Registry.load(entities), read_turtle_files(vocab_dir), load_lexicon())
