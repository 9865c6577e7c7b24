"""detect_language and split_by_language: script shares, no model."""

from __future__ import annotations

import pytest

from privacy_kg.text.language import LanguageSpan, detect_language, script_counts, split_by_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The regulator fined the firm.", "en"),
        ("委員会はLINEに報告を求めた。", "ja"),  # kana and kanji, with a Latin name inside
        ("カタカナだけのテキスト", "ja"),
        ("개인정보보호위원회는 과징금을 부과했다.", "ko"),
        ("个人信息保护委员会对该公司处以罚款。", "zh"),
        ("The app is called 日本 in the paper, a word of two characters only.", "en"),
        ("", "en"),
        ("12345 !!! ...", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_script_counts() -> None:
    assert script_counts("Abc かな 漢字 한글") == {"kana": 2, "han": 2, "hangul": 2, "latin": 3}


def test_split_by_language_merges_runs_and_keeps_offsets() -> None:
    text = "First English paragraph.\n\nSecond English one.\n\n日本語の段落です。\n\n  Back to English.  "
    spans = split_by_language(text)
    assert [s.lang for s in spans] == ["en", "ja", "en"]
    assert text[spans[0].start : spans[0].end] == "First English paragraph.\n\nSecond English one."
    assert text[spans[1].start : spans[1].end] == "日本語の段落です。"
    assert spans[2] == LanguageSpan(
        text.index("Back"), text.index("Back") + len("Back to English."), "en"
    )
    assert split_by_language("") == [] and split_by_language("\n\n  \n") == []
