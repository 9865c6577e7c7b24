"""clean_article on the five real pages (skipped without them) and on synthetic pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.articles import article_names, article_text

from privacy_kg.text.clean import clean_article


def _reasons(cleaned, reason: str) -> list[str]:
    return [r.text for r in cleaned.removed if r.reason == reason]


# --- real pages ---------------------------------------------------------------------------------


def test_japantimes_drops_agency_bullet_and_subscription_plea() -> None:
    cleaned = clean_article(article_text("2018-10-22-japantimes-facebook-ppc-order.txt"))
    assert "Kyodo" not in cleaned.text
    assert "subscribing" not in cleaned.text and "quality journalism" not in cleaned.text
    assert cleaned.text.startswith("The Japanese government on Monday ordered Facebook")
    assert cleaned.text.endswith("based on relevant laws.")
    assert "“like” button" in cleaned.text  # curly quotes survive
    assert len(_reasons(cleaned, "subscription-plea")) == 2
    assert _reasons(cleaned, "byline") == ["• Kyodo"]


def test_nikkei_keeps_japanese_paragraph_and_drops_tags() -> None:
    cleaned = clean_article(article_text("2021-03-20-nikkei-government-scales-back-line.txt"))
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[0].startswith("Japan's government is scaling back its use")
    assert paragraphs[-1].startswith("無料通信アプリ『LINE』")
    assert paragraphs[-1].endswith("決めています。")
    assert "ANNnewsCH" not in cleaned.text and "- Nikkei" not in cleaned.text
    assert "Nikkei -- Mar 20" not in cleaned.text
    assert cleaned.metadata["title"].startswith("Japan's government scales back Line app")
    assert "about 1% of the total." in paragraphs[-2]


def test_nikkei_society_page_cuts_unrelated_sections() -> None:
    cleaned = clean_article(article_text("2021-03-24-nikkei-line-cuts-china-access.txt"))
    for gone in (
        "Society | Mar 24",
        "MORE Society NEWS",
        "POPULAR NEWS",
        "FOLLOW US",
        "Princess",
        "whaling",
    ):
        assert gone not in cleaned.text
    assert cleaned.text.startswith("Japan's messaging app Line has stopped its Chinese affiliates")
    assert cleaned.text.endswith("growing scrutiny worldwide over data management.")
    assert cleaned.metadata["title"].startswith("Line cuts off access from China")
    assert "Line cuts off access" not in cleaned.text


def test_register_drops_repeated_headline_and_trailer_but_keeps_list() -> None:
    cleaned = clean_article(article_text("2021-10-19-register-line-mishandled-data.txt"))
    assert "admits it mishandled user data" not in cleaned.text
    assert _reasons(cleaned, "duplicate") and cleaned.metadata["title"].startswith(
        "Japanese messaging giant"
    )
    assert "Read More" not in cleaned.text and "Author:" not in cleaned.text
    assert "• Child abuse" in cleaned.text.split("\n\n")
    assert cleaned.text.endswith("Facebook and buddies? ®")


def test_nhk_body_once_and_reader_metadata_extracted() -> None:
    cleaned = clean_article(article_text("2024-03-05-nhk-ly-corp-administrative-guidance.txt"))
    assert cleaned.metadata["url"] == "https://www3.nhk.or.jp/nhkworld/en/news/20240305_20/"
    assert cleaned.metadata["date"] == "2024-03-05"
    assert cleaned.text.count("about 440,000 items may have been leaked") == 1
    assert cleaned.text.count("Idezawa apologized") == 1
    for gone in (
        "Read Count",
        "Similar Readings",
        "Statistics",
        "Summary",
        "Last Read",
        "Yahoo Japan cautioned",
    ):
        assert gone not in cleaned.text
    assert len(cleaned.text.split("\n\n")) == 7
    assert cleaned.text.endswith("stored in a server in Japan.")
    assert len(_reasons(cleaned, "duplicate")) == 6


@pytest.mark.parametrize("name", article_names())
def test_real_pages_clean_idempotently(name: str) -> None:
    cleaned = clean_article(article_text(name))
    again = clean_article(cleaned.text)
    assert again.text == cleaned.text
    assert again.removed == ()
    assert clean_article(article_text(name)) == cleaned  # deterministic
    assert all(len(r.text) <= 60 for r in cleaned.removed)


# --- synthetic pages in other outlets' styles ----------------------------------------------------

WIRE = """Privacy regulator fines shop chain over leak

By Jane Roe and Kim Doe

TOKYO, Oct 22 (Reuters) - A privacy watchdog fined a shop chain on Monday after records of
its loyalty members were exposed online for three weeks, the regulator said.

The chain said it had fixed the misconfigured server and notified every affected member.

Advertisement

The watchdog said it would publish its full decision later this month.

(Reporting by Jane Roe; Editing by Kim Doe)
"""


def test_wire_story_dateline_byline_and_hard_wrap() -> None:
    cleaned = clean_article(WIRE)
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[0].startswith(
        "A privacy watchdog fined a shop chain on Monday after records of its"
    )
    assert "(Reuters)" not in cleaned.text and "Advertisement" not in cleaned.text
    assert "Reporting by" not in cleaned.text and "By Jane Roe" not in cleaned.text
    assert len(paragraphs) == 3
    assert cleaned.metadata["title"] == "Privacy regulator fines shop chain over leak"
    assert {r.reason for r in cleaned.removed} == {"furniture", "byline"}


KOREAN = """Home | National | Society

