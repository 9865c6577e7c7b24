"""Scraped news page -> article text whose character offsets are stable evidence locators.

A page arrives with furniture around the story: bylines and section labels above it, the headline
repeated, "MORE ... NEWS" and related-link lists below it, subscription pleas, a reader app's
metadata block, sometimes the whole body twice. ``clean_article`` keeps the story's paragraphs,
joined by a blank line, and records what it removed and why. Recognisers are patterns in
``data/text/furniture.yaml``; this module only decides where each kind applies.

The result is deterministic and idempotent (cleaning the cleaned text changes nothing), so offsets
computed on it stay valid when the pipeline runs again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from privacy_kg.text.dates import date_spans, parse_date
from privacy_kg.text.tables import load_table

_SPACE = re.compile(r"\s+")
_CLOSERS = "\"'”’)）」』]】"
_ENDS = ".!?。！？…:："
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BULLET_LINE = re.compile(r"[ \t]*[•·◦▪‣●■◆*–—-](?:\s|$)")
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>\S.*)")
_EXCERPT = 60


@dataclass(frozen=True)
class Removal:
    """A paragraph (or part of one) dropped from the page, with the first 60 characters of it."""

    reason: (
        str  # furniture | duplicate | reader-metadata | related-links | subscription-plea | byline
    )
    text: str


@dataclass(frozen=True)
class CleanedArticle:
    """The article's text, what the page told about it ("url", "date", "title"), what was removed."""

    text: str
    metadata: dict[str, str] = field(hash=False)
    removed: tuple[Removal, ...]


