"""Example requests shown on the index page, as data: each renders as a curl line that works as
written against `privacy-kg serve` on a fresh clone (the seed graph), and the tests run every one.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from urllib.parse import urlencode

BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Example:
    title: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    method: str = "GET"
    body: str | None = None
    output: str | None = field(default=None, compare=False)  # curl -o: a download
    readable: bool = (
        False  # give the parameters to curl (-G --data-urlencode) rather than in the URL
    )

    def url(self, base: str = BASE_URL) -> str:
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"{base}{self.path}{query}"

    def curl(self, base: str = BASE_URL) -> str:
        parts = ["curl", "-sS"]
        if self.method == "POST":
            parts += ["-X", "POST"]
        for name, value in self.headers:
            parts += ["-H", f"{name}: {value}"]
        if self.body is not None:
            parts += ["--data-binary", self.body]
        if self.output:
            parts += ["-o", self.output]
        if self.readable:
            parts += ["-G", f"{base}{self.path}"]
            for name, value in self.params:
                parts += ["--data-urlencode", f"{name}={value}"]
        else:
            parts.append(self.url(base))
        return shlex.join(parts)

    def to_json(self, base: str = BASE_URL) -> dict[str, object]:
        return {
            "title": self.title,
            "method": self.method,
            "url": self.url(base),
            "headers": dict(self.headers),
            "curl": self.curl(base),
        }


SPARQL_QUERY = (
    "PREFIX pkg: <https://w3id.org/privacy-kg/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?action ?label WHERE { ?action a pkg:LegalAction ; rdfs:label ?label } ORDER BY ?action LIMIT 5"
)
TURTLE = (  # PREFIX, not @prefix: curl reads a --data-binary value starting with @ as a file name
    "PREFIX pkg: <https://w3id.org/privacy-kg/ontology#> "
    "<https://w3id.org/privacy-kg/id/actor/example-corp> a pkg:Company ; "
    "pkg:country <https://w3id.org/privacy-kg/id/jurisdiction/JP> ."
)

EXAMPLES: tuple[Example, ...] = (
    Example(
        "Legal actions by Japan's Personal Information Protection Commission, newest first",
        "/legal-actions",
        (("authority", "ppc"),),
    ),
    Example(
        "Legal actions dated 19 March 2021 (month- and year-precision dates overlap the range)",
        "/legal-actions",
        (("date_from", "2021-03-19"), ("date_to", "2021-03-19")),
    ),
    Example(
        "The LY Corporation leak, with each figure as it was reported",
        "/incidents/ly-naver-subcontractor-leak-2023",
    ),
    Example(
        "Data flows from Japan to China",
        "/data-flows",
        (("from_country", "JP"), ("to_country", "CN")),
    ),
    Example(
        "Actors whose name or alias contains 'line', in any language", "/actors", (("q", "line"),)
    ),
    Example("An actor as JSON-LD", "/actors/ppc", headers=(("Accept", "application/ld+json"),)),
    Example(
        "Articles published in 2021, second page of two",
        "/articles",
        (("date_from", "2021"), ("date_to", "2021"), ("limit", "2"), ("offset", "2")),
    ),
    Example("The named queries", "/queries"),
    Example(
        "A named query as CSV",
        "/queries/regulatory-actions",
        (("authority", "ppc"), ("format", "csv")),
    ),
    Example(
        "A named query as a plain JSON array",
        "/queries/cross-border-flows",
        (("from_country", "JP"), ("format", "rows")),
    ),
    Example(
        "SPARQL, results as CSV",
        "/sparql",
        (("query", SPARQL_QUERY),),
        (("Accept", "text/csv"),),
        readable=True,
    ),
    Example(
        "A resource's page as Turtle",
        "/id/legal-action/ppc-facebook-protection-order-2018",
        headers=(("Accept", "text/turtle"),),
    ),
    Example(
        "Validate a Turtle document against the shapes (nothing is written)",
        "/validate",
        headers=(("Content-Type", "text/turtle"),),
        method="POST",
        body=TURTLE,
    ),
    Example("Download the whole graph as N-Quads", "/dumps/privacy-kg.nq", output="privacy-kg.nq"),
    Example("Service health", "/health"),
)
