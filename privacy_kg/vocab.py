"""The ontology's controlled vocabularies, read from `ontology/` and `data/vocab/`.

The fact model holds kinds, roles and statuses as `skos:notation` strings; this module maps them to
IRIs and rejects unknown ones, so a new kind is added by editing Turtle, not Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import MappingError
from .namespaces import PKG, PKR


def read_turtle_files(*folders: Path) -> Graph:
    """Parse every .ttl file of the folders into one graph (only local files, never the network)."""
    graph = Graph()
    for folder in folders:
        for path in sorted(folder.glob("*.ttl")):
            graph.parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=path.as_uri())
    return graph


@dataclass
class Vocabulary:
    """Notation lookups over the ontology graph and the entity vocabularies (jurisdictions, data categories)."""

    ontology: Graph
    vocab: Graph
    _schemes: dict[str, dict[str, URIRef]] = field(default_factory=dict, init=False)

    @classmethod
    def load(cls, ontology_dir: Path, vocab_dir: Path) -> Vocabulary:
        return cls(read_turtle_files(ontology_dir), read_turtle_files(vocab_dir))

    def scheme(self, class_name: str) -> dict[str, URIRef]:
        """notation -> concept IRI for the concepts typed `pkg:{class_name}`."""
        if class_name not in self._schemes:
            members = self.ontology.subjects(RDF.type, PKG[class_name])
            self._schemes[class_name] = {
                str(notation): concept
                for concept in members
                if isinstance(concept, URIRef)
                for notation in self.ontology.objects(concept, SKOS.notation)
            }
        return self._schemes[class_name]

    def concept(self, class_name: str, notation: str, where: str) -> URIRef:
        try:
            return self.scheme(class_name)[notation]
        except KeyError:
            known = ", ".join(sorted(self.scheme(class_name))) or "(none defined)"
            raise MappingError(f"{where}: unknown {class_name} {notation!r}; use one of: {known}") from None

    @cached_property
    def actor_classes(self) -> dict[str, URIRef]:
        """Registry `kind` notation -> class IRI, for pkg:Actor's subclasses and pkg:Service."""
        classes = set(self.ontology.transitive_subjects(RDFS.subClassOf, PKG.Actor)) | {PKG.Service}
        return {
            str(notation): cls
            for cls in classes
            if isinstance(cls, URIRef)
            for notation in self.ontology.objects(cls, SKOS.notation)
        }

    def actor_class(self, kind: str, where: str) -> URIRef:
        try:
            return self.actor_classes[kind]
        except KeyError:
            known = ", ".join(sorted(self.actor_classes))
            raise MappingError(f"{where}: unknown actor kind {kind!r}; use one of: {known}") from None

    def superclasses(self, cls: URIRef) -> list[URIRef]:
        """`cls` and its named superclasses in the project's namespace, nearest first (for materialised types)."""
        out: list[URIRef] = []
        todo = [cls]
        while todo:
            current = todo.pop(0)
            if current in out or not str(current).startswith(str(PKG)):
                continue
            out.append(current)
            todo.extend(o for o in self.ontology.objects(current, RDFS.subClassOf) if isinstance(o, URIRef))
        return out

    @cached_property
    def jurisdictions(self) -> frozenset[str]:
        return frozenset(str(code) for code in self.vocab.objects(None, PKG.iso3166Code))

    @cached_property
    def data_categories(self) -> frozenset[str]:
        prefix = str(PKR["data-category/"])
        return frozenset(
            str(s)[len(prefix):]
            for s in self.vocab.subjects(RDF.type, PKG.PersonalDataCategory)
            if str(s).startswith(prefix)
        )

    def check_country(self, code: str, where: str) -> None:
        if code not in self.jurisdictions:
            raise MappingError(f"{where}: unknown jurisdiction {code!r} (ISO 3166-1 alpha-2, or 001 for the world)")

    def check_category(self, category: str, where: str) -> None:
        if category not in self.data_categories:
            known = ", ".join(sorted(self.data_categories))
            raise MappingError(f"{where}: unknown data category {category!r}; use one of: {known}")
