"""Fixtures of the named-query tests; the helpers they use live in this package (`__init__.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from privacy_kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def seed(seed_store_dir: Path) -> Iterator[EmbeddedStore]:
    """The seed store, opened read-only once per module: these tests only read, so they share it
    rather than copying it per test as `seeded_store` does (a copy and a cold cache per test)."""
    store = EmbeddedStore(seed_store_dir, read_only=True)
    yield store
    store.close()
