"""The committed vocabularies: data/vocab/jurisdictions.ttl (generated) and
data/vocab/data-categories.ttl. Their labels and aliases feed the rule mapper's gazetteer, so
besides the shapes this checks that every phrase names exactly one concept."""

from __future__ import annotations

import importlib.util
from collections import defaultdict

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from shacl_support import ROOT, Shacl, parse

PKG = Namespace("https://w3id.org/privacy-kg/ontology#")
JURISDICTION = "https://w3id.org/privacy-kg/id/jurisdiction/"
CATEGORY = "https://w3id.org/privacy-kg/id/data-category/"
VOCAB = ROOT / "data" / "vocab"

# The data-category ids docs/model.md lists; the file may hold more.
CONTRACT_CATEGORIES = {
    "personal-data",
    "name",
    "identifier",
    "telephone-number",
    "email-address",
    "contact-information",
    "address",
    "location",
    "browsing-history",
    "image",
    "video",
    "message-content",
    "call-record",
    "payment-history",
    "purchase-history",
    "financial-account",
    "account-credentials",
    "date-of-birth",
    "age",
    "gender",
    "government-identifier",
    "ip-address",
    "device-identifier",
    "health-data",
    "biometric-data",
}


@pytest.fixture(scope="module")
def jurisdictions() -> Graph:
    return parse(VOCAB / "jurisdictions.ttl")


@pytest.fixture(scope="module")
def categories() -> Graph:
    return parse(VOCAB / "data-categories.ttl")


def phrases(graph: Graph, cls: URIRef, *predicates: URIRef) -> dict[tuple[str, str], set[URIRef]]:
    """Every (language, casefolded phrase) of the given predicates, with the concepts using it."""
    out: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for concept in graph.subjects(RDF.type, cls):
        for predicate in predicates:
            for literal in graph.objects(concept, predicate):
                out[(literal.language, str(literal).casefold())].add(concept)
    return out


def label(graph: Graph, node: URIRef, lang: str) -> str:
    return next(str(x) for x in graph.objects(node, RDFS.label) if x.language == lang)


def test_vocabularies_conform_to_the_shapes(
    shacl: Shacl, jurisdictions: Graph, categories: Graph
) -> None:
    results = shacl.validate(jurisdictions + categories)
    assert results == [], "\n".join(
        f"{r.shape} {r.severity} {r.focus}: {r.message}" for r in results[:20]
    )


def test_jurisdiction_codes_match_their_iris(jurisdictions: Graph) -> None:
    codes = {}
    for node in jurisdictions.subjects(RDF.type, PKG.Jurisdiction):
        code = str(jurisdictions.value(node, PKG.iso3166Code))
        assert str(node) == JURISDICTION + code
        codes[code] = node
    assert len(codes) == 251  # 249 ISO 3166-1 countries, EU and 001
    assert {"JP", "US", "CN", "KR", "GB", "IE", "EU", "001"} <= set(codes)


def test_jurisdiction_names_and_aliases(jurisdictions: Graph) -> None:
    j = {code: URIRef(JURISDICTION + code) for code in ("JP", "US", "KR", "GB", "CN", "EU", "001")}
    assert (
        label(jurisdictions, j["JP"], "en") == "Japan"
        and label(jurisdictions, j["JP"], "ja") == "日本"
    )
    assert label(jurisdictions, j["EU"], "en") == "European Union"
    assert (
        label(jurisdictions, j["001"], "en") == "World"
        and label(jurisdictions, j["001"], "ja") == "世界"
    )
    alt = {
        code: {str(a) for a in jurisdictions.objects(node, SKOS.altLabel)}
        for code, node in j.items()
    }
    assert {"U.S.", "USA", "America", "米国"} <= alt["US"]
    assert {"UK", "Britain", "英国"} <= alt["GB"]
    assert {"Korea", "Republic of Korea"} <= alt["KR"]
    assert {"PRC", "mainland China"} <= alt["CN"]
    demonyms = {
        code: {str(d) for d in jurisdictions.objects(node, PKG.demonym)} for code, node in j.items()
    }
    assert demonyms["JP"] == {"Japanese"}
    assert {"South Korean", "Korean"} <= demonyms["KR"]
    assert {"American", "U.S."} <= demonyms["US"]
    assert len(set(jurisdictions.subjects(PKG.demonym, None))) >= 60


def test_every_jurisdiction_phrase_names_one_jurisdiction(jurisdictions: Graph) -> None:
    shared = {
        p: c
        for p, c in phrases(
            jurisdictions, PKG.Jurisdiction, RDFS.label, SKOS.altLabel, PKG.demonym
        ).items()
        if len(c) > 1
    }
    assert not shared, shared


def test_data_categories_cover_the_contract(categories: Graph) -> None:
    ids = {
        str(categories.value(c, SKOS.notation))
        for c in categories.subjects(RDF.type, PKG.PersonalDataCategory)
    }
    assert CONTRACT_CATEGORIES <= ids
    for concept in categories.subjects(RDF.type, PKG.PersonalDataCategory):
        assert str(concept) == CATEGORY + str(categories.value(concept, SKOS.notation))
        assert label(categories, concept, "en") and label(categories, concept, "ja")


def test_data_category_hierarchy_reaches_personal_data(categories: Graph) -> None:
    top = URIRef(CATEGORY + "personal-data")
    for concept in categories.subjects(RDF.type, PKG.PersonalDataCategory):
        chain = list(categories.transitive_objects(concept, SKOS.broader))
        assert chain[-1] == top, (concept, chain)
        assert len(chain) == len(set(chain)) <= 5  # no cycle, shallow


def test_every_data_category_phrase_names_one_category(categories: Graph) -> None:
    shared = {
        p: c
        for p, c in phrases(categories, PKG.PersonalDataCategory, RDFS.label, SKOS.altLabel).items()
        if len(c) > 1
    }
    assert not shared, shared


@pytest.mark.parametrize(
    ("phrase", "lang", "category"),
    [
        ("phone numbers", "en", "telephone-number"),
        ("電話番号", "ja", "telephone-number"),
        ("IDs", "en", "identifier"),
        ("user IDs", "en", "identifier"),
        ("browsing history", "en", "browsing-history"),
        ("payment histories", "en", "payment-history"),
        ("individual details", "en", "personal-data"),
        ("個人情報", "ja", "personal-data"),
        ("images", "en", "image"),
        ("videos", "en", "video"),
    ],
)
def test_article_words_map_to_categories(
    categories: Graph, phrase: str, lang: str, category: str
) -> None:
    found = phrases(categories, PKG.PersonalDataCategory, RDFS.label, SKOS.altLabel)[
        (lang, phrase.casefold())
    ]
    assert found == {URIRef(CATEGORY + category)}


def test_jurisdictions_file_is_what_the_generator_writes() -> None:
    pytest.importorskip(
        "babel", reason="babel is a dev-only dependency of tools/gen_jurisdictions.py"
    )
    spec = importlib.util.spec_from_file_location(
        "gen_jurisdictions", ROOT / "tools" / "gen_jurisdictions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (VOCAB / "jurisdictions.ttl").read_text(encoding="utf-8")
    if f"babel {__import__('babel').__version__}" not in text.splitlines()[1]:
        pytest.skip("installed babel differs from the one the file was generated with")
    assert module.render() == text
