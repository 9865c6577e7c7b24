"""The RDF dataset a query runs on, from the protocol parameters and the query's own clauses.

SPARQL 1.1 Protocol: `default-graph-uri` / `named-graph-uri` override FROM / FROM NAMED; without
any of them, the store's default dataset applies (here: the union of all graphs). Passing the
dataset on explicitly makes every backend honour it, including servers whose union default graph
would otherwise win.
"""

from __future__ import annotations

from urllib.parse import urljoin

from ..namespaces import BASE
from .lexer import QueryInfo

# A graph name that holds nothing: "no graphs" (FROM NAMED without FROM means an empty default graph).
EMPTY_GRAPH = "urn:x-privacy-kg:empty-graph"
# The service-defined base IRI (Protocol 2.1.4/2.2.4) for queries and updates without BASE: one
# fixed IRI, so `<x>` names the same resource whichever host name a client used.
BASE_IRI = BASE + "sparql/"


def query_dataset(
    info: QueryInfo, default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(default graphs, named graphs) for a store request; empty tuples mean the store's default.

    A dataset given by the protocol or by FROM clauses holds just what it names: naming only
    named graphs leaves the default graph empty, and the other way round (Query 13.2)."""
    if not (default_graphs or named_graphs):
        default_graphs = tuple(urljoin(BASE_IRI, g) for g in info.from_graphs)  # no-op if absolute
        named_graphs = tuple(urljoin(BASE_IRI, g) for g in info.from_named_graphs)
    if not (default_graphs or named_graphs):
        return (), ()
    return default_graphs or (EMPTY_GRAPH,), named_graphs or (EMPTY_GRAPH,)
