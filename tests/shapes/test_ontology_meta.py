"""The ontology against its meta-shapes (shapes/ontology-shapes.ttl) and against the contract in
docs/model.md: every term documented, every notation the YAML uses present, alignments cited
only to DPV terms that were checked to exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from shacl_support import HERE, ROOT, Shacl, expectation, parse

PKG = Namespace("https://w3id.org/privacy-kg/ontology#")
META_INVALID = sorted((HERE / "meta-invalid").glob("*.ttl"))

VERIFIED_DPV_FILE = HERE / "verified-dpv.txt"


def words(text: str) -> set[str]:
    return set(text.split())


# The notations docs/model.md lists for each scheme class (the YAML values).
CONTRACT = {
    "LegalActionKind": words(
        "investigation inspection order warning recommendation administrative_guidance report_request request "
        "usage_suspension fine settlement reprimand instruction ban appeal court_decision"
    ),
    "DataFlowKind": words("collection access storage transfer disclosure leak processing"),
    "IncidentKind": words(
        "data_breach cyberattack unauthorised_access data_misuse mishandling exposure"
    ),
    "CommitmentKind": words(
        "cessation relocation governance transparency prevention apology statement policy_change compliance "
        "cooperation compensation"
    ),
    "RelationKind": words(
        "subsidiary_of parent_of affiliate_of contractor_of subcontractor_of merged_with renamed_to operator_of "
        "controlled_by part_owned_by established_by member_of"
    ),
    "FigureQualifier": words("exact about more_than at_least up_to less_than"),
    "Status": words("completed ongoing ended planned conditional"),
    "Role": words(
        "ceo president chair minister prime_minister chief_cabinet_secretary professor official spokesperson "
        "director commissioner founder executive head"
    ),
    "TransferMechanism": words(
        "consent standard_contractual_clauses adequacy_decision binding_corporate_rules legal_obligation "
        "law_enforcement_request contract"
    ),
    "MappingMethod": words("hand"),
}
ACTOR_KINDS = {
    "company": "Company",
    "authority": "Authority",
    "data_protection_authority": "DataProtectionAuthority",
    "government_body": "GovernmentBody",
    "person": "Person",
    "data_subject_group": "DataSubjectGroup",
    "organisation": "Organisation",
    "service": "Service",
}


def verified_dpv() -> set[str]:
    """DPV IRIs checked to exist in the DPV 2.0 sources (one per line in verified-dpv.txt)."""
    lines = VERIFIED_DPV_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_ontology_conforms_to_meta_shapes(shacl: Shacl) -> None:
    results = shacl.validate_ontology(shacl.ontology)
    assert results == [], "\n".join(f"{r.shape} {r.focus}: {r.message}" for r in results)


def test_meta_base_conforms(shacl: Shacl) -> None:
    assert shacl.validate_ontology(parse(HERE / "meta-base.ttl")) == []


@pytest.mark.parametrize("fixture", META_INVALID, ids=lambda p: p.stem)
def test_meta_invalid_fixture_fails_for_its_shape(shacl: Shacl, fixture: Path) -> None:
    shape, also = expectation(fixture)
    results = shacl.validate_ontology(parse(HERE / "meta-base.ttl", fixture))
    tripped = {r.shape for r in results}
    report = "\n".join(f"{r.shape} {r.focus}: {r.message}" for r in results)
    assert tripped == {shape} | also, f"{fixture.name}:\n{report}"


def test_every_meta_shape_has_an_invalid_fixture(shacl: Shacl) -> None:
    missing = shacl.targeted_shapes(shacl.meta_shapes) - {expectation(f)[0] for f in META_INVALID}
    assert not missing, (
        f"add tests/shapes/meta-invalid/{{Shape}}-{{what}}.ttl for: {sorted(missing)}"
    )


@pytest.mark.parametrize("scheme_class", sorted(CONTRACT))
def test_scheme_notations_match_the_contract(shacl: Shacl, scheme_class: str) -> None:
    onto = shacl.ontology
    notations = {
        str(onto.value(c, SKOS.notation)) for c in onto.subjects(RDF.type, PKG[scheme_class])
    }
    assert notations == CONTRACT[scheme_class]


def test_actor_classes_carry_the_registry_kinds(shacl: Shacl) -> None:
    onto = shacl.ontology
    for kind, cls in ACTOR_KINDS.items():
        assert str(onto.value(PKG[cls], SKOS.notation)) == kind


def test_concepts_of_a_scheme_share_one_scheme_class(shacl: Shacl) -> None:
    onto = shacl.ontology
    scheme_classes = {
        c for c in onto.subjects(RDFS.subClassOf, SKOS.Concept) if c.startswith(str(PKG))
    }
    for scheme in onto.subjects(RDF.type, SKOS.ConceptScheme):
        classes = {
            t for c in onto.subjects(SKOS.inScheme, scheme) for t in onto.objects(c, RDF.type)
        } & scheme_classes
        assert len(classes) == 1, (scheme, classes)


def test_japanese_labels_for_every_concept(shacl: Shacl) -> None:
    onto = shacl.ontology
    missing = [
        c
        for c in onto.subjects(RDF.type, SKOS.Concept)
        if not any(
            getattr(label, "language", None) == "ja" for label in onto.objects(c, RDFS.label)
        )
    ]
    assert not missing, missing


def test_alignments_cite_only_verified_dpv_terms() -> None:
    graph = parse(
        *sorted((ROOT / "ontology").glob("*.ttl")), ROOT / "data" / "vocab" / "data-categories.ttl"
    )
    cited = {
        str(o)
        for o in graph.objects()
        if isinstance(o, URIRef) and str(o).startswith("https://w3id.org/dpv")
    }
    assert cited, "no DPV alignment at all"
    unverified = cited - verified_dpv()
    assert not unverified, (
        f"check these exist in DPV, then add them to {VERIFIED_DPV_FILE.name}: {sorted(unverified)}"
    )


def test_ontology_is_self_contained(shacl: Shacl) -> None:
    """No imports, and no blank nodes, so dumps are stable and nothing is fetched."""
    onto = shacl.ontology
    assert not list(onto.objects(None, OWL.imports))
    assert not [t for t in onto if any(isinstance(x, BNode) for x in t)]
    assert len(set(onto.subjects(RDF.type, OWL.Ontology))) == 1
