"""The RDF dataset a query runs on, from the protocol parameters and the query's own clauses.

SPARQL 1.1 Protocol: `default-graph-uri` / `named-graph-uri` override FROM / FROM NAMED; without
either, the store's default dataset applies (here: the union of all graphs). Passing the query's
own clauses on explicitly makes every backend honour them, including servers whose union default
graph would otherwise win.
"""

from __future__ import annotations

from .lexer import QueryInfo

# A graph name that holds nothing: "no graphs" (FROM NAMED without FROM means an empty default graph).
EMPTY_GRAPH = "urn:x-privacy-kg:empty-graph"


def query_dataset(
    info: QueryInfo, default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(default graphs, named graphs) for a store request; empty tuples mean the store's default."""
    if default_graphs or named_graphs:
        return default_graphs, named_graphs
    if not (info.from_graphs or info.from_named_graphs):
        return (), ()
    return info.from_graphs or (EMPTY_GRAPH,), info.from_named_graphs or (EMPTY_GRAPH,)
