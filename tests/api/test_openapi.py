"""`/openapi.json` documents every route and every named query, with summaries, error schemas and
examples; every documented example request answers 2xx against the seed graph (both backends)."""

from __future__ import annotations

import httpx
import pytest
from fastapi.routing import APIRoute
from testkit.live import client_fixture

from privacy_kg.queries import NamedQueries

MINE = {"resources", "queries", "maintenance", "pages"}  # the tags of the REST side


client = client_fixture(timeout=60)


@pytest.fixture(scope="module")
def schema(client: httpx.Client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def test_every_route_and_every_named_query_is_documented(service, schema: dict) -> None:
    from api import create_app

    app = create_app(service.settings, service.store)
    documented = {(path, method) for path, method, _ in operations(schema)}
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in route.methods - {"HEAD"}:
                assert (route.path, method) in documented, (route.path, method)
    for name in NamedQueries.load(service.settings.queries_dir):
        assert (f"/queries/{name}", "GET") in documented
    for path in (
        "/actors",
        "/actors/{id}",
        "/incidents",
        "/incidents/{id}",
        "/data-flows",
        "/data-flows/{id}",
        "/legal-actions",
        "/legal-actions/{id}",
        "/articles",
        "/articles/{id}",
        "/queries",
        "/validate",
        "/dumps/{file}",
        "/health",
        "/",
        "/id/{path}",
        "/ontology",
        "/ontology/{term}",
    ):
        assert path in schema["paths"], path


def test_operations_have_summaries_and_json_errors(schema: dict) -> None:
    for path, method, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        if not MINE & set(operation.get("tags", ())):
            continue
        errors = [
            code
            for code in operation["responses"]
            if code.startswith(("4", "5")) or code == "default"
        ]
        assert errors, (method, path)
        for code in errors:
            ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorBody"), (method, path, code)
        assert "422" not in operation["responses"] or method == "POST", (
            method,
            path,
        )  # parameter errors are 400


def test_list_parameters_are_typed_and_described(schema: dict) -> None:
    params = {p["name"]: p for p in schema["paths"]["/legal-actions"]["get"]["parameters"]}
    assert {
        "authority",
        "target",
        "kind",
        "reported_as",
        "date_from",
        "date_to",
        "limit",
        "offset",
    } <= set(params)
    assert (
        params["limit"]["schema"]["maximum"] == 500 and params["limit"]["schema"]["default"] == 50
    )
    assert all(p.get("description") for p in params.values())
    response = schema["paths"]["/legal-actions"]["get"]["responses"]["200"]
    assert {"application/json", "application/ld+json", "text/turtle"} <= set(response["content"])
    assert "Link" in response["headers"]
    model = schema["components"]["schemas"]["LegalAction"]
    assert {
        "authority",
        "target",
        "kind",
        "date",
        "deadline",
        "amount",
        "currency",
        "legal_basis",
        "sources",
    } <= set(model["properties"])
    assert model["examples"][0]["kind"] == "order"


def _example_request(path: str, operation: dict) -> tuple[str, dict[str, str]]:
    query: dict[str, str] = {}
    for param in operation.get("parameters", []):
        examples = param.get("examples") or param.get("schema", {}).get("examples")
        if param["in"] == "path":
            assert examples, f"path parameter {param['name']} of {path} has no example"
            path = path.replace("{" + param["name"] + "}", str(examples[0]))
        elif examples and param["in"] == "query":
            query[param["name"]] = str(examples[0])
    return path, query


def test_every_documented_example_request_answers(client: httpx.Client, schema: dict) -> None:
    tried = 0
    for path, method, operation in operations(schema):
        if method != "GET" or not MINE & set(operation.get("tags", ())):
            continue
        url, query = _example_request(path, operation)
        response = client.get(url, params=query)
        assert 200 <= response.status_code < 300, (url, query, response.text[:300])
        for name, value in query.items():  # each example also works alone
            alone = client.get(url, params={name: value})
            assert 200 <= alone.status_code < 300, (url, name, alone.text[:300])
        tried += 1
    assert tried >= 25


def test_documented_request_bodies_answer(client: httpx.Client, schema: dict) -> None:
    body = schema["paths"]["/validate"]["post"]["requestBody"]["content"]["text/turtle"]["example"]
    response = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 200 and response.json()["conforms"] is True
    ingest = schema["paths"]["/articles"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain"} <= set(ingest) and ingest["application/json"][
        "example"
    ]["text"]
