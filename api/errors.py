"""The one place where errors become HTTP responses: JSON `{type, message, details?}` everywhere."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from privacy_kg.errors import PrivacyKGError

from .methods import allowed_methods

log = logging.getLogger("privacy_kg.api")

STATUS_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    415: "unsupported-media-type",
    422: "validation-failed",
    503: "unavailable",
}


def error_response(status: int, type_: str, message: str, details=None, headers=None) -> JSONResponse:
    body = {"type": type_, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(PrivacyKGError)
    async def _domain(request: Request, exc: PrivacyKGError) -> JSONResponse:
        headers = {"Retry-After": "5"} if exc.http_status == 503 else None
        if exc.http_status == 401:
            headers = {"WWW-Authenticate": 'Bearer realm="privacy-kg"'}
        if exc.http_status >= 500:
            log.warning("%s %s -> %s %s", request.method, request.url.path, exc.http_status, exc.message)
        return error_response(exc.http_status, exc.type, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _params(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            location = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "header")]
            problems.append({"parameter": ".".join(location) or "(request)", "problem": error.get("msg", "invalid")})
        message = "; ".join(f"parameter {p['parameter']!r}: {p['problem']}" for p in problems)
        return error_response(400, "bad-parameter", message or "invalid request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 404 and message == "Not Found":  # the router's: no route matched
            message = f"nothing is served at {request.url.path!r}; the index at / lists what is"
        if exc.status_code == 405:  # the path exists, the method does not: say which ones do
            allow = ", ".join(allowed_methods(request))
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            headers = {**(headers or {}), "Allow": allow}
            message = f"{request.method} is not allowed here; this path answers {allow}"
        return error_response(exc.status_code, STATUS_TYPES.get(exc.status_code, "error"), message,
                              headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal-error", "the server failed to handle the request; it was logged")
