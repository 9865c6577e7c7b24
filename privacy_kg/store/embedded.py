"""The embedded store: pyoxigraph on disk for durability, an in-memory replica process for speed.

Every write is one pyoxigraph transaction on disk (all or nothing, also across a crash), then goes
to the replicas in commit order. Queries run in a replica (`QueryWorkers`) when the store serves
(the service), or in-process on the disk store for one-shot commands (the CLI).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QuerySyntaxError, StoreError
from ..namespaces import PREFIXES
from ..sparql import formats
from ..sparql.results import Rendered
from .base import QueryRequest
from .engine import execute
from .workers import QueryWorkers

log = logging.getLogger(__name__)


def replace_graphs_update(graphs: Mapping[str, bytes], drop: Iterable[str] = ()) -> str:
    """One SPARQL Update that drops and refills graphs: a single transaction in any SPARQL 1.1 store."""
    parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    for graph, ntriples in graphs.items():
        parts.append(f"DROP SILENT GRAPH <{graph}>")
        if ntriples.strip():
            parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples.decode('utf-8')}\n}} }}")
    return " ;\n".join(parts) if parts else ""


class EmbeddedStore:
    name = "embedded"

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        timeout_s: float = 10.0,
        max_concurrent: int = 8,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._store = _open(path, read_only)
        self._timeout_s = timeout_s
        self._max_concurrent = max_concurrent
        self._workers: QueryWorkers | None = None

    def start(self) -> None:
        """Serve queries from an in-memory replica process (the service); until then they run in-process."""
        if self._workers is None:
            workers = QueryWorkers(
                self._snapshot, self._write_lock, timeout_s=self._timeout_s, max_concurrent=self._max_concurrent
            )
            workers.start()
            self._workers = workers

    # -- reads ---------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> Rendered:
        if self._workers is not None:
            return self._workers.query(request)
        return execute(self._store, request)

    def graph_ntriples(self, graph: str | None) -> bytes:
        source = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=source)

    def dump(self, output: BinaryIO, format: str) -> None:
        rdf_format = formats.DATASET_FORMATS[format].rdf_format
        prefixes = PREFIXES if rdf_format == ox.RdfFormat.TRIG else None
        self._store.dump(output, format=rdf_format, prefixes=prefixes)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def quad_count(self) -> int:
        return len(self._store)

    # -- writes --------------------------------------------------------------------------
    def update(self, text: str) -> None:
        if not text.strip():
            return
        if self.read_only:
            raise StoreError("the store is open read-only")
        with self._write_lock:
            try:
                self._store.update(text)
            except SyntaxError as exc:
                raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from None
            except OSError as exc:
                raise StoreError(f"the update could not be written: {exc}") from None
            if self._workers is not None:
                self._workers.broadcast_update(text)

    def replace_graphs(self, graphs: Mapping[str, bytes], drop: Iterable[str] = ()) -> None:
        self.update(replace_graphs_update(graphs, drop))

    def bulk_load_file(self, path: Path) -> None:
        """Fast non-transactional load for building a new store from scratch (never for ingest)."""
        with self._write_lock:
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            self._store.flush()

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()
        if not self.read_only:
            self._store.flush()
        del self._store

    def _snapshot(self, path: Path) -> None:
        """Called under the write lock: the committed dataset as N-Quads, for a new replica."""
        self._store.dump(str(path), format=ox.RdfFormat.N_QUADS)


def _open(path: Path, read_only: bool) -> ox.Store:
    try:
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreError(f"no store at {path}; run `privacy-kg build` first")
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreError(
                f"the store at {path} is in use by another process (is `privacy-kg serve` running?); "
                "stop it or use the service's endpoints"
            ) from None
        raise StoreError(f"cannot open the store at {path}: {message}") from None
