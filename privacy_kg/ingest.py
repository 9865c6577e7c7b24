"""`privacy-kg ingest`: map an article, validate its graph, commit it in one transaction.

Cost does not grow with the store: SHACL sees only the new article graph, the new actors, the
triples of the entities the article references (fetched by IRI with the write gate's CONSTRUCT,
`gate.fetch_descriptions`; further rounds for the jurisdictions and broader categories those
entities point to) and the ontology. Entities the store
lacks (a store that was never built) come from the registry and vocabulary files and are written
with the article. On any violation nothing is written and the error names the fact, the shape and
the evidence. Re-ingesting an article replaces its graph; actors it introduced are added to the
entities graph once, with `prov:wasDerivedFrom` the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from .emit import entity_graph
from .errors import ValidationFailed
from .gate import fetch_descriptions, referenced_iris
from .handmap import load_mapping, locate_evidence
from .mapping.mapper import CitationOptions, MapResult, map_file, map_text, require_facts
from .mapping.merge import merge_facts
from .mapping.rdf import article_rdf, load_vocab, new_actor_rdf
from .mapping.resources import Resources, default_resources
from .model import ArticleFacts
from .namespaces import ENTITIES_GRAPH, PKR, SH, article_graph
from .settings import Settings
from .store.base import Store
from .store.embedded import replace_graphs_update
from .validate import Report, Result, load_shapes, validate_graph
from .writes import WRITE_LOCK

_CONTEXT_KINDS = ("actor/", "law/", "jurisdiction/", "data-category/")
_MAX_HOPS = 4


@dataclass
class IngestResult:
    mapped: MapResult
    graph: str
    triples: int
    new_actors: list[str] = field(default_factory=list)
    report: Report | None = None
    facts: ArticleFacts | None = (
        None  # what was committed (rule facts, merged with a hand mapping if any)
    )


def ingest_file(
    path: Path, options: CitationOptions, settings: Settings, store: Store, res: Resources | None = None
) -> IngestResult:
    """Read, map, validate and commit an article file (`privacy-kg ingest`)."""
    return _ingest(map_file, path, options, settings, store, res)


def ingest_text(
    raw: str, options: CitationOptions, settings: Settings, store: Store, res: Resources | None = None
) -> IngestResult:
    """Map decoded article text, validate, commit (what `POST /articles` does)."""
    return _ingest(map_text, raw, options, settings, store, res)


def _ingest(mapper, source, options, settings: Settings, store: Store, res: Resources | None) -> IngestResult:
    res = res or default_resources(settings)
    mapped = mapper(source, options, res)
    require_facts(mapped)
    return ingest_mapped(mapped, settings, store, res)


def ingest_mapped(
    mapped: MapResult, settings: Settings, store: Store, res: Resources
) -> IngestResult:
    """Validate against the stored context and commit, one writer at a time (with SPARQL Update and
    Graph Store writes), so the context cannot change between the check and the write."""
    with WRITE_LOCK:
        return _ingest_locked(mapped, settings, store, res)


def _ingest_locked(
    mapped: MapResult, settings: Settings, store: Store, res: Resources
) -> IngestResult:
    facts = _with_hand_mapping(mapped, settings, res)
    vocab = load_vocab(settings.ontology_dir, settings.data_dir / "vocab")
    graph_iri = str(article_graph(facts.article.id))
    shared = Graph()  # the publisher's and the rules' descriptions, for the entities graph
    article = article_rdf(facts, res, vocab, mapped.sha256, shared=shared)
    actors = new_actor_rdf(facts, vocab)
    new_iris = {s for s in actors.subjects() if isinstance(s, URIRef)}
    context = fetch_descriptions(store, referenced_iris(article) | new_iris)
    fresh = Graph()  # new actors the store does not hold yet
    for triple in actors:
        if triple[0] not in set(context.subjects()):
            fresh.add(triple)
    from_files = Graph()
    for _ in range(
        _MAX_HOPS
    ):  # entities point at jurisdictions and broader categories: close over them
        have = set(context.subjects()) | set(fresh.subjects()) | set(from_files.subjects())
        wanted = _entities(referenced_iris(article + fresh + context + from_files)) - have
        if not wanted:
            break
        fetched = fetch_descriptions(store, wanted)
        context += fetched
        from_files += _from_files(wanted - set(fetched.subjects()), res, vocab)
    data = article + fresh + context + from_files + shared
    shapes = load_shapes(settings.shapes_dir)
    report = validate_graph(data, shapes, vocab.ontology)
    if not report.conforms:
        raise ValidationFailed(_explain(report, facts, shapes), details=report.to_json())
    entities = (fresh + from_files + shared).serialize(format="nt", encoding="utf-8")
    update = replace_graphs_update({graph_iri: article.serialize(format="nt", encoding="utf-8")})
    if entities.strip():
        update += (
            f" ;\nINSERT DATA {{ GRAPH <{ENTITIES_GRAPH}> {{\n{entities.decode('utf-8')}\n}} }}"
        )
    store.update(update)
    new = sorted({str(s).rsplit("/", 1)[-1] for s in fresh.subjects(RDF.type, None)})
    return IngestResult(mapped, graph_iri, len(article), new, report, facts)


def _with_hand_mapping(mapped: MapResult, settings: Settings, res: Resources) -> ArticleFacts:
    """An article that also has a hand mapping is committed as one set: hand and rule facts
    merged."""
    path = settings.data_dir / "articles" / f"{mapped.facts.article.id}.yaml"
    if not path.is_file():
        return mapped.facts
    hand = locate_evidence(load_mapping(path), mapped.text, str(path))
    return merge_facts(hand, mapped.facts, res)


def _entities(iris: set[URIRef]) -> set[URIRef]:
    """The entity IRIs (actors, laws, jurisdictions, data categories) among `iris`."""
    prefix = str(PKR)
    return {
        i
        for i in iris
        if str(i).startswith(prefix) and str(i)[len(prefix) :].startswith(_CONTEXT_KINDS)
    }


def _from_files(iris: set[URIRef], res: Resources, vocab) -> Graph:
    """Registry and vocabulary triples for referenced entities the store does not hold."""
    if not iris:
        return Graph()
    ids = {str(i).rsplit("/", 1)[-1] for i in iris if "/actor/" in str(i)}
    laws = {str(i).rsplit("/", 1)[-1] for i in iris if "/law/" in str(i)}
    graph = entity_graph(
        vocab,
        [a for a in res.registry.actors.values() if a.id in ids],
        [law for law in res.registry.laws.values() if law.id in laws],
    )
    for iri in iris:
        for triple in vocab.vocab.triples((iri, None, None)):
            graph.add(triple)
    return graph


def _explain(report: Report, facts: ArticleFacts, shapes: Graph) -> str:
    lines = [
        (
            f"the article's facts do not conform to the shapes; nothing was written "
            f"({len(report.violations)} violation(s))"
        )
    ]
    names = _shape_names(report, shapes)
    for result in report.violations:
        lines.append(_line(result, facts, names))
    return "\n".join(lines)


def _shape_names(report: Report, shapes: Graph) -> dict[tuple[str, str, str], str]:
    """(focus, path, message) -> the named node shape a result came from (property shapes are
    blank)."""
    out = {}
    for node in report.graph.subjects(RDF.type, SH.ValidationResult):
        source = report.graph.value(node, SH.sourceShape)
        parent = shapes.value(None, SH.property, source) if isinstance(source, BNode) else source
        key = (
            str(report.graph.value(node, SH.focusNode)),
            str(report.graph.value(node, SH.resultPath)),
            str(report.graph.value(node, SH.resultMessage)),
        )
        if parent is not None:
            out[key] = str(parent).rsplit("#", 1)[-1]
    return out


def _line(result: Result, facts: ArticleFacts, names: dict[tuple[str, str, str], str]) -> str:
    focus = result.focus.split("/derivation/", 1)[0]
    fact = next((f for f in facts.facts() if focus.endswith("/" + f.id)), None)
    what = focus.rsplit("/id/", 1)[-1]
    shape = (
        names.get((result.focus, str(result.path), result.message))
        or (result.shape or "?").rsplit("#", 1)[-1]
    )
    path = f" {result.path.rsplit('#', 1)[-1]}" if result.path else ""
    value = f" (value {result.value.rsplit('/', 1)[-1]})" if result.value else ""
    line = f"- {what}{path}{value}: {result.message} [shape {shape}]"
    if fact is not None:
        evidence = next((e.quote or e.anchor for d in fact.derivations for e in d.evidence), None)
        if evidence:
            line += f'\n  rule {fact.derivations[0].method}, evidence: "{evidence[:200]}"'
    return line
