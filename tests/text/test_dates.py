"""find_dates: absolute, relative and Japanese dates resolved against a fixed article date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.articles import article_text

from privacy_kg.text.clean import clean_article
from privacy_kg.text.dates import date_spans, find_dates, parse_date

TUE_2024_03_05 = dt.date(2024, 3, 5)
SAT_2021_03_20 = dt.date(2021, 3, 20)
WED_2021_03_24 = dt.date(2021, 3, 24)


def _one(text: str, article: dt.date, lang: str = "en") -> tuple[str, str, str, str]:
    mentions = find_dates(text, article, lang)
    assert len(mentions) == 1, mentions
    m = mentions[0]
    assert text[m.start : m.end] == m.text
    return m.text, m.value, m.precision, m.role


@pytest.mark.parametrize(
    ("text", "article", "expected"),
    [
        ("It acted On Tuesday.", TUE_2024_03_05, ("Tuesday", "2024-03-05", "day", "point")),
        ("It said on Monday.", TUE_2024_03_05, ("Monday", "2024-03-04", "day", "point")),
        ("It said last November.", TUE_2024_03_05, ("last November", "2023-11", "month", "point")),
        ("It rose last month.", TUE_2024_03_05, ("last month", "2024-02", "month", "point")),
        ("It rose this month.", TUE_2024_03_05, ("this month", "2024-03", "month", "point")),
        ("It will rise next month.", TUE_2024_03_05, ("next month", "2024-04", "month", "point")),
        ("It fell last year.", TUE_2024_03_05, ("last year", "2023", "year", "point")),
        ("It was revealed in 2021.", TUE_2024_03_05, ("2021", "2021", "year", "point")),
        ("He spoke yesterday.", TUE_2024_03_05, ("yesterday", "2024-03-04", "day", "point")),
        ("He speaks today.", TUE_2024_03_05, ("today", "2024-03-05", "day", "point")),
        ("Takeda spoke on Friday.", SAT_2021_03_20, ("Friday", "2021-03-19", "day", "point")),
        (
            "Line confirmed on Wednesday.",
            SAT_2021_03_20,
            ("Wednesday", "2021-03-17", "day", "point"),
        ),
        ("Reply by March 26.", SAT_2021_03_20, ("March 26", "2021-03-26", "day", "deadline")),
        ("Sales began March 2.", SAT_2021_03_20, ("March 2", "2021-03-02", "day", "point")),
        ("It ends Dec. 28.", dt.date(2021, 1, 3), ("Dec. 28", "2020-12-28", "day", "point")),
        ("Closed until Monday.", SAT_2021_03_20, ("Monday", "2021-03-22", "day", "until")),
        ("Open since Monday.", SAT_2021_03_20, ("Monday", "2021-03-15", "day", "since")),
        ("Open since June.", SAT_2021_03_20, ("June", "2020-06", "month", "since")),
        ("Rules apply from June.", SAT_2021_03_20, ("June", "2021-06", "month", "since")),
        ("The firm said Tuesday.", WED_2021_03_24, ("Tuesday", "2021-03-23", "day", "point")),
        ("Data moves by September.", WED_2021_03_24, ("September", "2021-09", "month", "deadline")),
        (
            "Done by the end of September.",
            WED_2021_03_24,
            ("September", "2021-09", "month", "deadline"),
        ),
        ("It started in November.", WED_2021_03_24, ("November", "2020-11", "month", "point")),
        ("Paid on the 19th.", SAT_2021_03_20, ("the 19th", "2021-03-19", "day", "point")),
        ("Paid on the 25th.", SAT_2021_03_20, ("the 25th", "2021-02-25", "day", "point")),
        ("Reply by the 23rd.", SAT_2021_03_20, ("the 23rd", "2021-03-23", "day", "deadline")),
        (
            "It happened this spring.",
            dt.date(2018, 10, 22),
            ("this spring", "2018", "year", "point"),
        ),
        ("It happened last spring.", SAT_2021_03_20, ("last spring", "2020", "year", "point")),
        (
            "A breach earlier this year.",
            dt.date(2018, 10, 22),
            ("earlier this year", "2018", "year", "point"),
        ),
        (
            "It was ordered on Oct. 22, 2018.",
            SAT_2021_03_20,
            ("Oct. 22, 2018", "2018-10-22", "day", "point"),
        ),
        (
            "It was ordered 22 October 2018.",
            SAT_2021_03_20,
            ("22 October 2018", "2018-10-22", "day", "point"),
        ),
        ("It grew in October 2018.", SAT_2021_03_20, ("October 2018", "2018-10", "month", "point")),
        ("Launched in June 2011.", SAT_2021_03_20, ("June 2011", "2011-06", "month", "point")),
        ("Filed 2018-10-22 at noon.", SAT_2021_03_20, ("2018-10-22", "2018-10-22", "day", "point")),
        ("Used in the 2016 campaign.", SAT_2021_03_20, ("2016", "2016", "year", "point")),
        ("Planned for mid-2019.", SAT_2021_03_20, ("2019", "2019", "year", "point")),
    ],
)
def test_english_dates(text: str, article: dt.date, expected: tuple[str, str, str, str]) -> None:
    assert _one(text, article) == expected


@pytest.mark.parametrize(
    ("article", "phrase", "value"),
    [
        # A week is Monday-Sunday; the value is the month holding the whole span, else its year.
        (SAT_2021_03_20, "earlier this week", "2021-03"),
        (WED_2021_03_24, "last week", "2021-03"),
        (WED_2021_03_24, "this week", "2021-03"),
        (dt.date(2021, 4, 2), "last week", "2021-03"),  # 22-28 March
        (dt.date(2021, 4, 7), "last week", "2021"),  # 29 March - 4 April: spans two months
    ],
)
def test_weeks(article: dt.date, phrase: str, value: str) -> None:
    mention = find_dates(f"It happened {phrase}.", article)[0]
    assert mention.text == phrase
    assert mention.value == value
    assert mention.precision == ("month" if len(value) == 7 else "year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("委員会は19日、要請した。", ("19日", "2021-03-19", "day", "point")),
        ("23日までに報告する。", ("23日", "2021-03-23", "day", "deadline")),
        ("25日に発表した。", ("25日", "2021-02-25", "day", "point")),
        ("2021年3月19日に発表。", ("2021年3月19日", "2021-03-19", "day", "point")),
        ("3月19日に発表。", ("3月19日", "2021-03-19", "day", "point")),
        ("昨年11月に判明。", ("昨年11月", "2020-11", "month", "point")),
        ("先月に判明。", ("先月", "2021-02", "month", "point")),
        ("今月に判明。", ("今月", "2021-03", "month", "point")),
        ("9月までに移す。", ("9月", "2021-09", "month", "deadline")),
        ("2016年に始まった。", ("2016年", "2016", "year", "point")),
        ("金曜日に述べた。", ("金曜日", "2021-03-19", "day", "point")),
        ("4月から実施する。", ("4月", "2021-04", "month", "since")),
    ],
)
def test_japanese_dates(text: str, expected: tuple[str, str, str, str]) -> None:
    assert _one(text, SAT_2021_03_20, "ja") == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 19th century law.",  # an ordinal before a noun
        "May I ask?",  # the modal verb, not the month
        "It rose 2016 points.",  # a number, no date cue
        "3日間の停止。",  # a duration
        "In 1850 things differed.",  # out of the year range
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SAT_2021_03_20, "auto") == []


def test_lang_selects_rule_family_and_auto_runs_both() -> None:
    text = "On Friday it said. 委員会は19日、要請した。"
    assert [m.text for m in find_dates(text, SAT_2021_03_20, "en")] == ["Friday"]
    assert [m.text for m in find_dates(text, SAT_2021_03_20, "ja")] == ["19日"]
    assert [m.text for m in find_dates(text, SAT_2021_03_20, "auto")] == ["Friday", "19日"]
    assert date_spans(text) == [(3, 9), (23, 26)]


def test_parse_date() -> None:
    assert parse_date("March 5, 2024") == dt.date(2024, 3, 5)
    assert parse_date("2024/03/06 06:30") == dt.date(2024, 3, 6)
    assert parse_date("5 March 2024") == dt.date(2024, 3, 5)
    assert parse_date("2024年3月5日") == dt.date(2024, 3, 5)
    assert parse_date("Mar 20") is None and parse_date("February 30, 2024") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "2018-10-22-japantimes-facebook-ppc-order.txt",
            {
                ("Monday", "2018-10-22"),
                ("earlier this year", "2018"),
                ("this spring", "2018"),
                ("2016", "2016"),
            },
        ),
        (
            "2021-03-20-nikkei-government-scales-back-line.txt",
            {
                ("Friday", "2021-03-19"),
                ("Wednesday", "2021-03-17"),
                ("March 26", "2021-03-26"),
                ("19日", "2021-03-19"),
                ("23日", "2021-03-23"),
            },
        ),
        (
            "2021-03-24-nikkei-line-cuts-china-access.txt",
            {
                ("Tuesday", "2021-03-23"),
                ("September", "2021-09"),
                ("June 2011", "2011-06"),
                ("last week", "2021-03"),
            },
        ),
        (
            "2024-03-05-nhk-ly-corp-administrative-guidance.txt",
            {
                ("Tuesday", "2024-03-05"),
                ("last November", "2023-11"),
                ("last month", "2024-02"),
                ("2021", "2021"),
            },
        ),
    ],
)
def test_real_articles(name: str, expected: set[tuple[str, str]]) -> None:
    cleaned = clean_article(article_text(name))
    article = dt.date.fromisoformat(name[:10])
    found = {(m.text, m.value) for m in find_dates(cleaned.text, article, "auto")}
    assert expected <= found


_PIECES = [
    "on Friday",
    "by March 26",
    "the 19th",
    "19日までに",
    "昨年11月",
    "last week",
    "in 2016",
    "Oct. 22, 2018",
    "May",
    "since June",
    " ",
    ".",
    "\n",
    "3",
    "月",
    "日",
    "x",
]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_mentions_slice_back_in_order(text: str, article: dt.date) -> None:
    mentions = find_dates(text, article, "auto")
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.start >= previous_end
        assert len(m.value) == {"year": 4, "month": 7, "day": 10}[m.precision]
        previous_end = m.end
