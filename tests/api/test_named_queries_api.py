"""`/queries` over HTTP, on both backends: every `queries/*.rq` is a documented endpoint, in every
format, and a new file is a new endpoint with no code."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import httpx
from testkit.live import ServerThread, client_fixture, free_port

from privacy_kg.queries import NamedQueries

PKR = "https://w3id.org/privacy-kg/id/"
EXTRA = """#+ summary: Legal actions per issuer (a query added for a test)
#+ description: How many legal actions each authority or government body issued.
#+ params:
#+   - {name: authority, type: actor, description: only this issuer, example: mic}
PREFIX pkg: <https://w3id.org/privacy-kg/ontology#>
SELECT ?authority (COUNT(DISTINCT ?action) AS ?actions)
WHERE { ?action a pkg:LegalAction ; pkg:issuer ?authority }
GROUP BY ?authority
ORDER BY ?authority
"""


client = client_fixture()


def test_the_list_names_every_query_file(service, client: httpx.Client) -> None:
    listed = client.get("/queries").json()
    files = NamedQueries.load(service.settings.queries_dir)
    assert [q["name"] for q in listed] == list(files) and len(listed) >= 10
    actions = next(q for q in listed if q["name"] == "regulatory-actions")
    assert actions["url"] == "/queries/regulatory-actions" and actions["form"] == "SELECT"
    assert {p["name"]: p["type"] for p in actions["params"]}["authority"] == "actor"
    kind = next(p for p in actions["params"] if p["name"] == "kind")
    assert "usage_suspension" in kind["enum"]


def test_every_query_answers_its_example_request(client: httpx.Client) -> None:
    for query in client.get("/queries").json():
        response = client.get(query["example_url"])
        assert response.status_code == 200, (query["name"], response.text)
        assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_regulatory_actions_by_ppc_in_every_format(client: httpx.Client) -> None:
    url = "/queries/regulatory-actions"
    document = client.get(url, params={"authority": "ppc"}).json()
    facts = {row["fact"]["value"] for row in document["results"]["bindings"]}
    assert facts == {
        PKR + "legal-action/" + name
        for name in (
            "ppc-facebook-protection-order-2018",
            "ppc-facebook-hack-report-order-2018",
            "ppc-line-report-request-2021",
        )
    }
    rows = client.get(url, params={"authority": "ppc", "format": "rows"}).json()
    assert isinstance(rows, list) and {row["fact"] for row in rows} == facts
    assert all(isinstance(row["confidence"], (int, float)) for row in rows)
    table = client.get(url, params={"authority": "ppc"}, headers={"Accept": "text/csv"})
    assert table.headers["content-type"].startswith("text/csv")
    assert {r["fact"] for r in csv.DictReader(io.StringIO(table.text))} == facts
    xml = client.get(url, params={"authority": "ppc", "format": "xml"})
    assert (
        xml.headers["content-type"].startswith("application/sparql-results+xml")
        and "<sparql" in xml.text
    )
    tsv = client.get(url, params={"authority": "ppc", "format": "tsv"})
    assert tsv.text.splitlines()[0].startswith("?fact")


def test_errors_name_the_parameter(client: httpx.Client) -> None:
    response = client.get("/queries/regulatory-actions", params={"authorty": "ppc"})
    assert response.status_code == 400 and "authorty" in response.json()["message"]
    response = client.get("/queries/regulatory-actions", params={"kind": "parking_ticket"})
    assert response.status_code == 400 and "'kind'" in response.json()["message"]
    response = client.get("/queries/provenance")
    assert response.status_code == 400 and "'fact'" in response.json()["message"]
    response = client.get("/queries/regulatory-actions", params={"date_from": "March"})
    assert response.status_code == 400 and "date_from" in response.json()["message"]
    assert client.get("/queries/no-such-query").status_code == 404
    assert (
        client.get("/queries/regulatory-actions", headers={"Accept": "text/turtle"}).status_code
        == 406
    )


def test_a_new_query_file_is_a_new_endpoint(service, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for folder in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(service.settings.home / folder, home / folder)
    (home / "queries" / "actions-per-issuer.rq").write_text(EXTRA, encoding="utf-8")
    from api import create_app

    settings = service.settings.model_copy(update={"home": home})
    port = free_port()
    with (
        ServerThread(create_app(settings, service.store), port),
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
    ):
        operation = client.get("/openapi.json").json()["paths"]["/queries/actions-per-issuer"][
            "get"
        ]
        assert operation["summary"] == "Legal actions per issuer (a query added for a test)"
        [param] = [p for p in operation["parameters"] if p["name"] == "authority"]
        assert param["schema"]["examples"] == ["mic"]
        rows = client.get(
            "/queries/actions-per-issuer", params={"authority": "ppc", "format": "rows"}
        ).json()
        assert rows == [{"authority": PKR + "actor/ppc", "actions": 3}]
        assert "actions-per-issuer" in [q["name"] for q in client.get("/queries").json()]
    assert service.store.quad_count() > 0  # the shared store is still open
