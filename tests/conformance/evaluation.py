"""The manifest-driven tests: query and update evaluation, query and update syntax.

Every test starts from an empty dataset. Data files are parsed here (pyoxigraph, with the file's
W3C URL as base IRI) and sent as N-Triples with Graph Store PUTs; queries and updates go to the
SPARQL endpoint with `BASE <their W3C URL>` in front, as the suite resolves relative IRIs against
the test file. The dataset of a query test is the manifest's: with named graphs it is sent as
`default-graph-uri`/`named-graph-uri` (the service's default graph is otherwise the union of all
graphs); graphs a query names with FROM are loaded under those names (the service never fetches).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from privacy_kg.sparql.lexer import inspect, tokenize

from .compare import (
    RDF_EXTENSIONS,
    RESULT_MEDIA,
    compare_graphs,
    compare_results,
    graph_from_file,
    graph_from_ntriples,
    parse_results,
    results_from_file,
)
from .service import Reply
from .suite import W3C_BASE, Case, GraphFile
from .targets import NTRIPLES, Target

__all__ = ["Outcome", "error_type", "order_keys", "run_case"]

SYNTAX_ERRORS = frozenset({"syntax-error", "query-syntax-error"})  # the service's error types
SYNTAX_KINDS = {"syntax+": True, "syntax-": False, "update-syntax+": True, "update-syntax-": False}


@dataclass(frozen=True)
class Outcome:
    case: Case
    passed: bool
    reason: str = ""


def run_case(case: Case, target: Target) -> Outcome:
    """Run one manifest test against a target; failures say why in one line."""
    try:
        if case.kind in SYNTAX_KINDS:
            reason = _syntax(case, target)
        elif case.kind == "query":
            reason = _query(case, target)
        elif case.kind == "update":
            reason = _update(case, target)
        else:
            raise ValueError(f"not a manifest-driven test kind: {case.kind}")
    except (RuntimeError, ValueError, SyntaxError, OSError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    return Outcome(case, not reason, reason or "")


def _text(case: Case) -> str:
    assert case.query is not None
    return f"BASE <{case.query_url}>\n" + case.query.read_text(encoding="utf-8")


def _status(reply_status: int, body: bytes) -> str:
    return f"HTTP {reply_status}: {body[:240].decode('utf-8', 'replace')}"


# -- syntax ----------------------------------------------------------------------------------
def _syntax(case: Case, target: Target) -> str:
    positive = SYNTAX_KINDS[case.kind]
    text = _text(case)
    if case.kind.startswith("update") or case.query.suffix == ".ru":
        target.reset()
        reply = target.update(text)
    else:
        reply = target.query(text, "application/sparql-results+json, application/n-triples;q=0.9")
    refused_syntax = reply.status == 400 and error_type(reply) in SYNTAX_ERRORS
    if positive and reply.status >= 300 and (reply.status != 400 or refused_syntax):
        return "valid syntax refused: " + _status(reply.status, reply.body)
    if not positive and not refused_syntax:
        return f"invalid syntax answered with HTTP {reply.status}: {reply.body[:160]!r}"
    return ""


def error_type(reply: Reply) -> str | None:
    """The `type` of the service's JSON error body, if it has one."""
    try:
        body = json.loads(reply.body)
    except ValueError:
        return None
    return body.get("type") if isinstance(body, dict) else None


# -- data ------------------------------------------------------------------------------------
def _ntriples(files: Iterable[GraphFile]) -> bytes:
    """The files' triples as one N-Triples document (blank nodes stay apart per file)."""
    parts = []
    for item in files:
        triples = ox.parse(
            path=str(item.path), format=RDF_EXTENSIONS[item.path.suffix], base_iri=item.url
        )
        parts.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    return b"".join(parts)


def _load(target: Target, graphs: dict[str | None, list[GraphFile]]) -> None:
    target.reset()
    for name, files in graphs.items():
        target.load(_ntriples(files), name)


def _grouped(files: Iterable[GraphFile]) -> dict[str | None, list[GraphFile]]:
    graphs: dict[str | None, list[GraphFile]] = {}
    for item in files:
        graphs.setdefault(item.name, []).append(item)
    return graphs


