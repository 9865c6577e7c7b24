"""Hostile HTTP at the protocol level: invalid UTF-8 in paths, parameters and bodies, odd
Accept headers, duplicate or unknown parameters, path traversal, HEAD/OPTIONS/405 and CORS.

One `privacy-kg serve` process per module (2 s query timeout, 2 queries at once, 1 MB bodies)
takes every burst; after each test it is still up, `ASK {}` answers and the dataset is unchanged
(`still_serving_and_unchanged` in conftest.py).
"""

from __future__ import annotations

import httpx
import pytest

from .conftest import AUTH
from .http_helpers import SCRATCH, error, raw_request

pytestmark = pytest.mark.usefixtures("still_serving_and_unchanged")


# -- encodings ------------------------------------------------------------------------------
BAD_UTF8 = [
    ("GET", "/sparql?query=ASK%20%7B%7D%FF", None, {}),
    ("GET", "/actors?q=%C3%28", None, {}),
    ("GET", "/queries/incidents?subject=%FF%FE", None, {}),
    ("GET", "/actors/%FF", None, {}),
    ("GET", "/id/actor/%E2%82", None, {}),
    ("POST", "/sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}),
    (
        "POST",
        "/sparql",
        b"query=ASK%20%7B%7D%FF",
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
    (
        "POST",
        "/validate",
        b'<https://example.org/s> <https://example.org/p> "\xff" .',
        {"Content-Type": "application/n-triples"},
    ),
    ("POST", "/articles", b'{"text": "caf\xe9"}', {**AUTH, "Content-Type": "application/json"}),
    (
        "POST",
        "/articles",
        b"A regulator fined caf\xe9 owners.",
        {**AUTH, "Content-Type": "text/plain"},
    ),
    (
        "PUT",
        f"/graph-store?graph={SCRATCH}",
        b'<https://example.org/s> <https://example.org/p> "\xc3" .',
        {**AUTH, "Content-Type": "text/turtle"},
    ),
]


@pytest.mark.parametrize(("method", "target", "body", "headers"), BAD_UTF8)
def test_invalid_utf8_anywhere_is_a_400_that_says_so(server, method, target, body, headers) -> None:
    with httpx.Client(timeout=30) as client:  # the target is sent as written, escapes included
        request = client.build_request(
            method, server.base_url + target, content=body, headers=headers
        )
        response = client.send(request)
    message = error(response, 400)
    assert "utf-8" in message.lower(), message


# -- headers and parameters -----------------------------------------------------------------
ODD_ACCEPT = [
    "",
    ";;;,,,",
    "*/*;q=abc",
    "application/json;q=nan",
    "application/json;q=1e999",
    "text/*;q=-1",
    "application/sparql-results+json;q=0",
    "image/png",
    "x" * 4000,
    ", ".join(f"text/x-{i};q=0.{i % 9 + 1}" for i in range(500)),
]
ACCEPT_TARGETS = [
    "/",
    "/actors?limit=1",
    "/sparql?query=ASK%20%7B%7D",
    "/ontology",
    "/queries/incidents",
    "/id/actor/ppc",
]


def test_odd_accept_headers_get_an_answer_or_a_406(http) -> None:
    for target in ACCEPT_TARGETS:
        for accept in ODD_ACCEPT:
            response = http.get(target, headers={"Accept": accept})
            if response.status_code != 200:
                error(response, 406, "not-acceptable")


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("/actors?limit=1&limit=2", "limit"),
        ("/actors/ppc?format=json&format=turtle", "format"),
        ("/legal-actions?kind=order&kind=warning", "kind"),
        ("/queries/incidents?kind=data_breach&kind=cyberattack", "kind"),
        ("/ontology?format=turtle&format=html", "format"),
        ("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D", "query"),
        ("/actors?limit=1&colour=blue", "colour"),
        ("/incidents/ly-naver-subcontractor-leak-2023?colour=blue", "colour"),
        ("/queries/incidents?colour=blue", "colour"),
        (
            "/graph-store?graph=https://w3id.org/privacy-kg/graph/entities&graph=https://example.org/g",
            "graph",
        ),
    ],
)
def test_duplicate_and_unknown_parameters_are_400s_naming_them(http, target, name) -> None:
    assert name in error(http.get(target), 400)


TRAVERSALS = [
    "/id/..%2F..%2F..%2Fetc%2Fpasswd",
    "/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/actor/..%5C..%5C..%5Cpyproject.toml",
    "/dumps/..%2F..%2Fpyproject.toml",
    "/dumps/%2e%2e%2fpyproject.toml",
    "/dumps/privacy-kg.nq%00.txt",
    "/ontology/..%2F..%2Fdata%2Fentities.yaml",
    "/queries/..%2Frest%2Fdescribe",
]


def test_path_traversal_finds_nothing(server, http) -> None:
    leaks = (b"root:x:", b"[project]", b"privacy-kg team", b"actors:", b"CONSTRUCT")
    for target in TRAVERSALS:
        with httpx.Client(timeout=30) as client:
            response = client.send(client.build_request("GET", server.base_url + target))
        error(response, 404, "not-found")
        assert not any(leak in response.content for leak in leaks), target
    for raw_path in ("/id/../../../etc/passwd", "/dumps/../../pyproject.toml", "/dumps/./../x"):
        answer = raw_request(
            server, f"GET {raw_path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()
        )
        assert answer.split(b"\r\n", 1)[0] in (
            b"HTTP/1.1 404 Not Found",
            b"HTTP/1.1 400 Bad Request",
        ), answer[:200]
        assert not any(leak in answer for leak in leaks), raw_path


def _example_paths(http: httpx.Client) -> dict[str, set[str]]:
    """Every documented path with its path parameters filled in, and its documented methods."""
    fill = {
        "{id}": "ppc",
        "{term}": "LegalAction",
        "{path}": "actor/ppc",
        "{file}": "privacy-kg.nq",
    }
    paths: dict[str, set[str]] = {}
    for template, operations in http.get("/openapi.json").json()["paths"].items():
        path = template
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        paths[path] = {method.upper() for method in operations}
    return paths


def test_head_and_options_answer_on_every_documented_path(http) -> None:
    paths = _example_paths(http)
    assert len(paths) > 20
    for path, documented in paths.items():
        options = http.options(path)
        assert options.status_code == 204, (path, options.text)
        allowed = {m.strip() for m in options.headers["allow"].split(",")}
        assert documented <= allowed, (path, documented, allowed)
        assert ("HEAD" in allowed) == ("GET" in allowed), (path, allowed)
        if "GET" not in documented:
            head = http.head(path)
            assert head.status_code == 405 and head.content == b"", path
            assert "OPTIONS" in head.headers["allow"], path
            continue
        get, head = http.get(path), http.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == get.headers.get("content-type"), path


def test_a_method_a_path_does_not_have_is_405_listing_the_ones_it_has(http) -> None:
    response = http.request("PATCH", "/articles")
    error(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    gsp = http.request("PATCH", "/graph-store?default")
    assert gsp.headers["allow"] == "GET, HEAD, POST, PUT, DELETE, OPTIONS"


def test_cors_preflight(http) -> None:
    origin = {"Origin": "https://app.example.org"}
    allowed = http.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] in ("*", origin["Origin"])
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = http.options("/sparql", headers={**origin, "Access-Control-Request-Method": "DELETE"})
    assert "method" in error(refused, 400, "cors-refused")
    cross = http.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert cross.status_code == 200 and cross.headers["access-control-allow-origin"] in (
        "*",
        origin["Origin"],
    )
