"""Sentence boundaries, offsets, sentence_at and find_anchor."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_kg.text.sentences import Sentence, find_anchor, sentence_at, split_sentences


def _texts(source: str) -> list[str]:
    return [s.text for s in split_sentences(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Acme Inc. sued Bolt Corp. on Monday. Zeta Co. Ltd. settled.",
            ["Acme Inc. sued Bolt Corp. on Monday.", "Zeta Co. Ltd. settled."],
        ),
        (
            "The U.S. and the U.K. agreed. Talks end soon.",
            ["The U.S. and the U.K. agreed.", "Talks end soon."],
        ),
        (
            "Mr. Ito met Dr. Kim at 5 St. Mark St. in Jan. 2020. They spoke.",
            ["Mr. Ito met Dr. Kim at 5 St. Mark St. in Jan. 2020.", "They spoke."],
        ),
        ("Gov. Lee left. Sen. Park stayed.", ["Gov. Lee left.", "Sen. Park stayed."]),
        (
            "See No. 5 here. Rules, e.g. fines, i.e. money, apply vs. others.",
            ["See No. 5 here.", "Rules, e.g. fines, i.e. money, apply vs. others."],
        ),
        (
            "It raised $8.5 billion. Shares rose 1.5 points.",
            ["It raised $8.5 billion.", "Shares rose 1.5 points."],
        ),
        ('He said "we are done." Then he left.', ['He said "we are done."', "Then he left."]),
        ("She said “we are done.” Then she left.", ["She said “we are done.”", "Then she left."]),
        ("Yahoo! Japan grew. It is big.", ["Yahoo! Japan grew.", "It is big."]),
        ("Did it? Yes! Fine.", ["Did it?", "Yes!", "Fine."]),
        ("Is it over? ®\n\nNext one.", ["Is it over? ®", "Next one."]),
        (
            "It covers:\n  • theft (and so on)\n  • fraud\n- misuse\n1. other\n(b) more",
            ["It covers:", "• theft (and so on)", "• fraud", "- misuse", "1. other", "(b) more"],
        ),
        (
            "One paragraph without a stop\n\nAnother one",
            ["One paragraph without a stop", "Another one"],
        ),
        (
            "A line that wraps\nover two lines. Next.",
            ["A line that wraps\nover two lines.", "Next."],
        ),
        (
            "委員会は19日、報告を求めた。「対応する。」と述べた！本当か？ はい。",
            ["委員会は19日、報告を求めた。", "「対応する。」と述べた！", "本当か？", "はい。"],
        ),
        ("The firm said so. 会社は認めた。", ["The firm said so.", "会社は認めた。"]),
        ("", []),
        ("  \n\n \n", []),
    ],
)
def test_hand_cases(source: str, expected: list[str]) -> None:
    assert _texts(source) == expected


def test_offsets_are_exact() -> None:
    source = "  First one.  Second one!\n\n  Third one?  "
    sentences = split_sentences(source)
    assert sentences == [
        Sentence(2, 12, "First one."),
        Sentence(14, 25, "Second one!"),
        Sentence(29, 39, "Third one?"),
    ]


_TOKENS = [
    "Mr.",
    "Inc.",
    "U.S.",
    "word",
    "Line",
    "said",
    "19",
    "$8.5",
    "billion",
    ".",
    "!",
    "?",
    " ",
    " ",
    "\n",
    "\n\n",
    "\n \n",
    "•",
    "- ",
    '"',
    "“",
    "”",
    "。",
    "「",
    "」",
    "日本",
    "e.g.",
    "No.",
    "5",
    "\t",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.one_of(st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join), st.text(max_size=60))
)
def test_offsets_slice_back_and_never_overlap(source: str) -> None:
    sentences = split_sentences(source)
    previous_end = 0
    for sentence in sentences:
        assert source[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert not re.search(r"\n[ \t\r\f\v]*\n", sentence.text)
        previous_end = sentence.end
    assert split_sentences(source) == sentences


def test_sentence_at() -> None:
    source = "First one. Second one."
    sentences = split_sentences(source)
    assert sentence_at(sentences, 0).text == "First one."
    assert sentence_at(sentences, 9).text == "First one."
    assert sentence_at(sentences, 11).text == "Second one."
    assert sentence_at(sentences, 21).text == "Second one."
    for outside in (10, 22, -1):
        with pytest.raises(ValueError):
            sentence_at(sentences, outside)


def test_find_anchor_tolerates_quotes_dashes_and_whitespace() -> None:
    text = "The firm’s chief said “sorry”  for the\nleak — twice. The firm’s chief left."
    start, end = find_anchor(text, 'firm\'s chief said "sorry" for the leak - twice')
    assert text[start:end] == "firm’s chief said “sorry”  for the\nleak — twice"
    assert find_anchor(text, "  The firm’s chief  ") == (0, 16)  # first of two matches
    assert find_anchor(text, "no such phrase") is None
    assert find_anchor(text, "   ") is None


def test_find_anchor_in_japanese() -> None:
    text = "前文。委員会は19日、報告を求めた。"
    start, end = find_anchor(text, "報告を求めた")
    assert (start, end) == (11, 17) and text[start:end] == "報告を求めた"
