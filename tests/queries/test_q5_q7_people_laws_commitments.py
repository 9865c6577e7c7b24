"""Questions 5 to 7 of the brief: people and their posts, laws cited, commitments.

`people-posts.rq`, `laws-cited.rq` and `commitments.rq`: the facts the brief lists with their
values and provenance, each list complete against the hand mappings, and their filters.
"""

from __future__ import annotations

import pytest

from privacy_kg.namespaces import PKR

from . import (
    actor,
    article_iri,
    assert_provenance,
    ids,
    iri,
    label,
    one,
    row_for,
    run,
    split,
    stated,
)

# -- 5. people and their posts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "role", "organisation", "year"),
    [
        ("takeshi-idezawa", "ceo", "line-corp", "2021"),
        ("takeshi-idezawa", "president", "ly-corp", "2024"),
        ("ryota-takeda", "minister", "mic", "2021"),
        ("yoshihide-suga", "prime_minister", "government-of-japan", "2021"),
        ("katsunobu-kato", "chief_cabinet_secretary", "cabinet-secretariat", "2021"),
        ("takeaki-matsumoto", "minister", "mic", "2024"),
        ("george-shishido", "professor", "university-of-tokyo", "2021"),
    ],
)
def test_q5_answers_the_brief(seed, person, role, organisation, year):
    rows = [r for r in run(seed, "people-posts") if r["person"] == actor(person)]
    matching = [r for r in rows if r["role"] == role and r["organisation"] == actor(organisation)]
    assert len(matching) == 1
    row = matching[0]
    assert row["date"].startswith(year)
    assert row["person_label"] == label(person)
    statement = next(s for s in stated("posts") if iri("post", s.fact.id) == row["fact"])
    assert row["title"] == statement.fact.title
    assert_provenance(row, statement)


def test_q5_lists_every_post_and_a_person_s_posts_in_date_order(seed):
    rows = run(seed, "people-posts")
    assert ids(rows, "post") == {s.fact.id for s in stated("posts")}
    idezawa = run(seed, "people-posts", person="takeshi-idezawa")
    assert [(r["role"], r["organisation_label"]) for r in idezawa] == [
        ("ceo", label("line-corp")),
        ("president", label("ly-corp")),
    ]
    ministers = run(seed, "people-posts", organisation="mic")
    assert {r["person"] for r in ministers} == {actor("ryota-takeda"), actor("takeaki-matsumoto")}


# -- 6. laws cited --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference_id", "law", "jurisdiction_code", "about"),
    [
        ("cn-intelligence-law-access", "cn-national-intelligence-law", "CN", "chinese-authorities"),
        ("ppc-powers-relevant-laws", "jp-appi", "JP", "ppc"),
        ("jp-privacy-rules-overseas-contractors", "jp-appi", "JP", "line-corp"),
    ],
)
def test_q6_answers_the_brief(seed, reference_id, law, jurisdiction_code, about):
    rows = run(seed, "laws-cited")
    row = row_for(rows, iri("law-reference", reference_id))
    statement = one("law_references", reference_id)
    assert row["law"] == f"{PKR}law/{law}"
    assert row["jurisdiction_code"] == jurisdiction_code
    assert row["citation"] == "law_reference"
    assert row["label"] == statement.fact.label
    assert label(about) in split(row["concerns"], "; ")
    assert_provenance(row, statement)


def test_q6_lists_every_law_reference_and_filters(seed):
    rows = run(seed, "laws-cited")
    assert ids(rows, "law-reference") == {s.fact.id for s in stated("law_references")}
    china = run(seed, "laws-cited", jurisdiction="CN")
    assert ids(china, "law-reference") == {"cn-intelligence-law-access"}
    assert china[0]["law_label"] == "National Intelligence Law"
    appi = run(seed, "laws-cited", law=f"{PKR}law/jp-appi")
    assert ids(appi, "law-reference") == {
        s.fact.id for s in stated("law_references") if s.fact.law == "jp-appi"
    }


# -- 7. commitments and remedies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("commitment_id", "actor_id", "kind"),
    [
        ("line-cut-china-access", "line-corp", "cessation"),
        ("line-relocate-korea-data", "line-corp", "relocation"),
        ("line-data-security-committees-2021", "line-corp", "governance"),
        ("line-truthful-user-communication-2021", "line-corp", "transparency"),
        ("line-track-jurisdiction-laws-2021", "line-corp", "compliance"),
        ("ly-prevent-recurrence-2024", "ly-corp", "prevention"),
        ("facebook-statement-2018", "facebook-inc", "statement"),
    ],
)
def test_q7_answers_the_brief(seed, commitment_id, actor_id, kind):
    row = row_for(run(seed, "commitments"), iri("commitment", commitment_id))
    statement = one("commitments", commitment_id)
    assert row["actor"] == actor(actor_id)
    assert row["kind"] == kind
    assert row.get("date") == statement.fact.date
    assert row.get("deadline") == statement.fact.deadline
    assert row.get("status") == statement.fact.status
    assert_provenance(row, statement)


def test_q7_details(seed):
    rows = run(seed, "commitments")
    cut = row_for(rows, iri("commitment", "line-cut-china-access"))
    assert (cut["date"], cut["flow"]) == ("2021-03-23", iri("data-flow", "line-china-access"))
    relocation = row_for(rows, iri("commitment", "line-relocate-korea-data"))
    assert (relocation["deadline"], relocation["flow"]) == (
        "2021-09",
        iri("data-flow", "line-korea-storage"),
    )
    remedies = [
        row_for(rows, iri("commitment", c))
        for c in (
            "line-data-security-committees-2021",
            "line-truthful-user-communication-2021",
            "line-track-jurisdiction-laws-2021",
        )
    ]
    assert {r["article"] for r in remedies} == {
        article_iri("2021-10-19-register-line-mishandled-data")
    }
    assert all("committee report" in r["note"] for r in remedies)
    assert row_for(rows, iri("commitment", "facebook-statement-2018"))["responds_to"] == iri(
        "legal-action", "ppc-facebook-protection-order-2018"
    )
    assert row_for(rows, iri("commitment", "ly-prevent-recurrence-2024"))["responds_to"] == iri(
        "legal-action", "mic-ly-administrative-guidance-2024"
    )
    assert ids(rows, "commitment") == {s.fact.id for s in stated("commitments")}


def test_q7_filters(seed):
    ly = ids(run(seed, "commitments", actor="ly-corp"), "commitment")
    assert ly == {s.fact.id for s in stated("commitments") if s.fact.actor == "ly-corp"}
    relocations = ids(run(seed, "commitments", kind="relocation"), "commitment")
    assert relocations == {"line-relocate-korea-data"}
