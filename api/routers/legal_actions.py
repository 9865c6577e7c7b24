"""`/legal-actions`: orders, warnings, fines, requests ... with who, whom, when and their sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from ..deps import SettingsDep, SingleValues, StoreDep
from ..rest import LEGAL_ACTIONS, get_item, list_items
from ..rest.models import LegalAction, Page, item_responses, list_responses
from ..rest.params import ItemParams, ListParams, PartialDate, actor, date_from, date_to, notation

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


@router.get(
    "/legal-actions",
    summary="List legal actions",
    description="Regulators' and governments' actions (orders, warnings, fines, report requests, usage "
    "suspensions, administrative guidance ...), newest first, each with its authority, target, kind, dates, "
    "amount and sources (article, evidence quotes, mapping method).",
    response_model=Page[LegalAction],
    responses=list_responses(),
)
async def list_legal_actions(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    params: Annotated[LegalActionFilters, Query()],
) -> Response:
    return await list_items(
        request,
        store,
        settings,
        LEGAL_ACTIONS,
        params.filters(),
        params.limit,
        params.offset,
        params.format,
    )


@router.get(
    "/legal-actions/{id}",
    summary="One legal action",
    response_model=LegalAction,
    responses=item_responses(),
)
async def get_legal_action(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[
        str,
        Path(
            description="the action's id (the end of its IRI)",
            examples=["ppc-facebook-protection-order-2018"],
        ),
    ],
    params: Annotated[ItemParams, Query()],
) -> Response:
    return await get_item(request, store, settings, LEGAL_ACTIONS, id, params.format)
