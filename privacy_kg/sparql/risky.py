"""Tokens that some engine could read as SERVICE or LOAD, beyond the keywords themselves.

The guard refuses SERVICE and LOAD before evaluation; a lexer sees the keywords, but the engines
behind the service match keywords without one. This module flags the token shapes such a parser
may still read as either (see ``risky_positions``), so the guard errs on the side of refusing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from privacy_kg.sparql.lexer import Token

_GRAPH_NAMING = frozenset({"GRAPH", "FROM", "NAMED"})


def risky_positions(tokens: list[Token]) -> tuple[int | None, int | None]:
    """Offsets of the first token any engine could read as SERVICE, and as LOAD.

    Besides the keywords themselves this flags: bare words containing them (parsers
    without a lexer read ``trueSERVICE`` as ``true SERVICE`` and ``SERVICESILENT`` as
    ``SERVICE SILENT``); a prefixed name whose prefix contains SERVICE right before
    ``{`` (``SERVICEex:a {``), or containing LOAD where an update operation starts;
    and an IRI like ``<1)SERVICE?x#>``, which a parser that reads ``<`` as less-than
    after an operand sees as ``< 1) SERVICE ?x`` followed by a comment.
    """
    service: int | None = None
    load: int | None = None
    depth = 0
    previous: Token | None = None
    for index, token in enumerate(tokens):
        kind, value = token.kind, token.value
        is_service = is_load = False
        if kind == "NAME":
            upper = value.upper()
            is_service, is_load = "SERVICE" in upper, "LOAD" in upper
        elif kind in ("PNAME_NS", "PNAME_LN"):
            prefix = value[: value.index(":")].upper()
            if "SERVICE" in prefix:
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                names_graph = previous is not None and previous.keyword in _GRAPH_NAMING
                is_service = following is not None and following.value == "{" and not names_graph
            if "LOAD" in prefix:
                is_load = _starts_operation(tokens, index, depth)
        elif kind == "IRIREF":
            lower = value.lower()
            close = lower.find(")")
            after = lower.find("service", close) if close >= 0 else -1
            is_service = after >= 0 and "#" in lower[after:]
        elif kind == "PUNCT" and value in "{}":
            depth += 1 if value == "{" else -1
        if is_service and service is None:
            service = token.start
        if is_load and load is None:
            load = token.start
        previous = token
    return service, load


def _starts_operation(tokens: list[Token], index: int, depth: int) -> bool:
    if index == 0:
        return True
    previous = tokens[index - 1]
    if previous.value == ";" and depth == 0:
        return True
    if previous.kind != "IRIREF":
        return False
    return (index >= 2 and tokens[index - 2].keyword == "BASE") or (
        index >= 3 and tokens[index - 3].keyword == "PREFIX"
    )


def earliest(*positions: int | None) -> int | None:
    found = [p for p in positions if p is not None]
    return min(found) if found else None
