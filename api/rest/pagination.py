"""Offset pagination: the page envelope, the `next` URL and RFC 8288 `Link` headers.

Links keep every other query parameter of the request, in order, and change only `offset` (and
`limit`), so following `next` repeats the same filtered, ordered query one page further.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import URL

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 10**9  # past any store's size; larger numbers overflow the engine's OFFSET


def _with_offset(url: URL, offset: int, limit: int) -> str:
    params = [
        (k, v)
        for k, v in parse_qsl(url.query, keep_blank_values=True)
        if k not in ("offset", "limit")
    ]
    params += [("limit", str(limit)), ("offset", str(offset))]
    return str(url.replace(query=urlencode(params)))


def page_links(url: URL, limit: int, offset: int, total: int) -> dict[str, str]:
    """rel -> URL: `first` always, `prev` after the first page, `next` only when rows remain."""
    links = {"first": _with_offset(url, 0, limit)}
    if offset > 0:
        links["prev"] = _with_offset(url, max(offset - limit, 0), limit)
    if offset + limit < total:
        links["next"] = _with_offset(url, offset + limit, limit)
    if total > 0:
        links["last"] = _with_offset(url, ((total - 1) // limit) * limit, limit)
    return links


def link_header(links: dict[str, str]) -> str:
    return ", ".join(f'<{target}>; rel="{rel}"' for rel, target in links.items())


def envelope(
    items: list[dict[str, Any]], total: int, limit: int, offset: int, links: dict[str, str]
) -> dict[str, Any]:
    """The JSON page: `next` appears only when more rows exist."""
    body: dict[str, Any] = {"items": items, "total": total, "limit": limit, "offset": offset}
    if "next" in links:
        body["next"] = links["next"]
    return body
