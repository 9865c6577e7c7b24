"""The remote store: any SPARQL 1.1 Protocol server (Oxigraph, Fuseki, GraphDB, Virtuoso, Neptune).

Queries and updates go through SPARQLWrapper, Graph Store Protocol reads through urllib. Answers are
fetched as TSV (SELECT), N-Triples (CONSTRUCT/DESCRIBE) or SPARQL JSON (ASK) and rendered by the
same functions as the embedded store, so both backends answer byte for byte alike; the download
stops once the row cap is passed.

Deadlines: a client cannot cancel a remote query (RDFLib/sparqlwrapper#246), so two clocks run. The
server's own limit: Oxigraph has none per request (start it with `oxigraph serve --timeout-s N`);
Fuseki takes `timeout=` in seconds (with `fuseki:allowTimeoutOverride`), Virtuoso `timeout=` in
milliseconds; `start()` recognises them by their `Server` header. And a client deadline, the query
timeout plus `CLIENT_MARGIN_S`, after which the caller gets `QueryTimeout`; the exchange is abandoned
in the background and keeps its concurrency slot until its socket times out or its next chunk comes.

The default graph must be the union of all graphs (Oxigraph `--union-default-graph`, Fuseki
`unionDefaultGraph`); `start()` warns when it is not. Quads in the server's real default graph are
outside what `quad_count`, `dump` (without Graph Store Protocol) and emulated datasets see.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from http.client import HTTPResponse
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from ..errors import (
    InputError,
    Overloaded,
    PrivacyKGError,
    QueryTimeout,
    StoreError,
)
from ..settings import Settings
from ..sparql import formats
from ..sparql.errors import MalformedResults
from ..sparql.guard import check_query, check_update
from ..sparql.results import Rendered
from .base import QueryRequest, Term
from .bindings import bind_values
from .embedded import replace_graphs_update
from .remote_answers import (
    Answer,
    as_ntriples,
    as_tsv,
    failure,
    parse_results,
    render_answer,
    row_counter,
    solutions,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

CLIENT_MARGIN_S = 0.5  # lets a server that stops at the same limit answer first
NO_LIMIT = sys.maxsize  # text lengths are capped by the callers (the API), not here
CHUNK = 64 * 1024
ACCEPT = {
    "SELECT": "text/tab-separated-values",
    "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.9",
    "CONSTRUCT": "application/n-triples, text/plain;q=0.5",
    "DESCRIBE": "application/n-triples, text/plain;q=0.5",
    "INSERT": "*/*",  # any update
}
# Servers with a per-request timeout parameter: (word in the Server header, parameter, units/second).
SERVER_TIMEOUTS = (("fuseki", "timeout", 1), ("virtuoso", "timeout", 1000))
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_TSV, _NT = ox.QueryResultsFormat.TSV, ox.RdfFormat.N_TRIPLES
_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"


# -- the store -----------------------------------------------------------------------------------


class RemoteStore:
    """The `Store` contract over the SPARQL 1.1 Protocol (and the Graph Store Protocol if offered)."""

    name = "remote"

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout_s: float = 10.0,
        request_timeout_s: float = 30.0,
        max_concurrent: int = 8,
        server_timeout: tuple[str, int] | None = None,
    ) -> None:
        """`timeout_s` bounds queries, `request_timeout_s` updates, dumps and bookkeeping reads;
        `server_timeout` is (parameter, units per second), detected by `start()` when not given."""
        for url in (query_url, update_url, store_url):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"remote store URLs must be http(s) URLs, got {url!r}")
        self.query_url, self.update_url, self.store_url = query_url, update_url, store_url
        self.timeout_s = timeout_s
        self.request_timeout_s = request_timeout_s
        self.server_timeout = server_timeout
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._opener = urllib.request.build_opener(_NoRedirect)  # Graph Store reads go nowhere else

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        if not settings.remote_query_url:
            raise StoreError("the remote backend needs PRIVACY_KG_REMOTE_QUERY_URL (its query endpoint)")
        return cls(
            settings.remote_query_url,
            update_url=settings.remote_update_url,
            store_url=settings.remote_store_url,
            timeout_s=settings.query_timeout_s,
            request_timeout_s=settings.remote_timeout_s,
            max_concurrent=settings.max_concurrent_queries,
        )

    def start(self) -> None:
        """Check the endpoint answers `ASK {}`; learn its timeout parameter; check the union graph."""
        url = self.query_url
        try:
            answer = self._exchange("ASK {}", "ASK", [], self.request_timeout_s)
        except PrivacyKGError as exc:
            raise StoreError(f"the SPARQL endpoint {url} does not answer ASK {{}}: {exc.message}") from None
        if self.server_timeout is None:
            server = answer.server.lower()
            self.server_timeout = next(((p, s) for w, p, s in SERVER_TIMEOUTS if w in server), None)
        if self._ask("ASK { GRAPH ?g { ?s ?p ?o } }") and not self._ask("ASK { ?s ?p ?o }"):
            log.warning(
                "the default graph of %s is not the union of its graphs: start the server "
                "with --union-default-graph (Oxigraph) or unionDefaultGraph (Fuseki)",
                url,
            )

    # -- reads -----------------------------------------------------------------------------------
    def query(self, request: QueryRequest) -> Rendered:
        form = check_query(request.text, max_length=NO_LIMIT).form  # lexical errors; no SERVICE
        table = formats.GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else formats.RESULT_FORMATS
        try:
            fmt = table[request.format]
        except KeyError:
            raise InputError(f"format {request.format!r} does not fit a {form} query") from None
        text = bind_values(request.text, request.bindings)
        params = self._dataset_params(request)
        timeout = request.timeout_s or self.timeout_s

        def work(cancelled: threading.Event) -> Rendered:
            answer = self._exchange(text, form, params, timeout, request.cap, cancelled)
            return render_answer(answer, form, fmt, request.cap)

        return self._run(work, timeout)

    def graph_ntriples(self, graph: str | None) -> bytes:
        """One graph; None is the server's real default graph, readable only through the Graph Store
        Protocol (SPARQL cannot name it on a union-default server)."""
        if self.store_url:
            response = self._gsp_get({"graph": graph} if graph else {"default": ""}, "application/n-triples")
            if response is None:
                return b""
            with response:
                return as_ntriples(response.read(), response.headers.get("Content-Type", ""))
        if graph is None:
            raise StoreError(
                "the remote store's own default graph cannot be read without a Graph Store endpoint "
                "(set remote_store_url); its SPARQL default graph is the union of all graphs"
            )
        return self._internal(bind_values(_GRAPH_TRIPLES, [("graph", Term.iri(graph))]), "CONSTRUCT").body

    def dump(self, output: BinaryIO, format: str) -> None:
        """The whole dataset: a Graph Store GET where offered, else every named graph by SELECT."""
        target = formats.DATASET_FORMATS[format].rdf_format
        response = self._gsp_get({}, "application/n-quads, application/trig;q=0.9") if self.store_url else None
        source = ox.RdfFormat.from_media_type(response.headers.get("Content-Type", "")) if response else None
        try:
            if response is not None and source is not None and source.supports_datasets:
                if source == target:
                    shutil.copyfileobj(response, output)
                else:
                    ox.serialize(ox.parse(response, format=source), output, format=target)
                return
            if response is not None:
                response.close()
            response = self._post(_ALL_QUADS, "SELECT", [], self.request_timeout_s, "dump")
            quads = (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in solutions(response))
            ox.serialize(quads, output, format=target)
        except SyntaxError as exc:
            raise MalformedResults(f"the dump from the SPARQL server could not be read: {exc}") from None
        finally:
            if response is not None:
                response.close()

    def named_graphs(self) -> list[str]:
        rows = self._rows("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")  # empty graphs too
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._ask(bind_values("ASK { GRAPH ?graph { ?s ?p ?o } }", [("graph", Term.iri(graph))]))

    def quad_count(self) -> int:
        rows = self._rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value)

    # -- writes ----------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        """One request, which the server applies atomically. LOAD and SERVICE are never sent."""
        if not text.strip():
            return
        if not self.update_url:
            raise StoreError("no update endpoint is configured (PRIVACY_KG_REMOTE_UPDATE_URL): read-only")
        check_update(text, max_length=NO_LIMIT)
        with self._post(text, "INSERT", [], self.request_timeout_s, "update") as response:
            response.read()

    def replace_graphs(self, graphs: Mapping[str, bytes], drop: Iterable[str] = ()) -> None:
        self.update(replace_graphs_update(graphs, drop))

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""

    # -- machinery -------------------------------------------------------------------------------
    def _run(self, work: Callable[[threading.Event], T], timeout: float) -> T:
        """Run `work` in a thread that holds a concurrency slot; the caller waits until the deadline."""
        if not self._slots.acquire(timeout=min(timeout, 1.0)):
            raise Overloaded("too many queries are running on the remote store; retry in a moment")
        future: Future[T] = Future()
        cancelled = threading.Event()

        def target() -> None:
            try:
                future.set_result(work(cancelled))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)
            finally:
                self._slots.release()

        try:
            threading.Thread(target=target, name="remote-query", daemon=True).start()
        except BaseException:
            self._slots.release()
            raise
        try:
            return future.result(timeout + CLIENT_MARGIN_S)
        except FutureTimeout:
            cancelled.set()
            raise QueryTimeout(
                f"the query ran past the {timeout:g} s limit and was abandoned; narrow it or add a LIMIT"
            ) from None

    def _post(
        self, text: str, form: str, params: list[tuple[str, str]], timeout: float, operation: str
    ) -> HTTPResponse:
        """Send a query (form-encoded) or an update (as the body) by POST; errors become ours.

        For queries `timeout` is the limit; the socket waits a little longer, so the caller's
        deadline (`_run`) always comes first and a late answer only frees the slot."""
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url)
        wrapper.queryString = text
        wrapper.queryType = form  # SPARQLWrapper would guess it with a regex; the lexer knows
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY if form == "INSERT" else URLENCODED)
        wrapper.setOnlyConneg(True)  # no format/output/results parameters
        for name, value in params:
            wrapper.addParameter(name, value)
        wrapper.addCustomHttpHeader("Accept", ACCEPT[form])
        socket_timeout = timeout if form == "INSERT" else timeout + 2 * CLIENT_MARGIN_S
        wrapper.timeout = socket_timeout  # type: ignore[assignment]  # setTimeout() rounds to whole seconds
        try:
            return wrapper.query().response
        except Exception as exc:  # noqa: BLE001 - mapped to the package's errors
            url = self.update_url if form == "INSERT" else self.query_url
            raise failure(exc, url or "", operation, timeout) from None

    def _exchange(
        self,
        text: str,
        form: str,
        params: list[tuple[str, str]],
        timeout: float,
        cap: int = NO_LIMIT,
        cancelled: threading.Event | None = None,
    ) -> Answer:
        """POST a query and read the answer, stopping past `cap` rows or once the caller gave up."""
        if self.server_timeout:
            name, scale = self.server_timeout
            value = f"{timeout:g}" if scale == 1 else str(round(timeout * scale))
            params = [*params, (name, value)]
        with self._post(text, form, params, timeout, "query") as response:
            if response.status == 206 or "S1TAT" in (response.headers.get("X-SQL-State") or ""):
                raise QueryTimeout("the SPARQL server stopped the query at its time limit (partial answer)")
            content_type, server = (
                response.headers.get("Content-Type", ""),
                response.headers.get("Server", ""),
            )
            enough = row_counter(content_type, cap)
            body = bytearray()
            try:
                while not (cancelled and cancelled.is_set()):
                    chunk = response.read1(CHUNK)
                    body += chunk
                    if not chunk or enough(chunk, body):
                        return Answer(content_type, server, bytes(body), not chunk)
            except Exception as exc:  # noqa: BLE001 - mapped to the package's errors
                raise failure(exc, self.query_url, "query", timeout) from None
            raise QueryTimeout("abandoned")  # nobody waits for this answer any more

    def _dataset_params(self, request: QueryRequest) -> list[tuple[str, str]]:
        """Dataset IRIs as protocol parameters. As in the embedded store, naming graphs of one kind
        only leaves the other kind at every graph (the protocol would leave it empty)."""
        default, named = request.default_graphs, request.named_graphs
        if not default and not named:
            return []
        every = tuple(self.named_graphs()) if not (default and named) else ()
        return [("default-graph-uri", g) for g in default or every] + [("named-graph-uri", g) for g in named or every]

    def _internal(self, text: str, form: str) -> Answer:
        timeout = self.request_timeout_s
        return self._run(lambda c: self._exchange(text, form, [], timeout, NO_LIMIT, c), timeout)

    def _rows(self, text: str) -> list[ox.QuerySolution]:
        answer = self._internal(text, "SELECT")
        return list(solutions(as_tsv(answer.body, answer.content_type)))

    def _ask(self, text: str) -> bool:
        answer = self._internal(text, "ASK")
        return bool(parse_results(answer.body, answer.content_type))

    def _gsp_get(self, target: dict[str, str], accept: str) -> HTTPResponse | None:
        """A Graph Store GET; None for a missing graph or a request the server does not offer."""
        url = self.store_url or ""
        if target:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(target)
        try:
            request = urllib.request.Request(url, headers={"Accept": accept})
            return self._opener.open(request, timeout=self.request_timeout_s)
        except urllib.error.HTTPError as exc:
            if exc.code in (400, 404, 405, 406, 415, 501):
                return None
            raise failure(exc, url, "Graph Store request", self.request_timeout_s) from None
        except Exception as exc:  # noqa: BLE001
            raise failure(exc, url, "Graph Store request", self.request_timeout_s) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
