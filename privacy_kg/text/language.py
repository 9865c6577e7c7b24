"""Script-share language detection: enough to route a paragraph to the English or CJK rules.

No model: a paragraph's language is read from the share of its letters in each script. Kana only
occurs in Japanese, Hangul only in Korean, so Han without kana is taken as Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KANA = ((0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF))
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

# A CJK character carries about as much text as a short Latin word, so CJK counts are weighted
# before they are compared with Latin letters: a Japanese paragraph quoting "LINE" stays Japanese.
_CJK_WEIGHT = 3
# Kana share of the Han+kana letters above which Han text is Japanese rather than Chinese.
_MIN_KANA_SHARE = 0.05


def _in(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def script_counts(text: str) -> dict[str, int]:
    """Count letters per script: ``kana``, ``han``, ``hangul`` and ``latin`` (other letters ignored)."""
    counts = {"kana": 0, "han": 0, "hangul": 0, "latin": 0}
    for char in text:
        code = ord(char)
        if code < 0x250:
            if char.isalpha():
                counts["latin"] += 1
        elif _in(code, _KANA):
            counts["kana"] += 1
        elif _in(code, _HAN):
            counts["han"] += 1
        elif _in(code, _HANGUL):
            counts["hangul"] += 1
    return counts


def detect_language(text: str) -> str:
    """Return ``"ja"``, ``"ko"``, ``"zh"`` or ``"en"`` from the dominant script (``"en"`` when no CJK)."""
    counts = script_counts(text)
    cjk = counts["kana"] + counts["han"] + counts["hangul"]
    if cjk == 0 or cjk * _CJK_WEIGHT < counts["latin"]:
        return "en"
    if counts["hangul"] >= counts["kana"] + counts["han"]:
        return "ko"
    if counts["kana"] > (counts["kana"] + counts["han"]) * _MIN_KANA_SHARE:
        return "ja"
    return "zh"


@dataclass(frozen=True)
class LanguageSpan:
    """A run of consecutive paragraphs in one language; ``text[start:end]`` is the run."""

    start: int
    end: int
    lang: str


def split_by_language(text: str) -> list[LanguageSpan]:
    """Split text into runs of paragraphs (blank-line separated) of one language, with offsets.

    Lets a caller run the English or CJK rules of the date and amount finders on each run of a
    mixed article (an English report closing with a Japanese paragraph).
    """
    spans: list[LanguageSpan] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped_start = position + len(chunk) - len(chunk.lstrip())
        stripped_end = position + len(chunk.rstrip())
        if stripped_end > stripped_start:
            lang = detect_language(text[stripped_start:stripped_end])
            if spans and spans[-1].lang == lang:
                spans[-1] = LanguageSpan(spans[-1].start, stripped_end, lang)
            else:
                spans.append(LanguageSpan(stripped_start, stripped_end, lang))
        position = match.end() if match else len(text)
    return spans
