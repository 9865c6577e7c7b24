"""Comparing answers with the suite's expectations: result sets up to blank-node renaming, graphs
by isomorphism (rdflib's `compare.isomorphic`).

Result sets are lists of rows (variable -> term; unbound variables absent). Two sets are equal
when one bijection between their blank nodes maps every row of one onto a row of the other (a
multiset match; in order when the query sorts). Terms compare as RDF terms, except that numeric
literals of the same datatype compare by value ("1.0E6" and "1000000" as xsd:double), as rdflib's
and Jena's harnesses do: stores such as Oxigraph keep a number's value, not its lexical form.
Parsing is pyoxigraph's, except CSV, which is lossy and so compared as text cells.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

__all__ = [
    "Table",
    "compare_graphs",
    "compare_results",
    "graph_from_file",
    "graph_from_ntriples",
    "parse_results",
    "results_from_file",
]

RESULT_MEDIA = {
    ".srj": "application/sparql-results+json",
    ".srx": "application/sparql-results+xml",
    ".tsv": "text/tab-separated-values",
    ".csv": "text/csv",
}
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
}
Row = dict[str, Hashable]
XSD = "http://www.w3.org/2001/XMLSchema#"
_EXACT = {
    XSD + t
    for t in [
        "decimal",
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    ]
}
_FLOATING = {XSD + "double", XSD + "float"}


@dataclass(frozen=True)
class Numeric:
    """A numeric literal, equal to another of the same datatype and value."""

    datatype: str
    value: Decimal | float
    lexical: str = field(compare=False)

    def __str__(self) -> str:
        return f'"{self.lexical}"^^<{self.datatype}>'


def _value(term: object) -> Hashable:
    """Numeric literals as `Numeric` (when well formed); every other term as it is."""
    if not isinstance(term, ox.Literal) or term.language:
        return term  # type: ignore[return-value]
    datatype = term.datatype.value
    try:
        if datatype in _EXACT:
            return Numeric(datatype, Decimal(term.value.strip()), term.value)
        if datatype in _FLOATING:
            number = float(term.value.strip().replace("INF", "inf"))
            return term if math.isnan(number) else Numeric(datatype, number, term.value)
    except (InvalidOperation, ValueError):
        pass
    return term


@dataclass(frozen=True)
class Table:
    """A SELECT answer (`boolean` None) or an ASK answer (`boolean` set, no rows)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    boolean: bool | None = None


class _CsvBlank(str):
    """A `_:label` cell of a CSV answer: a blank node, to be matched up to renaming."""


