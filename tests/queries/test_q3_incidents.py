"""Question 3 of the brief: incidents and their size (`incidents.rq`).

The figures the brief lists with their qualifier, unit, scope and date, one row per incident
and stating article, who the leak came through, and the subject and kind filters.
"""

from __future__ import annotations

import pytest

from . import (
    actor,
    article_iri,
    assert_provenance,
    figures_of,
    iri,
    label,
    row_for,
    rows_for,
    run,
    split,
    stated,
)

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
