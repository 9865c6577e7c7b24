"""Content negotiation as data: three format tables and two pure functions.

Each table lists what the service can produce for one kind of answer (SELECT/ASK
results, CONSTRUCT/DESCRIBE graphs, dataset dumps), with the media types clients
commonly send instead of the canonical one. ``negotiate`` picks an entry from an
Accept header (RFC 9110 section 12.5.1) or from a ``format`` request parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from pyoxigraph import QueryResultsFormat, RdfFormat

from privacy_kg.sparql.errors import NotAcceptable

__all__ = [
    "DATASET_FORMATS",
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Format",
    "FormatTable",
    "MediaRange",
    "negotiate",
    "parse_accept",
]


@dataclass(frozen=True)
class Format:
    """One serialisation: ``charset`` is the parameter to send (None for JSON, which is
    always UTF-8 and defines no charset parameter)."""

    key: str
    media_type: str
    charset: str | None
    extension: str
    engine: QueryResultsFormat | RdfFormat

    @property
    def content_type(self) -> str:
        """The Content-Type header value."""
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type

    @property
    def results_format(self) -> QueryResultsFormat:
        """The engine format, for SELECT/ASK results only."""
        if not isinstance(self.engine, QueryResultsFormat):
            raise TypeError(f"{self.media_type} is an RDF format, not a SPARQL results format")
        return self.engine

    @property
    def rdf_format(self) -> RdfFormat:
        """The engine format, for graphs and datasets only."""
        if not isinstance(self.engine, RdfFormat):
            raise TypeError(f"{self.media_type} is a SPARQL results format, not an RDF format")
        return self.engine


@dataclass(frozen=True)
class FormatTable:
    """Formats in order of preference, plus aliases: other media types and the short
    names accepted in a ``format`` parameter, each mapped to a format key."""

    name: str
    formats: tuple[Format, ...]
    media_aliases: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Format:
        for fmt in self.formats:
            if fmt.key == key:
                return fmt
        raise KeyError(key)

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(fmt.media_type for fmt in self.formats)

    def by_media_type(self, media_type: str) -> Format | None:
        """The format for an exact media type or alias (no wildcards), if any."""
        media_type = media_type.lower()
        for fmt in self.formats:
            if fmt.media_type == media_type:
                return fmt
        key = self.media_aliases.get(media_type)
        return None if key is None else self[key]


_JSON_LD = Format("jsonld", "application/ld+json", None, "jsonld", RdfFormat.JSON_LD)

RESULT_FORMATS = FormatTable(
    "results",
    (
        Format("json", "application/sparql-results+json", None, "srj", QueryResultsFormat.JSON),
        Format("xml", "application/sparql-results+xml", "utf-8", "srx", QueryResultsFormat.XML),
        Format("csv", "text/csv", "utf-8", "csv", QueryResultsFormat.CSV),
        Format("tsv", "text/tab-separated-values", "utf-8", "tsv", QueryResultsFormat.TSV),
    ),
    media_aliases={"application/json": "json", "application/xml": "xml", "text/xml": "xml"},
    names={"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"},
)

GRAPH_FORMATS = FormatTable(
    "graph",
    (
        Format("turtle", "text/turtle", "utf-8", "ttl", RdfFormat.TURTLE),
        Format("ntriples", "application/n-triples", "utf-8", "nt", RdfFormat.N_TRIPLES),
        Format("rdfxml", "application/rdf+xml", "utf-8", "rdf", RdfFormat.RDF_XML),
        _JSON_LD,
    ),
    media_aliases={
        "text/plain": "ntriples",
        "application/x-turtle": "turtle",
        "application/json": "jsonld",
    },
    names={
        "turtle": "turtle",
        "ttl": "turtle",
        "nt": "ntriples",
        "ntriples": "ntriples",
        "n-triples": "ntriples",
        "rdfxml": "rdfxml",
        "rdf": "rdfxml",
        "rdf+xml": "rdfxml",
        "xml": "rdfxml",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
    },
)

DATASET_FORMATS = FormatTable(
    "dataset",
    (
        Format("nquads", "application/n-quads", "utf-8", "nq", RdfFormat.N_QUADS),
        Format("trig", "application/trig", "utf-8", "trig", RdfFormat.TRIG),
        _JSON_LD,
    ),
    media_aliases={"application/json": "jsonld"},
    names={
        "nquads": "nquads",
        "n-quads": "nquads",
        "nq": "nquads",
        "trig": "trig",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
    },
)


class MediaRange(NamedTuple):
    """One element of an Accept header; ``params`` excludes ``q`` and what follows it."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float

    @property
    def specificity(self) -> int:
        return 0 if self.type == "*" else 1 if self.subtype == "*" else 2

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return self.type == "*" or (self.type == main and self.subtype in ("*", sub))


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PART = re.compile(r'(?:[^,"]++|"(?:[^"\\]|\\.)*+"?)++')
_RANGE = re.compile(rf"\s*({_TOKEN})/({_TOKEN})\s*((?:;.*)?)", re.DOTALL)
# RFC 9110 allows empty parameters ("text/csv;;q=1"), hence the optional group.
_PARAM = re.compile(rf'\s*;\s*(?:({_TOKEN})\s*=\s*({_TOKEN}|"(?:[^"\\]|\\.)*")\s*)?')
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")
_MAX_RANGES = 64


