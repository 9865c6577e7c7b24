"""Short articles of the project's own writing, in other outlets' styles, about other regulators and
countries (tests/mapping/articles, expected facts in synthetic.yaml): the rules must map them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from privacy_kg.mapping.examples import mismatch
from privacy_kg.mapping.mapper import CitationOptions, map_file

HERE = Path(__file__).parent
SPEC = yaml.safe_load((HERE / "synthetic.yaml").read_text(encoding="utf-8"))["articles"]


@pytest.mark.parametrize("spec", SPEC, ids=[s["file"] for s in SPEC])
def test_synthetic_article(spec, res) -> None:
    facts = map_file(
        HERE / "articles" / spec["file"], CitationOptions(date=spec["date"]), res
    ).facts
    problems = []
    for group, wanted in spec["expect"].items():
        have = getattr(facts, group)
        for want in wanted:
            found = [mismatch(fact, want, facts) for fact in have]
            if all(found):
                problems.append(f"{group}: no fact {want} ({sorted({p for p in found if p})[:2]})")
    for group, count in spec.get("counts", {}).items():
        if len(getattr(facts, group)) != count:
            problems.append(f"{group}: {len(getattr(facts, group))} facts, expected {count}")
    for want in spec.get("actors", []):
        if not any(
            (a.label.en, a.kind, a.country) == (want["label"], want["kind"], want.get("country"))
            for a in facts.actors
        ):
            actors = [(a.label.en, a.kind, a.country) for a in facts.actors]
            problems.append(f"actor {want} missing from {actors}")
    assert not problems, "\n".join(problems)


def test_there_are_enough_outlets_and_regulators() -> None:
    assert len(SPEC) >= 5
    text = " ".join((HERE / "articles" / s["file"]).read_text(encoding="utf-8") for s in SPEC)
    for regulator in (
        "Data Protection Commission",
        "PIPC",
        "Information Commissioner's Office",
        "Federal Trade Commission",
        "Cyberspace Administration",
        "standard contractual clauses",
    ):
        assert regulator in text
