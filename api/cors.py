"""Starlette's CORS middleware with its refused preflights in the service's JSON error shape.

Starlette answers a preflight for a method or header it does not allow with a plain-text 400;
every other error here is JSON `{type, message}`, so this one is too (same status, same headers).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from .errors import error_response

_BODY_HEADERS = ("content-length", "content-type")


class JsonCORSMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        refused = bytes(response.body).decode("utf-8", "replace")  # "Disallowed CORS method, ..."
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _BODY_HEADERS}
        allowed = ", ".join(sorted(self.allow_methods))
        return error_response(
            response.status_code,
            "cors-refused",
            f"CORS preflight refused: {refused.removeprefix('Disallowed CORS ')} not allowed "
            f"(methods: {allowed}; headers: {', '.join(sorted(self.allow_headers))})",
            headers=headers,
        )