@functools.cache
def _rules() -> dict[str, Any]:
    table = load_table("furniture")

    def full(patterns: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    return {
        "drop": [(reason, full(p)) for reason, p in table["drop"].items()],
        "cut": [(reason, full(p)) for reason, p in table["cut_to_end"].items()],
        "links": [(reason, full(p)) for reason, p in table["link_list"].items()],
        "head_byline": full(table["head_byline"]),
        "source_tag": full([table["source_tag"]]),
        "suffix": re.compile(table["source_suffix"], re.IGNORECASE),
        "prefix": re.compile(table["dateline_prefix"], re.IGNORECASE),
        "keys": {key.lower(): name for key, name in table["reader_keys"].items()},
        "stats": full(table["reader_stats"]),
        "summary": full([table["reader_summary_heading"]]),
    }


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues a hard-wrapped sentence: the previous line has no closing
    punctuation and this one starts in lower case, or with a digit after a long line."""
    if _BULLET_LINE.match(line) or _BULLET_LINE.match(previous):
        return False
    last, first = previous.rstrip()[-1], line.lstrip()[0]
    if last in _ENDS + _CLOSERS:
        return False
    return first.islower() or last in ",;(-" or (first.isdigit() and len(previous.split()) >= 6)


def _paragraphs(raw: str) -> list[str]:
    """Split on blank lines; a list item is its own paragraph; hard-wrapped lines are re-joined."""
    paragraphs: list[str] = []
    previous = ""
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"):
        if not line.strip():
            previous = ""
            continue
        wrapped = previous and _continues(previous, line)
        if wrapped:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        previous = line
    return [_SPACE.sub(" ", p).strip() for p in paragraphs]


def _word_count(paragraph: str) -> int:
    return len(paragraph.split()) + len(_CJK.findall(paragraph)) // 3


def _body_like(paragraph: str) -> bool:
    """A story paragraph ends with sentence punctuation and is longer than a label or headline."""
    stripped = paragraph.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _ENDS and _word_count(paragraph) >= 6


def _link_like(paragraph: str) -> bool:
    return bool(_BULLET_LINE.match(paragraph)) or (
        not _body_like(paragraph) and _word_count(paragraph) <= 25
    )


def _excerpt(text: str) -> str:
    return text[:_EXCERPT]


class _Page:
    """Paragraphs with the reason each was dropped (None while kept) and what the page told."""

    def __init__(self, raw: str) -> None:
        self.paragraphs = _paragraphs(raw)
        self.reasons: list[str | None] = [None] * len(self.paragraphs)
        self.stripped: list[tuple[int, Removal]] = []
        self.metadata: dict[str, str] = {}

    def kept(self, index: int) -> bool:
        return self.reasons[index] is None

    def drop(self, index: int, reason: str) -> None:
        if self.reasons[index] is None:
            self.reasons[index] = reason

    def note(self, name: str | None, value: str) -> None:
        if name == "date":
            parsed = parse_date(value)
            value = parsed.isoformat() if parsed else ""
        if name and value and name not in self.metadata:
            self.metadata[name] = value


def _strip_tags(page: _Page) -> None:
    """Strip wire datelines opening a paragraph and source tags closing one."""
    rules = _rules()
    for index, paragraph in enumerate(page.paragraphs):
        while (match := rules["prefix"].match(paragraph)) and match.end() > 0:
            page.stripped.append((index, Removal("byline", _excerpt(match.group().strip()))))
            paragraph = paragraph[match.end() :].lstrip()
        while (match := rules["suffix"].search(paragraph)) and match.start() > 0:
            page.stripped.append((index, Removal("byline", _excerpt(match.group().strip()))))
            paragraph = paragraph[: match.start()].rstrip()
        page.paragraphs[index] = paragraph


def _reader_metadata(page: _Page) -> None:
    """Drop "Key: value" lines (keeping url/date) and a reader app's trailing statistics block."""
    rules = _rules()
    paragraphs = page.paragraphs

    def key_line(paragraph: str) -> tuple[str, str] | None:
        match = _KEY_LINE.fullmatch(paragraph)
        if match and (key := match.group("key").strip().lower()) in rules["keys"]:
            return key, match.group("value").strip()
        return None

    for index, paragraph in enumerate(paragraphs):
        if found := key_line(paragraph):
            page.note(rules["keys"][found[0]], found[1])
            page.drop(index, "reader-metadata")
    index = len(paragraphs) - 1
    block_start, seen_key = len(paragraphs), False
    while index >= 0:
        paragraph = paragraphs[index]
        after_heading = index > 0 and rules["summary"].fullmatch(paragraphs[index - 1])
        if key_line(paragraph) is not None:
            seen_key = True
        elif not (rules["stats"].fullmatch(paragraph) or after_heading):
            break
        block_start = index
        index -= 1
    if seen_key:
        for position in range(block_start, len(paragraphs)):
            page.drop(position, "reader-metadata")


def _drop_patterns(page: _Page) -> None:
    rules = _rules()
    paragraphs = page.paragraphs
    for index, paragraph in enumerate(paragraphs):
        for reason, pattern in rules["drop"]:
            if pattern.fullmatch(paragraph):
                page.drop(index, reason)


def _source_tags(page: _Page) -> None:
    """Drop a source tag alone on a line ("- Nikkei") unless a kept neighbour is a dash list item."""
    kept = [i for i in range(len(page.paragraphs)) if page.kept(i)]
    for position, index in enumerate(kept):
        if _rules()["source_tag"].fullmatch(page.paragraphs[index]):
            neighbours = kept[max(0, position - 1) : position] + kept[position + 1 : position + 2]
            if not any(_BULLET_LINE.match(page.paragraphs[n]) for n in neighbours):
                page.drop(index, "byline")


def _trailing_sections(page: _Page, first_body: int) -> None:
    """After the story starts: cut at "MORE ... NEWS"-style markers; drop related-link lists."""
    rules = _rules()
    count = len(page.paragraphs)
    for index in range(first_body + 1, count):
        if page.kept(index) and any(p.fullmatch(page.paragraphs[index]) for _, p in rules["cut"]):
            reason = next(r for r, p in rules["cut"] if p.fullmatch(page.paragraphs[index]))
            for position in range(index, count):
                page.drop(position, reason)
            break
    for index in range(count):
        if not page.kept(index):
            continue
        reason = next((r for r, p in rules["links"] if p.fullmatch(page.paragraphs[index])), None)
        if reason is None:
            continue
        page.drop(index, reason)
        position = index + 1
        while position < count and (
            not page.kept(position) or _link_like(page.paragraphs[position])
        ):
            page.drop(position, reason)
            position += 1


def _title_like(paragraph: str) -> bool:
    return (
        _word_count(paragraph) >= 4
        and not _BULLET_LINE.match(paragraph)
        and not re.search(r"\s(?:\||--|·|/)\s", paragraph)
        and not date_spans(paragraph)
    )


def _head(page: _Page, first_body: int) -> None:
    """Before the story: bylines, labels and the headline (kept as metadata "title")."""
    rules = _rules()
    for index in range(first_body):
        paragraph = page.paragraphs[index]
        if not page.kept(index):
            continue
        if rules["head_byline"].fullmatch(paragraph):
            page.drop(index, "byline")
        elif "title" not in page.metadata and _title_like(paragraph):
            page.note("title", paragraph)
            page.drop(index, "furniture")
        elif paragraph == page.metadata.get("title"):
            page.drop(index, "duplicate")
        else:
            page.note("date", paragraph)
            page.drop(index, "furniture")


def _duplicates(page: _Page, first_body: int) -> None:
    seen: set[str] = set()
    title = page.metadata.get("title")
    for index in range(first_body, len(page.paragraphs)):
        paragraph = page.paragraphs[index]
        if not page.kept(index):
            continue
        if paragraph in seen or (paragraph == title and not _body_like(paragraph)):
            page.drop(index, "duplicate")
        seen.add(paragraph)


def clean_article(raw: str) -> CleanedArticle:
    """Remove page furniture from a scraped article; see the module docstring for what goes."""
    page = _Page(raw)
    _strip_tags(page)
    _reader_metadata(page)
    _drop_patterns(page)
    first_body = next(
        (i for i, p in enumerate(page.paragraphs) if page.kept(i) and _body_like(p)), None
    )
    if first_body is not None:
        _trailing_sections(page, first_body)
        _head(page, first_body)
    _duplicates(page, first_body or 0)
    _source_tags(page)
    kept = [p for i, p in enumerate(page.paragraphs) if page.kept(i) and p]
    removed = page.stripped + [
        (i, Removal(reason, _excerpt(page.paragraphs[i])))
        for i, reason in enumerate(page.reasons)
        if reason is not None
    ]
    removed.sort(key=lambda item: item[0])  # stable: a paragraph's stripped tags come first
    return CleanedArticle("\n\n".join(kept), page.metadata, tuple(r for _, r in removed))
