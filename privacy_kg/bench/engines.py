"""The engines a query is measured on in-process: pyoxigraph in memory (the floor) and rdflib.

Each engine lives in its own process (`python -m privacy_kg.bench.engines ENGINE FILE.nq FD`) that
loads the N-Quads once and streams each run's seconds back. Neither engine can cancel a query, so
a run past its budget is stopped by killing: pyoxigraph runs in the engine process itself, which
the harness kills and restarts (a reload takes seconds); rdflib runs in a fork of its process
(the fork keeps the parsed data, copy-on-write), which the engine process kills, because reparsing
takes minutes. (A fork's first run of pyoxigraph pays for copying the pages it touches, 1.5x on a
1M-triple store, so pyoxigraph is not forked.) Either way the case is recorded as "> budget".

pyoxigraph queries go through `privacy_kg.store.engine.execute`, the very code the service's
query worker runs (engine-rendered JSON, the row cap). rdflib is the baseline a plain
FastAPI + rdflib endpoint gives: a `Dataset` whose default graph is the union of the named graphs,
`Dataset.query`, and rdflib's own JSON serializer. Parameters go in as a VALUES block opening the
outermost WHERE group, as the remote backend sends them: rdflib's `initBindings` pre-binds the
variable inside subqueries too, which changes the answer of a query whose subquery binds it.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..sparql.results import Rendered
from ..store.base import QueryRequest
from .machine import memory_mb
from .measure import Timing, run_loop

ENGINES = ("oxigraph", "rdflib")
_HEADER = struct.Struct("!I")


@dataclass(frozen=True)
class Limits:
    """How long one query may take: `reps` runs, `case_s` for all of them, `run_s` for one run."""

    reps: int
    case_s: float
    run_s: float


class _Oxigraph:
    def __init__(self, data: Path) -> None:
        import pyoxigraph as ox

        self.store = ox.Store()
        self.store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)

    def execute(self, request: QueryRequest) -> Rendered:
        from ..store.engine import execute

        return execute(self.store, request)


class _Rdflib:
    def __init__(self, data: Path) -> None:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        self.dataset.parse(str(data), format="nquads")

    def execute(self, request: QueryRequest) -> Rendered:
        from rdflib import URIRef

        from ..store.bindings import bind_values

        if len(request.default_graphs) > 1 or request.named_graphs:
            raise ValueError("the rdflib baseline handles the union default graph or one default graph only")
        target = self.dataset.graph(URIRef(request.default_graphs[0])) if request.default_graphs else self.dataset
        result = target.query(bind_values(request.text, request.bindings))
        if result.type == "SELECT":
            result.bindings = result.bindings[: request.cap]  # the same rows our endpoint would send
            return Rendered(result.serialize(format="json"), "application/sparql-results+json",
                            False, len(result.bindings))
        if result.type == "ASK":
            return Rendered(result.serialize(format="json"), "application/sparql-results+json", False, None)
        body = result.graph.serialize(format="nt", encoding="utf-8")
        return Rendered(body, "application/n-triples", False, len(result.graph))


# -- the engine process ----------------------------------------------------------------------
def serve(engine: str, data: Path, conn: Connection) -> None:
    began = time.perf_counter()
    try:
        loaded = _Oxigraph(data) if engine == "oxigraph" else _Rdflib(data)
    except Exception as exc:  # noqa: BLE001 - reported to the harness, which stops
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    load_s = time.perf_counter() - began
    conn.send(("ready", {"load_s": load_s, **memory_mb(os.getpid()), "cpu_s": _cpu_s()}))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, request, limits, want_body = message
        if engine == "rdflib":
            conn.send(("measured", *_measure_in_fork(loaded, request, limits, want_body)))
        else:
            _measure_here(loaded, request, limits, want_body, conn)


def _measure_here(engine: Any, request: QueryRequest, limits: Limits, want_body: bool, conn: Connection) -> None:
    """Stream each run's seconds; the harness kills this process if a run passes the budget."""
    timing, last = Timing(budget_s=limits.run_s), []

    def sample(seconds: float, rendered: Rendered) -> None:
        conn.send(("sample", seconds))
        timing.samples.append(seconds)
        last[:] = [rendered]

    try:
        run_loop(lambda: engine.execute(request), limits.reps, limits.case_s, sample)
    except Exception as exc:  # noqa: BLE001 - an engine failure is a result of the benchmark
        timing.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    conn.send(("measured", *_finish(timing, last[0] if last else None, want_body)))


