"""Helpers of the shape tests: the parsed ontology and shapes, and pySHACL run the one way the
production validator runs it. Parsing happens once per session (pySHACL is slow enough)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SHAPES = Namespace("https://w3id.org/privacy-kg/shapes#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
ALSO_RE = re.compile(r"^# also: (.+)$", re.MULTILINE)


def parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@dataclass(frozen=True)
class Result:
    shape: str  # local name of the node shape that owns the result's sh:sourceShape
    severity: str  # Violation, Warning or Info
    focus: Node
    message: str


def expectation(fixture: Path) -> tuple[str, set[str]]:
    """The node shape a fixture must trip (file name `{Shape}-{what}.ttl`) and others it may trip."""
    also = ALSO_RE.search(fixture.read_text(encoding="utf-8"))
    return fixture.name.split("-", 1)[0], set(also.group(1).split()) if also else set()


class Shacl:
    """Ontology, shapes and the pySHACL call; one instance per test session."""

    @cached_property
    def ontology(self) -> Graph:
        return parse(*sorted((ROOT / "ontology").glob("*.ttl")))

    @cached_property
    def data_shapes(self) -> Graph:
        return parse(ROOT / "shapes" / "privacy-kg-shapes.ttl")

    @cached_property
    def meta_shapes(self) -> Graph:
        return parse(ROOT / "shapes" / "ontology-shapes.ttl")

    def with_base(self, *paths: Path) -> Graph:
        return parse(HERE / "base.ttl", *paths)

    def validate(self, data: Graph, *, as_ont_graph: bool = False) -> list[Result]:
        """Validate a data graph the production way: no inference, the ontology merged in.

        Merging the ontology into (a copy of) the data graph is what pySHACL's ont_graph does, at
        half the cost; `as_ont_graph=True` runs the ont_graph variant to show both agree.
        """
        options = {
            "shacl_graph": self.data_shapes,
            "inference": "none",
            "abort_on_first": False,
            "allow_infos": True,
            "allow_warnings": True,
            "meta_shacl": False,
            "advanced": False,
            "do_owl_imports": False,
            "js": False,
        }
        merged = data + self.ontology
        if as_ont_graph:
            _, report, _ = pyshacl.validate(data, ont_graph=self.ontology, **options)
        else:
            _, report, _ = pyshacl.validate(merged, **options)
        return self._results(report, self.data_shapes, merged)

    def validate_ontology(self, ontology: Graph) -> list[Result]:
        _, report, _ = pyshacl.validate(
            ontology,
            shacl_graph=self.meta_shapes,
            inference="none",
            abort_on_first=False,
            meta_shacl=False,
            advanced=False,
            do_owl_imports=False,
            js=False,
        )
        return self._results(report, self.meta_shapes, ontology)

    @staticmethod
    def targeted_shapes(shapes: Graph) -> set[str]:
        """Local names of the node shapes that have a target (helpers used via sh:node have none)."""
        return {
            str(s).removeprefix(str(SHAPES))
            for s in shapes.subjects(RDF.type, SH.NodeShape)
            if any(shapes.value(s, t) is not None for t in TARGETS)
        }

    @staticmethod
    def owners(shapes: Graph) -> dict[Node, set[str]]:
        """Map every node shape and each of its property shapes to the owning node shape names."""
        owners: dict[Node, set[str]] = {}
        for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
            name = str(node_shape).removeprefix(str(SHAPES))
            owners.setdefault(node_shape, set()).add(name)
            for prop in shapes.objects(node_shape, SH.property):
                owners.setdefault(prop, set()).add(name)
        return owners

    def _results(self, report: Graph, shapes: Graph, data: Graph) -> list[Result]:
        owners = self.owners(shapes)
        out = []
        top_level = (
            r
            for rep in report.subjects(RDF.type, SH.ValidationReport)
            for r in report.objects(rep, SH.result)
        )
        for result in top_level:
            source, focus = report.value(result, SH.sourceShape), report.value(result, SH.focusNode)
            candidates = owners.get(source, {"?"})
            if (
                len(candidates) > 1
            ):  # a shared property shape: keep the node shapes that target the focus
                candidates = {c for c in candidates if targets(shapes, SHAPES[c], focus, data)}
            for owner in sorted(candidates):
                out.append(
                    Result(
                        shape=owner,
                        severity=str(report.value(result, SH.resultSeverity)).removeprefix(str(SH)),
                        focus=focus,
                        message=str(report.value(result, SH.resultMessage)),
                    )
                )
        return out


def targets(shapes: Graph, shape: URIRef, focus: Node, data: Graph) -> bool:
    """Whether a node shape's targets include a focus node (class targets follow rdfs:subClassOf)."""
    types = {
        sup
        for t in data.objects(focus, RDF.type)
        for sup in data.transitive_objects(t, RDFS.subClassOf)
    }
    return (
        any(c in types for c in shapes.objects(shape, SH.targetClass))
        or focus in set(shapes.objects(shape, SH.targetNode))
        or any((None, p, focus) in data for p in shapes.objects(shape, SH.targetObjectsOf))
        or any((focus, p, None) in data for p in shapes.objects(shape, SH.targetSubjectsOf))
    )
