"""The index page, IRI dereferencing and the ontology over HTTP, on both backends; the index's curl
lines are run as written (with the test server's address) and must all succeed."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from testkit.live import client_fixture
from testkit.rest import triples

from api.rest.examples import BASE_URL

PKR = "https://w3id.org/privacy-kg/id/"
PKG = "https://w3id.org/privacy-kg/ontology#"


client = client_fixture()


def test_index_is_a_readable_page_with_links_and_examples(client: httpx.Client) -> None:
    response = client.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    for link in (
        "/docs",
        "/sparql",
        "/queries",
        "/legal-actions",
        "/incidents",
        "/data-flows",
        "/actors",
        "/articles",
        "/dumps",
        "/ontology",
    ):
        assert f'href="{link}"' in response.text
    assert "curl -sS" in response.text and BASE_URL in response.text
    info = client.get("/", headers={"Accept": "application/json"}).json()
    assert info["name"] == "privacy-kg" and len(info["examples"]) >= 10
    assert all(e["curl"].startswith("curl ") for e in info["examples"])


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_every_example_curl_line_works_as_written(
    service, client: httpx.Client, tmp_path: Path
) -> None:
    for example in client.get("/", headers={"Accept": "application/json"}).json()["examples"]:
        line = example["curl"].replace(BASE_URL, service.base_url)
        args = shlex.split(line)
        assert args[0] == "curl"
        result = subprocess.run(
            [*args, "-o", str(tmp_path / "out"), "-w", "%{http_code}"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, (line, result.stderr)
        assert result.stdout.strip().startswith("2"), (example["title"], result.stdout)


def test_a_resource_iri_dereferences_as_html(client: httpx.Client) -> None:
    response = client.get("/id/actor/ppc", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<title>Personal Information Protection Commission</title>" in page
    assert 'href="/id/jurisdiction/JP"' in page  # project IRIs link to this service
    assert 'href="/ontology#DataProtectionAuthority"' in page
    assert (
        "What links here" in page
        and 'href="/id/legal-action/ppc-facebook-protection-order-2018"' in page
    )


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_a_resource_iri_dereferences_as_rdf(
    client: httpx.Client, accept: str, rdf_format: ox.RdfFormat
) -> None:
    response = client.get(
        "/id/legal-action/ppc-facebook-protection-order-2018", headers={"Accept": accept}
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    found = triples(response.content, rdf_format)
    subject = PKR + "legal-action/ppc-facebook-protection-order-2018"
    assert (subject, PKG + "issuer", PKR + "actor/ppc") in found
    assert {s for s, _, _ in found} == {subject}


def test_nested_iris_and_format_parameter(client: httpx.Client) -> None:
    path = "/id/legal-action/ppc-facebook-protection-order-2018/derivation/2018-10-22-japantimes-facebook-ppc-order/hand"
    response = client.get(path, params={"format": "ntriples"})
    assert response.status_code == 200
    predicates = {
        t.predicate.value for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
    }
    assert {"http://www.w3.org/ns/prov#entity", PKG + "method", PKG + "evidence"} <= predicates
    assert (
        client.get("/id/jurisdiction/JP", params={"format": "html"})
        .headers["content-type"]
        .startswith("text/html")
    )


def test_unknown_iris_are_404(client: httpx.Client) -> None:
    for path in (
        "/id/actor/no-such-actor",
        "/id/nothing",
        "/ontology/NoSuchTerm",
        "/id/actor/a%20b",
    ):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 404, path
        assert response.json()["type"] == "not-found"
    assert client.get("/id/actor/ppc", headers={"Accept": "text/csv"}).status_code == 406


def test_the_ontology_page_anchors_every_term(client: httpx.Client) -> None:
    page = client.get("/ontology").text
    anchors = set(re.findall(r'<h3 id="([^"]+)"', page))
    assert {"LegalAction", "Incident", "DataFlow", "issuer", "Order", "DataBreach"} <= anchors
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert (
        PKG + "LegalAction",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2002/07/owl#Class",
    ) in triples(turtle.content)
    term = client.get("/ontology/LegalAction", headers={"Accept": "text/html"})
    assert term.status_code == 200 and "<title>Legal action</title>" in term.text
