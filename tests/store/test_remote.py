"""`RemoteStore` specifics: bindings as VALUES, deadlines on both sides, errors, and what is never sent.

Most tests run against a real `oxigraph serve` process; a few use a small scripted HTTP server on
loopback to play servers that are not installed here (Fuseki's and Virtuoso's timeout parameters,
partial answers, slow streams, 5xx)."""

from __future__ import annotations

import io
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from testkit.live import OxigraphServer, open_backend, start_oxigraph, stop

from privacy_kg.errors import (
    ForbiddenOperation,
    Overloaded,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
)
from privacy_kg.settings import Settings
from privacy_kg.sparql.formats import DATASET_FORMATS
from privacy_kg.store import EmbeddedStore, QueryRequest, Term
from privacy_kg.store.bindings import bind_values, values_clause
from privacy_kg.store.remote import RemoteStore

from . import BULK, EX, RUNAWAY, XSD, bulk_ntriples, wait_until

SLOW_FILTER = (
    f"{{ GRAPH <{BULK}> {{ ?a ?b ?c }} GRAPH <{BULK}> {{ ?d ?e ?f }} GRAPH <{BULK}> {{ ?g ?h ?i }} "
    "FILTER(STR(?c) = CONCAT(STR(?i), STR(?f), 'x')) }"
)


def remote(server: OxigraphServer, **options) -> RemoteStore:
    return RemoteStore(server.query_url, update_url=server.update_url, store_url=server.store_url, **options)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An Oxigraph server whose own timeout (2 s) fires before the client deadlines used here."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), timeout_s=2)
    remote(server).replace_graphs({BULK: bulk_ntriples()})
    yield server
    stop(server.process)


# -- bindings as VALUES ----------------------------------------------------------------------------
IRI = (("x", Term.iri(EX + "a")),)
BLOCK = f" VALUES (?x) {{ (<{EX}a>) }} "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {" + BLOCK + " ?x ?p ?o }"),
        ("select ?x { ?x ?p ?o }", "select ?x {" + BLOCK + " ?x ?p ?o }"),
        ("ASK { ?x ?p ?o }", "ASK {" + BLOCK + " ?x ?p ?o }"),
        (
            "SELECT ?x (EXISTS { ?x ?q ?r } AS ?e) WHERE { ?x ?p ?o }",
            "SELECT ?x (EXISTS { ?x ?q ?r } AS ?e) WHERE {" + BLOCK + " ?x ?p ?o }",
        ),
        (
            "CONSTRUCT { ?x <p:q> ?o } FROM <g:1> WHERE { ?x ?p ?o }",
            "CONSTRUCT { ?x <p:q> ?o } FROM <g:1> WHERE {" + BLOCK + " ?x ?p ?o }",
        ),
        (
            "PREFIX w: <http://w/> # {\nSELECT * { ?x w:p '{' }",
            "PREFIX w: <http://w/> # {\nSELECT * {" + BLOCK + " ?x w:p '{' }",
        ),
        ("CONSTRUCT WHERE { ?x ?p ?o }", "CONSTRUCT WHERE { ?x ?p ?o }\n" + BLOCK),
        ("DESCRIBE ?x", "DESCRIBE ?x\n" + BLOCK),
        ("SELECT * { { SELECT ?x { ?x ?p ?o } } }", "SELECT * {" + BLOCK + " { SELECT ?x { ?x ?p ?o } } }"),
    ],
)
def test_bindings_open_the_outermost_where_group(text: str, expected: str) -> None:
    assert bind_values(text, IRI) == expected


def test_no_bindings_leave_the_text_alone() -> None:
    assert bind_values("SELECT * {?s ?p ?o}", ()) == "SELECT * {?s ?p ?o}"


def test_values_are_escaped_terms_on_one_line() -> None:
    block = values_clause(
        [
            ("s", Term.literal('a "quote"\nnew line \\ back } ; DROP ALL')),
            ("l", Term.literal("chat", language="fr")),
            ("n", Term.literal("5", XSD + "integer")),
        ]
    )
    assert "\n" not in block
    assert block == (
        f' VALUES (?s ?l ?n) {{ ("a \\"quote\\"\\nnew line \\\\ back }} ; DROP ALL" "chat"@fr "5"^^<{XSD}integer>) }} '
    )


