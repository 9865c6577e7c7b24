"""Tests for the SPARQL lexer and inspector (privacy_kg.sparql.lexer)."""

from __future__ import annotations

import time

import pytest

from privacy_kg.sparql.errors import SparqlSyntaxError
from privacy_kg.sparql.lexer import decode_escapes, inspect, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.value) for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<http://ex/a#b>", [("IRIREF", "<http://ex/a#b>")]),
        ("<>", [("IRIREF", "<>")]),
        ("ex:a", [("PNAME_LN", "ex:a")]),
        ("ex:", [("PNAME_NS", "ex:")]),
        (":", [("PNAME_NS", ":")]),
        (":x", [("PNAME_LN", ":x")]),
        (r"ex:a\~b%41c.d", [("PNAME_LN", r"ex:a\~b%41c.d")]),
        ("ex:a.", [("PNAME_LN", "ex:a"), ("PUNCT", ".")]),
        ("ex.1:x:y", [("PNAME_LN", "ex.1:x:y")]),
        ("ex:0a-b·c", [("PNAME_LN", "ex:0a-b·c")]),
        ("é:ñ", [("PNAME_LN", "é:ñ")]),
        ("?x $y ?1é", [("VAR1", "?x"), ("VAR2", "$y"), ("VAR1", "?1é")]),
        ("'a'", [("STRING_LITERAL1", "'a'")]),
        ('"a\\"b"', [("STRING_LITERAL2", '"a\\"b"')]),
        ("'''a\n''b'''", [("STRING_LITERAL_LONG1", "'''a\n''b'''")]),
        ('"""a"b""c"""', [("STRING_LITERAL_LONG2", '"""a"b""c"""')]),
        ('""""""', [("STRING_LITERAL_LONG2", '""""""')]),
        ('""', [("STRING_LITERAL2", '""')]),
        ('"x"@en-GB', [("STRING_LITERAL2", '"x"'), ("LANGTAG", "@en-GB")]),
        ('"1"^^xsd:int', [("STRING_LITERAL2", '"1"'), ("PUNCT", "^^"), ("PNAME_LN", "xsd:int")]),
        ("12", [("INTEGER", "12")]),
        ("-12", [("INTEGER", "-12")]),
        ("+1.5", [("DECIMAL", "+1.5")]),
        (".5", [("DECIMAL", ".5")]),
        ("1.", [("INTEGER", "1"), ("PUNCT", ".")]),
        (
            "1e3 1.E-3 .5e+2 -2E2",
            [("DOUBLE", "1e3"), ("DOUBLE", "1.E-3"), ("DOUBLE", ".5e+2"), ("DOUBLE", "-2E2")],
        ),
        ("?x-1", [("VAR1", "?x"), ("INTEGER", "-1")]),
        ("?x - 1", [("VAR1", "?x"), ("PUNCT", "-"), ("INTEGER", "1")]),
        ("_:b1 _:b.c", [("BLANK_NODE_LABEL", "_:b1"), ("BLANK_NODE_LABEL", "_:b.c")]),
        ("( ) [\n]", [("NIL", "( )"), ("ANON", "[\n]")]),
        ("select DISTINCT a", [("NAME", "select"), ("NAME", "DISTINCT"), ("NAME", "a")]),
        (
            "^^ && || != <= >= ^ | / * + ? ! = < > { } ( ?x ) [ ?x ] ; , .",
            [("PUNCT", p) for p in ["^^", "&&", "||", "!=", "<=", ">=", "^", "|", "/", "*"]]
            + [("PUNCT", p) for p in ["+", "?", "!", "=", "<", ">", "{", "}", "("]]
            + [("VAR1", "?x"), ("PUNCT", ")"), ("PUNCT", "["), ("VAR1", "?x"), ("PUNCT", "]")]
            + [("PUNCT", ";"), ("PUNCT", ","), ("PUNCT", ".")],
        ),
        (
            "ex:p+ ex:q? ^ex:r",
            [
                ("PNAME_LN", "ex:p"),
                ("PUNCT", "+"),
                ("PNAME_LN", "ex:q"),
                ("PUNCT", "?"),
                ("PUNCT", "^"),
                ("PNAME_LN", "ex:r"),
            ],
        ),
    ],
)
def test_terminals(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_keyword_property_is_case_insensitive_except_a() -> None:
    tokens = tokenize("sElEcT a A ?x")
    assert [t.keyword for t in tokens] == ["SELECT", "a", "A", None]


def test_comments_are_skipped_but_not_inside_iris_or_strings() -> None:
    text = '# head\nSELECT <http://ex/#frag> "a # b" # tail\r?x'
    assert kinds(text) == [
        ("NAME", "SELECT"),
        ("IRIREF", "<http://ex/#frag>"),
        ("STRING_LITERAL2", '"a # b"'),
        ("VAR1", "?x"),
    ]


def test_less_than_is_an_operator_unless_the_grammar_makes_an_iri() -> None:
    assert kinds("?a < ?b") == [("VAR1", "?a"), ("PUNCT", "<"), ("VAR1", "?b")]
    assert kinds("(?a<3)") == [
        ("PUNCT", "("),
        ("VAR1", "?a"),
        ("PUNCT", "<"),
        ("INTEGER", "3"),
        ("PUNCT", ")"),
    ]
    assert kinds("<<") == [("PUNCT", "<"), ("PUNCT", "<")]
    # The grammar's longest match makes this an IRI (a known SPARQL pitfall).
    assert kinds("?a<?b&&?c>?d") == [("VAR1", "?a"), ("IRIREF", "<?b&&?c>"), ("VAR1", "?d")]


def test_an_expression_ending_the_text_is_not_an_open_iri() -> None:
    tokens = tokenize("SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING(COUNT(?o)<3)")
    assert [t.value for t in tokens[-4:]] == [")", "<", "3", ")"]


def test_offsets_point_into_the_text() -> None:
    text = "SELECT  ?x"
    tokens = tokenize(text)
    assert [(t.start, t.end) for t in tokens] == [(0, 6), (8, 10)]
    assert all(text[t.start : t.end] == t.value for t in tokens)


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('SELECT "abc', "unterminated string", 7),
        ("SELECT 'a\nb'", "unterminated string", 7),
        # As with the grammar's longest match: "" then "abc" then an open quote.
        ('SELECT """abc""', "unterminated string", 14),
        ('SELECT "a\\qb"', "unterminated string", 7),
        ("SELECT * { <http://ex/a", "unterminated IRI", 11),
        ("SELECT ~", "unexpected character '~'", 7),
        ("SELECT \\x", "unexpected backslash", 7),
    ],
)
def test_syntax_errors_carry_a_position(text: str, message: str, position: int) -> None:
    with pytest.raises(SparqlSyntaxError) as caught:
        tokenize(text)
    assert message in caught.value.message
    assert caught.value.position == position
    assert caught.value.type == "syntax-error"


