"""The gate every query and update passes before an engine sees it.

SECURITY.md: SERVICE makes the engine open outbound connections (SSRF) and LOAD
makes it fetch a URL; neither rdflib nor pyoxigraph can switch them off, so they are
refused here, on tokens (``lexer.inspect``), before evaluation. The guard also keeps
updates out of the query operation and queries out of the update operation, since
the two are authorised differently.
"""

from __future__ import annotations

from privacy_kg.errors import TooDeep
from privacy_kg.sparql.errors import (
    ForbiddenOperation,
    NotAnUpdate,
    NotAQuery,
    QueryTooLarge,
)
from privacy_kg.sparql.lexer import QueryInfo, inspect

__all__ = ["DEFAULT_MAX_QUERY_LENGTH", "DEFAULT_MAX_UPDATE_LENGTH", "check_query", "check_update"]

DEFAULT_MAX_QUERY_LENGTH = 65_536
DEFAULT_MAX_UPDATE_LENGTH = 1_048_576
MAX_NESTING = 200  # groups, parentheses and brackets; pyoxigraph's parser recurses once per level


def _check_nesting(info: QueryInfo, text: str, what: str) -> None:
    """Refuse deep nesting before any engine parses it: a few thousand levels overflow the
    parser's stack and kill the process (no exception), in the query worker or the server."""
    if info.depth > MAX_NESTING:
        raise TooDeep(
            f"the {what} nests groups or parentheses {info.depth} levels deep, more than "
            f"{MAX_NESTING} (at {_where(text, info.depth_at or 0)}); flatten it"
        )


def _check_length(text: str, max_length: int, what: str) -> None:
    if len(text) > max_length:
        raise QueryTooLarge(
            f"the {what} is {len(text):,} characters long and this endpoint accepts at most "
            f"{max_length:,}; shorten it or split it into smaller requests",
            length=len(text),
            max_length=max_length,
        )


def _where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    snippet = text[position : position + 40].split("\n", 1)[0]
    return f"line {line}, column {column}: {snippet!r}"


def _refuse_service(text: str, info: QueryInfo, allow_service: bool) -> None:
    if info.service_at is None or allow_service:
        return
    raise ForbiddenOperation(
        "SPARQL SERVICE is disabled on this endpoint (federated queries would make the server "
        "open outbound connections); remove the SERVICE clause "
        f"(at {_where(text, info.service_at)})",
        operation="SERVICE",
        position=info.service_at,
    )


def check_query(
    text: str, *, allow_service: bool = False, max_length: int = DEFAULT_MAX_QUERY_LENGTH
) -> QueryInfo:
    """Accept a SELECT, ASK, CONSTRUCT or DESCRIBE query that is safe to evaluate.

    Raises ``QueryTooLarge``, ``SparqlSyntaxError``, ``NotAQuery`` or ``ForbiddenOperation``.
    """
    _check_length(text, max_length, "query")
    info = inspect(text)
    _check_nesting(info, text, "query")
    if info.is_update:
        raise NotAQuery(
            "this text is a SPARQL update, not a query; send it to the update operation "
            "(POST with an 'update' parameter or Content-Type application/sparql-update)"
        )
    _refuse_service(text, info, allow_service)
    return info


def check_update(
    text: str,
    *,
    allow_service: bool = False,
    allow_load: bool = False,
    max_length: int = DEFAULT_MAX_UPDATE_LENGTH,
) -> QueryInfo:
    """Accept a SPARQL update that is safe to run: no LOAD, no SERVICE in its WHERE clauses.

    Raises ``QueryTooLarge``, ``SparqlSyntaxError``, ``NotAnUpdate`` or ``ForbiddenOperation``.
    """
    _check_length(text, max_length, "update")
    info = inspect(text, empty_update=True)
    _check_nesting(info, text, "update")
    if not info.is_update:
        raise NotAnUpdate(
            f"this text is a SPARQL {info.form} query, not an update; send it to the query "
            "operation (GET or POST with a 'query' parameter)"
        )
    if info.load_at is not None and not allow_load:
        raise ForbiddenOperation(
            "SPARQL LOAD is disabled on this endpoint (it would make the server fetch a URL); "
            "remove the LOAD operation and send the RDF data in the request instead "
            f"(at {_where(text, info.load_at)})",
            operation="LOAD",
            position=info.load_at,
        )
    _refuse_service(text, info, allow_service)
    return info
