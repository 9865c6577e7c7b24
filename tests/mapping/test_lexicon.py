"""Verb inflection and the lexicon's word lists."""

from __future__ import annotations

import pytest

from privacy_kg.errors import MappingError
from privacy_kg.mapping.lexicon import inflect, load_lexicon


@pytest.mark.parametrize(
    ("base", "forms"),
    [
        ("fine", {"fine", "fines", "fined", "fining"}),
        ("apply", {"apply", "applies", "applied", "applying"}),
        ("ban", {"ban", "bans", "banned", "banning"}),
        ("tell/told/told", {"tell", "tells", "told", "telling"}),
        ("admit/admitted/admitted", {"admit", "admits", "admitted", "admitting"}),
        ("impose a fine", {"impose a fine", "imposed a fine", "imposes a fine", "imposing a fine"}),
    ],
)
def test_inflect(base: str, forms: set[str]) -> None:
    assert inflect(base) == forms


def test_cjk_entries_are_not_inflected() -> None:
    assert inflect("報告を求め") == {"報告を求め"}


def test_families_and_lists_by_name() -> None:
    lexicon = load_lexicon()
    assert {"fined", "slapped with", "imposed a penalty"} <= lexicon.words("fine")
    assert "will" in lexicon.words("future")
    with pytest.raises(MappingError, match="no word list"):
        lexicon.words("no-such-family")


def test_regular_verbs_are_spelled_right() -> None:
    """No doubling mistakes anywhere in the lexicon ("transfering", "submiting")."""
    lexicon = load_lexicon()
    forms = {form for family in lexicon.verbs.values() for form in family}
    for wrong in ("transfering", "submiting", "admiting", "stoping", "cuting off", "commited"):
        assert not any(f.startswith(wrong) for f in forms), wrong
