"""`/legal-actions`: orders, warnings, fines, requests ... with who, whom, when and their sources."""

from __future__ import annotations

from fastapi import APIRouter, Path

from ..deps import SingleValues
from ..rest import LEGAL_ACTIONS
from ..rest.models import LegalAction
from ..rest.params import ListParams, PartialDate, actor, date_from, date_to, notation
from ..rest.resource_routes import add_resource_routes

router = APIRouter(tags=["resources"], dependencies=[SingleValues])


class LegalActionFilters(ListParams):
    authority: str | None = actor("only actions issued by this authority or government body", "ppc")
    target: str | None = actor(
        "only actions addressed to, or concerning, this actor or service", "facebook-inc"
    )
    kind: str | None = notation(
        "only actions of this kind (LegalActionKind: order, warning, fine ...)", "order"
    )
    reported_as: str | None = notation("only actions some source reported as this kind", "warning")
    date_from: PartialDate | None = date_from("2018-10-22")
    date_to: PartialDate | None = date_to("2018-10")


add_resource_routes(
    router,
    LEGAL_ACTIONS,
    filters=LegalActionFilters,
    model=LegalAction,
    list_summary="List legal actions",
    list_description="Regulators' and governments' actions (orders, warnings, fines, report requests, usage "
    "suspensions, administrative guidance ...), newest first, each with its authority, target, kind, dates, "
    "amount and sources (article, evidence quotes, mapping method).",
    item_summary="One legal action",
    item_id=Path(
        description="the action's id (the end of its IRI)",
        examples=["ppc-facebook-protection-order-2018"],
    ),
)