def _local(iri: str, root: Path) -> GraphFile | None:
    """A FROM/FROM NAMED IRI that names a file of the suite (nothing else is ever loaded)."""
    if not iri.startswith(W3C_BASE):
        return None
    path = root / iri[len(W3C_BASE) :]
    return GraphFile(path, iri, iri) if path.is_file() else None


# -- query evaluation ------------------------------------------------------------------------
def order_keys(text: str) -> tuple[str, ...] | None:
    """How the query sorts its own solutions (ORDER BY outside every group, so not a subquery's):
    None when it does not, the variables when it sorts by plain variables, () for expressions."""
    tokens = tokenize(text)
    depth = 0
    for index, token in enumerate(tokens):
        if token.kind == "PUNCT" and token.value in "{}":
            depth += 1 if token.value == "{" else -1
        elif depth == 0 and token.keyword == "ORDER":
            return _plain_keys(tokens[index + 2 :])
    return None


def _plain_keys(tokens: list) -> tuple[str, ...]:
    keys: list[str] = []
    for token in tokens:
        if token.keyword in ("LIMIT", "OFFSET", "VALUES"):
            break
        if token.kind in ("VAR1", "VAR2"):
            keys.append(token.value[1:])
        elif token.keyword not in ("ASC", "DESC") and token.value not in "()":
            return ()  # an expression: compare whole rows in order
    return tuple(keys)


def _query(case: Case, target: Target) -> str:
    assert case.query is not None and case.result is not None
    text = _text(case)
    info = inspect(text)
    graphs = _grouped(case.data)
    default: list[str] = []
    named: list[str] = []
    if info.from_graphs or info.from_named_graphs:
        for iri in (*info.from_graphs, *info.from_named_graphs):
            local = _local(urljoin(case.query_url, iri), case.query.parents[1])
            if local is not None:
                graphs.setdefault(local.name, [local])
    elif any(name is not None for name in graphs):
        named = [name for name in graphs if name is not None]
        for item in graphs.pop(None, []):  # the default graph, as a named graph of its own
            graphs.setdefault(item.url, []).append(item)
            default.append(item.url)
        default = list(
            dict.fromkeys(default)
        )  # none: named-graph-uri alone, an empty default graph
    _load(target, graphs)
    suffix = case.result.suffix
    accept = NTRIPLES if suffix in RDF_EXTENSIONS else RESULT_MEDIA[suffix]
    reply = target.query(text, accept, default, named)
    if reply.status != 200:
        return _status(reply.status, reply.body)
    if suffix in RDF_EXTENSIONS:
        if reply.media_type != NTRIPLES:
            return f"asked for {NTRIPLES}, got {reply.media_type!r}"
        expected = graph_from_file(case.result, urljoin(case.query_url, case.result.name))
        return compare_graphs(expected, graph_from_ntriples(reply.body)) or ""
    if reply.media_type != accept:
        return f"asked for {accept}, got {reply.media_type!r}"
    actual = parse_results(reply.body, reply.media_type)
    return compare_results(results_from_file(case.result), actual, order=order_keys(text)) or ""


# -- update evaluation -----------------------------------------------------------------------
def _update(case: Case, target: Target) -> str:
    assert case.result_graphs is not None
    _load(target, _grouped(case.data))
    reply = target.update(_text(case))
    if reply.status >= 300:
        return _status(reply.status, reply.body)
    actual = {name: graph_from_ntriples(body) for name, body in target.graphs().items()}
    expected = {}
    for name, files in _grouped(case.result_graphs).items():
        graph = graph_from_ntriples(_ntriples(files))
        if len(graph):
            expected[name] = graph
    actual = {name: graph for name, graph in actual.items() if len(graph)}
    if set(expected) != set(actual):
        show = lambda names: sorted(n or "(default)" for n in names)
        return f"graphs: expected {show(expected)}, found {show(actual)}"
    for name, graph in expected.items():
        problem = compare_graphs(graph, actual[name])
        if problem:
            return f"{name or 'default graph'}: {problem}"
    return ""
