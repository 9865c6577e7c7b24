"""Questions 8 to 10 of the brief: figure history, repeat subjects, provenance.

`figure-history.rq` (figures in the order reported), `repeat-subjects.rq` (subjects of two or
more actions, successors counted together) and `provenance.rq` (a fact's article, quote and
method), checked against the hand mappings.
"""

from __future__ import annotations

import pytest

from privacy_kg.errors import InputError
from privacy_kg.namespaces import PKR
from privacy_kg.text.sentences import find_anchor

from . import (
    QUESTIONS,
    actor,
    anchors,
    article_iri,
    assert_provenance,
    figures_of,
    ids,
    iri,
    run,
    stated,
)

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
