"""Hand and rule facts of one article: one fact, two derivations, when they say the same thing."""

from __future__ import annotations

from privacy_kg.mapping.merge import merge_facts
from privacy_kg.model import ArticleFacts

CITE = {"id": "a", "publisher": "p", "date_published": "2024-05-22"}


def test_matching_facts_merge_and_the_rest_is_kept(mapit, res) -> None:
    text = (
        "The Federal Trade Commission on Monday ordered Kestrel Apps Inc to delete the recordings. "
        "Kestrel Apps Inc apologised on Tuesday."
    )
    rules = mapit(text).facts
    kestrel = rules.legal_actions[0].target
    hand = ArticleFacts.model_validate(
        {
            "article": CITE,
            "actors": [a.model_dump() for a in rules.actors],
            "legal_actions": [
                {
                    "id": "ftc-kestrel-order",
                    "kind": "order",
                    "authority": rules.legal_actions[0].authority,
                    "target": kestrel,
                    "date": "2024-05-20",
                    "evidence": ["ordered Kestrel Apps Inc"],
                }
            ],
        }
    )
    merged = merge_facts(hand, rules, res)
    assert [a.id for a in merged.legal_actions] == ["ftc-kestrel-order"]
    methods = [d.method for d in merged.legal_actions[0].derivations]
    assert methods == ["hand", "legal.order"]
    assert [c.kind for c in merged.commitments] == [
        "apology"
    ]  # rule-only fact kept, with its own id
    assert merged.commitments[0].id == rules.commitments[0].id
    assert merged.article.id == "a"


def test_rule_facts_pointing_at_merged_facts_follow_them(mapit, res) -> None:
    rules = mapit(
        "Greyfield Bank plc said on Monday that 4,000 customer records were stolen in a data "
        "breach. "
        "Greyfield Bank plc apologised for the breach."
    ).facts
    incident = rules.incidents[0]
    hand = ArticleFacts.model_validate(
        {
            "article": CITE,
            "actors": [a.model_dump() for a in rules.actors],
            "incidents": [
                {
                    "id": "greyfield-breach",
                    "kind": "data_breach",
                    "subject": incident.subject,
                    "evidence": ["records were stolen"],
                    "figures": [
                        {
                            "id": "greyfield-4k",
                            "value": 4000,
                            "date_reported": "2024-05-20",
                            "evidence": ["4,000 customer records"],
                        }
                    ],
                }
            ],
        }
    )
    merged = merge_facts(hand, rules, res)
    assert [i.id for i in merged.incidents] == ["greyfield-breach"]
    figure = merged.incidents[0].figures[0]
    methods = [d.method for d in figure.derivations]
    assert (
        figure.id == "greyfield-4k" and methods[0] == "hand" and "incident.leaked-count" in methods
    )
    assert merged.commitments[0].responds_to == "greyfield-breach"
