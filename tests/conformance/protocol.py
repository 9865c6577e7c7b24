"""The SPARQL 1.1 Protocol tests (`protocol/manifest.ttl`); the service description's are in
`service_description.py`.

The rdflib copy of the protocol manifest names the 34 tests but not their requests; those are the
W3C protocol test suite's (the requests of the SPARQL 1.1 protocol validator), written here as
data with the same checks. Differences from the W3C text, forced by this service's design:
the path is our endpoint (`/sparql`), and update requests carry the bearer token (writes need
one here; without it every update would be refused with 401 and the test would say nothing).
The datasets `data1.rdf`..`data3.rdf` are small graphs of our own, loaded under those IRIs.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pyoxigraph as ox

from .reply_checks import (
    BOOLEAN_TYPES,
    RDF_TYPES,
    TABULAR_TYPES,
    Check,
    expect_boolean,
    expect_client_error,
    expect_success,
    expect_type,
)
from .service import Client, Reply

__all__ = ["DEFECT", "ENGINE", "PROTOCOL", "load_data"]

KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = {f"{KASEI}data{n}.rdf": n for n in (1, 2, 3)}
FOAF = "http://xmlns.com/foaf/0.1/"
DC = "http://purl.org/dc/terms/"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
PREFIXES = f"PREFIX dc: <{DC}>\nPREFIX foaf: <{FOAF}>\n"
INSERT_THREE = (
    "DROP ALL ;\nINSERT DATA {\n"
    + "".join(f"  GRAPH <{g}> {{ <{g}> a foaf:Document }}\n" for g in DATA)
    + "} ;\n"
)


def _q(value: str) -> str:
    return quote(value, safe="")


def _dataset(name: str, *graphs: str) -> str:
    return "&".join(f"{name}={_q(g)}" for g in graphs)


def load_data(client: Client) -> None:
    """data1..3 as named graphs (nothing else): what the dataset tests query."""
    reply = _post(client, "", PREFIXES + INSERT_THREE, UPDATE, auth=True)
    if reply.status >= 300:
        raise RuntimeError(f"loading the protocol data failed: {reply.status} {reply.body[:200]!r}")


def _post(
    client: Client,
    raw_query: str,
    body: bytes | str,
    content_type: str | None,
    *,
    auth: bool = False,
) -> Reply:
    headers = {"Content-Type": content_type} if content_type else {}
    return client.request(
        "POST", "/sparql", body=body, headers=headers, raw_query=raw_query, auth=auth
    )


def _get(client: Client, raw_query: str) -> Reply:
    return client.request("GET", "/sparql", raw_query=raw_query)


def _then_ask(client: Client, first: Reply, ask: str) -> str:
    return expect_success(first) or expect_boolean(_post(client, "", ask, QUERY))


# -- the requests -----------------------------------------------------------------------------
D0 = _dataset("default-graph-uri", f"{KASEI}data0.rdf")
D1, D2, D3 = (f"{KASEI}data{n}.rdf" for n in (1, 2, 3))
ASK_TWO_DEFAULT = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
ASK_TWO_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
ASK_FULL = f"ASK {{\n  <{D3}> a ?type\n  GRAPH ?g1 {{ <{D1}> a ?type }}\n  GRAPH ?g2 {{ <{D2}> a ?type }}\n}}"
# As written in the W3C manifest: the '&' between the two named-graph-uri values is percent-encoded,
# so the request names ONE graph whose IRI contains "&named-graph-uri=".
MULTIPLE = "named-graph-uri=" + _q(f"{D1}&named-graph-uri={D2}")
ASK_FROM = f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
BIB = "a <http://purl.org/dc/terms/BibliographicResource>"
DEFECT = "test defect: "
ENGINE = "engine deviation: "


def _multiple_dataset(client: Client) -> str:
    """The request as written, then (when it fails) as meant: two named-graph-uri parameters."""
    problem = expect_boolean(_post(client, MULTIPLE, ASK_FROM, QUERY))
    if not problem:
        return ""
    meant = expect_boolean(_post(client, _dataset("named-graph-uri", D1, D2), ASK_FROM, QUERY))
    if meant:
        return problem
    return (
        f"{DEFECT}the request names one graph, <{D1}&named-graph-uri={D2}> ({problem}); "
        "sent as meant, with two named-graph-uri parameters, it answers true"
    )


def _update_then(graph: str, where: str, present: tuple[str, ...], absent: str) -> tuple[str, str]:
    """An update filling `graph` from `where`, and the ASK that checks it did it right."""
    update = (
        f"{PREFIXES}{INSERT_THREE}INSERT {{\n  GRAPH <{graph}> {{ ?s a dc:BibliographicResource }}\n}}\n"
        f"WHERE {{\n  {where}\n}}"
    )
    found = "".join(f"    <{g}> {BIB} .\n" for g in present)
    not_found = (
        f"  FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{absent}> {BIB} }} }}\n" if absent else ""
    )
    return update, f"ASK {{\n  GRAPH <{graph}> {{\n{found}  }}\n{not_found}}}"


def _update_dataset(raw_query: str, graph: str, where: str, present: tuple[str, ...], absent: str):
    update, ask = _update_then(graph, where, present, absent)
    return lambda c: _then_ask(c, _post(c, raw_query, update, UPDATE, auth=True), ask)


_T = "http://example.org/protocol-update-dataset"
FULL_UPDATE = (
    f"{PREFIXES}{INSERT_THREE}INSERT {{\n  GRAPH <{_T}-full-test/> {{ ?s <http://example.org/in> ?in }}\n}}\n"
    "WHERE {\n  { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }\n  UNION\n"
    '  { ?s a foaf:Document . BIND("default" AS ?in) }\n}'
)
FULL_ASK = (
    f'ASK {{\n  GRAPH <{_T}-full-test/> {{\n    <{D1}> <http://example.org/in> "default" .\n'
    f"    <{D2}> <http://example.org/in> <{D2}> .\n  }}\n"
    f"  FILTER NOT EXISTS {{ GRAPH <{_T}-full-test/> {{ <{D3}> ?p ?o }} }}\n}}"
)
BASE_TEST = "http://example.org/protocol-base-test/"


def _base_uri(client: Client) -> str:
    clear = f"CLEAR GRAPH <{BASE_TEST}>"
    insert = f"INSERT DATA {{ GRAPH <{BASE_TEST}> {{ <http://example.org/s> <http://example.org/p> <test> }} }}"
    problem = expect_success(_post(client, "", f"{clear} ;\n{insert}", UPDATE, auth=True))
    engine = ""
    if problem:
        try:  # the engine's own answer to the same update, on an empty store like ours
            ox.Store().update(clear, base_iri="http://example.org/")
            return problem
        except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
            engine = f"{ENGINE}pyoxigraph refuses {clear!r} too ({exc}); without it, "
        problem = expect_success(_post(client, "", insert, UPDATE, auth=True))
        if problem:
            return problem
    query = f"SELECT ?o WHERE {{ GRAPH <{BASE_TEST}> {{ <http://example.org/s> <http://example.org/p> ?o }} }}"
    reply = _post(client, "", query, QUERY)
    problem = expect_type(reply, TABULAR_TYPES)
    if problem:
        return problem
    if reply.media_type != "application/sparql-results+json":
        return "expected JSON results by default"
    rows = json.loads(reply.body)["results"]["bindings"]
    if len(rows) != 1 or rows[0]["o"]["type"] != "uri" or rows[0]["o"]["value"] == "test":
        return f"expected one absolute IRI, got {rows}"
    return f"{engine}<test> resolves to <{rows[0]['o']['value']}>" if engine else ""


UTF16_ASK = "ASK {}".encode("utf-16")
UTF16_CLEAR = "CLEAR NAMED".encode("utf-16")
CONFLICT = (
    f"PREFIX foaf: <{FOAF}>\nWITH <http://example/addresses>\nDELETE {{ ?person foaf:givenName 'Bill' }}\n"
    "INSERT { ?person foaf:givenName 'William' }\nWHERE {\n  ?person foaf:givenName 'Bill'\n}"
)

PROTOCOL: dict[str, Check] = {
    c.name: c
    for c in [
        Check(
            "query_post_form", lambda c: expect_boolean(_post(c, D0, "query=ASK%20%7B%7D", FORM))
        ),
        Check(
            "query_dataset_default_graphs_get",
            lambda c: expect_boolean(
                _get(c, f"query={_q(ASK_TWO_DEFAULT)}&{_dataset('default-graph-uri', D1, D2)}")
            ),
            True,
        ),
        Check(
            "query_dataset_default_graphs_post",
            lambda c: expect_boolean(
                _post(c, _dataset("default-graph-uri", D1, D2), ASK_TWO_DEFAULT, QUERY)
            ),
            True,
        ),
        Check(
            "query_dataset_named_graphs_post",
            lambda c: expect_boolean(
                _post(c, _dataset("named-graph-uri", D1, D2), ASK_TWO_NAMED, QUERY)
            ),
            True,
        ),
        Check(
            "query_dataset_named_graphs_get",
            lambda c: expect_boolean(
                _get(c, f"query={_q(ASK_TWO_NAMED)}&{_dataset('named-graph-uri', D1, D2)}")
            ),
            True,
        ),
        Check(
            "query_dataset_full",
            lambda c: expect_boolean(
                _post(
                    c,
                    f"{_dataset('default-graph-uri', D3)}&{_dataset('named-graph-uri', D1, D2)}",
                    ASK_FULL,
                    QUERY,
                )
            ),
            True,
        ),
        Check("query_multiple_dataset", lambda c: _multiple_dataset(c), True),
        Check("query_get", lambda c: expect_boolean(_get(c, f"query=ASK%20%7B%7D&{D0}"))),
        Check(
            "query_content_type_select",
            lambda c: expect_type(_post(c, D0, "SELECT (1 AS ?value) {}", QUERY), TABULAR_TYPES),
        ),
        Check(
            "query_content_type_ask",
            lambda c: expect_type(_post(c, D0, "ASK {}", QUERY), BOOLEAN_TYPES),
        ),
        Check(
            "query_content_type_describe",
            lambda c: expect_type(_post(c, D0, "DESCRIBE <http://example.org/>", QUERY), RDF_TYPES),
        ),
        Check(
            "query_content_type_construct",
            lambda c: expect_type(
                _post(c, D0, "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY), RDF_TYPES
            ),
        ),
        Check(
            "update_dataset_default_graph",
            _update_dataset(
                _dataset("using-graph-uri", D1), f"{_T}-test/", "?s a foaf:Document", (D1,), ""
            ),
        ),
        Check(
            "update_dataset_default_graphs",
            _update_dataset(
                _dataset("using-graph-uri", D1, D2),
                f"{_T}-graphs-test/",
                "?s a foaf:Document",
                (D1, D2),
                D3,
            ),
        ),
        Check(
            "update_dataset_named_graphs",
            _update_dataset(
                _dataset("using-named-graph-uri", D1, D2),
                f"{_T}-named-graphs-test/",
                "GRAPH ?g { ?s a foaf:Document }",
                (D1, D2),
                D3,
            ),
        ),
        Check(
            "update_dataset_full",
            lambda c: _then_ask(
                c,
                _post(
                    c,
                    f"{_dataset('using-graph-uri', D1)}&{_dataset('using-named-graph-uri', D2)}",
                    FULL_UPDATE,
                    UPDATE,
                    auth=True,
                ),
                FULL_ASK,
            ),
        ),
        Check(
            "update_post_form",
            lambda c: expect_success(_post(c, "", "update=CLEAR+ALL", FORM, auth=True)),
        ),
        Check(
            "update_post_direct",
            lambda c: expect_success(_post(c, "", "CLEAR ALL", UPDATE, auth=True)),
        ),
        Check("update_base_uri", _base_uri),
        Check("query_post_direct", lambda c: expect_boolean(_post(c, "", "ASK {}", QUERY))),
        Check(
            "bad_query_method",
            lambda c: expect_client_error(
                c.request(
                    "PUT",
                    "/sparql",
                    raw_query=f"query=ASK%20%7B%7D&{D0}",
                    body=b"",
                    headers={"Content-Type": FORM},
                )
            ),
        ),
        Check(
            "bad_multiple_queries",
            lambda c: expect_client_error(
                _get(c, "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
            ),
        ),
        Check(
            "bad_query_wrong_media_type",
            lambda c: expect_client_error(_post(c, "", "ASK {}", "text/plain")),
        ),
        Check(
            "bad_query_missing_form_type",
            lambda c: expect_client_error(_post(c, "", "query=ASK%20%7B%7D", None)),
        ),
        Check(
            "bad_query_missing_direct_type",
            lambda c: expect_client_error(_post(c, "", "ASK {}", None)),
        ),
        Check(
            "bad_query_non_utf8",
            lambda c: expect_client_error(_post(c, "", UTF16_ASK, f"{QUERY}; charset=UTF-16")),
        ),
        Check("bad_query_syntax", lambda c: expect_client_error(_get(c, "query=ASK%20%7B"))),
        Check(
            "bad_update_get",
            lambda c: expect_client_error(
                c.request("GET", "/sparql", raw_query="update=CLEAR%20ALL", auth=True)
            ),
        ),
        Check(
            "bad_multiple_updates",
            lambda c: expect_client_error(
                _post(c, "", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, auth=True)
            ),
        ),
        Check(
            "bad_update_wrong_media_type",
            lambda c: expect_client_error(_post(c, "", "CLEAR NAMED", "text/plain", auth=True)),
        ),
        Check(
            "bad_update_missing_form_type",
            lambda c: expect_client_error(_post(c, "", "update=CLEAR%20NAMED", None, auth=True)),
        ),
        Check(
            "bad_update_non_utf8",
            lambda c: expect_client_error(
                _post(c, "", UTF16_CLEAR, f"{UPDATE}; charset=UTF-16", auth=True)
            ),
        ),
        Check(
            "bad_update_syntax",
            lambda c: expect_client_error(_post(c, "", "update=CLEAR%20XYZ", FORM, auth=True)),
        ),
        Check(
            "bad_update_dataset_conflict",
            lambda c: expect_client_error(
                _post(
                    c,
                    _dataset("using-named-graph-uri", "http://example/people"),
                    CONFLICT,
                    UPDATE,
                    auth=True,
                )
            ),
        ),
    ]
}
