"""The ten questions of the brief (section 4), answered by `queries/*.rq` on the seed graph.

Each test names the facts the brief lists, finds them in the hand mappings and checks that the
query returns them with the values the mappings give, their source article, evidence and method.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from privacy_kg.errors import InputError
from privacy_kg.namespaces import PKR
from privacy_kg.store import EmbeddedStore
from privacy_kg.text.sentences import find_anchor

from . import (
    QUESTIONS,
    actor,
    anchors,
    article_iri,
    assert_provenance,
    date_type,
    figures_of,
    iri,
    label,
    mappings,
    one,
    registry,
    row_for,
    rows_for,
    run,
    run_terms,
    split,
    stated,
)


@pytest.fixture(scope="module")
def seed(seed_store_dir: Path) -> Iterator[EmbeddedStore]:
    """The seed store, opened read-only once per module: these tests only read, so they share it
    rather than copying it per test as `seeded_store` does (a copy and a cold cache per test)."""
    store = EmbeddedStore(seed_store_dir, read_only=True)
    yield store
    store.close()


# -- every question -------------------------------------------------------------------------

FIRST_FACT = {"provenance": {"fact": iri("legal-action", "ppc-facebook-protection-order-2018")}}


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_row_names_its_article_evidence_and_method(seed, name):
    rows = run(seed, name, **FIRST_FACT.get(name, {}))
    assert rows, f"{name} returned nothing"
    known_articles = {article_iri(m.article.id) for m in mappings()}
    for row in rows:
        assert row["article"] in known_articles
        assert row["evidence"].strip()
        assert row["method"] == "hand"
        assert row["publisher"] and row["published"]


@pytest.mark.parametrize("name", QUESTIONS)
def test_rows_come_in_a_stable_order(seed, name):
    params = FIRST_FACT.get(name, {})
    assert run(seed, name, **params) == run(seed, name, **params)


# -- 1. regulatory and government actions -----------------------------------------------------


def action_row(rows, action_id):
    return row_for(rows, iri("legal-action", action_id))


def test_q1_every_mapped_action_is_listed_with_its_fields(seed):
    rows = run(seed, "regulatory-actions")
    actions = list(stated("legal_actions"))
    assert len(rows) == len(actions)
    for statement in actions:
        fact = statement.fact
        row = action_row(rows, fact.id)
        assert row["authority"] == actor(fact.authority)
        assert row["action_kind"] == fact.kind
        assert split(row.get("reported_as")) == set(fact.reported_as)
        assert row.get("target_actor") == (actor(fact.target) if fact.target else None)
        assert split(row.get("concerns"), "; ") == {label(a) for a in fact.concerns}
        assert row.get("date") == fact.date
        assert row.get("deadline") == fact.deadline
        assert row.get("status") == fact.status
        assert row.get("responds_to") == (
            iri("incident", fact.responds_to) if fact.responds_to else None
        )
        assert row.get("follows_up") == (
            iri("legal-action", fact.follows_up) if fact.follows_up else None
        )
        assert_provenance(row, statement)


# The brief's list: (fact id, issuer, against or about, kinds the sources report, date, deadline).
Q1_BRIEF = [
    (
        "ppc-facebook-protection-order-2018",
        "ppc",
        "facebook-inc",
        {"order", "warning"},
        "2018-10-22",
        None,
    ),
    ("ppc-facebook-hack-report-order-2018", "ppc", "facebook-inc", {"order"}, "2018-10-22", None),
    (
        "ppc-line-report-request-2021",
        "ppc",
        "line-corp",
        {"report_request"},
        "2021-03-19",
        "2021-03-23",
    ),
    ("mic-line-usage-suspension-2021", "mic", "line-app", {"usage_suspension"}, "2021-03-19", None),
    (
        "cabinet-secretariat-line-usage-suspension-2021",
        "cabinet-secretariat",
        "line-app",
        {"usage_suspension"},
        "2021-03-19",
        None,
    ),
    (
        "mic-local-government-line-usage-survey-2021",
        "mic",
        "local-governments-japan",
        {"report_request"},
        None,
        "2021-03-26",
    ),
    ("mic-line-detailed-report-request-2021", "mic", "line-corp", {"report_request"}, None, None),
    (
        "ichikawa-line-partial-suspension-2021",
        "ichikawa-city",
        "line-app",
        {"usage_suspension"},
        "2021-03-17",
        None,
    ),
    (
        "osaka-line-usage-suspension-2021",
        "osaka-city",
        "line-app",
        {"usage_suspension"},
        "2021-03-19",
        None,
    ),
    (
        "mic-ly-administrative-guidance-2024",
        "mic",
        "ly-corp",
        {"administrative_guidance"},
        "2024-03-05",
        None,
    ),
    ("mic-line-data-control-request-2021", "mic", "line-corp", {"request"}, "2021", None),
]


@pytest.mark.parametrize(
    ("action_id", "issuer", "subject", "kinds", "date", "deadline"),
    Q1_BRIEF,
    ids=[case[0] for case in Q1_BRIEF],
)
def test_q1_answers_the_brief(seed, action_id, issuer, subject, kinds, date, deadline):
    rows = run_terms(seed, "regulatory-actions")
    row = next(r for r in rows if r["fact"]["value"] == iri("legal-action", action_id))
    assert row["authority"]["value"] == actor(issuer)
    about = {row.get("target_actor", {}).get("value")} | split(row["concerns"]["value"], "; ")
    assert actor(subject) in about or label(subject) in about
    assert kinds <= {row["action_kind"]["value"]} | split(row.get("reported_as", {}).get("value"))
    for field, expected in (("date", date), ("deadline", deadline)):
        if expected is None:
            assert field not in row
        else:
            assert row[field]["value"] == expected
            assert row[field]["datatype"] == date_type(expected)  # precision kept


def test_q1_the_first_facebook_order_and_the_order_about_the_september_breach(
    seed,
):
    rows = run(seed, "regulatory-actions")
    assert "first" in action_row(rows, "ppc-facebook-protection-order-2018")["note"]
    hack_order = action_row(rows, "ppc-facebook-hack-report-order-2018")
    assert hack_order["responds_to"] == iri("incident", "facebook-hack-2018")
    incident = [r for r in run(seed, "incidents") if r["incident"] == hack_order["responds_to"]]
    assert {r["disclosed"] for r in incident} == {"2018-09"}


def test_q1_rows_are_in_date_order_undated_last(seed):
    dates = [r.get("date") for r in run(seed, "regulatory-actions")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates == dated + [None] * (len(dates) - len(dated))


def ids(rows, segment="legal-action"):
    prefix = f"{PKR}{segment}/"
    return {r["fact"].removeprefix(prefix) for r in rows}


def test_q1_filter_by_authority(seed):
    expected = {s.fact.id for s in stated("legal_actions") if s.fact.authority == "ppc"}
    assert ids(run(seed, "regulatory-actions", authority="ppc")) == expected
    assert len(expected) == 3


def test_q1_filter_by_target_matches_addressee_or_concerned(seed):
    expected = {
        s.fact.id
        for s in stated("legal_actions")
        if s.fact.target == "ly-corp" or "ly-corp" in s.fact.concerns
    }
    assert ids(run(seed, "regulatory-actions", target="ly-corp")) == expected
    assert "mic-line-data-control-request-2021" in expected  # 2021: addressed to Line, about LY too


def test_q1_filter_by_kind_matches_any_reported_kind(seed):
    assert ids(run(seed, "regulatory-actions", kind="warning")) == {
        "ppc-facebook-protection-order-2018"
    }
    orders = ids(run(seed, "regulatory-actions", kind="order"))
    assert orders == {"ppc-facebook-protection-order-2018", "ppc-facebook-hack-report-order-2018"}


def test_q1_filter_by_date_range_keeps_overlapping_dates(seed):
    def expected(lo, hi):
        return {
            s.fact.id
            for s in stated("legal_actions")
            if s.fact.date
            and (s.fact.date >= lo or lo.startswith(s.fact.date))
            and (s.fact.date <= hi or s.fact.date.startswith(hi))
        }

    day = ids(run(seed, "regulatory-actions", date_from="2021-03-19", date_to="2021-03-19"))
    assert day == expected("2021-03-19", "2021-03-19")
    assert "mic-line-data-control-request-2021" in day  # dated 2021: may be that day
    assert "ichikawa-line-partial-suspension-2021" not in day
    assert ids(run(seed, "regulatory-actions", date_from="2024")) == {
        "mic-ly-administrative-guidance-2024"
    }
    assert ids(run(seed, "regulatory-actions", date_to="2018-12")) == {
        "ppc-facebook-protection-order-2018",
        "ppc-facebook-hack-report-order-2018",
    }


def test_q1_filters_combine(seed):
    rows = run(
        seed, "regulatory-actions", authority="mic", kind="usage_suspension", date_from="2021-03"
    )
    assert ids(rows) == {"mic-line-usage-suspension-2021"}


# -- 2. cross-border data flows -------------------------------------------------------------


def flow_row(rows, flow_id):
    return row_for(rows, iri("data-flow", flow_id))


def test_q2_every_cross_border_flow_is_listed_and_domestic_ones_on_request(seed):
    rows = run(seed, "cross-border-flows")
    flows = list(stated("data_flows"))
    crossing = [s for s in flows if s.fact.from_country != s.fact.to_country]
    assert ids(rows, "data-flow") == {s.fact.id for s in crossing}
    for statement in crossing:
        fact = statement.fact
        row = flow_row(rows, fact.id)
        assert (row["from_code"], row["to_code"]) == (fact.from_country, fact.to_country)
        assert row["kind"] == fact.kind
        assert split(row.get("data_categories")) == set(fact.data_categories)
        assert row.get("recipient_party") == (actor(fact.to_actor) if fact.to_actor else None)
        assert_provenance(row, statement)
    everything = run(seed, "cross-border-flows", include_domestic="true")
    assert ids(everything, "data-flow") == {s.fact.id for s in flows}
    assert "line-law-enforcement-disclosure" in ids(everything, "data-flow") - ids(
        rows, "data-flow"
    )


def test_q2_access_from_china_to_names_ids_and_phone_numbers(seed):
    row = flow_row(run(seed, "cross-border-flows"), "line-china-access")
    assert (row["from_code"], row["to_code"]) == ("JP", "CN")  # kept in Japan, reached from China
    assert row["kind"] == "access"
    assert row["recipient_party"] == actor("line-china-affiliate")
    assert row["data_subjects"] == label("line-users-japan")
    assert split(row["data_categories"]) == {"name", "identifier", "telephone-number"}
    assert row["end_date"] == "2021-03-23"
    assert row["status"] == "ended"
    assert "four employees" in row["label"].lower()


def test_q2_south_korean_storage_moves_to_japan_by_september_2021(seed):
    rows = run_terms(seed, "cross-border-flows")
    row = next(r for r in rows if r["fact"]["value"] == iri("data-flow", "line-korea-storage"))
    assert (row["from_code"]["value"], row["to_code"]["value"]) == ("JP", "KR")
    assert row["kind"]["value"] == "storage"
    assert split(row["data_categories"]["value"]) == {"image", "video", "payment-history"}
    assert row["deadline"] == {
        "type": "literal",
        "value": "2021-09",
        "datatype": date_type("2021-09"),
    }


def test_q2_like_button_sends_ids_and_browsing_history_without_a_click(seed):
    row = flow_row(run(seed, "cross-border-flows"), "like-button-collection")
    assert row["recipient_party"] == actor("facebook-inc")
    assert row["source_party"] == actor("outside-websites")
    assert split(row["data_categories"]) == {"identifier", "browsing-history"}
    conditions = one("data_flows", "like-button-collection").fact.conditions
    assert split(row["conditions"], "; ") == set(conditions)
    assert any("not click" in c for c in conditions)


def test_q2_facebook_users_data_reaches_cambridge_analytica_in_london(seed):
    row = flow_row(run(seed, "cross-border-flows"), "facebook-to-cambridge-analytica")
    assert row["to_code"] == "GB"
    assert row["recipient_party"] == actor("cambridge-analytica")
    assert row["source_party"] == actor("facebook-inc")
    assert row["incident"] == iri("incident", "cambridge-analytica-leak")
    assert row["data_subjects"] == label("facebook-users")


def test_q2_filters_by_country_category_kind_and_party(seed):
    flows = [s.fact for s in stated("data_flows") if s.fact.from_country != s.fact.to_country]
    to_cn = ids(run(seed, "cross-border-flows", to_country="cn"), "data-flow")
    assert to_cn == {f.id for f in flows if f.to_country == "CN"}
    from_us = ids(run(seed, "cross-border-flows", from_country="US"), "data-flow")
    assert from_us == {"facebook-to-cambridge-analytica"}
    phones = ids(run(seed, "cross-border-flows", data_category="telephone-number"), "data-flow")
    assert (
        phones
        == {f.id for f in flows if "telephone-number" in f.data_categories}
        == {"line-china-access"}
    )
    storage = ids(run(seed, "cross-border-flows", kind="storage"), "data-flow")
    assert storage == {f.id for f in flows if f.kind == "storage"}
    facebook = ids(run(seed, "cross-border-flows", party="facebook-inc"), "data-flow")
    assert facebook == {f.id for f in flows if "facebook-inc" in (f.from_actor, f.to_actor)}


def test_q2_data_category_includes_narrower_categories(seed):
    flows = [s.fact for s in stated("data_flows") if s.fact.from_country != s.fact.to_country]
    # Every category is narrower than personal-data: asking for it finds every flow with one.
    everything = ids(run(seed, "cross-border-flows", data_category="personal-data"), "data-flow")
    assert everything == {f.id for f in flows if f.data_categories}


# -- 3. incidents and their size ------------------------------------------------------------


def figure_row(rows, figure_id):
    return row_for(rows, iri("figure", figure_id))


@pytest.mark.parametrize(
    ("incident_id", "figure_id", "value", "qualifier", "unit", "scope", "reported"),
    [
        (
            "cambridge-analytica-leak",
            "cambridge-analytica-leak-87m",
            87_000_000,
            "exact",
            "people",
            "001",
            "2018-10-22",
        ),
        (
            "cambridge-analytica-leak",
            "cambridge-analytica-leak-japan-100k",
            100_000,
            "up_to",
            "users",
            "JP",
            "2018-10-22",
        ),
        (
            "facebook-hack-2018",
            "facebook-hack-2018-29m",
            29_000_000,
            "exact",
            "accounts",
            "001",
            "2018-10-22",
        ),
        (
            "ly-naver-subcontractor-leak-2023",
            "ly-leak-440k-2023-11",
            440_000,
            "about",
            "items",
            None,
            "2023-11",
        ),
        (
            "ly-naver-subcontractor-leak-2023",
            "ly-leak-519k-2024-02",
            519_000,
            "exact",
            "items",
            None,
            "2024-02",
        ),
        (
            "ly-naver-subcontractor-leak-2023",
            "ly-leak-510k-2024-03-05",
            510_000,
            "more_than",
            "items",
            None,
            "2024-03-05",
        ),
    ],
)
def test_q3_answers_the_brief(
    seed, incident_id, figure_id, value, qualifier, unit, scope, reported
):
    row = figure_row(run(seed, "incidents"), figure_id)
    assert row["incident"] == iri("incident", incident_id)
    assert float(row["value"]) == value
    assert row.get("qualifier") == qualifier
    assert row.get("unit") == unit
    assert row.get("scope_code") == scope
    assert row.get("date_reported") == reported
    [statement] = [s for s in figures_of(incident_id) if s.fact.id == figure_id]
    assert_provenance(row, statement)


def test_q3_incident_rows_follow_the_mappings(seed):
    rows = run(seed, "incidents")
    statements = list(stated("incidents"))
    figure_count = sum(len(s.fact.figures) for s in statements)
    assert len(rows) == len(statements) + figure_count
    for statement in statements:
        fact = statement.fact
        row = row_for(rows, iri("incident", fact.id), statement.article.article.id)
        assert row["incident"] == row["fact"]
        assert row["kind"] == fact.kind
        assert row["subject"] == actor(fact.subject)
        assert "value" not in row
        assert_provenance(row, statement)


def test_q3_the_ly_leak_came_through_naver_s_subcontractor(seed):
    rows = [
        r
        for r in run(seed, "incidents")
        if r["incident"] == iri("incident", "ly-naver-subcontractor-leak-2023")
    ]
    assert {r["via_label"] for r in rows} == {label("naver-subcontractor")}
    assert {r["subject_label"] for r in rows} == {label("ly-corp")}
    hack = [
        r for r in run(seed, "incidents") if r["incident"] == iri("incident", "facebook-hack-2018")
    ]
    assert {r["perpetrator_label"] for r in hack} == {label("facebook-hackers-2018")}
    assert all("JP" in split(r["jurisdictions"]) for r in hack)  # accounts in Japan were hit


def test_q3_a_shared_incident_has_a_row_per_stating_article(seed):
    rows = rows_for(run(seed, "incidents"), iri("incident", "line-data-handling-2021"))
    expected = {
        article_iri(s.article.article.id)
        for s in stated("incidents")
        if s.fact.id == "line-data-handling-2021"
    }
    assert {r["article"] for r in rows} == expected
    assert len(rows) == len(expected) == 4


def test_q3_filter_by_subject_and_kind(seed):
    ly = run(seed, "incidents", subject="ly-corp")
    assert {r["incident"] for r in ly} == {iri("incident", "ly-naver-subcontractor-leak-2023")}
    assert len(ly) == 1 + len(figures_of("ly-naver-subcontractor-leak-2023"))
    breaches = {r["incident"] for r in run(seed, "incidents", kind="data_breach")}
    assert breaches == {
        iri("incident", s.fact.id) for s in stated("incidents") if s.fact.kind == "data_breach"
    }


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


# -- 8. how reported figures changed ----------------------------------------------------------


def test_q8_the_ly_leak_figures_in_the_order_they_were_reported(seed):
    incident = iri("incident", "ly-naver-subcontractor-leak-2023")
    rows = run(seed, "figure-history", incident=incident)
    assert [(float(r["value"]), r["qualifier"], r["date_reported"]) for r in rows] == [
        (440_000, "about", "2023-11"),
        (519_000, "exact", "2024-02"),
        (510_000, "more_than", "2024-03-05"),
    ]
    expected = sorted(
        figures_of("ly-naver-subcontractor-leak-2023"), key=lambda s: s.fact.date_reported
    )
    assert [r["fact"] for r in rows] == [iri("figure", s.fact.id) for s in expected]
    for row, statement in zip(rows, expected):
        assert_provenance(row, statement)


def test_q8_every_figure_is_kept_and_ordered_per_incident(seed):
    rows = run(seed, "figure-history")
    assert ids(rows, "figure") == {s.fact.id for s in stated("figures")}
    incidents = [r["incident"] for r in rows]
    assert incidents == sorted(incidents)
    for incident in set(incidents):
        dates = [r["date_reported"] for r in rows if r["incident"] == incident]
        assert dates == sorted(dates)


# -- 9. repeat subjects ---------------------------------------------------------------------


def successors_from_yaml() -> dict[str, str]:
    """actor id -> the actor it merged with or was renamed to, from the hand-mapped relations."""
    return {
        s.fact.subject: s.fact.object
        for s in stated("relations")
        if s.fact.kind in ("merged_with", "renamed_to")
    }


def subjects_from_yaml() -> dict[str, set[str]]:
    """subject id -> ids of the actions addressed to it or about it, from the hand mappings.

    As the query does, an actor that merged with or was renamed to another counts under its
    successor, two steps deep.
    """
    successor = successors_from_yaml()
    found: dict[str, set[str]] = {}
    for statement in stated("legal_actions"):
        fact = statement.fact
        for named in {fact.target, *fact.concerns} - {None}:
            subject = successor.get(successor.get(named, named), successor.get(named, named))
            found.setdefault(subject, set()).add(fact.id)
    return found


def test_q9_lists_exactly_the_subjects_with_two_or_more_actions(seed):
    rows = run(seed, "repeat-subjects")
    expected = {s: a for s, a in subjects_from_yaml().items() if len(a) >= 2}
    assert {r["subject"] for r in rows} == {actor(s) for s in expected}
    for subject, actions in expected.items():
        mine = [r for r in rows if r["subject"] == actor(subject)]
        assert ids(mine) == actions
        assert {int(r["action_count"]) for r in mine} == {len(actions)}


def test_q9_answers_the_brief(seed):
    rows = run(seed, "repeat-subjects")
    facebook = [r for r in rows if r["subject"] == actor("facebook-inc")]
    assert [r["date"] for r in facebook] == ["2018-10-22", "2018-10-22"]
    assert {r["role"] for r in facebook} == {"target"}
    # Line/LY: Line Corp. (2021) merged with Z Holdings, which became LY Corporation (2024).
    ly = [r for r in rows if r["subject"] == actor("ly-corp")]
    assert {r["date"][:4] for r in ly if "date" in r} == {"2021", "2024"}
    assert {r["date"][:4] for r in ly if "date" in r and r["member"] == actor("line-corp")} == {"2021"}
    assert {r["date"][:4] for r in ly if "date" in r and r["member"] == actor("ly-corp")} >= {"2024"}
    assert actor("line-corp") not in {r["subject"] for r in rows}
    for subject_rows in (facebook, ly):
        dated = [r["date"] for r in subject_rows if "date" in r]
        assert dated == sorted(dated)  # a timeline


def test_q9_threshold_and_subject_parameters(seed):
    counts = {s: len(a) for s, a in subjects_from_yaml().items()}
    high = {r["subject"] for r in run(seed, "repeat-subjects", min_actions="5")}
    assert high == {actor(s) for s, n in counts.items() if n >= 5}
    assert actor("facebook-inc") not in high
    single = run(seed, "repeat-subjects", min_actions="1", subject="local-governments-japan")
    assert ids(single) == {"mic-local-government-line-usage-survey-2021"}
    assert run(seed, "repeat-subjects", subject="local-governments-japan") == []


# -- 10. provenance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "segment", "fact_id"),
    [
        ("legal_actions", "legal-action", "ppc-facebook-protection-order-2018"),
        ("incidents", "incident", "line-data-handling-2021"),
        ("figures", "figure", "ly-leak-519k-2024-02"),
        ("data_flows", "data-flow", "line-china-access"),
    ],
)
def test_q10_article_quote_and_method_of_a_fact(seed, group, segment, fact_id):
    rows = run(seed, "provenance", fact=iri(segment, fact_id))
    statements = [s for s in stated(group) if s.fact.id == fact_id]
    assert {r["article"] for r in rows} == {article_iri(s.article.article.id) for s in statements}
    for statement in statements:
        mine = [r for r in rows if r["article"] == article_iri(statement.article.article.id)]
        assert {r["method"] for r in mine} == {"hand"}
        assert {r["graph"] for r in mine} == {
            f"https://w3id.org/privacy-kg/graph/article/{statement.article.article.id}"
        }
        quotes = " | ".join(r["evidence"] for r in mine)
        for anchor in anchors(statement.fact):
            assert find_anchor(quotes, anchor) is not None, anchor
        for row in mine:
            assert float(row["confidence"]) == statement.fact.derivations[0].confidence
            if "start" in row:
                assert 0 <= int(row["start"]) < int(row["end"])
    assert {r["fact_type"] for r in rows} == {
        {"figures": "reported_figure"}.get(group, segment.replace("-", "_"))
    }


def test_q10_every_fact_of_every_question_has_provenance(seed):
    facts = {r["fact"] for name in QUESTIONS[:-1] for r in run(seed, name) if "fact" in r}
    assert len(facts) > 60
    for fact in sorted(facts)[::7]:  # a sample keeps the test fast
        assert run(seed, "provenance", fact=fact), fact


def test_q10_needs_a_fact(seed):
    with pytest.raises(InputError, match="required"):
        run(seed, "provenance")
    assert run(seed, "provenance", fact=f"{PKR}legal-action/no-such-action") == []
