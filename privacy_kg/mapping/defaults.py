"""Defaults and clean-ups applied to protos before they merge: services standing in for actors,
figures with their date and scope, flow jurisdictions, whole-government authorities, descriptions
named in templates ({describe: contractor, owner: ..., country: ...})."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..text.amounts import Amount
from .doc import Document
from .protos import Proto
from .resources import Resources
from .tokens import fold

_NEEDS_ACTOR = (
    "authority",
    "target",
    "subject",
    "perpetrator",
    "via",
    "from_actor",
    "to_actor",
    "actor",
    "person",
    "organisation",
    "reported_by",
)


def services_to_operators(doc: Document, res: Resources, proto: Proto) -> None:
    """A service (an app) is not an actor: where a fact needs an actor, its operator stands in, and
    a
    legal action keeps the service in `concerns`. Relations may name services as they are."""
    if proto.group == "relations":
        return
    for name in _NEEDS_ACTOR:
        value = proto.fields.get(name)
        if isinstance(value, str) and doc.kind(value) == "service":
            if proto.group == "legal_actions":
                proto.fields["concerns"] = list(
                    dict.fromkeys([*(proto.fields.get("concerns") or []), value])
                )
            operator = _operator(doc, res, value)
            if operator:
                proto.fields[name] = operator
            else:
                proto.fields.pop(name)


def _operator(doc: Document, res: Resources, service: str) -> str | None:
    """The company behind a service: the registry's anchor, or the article's company of the same
    name."""
    for anchor in sorted(res.gaz.anchors.get(service, ())):
        if doc.kind(anchor) == "company":
            return anchor
    label = doc.actors[service].label.lower()
    for actor_id, info in doc.actors.items():
        if (
            info.kind == "company"
            and info.new
            and label.split(" ")[0] == info.label.lower().split(" ")[0]
        ):
            return actor_id
    return None


def describe(doc: Document, res: Resources, spec: dict[str, Any]) -> str | None:
    owner = spec.get("owner") or doc.main_subject
    words = tuple(str(spec["describe"]).split())
    return res.describer.link(
        doc, res.desc_keys, str(spec["describe"]), owner, spec.get("country"), words
    )


def whole_governments(doc: Document, res: Resources) -> set[str]:
    """Whole national governments: a label that is an umbrella word once place words are removed
    ("Government of Japan", "Japanese government")."""
    heads = res.lexicon.words("umbrella_heads")
    out = set()
    for actor_id, info in doc.actors.items():
        if info.kind != "government_body":
            continue
        words = [
            w
            for w in re.findall(r"[\w']+", info.label.lower().replace("'s", ""))
            if w not in ("of", "the")
            and not any(
                t.type in ("country", "demonym")
                for t in res.gaz.lookup(w.title()) | res.gaz.lookup(w)
            )
        ]
        if len(words) == 1 and words[0] in heads:
            out.add(actor_id)
    return out


# -- figures --------------------------------------------------------------------------------------
def figures(doc: Document, res: Resources, proto: Proto) -> None:
    amounts = proto.fields.pop("figures", [])
    amounts = amounts if isinstance(amounts, list) else [amounts]
    dated = proto.control.get("figure_date") or proto.fields.get("date")
    reported = dated or doc.date.isoformat()
    out = []
    for amount in amounts:
        if not isinstance(amount, Amount) or amount.is_money:
            continue
        out.append(
            {
                "value": Decimal(str(amount.value)),
                "qualifier": amount.qualifier,
                "unit": _unit(amount.unit),
                "date_reported": reported,
                "scope": _scope(doc, res, amount),
                "reported_by": proto.fields.get("reported_by"),
                "evidence": dict(proto.evidence),
                "dated": bool(dated),
            }
        )
    proto.fields["figures"] = out
    proto.fields.pop("reported_by", None)


def _unit(unit: str | None) -> str | None:
    return unit if unit and re.fullmatch(r"[a-z][a-z ]*", unit) else None


def _scope(doc: Document, res: Resources, amount: Amount) -> str | None:
    after = fold(doc.text[amount.end : amount.end + 40]).lower()
    if any(
        after.lstrip(" ,").startswith(w) or after.startswith(" " + w)
        for w in res.lexicon.words("world_words")
    ):
        return "001"
    for mention in doc.mentions:
        if mention.type == "country" and amount.end <= mention.start <= amount.end + 50:
            between = fold(doc.text[amount.end : mention.start]).lower()
            if re.search(r"\bin(?: the)?\s*$", between) and "including" not in between:
                return mention.ids[0]
    return None


# -- defaults and links ----------------------------------------------------------------------------
def flow_defaults(doc: Document, proto: Proto) -> Proto:
    f = proto.fields
    f.setdefault("from_country", doc.country(f.get("from_actor")) or doc.focal_country)
    if not f.get("to_country"):
        f["to_country"] = doc.country(f.get("to_actor"))
    if not f.get("data_categories"):
        f["data_categories"] = ["personal-data"]
    elif len(f["data_categories"]) > 1 and "personal-data" in f["data_categories"]:
        f["data_categories"] = [c for c in f["data_categories"] if c != "personal-data"]
    return proto
