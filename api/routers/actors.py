"""`/actors`: companies, authorities, government bodies, people, groups of users, and services."""

from __future__ import annotations

from fastapi import APIRouter, Path
from pydantic import Field

from ..deps import SingleValues
from ..rest import ACTORS
from ..rest.models import Actor
from ..rest.params import ListParams, country, notation
from ..rest.resource_routes import add_resource_routes

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


add_resource_routes(
    router,
    ACTORS,
    filters=ActorFilters,
    model=Actor,
    list_summary="List actors",
    list_description="Actors from the entity registry and from ingested articles (companies, authorities, government "
    "bodies, people, groups of data subjects) and the services they run, in order of English name, each with its "
    "labels and aliases per language, kind, country and Wikidata id.",
    item_summary="One actor",
    item_id=Path(description="the actor's id (the end of its IRI)", examples=["ppc"]),
)
