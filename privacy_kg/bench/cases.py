"""What is measured: each named query and each REST resource, as the HTTP request a client sends.

Named queries run twice: with no parameters (the whole listing: the heavy aggregate) and with
parameters (the header's examples, see `example_params`). The REST resources run as a first page
of each list, plus one item lookup. Each case carries the category the targets are checked by.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from ..namespaces import PKR
from ..queries import NamedQueries, NamedQuery

REST_LISTS = ("actors", "incidents", "data-flows", "legal-actions", "articles")
# Categories the 10x target applies to (issue 5): aggregates, range filters, multi-hop joins.
TARGET_CATEGORIES = ("aggregate", "range-filter", "multi-hop")
# Values used as they are in the header: they hold in any graph (dates, thresholds, switches).
LITERAL_TYPES = ("date", "integer", "decimal", "boolean")

# Where a query only echoes a parameter (projected so that it can be bound), the values it
# filters on are in another column; the first non-empty one is used.
ALIASES = {
    "kind": ("action_kind", "actor_kind"),
    "target": ("target_actor",),
    "from_country": ("from_code",),
    "to_country": ("to_code",),
    "data_category": ("data_categories",),
    "party": ("source_party", "recipient_party"),
    "jurisdiction": ("jurisdiction_code",),
    "country": ("country_code",),
}

Kind = Literal["named", "rest"]


@dataclass
class Case:
    key: str
    kind: Kind
    path: str
    params: dict[str, str] = field(default_factory=dict)
    category: str = "aggregate"
    note: str = ""

    @property
    def url(self) -> str:
        return self.path + (f"?{urlencode(self.params)}" if self.params else "")

    @property
    def label(self) -> str:
        if not self.params:
            return self.path
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self.params.items())
        return f"{self.path} ({shown})"

    @property
    def targeted(self) -> bool:
        return self.kind == "named" and self.category in TARGET_CATEGORIES


def listing_cases(queries: NamedQueries, only: Iterable[str] | None = None) -> list[Case]:
    """One case per named query without required parameters: the whole answer."""
    wanted = set(only) if only else None
    return [
        Case(f"{name}", "named", f"/queries/{name}", category=category(query, {}))
        for name, query in queries.items()
        if (wanted is None or name in wanted) and not any(p.required for p in query.params)
    ]


def example_case(query: NamedQuery, rows: list[dict[str, Any]], pool: dict[str, Counter]) -> Case:
    params = example_params(query, rows, pool)
    return Case(f"{query.name}?example", "named", f"/queries/{query.name}", params, category(query, params))


def rest_cases() -> list[Case]:
    return [Case(f"rest:{name}", "rest", f"/{name}", category="list") for name in REST_LISTS]


def lookup_case(resource: str, item_id: str) -> Case:
    return Case(f"rest:{resource}/id", "rest", f"/{resource}/{item_id}", category="lookup")


def category(query: NamedQuery, params: dict[str, str]) -> str:
    """range-filter when a date range is bound, aggregate for GROUP BY, else multi-hop join."""
    types = {p.name: p.type for p in query.params}
    if any(types.get(name) == "date" for name in params):
        return "range-filter"
    if "GROUP BY" in query.text.upper():
        return "aggregate"
    return "multi-hop"


def example_params(query: NamedQuery, rows: list[dict[str, Any]], pool: dict[str, Counter]) -> dict[str, str]:
    """Parameter values that select part of the synthetic graph, one parameter after the other.

    The headers' examples name real organisations and articles, which the synthetic graph does not
    hold; so a term parameter takes the most frequent value of its own column in the query's full
    answer (rows narrowed by the parameters chosen before it), or of that column in any other
    query's answer (`pool`), and the header's example only when neither has one. Dates, numbers
    and switches keep the header's example.
    """
    chosen: dict[str, str] = {}
    for param in query.params:
        if param.example is None:
            continue
        if param.type in LITERAL_TYPES:
            chosen[param.name] = param.example
            continue
        column = _column(param.name.replace("-", "_"), rows)
        counts = Counter(v for row in rows if column in row for v in _cells(row[column])) \
            or pool.get(column, Counter())
        values = [v for v, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        values = [v for v in (_param_form(param.type, v) for v in values) if v and (not param.enum or v in param.enum)]
        chosen[param.name] = values[0] if values else param.example
        if values:
            rows = [row for row in rows
                    if column in row and values[0] in {_param_form(param.type, v) for v in _cells(row[column])}]
    return chosen


def solutions(body: bytes) -> list[dict[str, Any]]:
    """The bindings of a SPARQL JSON answer (empty for anything else)."""
    try:
        return json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return []


def add_to_pool(pool: dict[str, Counter], rows: list[dict[str, Any]]) -> None:
    for row in rows:
        for column, term in row.items():
            pool.setdefault(column, Counter())[_cell(term)] += 1


def _cell(term: dict[str, Any]) -> str:
    return str(term.get("value", ""))


def _cells(term: dict[str, Any]) -> list[str]:
    """A cell's values: GROUP_CONCAT columns (", "-joined) hold several."""
    return [part for part in _cell(term).split(", ") if part]


def _column(name: str, rows: list[dict[str, Any]]) -> str:
    """The parameter's own column, or the first alias that holds values in these rows."""
    for column in (name, *ALIASES.get(name, ())):
        if any(column in row for row in rows):
            return column
    return name


def _param_form(kind: str, value: str) -> str | None:
    """A column value as the parameter takes it: actor ids and country codes, not their IRIs."""
    if kind == "actor":
        prefix = f"{PKR}actor/"
        return value[len(prefix):] if value.startswith(prefix) else (value if "://" in value else None)
    if kind == "country":
        prefix = f"{PKR}jurisdiction/"
        code = value.removeprefix(prefix)
        return code if len(code) in (2, 3) else None
    if kind == "iri":
        return value if "://" in value else None
    return value or None


def _short(value: str) -> str:
    return value.rsplit("/", 1)[-1] if "://" in value else value