def _finish(timing: Timing, rendered: Rendered | None, want_body: bool) -> tuple[Timing, Rendered | None]:
    if rendered is not None:
        timing.rows, timing.truncated, timing.bytes = rendered.rows, rendered.truncated, len(rendered.body)
    return timing, rendered if want_body else None


def _measure_in_fork(engine: Any, request: QueryRequest, limits: Limits, want_body: bool) -> tuple:
    """Run the query in a fork of this process; kill the fork if one run passes `limits.run_s`."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: measure, stream, exit without cleanup
        os.close(read_fd)
        _child(engine, request, limits, want_body, write_fd)
        os._exit(0)
    os.close(write_fd)
    timing, rendered = Timing(budget_s=limits.run_s), None
    deadline = time.monotonic() + limits.run_s
    buffer = b""
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                timing.over_budget = True
                break
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(buffer)
                if len(buffer) < _HEADER.size + size:
                    break
                kind, payload = pickle.loads(buffer[_HEADER.size:_HEADER.size + size])
                buffer = buffer[_HEADER.size + size:]
                if kind == "sample":
                    timing.samples.append(payload)
                    deadline = time.monotonic() + limits.run_s
                elif kind == "error":
                    timing.error = payload
                else:
                    rendered = payload
    os.waitpid(pid, 0)
    return _finish(timing, rendered, want_body)


def _child(engine: Any, request: QueryRequest, limits: Limits, want_body: bool, fd: int) -> None:
    def send(kind: str, payload: Any) -> None:
        data = pickle.dumps((kind, payload))
        os.write(fd, _HEADER.pack(len(data)))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]

    last: list[Rendered] = []

    def sample(seconds: float, rendered: Rendered) -> None:
        send("sample", seconds)
        last[:] = [rendered]

    try:
        run_loop(lambda: engine.execute(request), limits.reps, limits.case_s, sample)
        send("result", last[0])
    except Exception as exc:  # noqa: BLE001 - an engine failure is a result of the benchmark
        send("error", f"{type(exc).__name__}: {str(exc)[:300]}")


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the harness side ------------------------------------------------------------------------
class EngineProcess:
    """A loaded engine in its own process; `measure` times one query there."""

    def __init__(self, engine: str, data: Path, start_timeout_s: float = 1800.0) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}")
        self.engine, self.data, self.start_timeout_s = engine, data, start_timeout_s
        self.restarts = 0
        self.info: dict[str, Any] = self._start()

    def _start(self) -> dict[str, Any]:
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, self.engine, str(self.data), str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())
        began = time.perf_counter()
        if not self.conn.poll(self.start_timeout_s):
            self.close()
            raise RuntimeError(f"the {self.engine} engine did not load {self.data} in {self.start_timeout_s:g} s")
        status, info = self.conn.recv()
        if status != "ready":
            self.close()
            raise RuntimeError(f"the {self.engine} engine could not load {self.data}: {info}")
        return {**info, "wall_s": time.perf_counter() - began}

    @property
    def pid(self) -> int:
        return self.process.pid

    def measure(self, request: QueryRequest, limits: Limits, want_body: bool = False) -> tuple[Timing, Rendered | None]:
        if self.process.poll() is not None:  # killed at the last budget: load the data again
            self.restarts += 1
            self._start()
        self.conn.send(("measure", request, limits, want_body))
        samples: list[float] = []
        # rdflib enforces the budget in its fork; pyoxigraph is stopped from here.
        wait = limits.run_s if self.engine == "oxigraph" else limits.run_s * (limits.reps + 2) + 60
        while self.conn.poll(wait):
            message = self.conn.recv()
            if message[0] == "sample":
                samples.append(message[1])
                continue
            return message[1], message[2]
        self.process.kill()
        self.process.wait(30)
        self.conn.close()
        return Timing(samples=samples, over_budget=True, budget_s=limits.run_s), None

    def close(self) -> None:
        try:
            self.conn.send(("stop",))
        except OSError:
            pass
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)
        self.conn.close()


if __name__ == "__main__":
    serve(sys.argv[1], Path(sys.argv[2]), Connection(int(sys.argv[3])))
