"""The query files themselves: every file parses, every header is complete, every parameter is used
and projected, every example binds and returns rows, and a remote backend's VALUES binding gives the
same answer as the embedded engine's substitution."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from privacy_kg.errors import MappingError
from privacy_kg.queries import NamedQueries, NamedQuery, Param, parse_query_file
from privacy_kg.store.base import QueryRequest
from privacy_kg.store.bindings import bind_values

from . import QUESTIONS, SETTINGS, named_queries, query_json

QUERY_FILES = sorted(SETTINGS.queries_dir.glob("*.rq"))
NAMES = [path.stem for path in QUERY_FILES]


def params_of(name: str) -> list[tuple[str, Param]]:
    return [(name, param) for param in named_queries()[name].params]


ALL_PARAMS = [case for name in NAMES for case in params_of(name)]
PARAM_IDS = [f"{name}-{param.name}" for name, param in ALL_PARAMS]


def test_the_folder_holds_one_query_per_question():
    assert set(QUESTIONS) <= set(NAMES)
    assert set(NamedQueries.load(SETTINGS.queries_dir)) == set(NAMES)


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_every_file_parses_with_two_sparql_parsers(path):
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib, as clients such as SPARQLStore would
    list(ox.Store().query(text))  # pyoxigraph, the engine that runs it (empty store: syntax only)


@pytest.mark.parametrize("name", NAMES)
def test_every_header_is_complete(name):
    query = named_queries()[name]
    assert query.summary and len(query.summary) <= 80
    assert query.description != query.summary and len(query.description) > 80
    assert ("questions" in query.tags) == (name in QUESTIONS)
    for param in query.params:
        assert param.description, f"{name}: {param.name} has no description"
        assert param.example is not None, f"{name}: {param.name} has no example"
    assert all(line.startswith(("#+ ", "#+\n")) or line == "#+" for line in _header_lines(query))


def _header_lines(query: NamedQuery) -> list[str]:
    return [line for line in query.text.splitlines() if line.startswith("#+")]


def _select_clause(text: str) -> str:
    """The outermost SELECT clause: from the first SELECT to the first WHERE."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return body[body.index("SELECT") : body.index("WHERE")]


@pytest.mark.parametrize(("name", "param"), ALL_PARAMS, ids=PARAM_IDS)
def test_every_parameter_is_used_and_projected(name, param):
    query = named_queries()[name]
    variable = "?" + param.name.replace("-", "_")
    assert re.search(rf"\{variable}\b", query.text.split("WHERE", 1)[1]), (
        f"{variable} is not used in the pattern"
    )
    # pyoxigraph substitutes only projected variables (it refuses the query otherwise).
    assert re.search(rf"\{variable}\b", _select_clause(query.text)), (
        f"{variable} is not in the SELECT clause"
    )


@pytest.mark.parametrize(("name", "param"), ALL_PARAMS, ids=PARAM_IDS)
def test_every_example_binds_and_returns_rows(seed, name, param):
    query = named_queries()[name]
    param.bind(param.example)
    data = query_json(seed, query, {param.name: param.example})
    assert data["results"]["bindings"], f"{name}?{param.name}={param.example} returned no rows"


@pytest.mark.parametrize("name", NAMES)
def test_all_examples_together_run(seed, name):
    query = named_queries()[name]
    data = query_json(seed, query, {p.name: p.example for p in query.params})
    assert "bindings" in data["results"]


@pytest.mark.parametrize(
    "name", [n for n in NAMES if not any(p.required for p in named_queries()[n].params)]
)
def test_without_parameters_every_query_answers(seed, name):
    assert query_json(seed, named_queries()[name])["results"]["bindings"]


@pytest.mark.parametrize(
    ("name", "param"),
    [c for c in ALL_PARAMS if c[1].enum],
    ids=[i for i, c in zip(PARAM_IDS, ALL_PARAMS) if c[1].enum],
)
def test_enum_values_are_notations_of_the_ontology_and_run(seed, name, param):
    query = named_queries()[name]
    for value in param.enum:
        ask = f'ASK {{ ?concept <http://www.w3.org/2004/02/skos/core#notation> "{value}" }}'
        assert json.loads(seed.query(QueryRequest(ask, format="json")).body)["boolean"], value
        query_json(seed, query, {param.name: value})
    assert param.example in param.enum


REMOTE_CASES = [
    (name, {}) for name in NAMES if not any(p.required for p in named_queries()[name].params)
]
REMOTE_CASES += [(name, {param.name: param.example}) for name, param in ALL_PARAMS]


@pytest.mark.parametrize(
    ("name", "values"), REMOTE_CASES, ids=[f"{n}-{'-'.join(v) or 'none'}" for n, v in REMOTE_CASES]
)
def test_values_binding_of_a_remote_backend_gives_the_same_answer(seed, name, values):
    query = named_queries()[name]
    bindings = query.bindings(values)
    embedded = seed.query(QueryRequest(query.text, format="json", bindings=bindings)).body
    remote_style = seed.query(QueryRequest(bind_values(query.text, bindings), format="json")).body
    assert json.loads(remote_style) == json.loads(embedded)


def test_a_parameter_missing_from_the_select_clause_is_refused_at_load(tmp_path):
    """The engine refuses such a query at run time, so the loader refuses the file, naming it."""
    text = "SELECT ?s WHERE { ?s ?p ?kind }\n"
    with pytest.raises(Exception, match="projection"):
        list(ox.Store().query(text, substitutions={ox.Variable("kind"): ox.Literal("x")}))
    path = tmp_path / "broken.rq"
    path.write_text("#+ summary: broken\n#+ params:\n#+   - {name: kind, type: string, example: x}\n" + text,
                    encoding="utf-8")
    with pytest.raises(MappingError, match=r"broken\.rq.*SELECT clause as \?kind"):
        parse_query_file(path)
