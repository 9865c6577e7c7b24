"""`/articles` over HTTP, on both backends: citations, the facts read from each, publisher and date filters."""

from __future__ import annotations

import httpx
from testkit.live import client_fixture
from testkit.rest import ids

PKR = "https://w3id.org/privacy-kg/id/"
ALL = [
    "2024-03-05-nhk-ly-corp-administrative-guidance",
    "2021-10-19-register-line-mishandled-data",
    "2021-03-24-nikkei-line-cuts-china-access",
    "2021-03-20-nikkei-government-scales-back-line",
    "2018-10-22-japantimes-facebook-ppc-order",
]


client = client_fixture()


def test_all_five_newest_first(client: httpx.Client) -> None:
    page = client.get("/articles").json()
    assert ids(page) == ALL and page["total"] == 5 and "next" not in page


def test_an_article_lists_its_facts(client: httpx.Client) -> None:
    article = client.get("/articles/2018-10-22-japantimes-facebook-ppc-order").json()
    assert article["headline"] == "Japanese government orders Facebook to improve data protection"
    assert (article["publisher"], article["date"], article["language"]) == (
        "The Japan Times (Kyodo)",
        "2018-10-22",
        ["en"],
    )
    facts = {(f["type"], f["id"].rsplit("/", 1)[-1]) for f in article["facts"]}
    assert ("legal-action", "ppc-facebook-protection-order-2018") in facts
    assert ("incident", "cambridge-analytica-leak") in facts
    assert ("figure", "cambridge-analytica-leak-87m") in facts
    assert ("data-flow", "like-button-collection") in facts


def test_publisher_by_name_words_or_id(client: httpx.Client) -> None:
    assert ids(client.get("/articles", params={"publisher": "Nikkei"}).json()) == ALL[2:4]
    assert ids(client.get("/articles", params={"publisher": "nhk-world"}).json()) == ALL[:1]
    assert ids(client.get("/articles", params={"publisher": "The Japan Times"}).json()) == ALL[4:]
    assert client.get("/articles", params={"publisher": "Reuters"}).json()["total"] == 0


def test_date_range(client: httpx.Client) -> None:
    assert (
        ids(client.get("/articles", params={"date_from": "2021", "date_to": "2021"}).json())
        == ALL[1:4]
    )
    assert ids(client.get("/articles", params={"date_to": "2021-03-20"}).json()) == ALL[3:]
    page = client.get(
        "/articles", params={"date_from": "2021", "date_to": "2021", "limit": 2, "offset": 2}
    ).json()
    assert ids(page) == ALL[3:4] and page["total"] == 3


def test_unknown_article_is_404(client: httpx.Client) -> None:
    response = client.get("/articles/1999-01-01-nothing")
    assert response.status_code == 404 and response.json()["type"] == "not-found"
