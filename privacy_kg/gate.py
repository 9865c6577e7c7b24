"""The SHACL gate in front of every write: validate only the new graphs and what they touch.

The data graph is the new content plus the stored descriptions of the resources it points at
(actors, jurisdictions, concepts, earlier facts), fetched by IRI; the ontology supplies the class
tree. So the cost follows the size of the write, not the size of the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, URIRef

from .settings import Settings
from .store.base import QueryRequest, Store
from .validate import Report, load_ontology, load_shapes, validate_graph

CHUNK = 400
DESCRIBE_TEMPLATE = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {iris} }} ?s ?p ?o }}"


_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')


def referenced_iris(graph: Graph) -> set[URIRef]:
    """IRIs the graph points at (objects) but does not itself describe (never subjects)."""
    described = {s for s in graph.subjects() if isinstance(s, URIRef)}
    return {
        o for o in graph.objects()
        if isinstance(o, URIRef) and o not in described and not _UNSAFE_IRI.search(o)
    }


def fetch_descriptions(store: Store, iris: Iterable[URIRef]) -> Graph:
    """The stored triples about each IRI (any graph), in a few CONSTRUCT queries."""
    context = Graph()
    ordered = sorted(str(iri) for iri in iris)
    for start in range(0, len(ordered), CHUNK):
        # Only IRIs without characters that could end the term reach this text (see _UNSAFE_IRI).
        chunk = " ".join(f"<{iri}>" for iri in ordered[start:start + CHUNK])
        rendered = store.query(QueryRequest(DESCRIBE_TEMPLATE.format(iris=chunk), format="ntriples", cap=2**62))
        context.parse(data=rendered.body, format="nt")
    return context


def check_graphs(store: Store, settings: Settings, graphs: Iterable[Graph]) -> Report:
    data = Graph()
    for graph in graphs:
        data += graph
    data += fetch_descriptions(store, referenced_iris(data))
    return validate_graph(data, load_shapes(settings.shapes_dir), load_ontology(settings.ontology_dir))
