"""REST items from the describe query's triples, driven by the emitter's own field tables.

`privacy_kg.emit.FIELDS` says which predicate holds which model field and what kind of value it
is; reading it backwards here means a field added to the model and the emitter shows up in the
JSON with no code in the API. Field names are the fact model's (the hand-mapping YAML's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, get_args, get_origin

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from privacy_kg.emit import FIELDS
from privacy_kg.model import Fact, Figure
from privacy_kg.namespaces import OA, PKG, SCHEMA
from privacy_kg.vocab import Vocabulary

Term = ox.NamedNode | ox.Literal | ox.BlankNode
_EVIDENCE_NUMBER = re.compile(r"/evidence/(\d+)$")


class Index:
    """Triples by subject and predicate, deduplicated (several articles may state the same triple)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._by: dict[str, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
        for triple in triples:
            self._by[str(triple.subject.value)][triple.predicate.value].add(triple.object)

    @classmethod
    def from_ntriples(cls, body: bytes) -> Index:
        return cls(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def __contains__(self, subject: str) -> bool:
        return subject in self._by

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return sorted(self._by.get(subject, {}).get(predicate, ()), key=str)

    def values(self, subject: str, predicate: str) -> list[str]:
        return [term.value for term in self.objects(subject, predicate)]

    def first(self, subject: str, predicate: str) -> str | None:
        values = self.values(subject, predicate)
        return values[0] if values else None

    def subjects_all(self) -> list[str]:
        return sorted(self._by)

    def predicates(self, subject: str) -> dict[str, list[str]]:
        return {
            p: sorted(o.value for o in objects) for p, objects in self._by.get(subject, {}).items()
        }

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return sorted(
            s for s, ps in self._by.items() if any(o.value == obj for o in ps.get(predicate, ()))
        )

    def label(self, subject: str) -> str | None:
        """The English label, else any label (sorted, so the choice is stable)."""
        labels = [t for t in self.objects(subject, str(RDFS.label)) if isinstance(t, ox.Literal)]
        english = [t.value for t in labels if (t.language or "").lower().startswith("en")]
        return (english or [t.value for t in labels] or [None])[0]

    def has_type(self, subject: str, *classes: str) -> bool:
        types = set(self.values(subject, str(RDF.type)))
        return any(cls in types for cls in classes)


def ref(index: Index, iri: str) -> dict[str, Any]:
    return {"id": iri, "label": index.label(iri)}


def number(lexical: str) -> int | float | None:
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _many(annotation: Any) -> bool:
    """A tuple field of the model (reported_as, concerns, figures ...) is a list in JSON."""
    if get_origin(annotation) is tuple:
        return True
    return any(get_origin(arg) is tuple for arg in get_args(annotation))


def _convert(index: Index, term: Term, kind: str) -> Any:
    value = term.value
    if kind in ("actor", "law", "category") or kind.startswith("fact:"):
        return ref(index, value)
    if kind == "country":
        return index.first(value, str(PKG.iso3166Code)) or value.rsplit("/", 1)[-1]
    if kind == "decimal":
        return number(value)
    if kind.startswith("concept:"):
        return index.first(value, str(SKOS.notation)) or value.rsplit("#", 1)[-1]
    if kind == "figures":
        return fact_item(index, value, Figure)
    return value  # date (as stored), string, text


def _pick(values: list[Any], kind: str) -> Any:
    """One value for a single-valued field that several articles filled differently."""
    if not values:
        return None
    if kind == "date":
        return min(values, key=lambda v: (-len(v), v))  # the most precise, then the earliest
    return values[0]


def fact_item(index: Index, iri: str, fact_type: type[Fact]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": iri, "label": index.label(iri)}
    for name, predicate, kind in FIELDS[fact_type]:
        values = [_convert(index, term, kind) for term in index.objects(iri, str(predicate))]
        if kind == "figures":
            values.sort(key=lambda f: (f["date_reported"] or "", f["id"]))
        item[name] = (
            values if _many(fact_type.model_fields[name].annotation) else _pick(values, kind)
        )
    item["notes"] = index.values(iri, str(RDFS.comment))
    item["sources"] = sources(index, iri)
    return item


def article_ref(index: Index, iri: str) -> dict[str, Any]:
    publisher = index.first(iri, str(SCHEMA.publisher))
    return {
        "id": iri,
        "headline": index.first(iri, str(SCHEMA.headline)),
        "publisher": index.first(publisher, str(SCHEMA.name)) if publisher else None,
        "date": index.first(iri, str(SCHEMA.datePublished)),
        "url": index.first(iri, str(SCHEMA.url)),
    }


def sources(index: Index, iri: str) -> list[dict[str, Any]]:
    """One entry per derivation: the article, the quoted evidence, the method and its confidence."""
    out = []
    for derivation in index.values(iri, str(PROV.qualifiedDerivation)):
        article = index.first(derivation, str(PROV.entity))
        method = index.first(derivation, str(PKG.method))
        confidence = index.first(derivation, str(PKG.confidence))
        out.append(
            {
                "article": article_ref(index, article) if article else None,
                "evidence": _quotes(index, derivation),
                "method": _method(index, method),
                "confidence": None if confidence is None else float(Decimal(confidence)),
            }
        )
    out.sort(
        key=lambda s: (
            (s["article"] or {}).get("date") or "",
            (s["article"] or {}).get("id") or "",
            s["method"],
        )
    )
    return out


def _quotes(index: Index, derivation: str) -> list[str]:
    def position(evidence: str) -> int:
        match = _EVIDENCE_NUMBER.search(evidence)
        return int(match.group(1)) if match else 0

    quotes = []
    for evidence in sorted(
        index.values(derivation, str(PKG.evidence)), key=lambda e: (position(e), e)
    ):
        for selector in index.values(evidence, str(OA.hasSelector)):
            quotes.extend(index.values(selector, str(OA.exact)))
    return list(dict.fromkeys(quotes))  # two anchors in one sentence quote it once


def _method(index: Index, method: str | None) -> str:
    if method is None:
        return "unknown"
    if method == str(PKG.HandMapping):
        return index.first(method, str(SKOS.notation)) or "hand"
    return index.first(method, str(PKG.ruleId)) or method.rsplit("/", 1)[-1]


def actor_item(index: Index, iri: str, vocab: Vocabulary) -> dict[str, Any]:
    labels = {
        t.language or "": t.value
        for t in index.objects(iri, str(RDFS.label))
        if isinstance(t, ox.Literal)
    }
    aliases: dict[str, list[str]] = defaultdict(list)
    for term in index.objects(iri, str(SKOS.altLabel)):
        if isinstance(term, ox.Literal):
            aliases[term.language or ""].append(term.value)
    country = index.first(iri, str(PKG.country))
    return {
        "id": iri,
        "kind": _actor_kind(index, iri, vocab),
        "label": index.label(iri),
        "labels": dict(sorted(labels.items())),
        "aliases": {lang: sorted(names) for lang, names in sorted(aliases.items())},
        "country": _convert(index, ox.NamedNode(country), "country") if country else None,
        "wikidata": index.first(iri, str(PKG.wikidataId)),
        "description": index.first(iri, str(RDFS.comment)),
        "sources": sources(index, iri),
    }


def _actor_kind(index: Index, iri: str, vocab: Vocabulary) -> str | None:
    """The notation of the most specific class (the one with the longest superclass chain)."""
    classes = [c for c in index.values(iri, str(RDF.type)) if c.startswith(str(PKG))]
    if not classes:
        return None
    best = max(classes, key=lambda c: (len(vocab.superclasses(URIRef(c))), c))
    return index.first(best, str(SKOS.notation)) or best.rsplit("#", 1)[-1]


def article_item(index: Index, iri: str) -> dict[str, Any]:
    facts = []
    for fact in index.subjects(str(PROV.wasDerivedFrom), iri):
        segment = fact.split("/id/", 1)[-1].split("/", 1)[0]
        facts.append({"id": fact, "type": segment, "label": index.label(fact)})
    facts.sort(key=lambda f: (f["type"], f["id"]))
    return {
        **article_ref(index, iri),
        "language": index.values(iri, str(SCHEMA.inLanguage)),
        "facts": facts,
    }
