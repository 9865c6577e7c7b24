"""Real services on loopback: an `oxigraph serve` process, the app under uvicorn, seeded stores.

Everything is real: the store is pyoxigraph on disk, the remote backend is an `oxigraph serve`
process, and the service is uvicorn listening on 127.0.0.1. Nothing is mocked.
"""

from __future__ import annotations

import inspect
import math
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import httpx
import pytest
import uvicorn

from privacy_kg.settings import Settings
from privacy_kg.store import EmbeddedStore, Store

WRITE_TOKEN = "test-write-token"
BACKENDS = ("embedded", "remote")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def make_settings(store_path: Path, **overrides) -> Settings:
    return Settings(store_path=store_path, write_token=WRITE_TOKEN, **overrides)


def copy_seed(seed_store_dir: Path, target: Path) -> Path:
    shutil.copytree(seed_store_dir, target)
    return target


@dataclass
class OxigraphServer:
    url: str
    process: subprocess.Popen

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"


def start_oxigraph(location: Path, timeout_s: float = 10.0) -> OxigraphServer:
    port = free_port()
    process = subprocess.Popen(
        ["oxigraph", "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph", "--timeout-s", str(max(1, math.ceil(timeout_s)))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
    except RuntimeError:
        process.kill()
        raise
    return OxigraphServer(f"http://127.0.0.1:{port}", process)


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate, then kill what has not exited within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


@dataclass
class LiveService:
    """The app served by uvicorn on loopback, over one backend."""

    base_url: str
    settings: Settings
    store: Store
    backend: str

    def url(self, path: str) -> str:
        return self.base_url + path


class ServerThread:
    """uvicorn in a daemon thread of the test run, started on enter and stopped on exit."""

    def __init__(self, app, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def open_backend(backend: str, seed_store_dir: Path, workdir: Path, **overrides) -> tuple[Store, Settings, list]:
    """A started store of the given backend holding the seed graph; cleanups to run after."""
    from api.seed import ensure_seeded

    cleanups: list = []
    if backend == "embedded":
        path = copy_seed(seed_store_dir, workdir / "store")
        settings = make_settings(path, **overrides)
        store: Store = EmbeddedStore(path, timeout_s=settings.query_timeout_s,
                                     max_concurrent=settings.max_concurrent_queries)
    else:
        from privacy_kg.store.remote import RemoteStore

        server = start_oxigraph(workdir / "oxigraph", timeout_s=overrides.get("query_timeout_s", 10.0))
        cleanups.append(lambda: stop(server.process))
        settings = make_settings(
            workdir / "unused-store", backend="remote", remote_query_url=server.query_url,
            remote_update_url=server.update_url, remote_store_url=server.store_url, **overrides,
        )
        store = RemoteStore.from_settings(settings)
        ensure_seeded(store, settings)
    store.start()
    cleanups.insert(0, store.close)
    return store, settings, cleanups


@contextmanager
def live_service(
    backend: str, seed_store_dir: Path, workdir: Path, **overrides
) -> Iterator[LiveService]:
    """A service of its own on loopback, over a fresh copy of the seed graph."""
    from api import create_app

    store, settings, cleanups = open_backend(backend, seed_store_dir, workdir, **overrides)
    try:
        port = free_port()
        with ServerThread(create_app(settings, store), port):
            yield LiveService(f"http://127.0.0.1:{port}", settings, store, backend)
    finally:
        for cleanup in cleanups:
            cleanup()


def service_fixture(name: str, **overrides: Any) -> Callable[..., Iterator[LiveService]]:
    """A module-scoped fixture: `live_service` once per backend, with these settings overridden.

    `name` only names the fixture's temporary folder. Modules that write, or that need small
    limits, assign one of their own (`writable = service_fixture("update")`) instead of sharing
    the session's `service`."""

    @pytest.fixture(scope="module", params=BACKENDS)
    def fixture(
        request: pytest.FixtureRequest, seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[LiveService]:
        workdir = tmp_path_factory.mktemp(f"{name}-{request.param}")
        with live_service(request.param, seed_store_dir, workdir, **overrides) as live:
            yield live

    return fixture


def client_fixture(
    of: str = "service", *, timeout: float = 30.0, scope: str = "module"
) -> Callable[..., Iterator[httpx.Client]]:
    """A fixture: an httpx client on the `base_url` of the fixture named `of`, closed afterwards.

    The fixture's one argument is named after `of` (through its signature), so pytest resolves
    that fixture, and its backend parameters, as it would for a hand-written one."""

    def client(**fixtures: Any) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=fixtures[of].base_url, timeout=timeout) as http:
            yield http

    client.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(of, inspect.Parameter.KEYWORD_ONLY)]
    )
    return pytest.fixture(scope=scope)(client)
