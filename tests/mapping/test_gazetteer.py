"""The gazetteer: longest match, word edges, case rules, CJK, anaphoric and generic aliases."""

from __future__ import annotations

import re

from privacy_kg.mapping.gazetteer import Target, case_sensitive, trie_regex


def _targets(res, text: str) -> list[tuple[str, set[tuple[str, str]]]]:
    return [(m.text, {(t.type, t.id) for t in m.targets}) for m in res.gaz.find(text)]


def test_trie_regex_matches_exactly_its_words() -> None:
    words = ["Line", "Line Pay", "Line Corp.", "LY", "a.b"]
    pattern = re.compile(f"(?:{trie_regex(words)})$")
    for word in words:
        assert pattern.match(word)
    for other in ("Lin", "Line P", "LYX", "aXb"):
        assert not pattern.match(other)


def test_case_rule() -> None:
    assert case_sensitive("Line") and case_sensitive("ID") and case_sensitive("総務省")
    assert not case_sensitive("communications ministry") and not case_sensitive("Line Corp.")


def test_one_word_names_keep_their_case(res) -> None:
    found = _targets(res, "Draw a line here: Line said the US did not tell us.")
    texts = [t for t, _ in found]
    assert "Line" in texts and "line" not in texts
    assert "US" in texts and "us" not in texts


def test_longest_name_wins_and_edges_hold(res) -> None:
    found = _targets(
        res,
        "LinePay is not LINE Pay, and Lineage is no name; Japan's communications ministry acts.",
    )
    texts = [t for t, _ in found]
    assert "LINE Pay" in texts and "LinePay" in texts
    assert "Lineage" not in texts and "Line" not in texts
    assert "Japan's communications ministry" in texts


def test_cjk_names_match_inside_words(res) -> None:
    found = dict(_targets(res, "総務省はLINEの使用停止を決めた。"))
    assert ("actor", "mic") in found["総務省"]
    assert {("actor", "line-app"), ("actor", "line-corp")} <= found["LINE"]


def test_anaphoric_aliases_are_left_to_coreference(res) -> None:
    assert not any(t.type == "actor" for t in res.gaz.lookup("the commission"))
    assert res.gaz.lookup("Personal Information Protection Commission")


def test_generic_aliases_are_weak_and_anchored(res) -> None:
    assert Target("actor", "line-china-affiliate", weak=True) in res.gaz.lookup(
        "affiliate in China"
    )
    assert "line-corp" in res.gaz.anchors["line-china-affiliate"]
    assert Target("actor", "facebook-inc", weak=False) in res.gaz.lookup("Facebook")


def test_categories_jurisdictions_and_demonyms(res) -> None:
    found = dict(
        _targets(res, "Names, phone numbers and browsing history of South Korean and Irish users.")
    )
    assert ("category", "telephone-number") in found["phone numbers"]
    assert ("category", "browsing-history") in found["browsing history"]
    assert ("demonym", "KR") in found["South Korean"]
    assert ("demonym", "IE") in found["Irish"]
