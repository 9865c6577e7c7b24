"""The project's namespaces and the vocabularies it aligns with, in one place.

IRIs are minted under w3id.org so they stay stable wherever the service is deployed; the service
maps the `https://w3id.org/privacy-kg/` prefix onto its own base URL when it dereferences them.
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/privacy-kg/"
PKG = Namespace(BASE + "ontology#")  # classes, properties and controlled-vocabulary individuals
PKR = Namespace(BASE + "id/")  # resources: actors, facts, articles, laws, jurisdictions, rules
GRAPH = Namespace(BASE + "graph/")  # named graphs
SHAPES = Namespace(BASE + "shapes#")  # SHACL shapes

DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("https://w3id.org/dpv/pd#")
LEGAL = Namespace("https://w3id.org/dpv/legal#")
RISK = Namespace("https://w3id.org/dpv/risk#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
VS = Namespace("http://www.w3.org/2003/06/sw-vocab-status/ns#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_GRAPH = GRAPH["ontology"]
ENTITIES_GRAPH = GRAPH["entities"]


def article_graph(article_id: str):
    """The named graph that holds everything one article says."""
    return GRAPH[f"article/{article_id}"]


PREFIXES: dict[str, str] = {
    "pkg": str(PKG),
    "pkr": str(PKR),
    "pkg-sh": str(SHAPES),
    "dpv": str(DPV),
    "pd": str(PD),
    "legal": str(LEGAL),
    "risk": str(RISK),
    "eu-gdpr": str(EU_GDPR),
    "vs": str(VS),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
    "sh": str(SH),
}
