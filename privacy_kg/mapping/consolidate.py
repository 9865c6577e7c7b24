"""Merging protos into the facts an article states, with the documented heuristics:

* Legal actions: a sentence without an issuer continues the previous action (Japanese often
  drops the subject); "this kind of warning" refers back to the previous action and adds how it
  was called; an action credited to a whole government ("the Japanese government") merges into
  the same action by a named body of that government; a plain request on the day of a stronger
  action by the same authority to the same party is part of it; otherwise two readings merge
  when authority, kind, target and date agree and the later sentence does not open with "in
  addition"/"also". An undated action reported as done takes the date of the latest dated action
  before it.
* Incidents: "a breach" opens an incident, "the leak" continues the latest one, a sentence
  without an article continues the latest incident of the same subject; a figure ("the figure was
  raised to 519,000") belongs to the latest incident. Figures are kept, never overwritten.
* Data flows merge when kind, jurisdictions and recipient agree; domestic storage/access/transfer
  is no cross-border flow and is dropped.
* Commitments merge on actor, kind and agreeing dates; statements also on the speaker.
* Relations, posts and law references merge on their content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .doc import Document
from .protos import Proto, dates_agree, same_or_missing

_KIND_RANK = [
    "data_breach",
    "cyberattack",
    "unauthorised_access",
    "exposure",
    "data_misuse",
    "mishandling",
]
_STRONGER = {
    "order",
    "warning",
    "recommendation",
    "administrative_guidance",
    "instruction",
    "fine",
    "reprimand",
}


# -- legal actions ---------------------------------------------------------------------------------
def legal_actions(doc: Document, protos: list[Proto], umbrella: set[str]) -> list[Proto]:
    out: list[Proto] = []
    for proto in protos:
        f = proto.fields
        if not f.get("authority"):
            previous = next((p for p in reversed(out) if abs(p.order - proto.order) < 400), None)
            if previous is None:
                continue
            f["authority"] = previous.fields["authority"]
            f.setdefault("target", previous.fields.get("target"))
        if f.get("target") == f.get("authority"):
            f.pop("target")
        if proto.control.get("refers_back"):
            earlier = next(
                (
                    p
                    for p in reversed(out)
                    if same_or_missing(p.fields.get("target"), f.get("target"))
                ),
                None,
            )
            if earlier is not None:
                _merge_action(earlier, proto, umbrella, doc)
                continue
        match = (
            None
            if proto.new_fact
            else next((p for p in reversed(out) if _same_action(p, proto, umbrella, doc)), None)
        )
        if match is not None:
            _merge_action(match, proto, umbrella, doc)
        else:
            out.append(proto)
    for index, proto in enumerate(out):  # undated past actions take the latest earlier date
        if not proto.fields.get("date") and proto.fields.get("status") != "planned":
            dated = [p.fields["date"] for p in out[:index] if p.fields.get("date")]
            if dated:
                proto.fields["date"] = dated[-1]
        if proto.fields.get("target") == "@previous_target":
            earlier = [
                p.fields.get("target")
                for p in out[:index]
                if p.fields.get("authority") == proto.fields["authority"] and p.fields.get("target")
            ]
            proto.fields["target"] = next(
                (t for t in reversed(earlier) if t != "@previous_target"), None
            )
    for proto in out:
        kinds = [proto.fields["kind"], *proto.fields.get("reported_as", [])]
        proto.fields["reported_as"] = list(dict.fromkeys(kinds))
        if proto.fields.get("target") and not proto.fields.get("concerns"):
            proto.fields["concerns"] = [proto.fields["target"]]
    return _absorb_requests(out)


def _same_action(a: Proto, b: Proto, umbrella: set[str], doc: Document) -> bool:
    fa, fb = a.fields, b.fields
    return (
        fa["kind"] == fb["kind"]
        and _same_authority(fa["authority"], fb["authority"], umbrella, doc)
        and same_or_missing(fa.get("target"), fb.get("target"))
        and dates_agree(fa.get("date"), fb.get("date"))
    )


def _same_authority(a: str, b: str, umbrella: set[str], doc: Document) -> bool:
    if a == b:
        return True
    return (a in umbrella or b in umbrella) and doc.country(a) == doc.country(b)


def _merge_action(keep: Proto, other: Proto, umbrella: set[str], doc: Document) -> None:
    authority = keep.fields["authority"]
    if (
        authority in umbrella
        and other.fields["authority"] not in umbrella
        and doc.country(authority) == doc.country(other.fields["authority"])
    ):
        keep.fields["authority"] = other.fields["authority"]
    seen = [
        keep.fields["kind"],
        *keep.fields.get("reported_as", []),
        other.fields["kind"],
        *other.fields.get("reported_as", []),
    ]
    keep.fields["reported_as"] = list(dict.fromkeys(seen))
    other.fields.pop("kind", None)
    other.fields.pop("reported_as", None)
    other.fields.pop("authority", None)
    if other.fields.get("status") == "completed":
        keep.fields["status"] = "completed"
    keep.absorb(other)


def _absorb_requests(actions: list[Proto]) -> list[Proto]:
    """A plain request made the same day by the same authority to the same party as a stronger
    action (an order, guidance, ...) is part of that action."""
    hosts: dict[int, Proto] = {}
    for proto in actions:
        f = proto.fields
        if f["kind"] != "request" or not f.get("date"):
            continue
        host = next(
            (
                p
                for p in actions
                if p.fields["kind"] in _STRONGER
                and p.fields["authority"] == f["authority"]
                and p.fields.get("target") == f.get("target")
                and p.fields.get("date") == f["date"]
            ),
            None,
        )
        if host is not None:
            hosts[id(proto)] = host
    for proto in actions:
        if id(proto) in hosts:
            proto.fields.pop("kind")
            hosts[id(proto)].absorb(proto)
    return [p for p in actions if id(p) not in hosts]


def collapse_umbrella(actions: list[Proto], umbrella: set[str], doc: Document) -> list[Proto]:
    """A government-wide action merges into the same action by a named body of that government."""
    out = []
    for proto in actions:
        if proto.fields["authority"] in umbrella:
            host = next(
                (
                    p
                    for p in actions
                    if p is not proto
                    and p.fields["authority"] not in umbrella
                    and p.fields["kind"] == proto.fields["kind"]
                    and _same_authority(
                        p.fields["authority"], proto.fields["authority"], umbrella, doc
                    )
                    and same_or_missing(p.fields.get("target"), proto.fields.get("target"))
                    and dates_agree(p.fields.get("date"), proto.fields.get("date"))
                ),
                None,
            )
            if host is not None:
                proto.fields.pop("authority")
                host.absorb(proto)
                continue
        out.append(proto)
    return out


# -- incidents -------------------------------------------------------------------------------------
def incidents(doc: Document, protos: list[Proto], figures: list[Proto]) -> list[Proto]:
    by_sentence: dict[int, Proto] = {}
    for proto in protos:  # one incident per sentence; the strongest determiner mode wins
        if proto.order in by_sentence:
            host = by_sentence[proto.order]
            host.control["mode"] = _mode(host.control.get("mode"), proto.control.get("mode"))
            _merge_incident(host, proto)
        else:
            by_sentence[proto.order] = proto
    out: list[Proto] = []
    for proto in sorted(by_sentence.values(), key=lambda p: p.order):
        mode = proto.control.get("mode", "auto")
        subject = proto.fields.get("subject")
        target = None
        if mode == "same":
            target = next(
                (p for p in reversed(out) if same_or_missing(p.fields.get("subject"), subject)),
                None,
            )
        elif mode == "auto":
            target = next((p for p in reversed(out) if p.fields.get("subject") == subject), None)
        if target is not None:
            _merge_incident(target, proto)
        else:
            out.append(proto)
    for (
        figure
    ) in figures:  # "the figure was raised to ..." belongs to the latest incident before it
        earlier = [p for p in out if p.order <= figure.order] or out
        if not earlier:
            figure.fields.setdefault("subject", doc.main_subject)
            figure.fields.setdefault("kind", "data_breach")
            out.append(figure)
            continue
        _merge_incident(earlier[-1], figure)
    for proto in out:
        proto.fields["figures"] = _unique_figures(proto.fields.get("figures", []))
        proto.fields.setdefault("kind", "data_breach")
    return out


def _mode(a: str | None, b: str | None) -> str:
    order = ["new", "same", "auto"]
    return min((m for m in (a, b) if m), key=order.index, default="auto")


def _merge_incident(keep: Proto, other: Proto) -> None:
    kinds = [k for k in (keep.fields.get("kind"), other.fields.get("kind")) if k]
    if kinds:
        keep.fields["kind"] = min(
            kinds, key=lambda k: _KIND_RANK.index(k) if k in _KIND_RANK else 99
        )
    other.fields.pop("kind", None)
    keep.absorb(other)


def _unique_figures(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for figure in figures:
        same = next(
            (
                f
                for f in out
                if f["value"] == figure["value"] and f["qualifier"] == figure["qualifier"]
            ),
            None,
        )
        if same is None:
            if figure.get("unit") is None and out:
                figure["unit"] = out[-1].get("unit")
            out.append(figure)
            continue
        if figure.get("dated") and not same.get("dated"):  # a figure's own date beats the article's
            same["date_reported"], same["dated"] = figure["date_reported"], True
        same["unit"] = same.get("unit") or figure.get("unit")
        for rule, (confidence, spans) in figure["evidence"].items():
            mine = same["evidence"].setdefault(rule, (confidence, []))
            same["evidence"][rule] = (
                max(mine[0], confidence),
                mine[1] + [x for x in spans if x not in mine[1]],
            )
    return out


# -- data flows ------------------------------------------------------------------------------------
_DOMESTIC_DROP = {"storage", "access", "transfer", "processing", "leak"}


def data_flows(protos: list[Proto]) -> list[Proto]:
    out: list[Proto] = []
    for proto in protos:
        f = proto.fields
        if not f.get("from_country") or not f.get("to_country"):
            continue
        if f.get("from_actor") and f.get("from_actor") == f.get("to_actor"):
            continue
        if f["from_country"] == f["to_country"] and f["kind"] in _DOMESTIC_DROP:
            continue
        _absorb_or_add(out, proto, _same_flow)
    return out


def _same_flow(kept: Proto, new: Proto) -> bool:
    a, b = kept.fields, new.fields
    return (
        a["kind"] == b["kind"]
        and a["from_country"] == b["from_country"]
        and a["to_country"] == b["to_country"]
        and same_or_missing(a.get("to_actor"), b.get("to_actor"))
    )


# -- commitments -----------------------------------------------------------------------------------
def commitments(protos: list[Proto]) -> list[Proto]:
    out: list[Proto] = []
    for proto in protos:
        f = proto.fields
        if not f.get("actor"):
            continue
        if not f.get("date") and f.get("kind") != "statement":
            dated = [
                p.fields["date"]
                for p in out
                if p.fields.get("actor") == f["actor"] and p.fields.get("date")
            ]
            if dated:
                f["date"] = dated[-1]
        statement = f["kind"] == "statement"
        _absorb_or_add(out, proto, _same_statement if statement else _same_commitment)
    return out


def _same_commitment(kept: Proto, new: Proto) -> bool:
    return _same_speaker(kept, new) and dates_agree(
        kept.fields.get("date"), new.fields.get("date")
    )


def _same_statement(kept: Proto, new: Proto) -> bool:
    return _same_speaker(kept, new) and kept.fields.get("date") == new.fields.get("date")


def _same_speaker(kept: Proto, new: Proto) -> bool:
    """Same kind and actor, and the same speaker (or none)."""
    return (
        kept.fields["kind"] == new.fields["kind"]
        and kept.fields["actor"] == new.fields["actor"]
        and kept.control.get("speaker") == new.control.get("speaker")
    )


# -- relations, posts, law references --------------------------------------------------------------
def relations(protos: list[Proto]) -> list[Proto]:
    out: list[Proto] = []
    for proto in protos:
        f = proto.fields
        if not f.get("subject") or not f.get("object") or f["subject"] == f["object"]:
            continue
        _absorb_or_add(out, proto, _same_relation)
    closer = {
        (p.fields["subject"], p.fields["object"])
        for p in out
        if p.fields["kind"] in ("affiliate_of", "subsidiary_of")
    }
    return [
        p
        for p in out
        if not (
            p.fields["kind"] == "contractor_of"
            and (p.fields["subject"], p.fields["object"]) in closer
        )
    ]


def _same_relation(kept: Proto, new: Proto) -> bool:
    a, b = kept.fields, new.fields
    return (a["kind"], a["subject"], a["object"]) == (b["kind"], b["subject"], b["object"])


def keyed(protos: list[Proto], key: tuple[str, ...], required: tuple[str, ...]) -> list[Proto]:
    def same(kept: Proto, new: Proto) -> bool:
        return all(kept.fields.get(k) == new.fields.get(k) for k in key)

    out: list[Proto] = []
    for proto in protos:
        if any(not proto.fields.get(name) for name in required):
            continue
        _absorb_or_add(out, proto, same)
    return out


def _absorb_or_add(out: list[Proto], proto: Proto, same: Callable[[Proto, Proto], bool]) -> None:
    """Merge `proto` into the first kept proto that `same(kept, proto)` accepts, else keep it."""
    match = next((p for p in out if same(p, proto)), None)
    if match is not None:
        match.absorb(proto)
    else:
        out.append(proto)
