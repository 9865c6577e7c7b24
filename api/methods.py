"""Which methods a path answers: the `Allow` header of a 405, and the answer to OPTIONS.

Starlette's router answers 405 with the methods of the first route whose path matched, but one
path is often served by several routes (GET and POST /articles; GET, PUT, POST and DELETE
/graph-store), so its `Allow` undercounts (RFC 9110 section 15.5.6 asks for all of them). An
OPTIONS request that is not a CORS preflight reaches the router as an unknown method; it is
answered here with 204 and the same `Allow`, for every path that exists (section 9.3.7).
"""

from __future__ import annotations

from fastapi import Request
from starlette.routing import Match

CANDIDATES = ("GET", "POST", "PUT", "DELETE", "PATCH")


def allowed_methods(request: Request) -> list[str]:
    """Each method some route fully matches for this path (asked through `BaseRoute.matches`, which
    included routers implement too), HEAD with GET (`HeadAsGetMiddleware`), and OPTIONS."""
    routes = request.app.router.routes
    scope = {
        "type": "http",
        "path": request.scope["path"],
        "root_path": request.scope.get("root_path", ""),
    }
    methods = [
        method
        for method in CANDIDATES
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    ]
    if "GET" in methods:
        methods.insert(1, "HEAD")
    return [*methods, "OPTIONS"]
