"""`/data-flows` over HTTP, on both backends: cross-border flows by country, category, kind and party."""

from __future__ import annotations

import httpx
from testkit.live import client_fixture
from testkit.rest import ids

PKR = "https://w3id.org/privacy-kg/id/"
JP_TO_CN = {
    "line-china-access",
    "line-china-affiliate-view-access",
    "line-china-contractors-access",
    "line-china-outsourced-processing",
    "line-china-system-contractor-access",
}


client = client_fixture()


def test_japan_to_china(client: httpx.Client) -> None:
    page = client.get("/data-flows", params={"from_country": "JP", "to_country": "CN"}).json()
    assert set(ids(page)) == JP_TO_CN and page["total"] == 5
    access = next(item for item in page["items"] if item["id"].endswith("/line-china-access"))
    assert access["kind"] == "access"
    assert access["from_actor"]["id"] == PKR + "actor/line-corp"
    assert access["to_actor"]["id"] == PKR + "actor/line-china-affiliate"
    assert (access["from_country"], access["to_country"]) == ("JP", "CN")
    categories = {c["id"].rsplit("/", 1)[-1]: c["label"] for c in access["data_categories"]}
    assert categories == {
        "identifier": "identifier",
        "name": "name",
        "telephone-number": "telephone number",
    }
    assert access["end_date"] == "2021-03-23" and access["status"] == "ended"
    assert (
        access["sources"][0]["article"]["date"] == "2021-03-24" and access["sources"][0]["evidence"]
    )


def test_either_side_country_and_kind(client: httpx.Client) -> None:
    korea = client.get("/data-flows", params={"country": "KR"}).json()
    assert sorted(ids(korea)) == ["line-korea-storage", "line-korea-storage-register"]
    storage = client.get("/data-flows/line-korea-storage").json()
    assert storage["deadline"] == "2021-09"
    assert {c["id"].rsplit("/", 1)[-1] for c in storage["data_categories"]} == {
        "image",
        "payment-history",
        "video",
    }
    leaks = client.get("/data-flows", params={"kind": "leak"}).json()
    assert ids(leaks) == ["facebook-to-cambridge-analytica"]
    to_gb = client.get("/data-flows/facebook-to-cambridge-analytica").json()
    assert (to_gb["from_country"], to_gb["to_country"]) == ("US", "GB")


def test_a_category_matches_its_narrower_categories(client: httpx.Client) -> None:
    page = client.get("/data-flows", params={"data_category": "identifier"}).json()
    assert set(ids(page)) == {
        "line-china-access",
        "like-button-collection",
        "line-law-enforcement-disclosure",
    }
    everything = client.get("/data-flows", params={"data_category": "personal-data"}).json()
    assert everything["total"] == client.get("/data-flows").json()["total"] == 11


def test_party_and_conditions(client: httpx.Client) -> None:
    page = client.get("/data-flows", params={"party": "facebook-inc", "kind": "collection"}).json()
    [flow] = page["items"]
    assert flow["id"] == PKR + "data-flow/like-button-collection"
    assert (flow["from_country"], flow["to_country"]) == ("JP", "US")
    assert len(flow["conditions"]) == 2
    disclosure = client.get("/data-flows/line-law-enforcement-disclosure").json()
    assert disclosure["status"] == "conditional" and disclosure["conditions"]


def test_order_is_by_source_then_recipient_country(client: httpx.Client) -> None:
    page = client.get("/data-flows").json()
    pairs = [(item["from_country"], item["to_country"]) for item in page["items"]]
    assert pairs == sorted(pairs)


def test_bad_category_is_400(client: httpx.Client) -> None:
    response = client.get("/data-flows", params={"data_category": "shoe-size"})
    assert response.status_code == 400
    assert (
        "'data_category'" in response.json()["message"]
        and "telephone-number" in response.json()["message"]
    )
