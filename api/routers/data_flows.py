"""`/data-flows`: personal data collected, reached, stored or sent, from where to where, by whom."""

from __future__ import annotations

from fastapi import APIRouter, Path

from ..deps import SingleValues
from ..rest import DATA_FLOWS
from ..rest.models import DataFlow
from ..rest.params import ListParams, actor, country, notation
from ..rest.resource_routes import add_resource_routes

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


add_resource_routes(
    router,
    DATA_FLOWS,
    filters=DataFlowFilters,
    model=DataFlow,
    list_summary="List data flows",
    list_description="Personal data collected, accessed, stored, transferred, disclosed or leaked, with the parties, "
    "source and recipient jurisdictions, data categories, conditions, status and sources; ordered by source "
    "country, recipient country and id. A data category matches its narrower categories too.",
    item_summary="One data flow",
    item_id=Path(description="the flow's id (the end of its IRI)", examples=["line-china-access"]),
)
