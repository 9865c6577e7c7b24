"""SPARQL 1.1 Update at /sparql: the bearer token, SHACL validation of the result, all or nothing.

A private service per backend (not the shared `service`), since these tests write. Each test uses
its own graph or restores what it changed, and checks the store itself, not only the status.
"""

from __future__ import annotations

import httpx
import pytest
from testkit.live import WRITE_TOKEN, ServerThread, client_fixture, free_port, service_fixture

PKG = "https://w3id.org/privacy-kg/ontology#"
PKR = "https://w3id.org/privacy-kg/id/"
ORDER = f"{PKR}legal-action/ppc-facebook-protection-order-2018"
ARTICLE_GRAPH = "https://w3id.org/privacy-kg/graph/article/2018-10-22-japantimes-facebook-ppc-order"
ENTITIES = "https://w3id.org/privacy-kg/graph/entities"
PPC = f"{PKR}actor/ppc"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SCRATCH = "https://example.org/test/update/"


writable = service_fixture("update")
http = client_fixture("writable", timeout=60, scope="function")


def ask(http: httpx.Client, pattern: str) -> bool:
    response = http.get("/sparql", params={"query": f"ASK {{ {pattern} }}"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def order_date(http: httpx.Client) -> list[str]:
    query = f"SELECT ?d WHERE {{ <{ORDER}> <{PKG}date> ?d }}"
    return [
        b["d"]["value"]
        for b in http.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    ]


def insert_label(graph: str, subject: str, label: str) -> str:
    return f'INSERT DATA {{ GRAPH <{graph}> {{ <{subject}> <{LABEL}> "{label}"@en }} }}'


# -- the token ------------------------------------------------------------------------------
def test_update_without_a_token_is_401_and_changes_nothing(http):
    update = insert_label(SCRATCH + "g401", SCRATCH + "s", "no token")
    response = http.post("/sparql", data={"update": update})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["type"] == "unauthorized"
    assert not ask(http, f"GRAPH <{SCRATCH}g401> {{ ?s ?p ?o }}")


def test_update_with_a_wrong_token_is_403_and_changes_nothing(http):
    update = insert_label(SCRATCH + "g403", SCRATCH + "s", "wrong token")
    response = http.post(
        "/sparql",
        content=update,
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": "Bearer not-the-token",
        },
    )
    assert response.status_code == 403
    assert not ask(http, f"GRAPH <{SCRATCH}g403> {{ ?s ?p ?o }}")


def test_a_service_without_a_token_is_read_only(writable):
    from api import create_app

    read_only = writable.settings.model_copy(update={"write_token": None})
    port = free_port()
    with (
        ServerThread(create_app(read_only, writable.store), port),
        httpx.Client(timeout=30) as client,
    ):
        update = insert_label(SCRATCH + "gro", SCRATCH + "s", "read only")
        response = client.post(
            f"http://127.0.0.1:{port}/sparql", data={"update": update}, headers=AUTH
        )
        assert response.status_code == 403
        assert response.json()["type"] == "read-only"
        assert f"{SCRATCH}gro" not in writable.store.named_graphs()


# -- applied writes -------------------------------------------------------------------------
def test_insert_data_by_form_and_by_direct_body(http, writable):
    form = http.post(
        "/sparql",
        data={"update": insert_label(SCRATCH + "g1", SCRATCH + "s1", "by form")},
        headers=AUTH,
    )
    assert form.status_code == 200, form.text
    assert form.json()["graphs"] == [SCRATCH + "g1"]
    direct = http.post(
        "/sparql",
        content=insert_label(SCRATCH + "g1", SCRATCH + "s2", "café direct").encode("utf-8"),
        headers={**AUTH, "Content-Type": "application/sparql-update; charset=utf-8"},
    )
    assert direct.status_code == 200, direct.text
    assert ask(
        http,
        f'GRAPH <{SCRATCH}g1> {{ <{SCRATCH}s1> <{LABEL}> "by form"@en . '
        f'<{SCRATCH}s2> <{LABEL}> "café direct"@en }}',
    )
    assert SCRATCH + "g1" in writable.store.named_graphs()


def test_delete_insert_where_changes_the_store_when_it_conforms(http):
    rename = (
        f'DELETE {{ GRAPH ?g {{ <{PPC}> <{ALT}> "PPC"@en }} }} '
        f'INSERT {{ GRAPH ?g {{ <{PPC}> <{ALT}> "P.P.C."@en }} }} '
        f'WHERE {{ GRAPH ?g {{ <{PPC}> <{ALT}> "PPC"@en }} }}'
    )
    response = http.post("/sparql", data={"update": rename}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["graphs"] == [ENTITIES]
    assert ask(http, f'<{PPC}> <{ALT}> "P.P.C."@en') and not ask(http, f'<{PPC}> <{ALT}> "PPC"@en')
    back = (
        rename.replace('"PPC"@en', "@@")
        .replace('"P.P.C."@en', '"PPC"@en')
        .replace("@@", '"P.P.C."@en')
    )
    assert http.post("/sparql", data={"update": back}, headers=AUTH).status_code == 200
    assert ask(http, f'<{PPC}> <{ALT}> "PPC"@en')


def test_a_conforming_change_to_an_article_graph_is_applied(http):
    move = (
        f"DELETE {{ GRAPH ?g {{ <{ORDER}> <{PKG}date> ?d }} }} "
        f'INSERT {{ GRAPH ?g {{ <{ORDER}> <{PKG}date> "2018-10-23"^^<{XSD_DATE}> }} }} '
        f"WHERE {{ GRAPH ?g {{ <{ORDER}> <{PKG}date> ?d }} }}"
    )
    response = http.post("/sparql", data={"update": move}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert order_date(http) == ["2018-10-23"]
    back = move.replace("2018-10-23", "2018-10-22")
    assert http.post("/sparql", data={"update": back}, headers=AUTH).status_code == 200
    assert order_date(http) == ["2018-10-22"]


def test_using_graph_uri_sets_the_dataset_of_the_where_clause(http):
    copy = (
        f'INSERT {{ GRAPH <{SCRATCH}copied> {{ ?a <{LABEL}> "copied"@en }} }} '
        f"WHERE {{ ?a a <{PKG}LegalAction> }}"
    )
    response = http.post(
        "/sparql", data={"update": copy, "using-graph-uri": ARTICLE_GRAPH}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SCRATCH}copied> {{ ?s ?p ?o }} }}"
    count = http.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["n"][
        "value"
    ]
    assert count == "2"  # the two legal actions of that article, not all of them


# -- rejected writes: 422 with the report, store unchanged ----------------------------------
def test_an_insert_that_breaks_the_shapes_is_422_and_changes_nothing(http, writable):
    bad = f"{PKR}legal-action/test-without-kind"
    update = (
        f"INSERT DATA {{ GRAPH <{SCRATCH}bad> {{ <{bad}> a <{PKG}LegalAction>, <{PKG}Fact> ; "
        f'<{LABEL}> "incomplete"@en }} }}'
    )
    response = http.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "validation-failed"
    assert body["details"]["conforms"] is False
    paths = {r.get("path") for r in body["details"]["results"] if r["focus"] == bad}
    assert {f"{PKG}kind", f"{PKG}issuer"} <= paths
    assert not ask(http, f"<{bad}> ?p ?o")
    assert f"{SCRATCH}bad" not in writable.store.named_graphs()


def test_a_delete_that_leaves_a_fact_incomplete_is_422(http):
    update = f"DELETE DATA {{ GRAPH <{ARTICLE_GRAPH}> {{ <{ORDER}> <{PKG}issuer> <{PPC}> }} }}"
    response = http.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 422
    assert any(
        r["focus"] == ORDER and r.get("path") == f"{PKG}issuer"
        for r in response.json()["details"]["results"]
    )
    assert ask(http, f"<{ORDER}> <{PKG}issuer> <{PPC}>")


def test_a_where_update_that_breaks_many_facts_is_rejected_whole(http):
    update = (
        f"DELETE {{ GRAPH ?g {{ ?a <{PKG}kind> ?k }} }} "
        f"WHERE {{ GRAPH ?g {{ ?a a <{PKG}LegalAction> ; <{PKG}kind> ?k }} }}"
    )
    response = http.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 422
    focuses = {r["focus"] for r in response.json()["details"]["results"]}
    assert ORDER in focuses and len(focuses) >= 10
    assert ask(http, f"<{ORDER}> <{PKG}kind> <{PKG}Order>")


def test_a_request_with_one_bad_operation_is_rejected_whole(http):
    good = insert_label(SCRATCH + "half", SCRATCH + "s", "fine")
    fact = f"<{PKR}legal-action/half> a <{PKG}LegalAction>"
    bad = f"INSERT DATA {{ GRAPH <{SCRATCH}half> {{ {fact} }} }}"
    response = http.post("/sparql", data={"update": f"{good} ;\n{bad}"}, headers=AUTH)
    assert response.status_code == 422
    assert not ask(http, f"GRAPH <{SCRATCH}half> {{ ?s ?p ?o }}")


# -- malformed or misdirected updates -------------------------------------------------------
def test_malformed_update_is_400_with_the_position(http):
    response = http.post(
        "/sparql",
        data={"update": "INSERT DATA {\n <https://example.org/a> <https://example.org/b> ?x }"},
        headers=AUTH,
    )
    assert response.status_code == 400
    assert "2:" in response.json()["message"]


def test_using_graph_uri_with_a_with_clause_is_400(http):
    update = f"WITH <{ARTICLE_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    response = http.post(
        "/sparql", data={"update": update, "using-graph-uri": ARTICLE_GRAPH}, headers=AUTH
    )
    assert response.status_code == 400
    assert ask(http, f"GRAPH <{ARTICLE_GRAPH}> {{ <{ORDER}> ?p ?o }}")


