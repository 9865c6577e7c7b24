"""SHACL validation with pySHACL, locked down: no imports, no inference, no JavaScript, local shapes only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef

from .namespaces import PREFIXES, SH
from .vocab import read_turtle_files

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    path: str | None
    value: str | None
    shape: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def line(self) -> str:
        where = f" {_short(self.path)}" if self.path else ""
        value = f" (value {_short(self.value)})" if self.value else ""
        shape = f" [{_short(self.shape)}]" if self.shape else ""
        return f"{self.severity}: {_short(self.focus)}{where}: {self.message}{value}{shape}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    results: tuple[Result, ...]
    graph: Graph

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def to_json(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "results": [r.to_json() for r in self.results],
        }

    def text(self) -> str:
        lines = [r.line() for r in self.results]
        verdict = "conforms" if self.conforms else f"does not conform: {len(self.violations)} violation(s)"
        return "\n".join([*lines, f"SHACL: {verdict}, {len(self.warnings)} warning(s)"])


@lru_cache(maxsize=4)
def load_shapes(shapes_dir: Path) -> Graph:
    """The data shapes (the meta-shape over the ontology is separate: `ontology-shapes.ttl`)."""
    graph = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        if path.name != "ontology-shapes.ttl":
            graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


@lru_cache(maxsize=4)
def load_ontology(ontology_dir: Path) -> Graph:
    return read_turtle_files(ontology_dir)


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> Report:
    """Validate `data` against `shapes`; the ontology supplies class hierarchy and concept types.

    The ontology is merged into the data graph rather than passed as `ont_graph`: the kind checks need
    the concepts' types, and merging is about twice as fast.
    """
    merged = data + ontology if ontology is not None else data
    conforms, report_graph, _ = pyshacl_validate(
        merged,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
        do_owl_imports=False,
        js=False,
    )
    return Report(bool(conforms), _results(report_graph, shapes), report_graph)


def _results(report: Graph, shapes: Graph) -> tuple[Result, ...]:
    out = []
    for node in report.objects(None, SH.result):  # the report's own results, not nested details
        severity = report.value(node, SH.resultSeverity)
        message = report.value(node, SH.resultMessage)
        out.append(
            Result(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(report.value(node, SH.focusNode)),
                path=_text(report.value(node, SH.resultPath)),
                value=_text(report.value(node, SH.value)),
                shape=_shape_name(report.value(node, SH.sourceShape), shapes),
                message=str(message) if message else "constraint not met",
            )
        )
    out.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.focus, r.path or "", r.message))
    return tuple(out)


def _shape_name(shape: Any, shapes: Graph) -> str | None:
    """The node shape a result comes from: property shapes are blank nodes inside a named shape."""
    if isinstance(shape, URIRef):
        return str(shape)
    owner = shapes.value(None, SH.property, shape) if shape is not None else None
    return str(owner) if isinstance(owner, URIRef) else None


def _text(term: Any) -> str | None:
    if term is None:
        return None
    if isinstance(term, (URIRef, Literal)):
        return str(term)
    return None  # blank-node shapes and complex paths have no useful name


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>" if "://" in iri else iri
