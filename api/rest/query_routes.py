"""Named queries as endpoints: each `queries/*.rq` becomes `GET /queries/{name}`, built from its header.

Every query gets its own OpenAPI operation whose parameters are the header's `params` (type,
description, example, enum, required), so adding a file adds a documented endpoint with no code.
Values are checked and bound as RDF terms by `NamedQuery.bindings`, never pasted into the text.

Answers: SPARQL JSON by default; `format` (or Accept) chooses XML, CSV or TSV, and `format=rows` a
plain JSON array of objects (`[{"column": value}]`: IRIs and strings as strings, numbers and
booleans as JSON numbers and booleans, unbound columns left out) for apps that do not want to
read SPARQL JSON.
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from privacy_kg.errors import InputError, NotFound
from privacy_kg.queries import NamedQueries, NamedQuery, Param
from privacy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format, FormatTable, negotiate
from privacy_kg.sparql.lexer import inspect as inspect_query
from privacy_kg.store import QueryRequest

from ..deps import SingleValues, get_settings, get_store
from ..sparql_http import rendered_response
from .models import errors

ROWS = "rows"
RESERVED = ("format",)
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {
    XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
}
_TYPES: dict[str, type] = {"integer": int, "decimal": float, "boolean": bool}
_PATTERNS = {"country": r"^([A-Za-z]{2}|001)$", "date": r"^\d{4}(-\d{2}(-\d{2})?)?$"}


def query_url(query: NamedQuery) -> str:
    return f"/queries/{query.name}"


def example_url(query: NamedQuery) -> str:
    """The endpoint with every documented example value: a request that works as written."""
    examples = [(p.name, p.example) for p in query.params if p.example is not None]
    return query_url(query) + (f"?{urlencode(examples)}" if examples else "")


def describe(query: NamedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "form": _form(query),
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "description": p.description,
                "required": p.required,
                "example": p.example,
                "enum": list(p.enum) or None,
            }
            for p in query.params
        ],
        "url": query_url(query),
        "example_url": example_url(query),
    }


def _form(query: NamedQuery) -> str:
    return inspect_query(query.text).form


def _table(query: NamedQuery) -> FormatTable:
    return GRAPH_FORMATS if _form(query) in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


class QueryEndpoint:
    """The handler of one named query; its signature (what FastAPI documents) comes from the header."""

    def __init__(self, query: NamedQuery) -> None:
        self.query = query
        self.table = _table(query)
        self.__signature__ = inspect.Signature(
            [
                inspect.Parameter(
                    "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request
                ),
                *(_parameter(p) for p in query.params),
                inspect.Parameter(
                    "format",
                    inspect.Parameter.KEYWORD_ONLY,
                    default=None,
                    annotation=Annotated[str | None, Query(description=self._format_doc())],
                ),
            ]
        )

    def _format_doc(self) -> str:
        names = ", ".join(
            sorted(set(self.table.names) | ({ROWS} if self.table is RESULT_FORMATS else set()))
        )
        extra = "; rows: a plain JSON array of objects" if self.table is RESULT_FORMATS else ""
        return f"answer format instead of Accept: {names}{extra}"

    async def __call__(self, request: Request, **values: Any) -> Response:
        store, settings = get_store(request), get_settings(request)
        wanted = values.pop("format", None)
        declared = {p.name for p in self.query.params} | set(RESERVED)
        unknown = sorted(set(request.query_params) - declared)
        if unknown:
            known = ", ".join(sorted(declared))
            raise InputError(
                f"unknown parameter(s) {', '.join(unknown)} for query {self.query.name!r}; known: {known}"
            )
        bindings = self.query.bindings({k: _text(v) for k, v in values.items() if v is not None})
        rows = (
            wanted is not None and wanted.strip().lower() == ROWS and self.table is RESULT_FORMATS
        )
        fmt: Format = (
            self.table["json"]
            if rows
            else negotiate(request.headers.get("accept"), self.table, format_param=wanted)
        )
        request_ = QueryRequest(
            self.query.text, format=fmt.key, cap=settings.max_rows, bindings=bindings
        )
        rendered = await run_in_threadpool(store.query, request_)
        if rows:
            headers = {"X-Result-Truncated": "true"} if rendered.truncated else {}
            return JSONResponse(plain_rows(rendered.body), headers=headers)
        return rendered_response(rendered, row_cap=settings.max_rows)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parameter(param: Param) -> inspect.Parameter:
    extra: dict[str, Any] = {"x-param-type": param.type}
    if param.enum:
        extra["enum"] = list(param.enum)
    query = Query(
        description=param.description or f"a {param.type}",
        examples=[param.example] if param.example is not None else None,
        pattern=_PATTERNS.get(param.type),
        json_schema_extra=extra,
    )
    kind = _TYPES.get(param.type, str)
    annotation = Annotated[kind if param.required else kind | None, query]
    return inspect.Parameter(
        param.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=inspect.Parameter.empty if param.required else None,
        annotation=annotation,
    )


def plain_rows(sparql_json: bytes) -> list[dict[str, Any]]:
    """SPARQL JSON results as `[{column: value}]` with JSON numbers and booleans where typed so."""
    document = json.loads(sparql_json)
    return [
        {name: _plain(term) for name, term in row.items()}
        for row in document["results"]["bindings"]
    ]


def _plain(term: dict[str, str]) -> Any:
    datatype = term.get("datatype")
    value = term["value"]
    try:
        if datatype in _NUMBERS:
            return int(value)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            number = float(value)
            return int(number) if number.is_integer() and datatype == XSD + "decimal" else number
    except ValueError:
        return value
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


async def _unknown_query(request: Request, name: str) -> Response:
    known = ", ".join(sorted(request.app.state.queries)) or "none"
    raise NotFound(f"no named query {name!r}; the queries are: {known} (listed at /queries)")


def install(app: FastAPI, queries: NamedQueries) -> None:
    """Add one GET operation per named query (once per app), then a 404 for any other name."""
    if getattr(app.state, "named_query_routes", False):
        return
    app.state.named_query_routes = True
    for query in queries.values():
        if any(p.name in RESERVED for p in query.params):
            raise InputError(
                f"{query.path}: parameter name 'format' is reserved for the answer format"
            )
        table = _table(query)
        content = {f.media_type: {} for f in table.formats}
        app.add_api_route(
            query_url(query),
            QueryEndpoint(query),
            methods=["GET"],
            tags=["queries"],
            summary=query.summary,
            description=f"{query.description}\n\nSource: `queries/{query.path.name}`. "
            f"Example: `{example_url(query)}`",
            operation_id=f"query_{query.name.replace('-', '_')}",
            dependencies=[SingleValues],
            responses={
                200: {
                    "description": "The answers; `X-Result-Truncated: true` if the row cap cut them.",
                    "content": content,
                },
                **errors(400, 406, 503),
            },
        )
    app.add_api_route("/queries/{name}", _unknown_query, methods=["GET"], include_in_schema=False)
