"""The one RDF emitter: fact model -> triples, for hand mappings and rules alike.

Each fact type is described by a table of (model field, predicate, kind of value); the walker below
is shared, so every fact type gets the same provenance, the same date datatypes and the same
reference checks. The layout it writes is documented in docs/model.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from .errors import MappingError
from .model import (
    HAND,
    Actor,
    ArticleFacts,
    Commitment,
    DataFlow,
    Fact,
    Figure,
    Incident,
    Law,
    LawReference,
    LegalAction,
    Post,
    Relation,
)
from .namespaces import OA, ORG, PKG, PKR, SCHEMA, WD
from .slugs import slugify
from .vocab import Vocabulary

DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}

# Fact type -> (class local name, IRI path segment).
FACT_TYPES: dict[type[Fact], tuple[str, str]] = {
    Incident: ("Incident", "incident"),
    Figure: ("ReportedFigure", "figure"),
    DataFlow: ("DataFlow", "data-flow"),
    LegalAction: ("LegalAction", "legal-action"),
    Post: ("Post", "post"),
    Commitment: ("Commitment", "commitment"),
    Relation: ("OrganisationRelation", "relation"),
    LawReference: ("LawReference", "law-reference"),
}
SEGMENT_TO_TYPE = {segment: cls for cls, (_, segment) in FACT_TYPES.items()}

# Field tables: (field, predicate, value kind). Value kinds: actor, law, country, category, date,
# decimal, string, text, fact:<segment>[|<segment>], concept:<SchemeClass>, figures.
FIELDS: dict[type[Fact], list[tuple[str, URIRef, str]]] = {
    Incident: [
        ("kind", PKG.kind, "concept:IncidentKind"),
        ("subject", PKG.affectedOrganisation, "actor"),
        ("perpetrator", PKG.perpetrator, "actor"),
        ("via", PKG.via, "actor"),
        ("date", PKG.date, "date"),
        ("disclosed", PKG.disclosureDate, "date"),
        ("jurisdictions", PKG.jurisdiction, "country"),
        ("data_categories", PKG.dataCategory, "category"),
        ("data_subjects", PKG.dataSubjects, "actor"),
        ("figures", PKG.reportedFigure, "figures"),
    ],
    Figure: [
        ("value", PKG.value, "decimal"),
        ("qualifier", PKG.qualifier, "concept:FigureQualifier"),
        ("unit", PKG.unit, "string"),
        ("date_reported", PKG.dateReported, "date"),
        ("scope", PKG.scope, "country"),
        ("reported_by", PKG.reportedBy, "actor"),
    ],
    DataFlow: [
        ("kind", PKG.kind, "concept:DataFlowKind"),
        ("from_actor", PKG.sourceParty, "actor"),
        ("to_actor", PKG.recipientParty, "actor"),
        ("from_country", PKG.fromJurisdiction, "country"),
        ("to_country", PKG.toJurisdiction, "country"),
        ("data_categories", PKG.dataCategory, "category"),
        ("data_subjects", PKG.dataSubjects, "actor"),
        ("mechanism", PKG.transferMechanism, "concept:TransferMechanism"),
        ("conditions", PKG.condition, "text"),
        ("status", PKG.status, "concept:Status"),
        ("date", PKG.date, "date"),
        ("end_date", PKG.endDate, "date"),
        ("deadline", PKG.deadline, "date"),
        ("incident", PKG.relatedIncident, "fact:incident"),
    ],
    LegalAction: [
        ("kind", PKG.kind, "concept:LegalActionKind"),
        ("reported_as", PKG.reportedAs, "concept:LegalActionKind"),
        ("authority", PKG.issuer, "actor"),
        ("target", PKG.target, "actor"),
        ("concerns", PKG.concerns, "actor"),
        ("date", PKG.date, "date"),
        ("deadline", PKG.deadline, "date"),
        ("amount", PKG.amount, "decimal"),
        ("currency", PKG.currency, "string"),
        ("legal_basis", PKG.legalBasis, "law"),
        ("responds_to", PKG.respondsTo, "fact:incident"),
        ("follows_up", PKG.followsUp, "fact:legal-action"),
        ("status", PKG.status, "concept:Status"),
    ],
    Post: [
        ("person", ORG.member, "actor"),
        ("role", ORG.role, "concept:Role"),
        ("title", PKG.title, "string"),
        ("organisation", ORG.organization, "actor"),
        ("date", PKG.date, "date"),
    ],
    Commitment: [
        ("kind", PKG.kind, "concept:CommitmentKind"),
        ("actor", PKG.committedBy, "actor"),
        ("date", PKG.date, "date"),
        ("deadline", PKG.deadline, "date"),
        ("responds_to", PKG.respondsTo, "fact:incident|legal-action"),
        ("flow", PKG.concernsFlow, "fact:data-flow"),
        ("status", PKG.status, "concept:Status"),
    ],
    Relation: [
        ("kind", PKG.kind, "concept:RelationKind"),
        ("subject", PKG.subjectActor, "actor"),
        ("object", PKG.objectActor, "actor"),
        ("date", PKG.date, "date"),
    ],
    LawReference: [
        ("law", PKG.law, "law"),
        ("concerns", PKG.concerns, "actor"),
    ],
}


class TripleSink(Protocol):
    """Where triples go: an rdflib Graph, or a writer that streams them (the synthetic generator)."""

    def add(self, triple: tuple[Any, Any, Any], /) -> Any: ...


def actor_iri(actor_id: str) -> URIRef:
    return PKR[f"actor/{actor_id}"]


def law_iri(law_id: str) -> URIRef:
    return PKR[f"law/{law_id}"]


def jurisdiction_iri(code: str) -> URIRef:
    return PKR[f"jurisdiction/{code}"]


def category_iri(category_id: str) -> URIRef:
    return PKR[f"data-category/{category_id}"]


def article_iri(article_id: str) -> URIRef:
    return PKR[f"article/{article_id}"]


def fact_iri(fact: Fact) -> URIRef:
    return PKR[f"{FACT_TYPES[type(fact)][1]}/{fact.id}"]


def method_iri(method: str) -> URIRef:
    return PKG.HandMapping if method == HAND else PKR[f"rule/{method}"]


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=DATE_TYPES[len(value)])


@dataclass(frozen=True)
class References:
    """What a fact may point at: known actor and law ids, and fact id -> IRI segment."""

    actors: frozenset[str]
    laws: frozenset[str]
    facts: Mapping[str, str]


class Emitter:
    """Writes one article's facts into a graph; raises MappingError naming the fact and field."""

    def __init__(self, vocab: Vocabulary, refs: References, rule_labels: Mapping[str, str] | None = None) -> None:
        self.vocab = vocab
        self.refs = refs
        self.rule_labels = dict(rule_labels or {})
        self._shared: TripleSink = Graph()

    def article_graph(
        self,
        facts: ArticleFacts,
        content_sha256: str | None = None,
        graph: TripleSink | None = None,
        shared: TripleSink | None = None,
    ) -> Graph | TripleSink:
        """The article's triples, added to `graph` (a new rdflib Graph by default).

        Descriptions that many articles share (publishers, mapping rules) go to `shared`, which
        callers point at the entities graph: kept in every article graph they would be repeated
        once per article in the union default graph. Without `shared` they stay in `graph`.
        """
        graph = Graph() if graph is None else graph
        self._shared = graph if shared is None else shared
        article = article_iri(facts.article.id)
        self._article(graph, facts, article, content_sha256)
        for fact in facts.facts():
            self._fact(graph, fact, facts.article.id, article)
        return graph

    def _article(self, graph: TripleSink, facts: ArticleFacts, article: URIRef, sha: str | None) -> None:
        cite = facts.article
        self._types(graph, article, PKG.Article)
        graph.add((article, RDF.type, SCHEMA.NewsArticle))
        graph.add((article, RDF.type, PROV.Entity))
        lang = cite.language[0] if cite.language else None
        if cite.headline:
            graph.add((article, SCHEMA.headline, Literal(cite.headline, lang=lang)))
        publisher = PKR[f"publisher/{slugify(cite.publisher)}"]
        graph.add((article, SCHEMA.publisher, publisher))
        self._shared.add((publisher, RDF.type, SCHEMA.Organization))
        self._shared.add((publisher, SCHEMA.name, Literal(cite.publisher)))
        graph.add((article, SCHEMA.datePublished, date_literal(cite.date_published)))
        if cite.url:
            graph.add((article, SCHEMA.url, URIRef(cite.url)))
        for language in cite.language:
            graph.add((article, SCHEMA.inLanguage, Literal(language)))
        if cite.file:
            graph.add((article, PKG.sourceFile, Literal(cite.file)))
        if sha:
            graph.add((article, PKG.contentSha256, Literal(sha)))

    def _types(self, graph: TripleSink, node: URIRef, cls: URIRef) -> None:
        for each in self._superclasses(cls):
            graph.add((node, RDF.type, each))

    @lru_cache(maxsize=256)  # noqa: B019 - one emitter per vocabulary; the cache dies with it
    def _superclasses(self, cls: URIRef) -> tuple[URIRef, ...]:
        return tuple(self.vocab.superclasses(cls) or [cls])

    def _fact(self, graph: TripleSink, fact: Fact, article_id: str, article: URIRef) -> None:
        node = fact_iri(fact)
        class_name, segment = FACT_TYPES[type(fact)]
        where = f"{segment} {fact.id!r}"
        self._types(graph, node, PKG[class_name])
        if fact.label:
            graph.add((node, RDFS.label, Literal(fact.label, lang="en")))
        if fact.note:
            graph.add((node, RDFS.comment, Literal(fact.note, lang="en")))
        for name, predicate, kind in FIELDS[type(fact)]:
            value = getattr(fact, name)
            values = value if isinstance(value, tuple) else (value,)
            for item in values:
                if item is not None:
                    graph.add((node, predicate, self._value(item, kind, f"{where}, field {name!r}")))
        graph.add((node, PROV.wasDerivedFrom, article))
        for derivation in fact.derivations:
            self._derivation(graph, node, derivation, article_id, article)

    def _derivation(self, graph: TripleSink, node: URIRef, derivation: Any, article_id: str, article: URIRef) -> None:
        method_slug = "hand" if derivation.method == HAND else slugify(derivation.method)
        deriv = URIRef(f"{node}/derivation/{article_id}/{method_slug}")
        graph.add((node, PROV.qualifiedDerivation, deriv))
        graph.add((deriv, RDF.type, PKG.Derivation))
        graph.add((deriv, RDF.type, PROV.Derivation))
        graph.add((deriv, PROV.entity, article))
        method = method_iri(derivation.method)
        graph.add((deriv, PKG.method, method))
        if derivation.method != HAND:
            self._shared.add((method, RDF.type, PKG.MappingRule))
            self._shared.add((method, PKG.ruleId, Literal(derivation.method)))
            if derivation.method in self.rule_labels:
                label = Literal(self.rule_labels[derivation.method], lang="en")
                self._shared.add((method, RDFS.label, label))
        graph.add((deriv, PKG.confidence, Literal(Decimal(str(derivation.confidence)), datatype=XSD.decimal)))
        for n, evidence in enumerate(derivation.evidence, start=1):
            ev = URIRef(f"{deriv}/evidence/{n}")
            graph.add((deriv, PKG.evidence, ev))
            graph.add((ev, RDF.type, PKG.Evidence))
            graph.add((ev, RDF.type, OA.SpecificResource))
            graph.add((ev, OA.hasSource, article))
            if evidence.start is not None and evidence.end is not None:
                position = URIRef(f"{ev}/position")
                graph.add((ev, OA.hasSelector, position))
                graph.add((position, RDF.type, OA.TextPositionSelector))
                graph.add((position, OA.start, Literal(evidence.start, datatype=XSD.integer)))
                graph.add((position, OA.end, Literal(evidence.end, datatype=XSD.integer)))
            exact = evidence.quote or evidence.anchor
            if exact:
                quote = URIRef(f"{ev}/quote")
                graph.add((ev, OA.hasSelector, quote))
                graph.add((quote, RDF.type, OA.TextQuoteSelector))
                graph.add((quote, OA.exact, Literal(exact)))

    def _value(self, item: Any, kind: str, where: str) -> URIRef | Literal:
        if kind == "actor":
            if item not in self.refs.actors:
                raise MappingError(f"{where}: no actor {item!r} in the entity registry or the article's actors")
            return actor_iri(item)
        if kind == "law":
            if item not in self.refs.laws:
                raise MappingError(f"{where}: no law {item!r} in the entity registry")
            return law_iri(item)
        if kind == "country":
            self.vocab.check_country(item, where)
            return jurisdiction_iri(item)
        if kind == "category":
            self.vocab.check_category(item, where)
            return category_iri(item)
        if kind == "date":
            return date_literal(item)
        if kind == "decimal":
            return Literal(Decimal(item), datatype=XSD.decimal)
        if kind == "string":
            return Literal(item)
        if kind == "text":
            return Literal(item, lang="en")
        if kind == "figures":
            return fact_iri(item)
        if kind.startswith("concept:"):
            return self.vocab.concept(kind.split(":", 1)[1], item, where)
        if kind.startswith("fact:"):
            allowed = kind.split(":", 1)[1].split("|")
            segment = self.refs.facts.get(item)
            if segment not in allowed:
                wanted = " or ".join(allowed)
                raise MappingError(f"{where}: no {wanted} fact with id {item!r}")
            return PKR[f"{segment}/{item}"]
        raise AssertionError(f"unknown value kind {kind}")


