"""Shared dependencies: settings, the store, the named queries and the write guard, as `Annotated` aliases."""

from __future__ import annotations

import hmac
from collections import Counter
from typing import Annotated

from fastapi import Depends, Request

from privacy_kg.errors import InputError, ReadOnly, Unauthorized
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


def require_single_values(request: Request) -> None:
    """Every query parameter at most once: `?limit=1&limit=2` is a 400 naming it, not a silent pick
    of the last (the SPARQL endpoints, whose dataset parameters repeat, do not use this)."""
    counts = Counter(name for name, _ in request.query_params.multi_items())
    repeated = [(name, count) for name, count in counts.items() if count > 1]
    if repeated:
        name, count = repeated[0]
        raise InputError(f"parameter {name!r} is given {count} times; send it once")


SingleValues = Depends(require_single_values)
