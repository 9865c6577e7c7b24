"""Small HTML pages: the index, a resource's triples, the ontology. Every value is escaped.

Project IRIs link to this service (`https://w3id.org/privacy-kg/id/x` -> `/id/x`, ontology terms ->
`/ontology#Term`), so the pages are browsable on any deployment; other IRIs link out.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from privacy_kg.namespaces import BASE, PREFIXES

ID_BASE = BASE + "id/"
ONTOLOGY_BASE = BASE + "ontology#"
STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}code,pre{font-size:13px;background:#f4f4f4}
pre{padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;vertical-align:top;
text-align:left}th{background:#fafafa}.muted{color:#777;font-size:13px}a{color:#0645ad}
"""


def local_href(iri: str) -> str | None:
    """Where this service serves a project IRI, if it is one."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri[len(ID_BASE) :]
    if iri.startswith(ONTOLOGY_BASE):
        return "/ontology#" + iri[len(ONTOLOGY_BASE) :]
    if iri == BASE + "ontology":
        return "/ontology"
    return None


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def iri_link(iri: str, label: str | None = None) -> str:
    href = local_href(iri) or (iri if iri.startswith(("http://", "https://")) else None)
    text = escape(curie(iri))
    shown = f"{escape(label)} <span class=muted>{text}</span>" if label else text
    return f'<a href="{escape(href, quote=True)}">{shown}</a>' if href else shown


def term(binding: dict[str, str], label: str | None = None) -> str:
    """A SPARQL JSON term as HTML: a link for an IRI, the text with its language or datatype otherwise."""
    if binding["type"] == "uri":
        return iri_link(binding["value"], label)
    if binding["type"] == "bnode":
        return escape("_:" + binding["value"])
    note = binding.get("xml:lang") or (curie(binding["datatype"]) if "datatype" in binding else "")
    suffix = f" <span class=muted>{escape(note)}</span>" if note else ""
    return escape(binding["value"]) + suffix


def page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
        f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{STYLE}</style></head>"
        f"<body>{body}<p class=muted><a href='/'>privacy-kg</a> · <a href='/docs'>API docs</a> · "
        f"<a href='/sparql'>SPARQL</a> · <a href='/ontology'>ontology</a></p></body></html>"
    )


def alternates(path: str, formats: Iterable[tuple[str, str]]) -> str:
    links = " · ".join(
        f'<a href="{escape(path)}?format={key}">{escape(name)}</a>' for key, name in formats
    )
    return f"<p class=muted>Also as {links}, or ask with an Accept header.</p>"


def resource_page(iri: str, rows: list[dict[str, Any]], path: str) -> str:
    """Outgoing triples, then the links that point here, each with its graph."""
    title = _own_label(rows) or curie(iri)
    out = [r for r in rows if r["direction"]["value"] == "out"]
    incoming = [r for r in rows if r["direction"]["value"] == "in"]
    body = [
        f"<h1>{escape(title)}</h1><p><code>{escape(iri)}</code></p>",
        alternates(path, (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"))),
    ]
    body.append(_table("Statements", ("property", "value", "graph"), out))
    if incoming:
        body.append(
            _table("What links here", ("subject", "property", "graph"), incoming, reverse=True)
        )
    if len(rows) >= 2000:
        body.append(
            "<p class=muted>Only the first 2,000 statements are shown; the RDF formats have them all.</p>"
        )
    return page(title, "".join(body))


def _own_label(rows: list[dict[str, Any]]) -> str | None:
    labels = sorted(
        r["other"]["value"]
        for r in rows
        if r["direction"]["value"] == "out"
        and r["p"]["value"].endswith("rdf-schema#label")
        and r["other"].get("xml:lang", "").lower().startswith("en")
    )
    return labels[0] if labels else None


def _table(
    heading: str, columns: tuple[str, ...], rows: list[dict[str, Any]], reverse: bool = False
) -> str:
    head = "".join(f"<th>{c}</th>" for c in columns)
    lines = []
    for r in rows:
        other = term(r["other"], r.get("label", {}).get("value"))
        prop = term(r["p"])
        graph = term(r["g"])
        cells = (other, prop, graph) if reverse else (prop, other, graph)
        lines.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<h2>{escape(heading)}</h2><table><tr>{head}</tr>{''.join(lines)}</table>"


def ontology_page(terms: dict[str, dict[str, list[str]]], labels: dict[str, str]) -> str:
    """One section per term of the project's namespace, anchored `#Term`, grouped by what it is."""
    groups: dict[str, list[str]] = {
        "Classes": [],
        "Properties": [],
        "Concepts": [],
        "Other terms": [],
    }
    for iri, props in terms.items():
        types = {curie(t) for t in props.get(PREFIXES["rdf"] + "type", [])}
        if "owl:Class" in types:
            groups["Classes"].append(iri)
        elif types & {
            "owl:ObjectProperty",
            "owl:DatatypeProperty",
            "rdf:Property",
            "owl:AnnotationProperty",
        }:
            groups["Properties"].append(iri)
        elif "skos:Concept" in types or "skos:ConceptScheme" in types:
            groups["Concepts"].append(iri)
        else:
            groups["Other terms"].append(iri)
    intro = (
        "<h1>The privacy-kg ontology</h1><p>Classes, properties and controlled vocabularies of "
        f"<code>{escape(ONTOLOGY_BASE)}</code>. Every term links to its own section; "
        "<code>/ontology/{Term}</code> lists a term's statements.</p>"
    )
    body = [
        intro,
        alternates(
            "/ontology", (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"))
        ),
    ]
    for heading, members in groups.items():
        if not members:
            continue
        body.append(f"<h2>{heading} ({len(members)})</h2>")
        for iri in sorted(members, key=lambda i: i.lower()):
            body.append(_term_section(iri, terms[iri], labels))
    return page("privacy-kg ontology", "".join(body))


def _term_section(iri: str, props: dict[str, list[str]], labels: dict[str, str]) -> str:
    name = iri[len(ONTOLOGY_BASE) :]
    rows = []
    for predicate in sorted(props):
        values = ", ".join(
            iri_link(v, labels.get(v)) if v.startswith(("http://", "https://")) else escape(v)
            for v in props[predicate]
        )
        rows.append(f"<tr><td>{escape(curie(predicate))}</td><td>{values}</td></tr>")
    return (
        f'<h3 id="{escape(name, quote=True)}"><a href="/ontology/{escape(name, quote=True)}">'
        f"{escape(labels.get(iri) or name)}</a> <span class=muted>pkg:{escape(name)}</span></h3>"
        f"<table>{''.join(rows)}</table>"
    )


def index_page(info: dict[str, Any]) -> str:
    links = "".join(
        f'<li><a href="{escape(href)}">{escape(href)}</a>: {escape(text)}</li>'
        for href, text in info["links"].items()
    )
    examples = "".join(
        f"<li>{escape(e['title'])}<pre>{escape(e['curl'])}</pre></li>" for e in info["examples"]
    )
    body = (
        f"<h1>privacy-kg {escape(info['version'])}</h1><p>{escape(info['description'])}</p>"
        f"<h2>Where to go</h2><ul>{links}</ul>"
        f"<h2>Example requests</h2><p class=muted>Paste them into a shell while the service runs on "
        f"{escape(info['base_url'])}.</p><ol>{examples}</ol>"
    )
    return page("privacy-kg", body)
