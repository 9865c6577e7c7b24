"""Query evaluation in worker processes that hold an in-memory replica of the store.

Why processes: pyoxigraph's `Store.query` has no timeout, and a query that runs away can only be
stopped by stopping the process that runs it. Why in memory: the on-disk store answers scans and
aggregates several times slower. So the durable store stays in the server process (it takes every
write first), and a worker process evaluates queries on an in-memory copy, several at a time in
threads (the engine releases the GIL).

When a query passes its deadline the caller gets `QueryTimeout` at once; the worker is marked
tainted, a replacement loads a fresh snapshot, takes over, and the tainted worker is killed once
nothing but expired queries run in it. Writes reach every replica in commit order through its pipe.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import Overloaded, PrivacyKGError, QueryTimeout, StoreError
from ..sparql.results import Rendered
from .base import QueryRequest

log = logging.getLogger(__name__)
MAX_LIVE_WORKERS = 3
REPLICA_MODULE = "privacy_kg.store.replica"
REAP_INTERVAL_S = 0.2


@dataclass(eq=False)
class Worker:
    """The parent's handle on one worker process."""

    process: Any
    conn: Any
    pending: dict[int, tuple[Future, float]] = field(default_factory=dict)
    outbox: queue.Queue = field(default_factory=queue.Queue)
    ready: threading.Event = field(default_factory=threading.Event)
    tainted: bool = False
    dead: bool = False
    error: str | None = None

    def send(self, message: tuple) -> None:
        self.outbox.put(message)

    def live_requests(self, now: float) -> int:
        return sum(1 for _, deadline in self.pending.values() if deadline > now)


