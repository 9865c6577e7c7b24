"""Sentence boundaries with exact character offsets, and verbatim anchor lookup.

Offsets into the cleaned article text are the project's evidence locators, so every sentence
satisfies ``source[start:end] == text`` and no sentence crosses a paragraph break. English
segmentation is syntok's (rule-based, deterministic, offset-preserving); this module adds what
syntok does not know: list items on their own line, CJK full stops, and a few abbreviations
(``data/text/sentences.yaml``) after which syntok would wrongly break.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from syntok import segmenter

from privacy_kg.text.tables import load_table

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LAST_WORD = re.compile(r"(?:^|[\s(\"'“‘\[])([A-Za-z]+(?:\.[A-Za-z]+)*[.!])$")
_QUOTE_FOLD = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASH_FOLD = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


@dataclass(frozen=True)
class Sentence:
    """A sentence of ``source``: ``source[start:end] == text``, without surrounding whitespace."""

    start: int
    end: int
    text: str


@functools.cache
def _rules() -> dict[str, object]:
    table = load_table("sentences")
    bullets = "".join(re.escape(b) for b in table["bullets"])
    dashes = "".join(re.escape(b) for b in table["dash_bullets"])
    item = rf"[ \t]*(?:[{bullets}]|[{dashes}][ \t]|{table['numbered_item']})"
    return {
        "item_start": re.compile(rf"\n(?={item})"),
        "never_final": frozenset(f"{word}." for word in table["never_final"])
        | frozenset(f"{name}!" for name in table["names_with_exclamation"]),
        "unless_number": frozenset(f"{word}." for word in table["final_unless_number_follows"]),
        "terminators": table["cjk_terminators"],
        "closers": table["cjk_closers"],
        "opens": table["cjk_open_brackets"],
        "closes": table["cjk_close_brackets"],
    }


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs, then list items inside them (an item starts at a line opening with a bullet)."""
    item_start = _rules()["item_start"]
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        cuts = [position, *(m.start() for m in item_start.finditer(text, position, end)), end]
        for low, high in itertools.pairwise(cuts):
            low, high = _strip_span(text, low, high)
            if high > low:
                yield low, high
        position = match.end() if match else len(text)


def _syntok_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for paragraph in segmenter.analyze(text[start:end]):
        for sentence in paragraph:
            tokens = [token for token in sentence if token.value]
            if tokens:
                last = tokens[-1]
                spans.append((start + tokens[0].offset, start + last.offset + len(last.value)))
    return spans


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo breaks after titles ("Gov."), "Yahoo!", "No."/"Jan." before a number, and before a
    piece with no letter or digit (a closing "®")."""
    rules = _rules()
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged:
            word = _LAST_WORD.search(text[merged[-1][0] : merged[-1][1]])
            piece = text[span[0] : span[1]]
            if (
                not any(char.isalnum() for char in piece)
                or (word and word.group(1) in rules["never_final"])
                or (word and word.group(1) in rules["unless_number"] and piece[0].isdigit())
            ):
                merged[-1] = (merged[-1][0], span[1])
                continue
        merged.append(span)
    return merged


def _cjk_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split at CJK full stops outside 「」-style brackets, keeping closing marks attached."""
    rules = _rules()
    depth = 0
    position = index = start
    while index < end:
        char = text[index]
        if char in rules["opens"]:
            depth += 1
        elif char in rules["closes"]:
            depth = max(0, depth - 1)
        elif char in rules["terminators"] and depth == 0:
            index += 1
            while index < end and text[index] in rules["closers"]:
                index += 1
            low, high = _strip_span(text, position, index)
            if high > low:
                yield low, high
            position = index
            continue
        index += 1
    low, high = _strip_span(text, position, end)
    if high > low:
        yield low, high


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences in order; list items and paragraphs never share a sentence."""
    sentences = []
    for block_start, block_end in _blocks(text):
        spans = _merge_fragments(text, _syntok_spans(text, block_start, block_end))
        for span_start, span_end in spans:
            for low, high in _cjk_spans(text, span_start, span_end):
                sentences.append(Sentence(low, high, text[low:high]))
    return sentences


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence:
    """Return the sentence whose ``[start, end)`` holds ``offset``; ValueError if none does."""
    index = bisect.bisect_right([s.start for s in sentences], offset) - 1
    if index >= 0 and sentences[index].start <= offset < sentences[index].end:
        return sentences[index]
    raise ValueError(f"offset {offset} is not inside any sentence")


@functools.lru_cache(maxsize=32)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold quotes, dashes and whitespace runs; return the folded text and folded->source offsets."""
    chars: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_QUOTE_FOLD).translate(_DASH_FOLD)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        chars.append(char)
        origin.append(index)
    return "".join(chars), tuple(origin)


def find_anchor(text: str, anchor: str) -> tuple[int, int] | None:
    """Locate a verbatim phrase in ``text`` and return its ``(start, end)`` offsets, or None.

    Curly and straight quotes and apostrophes, dash variants and whitespace runs are treated as
    equal, so a hand-typed anchor still finds the page's typography. The match is a plain
    substring match and the first occurrence wins: pick anchors long enough to be unique.
    """
    needle = _folded(anchor.strip())[0]
    if not needle:
        return None
    haystack, origin = _folded(text)
    found = haystack.find(needle)
    if found < 0:
        return None
    return origin[found], origin[found + len(needle) - 1] + 1
