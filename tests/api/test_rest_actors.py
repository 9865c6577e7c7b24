"""`/actors` over HTTP, on both backends: labels and aliases in every language, kinds, countries."""

from __future__ import annotations

import httpx
from testkit.live import client_fixture
from testkit.rest import ids, triples

PKR = "https://w3id.org/privacy-kg/id/"


client = client_fixture()


def test_an_authority_with_its_labels_and_aliases(client: httpx.Client) -> None:
    ppc = client.get("/actors/ppc").json()
    assert ppc["kind"] == "data_protection_authority"
    assert ppc["labels"] == {
        "en": "Personal Information Protection Commission",
        "ja": "個人情報保護委員会",
    }
    assert "PPC" in ppc["aliases"]["en"] and "個情委" in ppc["aliases"]["ja"]
    assert ppc["country"] == "JP" and ppc["sources"] == []
    facebook = client.get("/actors/facebook-inc").json()
    assert (facebook["kind"], facebook["country"], facebook["wikidata"]) == (
        "company",
        "US",
        "Q380",
    )


def test_text_search_finds_aliases_in_any_language(client: httpx.Client) -> None:
    line = set(ids(client.get("/actors", params={"q": "line", "limit": 100}).json()))
    assert {
        "line-corp",
        "ly-corp",
        "line-app",
        "line-pay",
    } <= line  # LY Corporation by its alias "Line Yahoo"
    assert ids(client.get("/actors", params={"q": "個人情報保護"}).json()) == ["ppc"]
    assert "naver" in ids(client.get("/actors", params={"q": "네이버"}).json())
    assert ids(client.get("/actors", params={"q": "LINEヤフー"}).json()) == ["ly-corp"]
    assert client.get("/actors", params={"q": "zzzz-nothing"}).json()["total"] == 0


def test_kind_includes_narrower_kinds_and_services(client: httpx.Client) -> None:
    authorities = set(ids(client.get("/actors", params={"kind": "authority"}).json()))
    assert {"ppc", "mic"} <= authorities
    services = set(ids(client.get("/actors", params={"kind": "service"}).json()))
    assert {"line-app", "line-pay"} <= services
    app = client.get("/actors/line-app").json()
    assert app["kind"] == "service"
    korean = client.get("/actors", params={"country": "KR", "kind": "company"}).json()
    assert "naver" in ids(korean)
    assert {(item["country"], item["kind"]) for item in korean["items"]} == {("KR", "company")}


def test_list_is_in_english_name_order_and_pages(client: httpx.Client) -> None:
    response = client.get("/actors", params={"limit": 10})
    page = response.json()
    names = [item["label"].lower() for item in page["items"]]
    assert names == sorted(names) and page["total"] > 30 and "next" in page
    second = client.get(page["next"]).json()
    assert not set(ids(page)) & set(ids(second))


def test_actor_as_turtle(client: httpx.Client) -> None:
    response = client.get("/actors/ppc", headers={"Accept": "text/turtle"})
    assert (
        PKR + "actor/ppc",
        "https://w3id.org/privacy-kg/ontology#country",
        PKR + "jurisdiction/JP",
    ) in triples(response.content)


def test_bad_kind_and_unknown_actor(client: httpx.Client) -> None:
    response = client.get("/actors", params={"kind": "alien"})
    assert response.status_code == 400 and "data_protection_authority" in response.json()["message"]
    assert client.get("/actors/no-such-actor").status_code == 404
    assert client.get("/actors/ppc-facebook-protection-order-2018").status_code == 404
    assert client.get("/actors", params={"q": ""}).status_code == 400
