"""`privacy-kg build`: hand mappings -> RDF -> SHACL -> store, in one transaction, idempotently.

The build owns the ontology graph, the entities graph and the hand-mapped article graphs; it
replaces exactly those (plus keeps actors that rule-mapped articles introduced), so rebuilding twice
gives the same store and ingested articles survive a rebuild. `clean=True` starts from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .compile import Compiled, Progress, compile_project
from .errors import ValidationFailed
from .namespaces import ENTITIES_GRAPH
from .settings import Settings
from .store.base import QueryRequest, Store
from .validate import Report, load_shapes, validate_graph

DISCOVERED_ENTITIES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
CONSTRUCT { ?entity ?p ?o }
WHERE { ?entity prov:wasDerivedFrom ?article ; ?p ?o }
"""


@dataclass(frozen=True)
class BuildResult:
    compiled: Compiled
    report: Report
    graphs_written: int
    triples_written: int


def validate_compiled(settings: Settings, compiled: Compiled) -> Report:
    """SHACL over every compiled graph at once (the seed is small); the ontology gives the class tree."""
    data = Graph()
    for graph in compiled.graphs.values():
        if graph is not compiled.vocab.ontology:
            data += graph
    return validate_graph(data, load_shapes(settings.shapes_dir), compiled.vocab.ontology)


def build(settings: Settings, store: Store, *, clean: bool = False, progress: Progress | None = None) -> BuildResult:
    say = progress or (lambda message: None)
    compiled = compile_project(settings, say)
    say(f"validating {compiled.triple_count():,} triples against the SHACL shapes")
    report = validate_compiled(settings, compiled)
    if not report.conforms:
        raise ValidationFailed(
            f"the hand-mapped data does not conform to the shapes; nothing was written\n{report.text()}",
            details=report.to_json(),
        )
    payload = {str(name): graph.serialize(format="nt", encoding="utf-8") for name, graph in compiled.graphs.items()}
    drop = [g for g in store.named_graphs() if g not in payload] if clean else []
    if not clean:
        payload[str(ENTITIES_GRAPH)] += _discovered_entities(store)
    say(f"writing {len(payload)} graphs in one transaction" + (f", dropping {len(drop)}" if drop else ""))
    store.replace_graphs(payload, drop)
    return BuildResult(compiled, report, len(payload), compiled.triple_count())


def _discovered_entities(store: Store) -> bytes:
    """Entity triples that ingested articles added (they carry prov:wasDerivedFrom), kept across rebuilds."""
    request = QueryRequest(
        DISCOVERED_ENTITIES, format="ntriples", cap=10_000_000, default_graphs=(str(ENTITIES_GRAPH),)
    )
    return store.query(request).body

