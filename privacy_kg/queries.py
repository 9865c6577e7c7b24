"""Named queries: `queries/*.rq` files whose `#+` YAML header declares what they are and take.

The header (grlc's decorator syntax) is parsed into a frozen object and checked when the folder is
loaded, so a broken file fails at start-up with its name, not at request time. Parameters are bound
as typed RDF terms through the engine, never pasted into the query text.

    #+ summary: Regulatory and government actions
    #+ description: Who acted against or about whom, of what kind, when, with what deadline.
    #+ tags: [questions]
    #+ params:
    #+   - {name: authority, type: actor, description: the issuing authority, example: ppc}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import InputError, MappingError
from .model import DATE_RE, check_partial_date
from .namespaces import PKR
from .sparql.lexer import tokenize
from .store.base import Term

XSD = "http://www.w3.org/2001/XMLSchema#"
ParamType = Literal["string", "iri", "actor", "country", "date", "integer", "decimal", "boolean"]
PARAM_TYPES: tuple[str, ...] = ParamType.__args__  # type: ignore[attr-defined]
NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    description: str
    required: bool = False
    example: str | None = None
    enum: tuple[str, ...] = ()

    def bind(self, raw: str) -> Term:
        """Turn a request value into an RDF term, or raise InputError saying which parameter and why."""
        value = raw.strip()
        if self.enum and value not in self.enum:
            raise InputError(f"parameter {self.name!r}: {value!r} is not one of {', '.join(self.enum)}")
        try:
            return _CONVERTERS[self.type](value)
        except (ValueError, InvalidOperation) as exc:
            raise InputError(f"parameter {self.name!r}: {exc}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()

    def bindings(self, values: Mapping[str, str]) -> tuple[tuple[str, Term], ...]:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise InputError(f"unknown parameter(s) {', '.join(sorted(unknown))} for query {self.name!r}; known: {known}")
        out = []
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if param.required:
                    raise InputError(f"parameter {param.name!r} is required by query {self.name!r}")
                continue
            out.append((param.name.replace("-", "_"), param.bind(raw)))
        return tuple(out)


class NamedQueries(Mapping[str, NamedQuery]):
    """The folder of named queries, by name (the file stem)."""

    def __init__(self, queries: dict[str, NamedQuery]) -> None:
        self._queries = queries

    @classmethod
    def load(cls, folder: Path) -> NamedQueries:
        queries = {}
        for path in sorted(folder.glob("*.rq")):
            query = parse_query_file(path)
            queries[query.name] = query
        return cls(queries)

    def __getitem__(self, name: str) -> NamedQuery:
        return self._queries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)


def parse_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read ({exc})") from None
    name = path.stem
    if not NAME_RE.match(name):
        raise MappingError(f"{path}: query file names are lowercase words joined by hyphens")
    header_lines = [line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise MappingError(f"{path}: the #+ header is not valid YAML: {exc}") from None
    if not isinstance(header, dict) or not header.get("summary"):
        raise MappingError(f"{path}: the #+ header needs at least a 'summary'")
    params = tuple(_param(path, i, p) for i, p in enumerate(header.get("params") or []))
    projected = projection(text)
    for param in params:
        variable = param.name.replace("-", "_")
        if not re.search(rf"[?$]{re.escape(variable)}\b", text):
            raise MappingError(f"{path}: parameter {param.name!r} is not used as ?{variable} in the query")
        if projected is not None and variable not in projected:
            # The engine binds parameters as SEP-0007 substitutions, which need the variable projected.
            raise MappingError(f"{path}: parameter {param.name!r} must be in the SELECT clause as ?{variable}")
    return NamedQuery(
        name=name,
        path=path,
        summary=str(header["summary"]).strip(),
        description=str(header.get("description") or header["summary"]).strip(),
        text=text,
        params=params,
        tags=tuple(header.get("tags") or ()),
    )


def projection(text: str) -> set[str] | None:
    """Variables the outermost SELECT projects; None for `SELECT *` or a query that is not a SELECT."""
    tokens = tokenize(text)
    start = next((i for i, t in enumerate(tokens) if t.kind == "NAME" and t.value.upper() == "SELECT"), None)
    if start is None:
        return None
    names: set[str] = set()
    depth = 0
    for previous, token in zip(tokens[start:], tokens[start + 1:]):
        if token.value == "{" or (token.kind == "NAME" and token.value.upper() == "WHERE" and depth == 0):
            break
        if token.value == "*" and depth == 0:
            return None
        depth += {"(": 1, ")": -1}.get(token.value, 0)
        is_alias = previous.kind == "NAME" and previous.value.upper() == "AS"
        if token.kind in ("VAR1", "VAR2") and (depth == 0 or is_alias):
            names.add(token.value[1:])
    return names


def _param(path: Path, index: int, data: Any) -> Param:
    if not isinstance(data, dict) or "name" not in data:
        raise MappingError(f"{path}: params[{index}] needs a name")
    kind = data.get("type", "string")
    if kind not in PARAM_TYPES:
        raise MappingError(f"{path}: params[{index}] type {kind!r} is not one of {', '.join(PARAM_TYPES)}")
    name = str(data["name"])
    if not VAR_RE.match(name.replace("-", "_")):
        raise MappingError(f"{path}: params[{index}] name {name!r} must be a SPARQL variable name")
    example = data.get("example")
    return Param(
        name=name,
        type=kind,
        description=str(data.get("description", "")),
        required=bool(data.get("required", False)),
        example=None if example is None else str(example),
        enum=tuple(str(e) for e in data.get("enum") or ()),
    )


def _iri(value: str) -> Term:
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
        raise ValueError(f"{value!r} is not an absolute IRI")
    return Term.iri(value)


def _actor(value: str) -> Term:
    if "://" in value:
        return _iri(value)
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", value):
        raise ValueError(f"{value!r} is not an actor id (lowercase letters, digits, hyphens) or an IRI")
    return Term.iri(f"{PKR}actor/{value}")


def _country(value: str) -> Term:
    code = value.upper()
    if not re.match(r"^([A-Z]{2}|001)$", code):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return Term.iri(f"{PKR}jurisdiction/{code}")


def _date(value: str) -> Term:
    if not DATE_RE.match(value):
        raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    check_partial_date(value)
    return Term.literal(value)


def _boolean(value: str) -> Term:
    lowered = value.lower()
    if lowered not in ("true", "false", "1", "0"):
        raise ValueError(f"{value!r} is not a boolean: use true or false")
    return Term.literal("true" if lowered in ("true", "1") else "false", XSD + "boolean")


_CONVERTERS = {
    "string": lambda v: Term.literal(v),
    "iri": _iri,
    "actor": _actor,
    "country": _country,
    "date": _date,
    "integer": lambda v: Term.literal(str(int(v)), XSD + "integer"),
    "decimal": lambda v: Term.literal(str(Decimal(v)), XSD + "decimal"),
    "boolean": _boolean,
}
