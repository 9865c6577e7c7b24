"""Validated writes: SPARQL Update and Graph Store operations, applied whole or not at all.

Every write is first tried on a staging copy in memory (a `pyoxigraph.Store`); the graphs whose
content it changed are validated with the SHACL gate (`gate.check_graphs`: the new content plus the
stored descriptions of what it points at); only a write that conforms reaches the store, as one
transaction that replaces the changed graphs with their validated content (one SPARQL update).
So what was validated is exactly what is written, whatever the backend, and the update text itself
never reaches the store. A violation raises `ValidationFailed` with the report and changes nothing.

Updates follow the SPARQL 1.1 Update semantics of the staging engine (pyoxigraph): the default graph
of a WHERE clause is the store's own default graph, not the union that queries see; address data
with GRAPH, WITH or USING (or the protocol's using-graph-uri).

What the staging copy costs: an update made only of data operations (INSERT DATA, DELETE DATA,
CREATE/CLEAR/DROP GRAPH <iri>, ADD/MOVE/COPY between IRIs) copies just the graphs it names and the
default graph. Anything that reads the store (WHERE, USING, WITH, a variable graph, CLEAR/DROP
NAMED or ALL) copies the whole dataset, so its cost grows with the store (a dump, a load and a
set comparison of all quads). Graph Store writes copy nothing: the new graph is the request body
(PUT) or the stored graph plus the body (POST).

Writes through this module are serialised by one lock, so staging, validation and commit see the
same data; writes from elsewhere (another process) are not covered by it.
"""

from __future__ import annotations

import io
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .errors import InputError, NotFound, QuerySyntaxError, ValidationFailed
from .gate import check_graphs
from .rdfio import format_for_media_type, parse_quads, to_rdflib
from .settings import Settings
from .sparql.dataset import BASE_IRI
from .sparql.guard import check_update
from .sparql.lexer import Token, decode_escapes, tokenize
from .store.base import Store
from .validate import Report

__all__ = ["WriteResult", "apply_update", "delete_graph", "put_graph"]

Graph = str | None  # a graph name; None is the default graph
WRITE_LOCK = threading.Lock()  # stage-validate-commit sequences of this process, one at a time
# An IRI right after one of these names a graph (GRAPH <g>, WITH <g>, INTO <g>, TO <g>, ADD <g>).
_NAMES_GRAPH = frozenset({"GRAPH", "WITH", "INTO", "TO", "ADD", "MOVE", "COPY", "SILENT"})
# Any of these means the update reads the store or targets graphs we cannot list from the text.
_READS_STORE = frozenset({"WHERE", "USING", "WITH", "NAMED", "ALL", "LOAD", "BASE"})
_IRI_KINDS = frozenset({"IRIREF", "PNAME_LN", "PNAME_NS"})


@dataclass(frozen=True)
class WriteResult:
    """What a write changed: `graphs` (None: the default graph); `created`: a new graph (GSP)."""

    graphs: tuple[Graph, ...]
    created: bool = False
    report: Report | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"graphs": list(self.graphs)}
        if self.report is not None:
            body["shacl"] = self.report.to_json()
        return body


# -- SPARQL Update ---------------------------------------------------------------------------
def apply_update(
    store: Store,
    settings: Settings,
    text: str,
    *,
    using: Iterable[str] = (),
    using_named: Iterable[str] = (),
) -> WriteResult:
    """Guard, stage, validate and apply one SPARQL Update request (Protocol `update` operation).

    `using`/`using_named` are the protocol's `using-graph-uri`/`using-named-graph-uri`: they become
    USING clauses of every DELETE/INSERT ... WHERE operation.
    """
    check_update(
        text,
        allow_service=settings.allow_service,
        allow_load=settings.allow_load,
        max_length=max(settings.max_query_chars, settings.max_body_bytes),
    )
    text = with_using(text, tuple(using), tuple(using_named))
    with WRITE_LOCK:
        staging = _stage(store, graphs_named(text))
        before, existed = _contents(staging), _names(staging)
        _run(staging, text)
        after, exist = _contents(staging), _names(staging)
        changed = [
            g for g in before.keys() | after.keys() | (existed ^ exist)
            if before.get(g) != after.get(g) or (g in existed) != (g in exist)
        ]
        new = {g: after.get(g, frozenset()) for g in sorted(changed, key=_order)}
        report = _validate(store, settings, new)
        _commit(store, new, keep=[g for g in new if g in exist and not new[g]])
    return WriteResult(tuple(new), report=report)


