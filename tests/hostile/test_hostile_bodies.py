"""Hostile request bodies: over the 1 MB cap (declared, chunked, or only announced) and
bodies or headers that never finish (slowloris), which must not hold up other clients.

One `privacy-kg serve` process per module (2 s query timeout, 2 queries at once, 1 MB bodies)
takes every burst; after each test it is still up, `ASK {}` answers and the dataset is unchanged
(`still_serving_and_unchanged` in conftest.py).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from .conftest import AUTH
from .http_helpers import SCRATCH, error, raw_request

pytestmark = pytest.mark.usefixtures("still_serving_and_unchanged")

CAP = 1024 * 1024


# -- bodies ---------------------------------------------------------------------------------
BODY_TARGETS = [
    ("POST", "/validate", {"Content-Type": "text/turtle"}),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}),
    ("PUT", f"/graph-store?graph={SCRATCH}", {**AUTH, "Content-Type": "application/n-triples"}),
    ("POST", "/articles", {**AUTH, "Content-Type": "text/plain; charset=utf-8"}),
]


@pytest.mark.parametrize(("method", "path", "headers"), BODY_TARGETS)
def test_bodies_over_the_cap_are_413_declared_or_chunked(http, method, path, headers) -> None:
    declared = http.request(method, path, content=b"#" * (CAP + 1), headers=headers)
    assert "over the 1,048,576-byte limit" in error(declared, 413, "too-large")

    def chunks() -> Iterator[bytes]:
        for _ in range(40):  # 2.5 MB in 64 KB chunks, no Content-Length
            yield b"#" * 65536

    chunked = http.request(method, path, content=chunks(), headers=headers)
    assert "content-length" not in chunked.request.headers
    error(chunked, 413, "too-large")


def test_a_declared_length_over_the_cap_is_refused_before_the_body_arrives(server) -> None:
    head = (
        b"POST /validate HTTP/1.1\r\nHost: test\r\nContent-Type: text/turtle\r\n"
        b"Content-Length: 5000000000\r\nConnection: close\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_request(server, head + b"@prefix")  # almost none of the 5 GB is ever sent
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5


def test_partial_requests_do_not_block_other_clients(server, http) -> None:
    """Slowloris: many connections stuck in their headers or bodies; others are served at once."""
    port = int(server.base_url.rsplit(":", 1)[1])
    stuck: list[socket.socket] = []
    try:
        for index in range(40):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if index % 4:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: ")  # headers never end
            else:
                sock.sendall(
                    b"POST /sparql HTTP/1.1\r\nHost: test\r\n"
                    b"Content-Type: application/sparql-query\r\n"
                    b"Content-Length: 100000\r\n\r\nASK {"  # the body never arrives
                )
            stuck.append(sock)
        time.sleep(0.3)
        for path in ("/health", "/sparql?query=ASK%20%7B%7D", "/actors?limit=1"):
            started = time.monotonic()
            response = http.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            assert time.monotonic() - started < 2.0, path
    finally:
        for sock in stuck:
            sock.close()