@pytest.mark.parametrize(
    "binding",
    [("x", Term.iri("http://a b/")), ("x", Term.iri("no-scheme")), ("x y", Term.iri(EX)), ("x", Term("bnode", "b1"))],
)
def test_unusable_bindings_are_refused(binding: tuple[str, Term]) -> None:
    with pytest.raises(QuerySyntaxError):
        values_clause([binding])


def test_bound_variables_need_not_be_projected(server: OxigraphServer) -> None:
    """A superset of the embedded store, where pyoxigraph only substitutes projected variables."""
    request = QueryRequest(
        f"SELECT ?s WHERE {{ ?s <{EX}value> ?v }}", bindings=(("v", Term.literal("7", XSD + "integer")),)
    )
    assert f"{EX}n7".encode() in remote(server).query(request).body


# -- configuration and start ---------------------------------------------------------------------
def test_from_settings_takes_urls_and_limits() -> None:
    settings = Settings(
        backend="remote",
        remote_query_url="http://127.0.0.1:9/q",
        remote_update_url="http://127.0.0.1:9/u",
        query_timeout_s=4,
        remote_timeout_s=7,
    )
    store = RemoteStore.from_settings(settings)
    assert (store.query_url, store.update_url, store.store_url) == (
        "http://127.0.0.1:9/q",
        "http://127.0.0.1:9/u",
        None,
    )
    assert (store.timeout_s, store.request_timeout_s) == (4, 7)
    with pytest.raises(StoreError, match="REMOTE_QUERY_URL"):
        RemoteStore.from_settings(Settings(backend="remote"))
    with pytest.raises(StoreError, match="http"):
        RemoteStore("file:///etc/passwd")


def test_start_names_an_endpoint_that_does_not_answer() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}/query"):
        RemoteStore(f"http://127.0.0.1:{port}/query", request_timeout_s=3).start()
    assert time.monotonic() - started < 3


def test_start_checks_a_real_server_and_sends_it_no_timeout_parameter(server: OxigraphServer) -> None:
    store = remote(server)
    store.start()
    assert store.server_timeout is None  # Oxigraph: the limit is `oxigraph serve --timeout-s`


def test_without_an_update_endpoint_the_store_is_read_only(server: OxigraphServer) -> None:
    store = RemoteStore(server.query_url)
    with pytest.raises(StoreError, match="read-only"):
        store.update(f"INSERT DATA {{ <{EX}x> <{EX}p> 1 }}")
    assert not store.has_graph(EX + "never")


# -- deadlines and failures with a real server -----------------------------------------------------
@pytest.mark.parametrize(
    "text", [f"SELECT * WHERE {SLOW_FILTER}", f"ASK {SLOW_FILTER}", f"CONSTRUCT {{ ?a ?b ?g }} WHERE {SLOW_FILTER}"]
)
def test_the_servers_own_timeout_becomes_query_timeout(server: OxigraphServer, text: str) -> None:
    """Oxigraph stops at its --timeout-s (2 s) and answers 200 + a note (or 500): both are timeouts."""
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        remote(server, timeout_s=8).query(QueryRequest(text, format="ntriples" if "CONSTRUCT" in text else "json"))
    assert 1.5 < time.monotonic() - started < 5


def test_the_client_deadline_answers_before_the_server_gives_up(server: OxigraphServer) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="0.5 s"):
        remote(server).query(QueryRequest(RUNAWAY, timeout_s=0.5))
    assert time.monotonic() - started < 1.5


def test_the_concurrency_cap_answers_overloaded(server: OxigraphServer) -> None:
    store = remote(server, max_concurrent=1)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(store.query, QueryRequest(f"ASK {SLOW_FILTER}", timeout_s=4))
        time.sleep(0.3)
        started = time.monotonic()
        with pytest.raises(Overloaded):
            store.query(QueryRequest("ASK {}"))
        assert time.monotonic() - started < 1.5  # a short wait for a slot, then 503
        with pytest.raises(QueryTimeout):  # the server's own 2 s limit
            slow.result(10)
    assert _answers(store)


def _answers(store: RemoteStore) -> bool:
    try:
        return store.query(QueryRequest("ASK {}")).body.endswith(b"true}")
    except Overloaded:
        return False


