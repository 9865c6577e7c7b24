"""What every one of the brief's ten questions (section 4) must answer on the seed graph.

Each named query's rows name their source article, evidence and method, and come in the same
order every time. The tests per question (`test_q*.py`) check the facts themselves: each names
the facts the brief lists, finds them in the hand mappings and checks that the query returns
them with the values the mappings give, their source article, evidence and method.
"""

from __future__ import annotations

import pytest

from . import QUESTIONS, article_iri, iri, mappings, run

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
