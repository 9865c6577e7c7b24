"""The two routes of every REST resource, a list and an item, declared once for all of them.

Each router passes what differs (its filter model, response model, summaries and the id's
description and example); the handlers are the same for all and call `list_items` / `get_item`.
Route names stay `list_<path>` and `get_<segment>`, so operation ids are what they were when each
router wrote its own two handlers.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.params import Path
from pydantic import BaseModel

from ..deps import SettingsDep, StoreDep
from .models import Page, item_responses, list_responses
from .params import ItemParams, ListParams
from .resources import Resource, get_item, list_items

Endpoint = Callable[..., Awaitable[Response]]


def add_resource_routes(
    router: APIRouter,
    resource: Resource,
    *,
    filters: type[ListParams],
    model: type[BaseModel],
    list_summary: str,
    list_description: str,
    item_summary: str,
    item_id: Path,
) -> None:
    """`GET /{path}` (a filtered page of items) and `GET /{path}/{id}` (one item) on `router`."""
    router.add_api_route(
        f"/{resource.path}",
        _annotated(_list_endpoint(resource), "params", Annotated[filters, Query()]),
        methods=["GET"],
        name=f"list_{resource.path.replace('-', '_')}",
        summary=list_summary,
        description=list_description,
        response_model=Page[model],  # type: ignore[valid-type]
        responses=list_responses(),
    )
    router.add_api_route(
        f"/{resource.path}/{{id}}",
        _annotated(_item_endpoint(resource), "id", Annotated[str, item_id]),
        methods=["GET"],
        name=f"get_{resource.segment.replace('-', '_')}",
        summary=item_summary,
        response_model=model,
        responses=item_responses(),
    )


def _list_endpoint(resource: Resource) -> Endpoint:
    async def endpoint(
        request: Request, store: StoreDep, settings: SettingsDep, params: ListParams
    ) -> Response:
        return await list_items(
            request,
            store,
            settings,
            resource,
            params.filters(),
            params.limit,
            params.offset,
            params.format,
        )

    return endpoint


def _item_endpoint(resource: Resource) -> Endpoint:
    async def endpoint(
        request: Request,
        store: StoreDep,
        settings: SettingsDep,
        id: str,
        params: Annotated[ItemParams, Query()],
    ) -> Response:
        return await get_item(request, store, settings, resource, id, params.format)

    return endpoint


def _annotated(endpoint: Endpoint, name: str, annotation: Any) -> Endpoint:
    """Give parameter `name` the resource's own annotation; FastAPI reads the signature to build
    the parameters it validates and documents (the other annotations are resolved here)."""
    signature = inspect.signature(endpoint, eval_str=True)
    parameters = [
        p.replace(annotation=annotation) if p.name == name else p
        for p in signature.parameters.values()
    ]
    endpoint.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return endpoint
