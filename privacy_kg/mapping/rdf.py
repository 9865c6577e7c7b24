"""Rule-mapped facts -> RDF through the project's one emitter (`privacy_kg.emit`).

The emitter writes the article graph (given the rules' descriptions as their labels); this module
adds the triples of actors the rules introduced, for the entities graph, each
`prov:wasDerivedFrom` the article, and the serialisations `privacy-kg map` prints.
"""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import PROV

from ..emit import Emitter, References, actor_iri, article_iri, entity_graph, fact_iri
from ..model import ArticleFacts
from ..namespaces import ENTITIES_GRAPH, PREFIXES, article_graph
from ..vocab import Vocabulary
from .resources import Resources


@functools.cache
def load_vocab(ontology_dir: Path, vocab_dir: Path) -> Vocabulary:
    """The ontology and vocabularies, read once per process."""
    return Vocabulary.load(ontology_dir, vocab_dir)


def references(facts: ArticleFacts, res: Resources) -> References:
    ids = {fact.id: fact_iri(fact).split("/id/", 1)[1].split("/", 1)[0] for fact in facts.facts()}
    actors = frozenset(res.registry.actors) | {a.id for a in facts.actors}
    return References(actors, frozenset(res.registry.laws), ids)


def article_rdf(
    facts: ArticleFacts,
    res: Resources,
    vocab: Vocabulary,
    sha: str | None = None,
    shared: Graph | None = None,
) -> Graph:
    """The article's named-graph content: citation, facts, derivations, evidence; each rule a
    derivation names is labelled with its description (`pkg:MappingRule` needs a label). The
    publisher's and the rules' descriptions go to `shared` (the entities graph) when given."""
    labels = {rule.id: rule.description for rule in res.rules.rules}
    emitter = Emitter(vocab, references(facts, res), rule_labels=labels)
    return emitter.article_graph(facts, sha, shared=shared)


def new_actor_rdf(facts: ArticleFacts, vocab: Vocabulary) -> Graph:
    """Entity triples for the actors the article introduced, derived from the article."""
    graph = entity_graph(vocab, facts.actors, ())
    source = article_iri(facts.article.id)
    for actor in facts.actors:
        graph.add((actor_iri(actor.id), PROV.wasDerivedFrom, source))
    return graph


def serialize(
    facts: ArticleFacts, res: Resources, vocab: Vocabulary, fmt: str, sha: str | None = None
) -> str:
    """turtle (article graph + new actors), trig or jsonld (article and entities named graphs)."""
    article = article_rdf(facts, res, vocab, sha)
    actors = new_actor_rdf(facts, vocab)
    if fmt == "turtle":
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        union += article
        union += actors
        return union.serialize(format="turtle")
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    named = dataset.graph(article_graph(facts.article.id))
    named += article
    if len(actors):
        entities = dataset.graph(ENTITIES_GRAPH)
        entities += actors
    return dataset.serialize(format="trig" if fmt == "trig" else "json-ld")
