"""Tokens with offsets, and the one character folding every matcher uses.

English text is cut into words, possessive/contraction endings ("'s", "n't") and punctuation;
CJK text into single characters, so a Japanese rule phrase ("報告を求め") is matched as the
sequence of its characters. Folding maps curly quotes and dash variants to ASCII one character
for one character, so offsets into the folded text are offsets into the original.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {c: "'" for c in "‘’‚‛′`´"}
    | {c: '"' for c in "“”„‟″«»"}
    | {c: "-" for c in "‐‑‒–—―−"}
    | {c: " " for c in "\u00a0\u2009\u202f\u3000\t\n\r"}
)
TOKEN_RE = re.compile(
    r"n't\b"
    r"|'(?:s|re|ve|ll|d|m)\b"
    r"|[A-Za-z]+(?=n't\b)"
    r"|[A-Za-z0-9\u00c0-\u024f]+(?:[.&-](?=[A-Za-z0-9])[A-Za-z0-9\u00c0-\u024f]+)*"
    r"|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff5e]"
    r"|\S"
)
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def fold(text: str) -> str:
    """Quotes, dashes and odd spaces to ASCII, keeping the length (offsets stay valid)."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    norm: str  # folded and lower-cased: what word lists are compared with


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[start:end]`, offsets into `text`."""
    stop = len(text) if end is None else end
    folded = fold(text[start:stop])
    return [
        Token(
            start + m.start(),
            start + m.end(),
            text[start + m.start() : start + m.end()],
            m.group().lower(),
        )
        for m in TOKEN_RE.finditer(folded)
    ]


@functools.lru_cache(maxsize=4096)
def phrase(text: str) -> tuple[str, ...]:
    """A word-list entry as the tuple of normalised tokens it must match."""
    return tuple(t.norm for t in tokenize(text))


def is_cjk(text: str) -> bool:
    return bool(CJK_RE.search(text))
