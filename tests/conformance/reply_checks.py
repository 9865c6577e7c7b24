"""What a protocol or service-description check is, and how it judges one reply.

Shared by `protocol.py` (the SPARQL 1.1 Protocol tests) and `service_description.py`. Each
`expect_*` returns '' when the reply is what the test expects, else why not, so that a check can
chain them with `or` and report the first problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from .service import Client, Reply

__all__ = [
    "BOOLEAN_TYPES",
    "RDF_TYPES",
    "TABULAR_TYPES",
    "Check",
    "expect_boolean",
    "expect_client_error",
    "expect_success",
    "expect_type",
]

BOOLEAN_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")


@dataclass(frozen=True)
class Check:
    """One protocol or service-description test: `run` returns '' when it passes, else why not."""

    name: str
    run: Callable[[Client], str]
    needs_data: bool = False


def expect_boolean(reply: Reply, expected: bool | None = True) -> str:
    if not 200 <= reply.status < 400:
        return f"HTTP {reply.status}: {reply.body[:200]!r}"
    if reply.media_type not in BOOLEAN_TYPES:
        return f"Content-Type {reply.media_type!r} is not a boolean results type"
    formats = {
        BOOLEAN_TYPES[0]: ox.QueryResultsFormat.XML,
        BOOLEAN_TYPES[1]: ox.QueryResultsFormat.JSON,
    }
    answer = ox.parse_query_results(reply.body, format=formats[reply.media_type])
    if not isinstance(answer, ox.QueryBoolean):
        return "the answer is not a boolean"
    if expected is not None and bool(answer) is not expected:
        return f"answered {bool(answer)}, expected {expected}"
    return ""


def expect_type(reply: Reply, allowed: tuple[str, ...]) -> str:
    if not 200 <= reply.status < 400:
        return f"HTTP {reply.status}: {reply.body[:200]!r}"
    return (
        "" if reply.media_type in allowed else f"Content-Type {reply.media_type!r} not in {allowed}"
    )


def expect_success(reply: Reply) -> str:
    return "" if 200 <= reply.status < 400 else f"HTTP {reply.status}: {reply.body[:200]!r}"


def expect_client_error(reply: Reply) -> str:
    return "" if 400 <= reply.status < 500 else f"expected a 4xx status, got {reply.status}"
