"""A crash mid-write leaves all or nothing: `privacy-kg ingest` and `build` killed with SIGKILL.

The command runs in a child process whose store's `update` (the one write both commands make)
prints a marker on stdout just before and just after it, so the parent can kill the child at known
points: while it maps and validates, at the start of the write plus a few milliseconds, and right
after the write returned (committed, not yet closed or flushed). Then the store is opened again and
must hold exactly the dataset before the command or exactly the dataset a clean run produces,
graph by graph: the article's graph absent or complete, the entities graph matching it.
"""

from __future__ import annotations

import datetime as dt
import io
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from testkit.live import copy_seed

from privacy_kg.ingest import ingest_file
from privacy_kg.mapping.mapper import CitationOptions
from privacy_kg.namespaces import ENTITIES_GRAPH
from privacy_kg.settings import PROJECT_ROOT, Settings
from privacy_kg.store import EmbeddedStore, QueryRequest

from .conftest import environment

ARTICLE = PROJECT_ROOT / "tests" / "mapping" / "articles" / "korea-pipc-fine.txt"  # synthetic text
DATE = "2024-05-22"
ARTICLE_GRAPH = "<https://w3id.org/privacy-kg/graph/article/korea-pipc-fine>"  # as in N-Quads
DRIVER = """
import sys
from privacy_kg.store.embedded import EmbeddedStore

_update = EmbeddedStore.update


def update(self, text):
    print("write-begin", flush=True)
    _update(self, text)
    print("write-end", flush=True)


EmbeddedStore.update = update
from privacy_kg.cli import main

sys.exit(main(sys.argv[1:]))
"""
RUN_TIMEOUT_S = 120
PARALLEL = 3  # kill runs at once, each on its own copy of the store
Dataset = dict[str, frozenset[str]]  # graph (<iri>) -> its N-Quads lines


def dataset(path: Path) -> Dataset:
    """Open the store (as the next process would) and read every graph; it must open and answer."""
    store = EmbeddedStore(path)
    try:
        assert store.query(QueryRequest("ASK {}")).body.find(b"true") >= 0
        out = io.BytesIO()
        store.dump(out, "nquads")
    finally:
        store.close()
    graphs: dict[str, set[str]] = defaultdict(set)
    for line in out.getvalue().decode("utf-8").splitlines():
        graphs[line.rsplit(" ", 2)[-2]].add(line)  # `<s> <p> <o> <g> .`
    return {graph: frozenset(lines) for graph, lines in graphs.items()}


def run_killed(args: list[str], kill_at: tuple[str, float]) -> str:
    """Run the CLI through the driver; SIGKILL it after `kill_at` = (marker or "start", seconds).
    Returns the last marker it printed ("" if none)."""
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=environment(),
        text=True,
    )
    watchdog = threading.Timer(RUN_TIMEOUT_S, process.kill)
    watchdog.start()
    marker, delay = kill_at
    seen = ""
    try:
        if marker == "start":
            time.sleep(delay)
        else:
            for line in process.stdout:  # type: ignore[union-attr]
                if line.startswith("write-"):
                    seen = line.strip()
                if seen == marker:
                    time.sleep(delay)
                    break
            else:
                pytest.fail(f"the command ended before printing {marker!r}")
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        watchdog.cancel()
        process.kill()
        process.stdout.close()  # type: ignore[union-attr]
    return seen


@pytest.fixture(scope="module")
def before(seed_store_dir: Path) -> Dataset:
    return dataset(seed_store_dir)


@pytest.fixture(scope="module")
def ingested(seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean, uninterrupted ingest of the article into a copy of the seed."""
    path = copy_seed(seed_store_dir, tmp_path_factory.mktemp("clean-ingest") / "store")
    store = EmbeddedStore(path)
    try:
        options = CitationOptions(date=dt.date.fromisoformat(DATE))
        ingest_file(ARTICLE, options, Settings(store_path=path), store)
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def after(ingested: Path) -> Dataset:
    return dataset(ingested)


def test_a_clean_ingest_adds_the_article_graph_and_its_actors(
    before: Dataset, after: Dataset
) -> None:
    """The two outcomes differ where they should, so the assertions below can tell them apart."""
    assert ARTICLE_GRAPH not in before and len(after[ARTICLE_GRAPH]) > 100
    entities = f"<{ENTITIES_GRAPH}>"
    assert before[entities] < after[entities]
    assert {g: q for g, q in after.items() if g not in (entities, ARTICLE_GRAPH)} == {
        g: q for g, q in before.items() if g != entities
    }


KILL_POINTS = [
    ("start", 0.3),  # still importing
    ("write-begin", 0.0),
    ("write-begin", 0.002),
    ("write-end", 0.0),  # committed, neither flushed nor closed
]


def test_ingest_killed_at_any_point_leaves_all_or_nothing(
    seed_store_dir: Path, tmp_path: Path, before: Dataset, after: Dataset
) -> None:
    stores = [copy_seed(seed_store_dir, tmp_path / f"store-{i}") for i in range(len(KILL_POINTS))]
    with ThreadPoolExecutor(PARALLEL) as pool:
        markers = list(
            pool.map(
                lambda store, kill_at: run_killed(
                    ["--store", str(store), "-q", "ingest", str(ARTICLE), "--date", DATE], kill_at
                ),
                stores,
                KILL_POINTS,
            )
        )
    outcomes = []
    for store, kill_at, seen in zip(stores, KILL_POINTS, markers):
        found = dataset(store)
        article = found.get(ARTICLE_GRAPH, frozenset())
        assert article in (frozenset(), after[ARTICLE_GRAPH]), (
            f"a partial article graph at {kill_at}"
        )
        expected = after if article else before  # the entities graph goes with the article
        assert found == expected, f"killed at {kill_at} (last marker {seen!r}): not all or nothing"
        outcomes.append("all" if article else "nothing")
    assert outcomes[0] == "nothing" and outcomes[-1] == "all", outcomes


def test_build_killed_mid_way_leaves_the_previous_store_readable(
    ingested: Path, tmp_path: Path, before: Dataset, after: Dataset
) -> None:
    """`build --clean` over a store holding an ingested article: killed, the store opens and holds
    either the old dataset (with the article) or exactly what a finished build writes, which is
    the seed store (itself a build of the same files)."""
    points = [("start", 0.5), ("write-begin", 0.002), ("write-end", 0.0)]
    stores = [copy_seed(ingested, tmp_path / f"build-{i}") for i in range(len(points))]
    with ThreadPoolExecutor(PARALLEL) as pool:
        list(
            pool.map(
                lambda store, kill_at: run_killed(
                    ["--store", str(store), "-q", "build", "--clean"], kill_at
                ),
                stores,
                points,
            )
        )
    outcomes = []
    for store_path, kill_at in zip(stores, points):
        found = dataset(store_path)
        assert found in (after, before), f"build killed at {kill_at} left a mixed store"
        outcomes.append("old" if found == after else "new")
    assert outcomes[0] == "old" and outcomes[-1] == "new", outcomes