def _parse_range(part: str) -> MediaRange | None:
    match = _RANGE.fullmatch(part)
    if match is None:
        return None
    main, sub, rest = match.group(1).lower(), match.group(2).lower(), match.group(3)
    if main == "*" and sub != "*":
        return None
    params: list[tuple[str, str]] = []
    q = 1.0
    position = 0
    while position < len(rest):
        param = _PARAM.match(rest, position)
        if param is None:
            return None
        position = param.end()
        if param.group(1) is None:
            continue
        name, value = param.group(1).lower(), param.group(2).strip('"')
        if name == "q":
            if not _QVALUE.fullmatch(value):
                return None
            q = float(value)
            break  # what follows q are accept-extensions
        params.append((name, value))
    return MediaRange(main, sub, tuple(params), q)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header, keeping order and skipping malformed elements."""
    if not header:
        return []
    ranges = []
    for part in _PART.findall(header)[:_MAX_RANGES]:
        media_range = _parse_range(part)
        if media_range is not None:
            ranges.append(media_range)
    return ranges


def _quality(fmt: Format, table: FormatTable, ranges: list[MediaRange]) -> tuple[float, int]:
    """q and specificity of the most specific range matching ``fmt`` (RFC 9110)."""
    aliases = {alias for alias, key in table.media_aliases.items() if key == fmt.key}
    best: tuple[int, float] | None = None
    for media_range in ranges:
        full = f"{media_range.type}/{media_range.subtype}"
        if full in aliases:
            candidate = (2, media_range.q)
        elif media_range.matches(fmt.media_type):
            candidate = (media_range.specificity, media_range.q)
        else:
            continue
        if best is None or candidate[0] > best[0]:
            best = candidate
    return (0.0, -1) if best is None else (best[1], best[0])


def _not_acceptable(table: FormatTable, asked: str) -> NotAcceptable:
    available = table.media_types
    if len(asked) > 120:  # echo enough of a long Accept header to recognise it, not all of it
        asked = asked[:117] + "..."
    return NotAcceptable(
        f"cannot produce {asked} for this {table.name} answer; available media types: "
        f"{', '.join(available)} (or a 'format' parameter: {', '.join(sorted(table.names))})",
        available=available,
    )


def negotiate(
    accept: str | None,
    candidates: FormatTable,
    *,
    format_param: str | None = None,
    default: Format | None = None,
) -> Format:
    """Choose a format: ``format_param`` wins over Accept; then highest q, most specific
    match, the default, table order. No usable Accept (or ``*/*``) gives the default,
    which is the table's first format unless given."""
    default = default or candidates.formats[0]
    if format_param is not None and format_param.strip():
        wanted = format_param.strip().lower()
        key = candidates.names.get(wanted)
        chosen = candidates[key] if key else candidates.by_media_type(wanted.split(";")[0].strip())
        if chosen is None:
            raise _not_acceptable(candidates, f"format {format_param!r}")
        return chosen
    ranges = parse_accept(accept)
    if not ranges:
        return default
    best: tuple[tuple[float, int, bool, int], Format] | None = None
    for order, fmt in enumerate(candidates.formats):
        q, specificity = _quality(fmt, candidates, ranges)
        if q <= 0:
            continue
        rank = (q, specificity, fmt == default, -order)
        if best is None or rank > best[0]:
            best = (rank, fmt)
    if best is None:
        raise _not_acceptable(candidates, f"any of {accept!r}")
    return best[1]
