"""The pattern matcher over a sentence's items."""

from __future__ import annotations

import datetime as dt

import pytest

from privacy_kg.errors import MappingError
from privacy_kg.mapping.items import sentence_items
from privacy_kg.mapping.mentions import build_document
from privacy_kg.mapping.patterns import Matcher, compile_pattern


def _find(res, text: str, pattern: str):
    doc = build_document(text, dt.date(2024, 5, 22), res)
    items = sentence_items(doc, doc.sentences[0])
    matches = Matcher(doc, items).find(compile_pattern(pattern, res.lexicon, "test"))
    return doc, [
        {k: [b.actor or b.mention.text for b in v] for k, v in m.slots.items()} for m in matches
    ]


def test_slot_binds_the_nearest_fitting_mention(res) -> None:
    doc, found = _find(
        res,
        "The Federal Trade Commission said the Data Protection Commission on Monday ordered "
        "Kestrel Apps Inc to stop.",
        "{authority:issuer} *6 @order {target:party} to",
    )
    assert len(found) == 1
    assert doc.actors[found[0]["authority"][0]].label == "Data Protection Commission"


def test_determiners_optional_slots_and_lists(res) -> None:
    _, found = _find(
        res,
        "The Ministry of Digital Affairs and the Cabinet Secretariat will suspend use of "
        "the Chatterly app.",
        "{a+:issuer} *6 @suspend use of {s:service}",
    )
    assert len(found[0]["a"]) == 2 and "cabinet-secretariat" in found[0]["a"]


def test_negative_lookahead_and_optional_words(res) -> None:
    _, found = _find(
        res, "A cyberattack on Monday hit Norvik Logistics AS.", "a|an @attack_nouns !on"
    )
    assert found == []
    _, found = _find(
        res, "A cyberattack on Monday hit Norvik Logistics AS.", "a|an @attack_nouns on? {d:date}"
    )
    assert found and found[0]["d"] == ["Monday"]


def test_gaps_skip_relative_clauses(res) -> None:
    doc, found = _find(
        res,
        "Engineers at Dalian Softworks Ltd., to which Orbit Games Co. outsourced testing, "
        "had access to user data.",
        "{who:party} *8 had access to",
    )
    assert doc.actors[found[0]["who"][0]].label == "Dalian Softworks Ltd."


def test_bad_patterns_are_errors(res) -> None:
    with pytest.raises(MappingError, match="bad slot"):
        compile_pattern("{x:planet} @order", res.lexicon, "rule x")
    with pytest.raises(MappingError, match="empty pattern"):
        compile_pattern("   ", res.lexicon, "rule x")