def test_default_graph_uri_on_an_update_is_400(http):
    update = insert_label(SCRATCH + "dg", SCRATCH + "s", "x")
    response = http.post(
        "/sparql", data={"update": update, "default-graph-uri": ARTICLE_GRAPH}, headers=AUTH
    )
    assert response.status_code == 400
    assert "using-graph-uri" in response.json()["message"]


def test_the_where_clause_reads_the_stores_own_default_graph_on_both_backends(http):
    # Queries see the union of all graphs; an update's WHERE sees the store's default graph (empty
    # here), whichever backend runs, because the staging engine evaluates it.
    update = (
        f'INSERT {{ GRAPH <{SCRATCH}union> {{ ?a <{LABEL}> "seen"@en }} }} '
        f"WHERE {{ ?a a <{PKG}LegalAction> }}"
    )
    response = http.post("/sparql", data={"update": update}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["graphs"] == []
    assert not ask(http, f"GRAPH <{SCRATCH}union> {{ ?s ?p ?o }}")


# -- what the staging copy holds (no server needed) -----------------------------------------
@pytest.mark.parametrize(
    ("update", "graphs"),
    [
        (
            "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/s> <https://e.org/p> 1 } }",
            {None, "https://e.org/g"},
        ),
        (
            ("PREFIX g: <https://e.org/> INSERT DATA { GRAPH g:one { g:s g:p 1 } } ;"
            " DELETE DATA { GRAPH <https://e.org/two> { g:s g:p 1 } }"),
            {None, "https://e.org/one", "https://e.org/two"},
        ),
        (
            "COPY SILENT GRAPH <https://e.org/a> TO GRAPH <https://e.org/b>",
            {None, "https://e.org/a", "https://e.org/b"},
        ),
        ("MOVE <https://e.org/a> TO DEFAULT", {None, "https://e.org/a"}),
        ('INSERT DATA { <https://e.org/s> <https://e.org/p> "GRAPH <https://e.org/no>" }', {None}),
        ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None),
        ("CLEAR ALL", None),
        ("DROP NAMED", None),
        (
            ("PREFIX a: <https://e.org/1/> PREFIX a: <https://e.org/2/> "
            "INSERT DATA { GRAPH a:g { a:s a:p 1 } }"),
            None,
        ),
    ],
)
def test_data_only_updates_stage_just_the_graphs_they_name(update, graphs):
    from privacy_kg.writes import graphs_named

    assert graphs_named(update) == graphs


def test_using_graph_uri_becomes_using_clauses_before_each_where():
    from privacy_kg.writes import with_using

    update = (
        "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o { SELECT * WHERE { ?a ?b ?c } } } ;"
        " DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    rewritten = with_using(update, ("https://e.org/u",), ("https://e.org/n",))
    assert rewritten.count("USING <https://e.org/u> USING NAMED <https://e.org/n> WHERE") == 2
    assert "SELECT * WHERE" in rewritten
