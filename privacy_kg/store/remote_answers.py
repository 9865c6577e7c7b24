"""What a remote SPARQL server answers: its errors as the package's errors, its bodies as results.

Kept apart from `remote.py` (the exchange itself) so each reads on its own: the mapping from HTTP
statuses and server messages to `QuerySyntaxError` / `QueryTimeout` / `StoreError`, and the
conversion of TSV / N-Triples / SPARQL JSON bodies into engine-rendered results.
"""

from __future__ import annotations

import ast
import re
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from ..errors import PrivacyKGError, QuerySyntaxError, QueryTimeout, StoreError
from ..namespaces import PREFIXES
from ..sparql import formats
from ..sparql.errors import MalformedResults
from ..sparql.results import Rendered, render_boolean, render_ntriples_bytes, render_tsv_bytes

_TSV, _NT = ox.QueryResultsFormat.TSV, ox.RdfFormat.N_TRIPLES
CANCELLED = re.compile(r"cancel|time[ds]?[ -]?out", re.IGNORECASE)
HTTP_STATUS = {
    "EndPointNotFound": 404,
    "Unauthorized": 401,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


@dataclass(frozen=True)
class Answer:
    content_type: str
    server: str
    body: bytes
    complete: bool  # False when the download stopped early, past the row cap


# -- errors --------------------------------------------------------------------------------------
def failure(exc: BaseException, url: str, operation: str, timeout: float) -> PrivacyKGError:
    """One of the package's errors for anything an HTTP exchange with the server raised."""
    if isinstance(exc, PrivacyKGError):
        return exc
    status = exc.code if isinstance(exc, urllib.error.HTTPError) else HTTP_STATUS.get(type(exc).__name__)
    if isinstance(exc, QueryBadFormed) or status == 400:
        return QuerySyntaxError(f"the SPARQL server refused the {operation}: {server_message(exc)}")
    if isinstance(exc, SPARQLWrapperException | urllib.error.HTTPError):
        message = server_message(exc)
        if operation == "query" and CANCELLED.search(message):
            return QueryTimeout(f"the SPARQL server stopped the query at its time limit: {message}")
        return StoreError(f"the SPARQL server at {url} answered {status or 'an error'}: {message}")
    if isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError):
        if operation == "query":
            return QueryTimeout(f"the query ran past the {timeout:g} s limit; narrow it or add a LIMIT")
        return StoreError(f"{url} did not answer the {operation} within {timeout:g} s")
    if isinstance(exc, urllib.error.URLError | OSError | HTTPException):
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        return StoreError(f"the SPARQL server at {url} cannot be reached: {reason}")
    return StoreError(f"the {operation} to {url} failed: {type(exc).__name__}: {exc}")


def server_message(exc: BaseException) -> str:
    """The server's own words (SPARQLWrapper keeps the response body only inside its message)."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            return exc.read().decode("utf-8", "replace").strip() or str(exc.reason)
        except OSError:
            return str(exc.reason)
    _, found, body = str(exc).partition("\n\nResponse:\n")
    try:
        return ast.literal_eval(body).decode("utf-8", "replace").strip() if found else str(exc)
    except (ValueError, SyntaxError, AttributeError):
        return body.strip()


# -- answers -------------------------------------------------------------------------------------
def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def row_counter(content_type: str, cap: int) -> Callable[[bytes, bytearray], bool]:
    """Tells when a TSV or N-Triples body holds more rows than the cap (TSV has a header line)."""
    kind, seen = media_type(content_type), [0]
    if kind not in ("text/tab-separated-values", "application/n-triples", "text/plain"):
        return lambda chunk, body: False
    tsv = kind == "text/tab-separated-values"
    needed = cap + 2 if tsv else cap + 1

    def enough(chunk: bytes, body: bytearray) -> bool:
        seen[0] += chunk.count(b"\n")
        if seen[0] < needed or tsv:
            return seen[0] >= needed
        lines = bytes(body).split(b"\n")[:-1]  # N-Triples may hold blank and comment lines
        return sum(1 for line in lines if line.strip() and not line.lstrip().startswith(b"#")) >= needed

    return enough


def cancelled_tail(body: bytes) -> bool:
    """Oxigraph answers 200 and appends a note when its own timeout fires mid-answer."""
    last = body.rsplit(b"\n", 1)[-1].strip()
    if not last or b"\t" in last or last[:1] in b'<"_':
        return False
    return bool(CANCELLED.search(last.decode("utf-8", "replace")))


def parse_results(body: bytes, content_type: str) -> ox.QuerySolutions | ox.QueryBoolean:
    try:
        fmt = ox.QueryResultsFormat.from_media_type(content_type) or _TSV
        return ox.parse_query_results(body, format=fmt)
    except SyntaxError as exc:
        raise MalformedResults(f"the SPARQL results could not be read: {exc}") from None


def solutions(tsv: bytes | BinaryIO) -> ox.QuerySolutions:
    solutions = ox.parse_query_results(tsv, format=_TSV)
    if not isinstance(solutions, ox.QuerySolutions):
        raise MalformedResults("the SPARQL server answered a boolean where solutions were expected")
    return solutions


def as_tsv(body: bytes, content_type: str) -> bytes:
    if media_type(content_type) == "text/tab-separated-values":
        return body
    return parse_results(body, content_type).serialize(format=_TSV) or b""


def as_ntriples(body: bytes, content_type: str) -> bytes:
    source = ox.RdfFormat.from_media_type(content_type) or _NT
    if source == _NT:
        return body
    try:
        return ox.serialize(ox.parse(body, format=source), format=_NT) or b""
    except SyntaxError as exc:
        raise MalformedResults(f"the RDF could not be read as {source.name}: {exc}") from None


def render_answer(answer: Answer, form: str, fmt: formats.Format, cap: int) -> Rendered:
    if answer.complete and cancelled_tail(answer.body):
        raise QueryTimeout("the SPARQL server stopped the query at its time limit; narrow it")
    if form == "ASK":
        return render_boolean(bool(parse_results(answer.body, answer.content_type)), fmt)
    if form == "SELECT":
        return render_tsv_bytes(as_tsv(answer.body, answer.content_type), fmt, cap)
    body = as_ntriples(answer.body, answer.content_type)
    return render_ntriples_bytes(body, fmt, cap, prefixes=PREFIXES)
