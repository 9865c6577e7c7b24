"""What the evaluation tests run against: the service over HTTP, or pyoxigraph in-process.

Both answer the same five operations with the same `Reply`s, so one test procedure serves both.
The in-process target is the yardstick: a test that fails there too is the engine's deviation
(pyoxigraph's), one that fails only over HTTP is the service's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol

import pyoxigraph as ox

from .service import Client, Reply

__all__ = ["DirectTarget", "HttpTarget", "Target"]

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}
NTRIPLES = "application/n-triples"


class Target(Protocol):
    name: str

    def reset(self) -> None:
        """Empty the whole dataset."""

    def load(self, ntriples: bytes, graph: str | None) -> None:
        """Set a graph's content (None: the default graph); raises on failure."""

    def query(
        self, text: str, accept: str, default: Sequence[str] = (), named: Sequence[str] = ()
    ) -> Reply: ...

    def update(self, text: str) -> Reply: ...

    def graphs(self) -> dict[str | None, bytes]:
        """Every non-empty graph as N-Triples (None: the default graph)."""


class HttpTarget:
    """The service: SPARQL Protocol for operations, Graph Store Protocol for data."""

    name = "http"

    def __init__(self, client: Client) -> None:
        self.client = client

    def reset(self) -> None:
        reply = self.update("DROP ALL")
        if reply.status >= 300:
            raise RuntimeError(f"DROP ALL failed: {reply.status} {reply.body[:300]!r}")

    def load(self, ntriples: bytes, graph: str | None) -> None:
        reply = self.client.request(
            "PUT",
            "/graph-store",
            [("graph", graph)] if graph else [("default", "")],
            body=ntriples,
            headers={"Content-Type": NTRIPLES},
            auth=True,
        )
        if reply.status >= 300:
            raise RuntimeError(
                f"loading {graph or 'the default graph'} failed: {reply.status} "
                f"{reply.body[:300]!r}"
            )

    def query(
        self, text: str, accept: str, default: Sequence[str] = (), named: Sequence[str] = ()
    ) -> Reply:
        params = [("default-graph-uri", g) for g in default] + [
            ("named-graph-uri", g) for g in named
        ]
        return self.client.request(
            "POST",
            "/sparql",
            params,
            body=text,
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )

    def update(self, text: str) -> Reply:
        return self.client.request(
            "POST",
            "/sparql",
            body=text,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            auth=True,
        )

    def graphs(self) -> dict[str | None, bytes]:
        found: dict[str | None, bytes] = {}
        default = self._graph([("default", "")])
        if default.strip():
            found[None] = default
        reply = self.query(_GRAPHS, "application/sparql-results+json")
        if reply.status != 200:
            raise RuntimeError(f"listing graphs failed: {reply.status} {reply.body[:300]!r}")
        for solution in ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON):
            name = solution["g"].value
            found[name] = self._graph([("graph", name)])
        return found

    def _graph(self, params: list[tuple[str, str]]) -> bytes:
        reply = self.client.request("GET", "/graph-store", params, headers={"Accept": NTRIPLES})
        if reply.status == 404:
            return b""
        if reply.status != 200:
            raise RuntimeError(f"reading {params} failed: {reply.status} {reply.body[:300]!r}")
        return reply.body


_REMOTE = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)


def _refuse_remote(text: str) -> Reply | None:
    """The engine would fetch for SERVICE and LOAD: refused on any mention (no network, ever)."""
    found = _REMOTE.search(text)
    if found is None:
        return None
    return _error(403, "forbidden-operation", f"{found.group(1).upper()} is refused")


def _error(status: int, kind: str, message: str) -> Reply:
    """An error as the service words it: JSON `{type, message}`."""
    body = json.dumps({"type": kind, "message": message}).encode()
    return Reply(status, {"content-type": "application/json"}, body)


def _media_types(accept: str) -> list[str]:
    return [part.split(";")[0].strip() for part in accept.split(",")]


class DirectTarget:
    """pyoxigraph in memory, with the service's dataset rules (union default graph by default)."""

    name = "pyoxigraph"

    def __init__(self) -> None:
        self.store = ox.Store()

    def reset(self) -> None:
        self.store.clear()

    def load(self, ntriples: bytes, graph: str | None) -> None:
        to = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.store.remove_graph(to) if graph else self.store.clear_graph(to)
        self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=to)

    def query(
        self, text: str, accept: str, default: Sequence[str] = (), named: Sequence[str] = ()
    ) -> Reply:
        if refused := _refuse_remote(text):
            return refused
        options: dict = {}
        if default or named:
            options["default_graph"] = [ox.NamedNode(g) for g in default]
            options["named_graphs"] = [ox.NamedNode(g) for g in named]
        else:
            options["use_default_graph_as_union"] = True
        try:
            result = self.store.query(text, **options)
            if isinstance(result, ox.QueryTriples):
                body = result.serialize(format=ox.RdfFormat.N_TRIPLES)
                return Reply(200, {"content-type": NTRIPLES}, body or b"")
            media = next(
                (m for m in _media_types(accept) if m in _RESULTS),
                "application/sparql-results+json",
            )
            body = result.serialize(format=_RESULTS[media])
            return Reply(200, {"content-type": media}, body or b"")
        except SyntaxError as exc:
            return _error(400, "query-syntax-error", str(exc))
        except (ValueError, OSError, RuntimeError) as exc:
            return _error(400, "bad-input", str(exc))

    def update(self, text: str) -> Reply:
        if refused := _refuse_remote(text):
            return refused
        try:
            self.store.update(text)
        except SyntaxError as exc:
            return _error(400, "query-syntax-error", str(exc))
        except (ValueError, OSError, RuntimeError) as exc:
            return _error(400, "bad-input", str(exc))
        return Reply(200, {}, b"")

    def graphs(self) -> dict[str | None, bytes]:
        grouped: dict[str | None, list[ox.Triple]] = {}
        for quad in self.store:
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            grouped.setdefault(name, []).append(quad.triple)
        return {
            name: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            for name, triples in grouped.items()
        }
