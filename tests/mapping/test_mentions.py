"""Mentions: names the registry lacks, countries, acronyms, titles and posts, descriptions,
coreference."""

from __future__ import annotations

import datetime as dt

from privacy_kg.mapping.mentions import build_document

DAY = dt.date(2024, 5, 22)


def _actors(doc) -> dict[str, tuple[str, ...]]:
    return {m.text: m.ids for m in doc.mentions if m.type == "actor"}


def test_unknown_organisations_by_suffix_with_their_country(res) -> None:
    doc = build_document(
        "Irish regulators fined Dublin-based Larkspur Media Ltd. on Monday, the Irish Data "
        "Protection Commission said.",
        DAY,
        res,
    )
    actors = _actors(doc)
    media = doc.actors[actors["Dublin-based Larkspur Media Ltd."][0]]
    assert (media.label, media.kind, media.country) == ("Larkspur Media Ltd.", "company", "IE")
    dpc = doc.actors[actors["Irish Data Protection Commission"][0]]
    assert (dpc.label, dpc.kind, dpc.country) == (
        "Data Protection Commission",
        "data_protection_authority",
        "IE",
    )


def test_a_registry_name_with_another_country_is_another_actor(res) -> None:
    doc = build_document(
        "South Korea's Personal Information Protection Commission (PIPC) fined Orbit Games Co. "
        "The PIPC said the firm must report by June.",
        DAY,
        res,
    )
    ids = {m.text: m.ids[0] for m in doc.mentions if m.type == "actor"}
    commission = ids["Personal Information Protection Commission"]
    assert commission != "ppc" and doc.actors[commission].country == "KR"
    assert ids["PIPC"] == commission  # the acronym follows the name it abbreviates


def test_regulator_named_by_country_joins_the_named_regulator(res) -> None:
    doc = build_document(
        "Nordvik Apps AS was fined by the Norwegian data regulator on Monday. "
        "Datatilsynet Authority said Nordvik Apps AS had kept location data.",
        DAY,
        res,
    )
    ids = _actors(doc)
    assert ids["Norwegian data regulator"] == ids["Datatilsynet Authority"]
    assert doc.actors[ids["Datatilsynet Authority"][0]].country == "NO"


def test_titles_give_people_their_organisation(res) -> None:
    doc = build_document(
        "Communications Minister Ryota Takeda spoke first. Then Orbit Games Co. CEO Mina Park "
        "apologised, and Park said the firm would change.",
        DAY,
        res,
    )
    assert (
        doc.posts["ryota-takeda"][0] == "mic"
    )  # "Communications Minister" -> the communications ministry
    park = _actors(doc)["Mina Park"][0]
    assert doc.actors[park].kind == "person"
    assert doc.actors[doc.posts[park][0]].label == "Orbit Games Co."
    assert _actors(doc)["Park"] == (park,)  # later mentions by surname


def test_coreference_prefers_the_named_head_then_salience(res) -> None:
    doc = build_document(
        "The Federal Trade Commission sued Kestrel Apps Inc on Monday. The commission said "
        "the company had misled parents. It also said its review continues.",
        DAY,
        res,
    )
    resolved = {m.text: m.ids[0] for m in doc.mentions if m.anaphor}
    ftc = _actors(doc)["Federal Trade Commission"][0]
    kestrel = _actors(doc)["Kestrel Apps Inc"][0]
    assert resolved["The commission"] == ftc
    assert resolved["the company"] == kestrel
    assert resolved["It"] == ftc


def test_his_ministry_is_the_ministers(res) -> None:
    doc = build_document(
        "Communications minister Matsumoto Takeaki told reporters that his ministry will act.",
        DAY,
        res,
    )
    assert next(m.ids for m in doc.mentions if m.text == "his ministry") == ("mic",)


def test_relational_descriptions_link_to_the_registry_or_become_actors(res) -> None:
    doc = build_document(
        "Line said four employees of Line's Chinese affiliate could see user data. "
        "Separately, a subcontractor of Orbit Games Co. in Vietnam was hacked.",
        DAY,
        res,
    )
    described = {m.text: (m.ids[0], m.relation, m.owner) for m in doc.mentions if m.relation}
    assert described["Line's Chinese affiliate"] == (
        "line-china-affiliate",
        "affiliate",
        "line-corp",
    )
    sub_id, relation, owner = described["a subcontractor"]
    assert relation == "subcontractor" and doc.actors[owner].label == "Orbit Games Co."
    assert doc.actors[sub_id].new and doc.actors[sub_id].label == "Orbit Games Co.'s subcontractor"


def test_parent_company_apposition(res) -> None:
    doc = build_document(
        "Quill Messenger Inc. stores logs with its parent company, Corvid Holdings.", DAY, res
    )
    parent = next(m for m in doc.mentions if m.relation == "parent")
    assert doc.actors[parent.ids[0]].label == "Corvid Holdings"
    assert doc.actors[parent.owner].label == "Quill Messenger Inc."


def test_dates_amounts_and_weak_names(res) -> None:
    doc = build_document(
        "Police arrested two men on Friday after about 440,000 items leaked.", DAY, res
    )
    kinds = {m.type for m in doc.mentions}
    assert {"date", "amount"} <= kinds
    # "Police" is Japan's law enforcement only in an article about Japan: not here
    assert not any(m.type == "actor" and "law-enforcement-japan" in m.ids for m in doc.mentions)
