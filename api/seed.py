"""First start on a fresh clone: an empty embedded store is filled from the hand mappings."""

from __future__ import annotations

import logging

from privacy_kg.build import build
from privacy_kg.settings import Settings
from privacy_kg.store import Store

log = logging.getLogger("privacy_kg.api")


def ensure_seeded(store: Store, settings: Settings) -> None:
    """Build the seed graph into an empty store, unless `settings.seed` is off (an empty service)."""
    if not settings.seed or store.named_graphs():
        return
    log.info("the store at %s is empty: building the seed graph from %s", settings.store, settings.data_dir)
    result = build(settings, store, progress=log.info)
    log.info("seeded %s triples in %s graphs", f"{result.triples_written:,}", result.graphs_written)
