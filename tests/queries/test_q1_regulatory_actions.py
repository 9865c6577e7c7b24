"""Question 1 of the brief: regulatory and government actions (`regulatory-actions.rq`).

Every mapped action with its fields, the actions the brief lists, the date order and the
filters (authority, target, kind, date range), checked against the hand mappings.
"""

from __future__ import annotations

import pytest

from . import (
    actor,
    assert_provenance,
    date_type,
    ids,
    iri,
    label,
    row_for,
    run,
    run_terms,
    split,
    stated,
)

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