def test_a_stopped_server_gives_store_errors_fast(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path / "oxigraph", timeout_s=5)
    store = remote(server)
    store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> <{EX}p> 1 }} }}")
    assert store.quad_count() == 1
    stop(server.process)
    started = time.monotonic()
    for call in (lambda: store.query(QueryRequest("ASK {}")), lambda: store.update("CLEAR ALL"), store.named_graphs):
        with pytest.raises(StoreError, match="cannot be reached"):
            call()
    with pytest.raises(StoreError):
        store.dump(io.BytesIO(), "nquads")
    assert time.monotonic() - started < 3


# -- what is never sent ---------------------------------------------------------------------------
@pytest.fixture()
def listener() -> Iterator[tuple[str, list]]:
    """A TCP port that records every connection made to it."""
    accepted: list = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.1)
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", accepted
    done.set()
    thread.join(2)
    sock.close()


def test_service_load_and_bad_bindings_never_leave_the_process(listener: tuple[str, list]) -> None:
    url, accepted = listener
    store = RemoteStore(url + "/query", update_url=url + "/update")
    with pytest.raises(ForbiddenOperation):
        store.query(QueryRequest("SELECT * WHERE { SERVICE <http://127.0.0.2:9/> { ?s ?p ?o } }"))
    with pytest.raises(ForbiddenOperation):
        store.query(QueryRequest("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.2:9/> { ?s ?p ?o } }"))
    with pytest.raises(ForbiddenOperation):
        store.update("LOAD <http://127.0.0.2:9/data.ttl>")
    with pytest.raises(ForbiddenOperation):
        store.replace_graphs({EX + "g": b"} } ; LOAD <http://127.0.0.2:9/x> ; INSERT DATA { GRAPH <http://e/g> {"})
    with pytest.raises(QuerySyntaxError):
        store.query(QueryRequest("SELECT ?x { ?x ?p ?o }", bindings=(("x", Term("bnode", "b")),)))
    time.sleep(0.2)
    assert accepted == []


