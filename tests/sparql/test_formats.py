"""Tests for content negotiation (privacy_kg.sparql.formats)."""

from __future__ import annotations

import pytest

from privacy_kg.sparql.errors import NotAcceptable
from privacy_kg.sparql.formats import (
    DATASET_FORMATS,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    FormatTable,
    MediaRange,
    negotiate,
    parse_accept,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
TABLES = [RESULT_FORMATS, GRAPH_FORMATS, DATASET_FORMATS]


def test_parse_accept_keeps_order_q_and_parameters() -> None:
    assert parse_accept('Text/HTML;Level=1;q=0.5;ext="x", application/json , */*;q=0') == [
        MediaRange("text", "html", (("level", "1"),), 0.5),
        MediaRange("application", "json", (), 1.0),
        MediaRange("*", "*", (), 0.0),
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, []),
        ("", []),
        ("   ", []),
        ("text", []),
        ("text/", []),
        ("/csv", []),
        ("*/csv", []),
        ("text/csv;q=2", []),
        ("text/csv;q=0.1234", []),
        ("text/csv;q=abc", []),
        ("text/csv;q", []),
        ("text/csv;;", [("text", "csv")]),
        ("text/csv; ;q=0.5", [("text", "csv")]),
        ("text/csv;x", []),
        ("text/csv, , ,text/turtle", [("text", "csv"), ("text", "turtle")]),
        ("bad, text/csv;q=0.5, also bad;q=1", [("text", "csv")]),
        ('text/csv;x="a,b", text/tsv', [("text", "csv"), ("text", "tsv")]),
        ("text/csv;q=1.000, text/tsv;q=0.", [("text", "csv"), ("text", "tsv")]),
    ],
)
def test_parse_accept_skips_malformed_elements(
    header: str | None, expected: list[tuple[str, str]]
) -> None:
    assert [(r.type, r.subtype) for r in parse_accept(header)] == expected


def test_parse_accept_reads_q_values_and_quoted_parameters() -> None:
    ranges = parse_accept('text/csv;q=0.25, text/tsv;x="a,b";q=0.')
    assert [r.q for r in ranges] == [0.25, 0.0]
    assert ranges[1].params == (("x", "a,b"),)


def test_parse_accept_bounds_its_work() -> None:
    assert len(parse_accept(", ".join(["text/csv"] * 10_000))) == 64


@pytest.mark.parametrize(
    ("accept", "results", "graph", "dataset"),
    [
        (None, "json", "turtle", "nquads"),
        ("", "json", "turtle", "nquads"),
        ("*/*", "json", "turtle", "nquads"),
        ("garbage", "json", "turtle", "nquads"),
        (BROWSER, "xml", "turtle", "nquads"),
        ("application/json", "json", "jsonld", "jsonld"),
        ("application/sparql-results+json", "json", None, None),
        ("application/sparql-results+xml", "xml", None, None),
        ("application/xml", "xml", None, None),
        ("text/xml", "xml", None, None),
        ("text/csv", "csv", None, None),
        ("text/tab-separated-values", "tsv", None, None),
        ("text/turtle", None, "turtle", None),
        ("application/x-turtle", None, "turtle", None),
        ("text/plain", None, "ntriples", None),
        ("application/n-triples", None, "ntriples", None),
        ("application/rdf+xml", None, "rdfxml", None),
        ("application/ld+json", None, "jsonld", "jsonld"),
        ("application/n-quads", None, None, "nquads"),
        ("application/trig", None, None, "trig"),
        ("text/*", "csv", "turtle", None),
        ("application/*", "json", "ntriples", "nquads"),
        ("TEXT/CSV", "csv", None, None),
        ("text/csv;charset=utf-8", "csv", None, None),
    ],
)
def test_negotiate_each_table(
    accept: str | None, results: str | None, graph: str | None, dataset: str | None
) -> None:
    for table, expected in zip(TABLES, (results, graph, dataset)):
        if expected is None:
            with pytest.raises(NotAcceptable):
                negotiate(accept, table)
        else:
            assert negotiate(accept, table).key == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+json;q=0.9", "json"),
        ("text/csv, application/sparql-results+json", "json"),  # equal q: table order
        ("text/tab-separated-values, text/csv", "csv"),
        ("text/*;q=0.5, text/csv;q=0", "tsv"),  # the most specific range decides
        ("*/*;q=0.1, text/tab-separated-values;q=0.2", "tsv"),
        ("text/*, */*;q=0.9", "csv"),
        ("*/*, text/csv", "csv"),  # equal q: the more specific match wins
        ("application/json;q=0, */*", "xml"),
        ("application/sparql-results+json;q=0, application/*", "xml"),
    ],
)
def test_negotiate_orders_by_q_then_specificity_then_table(accept: str, expected: str) -> None:
    assert negotiate(accept, RESULT_FORMATS).key == expected


