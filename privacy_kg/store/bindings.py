"""Binding typed terms into query text, for stores that cannot take them through an engine API.

pyoxigraph binds parameters as SEP-0007 `substitutions`; a remote SPARQL server cannot, so the
same terms go in as a one-row VALUES block opening the outermost WHERE group. The terms are written
by pyoxigraph in N-Triples syntax, escaped: a value can never become query syntax.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..errors import QuerySyntaxError
from ..sparql.lexer import Token, decode_escapes, tokenize
from .base import Term
from .engine import to_oxigraph

_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def values_clause(bindings: Iterable[tuple[str, Term]]) -> str:
    """A one-row VALUES block; pyoxigraph writes each term in N-Triples syntax, escaped, on one line."""
    names, terms = [], []
    for name, term in bindings:
        if term.kind == "bnode":
            raise QuerySyntaxError(f"?{name} is bound to a blank node, which a remote store cannot take")
        try:
            names.append(str(ox.Variable(name)))
            terms.append(str(to_oxigraph(term)))
        except ValueError as exc:
            raise QuerySyntaxError(f"cannot bind ?{name}: {exc}") from None
    return f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "


def bind_values(text: str, bindings: Iterable[tuple[str, Term]]) -> str:
    """Bind variables as pyoxigraph's `substitutions` do: a VALUES block opening the outermost WHERE
    group, or a trailing VALUES clause when there is none to extend (`DESCRIBE <x>`, the short
    `CONSTRUCT WHERE` form). Line numbers stay those of the text (escapes are decoded first)."""
    bindings = tuple(bindings)
    if not bindings:
        return text
    source = decode_escapes(text)  # token offsets refer to the decoded text
    block = values_clause(bindings)
    at = _where_group(tokenize(source))
    return f"{source}\n{block}" if at is None else source[:at] + block + source[at:]


def _where_group(tokens: list[Token]) -> int | None:
    """The offset just after the `{` that opens the outermost WHERE group, if there is one."""
    start = next((i for i, t in enumerate(tokens) if t.keyword in _FORMS), None)
    if start is None:
        return None
    index, depth, parens = start + 1, 0, 0
    if tokens[start].keyword == "CONSTRUCT":
        if index >= len(tokens) or tokens[index].value != "{":
            return None  # the short form: its pattern is also its template
        for token in tokens[index:]:  # skip the template
            index += 1
            depth += {"{": 1, "}": -1}.get(token.value, 0) if token.kind == "PUNCT" else 0
            if depth == 0:
                break
    for token in tokens[index:]:
        if token.keyword == "VALUES" and parens == 0:
            return None
        if token.kind == "PUNCT":
            parens += {"(": 1, ")": -1}.get(token.value, 0)
            if token.value == "{" and parens == 0:
                return token.end
    return None
