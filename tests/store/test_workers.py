"""The embedded store's query worker processes: deadlines, healing and the concurrency cap.

Worker processes are found in /proc by their command line, so these tests check real PIDs."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from privacy_kg.errors import Overloaded, QueryTimeout, StoreError
from privacy_kg.store import EmbeddedStore, QueryRequest

from . import BULK, EX, RUNAWAY, bulk_ntriples, replica_pids, wait_until

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker PIDs")

ASK = QueryRequest("ASK {}")


def open_store(path: Path, **options) -> EmbeddedStore:
    store = EmbeddedStore(path, **options)
    store.replace_graphs({BULK: bulk_ntriples()})
    return store


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    before = replica_pids()
    store = open_store(tmp_path / "store", timeout_s=10, max_concurrent=4)
    store.start()
    store.others = before  # type: ignore[attr-defined]
    yield store
    store.close()


def workers_of(store: EmbeddedStore) -> set[int]:
    return replica_pids() - store.others  # type: ignore[attr-defined]


def only_worker(store: EmbeddedStore) -> int:
    (pid,) = workers_of(store)
    return pid


def answers(store: EmbeddedStore) -> bool:
    try:
        return store.query(ASK).body.endswith(b"true}")
    except StoreError:  # a replacement worker is still loading
        return False


def test_start_runs_one_worker_and_close_stops_it(tmp_path: Path) -> None:
    before = replica_pids()
    store = open_store(tmp_path / "store")
    assert replica_pids() == before  # no worker until start(): queries run in-process
    assert store.query(ASK).body.endswith(b"true}")
    store.start()
    (pid,) = replica_pids() - before
    assert store.query(ASK).body.endswith(b"true}")
    store.close()
    wait_until(lambda: pid not in replica_pids(), timeout=10)


def test_runaway_query_times_out_and_its_worker_is_replaced(store: EmbeddedStore) -> None:
    tainted = only_worker(store)
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        runaway = pool.submit(store.query, QueryRequest(RUNAWAY, timeout_s=1.5))
        time.sleep(0.3)
        asked = time.monotonic()
        assert store.query(ASK).body.endswith(b"true}")  # served meanwhile, by the same worker
        assert time.monotonic() - asked < 0.5
        with pytest.raises(QueryTimeout, match="1.5 s"):
            runaway.result(10)
        assert 1.4 < time.monotonic() - started < 3.0
    # The tainted worker (still evaluating) is killed once a fresh one has taken over.
    wait_until(lambda: tainted not in workers_of(store), timeout=20)
    (replacement,) = workers_of(store)
    wait_until(lambda: answers(store), timeout=20)
    assert only_worker(store) == replacement != tainted
    store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}after> <{EX}p> "healed" }} }}')
    assert store.query(QueryRequest(f'ASK {{ <{EX}after> <{EX}p> "healed" }}')).body.endswith(b"true}")


def test_a_killed_worker_fails_its_queries_fast_and_the_store_heals(store: EmbeddedStore) -> None:
    victim = only_worker(store)
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(store.query, QueryRequest(RUNAWAY, timeout_s=30))
        time.sleep(0.5)
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        with pytest.raises(StoreError):
            in_flight.result(10)
        assert time.monotonic() - killed < 3.0  # an error, not a hang until the 30 s deadline
    wait_until(lambda: answers(store), timeout=20)
    assert only_worker(store) != victim
    assert store.query(QueryRequest(f"ASK {{ <{EX}n7> ?p 7 }}")).body.endswith(b"true}")  # the data is back


def test_the_concurrency_cap_answers_overloaded_instead_of_queueing(tmp_path: Path) -> None:
    before = replica_pids()
    store = open_store(tmp_path / "store", timeout_s=10, max_concurrent=1)
    store.start()
    try:
        (tainted,) = replica_pids() - before
        with ThreadPoolExecutor(1) as pool:
            runaway = pool.submit(store.query, QueryRequest(RUNAWAY, timeout_s=2.5))
            time.sleep(0.3)
            started = time.monotonic()
            with pytest.raises(Overloaded):
                store.query(ASK)
            assert time.monotonic() - started < 1.6  # a short wait for a slot, then 503
            with pytest.raises(QueryTimeout):
                runaway.result(10)
        wait_until(lambda: tainted not in replica_pids(), timeout=20)
        assert answers(store)
    finally:
        store.close()


def test_a_query_sent_while_the_worker_is_replaced_does_not_wait_behind_a_runaway(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store", timeout_s=3, max_concurrent=1)
    store.start()
    try:
        with pytest.raises(QueryTimeout):
            store.query(QueryRequest(RUNAWAY, timeout_s=1))
        started = time.monotonic()
        try:
            store.query(ASK)
        except (Overloaded, StoreError):
            pass  # "retry in a moment" is a fine answer; waiting 3 s for nothing is not
        assert time.monotonic() - started < 2.0
    finally:
        store.close()


def test_many_clients_are_served_while_one_query_runs_away(store: EmbeddedStore) -> None:
    done: list[float] = []

    def client() -> None:
        started = time.monotonic()
        for _ in range(5):
            store.query(QueryRequest(f"SELECT ?s WHERE {{ ?s <{EX}value> 42 }}"))
        done.append(time.monotonic() - started)

    with ThreadPoolExecutor(1) as pool:
        runaway = pool.submit(store.query, QueryRequest(RUNAWAY, timeout_s=2))
        time.sleep(0.2)
        clients = [threading.Thread(target=client) for _ in range(3)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(10)
        with pytest.raises(QueryTimeout):
            runaway.result(10)
    assert len(done) == 3 and max(done) < 1.5
