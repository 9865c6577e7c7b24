"""`/incidents`: breaches, cyberattacks, mishandling ..., with every reported figure and their sources."""

from __future__ import annotations

from fastapi import APIRouter, Path

from ..deps import SingleValues
from ..rest import INCIDENTS
from ..rest.models import Incident
from ..rest.params import (
    ListParams,
    PartialDate,
    actor,
    country,
    date_from,
    date_to,
    notation,
)
from ..rest.resource_routes import add_resource_routes

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class IncidentFilters(ListParams):
    subject: str | None = actor("only incidents that happened to this organisation", "ly-corp")
    kind: str | None = notation(
        "only incidents of this kind (IncidentKind: data_breach, cyberattack ...)", "data_breach"
    )
    country: str | None = country("only incidents in this jurisdiction", "JP")
    date_from: PartialDate | None = date_from("2023-11-15")
    date_to: PartialDate | None = date_to("2024")


add_resource_routes(
    router,
    INCIDENTS,
    filters=IncidentFilters,
    model=Incident,
    list_summary="List incidents",
    list_description="Data breaches, cyberattacks, unauthorised access, mishandling ..., newest first (by date or "
    "disclosure date), each with its subject, jurisdictions, data categories, every figure as reported (value, "
    "qualifier, unit, date reported, scope) and sources.",
    item_summary="One incident",
    item_id=Path(
        description="the incident's id (the end of its IRI)",
        examples=["ly-naver-subcontractor-leak-2023"],
    ),
)
