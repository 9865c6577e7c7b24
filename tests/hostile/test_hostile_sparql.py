"""Hostile SPARQL: deeply nested queries and updates, queries over 64 KB, and runaway queries
that must time out with a 503 while other requests are served (these run last in the module:
each leaves a worker to be replaced).

One `privacy-kg serve` process per module (2 s query timeout, 2 queries at once, 1 MB bodies)
takes every burst; after each test it is still up, `ASK {}` answers and the dataset is unchanged
(`still_serving_and_unchanged` in conftest.py).
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from .conftest import AUTH, serve
from .http_helpers import error, raw_request

pytestmark = pytest.mark.usefixtures("still_serving_and_unchanged")

TIMEOUT_S = 2.0
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_REGEX = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "^(a|aa|a?a)+(b|c*)*$", "i")) }'
)


# -- nesting and length ---------------------------------------------------------------------
NESTED_SPARQL = [
    "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
]


def test_deeply_nested_sparql_is_refused_and_the_server_survives(seed_store_dir, tmp_path) -> None:
    """Its own server: today the update below kills the process that parses it."""
    with serve(seed_store_dir, tmp_path) as service, httpx.Client(timeout=60) as client:
        for text in NESTED_SPARQL:
            query = client.post(
                f"{service.base_url}/sparql",
                content=text,
                headers={"Content-Type": "application/sparql-query"},
            )
            error(query, (400, 413))
        update = (
            "INSERT { <https://example.org/s> <https://example.org/p> 1 } WHERE "
            + "{" * 5000
            + "}" * 5000
        )
        response = client.post(
            f"{service.base_url}/sparql",
            content=update,
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
        error(response, (400, 413))
        assert service.alive() and service.answers(within_s=2)


@pytest.mark.parametrize("send", ["get", "form", "direct"])
def test_queries_over_64_kb_are_413(server, http, send) -> None:
    text = "ASK {} # " + "x" * 70_000
    if send == "get":  # a raw request line: httpx itself refuses URLs this long
        answer = raw_request(
            server,
            f"GET /sparql?query={text.replace(' ', '%20')} HTTP/1.1\r\n"
            "Host: test\r\nConnection: close\r\n\r\n".encode(),
        )
        assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
        assert b"65,536" in answer
        return
    if send == "form":
        response = http.post("/sparql", data={"query": text})
    else:
        response = http.post(
            "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}
        )
    assert "65,536" in error(response, 413, "query-too-large")


# -- runaway queries (the last ones: each leaves a worker to be replaced) -------------------
def _timed_query(base_url: str, query: str, out: list) -> None:
    started = time.monotonic()
    with httpx.Client(timeout=60) as client:
        response = client.get(f"{base_url}/sparql", params={"query": query})
    out.append((response, time.monotonic() - started))


@pytest.mark.parametrize("query", [CROSS_PRODUCT, SLOW_REGEX], ids=["cross-product", "regex"])
def test_a_runaway_query_is_503_in_about_the_timeout_and_others_are_served(server, query) -> None:
    out: list = []
    runaway = threading.Thread(target=_timed_query, args=(server.base_url, query, out))
    runaway.start()
    time.sleep(0.5)
    started = time.monotonic()
    quick = httpx.get(f"{server.base_url}/health", timeout=10)
    assert quick.status_code == 200 and time.monotonic() - started < 2.0  # 2 busy cores in CI
    runaway.join(30)
    response, seconds = out[0]
    error(response, 503, "timeout")
    assert int(response.headers["retry-after"]) > 0
    assert TIMEOUT_S * 0.75 <= seconds <= TIMEOUT_S + 4, seconds


def test_many_heavy_queries_at_once_get_503_not_a_queue(server) -> None:
    out: list = []
    threads = [
        threading.Thread(target=_timed_query, args=(server.base_url, CROSS_PRODUCT, out))
        for _ in range(10)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(out) == 10
    assert {json.loads(r.text)["type"] for r, _ in out} <= {"timeout", "overloaded"}
    assert all(r.status_code == 503 for r, _ in out)
    assert max(seconds for _, seconds in out) <= TIMEOUT_S + 6
    assert time.monotonic() - started <= TIMEOUT_S + 8
    assert server.answers(within_s=15)
