"""The REST layer's parts without a server: query files and their composition, paging links, the
models against the emitter's field tables, plain rows. Fast, and they fail with a precise cause."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from starlette.datastructures import URL

from api.rest.compose import counted, paged, shape, with_items
from api.rest.models import DataFlow, Figure, Incident, LegalAction
from api.rest.pagination import link_header, page_links
from api.rest.query_routes import plain_rows
from api.routers.actors import ActorFilters
from api.routers.articles import ArticleFilters
from api.routers.data_flows import DataFlowFilters
from api.routers.incidents import IncidentFilters
from api.routers.legal_actions import LegalActionFilters
from privacy_kg import model
from privacy_kg.emit import FIELDS
from privacy_kg.errors import MappingError
from privacy_kg.queries import NamedQueries
from privacy_kg.settings import Settings

REST = NamedQueries.load(Settings().queries_dir / "rest")
FILTERS = {
    "actors": ActorFilters,
    "articles": ArticleFilters,
    "data-flows": DataFlowFilters,
    "incidents": IncidentFilters,
    "legal-actions": LegalActionFilters,
}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_models_match_the_query_headers(name: str) -> None:
    declared = {p.name for p in REST[name].params}
    assert set(FILTERS[name].model_fields) - {"limit", "offset", "format"} == declared


@pytest.mark.parametrize(
    ("fact", "response"),
    [
        (model.LegalAction, LegalAction),
        (model.Incident, Incident),
        (model.DataFlow, DataFlow),
        (model.Figure, Figure),
    ],
)
def test_response_models_have_every_field_the_emitter_writes(fact: type, response: type) -> None:
    assert {name for name, _, _ in FIELDS[fact]} <= set(response.model_fields)


def test_every_list_query_projects_its_parameters_and_item() -> None:
    for name in FILTERS:
        query = REST[name]
        found = shape(query.text, name)
        projection = query.text[found.form_at : found.group_open]
        for variable in ("item", *(p.name for p in query.params)):
            assert f"?{variable}" in projection, (
                name,
                variable,
            )  # pyoxigraph binds projected variables only


def test_counted_reuses_the_where_group_and_groups_on_the_parameters() -> None:
    text = "PREFIX a: <http://a/>\nSELECT ?item ?p WHERE { ?item a a:T . FILTER(STR(?item) != '}') } ORDER BY ?item"
    query = counted(shape(text), ("p",))
    assert query.startswith("PREFIX a: <http://a/>\nSELECT (COUNT(DISTINCT ?item) AS ?total) ?p")
    assert "WHERE { ?item a a:T . FILTER(STR(?item) != '}') }" in query and query.rstrip().endswith(
        "GROUP BY ?p"
    )
    assert "ORDER BY" not in query
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://a/1"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://a/T"),
        )
    )
    assert [r["total"].value for r in store.query(counted(shape(text), ()))] == ["1"]
    assert paged(text, 5, 10).rstrip().endswith("LIMIT 5 OFFSET 10")


def test_with_items_fills_every_empty_values_block_with_escaped_iris() -> None:
    text = (
        "SELECT * WHERE { { VALUES ?item { } ?item ?p ?o } UNION { VALUES ?item { } ?o ?p ?item } }"
    )
    filled = with_items(text, ["http://a/1", "http://a/2"])
    assert filled.count("VALUES ?item { <http://a/1> <http://a/2> }") == 2
    with pytest.raises(MappingError):
        with_items(text, ["http://a/> } ; DROP ALL ; <x"])  # not an IRI: refused, never written
    with pytest.raises(MappingError):
        with_items("SELECT * WHERE { ?s ?p ?o }", ["http://a/1"])
    describe = REST["describe"].text
    assert with_items(describe, ["http://a/1"]).count("<http://a/1>") == 4  # one block per branch


def test_page_links() -> None:
    url = URL("http://h/legal-actions?authority=ppc&limit=2&offset=2&kind=order")
    links = page_links(url, 2, 2, 7)
    assert links == {
        "first": "http://h/legal-actions?authority=ppc&kind=order&limit=2&offset=0",
        "prev": "http://h/legal-actions?authority=ppc&kind=order&limit=2&offset=0",
        "next": "http://h/legal-actions?authority=ppc&kind=order&limit=2&offset=4",
        "last": "http://h/legal-actions?authority=ppc&kind=order&limit=2&offset=6",
    }
    assert link_header({"next": "http://h/x"}) == '<http://h/x>; rel="next"'
    assert "next" not in page_links(url, 2, 6, 7) and page_links(url, 2, 0, 0) == {
        "first": "http://h/legal-actions?authority=ppc&kind=order&limit=2&offset=0"
    }


def test_plain_rows_types_values() -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    body = json.dumps(
        {
            "head": {"vars": ["a", "n", "d", "b", "s"]},
            "results": {
                "bindings": [
                    {
                        "a": {"type": "uri", "value": "http://a/1"},
                        "n": {"type": "literal", "value": "3", "datatype": xsd + "integer"},
                        "d": {"type": "literal", "value": "0.5", "datatype": xsd + "decimal"},
                        "b": {"type": "literal", "value": "true", "datatype": xsd + "boolean"},
                        "s": {"type": "literal", "value": "x", "xml:lang": "en"},
                    },
                    {"a": {"type": "uri", "value": "http://a/2"}},
                ]
            },
        }
    ).encode()
    assert plain_rows(body) == [
        {"a": "http://a/1", "n": 3, "d": 0.5, "b": True, "s": "x"},
        {"a": "http://a/2"},
    ]
