"""Terminal output: progress lines on stderr, SPARQL JSON results as a readable table."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from ..namespaces import PREFIXES

MAX_CELL = 60


def progress(quiet: bool) -> Callable[[str], None]:
    if quiet:
        return lambda message: None
    return lambda message: print(message, file=sys.stderr, flush=True)


def compact(term: dict) -> str:
    """A SPARQL JSON term as a short cell: prefixed IRIs, plain literal values."""
    value = term.get("value", "")
    if term.get("type") == "uri":
        for prefix, ns in PREFIXES.items():
            if value.startswith(ns):
                return f"{prefix}:{value[len(ns):]}"
        return f"<{value}>"
    if term.get("type") == "bnode":
        return f"_:{value}"
    return value.replace("\n", " ")


def table(results_json: bytes) -> str:
    data = json.loads(results_json)
    if "boolean" in data:
        return "true" if data["boolean"] else "false"
    variables = data["head"]["vars"]
    rows = [[compact(b[v]) if v in b else "" for v in variables] for b in data["results"]["bindings"]]
    rows = [[c if len(c) <= MAX_CELL else c[: MAX_CELL - 1] + "…" for c in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
