"""Rules as data: every rule loads, documents itself, and its example sentences map as expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_kg.errors import MappingError
from privacy_kg.mapping.examples import check_example
from privacy_kg.mapping.lexicon import RULES_DIR, load_lexicon
from privacy_kg.mapping.resources import default_resources
from privacy_kg.mapping.rules import load_rules

RULES = default_resources().rules.rules
EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]
REQUIRED_KINDS = {
    "legal_action": {
        "order",
        "warning",
        "recommendation",
        "administrative_guidance",
        "report_request",
        "usage_suspension",
        "fine",
        "settlement",
        "reprimand",
        "investigation",
    },
    "data_flow": {
        "access",
        "storage",
        "transfer",
        "collection",
        "disclosure",
        "leak",
        "processing",
    },
    "commitment": {"cessation", "relocation", "apology", "prevention", "statement", "compliance"},
    "relation": {
        "subsidiary_of",
        "affiliate_of",
        "contractor_of",
        "subcontractor_of",
        "merged_with",
    },
}


@pytest.mark.parametrize(
    ("rule", "example"), EXAMPLES, ids=[f"{r.id}-{i}" for i, (r, _) in enumerate(EXAMPLES)]
)
def test_rule_example(rule, example, res) -> None:
    failure = check_example(rule, example, res)
    assert failure is None, f"{failure.rule}: {failure.problem}\n  {failure.text}"


def test_every_rule_has_a_description_and_an_example() -> None:
    assert len(RULES) >= 40
    for rule in RULES:
        assert rule.description.strip() and rule.examples, rule.id


def test_the_rules_cover_the_kinds_the_issue_names() -> None:
    for fact, kinds in REQUIRED_KINDS.items():
        made = set()
        for rule in RULES:
            if rule.fact == fact:
                kind = rule.template.get("kind")
                if isinstance(kind, str) and not kind.startswith("$"):
                    made.add(kind)
                made |= {e.expect.get("kind") for e in rule.examples}
        assert kinds <= made, (fact, kinds - made)
    assert any(rule.lang == "ja" for rule in RULES)


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "lexicon.yaml").write_text(
        (RULES_DIR / "lexicon.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "x.yaml").write_text(body, encoding="utf-8")
    return tmp_path


RULE = """rules:
  - id: {id}
    description: test rule
    fact: legal_action
    pattern: "{pattern}"
    template: {template}
    examples: [{{text: "The Agency fined Acme Ltd.", expect: {{kind: fine}}}}]
"""


@pytest.mark.parametrize(
    ("rule_id", "pattern", "template", "message"),
    [
        ("x.bad-slot", "{a:planet} @fine", "{kind: fine}", "bad slot"),
        ("x.bad-ref", "{a:issuer} @fine", "{kind: fine, authority: $nobody}", "neither a slot"),
        ("x.bad-family", "{a:issuer} @nosuchverb", "{kind: fine}", "no word list"),
        ("X bad id", "{a:issuer} @fine", "{kind: fine}", "rules\\[0\\]"),
    ],
)
def test_broken_rules_are_reported(tmp_path, rule_id, pattern, template, message) -> None:
    folder = _write(tmp_path, RULE.format(id=rule_id, pattern=pattern, template=template))
    with pytest.raises(MappingError, match=message):
        load_rules(folder, load_lexicon())


def test_duplicate_rule_ids_are_reported(tmp_path) -> None:
    body = RULE.format(id="x.same", pattern="{a:issuer} @fine", template="{kind: fine}")
    folder = _write(tmp_path, body + body.split("rules:\n", 1)[1])
    with pytest.raises(MappingError, match="defined twice"):
        load_rules(folder, load_lexicon())
