"""Shared fixtures: a seeded embedded store, a real Oxigraph server, and the service on loopback.

Everything is real: the store is pyoxigraph on disk, the remote backend is an `oxigraph serve`
process, and the service is uvicorn listening on 127.0.0.1. Nothing is mocked.
"""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from privacy_kg.build import build
from privacy_kg.settings import PROJECT_ROOT, Settings
from privacy_kg.store import EmbeddedStore, Store

ARTICLES = PROJECT_ROOT.parent / "shared" / "articles"
WRITE_TOKEN = "test-write-token"


def needs_articles() -> None:
    """Skip a test that reads the source articles when ../shared/articles is absent."""
    if not ARTICLES.is_dir():
        pytest.skip("../shared/articles is not present")


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


@pytest.fixture(scope="session")
def seed_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the seed graph, built once; copy it before writing to it."""
    path = tmp_path_factory.mktemp("seed") / "store"
    store = EmbeddedStore(path)
    try:
        build(make_settings(path), store)
    finally:
        store.close()
    return path


def copy_seed(seed_store_dir: Path, target: Path) -> Path:
    shutil.copytree(seed_store_dir, target)
    return target


@pytest.fixture()
def seeded_store(seed_store_dir: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A private, writable copy of the seed store, queried in-process."""
    store = EmbeddedStore(copy_seed(seed_store_dir, tmp_path / "store"))
    yield store
    store.close()


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


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real `oxigraph serve` process on a free loopback port (PyPI package `oxigraph`)."""
    if shutil.which("oxigraph") is None:
        pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    stop(server.process)


@dataclass
class LiveService:
    """The app served by uvicorn on loopback, over one backend."""

    base_url: str
    settings: Settings
    store: Store
    backend: str

    def url(self, path: str) -> str:
        return self.base_url + path


class _ServerThread:
    def __init__(self, app, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _ServerThread:
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


@pytest.fixture(scope="module", params=["embedded", "remote"])
def service(request: pytest.FixtureRequest, seed_store_dir: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """The whole service over HTTP on 127.0.0.1, once per backend; tests run against both."""
    from api import create_app

    store, settings, cleanups = open_backend(request.param, seed_store_dir, tmp_path_factory.mktemp(request.param))
    port = free_port()
    try:
        with _ServerThread(create_app(settings, store), port):
            yield LiveService(f"http://127.0.0.1:{port}", settings, store, request.param)
    finally:
        for cleanup in cleanups:
            cleanup()