Telecom operator ordered to pay fine after hacking

Posted : 2024-05-02 10:15

SEOUL, May 2 (Yonhap) -- The personal information watchdog on Thursday imposed a fine of
6.7 billion won on a telecom operator for failing to protect customer data.

Share this article

The commission found that the operator had not encrypted the stored passwords.

(END)

Copyright © 2024 Example Herald. All rights reserved.
"""


def test_korean_outlet_copyright_end_marker_and_posted_date() -> None:
    cleaned = clean_article(KOREAN)
    assert cleaned.text.split("\n\n") == [
        (
            "The personal information watchdog on Thursday imposed a fine of 6.7 billion won on a "
            "telecom operator for failing to protect customer data."
        ),
        "The commission found that the operator had not encrypted the stored passwords.",
    ]
    assert cleaned.metadata["date"] == "2024-05-02"
    assert cleaned.metadata["title"] == "Telecom operator ordered to pay fine after hacking"


NEWSLETTER = """We use cookies to improve your experience. By continuing you accept our cookie policy.

Accept all cookies

A regional hospital said a ransomware attack had exposed the files of about 12,000 patients.

Sign up for our daily newsletter to get the top stories in your inbox.

Related:
Hospital hit by second outage this year
How ransomware gangs choose their targets

The hospital said it had informed the data protection authority within three days.

Share this article

You may also like

An unrelated story about a festival that drew large crowds over the weekend.
"""


def test_cookie_banner_newsletter_related_list_and_trailer() -> None:
    cleaned = clean_article(NEWSLETTER)
    assert cleaned.text.split("\n\n") == [
        "A regional hospital said a ransomware attack had exposed the files of about 12,000 patients.",
        "The hospital said it had informed the data protection authority within three days.",
    ]
    reasons = [r.reason for r in cleaned.removed]
    assert reasons.count("related-links") == 5  # marker, two links, "You may also like", one story
    assert "subscription-plea" in reasons and "furniture" in reasons


def test_body_paragraph_repeating_the_headline_is_kept_once() -> None:
    page = (
        "Watchdog orders bank to delete data\n\nWatchdog orders bank to delete data\n\n"
        "The watchdog told the bank to delete the records it had kept without consent.\n\n"
        "Watchdog orders bank to delete data, the agency said in a statement on Friday.\n\n"
        "The bank said it would comply."
    )
    cleaned = clean_article(page)
    assert "Watchdog orders bank to delete data, the agency said" in cleaned.text
    assert cleaned.text.count("Watchdog orders bank") == 1
    assert cleaned.metadata["title"] == "Watchdog orders bank to delete data"


def test_whitespace_collapsed_inside_paragraphs_only() -> None:
    cleaned = clean_article(
        "A\u00a0first  paragraph   that is long enough to count as body.\n\n\n\n日本語の　段落です。"
    )
    assert (
        cleaned.text
        == "A first paragraph that is long enough to count as body.\n\n日本語の 段落です。"
    )


def test_text_without_body_paragraphs_is_kept() -> None:
    assert clean_article("Just a label\n\nAnother label").text == "Just a label\n\nAnother label"
    assert clean_article("").text == ""


_BLOCKS = [
    "The regulator said the company had leaked records of many customers last year.",
    "A second body paragraph explains what the company did next, in some detail.",
    "Breaking: short headline here",
    "• Agency",
    "Outlet -- Mar 20",
    "Advertisement",
    "Related:",
    "A related headline",
    "MORE Tech NEWS",
    "By subscribing, you help us.",
    "- Wire",
    "  • a list item (with words)",
    "URL: https://example.org/a",
    "Date: March 5, 2024",
    "Summary",
    "Statistics",
    "日本語の本文の段落です。個人情報が流出した可能性があると発表しました。 - ANN",
    "continued lowercase line",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(_BLOCKS), max_size=12),
    st.lists(st.sampled_from(["\n", "\n\n", "\n \n"]), min_size=12, max_size=12),
)
def test_cleaning_is_idempotent_on_mixed_pages(blocks: list[str], separators: list[str]) -> None:
    raw = "".join(block + separator for block, separator in zip(blocks, separators))
    once = clean_article(raw)
    assert clean_article(once.text).text == once.text
    assert "\n\n\n" not in once.text and once.text == once.text.strip()


JAPANESE_OUTLET = (
    "速報\r\n\r\n委員会がアプリ運営会社に報告求める\r\n\r\n2021年3月19日 18時00分\r\n\r\n"
    "個人情報保護委員会は19日、アプリの運営会社に対して報告を求めました。\r\n\r\n"
    "会社は今月中に調査結果を公表するとしています。\r\n\r\nシェア\r\n\r\n関連記事\r\n"
    "別のニュースの見出し\r\n\r\nアクセスランキング\r\n\r\n無関係な記事の本文です。\r\n"
)


def test_japanese_outlet_with_crlf() -> None:
    cleaned = clean_article(JAPANESE_OUTLET)
    assert cleaned.text == (
        "個人情報保護委員会は19日、アプリの運営会社に対して報告を求めました。\n\n"
        "会社は今月中に調査結果を公表するとしています。"
    )
    assert cleaned.metadata == {"title": "委員会がアプリ運営会社に報告求める", "date": "2021-03-19"}
    assert [r.reason for r in cleaned.removed].count("related-links") == 4