def parse_results(body: bytes, media_type: str) -> Table:
    """A results document in JSON, XML, TSV (lossless) or CSV (cells as text)."""
    media = media_type.split(";")[0].strip().lower()
    if media == "text/csv":
        return _parse_csv(body)
    fmt = _RESULT_FORMATS.get(media)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media_type!r}")
    parsed = ox.parse_query_results(body, format=fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return Table((), (), bool(parsed))
    variables = tuple(v.value for v in parsed.variables)
    rows = []
    for solution in parsed:
        rows.append({n: _value(solution[n]) for n in variables if solution[n] is not None})
    return Table(variables, tuple(rows))


def _parse_csv(body: bytes) -> Table:
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    lines = [line for line in reader]
    if not lines:
        return Table((), ())
    header = tuple(lines[0])
    rows = []
    for line in lines[1:]:
        row: Row = {}
        for name, cell in zip(header, line, strict=False):
            if cell != "":
                row[name] = _CsvBlank(cell) if cell.startswith("_:") else cell
        rows.append(row)
    return Table(header, tuple(rows))


def results_from_file(path: Path) -> Table:
    return parse_results(path.read_bytes(), RESULT_MEDIA[path.suffix])


def compare_results(
    expected: Table, actual: Table, *, order: tuple[str, ...] | None = None
) -> str | None:
    """None when the answers agree, else why not (one line).

    `order`: None when the query does not sort; else the variables it sorts by, in whose order the
    rows must come (rows with equal keys in any order), or () to compare whole rows in order
    (keys that are expressions)."""
    if expected.boolean is not None or actual.boolean is not None:
        if expected.boolean != actual.boolean:
            return f"boolean: expected {expected.boolean}, got {actual.boolean}"
        return None
    missing = set(expected.variables) - set(actual.variables)
    if missing:  # extra variables are fine when unbound everywhere: the rows below tell
        return f"variables: expected {sorted(expected.variables)}, got {sorted(actual.variables)}"
    if len(expected.rows) != len(actual.rows):
        return f"rows: expected {len(expected.rows)}, got {len(actual.rows)}"
    exp = [tuple(sorted(row.items())) for row in expected.rows]
    act = [tuple(sorted(row.items())) for row in actual.rows]
    if not _match(exp, act, ordered=order == ()):
        first = next((row for row in exp if row not in act), exp[0] if exp else ())
        return f"rows differ; e.g. expected {_show(first)}"
    if order and _keys(expected.rows, order) != _keys(actual.rows, order):
        return f"same rows in another order (sorted by {', '.join('?' + v for v in order)})"
    return None


def _keys(rows: Iterable[Row], order: tuple[str, ...]) -> list[tuple]:
    return [tuple(None if _is_blank(row.get(v)) else row.get(v) for v in order) for row in rows]


def _show(row: Sequence[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"?{k}={v}" for k, v in row)[:300] + "}"


# -- blank-node matching ---------------------------------------------------------------------
def _is_blank(term: object) -> bool:
    return isinstance(term, (ox.BlankNode, _CsvBlank, BNode))


def _shape(row: Sequence[tuple[str, object]]) -> tuple:
    return tuple((k, None if _is_blank(v) else v) for k, v in row)


def _unify(a: Sequence, b: Sequence, forward: dict, backward: dict) -> list | None:
    """Extend the bijection so that row `a` maps onto row `b`; the pairs added, or None."""
    if len(a) != len(b):
        return None
    added = []
    for (ka, va), (kb, vb) in zip(a, b, strict=True):
        if ka != kb:
            return _undo(added, forward, backward)
        if not _is_blank(va) or not _is_blank(vb):
            if va != vb:
                return _undo(added, forward, backward)
            continue
        if va in forward or vb in backward:
            if forward.get(va) != vb:
                return _undo(added, forward, backward)
            continue
        forward[va], backward[vb] = vb, va
        added.append(va)
    return added


def _undo(added: list, forward: dict, backward: dict) -> None:
    for key in added:
        backward.pop(forward.pop(key))


def _match(expected: list, actual: list, *, ordered: bool) -> bool:
    if Counter(map(_shape, expected)) != Counter(map(_shape, actual)):
        return False
    forward: dict = {}
    backward: dict = {}
    if ordered:
        return all(
            _unify(e, a, forward, backward) is not None
            for e, a in zip(expected, actual, strict=True)
        )
    if not any(_is_blank(v) for row in expected for _, v in row):
        return True  # equal shapes and no blank nodes: equal multisets
    candidates: dict[tuple, list[int]] = {}
    for index, row in enumerate(actual):
        candidates.setdefault(_shape(row), []).append(index)
    order = sorted(expected, key=lambda row: len(candidates[_shape(row)]))
    used = [False] * len(actual)

    def search(position: int) -> bool:
        if position == len(order):
            return True
        row = order[position]
        for index in candidates[_shape(row)]:
            if used[index]:
                continue
            added = _unify(row, actual[index], forward, backward)
            if added is None:
                continue
            used[index] = True
            if search(position + 1):
                return True
            used[index] = False
            _undo(added, forward, backward)
        return False

    return search(0)


# -- graphs ----------------------------------------------------------------------------------
def _term(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return Literal(term.value)
    # rdflib writes well-formed literals in canonical form: numbers compare by value, as above
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=True)


def _graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
    return graph


def graph_from_ntriples(body: bytes) -> Graph:
    """N-Triples from the service as an rdflib graph."""
    return _graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def graph_from_file(path: Path, base_iri: str) -> Graph:
    return _graph(ox.parse(path=str(path), format=RDF_EXTENSIONS[path.suffix], base_iri=base_iri))


def compare_graphs(expected: Graph, actual: Graph) -> str | None:
    if isomorphic(expected, actual):
        return None
    missing = len(expected) - len(actual)
    detail = f"{len(expected)} triples expected, {len(actual)} found" if missing else "same size"
    return f"graphs are not isomorphic ({detail})"
