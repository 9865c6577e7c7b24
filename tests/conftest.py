"""Shared fixtures: a seeded embedded store, a real Oxigraph server, and the service on loopback.

Fixtures only; the helpers behind them live in `testkit.live` (import them from there, not from
this file). Everything is real: pyoxigraph on disk, `oxigraph serve`, uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.live import (
    OxigraphServer,
    copy_seed,
    make_settings,
    service_fixture,
    start_oxigraph,
    stop,
)

from privacy_kg.build import build
from privacy_kg.store import EmbeddedStore


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


@pytest.fixture()
def seeded_store(seed_store_dir: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A private, writable copy of the seed store, queried in-process."""
    store = EmbeddedStore(copy_seed(seed_store_dir, tmp_path / "store"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real `oxigraph serve` process on a free loopback port (PyPI package `oxigraph`)."""
    if shutil.which("oxigraph") is None:
        pytest.fail("the `oxigraph` server is not installed: pip install -e '.[test]'")
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    stop(server.process)


# The whole service over HTTP on 127.0.0.1, once per backend; tests run against both.
service = service_fixture("service")
