"""One exception hierarchy for the package.

Every error a user can cause is a `PrivacyKGError` with a short machine `type`, a message a person
can act on, and the exit code and HTTP status it maps to. The CLI and the API render these in one
place each (`privacy_kg.cli.app`, `api.errors`); nothing else formats errors.
"""

from __future__ import annotations

from typing import Any


class PrivacyKGError(Exception):
    """Base class: `type` names the error for programs, `message` tells a person what to do."""

    type = "error"
    http_status = 500
    exit_code = 1

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class InputError(PrivacyKGError):
    """The caller sent something unusable: bad syntax, a bad parameter, an unreadable file."""

    type = "bad-input"
    http_status = 400
    exit_code = 2


class MappingError(InputError):
    """A hand mapping or an article cannot be turned into facts (names file, fact and field)."""

    type = "mapping-error"


class RDFSyntaxError(InputError):
    type = "rdf-syntax-error"


class QuerySyntaxError(InputError):
    type = "query-syntax-error"


class ForbiddenOperation(PrivacyKGError):
    """A query or update asks for something disabled for safety (SERVICE, LOAD)."""

    type = "forbidden-operation"
    http_status = 403
    exit_code = 2


class UnsupportedMediaType(InputError):
    """A request body in a syntax this service does not read."""

    type = "unsupported-media-type"
    http_status = 415


class TooLarge(InputError):
    type = "too-large"
    http_status = 413


class TooDeep(InputError):
    """Input nested deeper than a parser can follow: the engine's parsers recurse once per level
    and a few thousand levels overflow the stack, killing the process (no exception to catch)."""

    type = "too-deep"


class NotAcceptable(PrivacyKGError):
    type = "not-acceptable"
    http_status = 406
    exit_code = 2


class NotFound(PrivacyKGError):
    type = "not-found"
    http_status = 404
    exit_code = 2


class Unauthorized(PrivacyKGError):
    type = "unauthorized"
    http_status = 401
    exit_code = 2


class ReadOnly(PrivacyKGError):
    type = "read-only"
    http_status = 403
    exit_code = 2


class ValidationFailed(PrivacyKGError):
    """SHACL found violations: nothing was written. `details` carries the report."""

    type = "validation-failed"
    http_status = 422
    exit_code = 1


class QueryTimeout(PrivacyKGError):
    type = "timeout"
    http_status = 503
    exit_code = 3


class Overloaded(PrivacyKGError):
    type = "overloaded"
    http_status = 503
    exit_code = 3


class StoreError(PrivacyKGError):
    """The store is missing, locked or unreachable."""

    type = "store-error"
    http_status = 503
    exit_code = 3
