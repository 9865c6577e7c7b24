"""Errors raised by the SPARQL protocol building blocks.

Each error carries a short machine name (``type``) and a message written for the
person who sent the request, so the HTTP layer and the CLI can render any of them
the same way without knowing which module raised it.
"""

from __future__ import annotations

from .. import errors as base


class SparqlError(base.PrivacyKGError):
    """Base class: ``type`` is a stable machine name, ``message`` says what to do."""

    type: str = "sparql-error"
    http_status = 400
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)


class SparqlSyntaxError(base.QuerySyntaxError, SparqlError):
    """The text cannot be read as SPARQL; ``position`` is a 0-based offset in it."""

    type = "syntax-error"

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


class QueryTooLarge(base.TooLarge, SparqlError):
    """The query or update text is longer than the endpoint accepts."""

    type = "query-too-large"

    def __init__(self, message: str, *, length: int, max_length: int) -> None:
        super().__init__(message)
        self.length = length
        self.max_length = max_length


class ForbiddenOperation(base.ForbiddenOperation, SparqlError):
    """The text uses an operation this endpoint refuses (SERVICE, LOAD)."""

    type = "forbidden-operation"

    def __init__(self, message: str, *, operation: str, position: int | None = None) -> None:
        super().__init__(message)
        self.operation = operation
        self.position = position


class NotAQuery(SparqlError):
    """An update was sent where a query was expected."""

    type = "not-a-query"


class NotAnUpdate(SparqlError):
    """A query was sent where an update was expected."""

    type = "not-an-update"


class NotAcceptable(base.NotAcceptable, SparqlError):
    """No result format satisfies the request; ``available`` lists what would."""

    type = "not-acceptable"

    def __init__(self, message: str, *, available: tuple[str, ...]) -> None:
        super().__init__(message)
        self.available = available


class MalformedResults(SparqlError):
    """Results received from a remote SPARQL server could not be parsed."""

    type = "malformed-results"
    http_status = 502
    exit_code = 3