def graphs_named(text: str) -> set[Graph] | None:
    """The graphs a data-only update touches, from its tokens; None when it may touch any graph."""
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    graphs: set[Graph] = {None}
    for index, token in enumerate(tokens):
        keyword = token.keyword
        if keyword in _READS_STORE:
            return None
        if keyword == "PREFIX" and index + 2 < len(tokens):
            name, iri = tokens[index + 1].value[:-1], tokens[index + 2].value[1:-1]
            if prefixes.setdefault(name, iri) != iri:
                return None  # redefined between operations: expanding names would need the order
            continue
        if index == 0 or tokens[index - 1].keyword not in _NAMES_GRAPH:
            continue
        if token.kind in ("VAR1", "VAR2"):
            return None
        if token.kind in _IRI_KINDS:
            expanded = _expand(token, prefixes)
            if expanded is None:
                return None
            graphs.add(expanded)
    return graphs


def _expand(token: Token, prefixes: Mapping[str, str]) -> str | None:
    if token.kind == "IRIREF":
        return token.value[1:-1]
    prefix, _, local = token.value.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + local.replace("\\", "")


def with_using(text: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The protocol's using-graph-uri / using-named-graph-uri as USING clauses (Protocol 2.2.3)."""
    if not using and not using_named:
        return text
    for iri in (*using, *using_named):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise InputError(f"using-graph-uri: {iri!r} is not an absolute IRI") from None
    if decode_escapes(text) != text:
        raise InputError(
            "using-graph-uri cannot be combined with \\u escapes; write the characters"
        )
    tokens = tokenize(text)
    if any(t.keyword in ("USING", "WITH") for t in tokens):
        raise InputError(
            "the update names its dataset (USING or WITH); do not also send using-graph-uri"
        )
    clause = " ".join(
        [*(f"USING <{g}>" for g in using), *(f"USING NAMED <{g}>" for g in using_named)]
    )
    depth, inserts = 0, []
    for index, token in enumerate(tokens):
        if token.kind == "PUNCT" and token.value in "{}":
            depth += 1 if token.value == "{" else -1
        elif token.keyword == "WHERE" and depth == 0:
            if index and tokens[index - 1].keyword == "DELETE":
                raise InputError(
                    "using-graph-uri cannot apply to DELETE WHERE; "
                    "write DELETE { ... } WHERE { ... }"
                )
            inserts.append(token.start)
    for position in reversed(inserts):
        text = f"{text[:position]}{clause} {text[position:]}"
    return text


def _order(graph: Graph) -> str:
    return "" if graph is None else graph


def _node(graph: Graph) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def _stage(store: Store, graphs: set[Graph] | None) -> ox.Store:
    """An in-memory copy of the graphs an update touches (None: the whole dataset)."""
    staging = ox.Store()
    existing = set(store.named_graphs())  # with the empty ones a store keeps (CREATE GRAPH)
    if graphs is None:
        dump = io.BytesIO()
        store.dump(dump, "nquads")
        staging.load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
        for graph in existing:
            staging.add_graph(ox.NamedNode(graph))
        return staging
    for graph in graphs:
        if graph is not None and graph not in existing:
            continue
        if graph is not None:
            staging.add_graph(ox.NamedNode(graph))
        staging.load(
            store.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES, to_graph=_node(graph)
        )
    return staging


def _contents(staging: ox.Store) -> dict[Graph, frozenset[ox.Triple]]:
    """Every graph's triples: Python sets, the price of knowing exactly what an update changed."""
    grouped: dict[Graph, set[ox.Triple]] = defaultdict(set)
    for quad in staging:
        name = quad.graph_name
        grouped[None if isinstance(name, ox.DefaultGraph) else name.value].add(quad.triple)
    return {graph: frozenset(triples) for graph, triples in grouped.items()}


def _names(staging: ox.Store) -> set[Graph]:
    """The named graphs that exist, empty ones included."""
    return {g.value for g in staging.named_graphs() if isinstance(g, ox.NamedNode)}


def _run(staging: ox.Store, text: str) -> None:
    try:
        staging.update(text, base_iri=BASE_IRI)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from None
    except (RuntimeError, ValueError, OSError) as exc:
        raise InputError(f"the update cannot be applied: {exc}") from None


def _commit(
    store: Store, graphs: Mapping[Graph, Iterable[ox.Triple]], *, keep: Iterable[str] = ()
) -> None:
    """Write the validated content of the changed graphs as one update (one transaction).

    Each graph is dropped, then all are refilled by a single INSERT DATA, so a blank node that two
    graphs share stays one node (SPARQL scopes blank-node labels to one operation). Graphs left
    empty go, except the named graphs in `keep`, which exist empty afterwards (CREATE GRAPH, a
    Graph Store PUT of an empty body)."""
    if not graphs:
        return
    parts = [f"DROP SILENT GRAPH <{g}>" if g is not None else "DROP SILENT DEFAULT" for g in graphs]
    parts += [f"CREATE SILENT GRAPH <{g}>" for g in keep]
    blocks = []
    for graph, triples in graphs.items():
        written = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
        ntriples = written.decode("utf-8")
        if ntriples.strip():
            blocks.append(ntriples if graph is None else f"GRAPH <{graph}> {{\n{ntriples}}}")
    if blocks:
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    store.update(" ;\n".join(parts))


def _validate(
    store: Store, settings: Settings, contents: Mapping[Graph, Iterable[ox.Triple]]
) -> Report | None:
    """SHACL on the new content of the changed graphs; graphs left empty have nothing to check."""
    graphs = [to_rdflib([ox.Quad(*t) for t in triples]) for triples in contents.values()]
    graphs = [graph for graph in graphs if len(graph)]
    if not graphs:
        return None
    report = check_graphs(store, settings, graphs)
    if report.violations:
        raise ValidationFailed(
            f"the write breaks the shapes ({len(report.violations)} violation(s)); "
            "nothing was written",
            details=report.to_json(),
        )
    return report


# -- Graph Store Protocol --------------------------------------------------------------------
def put_graph(
    store: Store,
    settings: Settings,
    graph: Graph,
    body: bytes,
    content_type: str | None,
    *,
    merge: bool = False,
) -> WriteResult:
    """GSP PUT (replace) or POST (`merge`): parse the body safely, validate, write once."""
    quads = parse_quads(body, format_for_media_type(content_type), source="request body", base_iri=graph)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise InputError(
            "the body names graphs of its own (TriG or N-Quads); "
            "send only the triples of this graph"
        )
    triples = {q.triple for q in quads}
    with WRITE_LOCK:
        existed = graph is None or graph in store.named_graphs()
        if merge and existed:
            stored = store.graph_ntriples(graph)
            triples |= {q.triple for q in ox.parse(stored, format=ox.RdfFormat.N_TRIPLES)}
        report = _validate(store, settings, {graph: triples})
        _commit(store, {graph: triples}, keep=[graph] if graph is not None and not triples else [])
    return WriteResult((graph,), created=not existed, report=report)


def delete_graph(store: Store, graph: Graph) -> WriteResult:
    """GSP DELETE: the named graph goes (NotFound when absent); the default graph is emptied."""
    with WRITE_LOCK:
        if graph is not None and graph not in store.named_graphs():
            raise NotFound(f"there is no graph <{graph}>")
        _commit(store, {graph: ()})
    return WriteResult((graph,))
