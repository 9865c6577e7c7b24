"""How readings of several sentences become one article's facts (merging, defaults, ids)."""

from __future__ import annotations

import datetime as dt


def test_this_kind_of_warning_refers_back_and_a_government_action_is_its_agency_s(mapit) -> None:
    facts = mapit(
        "The Japanese government on Monday ordered Sorano Cloud Corp. to encrypt its backups. "
        "It was the first time the Personal Information Protection Commission had issued such a "
        "warning to a cloud firm.",
        dt.date(2019, 5, 22),
    ).facts
    assert len(facts.legal_actions) == 1
    action = facts.legal_actions[0]
    assert (action.authority, action.kind, action.date) == ("ppc", "order", "2019-05-20")
    assert set(action.reported_as) == {"order", "warning"}
    assert {d.method for d in action.derivations} == {"legal.order", "legal.warning-refers-back"}


def test_in_addition_keeps_a_second_action_and_dates_carry_over(mapit) -> None:
    facts = mapit(
        "The Federal Trade Commission on Monday ordered Kestrel Apps Inc to delete the recordings. "
        "In addition, the commission ordered Kestrel Apps Inc to hire an auditor."
    ).facts
    assert [a.kind for a in facts.legal_actions] == ["order", "order"]
    assert [a.date for a in facts.legal_actions] == ["2024-05-20", "2024-05-20"]
    assert len({a.id for a in facts.legal_actions}) == 2


def test_an_action_without_a_subject_continues_the_previous_one(mapit) -> None:
    facts = mapit(
        "個人情報保護委員会は19日、ミナト銀行に対して報告を求めた。23日までに報告するよう求めたという。",
        dt.date(2024, 3, 20),
    ).facts
    assert len(facts.legal_actions) == 1
    action = facts.legal_actions[0]
    assert (action.authority, action.date, action.deadline) == ("ppc", "2024-03-19", "2024-03-23")


def test_planned_actions_carry_no_date(mapit) -> None:
    facts = mapit(
        "The minister said on Monday that the Financial Services Agency will ask Sakura Payments "
        "Co. "
        "to report on the leak by June 30."
    ).facts
    action = facts.legal_actions[0]
    assert (action.kind, action.status, action.date, action.deadline) == (
        "report_request",
        "planned",
        None,
        "2024-06-30",
    )


def test_figures_accumulate_and_are_never_overwritten(mapit) -> None:
    facts = mapit(
        "Pinecrest Health Ltd. said on Monday that about 12,000 records were stolen in a data "
        "breach. "
        "The figure was raised to 19,500 on Friday."
    ).facts
    assert len(facts.incidents) == 1
    figures = {(int(f.value), f.qualifier, f.date_reported) for f in facts.incidents[0].figures}
    assert figures == {(12000, "about", "2024-05-20"), (19500, "exact", "2024-05-17")}


def test_a_new_breach_opens_a_second_incident(mapit) -> None:
    facts = mapit(
        "Greyfield Bank plc disclosed a data breach in March affecting 4,000 customers. "
        "In June a second breach exposed 9,000 customer accounts at Greyfield Bank plc."
    ).facts
    assert len(facts.incidents) == 2


def test_domestic_storage_is_no_flow_but_foreign_storage_is(mapit) -> None:
    facts = mapit(
        "Quill Messenger Inc., a Toronto-based firm, keeps messages of users in Canada on "
        "servers in "
        "Canada and photos of users in Canada on servers in Singapore."
    ).facts
    assert [(f.kind, f.from_country, f.to_country) for f in facts.data_flows] == [
        ("storage", "CA", "SG")
    ]


def test_services_are_not_actors_where_a_fact_needs_one(mapit) -> None:
    facts = mapit(
        "China's Cyberspace Administration (CAC) on Sunday banned the Didao Travel app. "
        "Didao Travel Co said it would cooperate.",
        dt.date(2021, 7, 5),
    ).facts
    ban = facts.legal_actions[0]
    assert ban.kind == "ban"
    assert "didao-travel-app" in ban.concerns
    assert ban.target == "didao-travel-co"


def test_ids_are_stable_and_scoped_to_the_article(mapit) -> None:
    text = "Ireland's Data Protection Commission fined Larkspur Media Ltd. €2 million on Thursday."
    first, again = mapit(text).facts, mapit(text).facts
    other = mapit(text, article_id="another-article").facts
    assert [f.id for f in first.facts()] == [f.id for f in again.facts()]
    assert first.legal_actions[0].id != other.legal_actions[0].id
    assert first.legal_actions[0].id.startswith(
        "data-protection-commission-larkspur-media-ltd-fine-"
    )


def test_evidence_is_the_sentence_with_offsets(mapit) -> None:
    result = mapit(
        "Intro sentence here without facts at all. Ireland's Data Protection Commission fined "
        "Larkspur Media Ltd. €2 million on Thursday."
    )
    evidence = result.facts.legal_actions[0].derivations[0].evidence[0]
    assert result.text[evidence.start : evidence.end] == evidence.quote
    assert evidence.quote.startswith("Ireland's Data Protection Commission fined")
