"""`/incidents` over HTTP, on both backends: incidents with every reported figure and its source."""

from __future__ import annotations

import httpx
from testkit.live import client_fixture
from testkit.rest import ids

PKR = "https://w3id.org/privacy-kg/id/"


client = client_fixture()


def test_the_ly_leak_keeps_its_three_figures_in_report_order(client: httpx.Client) -> None:
    response = client.get("/incidents/ly-naver-subcontractor-leak-2023")
    assert response.status_code == 200
    incident = response.json()
    assert incident["kind"] == "data_breach"
    assert incident["subject"]["id"] == PKR + "actor/ly-corp"
    assert incident["via"]["id"] == PKR + "actor/naver-subcontractor"
    assert (incident["date"], incident["disclosed"], incident["jurisdictions"]) == (
        "2023-11",
        "2023-11",
        ["JP"],
    )
    figures = [
        (f["value"], f["qualifier"], f["unit"], f["date_reported"]) for f in incident["figures"]
    ]
    assert figures == [
        (440000, "about", "items", "2023-11"),
        (519000, "exact", "items", "2024-02"),
        (510000, "more_than", "items", "2024-03-05"),
    ]
    for figure in incident["figures"]:
        [source] = figure["sources"]
        assert source["article"]["publisher"] == "NHK World" and source["evidence"]
    assert any("519,000" in q for q in incident["figures"][1]["sources"][0]["evidence"])
    assert incident["figures"][0]["reported_by"]["id"] == PKR + "actor/ly-corp"


def test_cambridge_analytica_figures_keep_their_scope(client: httpx.Client) -> None:
    incident = client.get("/incidents/cambridge-analytica-leak").json()
    figures = {(f["value"], f["qualifier"], f["scope"]) for f in incident["figures"]}
    assert figures == {(87000000, "exact", "001"), (100000, "up_to", "JP")}
    assert incident["perpetrator"]["id"] == PKR + "actor/cambridge-analytica"
    assert incident["date"] == "2018"


def test_an_incident_stated_by_several_articles_lists_each_source(client: httpx.Client) -> None:
    incident = client.get("/incidents/line-data-handling-2021").json()
    articles = [s["article"]["id"].rsplit("/", 1)[-1] for s in incident["sources"]]
    assert len(articles) == 4 == len(set(articles))
    assert articles == sorted(articles)  # by article date
    assert incident["subject"]["id"] == PKR + "actor/line-corp"
    assert set(incident["jurisdictions"]) >= {"JP", "CN"}


def test_list_newest_first_and_filters(client: httpx.Client) -> None:
    page = client.get("/incidents").json()
    assert ids(page) == [
        "ly-naver-subcontractor-leak-2023",
        "line-data-handling-2021",
        "facebook-hack-2018",
        "cambridge-analytica-leak",
    ]
    assert ids(client.get("/incidents", params={"subject": "ly-corp"}).json()) == [
        "ly-naver-subcontractor-leak-2023"
    ]
    assert ids(client.get("/incidents", params={"kind": "mishandling"}).json()) == [
        "line-data-handling-2021"
    ]
    world = client.get("/incidents", params={"country": "001"}).json()
    assert sorted(ids(world)) == ["cambridge-analytica-leak", "facebook-hack-2018"]
    lower_case = client.get("/incidents", params={"country": "cn"}).json()
    assert ids(lower_case) == ["line-data-handling-2021"]


def test_a_month_precision_incident_overlaps_a_day_range_inside_it(client: httpx.Client) -> None:
    page = client.get(
        "/incidents", params={"date_from": "2023-11-15", "date_to": "2023-11-20"}
    ).json()
    assert ids(page) == ["ly-naver-subcontractor-leak-2023"]
    sept = client.get(
        "/incidents", params={"date_from": "2018-09-01", "date_to": "2018-09-30"}
    ).json()
    # The hack (2018-09) and the Cambridge Analytica leak (dated only 2018) both overlap September 2018.
    assert sorted(ids(sept)) == ["cambridge-analytica-leak", "facebook-hack-2018"]
    assert client.get("/incidents", params={"date_from": "2025"}).json() == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }


def test_bad_country_and_kind_are_400(client: httpx.Client) -> None:
    response = client.get("/incidents", params={"country": "ZZ"})
    assert response.status_code == 400 and "'country'" in response.json()["message"]
    response = client.get("/incidents", params={"kind": "order"})
    assert response.status_code == 400 and "data_breach" in response.json()["message"]
    assert client.get("/incidents/no-such-incident").status_code == 404