def test_decode_escapes() -> None:
    assert decode_escapes(r"\u0053ERVICE") == "SERVICE"
    assert decode_escapes(r"caf\u00e9 \U0001D11E") == "café \U0001d11e"
    assert decode_escapes("no escapes") == "no escapes"
    # Like rdflib and the spec: a backslash before \u does not protect it.
    assert decode_escapes(r"\\u0041") == "\\A"
    # One pass only: an escaped backslash does not start a new escape.
    assert decode_escapes(r"\u005Cu0041") == r"\u0041"


@pytest.mark.parametrize(
    ("text", "position"),
    [(r"ab\u00G1", 2), (r"\uD800", 0), (r"\U00110000", 0), (r"x \U0041", 2), ("\\u", 0)],
)
def test_invalid_escapes_raise_with_position(text: str, position: int) -> None:
    with pytest.raises(SparqlSyntaxError) as caught:
        decode_escapes(text)
    assert caught.value.position == position
    assert "invalid escape" in caught.value.message


def test_escapes_are_decoded_before_tokenizing_and_errors_map_back() -> None:
    assert kinds(r"\u0053ELECT \u003Fx") == [("NAME", "SELECT"), ("VAR1", "?x")]
    # The error offset refers to the original text, not the decoded one.
    text = r'\u0053ELECT "abc'
    with pytest.raises(SparqlSyntaxError) as caught:
        tokenize(text)
    assert caught.value.position == text.index('"')
    assert "line 1, column 13" in caught.value.message


@pytest.mark.parametrize(
    "body",
    [
        "a." * 32_000,
        "a-" * 32_000,
        "é." * 32_000,
        "?x<" * 21_000,
        "ex:" + "a." * 32_000,
        "1" * 64_000,
        "(" * 64_000,
        '"' + "x" * 64_000 + '"',
        '"""' + 'x"' * 32_000 + '"""',
        "<" + "a" * 64_000 + ">",
        "# " + "x" * 64_000 + "\n",
    ],
)
def test_scanning_is_linear_on_adversarial_input(body: str) -> None:
    started = time.perf_counter()
    try:
        tokenize("SELECT * { " + body)
    except SparqlSyntaxError:
        pass
    assert time.perf_counter() - started < 1.5


