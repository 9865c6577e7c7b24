"""Data-driven tests of shapes/privacy-kg-shapes.ttl, in the manner of pySHACL's W3C test runner.

valid/*.ttl must give no result at all; invalid/{Shape}-{what}.ttl must give a result from that
node shape (or one of its property shapes) and from no shape other than those its `# also:` line
names. Every fixture is merged with base.ttl, the shared synthetic context.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SH
from shacl_support import HERE, Shacl, expectation
from shacl_support import SHAPES as SH_NS

PKG = "https://w3id.org/privacy-kg/ontology#"
NON_CONSTRAINTS = {
    SH.property,
    SH.message,
    SH.severity,
    SH.targetClass,
    SH.targetNode,
    SH.targetObjectsOf,
    SH.targetSubjectsOf,
}
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))


def test_base_context_conforms(shacl: Shacl) -> None:
    assert shacl.validate(shacl.with_base()) == []


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_gives_no_result(shacl: Shacl, fixture: Path) -> None:
    results = shacl.validate(shacl.with_base(fixture))
    assert results == [], "\n".join(
        f"{r.shape} {r.severity} {r.focus}: {r.message}" for r in results
    )


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_for_its_shape(shacl: Shacl, fixture: Path) -> None:
    shape, also = expectation(fixture)
    results = shacl.validate(shacl.with_base(fixture))
    tripped = {r.shape for r in results}
    report = "\n".join(f"{r.shape} {r.severity} {r.focus}: {r.message}" for r in results)
    assert shape in tripped, f"{fixture.name} did not trip {shape}:\n{report}"
    assert tripped == {shape} | also, (
        f"{fixture.name} tripped other shapes than expected:\n{report}"
    )


def test_complete_fixture_has_every_fact_type(shacl: Shacl) -> None:
    """The valid article graph exercises every concrete fact class (so every fact shape runs)."""
    graph = shacl.with_base(HERE / "valid" / "complete-article.ttl")
    fact = URIRef(PKG + "Fact")
    fact_classes = set(shacl.ontology.transitive_subjects(RDFS.subClassOf, fact)) - {fact}
    present = set(graph.objects(None, RDF.type))
    assert len(fact_classes) == 8
    assert fact_classes <= present, fact_classes - present


def test_every_targeted_shape_has_an_invalid_fixture(shacl: Shacl) -> None:
    covered = {expectation(f)[0] for f in INVALID}
    missing = shacl.targeted_shapes(shacl.data_shapes) - covered
    assert not missing, f"add tests/shapes/invalid/{{Shape}}-{{what}}.ttl for: {sorted(missing)}"


def test_fixture_names_refer_to_real_shapes(shacl: Shacl) -> None:
    known = shacl.targeted_shapes(shacl.data_shapes)
    named = {expectation(f)[0] for f in INVALID} | {a for f in INVALID for a in expectation(f)[1]}
    assert named <= known, named - known


def test_every_constraint_carries_a_message(shacl: Shacl) -> None:
    """Each targeted node shape with constraints of its own, and each of its property shapes,
    tells a maintainer what to fix."""
    shapes = shacl.data_shapes
    silent = []
    for name in shacl.targeted_shapes(shapes):
        node_shape = URIRef(str(SH_NS) + name)
        own = {
            p for p in shapes.predicates(node_shape) if str(p).startswith(str(SH))
        } - NON_CONSTRAINTS
        if own and shapes.value(node_shape, SH.message) is None:
            silent.append(name)
        silent += [
            f"{name}/{p}"
            for p in shapes.objects(node_shape, SH.property)
            if shapes.value(p, SH.message) is None
        ]
    assert not silent, silent


def test_severities_are_violation_or_warning(shacl: Shacl) -> None:
    severities = set(shacl.data_shapes.objects(None, SH.severity))
    assert severities <= {SH.Violation, SH.Warning}
    assert SH.Warning in severities  # the "should" rules exist


def test_currency_codes_are_iso_4217_shaped(shacl: Shacl) -> None:
    shapes = shacl.data_shapes
    (prop,) = (
        p for p in shapes.subjects(SH.path, URIRef(PKG + "currency")) if shapes.value(p, SH["in"])
    )
    codes = [str(c) for c in shapes.items(shapes.value(prop, SH["in"]))]
    assert len(codes) == len(set(codes)) > 170
    assert all(len(c) == 3 and c.isupper() for c in codes)
    assert {"JPY", "USD", "EUR", "KRW", "CNY", "GBP"} <= set(codes)
    assert not {"XXX", "XTS", "CNH", "YEN"} & set(codes)


@pytest.mark.parametrize(
    "name", ["valid/complete-article.ttl", "invalid/LegalActionShape-issuer-is-company.ttl"]
)
def test_ont_graph_mode_agrees_with_merged_ontology(shacl: Shacl, name: str) -> None:
    """pySHACL's ont_graph option and merging the ontology in beforehand give the same results."""
    data = shacl.with_base(HERE / name)
    assert sorted(map(repr, shacl.validate(data, as_ont_graph=True))) == sorted(
        map(repr, shacl.validate(data))
    )
