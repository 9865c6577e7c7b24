"""Question 2 of the brief: cross-border data flows (`cross-border-flows.rq`).

Every flow that crosses a border (domestic ones on request), the flows the brief names, and
the filters by country, data category (narrower ones included), kind and party.
"""

from __future__ import annotations

from . import (
    actor,
    assert_provenance,
    date_type,
    ids,
    iri,
    label,
    one,
    row_for,
    run,
    run_terms,
    split,
    stated,
)

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
