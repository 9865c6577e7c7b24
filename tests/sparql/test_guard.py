"""Tests for the SERVICE/LOAD gate (privacy_kg.sparql.guard).

Detection is checked three ways: hand-written disguises, generated disguises and
benign look-alikes (with rdflib's parser as the referee), and the forms that
pyoxigraph itself reads as SERVICE or LOAD. The engine checks point at
127.0.0.1 port 9, which pyoxigraph refuses before opening any connection.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from privacy_kg.sparql.errors import (
    ForbiddenOperation,
    NotAnUpdate,
    NotAQuery,
    QueryTooLarge,
    SparqlSyntaxError,
)
from privacy_kg.sparql.guard import check_query, check_update

TARGET = "http://127.0.0.1:9/"


def _names(node: object) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


def rdflib_uses_service(text: str, *, update: bool = False) -> bool:
    """Whether rdflib's own parser and algebra contain a SERVICE pattern."""
    if update:
        algebra: object = translateUpdate(parseUpdate(text)).algebra
    else:
        algebra = translateQuery(parseQuery(text)).algebra
    return "ServiceGraphPattern" in _names(algebra)


# --- hand-written cases -------------------------------------------------------------

DISGUISED_QUERIES = [
    f"SELECT * WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service silent <{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ VALUES ?x {{ <{TARGET}> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE#comment\n<{TARGET}>{{}} }}",
    f"SELECT * WHERE {{ # comment ended by a carriage return\rSERVICE <{TARGET}> {{}} }}",
    rf"SELECT * WHERE {{ \u0053ERVICE <{TARGET}> {{}} }}",
    rf"SELECT * WHERE {{ \U00000073\u0065rvice <{TARGET}> {{}} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{TARGET}> {{ SERVICE <{TARGET}> {{}} }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{TARGET}> {{}} }} }}",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }} }} }}",
    f"PREFIX ex: <{TARGET}> ASK {{ {{}} UNION {{ SERVICE ex:x {{}} }} }}",
    # Read as SERVICE by parsers that match keywords without a lexer (Oxigraph):
    f"PREFIX ex: <{TARGET}> SELECT * WHERE {{ SERVICEex:a {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICESILENT<{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p trueSERVICE <{TARGET}> {{ ?a ?b ?c }} }}",
    f"PREFIX : <{TARGET}> SELECT * WHERE {{ ?s ?p trueservice:x {{ ?a ?b ?c }} }}",
    # "<1)SERVICE?x#>" is an IRI to the grammar but "< 1) SERVICE ?x #comment" to both engines.
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<1)SERVICE?x#>\n{ ?a ?b ?c } }",
    # Oxigraph decodes \u only inside strings: here the string is '"', then SERVICE.
    f'SELECT * WHERE {{ ?s ?p "\\u0022" . SERVICE <{TARGET}> {{ ?a ?b ?c }} BIND("x" AS ?z) # """\n}}',
]


@pytest.mark.parametrize("text", DISGUISED_QUERIES)
def test_service_is_refused_in_every_disguise(text: str) -> None:
    with pytest.raises(ForbiddenOperation) as caught:
        check_query(text)
    error = caught.value
    assert (error.type, error.operation) == ("forbidden-operation", "SERVICE")
    assert error.message.startswith("SPARQL SERVICE is disabled on this endpoint")
    assert "remove the SERVICE clause" in error.message
    assert error.position is not None
    assert "(at line " in error.message


def test_service_is_allowed_when_configured() -> None:
    info = check_query(DISGUISED_QUERIES[0], allow_service=True)
    assert info.uses_service and info.form == "SELECT"


ENGINE_DATA = [
    ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(0)),
    ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/q"), ox.Literal(True)),
    ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/r"), ox.Literal('"')),
]

ENGINE_QUERIES = [
    f"SELECT * WHERE {{ SERVICE <{TARGET}> {{ ?a ?b ?c }} }}",
    f"PREFIX ex: <{TARGET}> SELECT * WHERE {{ SERVICEex:a {{ ?a ?b ?c }} }}",
    f"SELECT * WHERE {{ ?s ?q trueSERVICE <{TARGET}> {{ ?a ?b ?c }} }}",
    f"PREFIX : <{TARGET}> SELECT * WHERE {{ ?s ?q trueservice:x {{ ?a ?b ?c }} }}",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<1)SERVICE?x#>\n{ ?a ?b ?c } }",
    f'SELECT * WHERE {{ ?s ?r "\\u0022" . SERVICE <{TARGET}> {{ ?a ?b ?c }} BIND("x" AS ?z) # """\n}}',
]


@pytest.mark.parametrize("text", ENGINE_QUERIES)
def test_forms_pyoxigraph_evaluates_as_service_are_refused(text: str) -> None:
    store = ox.Store()
    store.extend(ENGINE_DATA)
    with pytest.raises(Exception, match="port 9 is not allowed|service name is unbound"):
        list(store.query(text))  # type: ignore[arg-type]
    with pytest.raises(ForbiddenOperation):
        check_query(text)


