"""Render query answers with a row cap, leaving the per-row work to the engine.

The engine writes solutions as TSV (and triples as N-Triples) into a sink that only
counts newlines; once it has more lines than the cap allows, the sink raises and
pyoxigraph stops evaluating, so a capped cross product costs little. Both formats put
one row per line (TSV and N-Triples escape line breaks inside literals), so the first
``cap`` lines are the first ``cap`` rows. Other formats are produced by parsing those
lines back with pyoxigraph and serialising them again, all in the engine. Bytes fetched
from a remote SPARQL server (asked for TSV or N-Triples) take the same path.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from privacy_kg.sparql.errors import MalformedResults
from privacy_kg.sparql.formats import Format

__all__ = [
    "DEFAULT_ROW_CAP",
    "Rendered",
    "render_boolean",
    "render_ntriples_bytes",
    "render_solutions",
    "render_triples",
    "render_tsv_bytes",
]

DEFAULT_ROW_CAP = 10_000
_TSV = ox.QueryResultsFormat.TSV
_NT = ox.RdfFormat.N_TRIPLES
_BOOLEAN_JSON = {True: b'{"head":{},"boolean":true}', False: b'{"head":{},"boolean":false}'}
# Blank and comment-only lines a remote N-Triples document may contain.
_NOT_A_TRIPLE = re.compile(rb"^[ \t\r]*(?:#[^\n]*)?(?:\n|\Z)", re.MULTILINE)


@dataclass(frozen=True)
class Rendered:
    """A serialised answer; ``rows`` counts solutions or triples (None for ASK)."""

    body: bytes
    media_type: str
    truncated: bool
    rows: int | None
    charset: str | None = None

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type


class _CapReached(Exception):
    """Raised from inside the engine's serializer to stop evaluation."""


class _LineCappedSink(io.BytesIO):
    """A binary writer that keeps at most ``max_lines`` lines and raises past them."""

    def __init__(self, max_lines: int) -> None:
        super().__init__()
        self.max_lines = max_lines
        self.lines = 0
        self.overflowed = False

    def write(self, data: bytes) -> int:  # type: ignore[override]
        newlines = data.count(b"\n")
        if self.lines + newlines > self.max_lines:
            super().write(_first_lines(data, self.max_lines - self.lines))
            self.lines = self.max_lines
            self.overflowed = True
            raise _CapReached
        self.lines += newlines
        return super().write(data)


def _first_lines(data: bytes, count: int) -> bytes:
    """The first ``count`` newline-terminated lines of ``data``."""
    if count <= 0:
        return b""
    return b"\n".join(data.split(b"\n", count)[:count]) + b"\n"


def _capture(write: Callable[[_LineCappedSink], object], max_lines: int) -> _LineCappedSink:
    """Run ``write(sink)`` until it ends or passes ``max_lines``."""
    sink = _LineCappedSink(max_lines)
    try:
        write(sink)
    except _CapReached:
        pass
    return sink


def _bytes(serialized: bytes | None) -> bytes:
    """pyoxigraph returns bytes when no output is given; say so to the type checker."""
    assert serialized is not None
    return serialized


def _validate(cap: int, fmt: Format, *, graph: bool) -> None:
    """Fail on a bad cap or a format of the wrong kind before the engine evaluates."""
    if cap < 0:
        raise ValueError(f"row cap must be zero or more, got {cap}")
    _ = fmt.rdf_format if graph else fmt.results_format


def _from_tsv(tsv: bytes, fmt: Format, truncated: bool, rows: int) -> Rendered:
    target = fmt.results_format
    if target == _TSV:
        body = tsv
    else:
        try:  # parsing is lazy: errors surface while serialising
            body = _bytes(ox.parse_query_results(tsv, format=_TSV).serialize(format=target))
        except SyntaxError as error:
            raise MalformedResults(
                f"the SPARQL results could not be read as TSV: {error}"
            ) from None
    return Rendered(body, fmt.media_type, truncated, rows, fmt.charset)


def _from_ntriples(
    nt: bytes, fmt: Format, truncated: bool, rows: int, prefixes: dict[str, str] | None
) -> Rendered:
    target = fmt.rdf_format
    if target == _NT:
        body = nt
    else:
        try:  # parsing is lazy: errors surface while serialising
            quads = ox.parse(nt, format=_NT)
            body = _bytes(ox.serialize(quads, format=target, prefixes=prefixes))
        except SyntaxError as error:
            raise MalformedResults(f"the RDF could not be read as N-Triples: {error}") from None
    return Rendered(body, fmt.media_type, truncated, rows, fmt.charset)


def render_solutions(
    solutions: ox.QuerySolutions, fmt: Format, cap: int = DEFAULT_ROW_CAP
) -> Rendered:
    """Serialise SELECT solutions, keeping the first ``cap`` rows."""
    _validate(cap, fmt, graph=False)
    sink = _capture(lambda sink: solutions.serialize(sink, _TSV), cap + 1)
    return _from_tsv(sink.getvalue(), fmt, sink.overflowed, max(sink.lines - 1, 0))


def render_tsv_bytes(tsv: bytes, fmt: Format, cap: int = DEFAULT_ROW_CAP) -> Rendered:
    """Like ``render_solutions`` for TSV results received from a remote server."""
    _validate(cap, fmt, graph=False)
    if tsv and not tsv.endswith(b"\n"):
        tsv += b"\n"
    lines = tsv.count(b"\n")
    truncated = lines > cap + 1
    if truncated:
        tsv, lines = _first_lines(tsv, cap + 1), cap + 1
    if lines == 0:
        raise MalformedResults("the SPARQL TSV results are empty: the header line is missing")
    return _from_tsv(tsv, fmt, truncated, lines - 1)


def render_triples(
    triples: ox.QueryTriples | Iterable[ox.Triple],
    fmt: Format,
    cap: int = DEFAULT_ROW_CAP,
    *,
    prefixes: dict[str, str] | None = None,
) -> Rendered:
    """Serialise CONSTRUCT/DESCRIBE triples, keeping the first ``cap``; ``prefixes``
    are used by formats that support them (Turtle, RDF/XML)."""
    _validate(cap, fmt, graph=True)

    def write(sink: _LineCappedSink) -> None:
        if isinstance(triples, ox.QueryTriples):
            triples.serialize(sink, _NT)
        else:
            ox.serialize(triples, sink, _NT)

    sink = _capture(write, cap)
    return _from_ntriples(sink.getvalue(), fmt, sink.overflowed, sink.lines, prefixes)


def render_ntriples_bytes(
    nt: bytes, fmt: Format, cap: int = DEFAULT_ROW_CAP, *, prefixes: dict[str, str] | None = None
) -> Rendered:
    """Like ``render_triples`` for N-Triples received from a remote server."""
    _validate(cap, fmt, graph=True)
    nt = _NOT_A_TRIPLE.sub(b"", nt)
    if nt and not nt.endswith(b"\n"):
        nt += b"\n"
    lines = nt.count(b"\n")
    truncated = lines > cap
    if truncated:
        nt, lines = _first_lines(nt, cap), cap
    return _from_ntriples(nt, fmt, truncated, lines, prefixes)


def render_boolean(value: bool | ox.QueryBoolean, fmt: Format) -> Rendered:
    """Serialise an ASK answer in any result format (CSV and TSV give ``true``/``false``)."""
    answer = ox.parse_query_results(_BOOLEAN_JSON[bool(value)], format=ox.QueryResultsFormat.JSON)
    body = _bytes(answer.serialize(format=fmt.results_format))
    return Rendered(body, fmt.media_type, False, None, fmt.charset)
