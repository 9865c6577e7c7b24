"""`/legal-actions` over HTTP, on both backends: the brief's actions with their sources, filters,
paging with Link headers, JSON-LD, and 400/404/406 that name what is wrong."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from testkit.live import client_fixture
from testkit.rest import ids

PKR = "https://w3id.org/privacy-kg/id/"
PKG = "https://w3id.org/privacy-kg/ontology#"
ORDER_2018 = PKR + "legal-action/ppc-facebook-protection-order-2018"
JAPAN_TIMES = PKR + "article/2018-10-22-japantimes-facebook-ppc-order"


client = client_fixture()


def test_ppc_actions_carry_the_2018_order_with_its_source(client: httpx.Client) -> None:
    response = client.get("/legal-actions", params={"authority": "ppc"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    page = response.json()
    assert page["total"] == 3
    assert ids(page) == [
        "ppc-line-report-request-2021",
        "ppc-facebook-hack-report-order-2018",
        "ppc-facebook-protection-order-2018",
    ]  # newest first, then by IRI
    order = next(item for item in page["items"] if item["id"] == ORDER_2018)
    assert order["kind"] == "order"
    assert order["reported_as"] == ["order", "warning"]
    assert order["date"] == "2018-10-22"
    assert order["authority"] == {
        "id": PKR + "actor/ppc",
        "label": "Personal Information Protection Commission",
    }
    assert order["target"]["id"] == PKR + "actor/facebook-inc"
    assert order["responds_to"]["id"] == PKR + "incident/cambridge-analytica-leak"
    assert order["status"] == "completed"
    assert order["amount"] is None and order["currency"] is None and order["deadline"] is None
    [source] = order["sources"]
    assert source["article"]["id"] == JAPAN_TIMES
    assert source["article"]["publisher"] == "The Japan Times (Kyodo)"
    assert source["article"]["date"] == "2018-10-22"
    assert source["article"]["url"].startswith("https://www.japantimes.co.jp/")
    assert source["method"] == "hand" and source["confidence"] == 1.0
    assert source["evidence"] and any(
        "ordered Facebook Inc. to improve the protection" in q for q in source["evidence"]
    )


def test_a_report_request_keeps_its_deadline(client: httpx.Client) -> None:
    item = client.get("/legal-actions/ppc-line-report-request-2021").json()
    assert (item["kind"], item["date"], item["deadline"]) == (
        "report_request",
        "2021-03-19",
        "2021-03-23",
    )
    assert item["target"]["id"] == PKR + "actor/line-corp"


def test_kind_and_reported_as_filters(client: httpx.Client) -> None:
    orders = client.get("/legal-actions", params={"kind": "order"}).json()
    assert sorted(ids(orders)) == [
        "ppc-facebook-hack-report-order-2018",
        "ppc-facebook-protection-order-2018",
    ]
    warnings = client.get("/legal-actions", params={"reported_as": "warning"}).json()
    assert ids(warnings) == ["ppc-facebook-protection-order-2018"]
    app = client.get(
        "/legal-actions", params={"kind": "usage_suspension", "target": "line-app"}
    ).json()
    assert sorted(ids(app)) == [
        "cabinet-secretariat-line-usage-suspension-2021",
        "ichikawa-line-partial-suspension-2021",
        "mic-line-usage-suspension-2021",
        "osaka-line-usage-suspension-2021",
    ]
    company = client.get(
        "/legal-actions", params={"kind": "usage_suspension", "target": "line-corp"}
    ).json()
    assert "ichikawa-line-partial-suspension-2021" not in ids(company)  # it concerns only the app
    assert company["total"] == 3


def test_date_range_treats_partial_dates_as_periods(client: httpx.Client) -> None:
    page = client.get(
        "/legal-actions", params={"date_from": "2021-03-19", "date_to": "2021-03-19"}
    ).json()
    found = set(ids(page))
    # Day-precision actions of that day, and the request dated only "2021", whose year contains it.
    assert found == {
        "cabinet-secretariat-line-usage-suspension-2021",
        "mic-line-usage-suspension-2021",
        "osaka-line-usage-suspension-2021",
        "ppc-line-report-request-2021",
        "mic-line-data-control-request-2021",
    }
    march = client.get(
        "/legal-actions", params={"date_from": "2021-03", "date_to": "2021-03"}
    ).json()
    assert "ichikawa-line-partial-suspension-2021" in ids(
        march
    )  # a month bound covers the whole month
    assert set(ids(march)) >= found
    early = client.get("/legal-actions", params={"date_to": "2018"}).json()
    assert sorted(ids(early)) == [
        "ppc-facebook-hack-report-order-2018",
        "ppc-facebook-protection-order-2018",
    ]


def test_paging_follows_next_links_to_the_end(client: httpx.Client) -> None:
    response = client.get("/legal-actions", params={"limit": 5})
    page = response.json()
    assert page["total"] == 13 and len(page["items"]) == 5
    links = response.links
    assert {"first", "next", "last"} <= set(links) and "prev" not in links
    assert page["next"] == links["next"]["url"]
    assert response.headers["x-total-count"] == "13"
    seen = ids(page)
    while "next" in page:
        response = client.get(page["next"])
        page = response.json()
        assert "prev" in response.links
        seen += ids(page)
    assert len(seen) == 13 == len(set(seen))
    assert "next" not in response.links and page["offset"] == 10 and len(page["items"]) == 3
    again = client.get("/legal-actions", params={"limit": 13}).json()
    assert ids(again) == seen  # stable order


def test_past_the_end_is_empty_with_the_total(client: httpx.Client) -> None:
    page = client.get("/legal-actions", params={"authority": "ppc", "offset": 10}).json()
    assert page["items"] == [] and page["total"] == 3 and "next" not in page


def test_item_as_json_ld_holds_the_triples(client: httpx.Client) -> None:
    response = client.get(
        "/legal-actions/ppc-facebook-protection-order-2018",
        headers={"Accept": "application/ld+json"},
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/ld+json"
    )
    triples = {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in ox.parse(response.content, format=ox.RdfFormat.JSON_LD)
    }
    assert (ORDER_2018, PKG + "kind", PKG + "Order") in triples
    assert (ORDER_2018, PKG + "issuer", PKR + "actor/ppc") in triples
    assert any(
        p == "http://www.w3.org/ns/oa#exact" for _, p, _ in triples
    )  # the evidence travels along
    turtle = client.get(
        "/legal-actions/ppc-facebook-protection-order-2018", params={"format": "turtle"}
    )
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))) == len(triples)


def test_list_as_json_ld_covers_the_page(client: httpx.Client) -> None:
    response = client.get("/legal-actions", params={"authority": "ppc", "format": "jsonld"})
    subjects = {q.subject.value for q in ox.parse(response.content, format=ox.RdfFormat.JSON_LD)}
    assert {ORDER_2018, PKR + "legal-action/ppc-line-report-request-2021"} <= subjects
    assert response.headers["x-total-count"] == "3"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"date_from": "2021-02-30"}, "date_from"),
        ({"date_to": "21-03"}, "date_to"),
        ({"kind": "parking_ticket"}, "kind"),
        ({"authorty": "ppc"}, "authorty"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: httpx.Client, params: dict, parameter: str
) -> None:
    response = client.get("/legal-actions", params=params)
    assert response.status_code == 400
    body = response.json()
    assert f"'{parameter}'" in body["message"] and body["type"] in ("bad-parameter", "bad-input")


def test_unknown_kind_lists_the_known_ones(client: httpx.Client) -> None:
    message = client.get("/legal-actions", params={"kind": "parking_ticket"}).json()["message"]
    assert "administrative_guidance" in message and "usage_suspension" in message


def test_unknown_id_is_404_and_wrong_type_too(client: httpx.Client) -> None:
    assert client.get("/legal-actions/no-such-action").status_code == 404
    assert client.get("/legal-actions/cambridge-analytica-leak").status_code == 404  # an incident
    assert client.get("/legal-actions/Bad%20Id").json()["type"] == "not-found"


def test_unacceptable_format_is_406(client: httpx.Client) -> None:
    response = client.get("/legal-actions", headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "application/ld+json" in response.json()["message"]
