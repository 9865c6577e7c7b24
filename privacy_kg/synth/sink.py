"""A triple sink that formats N-Quads lines at once, for the emitter's hot path.

`Emitter.article_graph` fills an rdflib `Graph`, whose indexes cost about three times what the
emitter itself does per triple; the generator only needs the lines. `QuadSink` has the one method
the emitter calls (`add`), keeps a graph's set semantics (a triple added twice is written once) and
formats terms as rdflib's N-Triples serializer does (lexical form, language tag or datatype IRI).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class QuadSink:
    """Collects the triples of one named graph as N-Quads lines, in the order first added."""

    def __init__(self, graph: URIRef) -> None:
        self.suffix = f" <{graph}> .\n"
        self.lines: dict[str, None] = {}  # insertion-ordered set

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        line = f"{self._term(s)} {self._term(p)} {self._term(o)}{self.suffix}"
        self.lines[line] = None

    def add_all(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        for triple in triples:
            self.add(triple)

    def __len__(self) -> int:
        return len(self.lines)

    def encode(self, sort: bool = False) -> bytes:
        """The lines as UTF-8; `sort` makes graphs built by rdflib (unordered) byte-stable."""
        return "".join(sorted(self.lines) if sort else self.lines).encode("utf-8")

    @staticmethod
    def _term(term: Node) -> str:
        # No cache of formatted IRIs: rdflib terms hash and compare in Python, slower than formatting.
        if isinstance(term, URIRef):
            return f"<{term}>"
        if isinstance(term, Literal):
            value = f'"{str(term).translate(_ESCAPES)}"'
            if term.language:
                return f"{value}@{term.language}"
            if term.datatype:
                return f"{value}^^<{term.datatype}>"
            return value
        if isinstance(term, BNode):
            raise TypeError("blank nodes are not part of the model (docs/model.md): cannot write them stably")
        raise TypeError(f"not an RDF term: {term!r}")
