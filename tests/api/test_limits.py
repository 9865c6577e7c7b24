"""Limits: row cap (signalled), body cap (chunked too), query length, concurrency and timeout.

One service per backend with small limits. The timeout tests come last: a query past its deadline
gets 503 with Retry-After in about the timeout, while other clients keep being served.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
from testkit.live import WRITE_TOKEN, client_fixture, service_fixture

PKG = "https://w3id.org/privacy-kg/ontology#"
ORDER = "https://w3id.org/privacy-kg/id/legal-action/ppc-facebook-protection-order-2018"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
LIMITS = {
    "query_timeout_s": 2,
    "max_rows": 5,
    "max_body_bytes": 4096,
    "max_query_chars": 1000,
    "max_concurrent_queries": 2,
}
# 7,668 x 7,668 rows to count: about ten seconds of work, stopped at the 2 s deadline.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
ORDER_DATE = f"SELECT ?d WHERE {{ <{ORDER}> <{PKG}date> ?d }}"


limited = service_fixture("limits", **LIMITS)
http = client_fixture("limited", timeout=30, scope="function")


def in_background(base_url: str, query: str) -> tuple[threading.Thread, dict]:
    """Send a query from another client; the result dict gets the response and the time it took."""
    result: dict = {}

    def run() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=base_url, timeout=30) as client:
            result["response"] = client.get("/sparql", params={"query": query})
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


# -- row cap --------------------------------------------------------------------------------
def test_results_past_the_row_cap_are_truncated_and_say_so(http):
    response = http.get(
        "/sparql",
        params={"query": f"SELECT ?a WHERE {{ ?a a <{PKG}LegalAction> }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert response.headers["x-result-truncated"] == "true"
    assert response.headers["x-result-row-cap"] == "5"
    assert len(response.json()["results"]["bindings"]) == 5


def test_graph_results_are_capped_too(http):
    response = http.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.headers["x-result-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 5


def test_results_within_the_cap_have_no_truncation_header(http):
    response = http.get("/sparql", params={"query": ORDER_DATE})
    assert response.status_code == 200
    assert "x-result-truncated" not in response.headers
    assert response.json()["results"]["bindings"][0]["d"]["value"] == "2018-10-22"


# -- body and query length ------------------------------------------------------------------
def test_a_body_over_the_cap_is_413(http):
    big = "ASK {}" + " " * 5000
    response = http.post(
        "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert response.json()["type"] == "too-large"


def test_a_chunked_body_over_the_cap_is_413(http):
    def chunks() -> Iterator[bytes]:
        yield b'<https://example.org/s> <https://example.org/p> "' + b"x" * 3000
        yield b"y" * 3000 + b'" .\n'

    response = http.put(
        "/graph-store",
        params={"graph": "https://example.org/test/limits/big"},
        content=chunks(),
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert (
        http.get(
            "/graph-store", params={"graph": "https://example.org/test/limits/big"}
        ).status_code
        == 404
    )


def test_a_query_over_the_length_cap_is_refused_with_a_clear_message(http):
    long_query = "ASK {}\n" + "# padding\n" * 150
    response = http.post("/sparql", data={"query": long_query})
    assert response.status_code == 413
    message = response.json()["message"]
    assert "1,000" in message and "characters" in message


# -- concurrency and timeout (last: they leave workers to be replaced) ----------------------
def test_a_query_past_the_timeout_gets_503_while_others_are_served(limited, http):
    thread, slow = in_background(limited.base_url, SLOW)
    time.sleep(0.5)
    started = time.monotonic()
    quick = http.get("/sparql", params={"query": "ASK {}"})
    quick_seconds = time.monotonic() - started
    thread.join(30)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert quick_seconds < 1.0
    response = slow["response"]
    assert response.status_code == 503
    assert response.json()["type"] == "timeout"
    assert int(response.headers["retry-after"]) > 0
    assert 1.5 <= slow["seconds"] <= 5.0, slow["seconds"]
    after = http.get("/sparql", params={"query": ORDER_DATE})
    assert after.status_code == 200
    assert after.json()["results"]["bindings"][0]["d"]["value"] == "2018-10-22"


def test_past_the_concurrency_cap_a_query_gets_503(limited, http):
    slow = [in_background(limited.base_url, SLOW) for _ in range(2)]
    time.sleep(0.5)
    response = http.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 503
    assert response.json()["type"] == "overloaded"
    assert int(response.headers["retry-after"]) > 0
    for thread, result in slow:
        thread.join(30)
        assert result["response"].status_code == 503