def test_inspect_reads_the_query_form_after_the_prologue() -> None:
    info = inspect("BASE <http://b/>\nPREFIX ex: <ns/>\nprefix : <http://e/>\nask { ?s ?p ?o }")
    assert info.form == "ASK"
    assert info.base == "http://b/"
    assert info.prefixes == {"ex": "http://b/ns/", "": "http://e/"}
    assert not info.is_update


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("construct where { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://ex/a>", "DESCRIBE"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "UPDATE"),
        ("PREFIX ex: <http://e/> DELETE WHERE { ?s ex:p ?o }", "UPDATE"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
        ("load <http://e/x>", "UPDATE"),
        ("CLEAR ALL", "UPDATE"),
        ("CREATE GRAPH <http://g>", "UPDATE"),
        ("DROP SILENT DEFAULT", "UPDATE"),
        ("COPY <http://a> TO <http://b>", "UPDATE"),
        ("MOVE DEFAULT TO <http://b>", "UPDATE"),
        ("ADD <http://a> TO DEFAULT", "UPDATE"),
    ],
)
def test_inspect_forms(text: str, form: str) -> None:
    assert inspect(text).form == form


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no query or update found"),
        ("PREFIX ex: <http://e/>", "no query or update found"),
        ("?x ?y", "expected SELECT, ASK, CONSTRUCT, DESCRIBE"),
        ("PREFIX <http://e/> SELECT * {}", "PREFIX must be followed by"),
        ("BASE ex: SELECT * {}", "BASE must be followed by"),
        ("SELECT * {} LIMIT ten", "LIMIT must be followed by a whole number"),
        ("SELECT * FROM WHERE {}", "FROM must be followed by a graph IRI"),
    ],
)
def test_inspect_rejects_what_is_not_a_query_or_update(text: str, message: str) -> None:
    with pytest.raises(SparqlSyntaxError, match=message):
        inspect(text)


def test_dataset_iris_are_resolved_against_prefix_and_base() -> None:
    info = inspect(
        "BASE <http://b/dir/> PREFIX g: <graphs/> "
        r"SELECT * FROM g:one FROM NAMED <two> FROM <http://abs/x> FROM NAMED g:a\-b FROM zz:raw "
        "WHERE { ?s ?p ?o }"
    )
    assert info.dataset_iris == (
        "http://b/dir/graphs/one",
        "http://b/dir/two",
        "http://abs/x",
        "http://b/dir/graphs/a-b",
        "zz:raw",
    )


def test_dataset_iris_include_update_using_clauses_and_later_prologues() -> None:
    info = inspect(
        "INSERT DATA { <http://a> <http://b> <http://c> } ;\n"
        "PREFIX g: <http://g/> DELETE { ?s ?p ?o } USING g:x USING NAMED g:y WHERE { ?s ?p ?o }"
    )
    assert info.form == "UPDATE"
    assert info.dataset_iris == ("http://g/x", "http://g/y")
    assert info.prefixes == {"g": "http://g/"}


def test_from_inside_strings_or_iris_is_not_a_dataset_clause() -> None:
    info = inspect('SELECT * WHERE { ?s ?p "FROM <http://x>" , <http://e/FROM> }')
    assert info.dataset_iris == ()


def test_limit_is_read_only_at_the_top_level() -> None:
    outer = inspect("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } } LIMIT 20 OFFSET 3")
    assert (outer.has_limit, outer.limit, outer.offset) == (True, 20, 3)
    inner = inspect("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } }")
    assert (inner.has_limit, inner.limit, inner.offset) == (False, None, None)
    commented = inspect('SELECT * { ?s ?p "LIMIT 3" } # LIMIT 4\n')
    assert commented.limit is None
    assert inspect("select * {} offset 2 limit 7").limit == 7


def test_inspect_flags_service_and_load_at_their_offsets() -> None:
    text = "SELECT * {\n  SERVICE <http://x/> { ?s ?p ?o } }"
    info = inspect(text)
    assert info.uses_service and info.service_at == text.index("SERVICE")
    assert not info.uses_load
    escaped = r"SELECT * { \u0053ERVICE <http://x/> {} }"
    assert inspect(escaped).service_at == escaped.index("\\u0053")
    update = inspect("CLEAR DEFAULT ; LOAD <http://x/>")
    assert update.uses_load and update.load_at == 16


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://x> {}" }',
        "SELECT * WHERE { ?s ?p 'service' , '''SERVICE''' , \"\"\"load\"\"\" }",
        "SELECT * WHERE { ?s <http://ex/service> <http://ex/SERVICE#load> }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { }",
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ex:SERVICE . ?s ?p service:load }",
        "PREFIX service: <http://e/> SELECT * FROM service:g WHERE { GRAPH service:g { ?s ?p ?o } }",
        "PREFIX load: <http://e/> SELECT * WHERE { load:x ?p $load }",
        'SELECT * WHERE { ?s ?p "x"@service }',
        r'SELECT * WHERE { ?s ?p "\u0053ERVICE <http://x> {}" }',
    ],
)
def test_inspect_does_not_flag_words_inside_other_tokens(text: str) -> None:
    info = inspect(text)
    assert not info.uses_service
    assert not info.uses_load
