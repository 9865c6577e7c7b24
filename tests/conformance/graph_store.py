"""The SPARQL 1.1 Graph Store HTTP Protocol tests (`http-rdf-update/tests.txt`), in their order.

The W3C text addresses graphs directly (`PUT /person/1.ttl`); this service identifies them
indirectly, so each request goes to `/graph-store?graph=<that URL>` (the protocol's other form,
section 4.2), and `?default` for the default graph. Bodies, statuses and expected graphs are the
text's, where "200 OK" after a write also admits 201/204 (the protocol lets a server choose
between them). Each step depends on the ones before it, as in the text.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from .compare import compare_graphs, graph_from_ntriples
from .service import Client, Reply

__all__ = ["STEPS", "run_graph_store"]

TURTLE = "text/turtle"
ACCEPT = {"Accept": "text/turtle; charset=utf-8"}
PREFIXES = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix v: <http://www.w3.org/2006/vcard/ns#> .\n"
WRITTEN = (200, 201, 204)


def _person(host: str, name: str, extra: str = "") -> str:
    return f'{PREFIXES}<{host}/person/1> a foaf:Person;{extra}\n  foaf:businessCard [ a v:VCard; v:fn "{name}" ] .\n'


ALICE = f'{PREFIXES}[] a foaf:Person;\n  foaf:businessCard [ a v:VCard; v:given-name "Alice" ] .\n'


class _Run:
    """The state the steps share: the client, the host part of graph IRIs, the new graph's URL."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.host = client.base_url
        self.new_location: str | None = None

    def graph(self, path: str) -> list[tuple[str, str]]:
        return [("graph", f"{self.host}{path}")]

    def send(
        self,
        method: str,
        params: list[tuple[str, str]] | None,
        body: str | None = None,
        content_type: str | None = TURTLE,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = dict(headers or {})
        if body is not None and content_type:
            sent["Content-Type"] = content_type
        write = method in ("PUT", "POST", "DELETE")
        return self.client.request(
            method, "/graph-store", params, body=body, headers=sent, auth=write
        )

    def get_new(self, method: str = "GET", body: str | None = None) -> Reply:
        """A request to the URL the server returned in Location."""
        if self.new_location is None:
            raise RuntimeError("no Location from the earlier POST")
        path = self.new_location.removeprefix(self.host)
        target, _, query = path.partition("?")
        headers = {"Content-Type": TURTLE} if body is not None else ACCEPT
        return self.client.request(
            method, target, body=body, headers=headers, raw_query=query, auth=method != "GET"
        )


def _status(reply: Reply, *allowed: int) -> str:
    return (
        ""
        if reply.status in allowed
        else f"expected {'/'.join(map(str, allowed))}, got {reply.status}: {reply.body[:160]!r}"
    )


def _content(reply: Reply, expected_turtle: str, base: str) -> str:
    problem = _status(reply, 200)
    if problem:
        return problem
    if reply.media_type != TURTLE:
        return f"Content-Type {reply.media_type!r}, expected {TURTLE}"
    expected = (
        ox.serialize(
            ox.parse(expected_turtle.encode(), format=ox.RdfFormat.TURTLE, base_iri=base),
            format=ox.RdfFormat.N_TRIPLES,
        )
        or b""
    )
    actual = (
        ox.serialize(
            ox.parse(reply.body, format=ox.RdfFormat.TURTLE, base_iri=base),
            format=ox.RdfFormat.N_TRIPLES,
        )
        or b""
    )
    return compare_graphs(graph_from_ntriples(expected), graph_from_ntriples(actual)) or ""


MULTIPART = (
    '--AaB03x\r\ncontent-disposition: form-data; name="graphs"\r\n'
    "Content-type: multipart/mixed, boundary=BbC04y\r\n\r\n"
    '--BbC04y\r\nContent-disposition: attachment; filename="lastName.ttl"\r\nContent-type: text/turtle\r\n\r\n'
    '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<{host}/person/1> foaf:familyName "Doe" .\r\n'
    '--BbC04y\r\nContent-disposition: attachment; filename="firstName.ttl"\r\nContent-type: text/turtle\r\n\r\n'
    '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<{host}/person/1> foaf:givenName "Jane" .\r\n'
    "--BbC04y--\r\n--AaB03x--\r\n"
)
JANE_NAMED = ' foaf:name "Jane Doe";'
JANE_ALL = ' foaf:name "Jane Doe"; foaf:givenName "Jane"; foaf:familyName "Doe";'


def _post_new(run: _Run) -> str:
    reply = run.send("POST", None, ALICE)
    run.new_location = reply.headers.get("location")
    problem = _status(reply, 201)
    return problem or ("" if run.new_location else "201 without a Location header")


def _head(reply: Reply, status: int) -> str:
    problem = _status(reply, status)
    if problem or status != 200:
        return problem
    return (
        ""
        if reply.media_type == TURTLE
        else f"Content-Type {reply.media_type!r}, expected {TURTLE}"
    )


Step = tuple[str, Callable[[_Run], str]]
STEPS: list[Step] = [
    (
        "put-initial-state",
        lambda r: _status(
            r.send("PUT", r.graph("/person/1.ttl"), _person(r.host, "John Doe")), 201
        ),
    ),
    (
        "get-of-put-initial-state",
        lambda r: _content(
            r.send("GET", r.graph("/person/1.ttl"), headers=ACCEPT),
            _person(r.host, "John Doe"),
            r.host,
        ),
    ),
    (
        "put-graph-already-in-store",
        lambda r: _status(
            r.send("PUT", r.graph("/person/1.ttl"), _person(r.host, "Jane Doe")), *WRITTEN
        ),
    ),
    (
        "get-of-put-graph-already-in-store",
        lambda r: _content(
            r.send("GET", r.graph("/person/1.ttl"), headers=ACCEPT),
            _person(r.host, "Jane Doe"),
            r.host,
        ),
    ),
    ("put-default-graph", lambda r: _status(r.send("PUT", [("default", "")], ALICE), 201)),
    (
        "get-of-put-default-graph",
        lambda r: _content(r.send("GET", [("default", "")], headers=ACCEPT), ALICE, r.host),
    ),
    (
        "put-mismatched-payload",
        lambda r: _status(
            r.send(
                "PUT", r.graph("/person/1.ttl"), _person(r.host, "Jane Doe"), "application/rdf+xml"
            ),
            400,
        ),
    ),
    ("put-empty-graph", lambda r: _status(r.send("PUT", r.graph("/person/2.ttl"), ""), *WRITTEN)),
    (
        "get-of-put-empty-graph",
        lambda r: _content(r.send("GET", r.graph("/person/2.ttl"), headers=ACCEPT), "", r.host),
    ),
    (
        "delete-existing-graph",
        lambda r: _status(r.send("DELETE", r.graph("/person/2.ttl")), 200, 204),
    ),
    (
        "get-of-delete-existing-graph",
        lambda r: _status(r.send("GET", r.graph("/person/2.ttl")), 404),
    ),
    (
        "delete-non-existent-graph",
        lambda r: _status(r.send("DELETE", r.graph("/person/2.ttl")), 404),
    ),
    (
        "post-existing-graph",
        lambda r: _status(
            r.send(
                "POST",
                r.graph("/person/1.ttl"),
                f'@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<{r.host}/person/1> foaf:name "Jane Doe" .\n',
            ),
            200,
            204,
        ),
    ),
    (
        "get-of-post-existing-graph",
        lambda r: _content(
            r.send("GET", r.graph("/person/1.ttl"), headers=ACCEPT),
            _person(r.host, "Jane Doe", JANE_NAMED),
            r.host,
        ),
    ),
    (
        "post-multipart-form-data",
        lambda r: _status(
            r.send(
                "POST",
                r.graph("/person/1.ttl"),
                MULTIPART.format(host=r.host),
                "multipart/form-data; boundary=AaB03x",
            ),
            200,
            204,
        ),
    ),
    (
        "get-of-post-multipart-form-data",
        lambda r: _content(
            r.send("GET", r.graph("/person/1.ttl"), headers=ACCEPT),
            _person(r.host, "Jane Doe", JANE_ALL),
            r.host,
        ),
    ),
    ("post-create-new-graph", _post_new),
    ("get-of-post-create-new-graph", lambda r: _content(r.get_new(), ALICE, r.host)),
    ("post-empty-graph-to-existing-graph", lambda r: _status(r.get_new("POST", ""), 200, 204)),
    ("get-of-post-after-noop", lambda r: _content(r.get_new(), ALICE, r.host)),
    ("head-on-an-existing-graph", lambda r: _head(r.send("HEAD", r.graph("/person/1.ttl")), 200)),
    (
        "head-on-a-non-existing-graph",
        lambda r: _head(r.send("HEAD", r.graph("/person/2.ttl")), 404),
    ),
]


def run_graph_store(client: Client) -> list[tuple[str, str]]:
    """Every step in order: (name, '' when it passed, else why not)."""
    run = _Run(client)
    results = []
    for name, step in STEPS:
        try:
            results.append((name, step(run)))
        except (RuntimeError, ValueError, SyntaxError, OSError) as exc:
            results.append((name, f"{type(exc).__name__}: {exc}"))
    return results
