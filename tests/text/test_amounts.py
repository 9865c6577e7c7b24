"""find_amounts: counts, qualifiers, units, money, and the numbers that are not amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.articles import article_text

from privacy_kg.text.amounts import find_amounts
from privacy_kg.text.clean import clean_article


def _one(text: str, lang: str = "en") -> tuple:
    amounts = find_amounts(text, lang)
    assert len(amounts) == 1, amounts
    a = amounts[0]
    assert text[a.start : a.end] == a.text
    assert a.is_money == (a.currency is not None)
    return a.text, a.value, a.qualifier, a.unit, a.currency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Some said about 440,000 items leaked.",
            ("about 440,000 items", 440000, "about", "items", None),
        ),
        (
            "a leak of more than 510,000 records",
            ("more than 510,000 records", 510000, "more_than", "records", None),
        ),
        ("It was raised to 519,000 last week.", ("519,000", 519000, "exact", None, None)),
        (
            "Up to 100,000 Facebook users may be hit.",
            ("Up to 100,000 Facebook users", 100000, "up_to", "users", None),
        ),
        (
            "data from 29 million accounts",
            ("29 million accounts", 29000000, "exact", "accounts", None),
        ),
        ("it hit 87 million people", ("87 million people", 87000000, "exact", "people", None)),
        (
            "roughly 86 million users in Japan",
            ("roughly 86 million users", 86000000, "about", "users", None),
        ),
        ("over 700 million, it said", ("over 700 million", 700000000, "more_than", None, None)),
        ("nearly 1,000 were hit", ("nearly 1,000", 1000, "about", None, None)),
        (
            "at least 3,000 employees",
            ("at least 3,000 employees", 3000, "at_least", "employees", None),
        ),
        (
            "fewer than 50 customers",
            ("fewer than 50 customers", 50, "less_than", "customers", None),
        ),
        (
            "100,000 or more data subjects",
            ("100,000 or more data subjects", 100000, "at_least", "data subjects", None),
        ),
        (
            "85 million regular monthly users",
            ("85 million regular monthly users", 85000000, "exact", "users", None),
        ),
        ("only 4 employees", ("4 employees", 4, "exact", "employees", None)),
        ("deals worth $8.5 billion a year", ("$8.5 billion", 8500000000, "exact", None, "USD")),
        ("a fine of €1.2 billion", ("€1.2 billion", 1200000000, "exact", None, "EUR")),
        ("a fine of 1.2 billion euros", ("1.2 billion euros", 1200000000, "exact", None, "EUR")),
        ("a fine of £20m", ("£20m", 20000000, "exact", None, "GBP")),
        ("a fine of ¥10 million", ("¥10 million", 10000000, "exact", None, "JPY")),
        ("a fine of 10 million yen", ("10 million yen", 10000000, "exact", None, "JPY")),
        ("a fine of 6.7 billion won", ("6.7 billion won", 6700000000, "exact", None, "KRW")),
        ("a fine of ₩1.5 billion", ("₩1.5 billion", 1500000000, "exact", None, "KRW")),
        ("a fine of CNY 50,000", ("CNY 50,000", 50000, "exact", None, "CNY")),
        ("a deal of US$5 billion", ("US$5 billion", 5000000000, "exact", None, "USD")),
        ("a deal of HK$3.5bn", ("HK$3.5bn", 3500000000, "exact", None, "HKD")),
        ("it paid $12.75 to each", ("$12.75", Decimal("12.75"), "exact", None, "USD")),
        ("流出は約44万件に上る", ("約44万件", 440000, "about", "items", None)),
        ("51万件以上が流出", ("51万件以上", 510000, "at_least", "items", None)),
        ("1万人超が利用", ("1万人超", 10000, "more_than", "people", None)),
        ("罰金1億円を科す", ("1億円", 100000000, "exact", None, "JPY")),
        ("罰金1億2000万円を科す", ("1億2000万円", 120000000, "exact", None, "JPY")),
        ("50万人が影響", ("50万人", 500000, "exact", "people", None)),
        ("과징금 67억 원", ("67억 원", 6700000000, "exact", None, "KRW")),
    ],
)
def test_amounts(text: str, expected: tuple) -> None:
    assert _one(text) == expected


def test_value_types() -> None:
    assert type(find_amounts("about 440,000 items")[0].value) is int
    assert find_amounts("$8.5 billion")[0].value == 8500000000
    assert isinstance(find_amounts("$0.5")[0].value, Decimal)


def test_lang_zh_reads_bare_yen_sign_as_renminbi() -> None:
    assert find_amounts("罚款¥50万", "zh")[0].currency == "CNY"
    assert find_amounts("罰金¥50万", "ja")[0].currency == "JPY"


@pytest.mark.parametrize(
    "text",
    [
        "It began in 2016.",  # a year
        "the 2016 election",  # a bare year-like number
        "On March 26, 2021 it ended.",  # a date
        "About 1% of the total.",  # a percentage (skipped, not flagged)
        "It fell 5.5 per cent.",
        "on the 19th floor",  # an ordinal
        "Call +81 3 1234 5678 or 03-1234-5678.",  # phone numbers
        "under Article 58 of the GDPR",  # a reference
        "under Art. 83 and Section 5",
        "第58条に基づく",
        "for 73 years",  # a duration
        "at 6:30 a.m.",  # a time
        "Covid-19 and 5G networks",  # names
        "version 2.0 of the app",
        "3日間停止した",
        "10 St. James St.",  # a small bare number
    ],
)
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_several_in_order_without_overlap() -> None:
    text = "It was fined 500 million won ($380,000), and 1,200 customers were told."
    found = [(a.text, a.currency, a.unit) for a in find_amounts(text)]
    assert found == [
        ("500 million won", "KRW", None),
        ("$380,000", "USD", None),
        ("1,200 customers", None, "customers"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "2018-10-22-japantimes-facebook-ppc-order.txt",
            {
                ("87 million people", 87000000),
                ("Up to 100,000 Facebook users", 100000),
                ("29 million accounts", 29000000),
            },
        ),
        ("2021-03-24-nikkei-line-cuts-china-access.txt", {("roughly 86 million users", 86000000)}),
        (
            "2021-10-19-register-line-mishandled-data.txt",
            {
                ("over $8.5 billion", 8500000000),
                ("over 700 million", 700000000),
                ("over 85 million regular monthly users", 85000000),
            },
        ),
        (
            "2024-03-05-nhk-ly-corp-administrative-guidance.txt",
            {
                ("more than 510,000 items", 510000),
                ("about 440,000 items", 440000),
                ("519,000", 519000),
            },
        ),
    ],
)
def test_real_articles(name: str, expected: set[tuple[str, int]]) -> None:
    cleaned = clean_article(article_text(name))
    found = find_amounts(cleaned.text)
    assert expected <= {(a.text, a.value) for a in found}
    assert not any(a.value in (2016, 2021, 2011) for a in found)  # years are never amounts


_PIECES = [
    "about",
    "more than",
    "$",
    "¥",
    "約",
    "1",
    "0",
    ",",
    ".",
    "000",
    " ",
    "million",
    "users",
    "万",
    "件",
    "以上",
    "円",
    "%",
    "in",
    "2016",
    "Article",
    "-",
    "x",
]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
)
def test_amounts_slice_back_in_order(text: str) -> None:
    previous_end = 0
    for a in find_amounts(text):
        assert text[a.start : a.end] == a.text and a.start >= previous_end
        assert a.value >= 0 and a.is_money == (a.currency is not None)
        previous_end = a.end
