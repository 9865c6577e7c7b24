"""`/health`: is the store reachable, and how much does it hold."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from privacy_kg import __version__
from privacy_kg.store import Store

from ..deps import SingleValues, StoreDep
from ..rest.models import errors

router = APIRouter(tags=["maintenance"], dependencies=[SingleValues])


class Health(BaseModel):
    status: str = Field(description='"ok" when the store answered')
    backend: str = Field(description="embedded or remote")
    quads: int = Field(description="quads in the store, all graphs")
    named_graphs: int
    version: str


def _counts(store: Store) -> tuple[int, int]:
    return store.quad_count(), len(store.named_graphs())


@router.get(
    "/health",
    summary="Service health",
    description="Asks the store for its size: a 200 means it answered. A store that cannot be reached is a 503.",
    response_model=Health,
    responses=errors(503),
)
async def health(store: StoreDep) -> dict[str, Any]:
    quads, graphs = await run_in_threadpool(_counts, store)
    return {
        "status": "ok",
        "backend": store.name,
        "quads": quads,
        "named_graphs": graphs,
        "version": __version__,
    }
