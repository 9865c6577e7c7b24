"""Question 4 of the brief: organisations and how they relate (`organisations.rq`).

Every relation from both sides, the relations the brief names, organisations without any,
and the kind (narrower kinds included), country and organisation filters.
"""

from __future__ import annotations

from privacy_kg.namespaces import PKR
from privacy_kg.text.sentences import find_anchor

from . import (
    actor,
    anchors,
    article_iri,
    assert_provenance,
    iri,
    one,
    registry,
    row_for,
    run,
    stated,
)

# -- 4. organisations and how they relate ----------------------------------------------------


def relations_of(rows, org_id):
    return {
        (r["relation"], r["direction"], r["other"].removeprefix(f"{PKR}actor/"))
        for r in rows
        if r["organisation"] == actor(org_id) and "relation" in r
    }


def test_q4_every_relation_is_listed_from_both_sides(seed):
    rows = run(seed, "organisations")
    relations = list(stated("relations"))
    assert len([r for r in rows if "relation" in r]) == 2 * len(relations)
    for statement in relations:
        fact = statement.fact
        subject_side = row_for(
            [r for r in rows if r["organisation"] == actor(fact.subject)], iri("relation", fact.id)
        )
        object_side = row_for(
            [r for r in rows if r["organisation"] == actor(fact.object)], iri("relation", fact.id)
        )
        assert (subject_side["direction"], subject_side["other"]) == ("subject", actor(fact.object))
        assert (object_side["direction"], object_side["other"]) == ("object", actor(fact.subject))
        assert subject_side["relation"] == object_side["relation"] == fact.kind
        assert subject_side.get("date") == fact.date
        assert_provenance(subject_side, statement)


def test_q4_answers_the_brief(seed):
    rows = run(seed, "organisations")
    country = {r["organisation"]: r.get("country_code") for r in rows}
    assert country[actor("facebook-inc")] == "US"
    assert country[actor("cambridge-analytica")] == "GB"
    assert country[actor("naver")] == "KR"
    assert country[actor("line-china-affiliate")] == "CN"
    assert {
        ("subsidiary_of", "object", "line-corp"),
        ("subcontractor_of", "object", "naver-subcontractor"),
    } <= relations_of(rows, "naver")
    assert {
        ("operator_of", "subject", "line-app"),
        ("operator_of", "subject", "line-pay"),
        ("merged_with", "subject", "z-holdings"),
        ("subsidiary_of", "subject", "naver"),
    } <= relations_of(rows, "line-corp")
    assert {
        ("controlled_by", "subject", "softbank"),
        ("renamed_to", "object", "yahoo-japan"),
    } <= relations_of(rows, "z-holdings")
    assert ("operator_of", "subject", "line-app") in relations_of(rows, "ly-corp")
    assert ("affiliate_of", "subject", "line-corp") in relations_of(rows, "line-china-affiliate")
    assert ("established_by", "subject", "z-holdings") in relations_of(
        rows, "special-advisory-committee"
    )
    merger = [
        r
        for r in rows
        if r["organisation"] == actor("line-corp") and r.get("relation") == "merged_with"
    ]
    assert {r["date"] for r in merger} == {"2021-03"}
    kinds = {r["organisation"]: r["actor_kind"] for r in rows}
    assert kinds[actor("line-app")] == kinds[actor("line-pay")] == "service"
    assert kinds[actor("ppc")] == "data_protection_authority"
    assert kinds[actor("facebook-inc")] == "company"


def test_q4_an_organisation_without_relations_is_listed_with_the_facts_naming_it(seed):
    rows = [
        r for r in run(seed, "organisations") if r["organisation"] == actor("cambridge-analytica")
    ]
    assert rows and all("relation" not in r and "fact" not in r for r in rows)
    assert {r["article"] for r in rows} == {article_iri("2018-10-22-japantimes-facebook-ppc-order")}
    for anchor in anchors(one("data_flows", "facebook-to-cambridge-analytica").fact):
        assert find_anchor(rows[0]["evidence"], anchor) is not None


def test_q4_filters(seed):
    services = {r["organisation"] for r in run(seed, "organisations", kind="service")}
    assert services == {actor(a.id) for a in registry().actors.values() if a.kind == "service"}
    korean = {r["organisation"] for r in run(seed, "organisations", country="KR")}
    assert actor("naver") in korean and actor("line-corp") not in korean
    line = run(seed, "organisations", organisation="line-corp")
    assert {r["organisation"] for r in line} == {actor("line-corp")}
    authorities = {r["organisation"] for r in run(seed, "organisations", kind="government_body")}
    assert {
        actor("ppc"),
        actor("mic"),
        actor("osaka-city"),
    } <= authorities  # narrower kinds included
    assert actor("facebook-inc") not in authorities
