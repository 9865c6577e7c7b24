"""Helpers of the hostile HTTP modules: raw requests no client normalises, and error checks.

Plain functions, imported as `.http_helpers`; the fixtures (the server, its client and the
after-test check) are in conftest.py.
"""

from __future__ import annotations

import socket

import httpx

from .conftest import Service

SCRATCH = "https://example.org/test/hostile/graph"


def error(response: httpx.Response, status: int | tuple[int, ...], type_: str | None = None) -> str:
    """Assert a JSON error `{type, message}` with this status; return the message."""
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert body["message"], body
    if type_ is not None:
        assert body["type"] == type_, body
    return body["message"]


def raw_request(server: Service, request: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes as they are (no client normalises the path) and read the whole answer."""
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)
