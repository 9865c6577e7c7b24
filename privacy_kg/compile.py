"""Hand mappings -> RDF: the project's data compiled into named graphs, ready for SHACL and the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from .articles import sha256_text
from .emit import FACT_TYPES, Emitter, References, entity_graph
from .errors import MappingError
from .handmap import cleaned_text_for, load_mappings, locate_evidence
from .model import ArticleFacts, Incident
from .namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, article_graph
from .registry import Registry
from .settings import Settings
from .vocab import Vocabulary

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


@dataclass
class Compiled:
    """The whole seed dataset: graph name -> graph, plus what produced it."""

    vocab: Vocabulary
    registry: Registry
    mappings: dict[str, ArticleFacts]
    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def triple_count(self) -> int:
        return sum(len(g) for g in self.graphs.values())


def load_vocabulary(settings: Settings) -> Vocabulary:
    return Vocabulary.load(settings.ontology_dir, settings.data_dir / "vocab")


def fact_index(mappings: list[ArticleFacts]) -> dict[str, str]:
    """fact id -> IRI segment across all articles; ids are unique, except an incident shared by articles."""
    index: dict[str, str] = {}
    owner: dict[str, str] = {}
    for facts in mappings:
        seen_here: set[str] = set()
        for fact in facts.facts():
            segment = FACT_TYPES[type(fact)][1]
            if fact.id in seen_here:
                raise MappingError(f"{facts.article.id}: fact id {fact.id!r} is used twice in the article")
            seen_here.add(fact.id)
            if fact.id in index and not (isinstance(fact, Incident) and index[fact.id] == "incident"):
                raise MappingError(
                    f"{facts.article.id}: fact id {fact.id!r} is already used in {owner[fact.id]}; ids are global"
                )
            index[fact.id] = segment
            owner.setdefault(fact.id, facts.article.id)
    return index


def compile_project(settings: Settings, progress: Progress | None = None) -> Compiled:
    """Read ontology, vocabularies, registry and every hand mapping; emit one graph per article."""
    say = progress or (lambda message: None)
    vocab = load_vocabulary(settings)
    registry = Registry.load(settings.data_dir / "entities.yaml")
    mappings = load_mappings(settings.data_dir / "articles")
    say(f"read {len(mappings)} hand mappings, {len(registry.actors)} actors, {len(registry.laws)} laws")
    index = fact_index(mappings)
    extra_actors = tuple(a for m in mappings for a in m.actors)
    full = registry.with_actors(extra_actors)
    refs = References(frozenset(full.actors), frozenset(full.laws), index)
    compiled = Compiled(vocab, registry, {m.article.id: m for m in mappings})
    compiled.graphs[ONTOLOGY_GRAPH] = vocab.ontology
    entities = entity_graph(vocab, full.actors.values(), full.laws.values())
    entities += vocab.vocab
    compiled.graphs[ENTITIES_GRAPH] = entities
    emitter = Emitter(vocab, refs)
    for n, facts in enumerate(mappings, start=1):
        compiled.mappings[facts.article.id], graph = _emit_article(
            emitter, facts, settings, compiled.warnings, shared=entities
        )
        compiled.graphs[article_graph(facts.article.id)] = graph
        say(f"[{n}/{len(mappings)}] {facts.article.id}: {len(facts.facts())} facts, {len(graph)} triples")
    return compiled


def _emit_article(emitter: Emitter, facts: ArticleFacts, settings: Settings, warnings: list[str], shared: Graph):
    where = f"data/articles/{facts.article.id}.yaml"
    text = cleaned_text_for(facts, settings.articles)
    sha = None
    if text is None:
        warnings.append(
            f"{facts.article.id}: article text not found in {settings.articles}; evidence keeps anchors without offsets"
        )
    else:
        facts = locate_evidence(facts, text, where)
        sha = sha256_text(text)
    return facts, emitter.article_graph(facts, sha, shared=shared)


def iter_nquads(graphs: dict[URIRef, Graph]) -> Iterator[bytes]:
    """Each graph as N-Quads lines (N-Triples lines with the graph name appended)."""
    for name, graph in graphs.items():
        suffix = f" <{name}> .\n".encode()
        for line in graph.serialize(format="nt", encoding="utf-8").splitlines():
            if line.strip():
                yield line.rstrip()[:-1].rstrip() + suffix
