"""`/data-flows`: personal data collected, reached, stored or sent, from where to where, by whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest import DATA_FLOWS, get_item, list_items
from ..rest.models import DataFlow, Page, item_responses, list_responses
from ..rest.params import ItemParams, ListParams, actor, country, notation

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class DataFlowFilters(ListParams):
    from_country: str | None = country("only flows whose data starts in this jurisdiction", "JP")
    to_country: str | None = country(
        "only flows whose data ends up in, or is reached from, this jurisdiction", "CN"
    )
    country: str | None = country("only flows with this jurisdiction on either side", "KR")
    kind: str | None = notation(
        "only flows of this kind (DataFlowKind: access, storage, transfer ...)", "access"
    )
    data_category: str | None = notation(
        "only flows of this personal-data category or a narrower one (its id)", "identifier"
    )
    party: str | None = actor("only flows with this actor as source or recipient", "line-corp")


@router.get(
    "/data-flows",
    summary="List data flows",
    description="Personal data collected, accessed, stored, transferred, disclosed or leaked, with the parties, "
    "source and recipient jurisdictions, data categories, conditions, status and sources; ordered by source "
    "country, recipient country and id. A data category matches its narrower categories too.",
    response_model=Page[DataFlow],
    responses=list_responses(),
)
async def list_data_flows(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    params: Annotated[DataFlowFilters, Query()],
) -> Response:
    return await list_items(
        request,
        store,
        settings,
        DATA_FLOWS,
        params.filters(),
        params.limit,
        params.offset,
        params.format,
    )


@router.get(
    "/data-flows/{id}", summary="One data flow", response_model=DataFlow, responses=item_responses()
)
async def get_data_flow(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[
        str, Path(description="the flow's id (the end of its IRI)", examples=["line-china-access"])
    ],
    params: Annotated[ItemParams, Query()],
) -> Response:
    return await get_item(request, store, settings, DATA_FLOWS, id, params.format)
