"""The SPARQL 1.1 service description tests: what `GET /sparql` without a query describes.

The rdflib copy of the manifest names three tests (returns RDF, has an `sd:endpoint` triple,
conforms to the vocabulary); their checks are written here, on the description parsed from
whichever RDF syntax the service chose.
"""

from __future__ import annotations

import pyoxigraph as ox

from .reply_checks import RDF_TYPES, Check, expect_type
from .service import Client

__all__ = ["SERVICE_DESCRIPTION"]

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PARSERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _description(client: Client) -> tuple[list[ox.Triple], str]:
    reply = client.request("GET", "/sparql", headers={"Accept": ", ".join(RDF_TYPES)})
    problem = expect_type(reply, RDF_TYPES)
    if problem:
        return [], problem
    return [q.triple for q in ox.parse(reply.body, format=_PARSERS[reply.media_type])], ""


def _returns_rdf(client: Client) -> str:
    triples, problem = _description(client)
    return problem or ("" if triples else "the description is empty")


def _has_endpoint(client: Client) -> str:
    triples, problem = _description(client)
    endpoint = ox.NamedNode(client.url("/sparql"))
    found = any(
        t.predicate == ox.NamedNode(SD + "endpoint") and t.object == endpoint for t in triples
    )
    return problem or ("" if found else f"no sd:endpoint <{endpoint.value}>")


def _conforms(client: Client) -> str:
    """The shape the SD vocabulary gives: a Service with its endpoint and languages, a default
    dataset with a default graph, named graphs with names, formats as W3C format IRIs."""
    triples, problem = _description(client)
    if problem:
        return problem

    def objects(subject: object, name: str) -> list:
        return [
            t.object
            for t in triples
            if t.subject == subject and t.predicate == ox.NamedNode(SD + name)
        ]

    def typed(node: object, name: str) -> bool:
        return ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SD + name)) in triples

    services = [
        t.subject
        for t in triples
        if t.predicate == ox.NamedNode(RDF_TYPE) and t.object == ox.NamedNode(SD + "Service")
    ]
    if len(services) != 1:
        return f"expected one sd:Service, found {len(services)}"
    service = services[0]
    languages = {lang.value for lang in objects(service, "supportedLanguage")}
    known = {SD + n for n in ("SPARQL10Query", "SPARQL11Query", "SPARQL11Update")}
    if not languages or not languages <= known:
        return f"sd:supportedLanguage must be among {sorted(known)}: {sorted(languages)}"
    if not objects(service, "endpoint"):
        return "no sd:endpoint"
    for fmt in objects(service, "resultFormat"):
        if not fmt.value.startswith("http://www.w3.org/ns/formats/"):
            return f"sd:resultFormat {fmt} is not a W3C format IRI"
    for dataset in objects(service, "defaultDataset"):
        if not typed(dataset, "Dataset") or not objects(dataset, "defaultGraph"):
            return "the sd:defaultDataset is not an sd:Dataset with an sd:defaultGraph"
        for graph in objects(dataset, "namedGraph"):
            if len(objects(graph, "name")) != 1:
                return "an sd:namedGraph without exactly one sd:name"
    return ""


SERVICE_DESCRIPTION: dict[str, Check] = {
    c.name: c
    for c in [
        Check("returns-rdf", _returns_rdf),
        Check("has-endpoint-triple", _has_endpoint),
        Check("conforms-to-schema", _conforms),
    ]
}
