"""Shared dependencies: settings, the store, the named queries and the write guard, as `Annotated` aliases."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from privacy_kg.errors import ReadOnly, Unauthorized
from privacy_kg.queries import NamedQueries
from privacy_kg.settings import Settings
from privacy_kg.store import Store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_queries(request: Request) -> NamedQueries:
    return request.app.state.queries


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
QueriesDep = Annotated[NamedQueries, Depends(get_queries)]


def require_write_token(request: Request, settings: SettingsDep) -> None:
    """Writes need `Authorization: Bearer <token>`; with no token configured the service is read-only."""
    if settings.write_token is None:
        raise ReadOnly("this service is read-only: start it with a write token (PRIVACY_KG_WRITE_TOKEN) to allow writes")
    header = request.headers.get("authorization", "")
    scheme, _, supplied = header.partition(" ")
    if scheme.lower() != "bearer" or not supplied.strip():
        raise Unauthorized("writes need an `Authorization: Bearer <token>` header")
    expected = settings.write_token.get_secret_value().encode()
    if not hmac.compare_digest(supplied.strip().encode(), expected):
        raise ReadOnly("the bearer token is not valid for writes")


WriteAccess = Depends(require_write_token)
