"""URLs must be UTF-8: a percent-encoded byte that is not (`?q=%FF`) is a 400 naming the parameter.

Starlette and uvicorn decode paths and query strings with replacement characters, so `%FF` would
silently become U+FFFD: a search for it finds nothing (200), an IRI built from it is another IRI.
Checked on the raw bytes, before routing.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_response


class Utf8UrlMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = _path_problem(scope.get("raw_path") or b"") or _query_problem(
                scope.get("query_string", b"")
            )
            if problem:
                await error_response(400, "bad-input", problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _invalid_byte(raw: bytes) -> int | None:
    """The first byte of `raw` (percent-decoded) that breaks UTF-8, or None."""
    data = unquote_to_bytes(raw)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[exc.start]
    return None


def _path_problem(raw_path: bytes) -> str | None:
    byte = _invalid_byte(raw_path)
    if byte is None:
        return None
    return f"the URL path is not UTF-8 (byte 0x{byte:02x}); percent-encode UTF-8 text"


def _query_problem(query: bytes) -> str | None:
    for pair in query.split(b"&"):
        name, _, value = pair.replace(b"+", b" ").partition(b"=")
        for part, what in ((name, "a parameter name"), (value, None)):
            byte = _invalid_byte(part)
            if byte is not None:
                label = what or f"parameter {unquote_to_bytes(name).decode('utf-8', 'replace')!r}"
                return (
                    f"the query string is not UTF-8 (byte 0x{byte:02x} in {label}); "
                    "percent-encode UTF-8 text"
                )
    return None
