"""Malformed and hostile requests straight at a running server, over httpx and raw sockets.

One `privacy-kg serve` process (2 s query timeout, 2 queries at once, 1 MB bodies) takes every
burst. After each test the process is still up, `ASK {}` answers, and the dataset is exactly what
it was before (compared as a whole N-Quads dump), since none of these requests may write anything.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from testkit.listener import Listener
from testkit.live import client_fixture

from .conftest import AUTH, Service, serve

SCRATCH = "https://example.org/test/hostile/graph"
CAP = 1024 * 1024
TIMEOUT_S = 2.0
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_REGEX = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    'FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "^(a|aa|a?a)+(b|c*)*$", "i")) }'
)


@pytest.fixture(scope="module")
def server(seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with serve(seed_store_dir, tmp_path_factory.mktemp("hostile")) as service:
        yield service


@pytest.fixture(scope="module")
def baseline(server: Service) -> set[str]:
    return server.dump()


http = client_fixture("server", timeout=60, scope="function")


@pytest.fixture(autouse=True)
def still_serving_and_unchanged(server: Service, baseline: set[str]) -> Iterator[None]:
    yield
    assert server.alive(), f"the server died:\n{server.log.read_text()[-2000:]}"
    assert server.answers(within_s=20), "ASK {} got no answer after the burst"
    assert server.dump() == baseline, "the burst changed the store"


def error(response: httpx.Response, status: int | tuple[int, ...], type_: str | None = None) -> str:
    """Assert a JSON error `{type, message}` with this status; return the message."""
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert body["message"], body
    if type_ is not None:
        assert body["type"] == type_, body
    return body["message"]


def raw_request(server: Service, request: bytes, timeout: float = 10.0) -> bytes:
    """Send bytes as they are (no client normalises the path) and read the whole answer."""
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# -- bodies ---------------------------------------------------------------------------------
BODY_TARGETS = [
    ("POST", "/validate", {"Content-Type": "text/turtle"}),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}),
    ("PUT", f"/graph-store?graph={SCRATCH}", {**AUTH, "Content-Type": "application/n-triples"}),
    ("POST", "/articles", {**AUTH, "Content-Type": "text/plain; charset=utf-8"}),
]


@pytest.mark.parametrize(("method", "path", "headers"), BODY_TARGETS)
def test_bodies_over_the_cap_are_413_declared_or_chunked(http, method, path, headers) -> None:
    declared = http.request(method, path, content=b"#" * (CAP + 1), headers=headers)
    assert "over the 1,048,576-byte limit" in error(declared, 413, "too-large")

    def chunks() -> Iterator[bytes]:
        for _ in range(40):  # 2.5 MB in 64 KB chunks, no Content-Length
            yield b"#" * 65536

    chunked = http.request(method, path, content=chunks(), headers=headers)
    assert "content-length" not in chunked.request.headers
    error(chunked, 413, "too-large")


def test_a_declared_length_over_the_cap_is_refused_before_the_body_arrives(server) -> None:
    head = (
        b"POST /validate HTTP/1.1\r\nHost: test\r\nContent-Type: text/turtle\r\n"
        b"Content-Length: 5000000000\r\nConnection: close\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_request(server, head + b"@prefix")  # almost none of the 5 GB is ever sent
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert time.monotonic() - started < 5


def test_partial_requests_do_not_block_other_clients(server, http) -> None:
    """Slowloris: many connections stuck in their headers or bodies; others are served at once."""
    port = int(server.base_url.rsplit(":", 1)[1])
    stuck: list[socket.socket] = []
    try:
        for index in range(40):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if index % 4:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: ")  # headers never end
            else:
                sock.sendall(
                    b"POST /sparql HTTP/1.1\r\nHost: test\r\n"
                    b"Content-Type: application/sparql-query\r\n"
                    b"Content-Length: 100000\r\n\r\nASK {"  # the body never arrives
                )
            stuck.append(sock)
        time.sleep(0.3)
        for path in ("/health", "/sparql?query=ASK%20%7B%7D", "/actors?limit=1"):
            started = time.monotonic()
            response = http.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            assert time.monotonic() - started < 2.0, path
    finally:
        for sock in stuck:
            sock.close()


# -- encodings ------------------------------------------------------------------------------
BAD_UTF8 = [
    ("GET", "/sparql?query=ASK%20%7B%7D%FF", None, {}),
    ("GET", "/actors?q=%C3%28", None, {}),
    ("GET", "/queries/incidents?subject=%FF%FE", None, {}),
    ("GET", "/actors/%FF", None, {}),
    ("GET", "/id/actor/%E2%82", None, {}),
    ("POST", "/sparql", b"ASK { \xff }", {"Content-Type": "application/sparql-query"}),
    (
        "POST",
        "/sparql",
        b"query=ASK%20%7B%7D%FF",
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
    (
        "POST",
        "/validate",
        b'<https://example.org/s> <https://example.org/p> "\xff" .',
        {"Content-Type": "application/n-triples"},
    ),
    ("POST", "/articles", b'{"text": "caf\xe9"}', {**AUTH, "Content-Type": "application/json"}),
    (
        "POST",
        "/articles",
        b"A regulator fined caf\xe9 owners.",
        {**AUTH, "Content-Type": "text/plain"},
    ),
    (
        "PUT",
        f"/graph-store?graph={SCRATCH}",
        b'<https://example.org/s> <https://example.org/p> "\xc3" .',
        {**AUTH, "Content-Type": "text/turtle"},
    ),
]


@pytest.mark.parametrize(("method", "target", "body", "headers"), BAD_UTF8)
def test_invalid_utf8_anywhere_is_a_400_that_says_so(server, method, target, body, headers) -> None:
    with httpx.Client(timeout=30) as client:  # the target is sent as written, escapes included
        request = client.build_request(
            method, server.base_url + target, content=body, headers=headers
        )
        response = client.send(request)
    message = error(response, 400)
    assert "utf-8" in message.lower(), message


# -- nesting and length ---------------------------------------------------------------------
def _jsonld_objects(depth: int) -> bytes:
    inner = '{"https://example.org/p": ' * depth + '"x"' + "}" * depth
    return f'{{"@id": "https://example.org/s", "https://example.org/p": {inner}}}'.encode()


def _jsonld_lists(depth: int) -> bytes:
    inner = '{"@list": [' * depth + '"x"' + "]}" * depth
    return f'{{"@id": "https://example.org/s", "https://example.org/p": {inner}}}'.encode()


def _rdfxml(depth: int) -> bytes:
    head = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
        '<rdf:Description rdf:about="https://example.org/s">'
    )
    nested = "<e:p><rdf:Description>" * depth + "</rdf:Description></e:p>" * depth
    return (head + nested + "</rdf:Description></rdf:RDF>").encode()


NESTED_RDF = [  # each of these killed the server (stack overflow) before the nesting cap
    ("application/ld+json", _jsonld_objects(5000)),
    ("application/ld+json", _jsonld_lists(5000)),
    ("application/rdf+xml", _rdfxml(5000)),
]


@pytest.mark.parametrize(
    ("media", "body"), NESTED_RDF, ids=["jsonld-objects", "jsonld-lists", "rdfxml"]
)
def test_deeply_nested_rdf_is_refused_and_the_server_survives(server, http, media, body) -> None:
    validate = http.post("/validate", content=body, headers={"Content-Type": media})
    assert "nested more than 100 levels" in error(validate, 400, "too-deep")
    put = http.put(
        "/graph-store",
        params={"graph": SCRATCH},
        content=body,
        headers={**AUTH, "Content-Type": media},
    )
    error(put, 400, "too-deep")
    assert server.alive()


def test_a_document_just_under_the_nesting_cap_is_read(http) -> None:
    response = http.post(
        "/validate", content=_jsonld_objects(50), headers={"Content-Type": "application/ld+json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["triples"] == 51


NESTED_SPARQL = [
    "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
]


def test_deeply_nested_sparql_is_refused_and_the_server_survives(seed_store_dir, tmp_path) -> None:
    """Its own server: today the update below kills the process that parses it."""
    with serve(seed_store_dir, tmp_path) as service, httpx.Client(timeout=60) as client:
        for text in NESTED_SPARQL:
            query = client.post(
                f"{service.base_url}/sparql",
                content=text,
                headers={"Content-Type": "application/sparql-query"},
            )
            error(query, (400, 413))
        update = (
            "INSERT { <https://example.org/s> <https://example.org/p> 1 } WHERE "
            + "{" * 5000
            + "}" * 5000
        )
        response = client.post(
            f"{service.base_url}/sparql",
            content=update,
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
        error(response, (400, 413))
        assert service.alive() and service.answers(within_s=2)


@pytest.mark.parametrize("send", ["get", "form", "direct"])
def test_queries_over_64_kb_are_413(server, http, send) -> None:
    text = "ASK {} # " + "x" * 70_000
    if send == "get":  # a raw request line: httpx itself refuses URLs this long
        answer = raw_request(
            server,
            f"GET /sparql?query={text.replace(' ', '%20')} HTTP/1.1\r\n"
            "Host: test\r\nConnection: close\r\n\r\n".encode(),
        )
        assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
        assert b"65,536" in answer
        return
    if send == "form":
        response = http.post("/sparql", data={"query": text})
    else:
        response = http.post(
            "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}
        )
    assert "65,536" in error(response, 413, "query-too-large")


# -- parsers that expand or fetch -----------------------------------------------------------
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="https://example.org/">'
    '<rdf:Description rdf:about="https://example.org/s"><e:p>&lol9;</e:p></rdf:Description></rdf:RDF>'
).encode()


def test_billion_laughs_is_refused_and_memory_stays_bounded(server, http) -> None:
    before = server.rss_mb()
    for variant in (
        BILLION_LAUGHS,
        BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!doctype"),
        b"\xef\xbb\xbf" + BILLION_LAUGHS,
    ):
        validate = http.post(
            "/validate", content=variant, headers={"Content-Type": "application/rdf+xml"}
        )
        assert "DOCTYPE" in error(validate, 400)
        put = http.put(
            "/graph-store",
            params={"graph": SCRATCH},
            content=variant,
            headers={**AUTH, "Content-Type": "application/rdf+xml"},
        )
        error(put, 400)
    assert http.get("/graph-store", params={"graph": SCRATCH}).status_code == 404
    assert server.rss_mb() - before < 100


@pytest.fixture()
def listener() -> Iterator[Listener]:
    target = Listener("/context.jsonld")
    yield target
    target.close()


def _remote_contexts(url: str) -> list[dict]:
    node = {"@id": "https://example.org/s", "name": "x"}
    return [
        {"@context": url, **node},
        {"@context": [url, {"name": "https://schema.org/name"}], **node},
        {"@context": {"@import": url, "name": "https://schema.org/name"}, **node},
        {
            "@context": {"p": {"@id": "https://example.org/p", "@context": url}},
            "@id": "https://example.org/s",
            "p": {"name": "x"},
        },
        {"@context": "file:///etc/passwd", **node},
    ]


def test_jsonld_remote_contexts_are_refused_without_a_connection(server, http, listener) -> None:
    for document in _remote_contexts(listener.url):
        body = json.dumps(document).encode()
        validate = http.post(
            "/validate", content=body, headers={"Content-Type": "application/ld+json"}
        )
        error(validate, 400, "rdf-syntax-error")
        put = http.put(
            "/graph-store",
            params={"graph": SCRATCH},
            content=body,
            headers={**AUTH, "Content-Type": "application/ld+json"},
        )
        error(put, 400)
    assert listener.connections(wait=0.2) == 0, "the server fetched a JSON-LD context from 127.0.0.2"


# -- headers and parameters -----------------------------------------------------------------
ODD_ACCEPT = [
    "",
    ";;;,,,",
    "*/*;q=abc",
    "application/json;q=nan",
    "application/json;q=1e999",
    "text/*;q=-1",
    "application/sparql-results+json;q=0",
    "image/png",
    "x" * 4000,
    ", ".join(f"text/x-{i};q=0.{i % 9 + 1}" for i in range(500)),
]
ACCEPT_TARGETS = [
    "/",
    "/actors?limit=1",
    "/sparql?query=ASK%20%7B%7D",
    "/ontology",
    "/queries/incidents",
    "/id/actor/ppc",
]


def test_odd_accept_headers_get_an_answer_or_a_406(http) -> None:
    for target in ACCEPT_TARGETS:
        for accept in ODD_ACCEPT:
            response = http.get(target, headers={"Accept": accept})
            if response.status_code != 200:
                error(response, 406, "not-acceptable")


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("/actors?limit=1&limit=2", "limit"),
        ("/actors/ppc?format=json&format=turtle", "format"),
        ("/legal-actions?kind=order&kind=warning", "kind"),
        ("/queries/incidents?kind=data_breach&kind=cyberattack", "kind"),
        ("/ontology?format=turtle&format=html", "format"),
        ("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D", "query"),
        ("/actors?limit=1&colour=blue", "colour"),
        ("/incidents/ly-naver-subcontractor-leak-2023?colour=blue", "colour"),
        ("/queries/incidents?colour=blue", "colour"),
        (
            "/graph-store?graph=https://w3id.org/privacy-kg/graph/entities&graph=https://example.org/g",
            "graph",
        ),
    ],
)
def test_duplicate_and_unknown_parameters_are_400s_naming_them(http, target, name) -> None:
    assert name in error(http.get(target), 400)


TRAVERSALS = [
    "/id/..%2F..%2F..%2Fetc%2Fpasswd",
    "/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/actor/..%5C..%5C..%5Cpyproject.toml",
    "/dumps/..%2F..%2Fpyproject.toml",
    "/dumps/%2e%2e%2fpyproject.toml",
    "/dumps/privacy-kg.nq%00.txt",
    "/ontology/..%2F..%2Fdata%2Fentities.yaml",
    "/queries/..%2Frest%2Fdescribe",
]


def test_path_traversal_finds_nothing(server, http) -> None:
    leaks = (b"root:x:", b"[project]", b"privacy-kg team", b"actors:", b"CONSTRUCT")
    for target in TRAVERSALS:
        with httpx.Client(timeout=30) as client:
            response = client.send(client.build_request("GET", server.base_url + target))
        error(response, 404, "not-found")
        assert not any(leak in response.content for leak in leaks), target
    for raw_path in ("/id/../../../etc/passwd", "/dumps/../../pyproject.toml", "/dumps/./../x"):
        answer = raw_request(
            server, f"GET {raw_path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()
        )
        assert answer.split(b"\r\n", 1)[0] in (
            b"HTTP/1.1 404 Not Found",
            b"HTTP/1.1 400 Bad Request",
        ), answer[:200]
        assert not any(leak in answer for leak in leaks), raw_path


def _example_paths(http: httpx.Client) -> dict[str, set[str]]:
    """Every documented path with its path parameters filled in, and its documented methods."""
    fill = {
        "{id}": "ppc",
        "{term}": "LegalAction",
        "{path}": "actor/ppc",
        "{file}": "privacy-kg.nq",
    }
    paths: dict[str, set[str]] = {}
    for template, operations in http.get("/openapi.json").json()["paths"].items():
        path = template
        for placeholder, value in fill.items():
            path = path.replace(placeholder, value)
        paths[path] = {method.upper() for method in operations}
    return paths


def test_head_and_options_answer_on_every_documented_path(http) -> None:
    paths = _example_paths(http)
    assert len(paths) > 20
    for path, documented in paths.items():
        options = http.options(path)
        assert options.status_code == 204, (path, options.text)
        allowed = {m.strip() for m in options.headers["allow"].split(",")}
        assert documented <= allowed, (path, documented, allowed)
        assert ("HEAD" in allowed) == ("GET" in allowed), (path, allowed)
        if "GET" not in documented:
            head = http.head(path)
            assert head.status_code == 405 and head.content == b"", path
            assert "OPTIONS" in head.headers["allow"], path
            continue
        get, head = http.get(path), http.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == get.headers.get("content-type"), path


def test_a_method_a_path_does_not_have_is_405_listing_the_ones_it_has(http) -> None:
    response = http.request("PATCH", "/articles")
    error(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    gsp = http.request("PATCH", "/graph-store?default")
    assert gsp.headers["allow"] == "GET, HEAD, POST, PUT, DELETE, OPTIONS"


def test_cors_preflight(http) -> None:
    origin = {"Origin": "https://app.example.org"}
    allowed = http.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] in ("*", origin["Origin"])
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = http.options("/sparql", headers={**origin, "Access-Control-Request-Method": "DELETE"})
    assert "method" in error(refused, 400, "cors-refused")
    cross = http.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert cross.status_code == 200 and cross.headers["access-control-allow-origin"] in (
        "*",
        origin["Origin"],
    )


# -- runaway queries (the last ones: each leaves a worker to be replaced) -------------------
def _timed_query(base_url: str, query: str, out: list) -> None:
    started = time.monotonic()
    with httpx.Client(timeout=60) as client:
        response = client.get(f"{base_url}/sparql", params={"query": query})
    out.append((response, time.monotonic() - started))


@pytest.mark.parametrize("query", [CROSS_PRODUCT, SLOW_REGEX], ids=["cross-product", "regex"])
def test_a_runaway_query_is_503_in_about_the_timeout_and_others_are_served(server, query) -> None:
    out: list = []
    runaway = threading.Thread(target=_timed_query, args=(server.base_url, query, out))
    runaway.start()
    time.sleep(0.5)
    started = time.monotonic()
    quick = httpx.get(f"{server.base_url}/health", timeout=10)
    assert quick.status_code == 200 and time.monotonic() - started < 2.0  # 2 busy cores in CI
    runaway.join(30)
    response, seconds = out[0]
    error(response, 503, "timeout")
    assert int(response.headers["retry-after"]) > 0
    assert TIMEOUT_S * 0.75 <= seconds <= TIMEOUT_S + 4, seconds


def test_many_heavy_queries_at_once_get_503_not_a_queue(server) -> None:
    out: list = []
    threads = [
        threading.Thread(target=_timed_query, args=(server.base_url, CROSS_PRODUCT, out))
        for _ in range(10)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(out) == 10
    assert {json.loads(r.text)["type"] for r, _ in out} <= {"timeout", "overloaded"}
    assert all(r.status_code == 503 for r, _ in out)
    assert max(seconds for _, seconds in out) <= TIMEOUT_S + 6
    assert time.monotonic() - started <= TIMEOUT_S + 8
    assert server.answers(within_s=15)