# -- servers that are not installed here, played by a scripted HTTP server -------------------------
class Script(BaseHTTPRequestHandler):
    """Answers by `self.server.script(path, params) -> (status, headers, body chunks, delay between)`."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        params = urllib.parse.parse_qs(self.rfile.read(length).decode())
        params.update(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))
        self.server.seen.append((self.path, dict(self.headers), params))  # type: ignore[attr-defined]
        status, headers, chunks, delay = self.server.script(self.path, params)  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def version_string(self) -> str:
        return self.server.server_name_header  # type: ignore[attr-defined]

    def log_message(self, *args: object) -> None:
        pass


def scripted(server_header: str, script: Callable) -> ThreadingHTTPServer:
    http = ThreadingHTTPServer(("127.0.0.1", 0), Script)
    http.daemon_threads = True
    http.seen, http.script, http.server_name_header = [], script, server_header  # type: ignore[attr-defined]
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return http


TSV_HEADERS = {"Content-Type": "text/tab-separated-values; charset=utf-8"}
ASK_TRUE = (200, {"Content-Type": "application/sparql-results+json"}, [b'{"head":{},"boolean":true}'], 0)


@pytest.mark.parametrize(
    ("header", "expected"), [("Apache Jena Fuseki (5.1.0)", "2.5"), ("Virtuoso/07.20.3239 (Linux)", "2500")]
)
def test_fuseki_and_virtuoso_get_their_timeout_parameter(header: str, expected: str) -> None:
    http = scripted(
        header,
        lambda path, params: (
            ASK_TRUE if "ASK" in params["query"][0] else (200, TSV_HEADERS, [b"?s\n<http://e/x>\n"], 0)
        ),
    )
    try:
        store = RemoteStore(f"http://127.0.0.1:{http.server_port}/sparql", timeout_s=2.5)
        store.start()
        rendered = store.query(
            QueryRequest("SELECT ?s { ?s ?p ?o }", default_graphs=("http://e/g1",), named_graphs=("http://e/g2",))
        )
        assert rendered.rows == 1
        _, headers, params = http.seen[-1]
        assert params["timeout"] == [expected]
        assert (params["default-graph-uri"], params["named-graph-uri"]) == (["http://e/g1"], ["http://e/g2"])
        assert headers["Accept"] == "text/tab-separated-values" and "format" not in params and "output" not in params
    finally:
        http.shutdown()


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        ((206, TSV_HEADERS, [b"?n\n1\n"], 0), QueryTimeout, "partial"),
        ((200, {**TSV_HEADERS, "X-SQL-State": "S1TAT"}, [b"?n\n1\n"], 0), QueryTimeout, "partial"),
        ((503, {"Content-Type": "text/plain"}, [b"Query timed out"], 0), QueryTimeout, "timed out"),
        ((503, {"Content-Type": "text/plain"}, [b"Service Unavailable"], 0), StoreError, "503"),
        ((500, {"Content-Type": "text/plain"}, [b"disk on fire"], 0), StoreError, "disk on fire"),
        (
            (400, {"Content-Type": "text/plain"}, [b"Parse error: line 1, column 9"], 0),
            QuerySyntaxError,
            "line 1, column 9",
        ),
        ((200, {"Content-Type": "text/html"}, [b"<html>hello</html>"], 0), Exception, "could not be read"),
    ],
)
def test_server_answers_map_to_errors(answer: tuple, error: type[Exception], message: str) -> None:
    http = scripted("Test/1", lambda path, params: answer)
    try:
        with pytest.raises(error, match=message):
            RemoteStore(f"http://127.0.0.1:{http.server_port}/sparql").query(QueryRequest("SELECT ?n { ?s ?p ?n }"))
    finally:
        http.shutdown()


def test_a_trickling_answer_is_abandoned_at_the_deadline_and_frees_its_slot() -> None:
    rows = [b"?n\n"] + [b"%d\n" % i for i in range(100)]
    http = scripted(
        "Test/1", lambda path, params: ASK_TRUE if "ASK" in params["query"][0] else (200, TSV_HEADERS, rows, 0.1)
    )
    try:
        store = RemoteStore(f"http://127.0.0.1:{http.server_port}/sparql", max_concurrent=1)
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            store.query(QueryRequest("SELECT ?n { ?s ?p ?n }", timeout_s=1))
        assert time.monotonic() - started < 2.0
        wait_until(lambda: _answers(store), timeout=3)  # the abandoned download stopped at its next chunk
    finally:
        http.shutdown()


def test_answers_in_other_formats_than_asked_are_converted() -> None:
    json_rows = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://e/x"}}]}}'
    turtle = b"<http://e/x> <http://e/p> 'v' ."

    def script(path: str, params: dict) -> tuple:
        if params["query"][0].startswith("SELECT"):
            return 200, {"Content-Type": "application/sparql-results+json"}, [json_rows], 0
        return 200, {"Content-Type": "text/turtle"}, [turtle], 0

    http = scripted("Test/1", script)
    try:
        store = RemoteStore(f"http://127.0.0.1:{http.server_port}/sparql")
        assert store.query(QueryRequest("SELECT ?s {?s ?p ?o}", format="tsv")).body == b"?s\n<http://e/x>\n"
        assert (
            store.query(QueryRequest("CONSTRUCT WHERE {?s ?p ?o}", format="ntriples")).body
            == b'<http://e/x> <http://e/p> "v" .\n'
        )
    finally:
        http.shutdown()


# -- without the Graph Store Protocol, and seeded like the service ---------------------------------
def test_dump_and_graphs_without_graph_store_protocol(server: OxigraphServer) -> None:
    with_gsp, without = remote(server), RemoteStore(server.query_url, update_url=server.update_url)
    assert without.graph_ntriples(BULK) == with_gsp.graph_ntriples(BULK) and without.graph_ntriples(EX + "none") == b""
    for fmt in ("nquads", "trig", "jsonld"):
        dumps = []
        for store in (with_gsp, without):
            output = io.BytesIO()
            store.dump(output, fmt)
            dumps.append({str(q) for q in ox.parse(output.getvalue(), format=DATASET_FORMATS[fmt].rdf_format)})
        assert dumps[0] == dumps[1] and len(dumps[0]) == without.quad_count()


def test_a_seeded_remote_store_holds_the_same_graph_as_the_embedded_seed(seed_store_dir: Path, tmp_path: Path) -> None:
    store, _, cleanups = open_backend("remote", seed_store_dir, tmp_path, query_timeout_s=10)
    embedded = EmbeddedStore(seed_store_dir, read_only=True)
    try:
        assert store.named_graphs() == embedded.named_graphs() and store.quad_count() == embedded.quad_count() > 0
        for graph in embedded.named_graphs():
            assert sorted(store.graph_ntriples(graph).splitlines()) == sorted(
                embedded.graph_ntriples(graph).splitlines()
            )
    finally:
        embedded.close()
        for cleanup in cleanups:
            cleanup()
