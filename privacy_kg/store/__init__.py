"""Stores: one small interface (`Store`), an embedded and a remote implementation."""

from __future__ import annotations

from ..settings import Settings
from .base import QueryRequest, Store, Term
from .embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "QueryRequest", "Store", "Term", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The configured backend, opened; call `start()` on it to serve queries with deadlines."""
    if settings.backend == "remote":
        from .remote import RemoteStore

        return RemoteStore.from_settings(settings)
    return EmbeddedStore(
        settings.store,
        read_only=read_only,
        timeout_s=settings.query_timeout_s,
        max_concurrent=settings.max_concurrent_queries,
    )