class QueryWorkers:
    """A self-healing replica process serving queries with deadlines and a concurrency cap."""

    def __init__(
        self,
        snapshot: Callable[[Path], None],
        write_lock: threading.RLock,
        *,
        timeout_s: float,
        max_concurrent: int,
        start_timeout_s: float = 600.0,
    ) -> None:
        self._snapshot = snapshot
        self._write_lock = write_lock
        self._timeout_s = timeout_s
        self._start_timeout_s = start_timeout_s
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._threads = max_concurrent
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._workers: list[Worker] = []
        self._active: Worker | None = None
        self._replacing = False
        self._closed = False
        threading.Thread(target=self._reap_loop, name="worker-reaper", daemon=True).start()

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        worker = self._spawn()
        self._await_ready(worker)
        with self._lock:
            self._active = worker

    def close(self) -> None:
        self._closed = True
        for worker in list(self._workers):
            self._kill(worker)

    def _spawn(self) -> Worker:
        """Snapshot the store and start a worker, registered for every later write (under the write lock)."""
        with self._write_lock:
            fd, name = tempfile.mkstemp(prefix="privacy-kg-snapshot-", suffix=".nq")
            os.close(fd)
            path = Path(name)
            self._snapshot(path)
            parent, child = socket.socketpair()
            # A fresh interpreter running this module (not multiprocessing's spawn, which re-imports
            # the caller's __main__): the child end of the socket pair is its message channel.
            process = subprocess.Popen(
                [sys.executable, "-m", REPLICA_MODULE, str(child.fileno()), str(path), str(self._threads)],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
            )
            child.close()
            worker = Worker(process, Connection(parent.detach()))
            with self._lock:
                self._workers.append(worker)
        threading.Thread(target=self._send_loop, args=(worker,), daemon=True).start()
        threading.Thread(target=self._recv_loop, args=(worker,), daemon=True).start()
        log.info("query worker %s started", process.pid)
        return worker

    def _await_ready(self, worker: Worker) -> None:
        if not worker.ready.wait(self._start_timeout_s) or worker.dead:
            self._kill(worker)
            raise StoreError(f"the query worker did not start: {worker.error or 'timed out loading the store'}")

    # -- queries -------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> Rendered:
        timeout = request.timeout_s or self._timeout_s
        if not self._slots.acquire(timeout=min(timeout, 1.0)):
            raise Overloaded("too many queries are running; retry in a moment")
        try:
            worker = self._active
            if worker is None or worker.dead:
                raise StoreError("no query worker is available; retry in a moment")
            if worker.tainted and len(worker.pending) >= self._threads:
                raise Overloaded("the query worker is being replaced after a runaway query; retry in a moment")
            request_id = next(self._ids)
            future: Future = Future()
            worker.pending[request_id] = (future, time.monotonic() + timeout)
            worker.send(("query", request_id, request))
            try:
                return future.result(timeout)
            except FutureTimeout:
                self._taint(worker)
                raise QueryTimeout(
                    f"the query ran past the {timeout:g} s limit and was stopped; narrow it or add a LIMIT"
                ) from None
        finally:
            self._slots.release()

    def broadcast_update(self, text: str, timeout_s: float = 600.0) -> None:
        """Apply a committed update to every replica; wait for those that are serving."""
        futures = []
        with self._lock:
            workers = [w for w in self._workers if not w.dead]
        for worker in workers:
            request_id = next(self._ids)
            future: Future = Future()
            worker.pending[request_id] = (future, float("inf"))
            worker.send(("update", request_id, text))
            if worker.ready.is_set():
                futures.append((worker, future))
        for worker, future in futures:
            try:
                future.result(timeout_s)
            except Exception as exc:  # noqa: BLE001 - an inconsistent replica must go
                log.error("replica %s failed an update (%s); replacing it", worker.process.pid, exc)
                self._taint(worker)

    # -- healing -------------------------------------------------------------------------
    def _taint(self, worker: Worker) -> None:
        with self._lock:
            if worker.tainted:
                return
            worker.tainted = True
            if self._replacing or self._closed:
                return
            self._replacing = True
        threading.Thread(target=self._replace, name="worker-replace", daemon=True).start()

    def _replace(self) -> None:
        try:
            new = self._spawn()
            self._await_ready(new)
            with self._lock:
                self._active = new
            log.warning("query worker %s replaced a tainted worker", new.process.pid)
        except PrivacyKGError as exc:
            log.error("could not replace the query worker: %s", exc.message)
        finally:
            with self._lock:
                self._replacing = False
                again = self._active is not None and self._active.tainted
            if again and not self._closed:
                self._active.tainted = False  # let _taint start another replacement
                self._taint(self._active)

    def _reap_loop(self) -> None:
        while not self._closed:
            time.sleep(REAP_INTERVAL_S)
            now = time.monotonic()
            with self._lock:
                retired = [w for w in self._workers if w.tainted and w is not self._active]
                live = [w for w in self._workers if not w.dead]
            for worker in retired:
                if worker.live_requests(now) == 0 or len(live) > MAX_LIVE_WORKERS:
                    self._kill(worker)

    def _kill(self, worker: Worker) -> None:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait(5)
            log.warning("query worker %s stopped", worker.process.pid)
        worker.conn.close()
        self._mark_dead(worker, "the query worker was stopped")

    def _mark_dead(self, worker: Worker, reason: str) -> None:
        worker.dead = True
        worker.error = worker.error or reason
        worker.ready.set()
        for future, _ in list(worker.pending.values()):
            if not future.done():
                future.set_exception(StoreError(f"{reason}; retry the request"))
        worker.pending.clear()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
            lost_active = worker is self._active
        if lost_active and not self._closed:
            worker.tainted = False
            self._taint(worker)

    # -- pipes ---------------------------------------------------------------------------
    def _send_loop(self, worker: Worker) -> None:
        while not worker.dead:
            message = worker.outbox.get()
            try:
                worker.conn.send(message)
            except (OSError, ValueError, BrokenPipeError):
                return

    def _recv_loop(self, worker: Worker) -> None:
        while True:
            try:
                status, request_id, payload = worker.conn.recv()
            except (EOFError, OSError):
                self._mark_dead(worker, "the query worker exited")
                return
            if status == "ready":
                worker.ready.set()
                continue
            if status == "failed":
                worker.error = payload
                self._mark_dead(worker, payload)
                return
            future, _ = worker.pending.pop(request_id, (None, 0))
            if future is None or future.done():
                continue
            if status == "ok":
                future.set_result(payload)
            else:
                future.set_exception(payload)
