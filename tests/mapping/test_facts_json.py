"""facts-json: the stable JSON form of the fact model."""

from __future__ import annotations

import json
import re

from privacy_kg.mapping.facts_json import to_json

KEYS = {
    "article",
    "actors",
    "incidents",
    "data_flows",
    "legal_actions",
    "posts",
    "commitments",
    "relations",
    "law_references",
}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_shape_and_values(mapit, res) -> None:
    result = mapit(
        "Pinecrest Health Ltd. said on Monday that about 12,000 patient records were stolen in a "
        "data "
        "breach. The tally was revised to 19,500 on Tuesday. Ireland's Data Protection Commission "
        "fined Pinecrest Health Ltd. €1 million on Tuesday."
    )
    data = json.loads(json.dumps(to_json(result.facts, res, result.sha256)))
    assert KEYS <= set(data)
    incident = data["incidents"][0]
    assert (incident["affected_count"], incident["count_qualifier"]) == (19500, "exact")
    assert [f["value"] for f in incident["figures"]] == [12000, 19500]
    fine = data["legal_actions"][0]
    assert (fine["kind"], fine["amount"], fine["currency"]) == ("fine", 1000000, "EUR")
    for item in data["incidents"] + data["legal_actions"]:
        assert item["rule"] and item["evidence"] and item["evidence"][0]["quote"]
        for key in ("date", "deadline"):
            assert item.get(key) is None or DATE.match(item[key])
    actors = {a["id"]: a for a in data["actors"]}
    dpc = actors[fine["authority"]]
    assert (dpc["country"], dpc["role"], dpc["new"]) == ("IE", "authority", True)
    assert data["article"]["sha256"] == result.sha256
