"""The store interface: what the CLI, the writes and the service need, whichever backend runs.

Queries come in as `QueryRequest`s (plain, picklable data: they cross process boundaries) and go
out as engine-rendered bytes, so no backend builds result documents term by term in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, Protocol

from ..sparql.results import Rendered

TermKind = Literal["iri", "literal", "bnode"]


@dataclass(frozen=True)
class Term:
    """An RDF term bound to a query variable (never pasted into query text)."""

    kind: TermKind
    value: str
    datatype: str | None = None
    language: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("iri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, language: str | None = None) -> Term:
        return cls("literal", value, datatype, language)


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL query to evaluate and render.

    `format` is a key of the result-format tables (`privacy_kg.sparql.formats`); `default_graphs`
    empty means the union of all graphs (like Fuseki's unionDefaultGraph); `named_graphs` empty
    means every named graph.
    """

    text: str
    format: str = "json"
    cap: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: tuple[tuple[str, Term], ...] = field(default=())
    timeout_s: float | None = None


class Store(Protocol):
    """Minimal store contract; `EmbeddedStore` and `RemoteStore` implement it."""

    name: str

    def start(self) -> None:
        """Get ready to serve: the embedded store starts its query worker, a remote one is checked."""

    def query(self, request: QueryRequest) -> Rendered:
        """Evaluate under the store's deadline; raises QuerySyntaxError, QueryTimeout, Overloaded."""

    def update(self, text: str) -> None:
        """Apply a SPARQL Update atomically (callers validate first: see `privacy_kg.writes`)."""

    def replace_graphs(self, graphs: Mapping[str, bytes], drop: Iterable[str] = ()) -> None:
        """In one transaction: each named graph's content becomes the given N-Triples; `drop` graphs go."""

    def graph_ntriples(self, graph: str | None) -> bytes:
        """One graph (None: the default graph) as N-Triples."""

    def dump(self, output: BinaryIO, format: str) -> None:
        """Write the whole dataset to `output` as N-Quads, TriG or JSON-LD (a dataset-table key)."""

    def named_graphs(self) -> list[str]: ...

    def quad_count(self) -> int: ...

    def close(self) -> None: ...
