"""Protos -> the fact model: defaults, links between facts, stable ids and provenance.

Rule-made facts get ids built from their content and the article id (readable words plus a short
hash), so mapping the same text twice gives the same ids and two articles never share one.
Each fact has one `Derivation` per rule that produced it, with the sentence(s) as evidence.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..model import (
    Actor,
    ArticleFacts,
    Citation,
    Commitment,
    DataFlow,
    Derivation,
    Evidence,
    Fact,
    Figure,
    Incident,
    LawReference,
    LegalAction,
    Post,
    Relation,
    actor_roles,
)
from ..slugs import short_hash, slugify
from . import consolidate as merge
from .defaults import describe, figures, flow_defaults, services_to_operators, whole_governments
from .doc import ISSUER_KINDS, Document
from .protos import Proto, to_protos
from .resources import Resources
from .rules import Draft

MODELS: dict[str, type[Fact]] = {
    "legal_actions": LegalAction,
    "incidents": Incident,
    "data_flows": DataFlow,
    "posts": Post,
    "commitments": Commitment,
    "relations": Relation,
    "law_references": LawReference,
}
ID_PARTS = {
    "legal_actions": ("authority", "target", "kind", "date"),
    "incidents": ("subject", "kind", "date"),
    "data_flows": ("kind", "from_country", "to_country", "to_actor"),
    "posts": ("person", "role"),
    "commitments": ("actor", "kind", "date"),
    "relations": ("subject", "kind", "object"),
    "law_references": ("law",),
}


def assemble(
    doc: Document, drafts: list[Draft], res: Resources, citation: Citation
) -> ArticleFacts:
    markers = res.lexicon.words("new_fact_markers")
    protos = to_protos(doc, drafts, markers, lambda d, spec: describe(d, res, spec))
    groups: dict[str, list[Proto]] = {}
    for proto in protos:
        services_to_operators(doc, res, proto)
        if proto.group in ("incidents", "figures"):
            figures(doc, res, proto)
        groups.setdefault(proto.group, []).append(proto)
    umbrella = whole_governments(doc, res)
    actions = merge.collapse_umbrella(
        merge.legal_actions(doc, groups.get("legal_actions", []), umbrella), umbrella, doc
    )
    incidents = merge.incidents(doc, groups.get("incidents", []), groups.get("figures", []))
    flows = merge.data_flows([flow_defaults(doc, p) for p in groups.get("data_flows", [])])
    commitments = merge.commitments(groups.get("commitments", []))
    relations = merge.relations(groups.get("relations", []))
    posts = merge.keyed(
        groups.get("posts", []), ("person", "role", "organisation"), ("person", "role")
    )
    laws = merge.keyed(groups.get("law_references", []), ("law",), ("law",))
    _link(actions, incidents, flows, commitments)
    built: dict[str, list[Fact]] = {}
    for name, items in (
        ("incidents", incidents),
        ("data_flows", flows),
        ("legal_actions", actions),
        ("posts", posts),
        ("commitments", commitments),
        ("relations", relations),
        ("law_references", laws),
    ):  # linked facts first: their ids are needed
        built[name] = _build(doc, citation.id, name, items)
    actors = _new_actors(doc, built)
    return ArticleFacts(
        article=citation, actors=tuple(actors), **{k: tuple(v) for k, v in built.items()}
    )


def _link(
    actions: list[Proto], incidents: list[Proto], flows: list[Proto], commitments: list[Proto]
) -> None:
    """responds_to / incident / flow links, by subject and position (nearest earlier first)."""

    def incident_for(actor: str | None, order: int) -> Proto | None:
        candidates = [p for p in incidents if p.fields.get("subject") == actor] or incidents
        earlier = [p for p in candidates if p.order <= order] or candidates
        return earlier[-1] if earlier else None

    for action in actions:
        hit = incident_for(action.fields.get("target"), action.order)
        if hit is not None and (
            hit.fields.get("subject") == action.fields.get("target") or len(incidents) == 1
        ):
            action.control["incident"] = hit
    for flow in flows:
        hit = incident_for(flow.fields.get("from_actor"), flow.order)
        if hit is not None and hit.fields.get("subject") == flow.fields.get("from_actor"):
            flow.control["incident"] = hit
    for commitment in commitments:
        hit = incident_for(commitment.fields.get("actor"), commitment.order)
        if hit is not None and hit.fields.get("subject") == commitment.fields.get("actor"):
            commitment.control["incident"] = hit
        same = [f for f in flows if f.order == commitment.order]
        if same and commitment.fields.get("kind") in ("cessation", "relocation"):
            commitment.control["flow"] = same[0]


# -- building --------------------------------------------------------------------------------------
def _build(doc: Document, article_id: str, group: str, protos: list[Proto]) -> list[Fact]:
    model = MODELS[group]
    out: list[Fact] = []
    seen: dict[str, int] = {}
    for proto in protos:
        f = dict(proto.fields)
        key = [str(f.get(name) or "") for name in ID_PARTS[group]]
        ordinal = seen.get("|".join(key), 0)
        seen["|".join(key)] = ordinal + 1
        fact_id = _fact_id(group, key, article_id, ordinal)
        data = {k: v for k, v in f.items() if k in model.model_fields and v not in (None, [], "")}
        for ref, target in (
            ("responds_to", "incident"),
            ("incident", "incident"),
            ("flow", "flow"),
        ):
            linked = proto.control.get(target)
            if ref in model.model_fields and linked is not None and linked.control.get("id"):
                data.setdefault(ref, linked.control["id"])
        if group == "incidents":
            data["figures"] = [
                _figure(fact_id, i, fig) for i, fig in enumerate(f.get("figures", []))
            ]
        if group == "posts":
            data.setdefault("date", doc.date.isoformat())
            data["title"] = str(data.get("title", data.get("role", "")))[:120] or data["role"]
        try:
            fact = model(
                id=fact_id, derivations=_derivations(doc, proto.evidence), **_tuples(model, data)
            )
        except ValidationError as exc:  # a reading the model refuses is dropped, not the article
            doc.warnings.append(f"dropped a {group[:-1]} reading: {exc.errors()[0]['msg']}")
            continue
        proto.control["id"] = fact_id
        out.append(fact)
    return out


def _figure(incident_id: str, index: int, fig: dict[str, Any]) -> Figure:
    value = fig["value"]
    fig_id = f"{incident_id[:100]}-fig-{short_hash(incident_id, value, fig['qualifier'], length=6)}"
    data = {
        k: fig[k]
        for k in ("value", "qualifier", "unit", "date_reported", "scope", "reported_by")
        if fig.get(k) is not None
    }
    return Figure(id=fig_id, derivations=_derivations_from(fig["evidence"]), **data)


def _fact_id(group: str, key: list[str], article_id: str, ordinal: int) -> str:
    words = slugify("-".join(k for k in key if k), max_length=70) or group
    return f"{words}-{short_hash(article_id, group, *key, ordinal, length=8)}"


def _tuples(model: type[Fact], data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = tuple(value)
        elif key in (
            "concerns",
            "reported_as",
            "data_categories",
            "jurisdictions",
            "conditions",
        ) and not isinstance(value, tuple):
            value = (value,)
        out[key] = value
    return out


def _derivations(
    doc: Document, evidence: dict[str, tuple[float, list[tuple[int, int]]]]
) -> tuple[Derivation, ...]:
    return tuple(
        Derivation(
            method=rule,
            confidence=confidence,
            evidence=tuple(Evidence(start=s, end=e, quote=doc.text[s:e]) for s, e in spans),
        )
        for rule, (confidence, spans) in sorted(evidence.items())
    )


def _derivations_from(evidence) -> tuple[Derivation, ...]:
    return tuple(
        Derivation(
            method=rule,
            confidence=confidence,
            evidence=tuple(Evidence(start=s, end=e) for s, e in spans),
        )
        for rule, (confidence, spans) in sorted(evidence.items())
    )


# -- actors the facts introduce --------------------------------------------------------------------


def _new_actors(doc: Document, built: dict[str, list[Fact]]) -> list[Actor]:
    used: dict[str, str] = {}
    for facts in built.values():
        for fact in facts:
            for actor_id, name in actor_roles(fact):
                used.setdefault(actor_id, name)
            for figure in getattr(fact, "figures", ()):
                if figure.reported_by:
                    used.setdefault(figure.reported_by, "reported_by")
    out = []
    for actor_id, role in sorted(used.items()):
        info = doc.actors.get(actor_id)
        if info is None or not info.new:
            continue
        kind = info.kind
        if kind == "unknown":
            kind = "authority" if role == "authority" else "company"
        if kind in ISSUER_KINDS and role == "authority":
            pass
        out.append(
            Actor(
                id=actor_id,
                kind=kind,
                label={"en": info.label[:200]},
                country=info.country,
                description="Found by the rule mapper in this article.",
            )
        )
    return out