def entity_graph(
    vocab: Vocabulary, actors: Iterable[Actor], laws: Iterable[Law], graph: TripleSink | None = None
) -> Graph | TripleSink:
    """Registry actors and laws as triples for the entities graph (added to `graph` if given)."""
    graph = Graph() if graph is None else graph
    for actor in actors:
        node = actor_iri(actor.id)
        where = f"actor {actor.id!r}"
        for cls in vocab.superclasses(vocab.actor_class(actor.kind, where)):
            graph.add((node, RDF.type, cls))
        _named(graph, node, actor)
        if actor.country:
            vocab.check_country(actor.country, where)
            graph.add((node, PKG.country, jurisdiction_iri(actor.country)))
    for law in laws:
        node = law_iri(law.id)
        graph.add((node, RDF.type, PKG.Law))
        _named(graph, node, law)
        vocab.check_country(law.jurisdiction, f"law {law.id!r}")
        graph.add((node, PKG.jurisdiction, jurisdiction_iri(law.jurisdiction)))
    return graph


def _named(graph: TripleSink, node: URIRef, entity: Actor | Law) -> None:
    for lang, text in entity.label.model_dump().items():
        graph.add((node, RDFS.label, Literal(text, lang=lang)))
    for lang, names in entity.aliases.items():
        for name in names:
            graph.add((node, SKOS.altLabel, Literal(name, lang=lang)))
    if entity.wikidata:
        graph.add((node, PKG.wikidataId, Literal(entity.wikidata)))
        graph.add((node, SKOS.exactMatch, WD[entity.wikidata]))
    if entity.description:
        graph.add((node, RDFS.comment, Literal(entity.description, lang="en")))
