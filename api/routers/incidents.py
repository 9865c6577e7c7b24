"""`/incidents`: breaches, cyberattacks, mishandling ..., with every reported figure and their sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest import INCIDENTS, get_item, list_items
from ..rest.models import Incident, Page, item_responses, list_responses
from ..rest.params import (
    ItemParams,
    ListParams,
    PartialDate,
    actor,
    country,
    date_from,
    date_to,
    notation,
)

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class IncidentFilters(ListParams):
    subject: str | None = actor("only incidents that happened to this organisation", "ly-corp")
    kind: str | None = notation(
        "only incidents of this kind (IncidentKind: data_breach, cyberattack ...)", "data_breach"
    )
    country: str | None = country("only incidents in this jurisdiction", "JP")
    date_from: PartialDate | None = date_from("2023-11-15")
    date_to: PartialDate | None = date_to("2024")


@router.get(
    "/incidents",
    summary="List incidents",
    description="Data breaches, cyberattacks, unauthorised access, mishandling ..., newest first (by date or "
    "disclosure date), each with its subject, jurisdictions, data categories, every figure as reported (value, "
    "qualifier, unit, date reported, scope) and sources.",
    response_model=Page[Incident],
    responses=list_responses(),
)
async def list_incidents(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    params: Annotated[IncidentFilters, Query()],
) -> Response:
    return await list_items(
        request,
        store,
        settings,
        INCIDENTS,
        params.filters(),
        params.limit,
        params.offset,
        params.format,
    )


@router.get(
    "/incidents/{id}", summary="One incident", response_model=Incident, responses=item_responses()
)
async def get_incident(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[
        str,
        Path(
            description="the incident's id (the end of its IRI)",
            examples=["ly-naver-subcontractor-leak-2023"],
        ),
    ],
    params: Annotated[ItemParams, Query()],
) -> Response:
    return await get_item(request, store, settings, INCIDENTS, id, params.format)
