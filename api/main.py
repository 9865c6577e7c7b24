"""Builds the app: `create_app(settings, store)` so tests and the CLI pass their own parts.

Without a store, the app opens the configured one at start-up (seeding an empty embedded store
from the hand mappings) and closes it at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from privacy_kg import __version__
from privacy_kg.queries import NamedQueries
from privacy_kg.settings import Settings
from privacy_kg.store import Store, open_store

from . import errors
from .cors import JsonCORSMiddleware
from .head import HeadAsGetMiddleware
from .limits import BodyLimitMiddleware
from .rest.query_routes import install as install_query_routes
from .routers import ROUTERS
from .seed import ensure_seeded
from .urls import Utf8UrlMiddleware

log = logging.getLogger("privacy_kg.api")

DESCRIPTION = """
A knowledge graph of personal-data incidents, regulators' actions and cross-border data flows,
mapped from news articles with provenance for every fact.

* **SPARQL 1.1** at `/sparql` (Protocol, Update, service description) and the Graph Store Protocol.
* **REST** resources for apps (`/actors`, `/incidents`, `/data-flows`, `/legal-actions`, `/articles`).
* **Named queries** (`/queries`): each `queries/*.rq` file is an endpoint.
* **Validation** (`/validate`) and article ingest (`POST /articles`, token) for maintainers.

Reads are open; writes need `Authorization: Bearer <token>`. Errors are JSON: `{"type", "message"}`.
"""


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings()
    queries = NamedQueries.load(settings.queries_dir)  # fails at start-up, naming the file

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings)
        try:
            if owned:
                ensure_seeded(app.state.store, settings)
                app.state.store.start()
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="privacy-kg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "sparql", "description": "SPARQL 1.1 Protocol, Update and Graph Store Protocol"},
            {"name": "resources", "description": "REST resources for apps"},
            {"name": "queries", "description": "Named queries from `queries/*.rq`"},
            {"name": "maintenance", "description": "Validation, ingest, dumps and health"},
        ],
    )
    app.state.settings = settings
    app.state.queries = queries
    if store is not None:
        app.state.store = store
    errors.install(app)
    app.add_middleware(Utf8UrlMiddleware)  # inside CORS: its 400s carry CORS headers too
    app.add_middleware(
        JsonCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS", "POST"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["Link", "X-Total-Count", "X-Result-Truncated", "X-Result-Row-Cap", "Retry-After"],
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGetMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    install_query_routes(app, queries)  # one documented operation per queries/*.rq file
    return app