@pytest.mark.parametrize(
    "text",
    [
        f"LOAD <{TARGET}x>",
        f"load silent <{TARGET}x> into graph <http://g>",
        rf"\u004COAD <{TARGET}x>",
        f"CLEAR DEFAULT ;\n# then\nLoAd <{TARGET}x>",
        f"LOADSILENT<{TARGET}x>",
        f"PREFIX ex: <{TARGET}> LOADex:a",
        f"INSERT DATA {{ <http://a> <http://b> 1 }} ; PREFIX ex: <{TARGET}> loadex:a",
    ],
)
def test_load_is_refused(text: str) -> None:
    with pytest.raises(ForbiddenOperation) as caught:
        check_update(text)
    assert caught.value.operation == "LOAD"
    assert "SPARQL LOAD is disabled on this endpoint" in caught.value.message
    assert check_update(text, allow_load=True).uses_load


def test_glued_load_is_what_pyoxigraph_runs() -> None:
    with pytest.raises(OSError, match="port 9 is not allowed"):
        ox.Store().update(f"PREFIX ex: <{TARGET}> LOADex:a")


@pytest.mark.parametrize(
    "text",
    [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ OPTIONAL {{ SERVICE SILENT <{TARGET}> {{ ?s ?p ?o }} }} }}",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE ?x {} } }",
        f"CLEAR DEFAULT ; INSERT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_service_in_update_where_is_refused(text: str) -> None:
    with pytest.raises(ForbiddenOperation) as caught:
        check_update(text)
    assert caught.value.operation == "SERVICE"
    assert rdflib_uses_service(text, update=True)
    assert check_update(text, allow_service=True).is_update


