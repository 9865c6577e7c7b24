"""The rule mapper's pipeline: article text -> clean -> sentences -> mentions -> rules -> facts.

`map_text` never touches the store; it reads only the resources built once per process
(`load_resources`), so its cost depends on the article, not on the size of the graph.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..articles import read_article, sha256_text
from ..errors import InputError, MappingError
from ..model import ArticleFacts, Citation
from ..slugs import slugify
from ..text.clean import clean_article
from .assemble import assemble
from .doc import Document
from .mentions import build_document
from .resources import Resources, default_resources

log = logging.getLogger(__name__)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class CitationOptions:
    """What the caller knows about the article; the rest is read from the page or derived."""

    article_id: str | None = None
    url: str | None = None
    date: dt.date | None = None
    publisher: str | None = None
    headline: str | None = None
    file: str | None = None


@dataclass
class MapResult:
    facts: ArticleFacts
    text: str  # the cleaned text the evidence offsets point into
    sha256: str
    document: Document
    warnings: list[str] = field(default_factory=list)


def map_file(
    path: Path, options: CitationOptions | None = None, res: Resources | None = None
) -> MapResult:
    options = options or CitationOptions()
    raw = read_article(path)
    stem = path.name.rsplit(".", 1)[0]
    known = _sources_entry(path)
    date = options.date or _as_date(known.get("date_published"))
    options = CitationOptions(
        options.article_id or slugify(stem, 100),
        options.url or known.get("url"),
        date,
        options.publisher or known.get("publisher"),
        options.headline or known.get("headline"),
        options.file or _bare_name(path.name),
    )
    return map_text(raw, options, res)


def _sources_entry(path: Path) -> dict:
    """The article's entry in a `sources.yaml` beside it (citation facts a scraper recorded), if
    any."""
    sources = path.parent / "sources.yaml"
    try:
        entries = yaml.safe_load(sources.read_text(encoding="utf-8")) if sources.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(entries, list):
        return {}
    entry = next((e for e in entries if isinstance(e, dict) and e.get("file") == path.name), {})
    return {k: v for k, v in entry.items() if isinstance(v, (str, dt.date))}


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def map_text(
    raw: str,
    options: CitationOptions | None = None,
    res: Resources | None = None,
    today: dt.date | None = None,
) -> MapResult:
    """Map one article's text (already decoded) to facts; raises InputError for text that is no
    article."""
    options = options or CitationOptions()
    res = res or default_resources()
    cleaned = clean_article(raw)
    text = cleaned.text
    _check_prose(text)
    warnings: list[str] = []
    date = options.date or _metadata_date(cleaned.metadata)
    if date is None:
        date = today or dt.date.today()
        warnings.append(
            "no article date given (--date) or found in the page; dates are resolved against "
            f"{date}"
        )
    doc = build_document(text, date, res, _dateline(cleaned.removed))
    citation = _citation(options, cleaned.metadata, date, doc, text, warnings)
    facts = assemble(doc, res.rules.run(doc), res, citation)
    doc.warnings += warnings
    for warning in warnings:
        log.warning(warning)
    return MapResult(facts, text, sha256_text(text), doc, warnings)


def _dateline(removed) -> str | None:
    """The place of a wire dateline the cleaner removed ("SEOUL, May 22 (Yonhap) --")."""
    for removal in removed:
        if removal.reason == "byline":
            match = re.match(r"\s*([A-Z][A-Z .'-]{2,30}?)(?=,|\s-|\s\(|\s—|$)", removal.text)
            if match:
                return match.group(1)
    return None


def fact_count(facts: ArticleFacts) -> int:
    return len(facts.facts())


def require_facts(result: MapResult) -> None:
    """Refuse an article in which no rule found anything: it is not a report the graph can use."""
    if fact_count(result.facts) == 0:
        raise MappingError(
            f"no facts found in the article ({len(result.document.sentences)} sentences read): it "
            "does not "
            "look like a report of a personal-data incident, data flow or regulator's action"
        )


def _check_prose(text: str) -> None:
    if not text.strip():
        raise InputError("the article has no text left after removing page furniture")
    words = text.split()
    letters = len(_LETTERS.findall(text))
    cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff")
    if (len(words) < 5 and cjk < 10) or letters < 0.5 * len(
        text.replace(" ", "").replace("\n", "")
    ):
        raise InputError(
            "the input does not look like article text (too few words or mostly symbols)"
        )


def _metadata_date(metadata: dict[str, str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(metadata["date"]) if metadata.get("date") else None
    except ValueError:
        return None


def _bare_name(name: str) -> str | None:
    return name if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) else None


def _citation(
    options: CitationOptions,
    metadata: dict[str, str],
    date: dt.date,
    doc: Document,
    text: str,
    warnings: list[str],
) -> Citation:
    url = options.url or metadata.get("url")
    if url and not re.match(r"^https?://", url):
        warnings.append(f"ignoring URL {url!r}: only http(s) URLs are recorded")
        url = None
    publisher = (
        options.publisher or (urlparse(url).hostname if url else None) or "unknown publisher"
    )
    headline = options.headline or metadata.get("title")
    first_words = " ".join(text.split()[:8])
    article_id = options.article_id or slugify(f"{date.isoformat()} {headline or first_words}", 100)
    languages = tuple(dict.fromkeys(lang for _, _, lang in doc.langs)) or ("en",)
    try:
        return Citation(
            id=article_id,
            file=options.file,
            headline=headline,
            publisher=publisher,
            date_published=date.isoformat(),
            url=url,
            language=languages,
        )
    except ValueError as exc:
        raise InputError(f"cannot describe the article: {exc}") from None
