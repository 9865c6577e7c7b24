"""The embedded store: durability on disk, a replica that follows every write, all-or-nothing writes
even when the writing process is killed mid-way."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from privacy_kg.errors import StoreError
from privacy_kg.store import EmbeddedStore, QueryRequest

from . import EX, ntriples

GRAPH = EX + "graph/durable"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def rows_of(store: EmbeddedStore, graph: str) -> list[str]:
    return sorted(str(t) for t in ox.parse(store.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES))


def count(store: EmbeddedStore) -> int:
    tsv = store.query(QueryRequest(COUNT, format="tsv")).body
    return int(next(iter(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)))["n"].value)


def test_writes_survive_close_and_reopen(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs({GRAPH: ntriples([(EX + "s", EX + "p", ox.Literal("kept", language="en"))])})
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}s> <{EX}p> <{EX}o> }} }}")
    written = rows_of(store, GRAPH)
    store.close()
    reopened = EmbeddedStore(tmp_path / "store", read_only=True)
    try:
        assert rows_of(reopened, GRAPH) == written and len(written) == 2
        assert reopened.named_graphs() == [GRAPH] and reopened.quad_count() == 2
    finally:
        reopened.close()


def test_read_only_store_refuses_writes_and_needs_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        EmbeddedStore(tmp_path / "missing", read_only=True)
    EmbeddedStore(tmp_path / "store").close()
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.update(f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }}")
        assert store.quad_count() == 0
    finally:
        store.close()


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="in use"):
            EmbeddedStore(tmp_path / "store")
    finally:
        store.close()


def test_the_replica_follows_every_write_in_commit_order(tmp_path: Path) -> None:
    """Writes from several threads: each is visible to the next query, and the replica ends equal to disk."""
    store = EmbeddedStore(tmp_path / "store", timeout_s=10)
    store.replace_graphs({GRAPH: ntriples([(EX + "before", EX + "p", ox.Literal("0"))])})
    store.start()
    failures: list[str] = []

    def writer(worker: int) -> None:
        for i in range(10):
            store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}w{worker}-{i}> <{EX}p> "{i}" }} }}')
            if not store.query(QueryRequest(f"ASK {{ <{EX}w{worker}-{i}> ?p ?o }}")).body.endswith(b"true}"):
                failures.append(f"w{worker}-{i}")
            if i % 3 == 0:
                store.update(f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{EX}w{worker}-{i}> ?p ?o }} }}")

    try:
        threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert failures == []
        assert count(store) == store.quad_count() == 1 + 4 * 6
    finally:
        store.close()


WRITER = """
import sys
from pathlib import Path
from privacy_kg.store import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
size = int(sys.argv[3])
new = b"".join(b'<http://example.org/new%d> <http://example.org/p> "new" .\\n' % i for i in range(size))
print("writing", flush=True)
store.replace_graphs({sys.argv[2]: new})
print("done", flush=True)
store.close()
"""


@pytest.mark.parametrize("delay", [0.05, 0.4, 1.0])
def test_a_write_killed_mid_way_leaves_all_or_nothing(tmp_path: Path, delay: float) -> None:
    old = [(f"{EX}old{i}", EX + "p", ox.Literal("old")) for i in range(1000)]
    size = 50_000
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs({GRAPH: ntriples(old)})
    store.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path / "store"), GRAPH, str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
    finally:
        if writer.poll() is None:
            writer.kill()
    finished = "done" in (writer.stdout.read() if writer.stdout else "")
    reopened = EmbeddedStore(tmp_path / "store")
    try:
        values = [row["o"].value for row in _objects(reopened)]
    finally:
        reopened.close()
    state = (values.count("old"), values.count("new"))
    assert state in ((1000, 0), (0, size)), state  # the old graph or the new one, never a mix
    assert finished or writer.returncode == -signal.SIGKILL
    if delay < 0.1:  # this kill certainly landed while the write was running
        assert not finished and state == (1000, 0)


def _objects(store: EmbeddedStore) -> list[ox.QuerySolution]:
    text = f"SELECT ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    tsv = store.query(QueryRequest(text, format="tsv", cap=10**6)).body
    return list(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV))