def test_updates_and_queries_go_to_their_own_operations() -> None:
    with pytest.raises(NotAQuery) as not_query:
        check_query("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    assert not_query.value.type == "not-a-query"
    assert "update operation" in not_query.value.message
    with pytest.raises(NotAnUpdate) as not_update:
        check_update("SELECT * WHERE { ?s ?p ?o }")
    assert not_update.value.type == "not-an-update"
    assert "SELECT query" in not_update.value.message


def test_length_limits() -> None:
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert check_query(text, max_length=len(text)).form == "SELECT"
    with pytest.raises(QueryTooLarge) as caught:
        check_query(text + " ", max_length=len(text))
    assert (caught.value.length, caught.value.max_length) == (len(text) + 1, len(text))
    assert caught.value.type == "query-too-large"
    with pytest.raises(QueryTooLarge):
        check_update("CLEAR DEFAULT", max_length=5)


def test_syntax_errors_pass_through() -> None:
    with pytest.raises(SparqlSyntaxError):
        check_query('SELECT * WHERE { ?s ?p "open }')


def test_benign_update_with_look_alikes_passes() -> None:
    text = (
        "PREFIX load: <http://e/l#> PREFIX service: <http://e/s#>\n"
        'INSERT DATA { load:x service:p "LOAD <http://x> ; SERVICE <http://y> {}" . '
        "<http://e/load> <http://e/service> load:SERVICE } # LOAD <http://z>\n"
    )
    info = check_update(text)
    assert not info.uses_load and not info.uses_service
    assert not rdflib_uses_service(text, update=True)


# --- generated cases ----------------------------------------------------------------


@st.composite
def disguised(draw: st.DrawFn, word: str) -> str:
    """The keyword with random letter case and random \\u or \\U escapes."""
    letters = []
    for letter in word:
        letter = draw(st.sampled_from([letter.lower(), letter.upper()]))
        escape = draw(st.sampled_from(["", "", "u", "U"]))
        if escape == "u":
            letter = "\\u" + format(ord(letter), draw(st.sampled_from(["04x", "04X"])))
        elif escape == "U":
            letter = f"\\U{ord(letter):08X}"
        letters.append(letter)
    return "".join(letters)


# rdflib ends comments only at "\n" (the lexer also ends them at "\r", the safe side).
SEPARATORS = st.sampled_from([" ", "\n", "\t", "  ", " # SERVICE { }\n", "\r\n", "#x\n"])

QUERY_SHAPES = [
    "SELECT * WHERE {{ {svc} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {svc} }} }}",
    "SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {svc} }} }}",
    "SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ {svc} }} LIMIT 3 }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {svc} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ {svc} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ {svc} }} }}",
    "ASK {{ GRAPH ?g {{ {svc} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {svc} }}",
    "DESCRIBE ?s WHERE {{ {svc} }}",
]
UPDATE_SHAPES = [
    "DELETE {{ ?s ?p ?o }} WHERE {{ {svc} }}",
    "INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o OPTIONAL {{ {svc} }} }}",
    "WITH <http://g> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ {svc} }}",
    "INSERT DATA {{ <http://a> <http://b> 1 }} ; DELETE {{ ?s ?p ?o }} WHERE {{ {svc} }}",
]


@st.composite
def service_clause(draw: st.DrawFn) -> str:
    sep = draw(SEPARATORS)
    keyword = draw(disguised("SERVICE"))
    silent = draw(st.sampled_from(["", draw(disguised("SILENT")) + draw(SEPARATORS)]))
    target = draw(st.sampled_from([f"<{TARGET}>", "?x", "ex:svc"]))
    values = f"VALUES ?x {{ <{TARGET}> }}{sep}" if target == "?x" else ""
    # No nested SERVICE here: rdflib's algebra recurses forever on it (hand cases cover it).
    inner = draw(st.sampled_from(["{ ?s ?p ?o }", "{}", "{ ?s ?p ?o FILTER(?o > 1) }"]))
    return f"{values}{keyword}{sep}{silent}{target}{draw(SEPARATORS)}{inner}"


PROLOGUE = f"PREFIX ex: <{TARGET}>\n"
GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(shape=st.sampled_from(QUERY_SHAPES), svc=service_clause())
def test_generated_service_queries_are_refused(shape: str, svc: str) -> None:
    text = PROLOGUE + shape.format(svc=svc)
    assert rdflib_uses_service(text), "the generator must build real SERVICE queries"
    with pytest.raises(ForbiddenOperation):
        check_query(text)


@GENERATED
@given(shape=st.sampled_from(UPDATE_SHAPES), svc=service_clause())
def test_generated_service_updates_are_refused(shape: str, svc: str) -> None:
    text = PROLOGUE + shape.format(svc=svc)
    assert rdflib_uses_service(text, update=True)
    with pytest.raises(ForbiddenOperation):
        check_update(text)


@st.composite
def look_alike_word(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(["service", "load", "SERVICE SILENT", "LOAD <http://x>"]))
    return "".join(draw(st.sampled_from([c.lower(), c.upper()])) for c in word)


@st.composite
def benign_term(draw: st.DrawFn) -> str:
    word = draw(look_alike_word())
    bare = word.split()[0]
    return draw(
        st.sampled_from(
            [
                f'"{word} {{ }}"',
                f"'{word}'",
                f'"""{word}\n{{}}"""',
                f"'''{word}'''",
                f"<http://ex.org/{bare}#{bare}>",
                f"service:{bare}",
                f"ex:{bare}",
                f"load:{bare}",
                f"?{bare}",
                f"${bare}",
                f'"x"@{bare[:8]}',
                f'"{bare}"^^ex:{bare}',
            ]
        )
    )


@st.composite
def benign_query(draw: st.DrawFn) -> str:
    triples = []
    for _ in range(draw(st.integers(1, 4))):
        subject = draw(
            st.sampled_from(["?service", "service:x", "<http://ex.org/service>", "ex:SERVICE"])
        )
        predicate = draw(st.sampled_from(["service:p", "ex:load", "<http://ex.org/LOAD>", "$LOAD"]))
        obj = draw(benign_term())
        comment = draw(st.sampled_from(["", f" # {draw(look_alike_word())} {{ }}"]))
        triples.append(f"{subject} {predicate} {obj} .{comment}\n")
    prologue = "PREFIX service: <http://e/s#> PREFIX ex: <http://e/> PREFIX load: <http://e/l#>\n"
    return f"{prologue}SELECT * WHERE {{\n{''.join(triples)}}}"


@GENERATED
@given(text=benign_query())
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert not rdflib_uses_service(text), "the generator must build queries rdflib accepts"
    info = check_query(text)
    assert not info.uses_service
    assert not info.uses_load


# --- rdflib as the referee on a fixed corpus -----------------------------------------

CORPUS = [
    "SELECT * WHERE { ?s ?p ?o }",
    f"SELECT * WHERE {{ SERVICE <{TARGET}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o . OPTIONAL {{ SERVICE SILENT <{TARGET}> {{ ?s ?p ?o }} }} }}",
    "SELECT ?service WHERE { ?service <http://e/p> 'SERVICE <x> {}' }",
    "PREFIX service: <http://e/> SELECT * WHERE { service:x service:y service:z }",
    rf"SELECT * WHERE {{ \u0053ERVICE <{TARGET}> {{}} }}",
    r'SELECT * WHERE { ?s ?p "\u0053ERVICE" }',
    f"ASK {{ {{ SELECT * {{ SERVICE ?x {{ ?s ?p ?o }} }} }} }} VALUES ?x {{ <{TARGET}> }}",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<1)SERVICE?x#>\n{ ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 10) } # SERVICE <x> {}",
    "DESCRIBE <http://ex.org/service#x>",
    "CONSTRUCT { ?s <http://e/service> ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("text", CORPUS)
def test_detection_agrees_with_rdflib(text: str) -> None:
    assert check_query(text, allow_service=True).uses_service == rdflib_uses_service(text)
