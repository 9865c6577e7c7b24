"""`/actors`: companies, authorities, government bodies, people, groups of users, and services."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import Field

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest import ACTORS, get_item, list_items
from ..rest.models import Actor, Page, item_responses, list_responses
from ..rest.params import ItemParams, ListParams, country, notation

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class ActorFilters(ListParams):
    q: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        examples=["line"],
        description="text to find in a label or an alias, in any language (Japanese too), "
        "case-insensitive",
    )
    kind: str | None = notation(
        "only actors of this kind, narrower kinds included (authority finds data protection "
        "authorities; service lists apps)",
        "authority",
    )
    country: str | None = country("only actors of this country", "JP")


@router.get(
    "/actors",
    summary="List actors",
    description="Actors from the entity registry and from ingested articles (companies, authorities, government "
    "bodies, people, groups of data subjects) and the services they run, in order of English name, each with its "
    "labels and aliases per language, kind, country and Wikidata id.",
    response_model=Page[Actor],
    responses=list_responses(),
)
async def list_actors(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    params: Annotated[ActorFilters, Query()],
) -> Response:
    return await list_items(
        request,
        store,
        settings,
        ACTORS,
        params.filters(),
        params.limit,
        params.offset,
        params.format,
    )


@router.get("/actors/{id}", summary="One actor", response_model=Actor, responses=item_responses())
async def get_actor(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="the actor's id (the end of its IRI)", examples=["ppc"])],
    params: Annotated[ItemParams, Query()],
) -> Response:
    return await get_item(request, store, settings, ACTORS, id, params.format)
