"""The rule mapper's word lists (`data/rules/lexicon.yaml`), loaded once, with verb inflections.

Rules name verb families (`@order`, `@leak`); this module expands each base form to the forms an
article may use ("order", "orders", "ordered", "ordering"), so a rule written once reads
"fined", "is fining" and "fines" alike. Multi-word entries ("impose a fine") inflect their first
word. The inflection is deliberately simple: irregular and consonant-doubling verbs are spelled
out in the YAML as "base/past/participle".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import MappingError

RULES_DIR = Path(__file__).resolve().parents[2] / "data" / "rules"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_VOWELS = "aeiou"


def inflect(base: str) -> set[str]:
    """Forms of an English verb: the base, third person, past, participle and -ing."""
    if _CJK.search(base):
        return {base}
    head, *rest = base.split(" ", 1)
    tail = " " + rest[0] if rest else ""
    if "/" in head:
        parts = head.split("/")
        base = parts[0]
        forms = set(parts) | _regular(base, past=False)
        if any(
            p == base + base[-1] + "ed" for p in parts[1:]
        ):  # "admitted": "admitting", not "admiting"
            forms = (forms - {base + "ing"}) | {base + base[-1] + "ing"}
    else:
        forms = _regular(head, past=True)
    return {form + tail for form in forms}


def _regular(word: str, past: bool) -> set[str]:
    """Regular forms; a one-syllable verb ending consonant-vowel-consonant doubles ("stop" ->
    "stopped")."""
    forms = {word}
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", word):
        forms |= {word + "s", word + word[-1] + "ing"} | (
            {word + word[-1] + "ed"} if past else set()
        )
        return forms
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(word + "es")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
        if past:
            forms.add(word + "d")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms.add(word + "ing")
        if past:
            forms.add(word[:-1] + "ied")
    else:
        forms.add(word + "ing")
        if past:
            forms.add(word + "ed")
    return forms


@dataclass(frozen=True)
class Lexicon:
    """The parsed lexicon: verb families as sets of lower-case forms, and the other tables as
    read."""

    verbs: dict[str, frozenset[str]]
    raw: dict[str, Any]

    def words(self, name: str) -> frozenset[str]:
        """A verb family or a plain word list (lower-cased), by name; unknown names are an error."""
        if name in self.verbs:
            return self.verbs[name]
        value = self.raw.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return frozenset(v.lower() for v in value)
        raise MappingError(f"data/rules/lexicon.yaml: no word list or verb family named {name!r}")

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


@functools.cache
def load_lexicon(rules_dir: Path = RULES_DIR) -> Lexicon:
    path = rules_dir / "lexicon.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["lexicon"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise MappingError(f"{path}: cannot read the rule lexicon ({exc})") from None
    verbs = {
        name: frozenset(form.lower() for base in bases for form in inflect(base))
        for name, bases in data["verbs"].items()
    }
    return Lexicon(verbs, data)