def test_default_wins_ties_and_covers_missing_headers() -> None:
    tsv = RESULT_FORMATS["tsv"]
    assert negotiate(None, RESULT_FORMATS, default=tsv) is tsv
    assert negotiate("*/*", RESULT_FORMATS, default=tsv) is tsv
    assert negotiate("text/*", RESULT_FORMATS, default=tsv) is tsv
    assert negotiate("text/csv", RESULT_FORMATS, default=tsv).key == "csv"


@pytest.mark.parametrize(
    "accept",
    [
        "*/*;q=0",
        "image/png",
        "text/html",
        "text/csv;q=0, text/tab-separated-values;q=0, application/*;q=0",
    ],
)
def test_nothing_acceptable_lists_the_choices(accept: str) -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(accept, RESULT_FORMATS)
    error = caught.value
    assert error.type == "not-acceptable"
    assert error.available == RESULT_FORMATS.media_types
    assert "application/sparql-results+json" in error.message
    assert "text/tab-separated-values" in error.message


@pytest.mark.parametrize(
    ("table", "names"),
    [
        (RESULT_FORMATS, {"json": "json", "XML": "xml", "csv": "csv", "tsv": "tsv", "srj": "json"}),
        (
            GRAPH_FORMATS,
            {
                "turtle": "turtle",
                "ttl": "turtle",
                "nt": "ntriples",
                "ntriples": "ntriples",
                "n-triples": "ntriples",
                "rdfxml": "rdfxml",
                "rdf": "rdfxml",
                "xml": "rdfxml",
                "jsonld": "jsonld",
                "json-ld": "jsonld",
                "json": "jsonld",
            },
        ),
        (
            DATASET_FORMATS,
            {"nquads": "nquads", "trig": "trig", "jsonld": "jsonld", " json-ld ": "jsonld"},
        ),
    ],
)
def test_format_parameter_short_names(table: FormatTable, names: dict[str, str]) -> None:
    for name, key in names.items():
        assert negotiate("image/png", table, format_param=name).key == key


def test_format_parameter_overrides_accept_and_takes_media_types() -> None:
    assert negotiate("text/csv", RESULT_FORMATS, format_param="json").key == "json"
    assert (
        negotiate(None, RESULT_FORMATS, format_param="application/sparql-results+xml").key == "xml"
    )
    assert negotiate(None, RESULT_FORMATS, format_param="text/csv; charset=utf-8").key == "csv"
    assert negotiate(None, GRAPH_FORMATS, format_param="text/plain").key == "ntriples"
    assert negotiate("text/csv", RESULT_FORMATS, format_param="  ").key == "csv"  # blank: ignored
    with pytest.raises(NotAcceptable, match="format 'turtle'"):
        negotiate(None, RESULT_FORMATS, format_param="turtle")
    with pytest.raises(NotAcceptable):
        negotiate(None, GRAPH_FORMATS, format_param="application/sparql-results+json")


@pytest.mark.parametrize("table", TABLES)
def test_tables_agree_with_pyoxigraph(table: FormatTable) -> None:
    assert table.formats, "a table may not be empty"
    for fmt in table.formats:
        assert fmt.engine.media_type.split(";")[0] == fmt.media_type
        assert fmt.engine.file_extension == fmt.extension
        assert table.by_media_type(fmt.media_type) is fmt
    for alias, key in table.media_aliases.items():
        assert table.by_media_type(alias) is table[key]
    assert set(table.names.values()) <= {fmt.key for fmt in table.formats}


def test_content_type_adds_the_charset_where_the_media_type_has_one() -> None:
    assert RESULT_FORMATS["csv"].content_type == "text/csv; charset=utf-8"
    assert RESULT_FORMATS["json"].content_type == "application/sparql-results+json"
    assert GRAPH_FORMATS["turtle"].content_type == "text/turtle; charset=utf-8"
    assert GRAPH_FORMATS["jsonld"].content_type == "application/ld+json"
    with pytest.raises(KeyError):
        RESULT_FORMATS["turtle"]
