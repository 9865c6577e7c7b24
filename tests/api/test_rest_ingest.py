"""`POST /articles` over HTTP, on both backends: map, validate, commit, with a token; 422 changes nothing.

The article texts are short synthetic reports written for these tests. The tests of this module
write to their own copy of the seed store; the last one breaks the store's entities on purpose.
"""

from __future__ import annotations

import httpx
import pytest
from testkit.live import WRITE_TOKEN, client_fixture

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
TEXT = (
    "Regulator orders Facebook to report on breach\n\n"
    "The Personal Information Protection Commission on Tuesday ordered Facebook Inc. to submit a report "
    "on a data breach by the end of the month.\n"
    "Facebook said it would cooperate with the commission.\n"
)
CITATION = {
    "publisher": "Example Wire",
    "date": "2025-01-14",
    "headline": "Regulator orders Facebook to report",
    "url": "https://example.org/news/regulator-orders-facebook",
}


client = client_fixture(timeout=60)


def quads(client: httpx.Client) -> int:
    return client.get("/health").json()["quads"]


def test_without_a_token_nothing_is_written(client: httpx.Client) -> None:
    before = quads(client)
    response = client.post("/articles", json={"text": TEXT, **CITATION})
    assert response.status_code == 401
    assert (
        client.post(
            "/articles", json={"text": TEXT, **CITATION}, headers={"Authorization": "Bearer wrong"}
        ).status_code
        == 403
    )
    assert quads(client) == before


def test_a_json_article_is_mapped_and_served(client: httpx.Client) -> None:
    response = client.post("/articles", json={"text": TEXT, **CITATION}, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    article_id = "2025-01-14-regulator-orders-facebook-to-report"
    assert (
        body["id"].endswith(f"/article/{article_id}")
        and response.headers["location"] == f"/articles/{article_id}"
    )
    [action] = body["facts"]["legal_actions"]
    assert (action["kind"], action["authority"], action["target"]) == (
        "order",
        "ppc",
        "facebook-inc",
    )
    served = client.get(f"/articles/{article_id}").json()
    assert served["publisher"] == "Example Wire" and served["url"] == CITATION["url"]
    found = client.get(
        "/legal-actions", params={"authority": "ppc", "date_from": "2025-01-14"}
    ).json()
    [item] = found["items"]
    [source] = item["sources"]
    assert source["method"] == action["derivations"][0]["method"] and source["method"] != "hand"
    assert 0 < source["confidence"] < 1 and "ordered Facebook Inc." in source["evidence"][0]


def test_plain_text_with_the_citation_in_the_query(client: httpx.Client) -> None:
    response = client.post(
        "/articles",
        content=TEXT.encode(),
        params={**CITATION, "date": "2025-01-15", "id": "plain-text-report"},
        headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 201, response.text
    assert client.get("/articles/plain-text-report").json()["date"] == "2025-01-15"
    again = client.post(
        "/articles",
        content=TEXT.encode(),
        params={**CITATION, "id": "plain-text-report"},
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert again.status_code == 201  # re-sending replaces the article's graph
    assert client.get("/articles", params={"publisher": "example-wire"}).json()["total"] == 2


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": TEXT, "date": "2025-02-30"}}, 400),
        ({"json": {"text": TEXT, "author": "someone"}}, 400),
        ({"json": {"publisher": "Example Wire"}}, 400),
        ({"json": {"text": "hi"}}, 400),
        ({"content": b"%PDF-1.4", "headers": {"Content-Type": "application/pdf"}}, 415),
        (
            {
                "content": TEXT.encode(),
                "params": {"author": "x"},
                "headers": {"Content-Type": "text/plain"},
            },
            400,
        ),
    ],
)
def test_bad_submissions(client: httpx.Client, kwargs: dict, status: int) -> None:
    kwargs = dict(kwargs)  # parametrize shares the dict between backends
    headers = {**AUTH, **kwargs.pop("headers", {})}
    before = quads(client)
    response = client.post("/articles", headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["message"] and quads(client) == before


def test_facts_that_break_the_shapes_are_422_and_change_nothing(
    service, client: httpx.Client
) -> None:
    # Strip the regulator's types: a legal action it issues no longer has an authority as issuer.
    service.store.update(
        "DELETE WHERE { GRAPH <https://w3id.org/privacy-kg/graph/entities> "
        "{ <https://w3id.org/privacy-kg/id/actor/ppc> a ?type } }"
    )
    before = quads(client)
    response = client.post(
        "/articles", json={"text": TEXT, **CITATION, "date": "2025-03-03"}, headers=AUTH
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "validation-failed" and body["details"]["conforms"] is False
    assert any(
        r["path"].endswith("#issuer")
        for r in body["details"]["results"]
        if r["severity"] == "Violation"
    )
    assert quads(client) == before
    assert client.get("/articles", params={"date_from": "2025-03-03"}).json()["total"] == 0
