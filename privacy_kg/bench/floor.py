"""The floor: the service's own request handling, in-process, with every query timed on the engine.

`MeasuredStore` is a `Store` whose queries are sent to an `EngineProcess` (pyoxigraph in memory,
as in the service's query worker) and timed there, engine time only. The app from
`api.create_app` runs in-process on it (Starlette's TestClient, no socket), so a case is exactly
the queries the service runs for that request, with the same text, bindings, row cap and format.
Those recorded requests are then replayed on the rdflib baseline.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import QueryTimeout, StoreError
from ..settings import Settings
from ..sparql.results import Rendered
from ..store.base import QueryRequest
from .engines import EngineProcess, Limits
from .measure import Timing, sum_timings


@dataclass
class Recorded:
    """One request to the in-process app: its status and body, and each query it ran, timed."""

    status: int
    body: bytes
    queries: list[tuple[QueryRequest, Timing]] = field(default_factory=list)

    @property
    def floor(self) -> Timing:
        timings = [t for _, t in self.queries]
        return timings[0] if len(timings) == 1 else sum_timings(timings)


class MeasuredStore:
    """A read-only Store answered by an engine process; records each query and its timing."""

    name = "embedded"

    def __init__(self, engine: EngineProcess, limits: Limits) -> None:
        self.engine = engine
        self.limits = limits
        self.calls: list[tuple[QueryRequest, Timing]] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        return None

    def query(self, request: QueryRequest) -> Rendered:
        with self._lock:
            timing, rendered = self.engine.measure(request, self.limits, want_body=True)
            self.calls.append((request, timing))
        if timing.error:
            raise StoreError(f"query evaluation failed: {timing.error}")
        if rendered is None:
            raise QueryTimeout(f"the query ran past the benchmark's {self.limits.run_s:g} s budget")
        return rendered

    def named_graphs(self) -> list[str]:
        return ["urn:benchmark"]  # anything non-empty: the app never seeds a store it was given

    def quad_count(self) -> int:
        return 0

    def __getattr__(self, name: str) -> Any:
        raise StoreError(f"the benchmark store does not support {name}")


class InProcessApp:
    """The service's app on a `MeasuredStore`, driven without a socket."""

    def __init__(self, client: Any, store: MeasuredStore) -> None:
        self.client = client
        self.store = store

    def request(self, url: str) -> Recorded:
        self.store.calls = []
        response = self.client.get(url)
        return Recorded(response.status_code, response.content, list(self.store.calls))


@contextmanager
def in_process_app(settings: Settings, engine: EngineProcess, limits: Limits) -> Iterator[InProcessApp]:
    with warnings.catch_warnings():  # Starlette's notice that TestClient will move to httpx2
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from api import create_app

    store = MeasuredStore(engine, limits)
    app = create_app(settings, store)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:  # runs the lifespan: routes installed
        yield InProcessApp(client, store)
