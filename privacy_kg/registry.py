"""The entity registry (`data/entities.yaml`): every actor and law, once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import MappingError
from .model import Actor, Law
from .yamlfiles import read_yaml, validate_model


@dataclass(frozen=True)
class Registry:
    actors: dict[str, Actor]
    laws: dict[str, Law]

    @classmethod
    def load(cls, path: Path) -> Registry:
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise MappingError(f"{path}: expected a mapping with 'actors' and 'laws'")
        unknown = set(data) - {"actors", "laws"}
        if unknown:
            raise MappingError(f"{path}: unknown top-level keys {sorted(unknown)}; expected 'actors' and 'laws'")
        actors = [validate_model(Actor, item, f"{path}: actors[{i}]") for i, item in enumerate(data.get("actors") or [])]
        laws = [validate_model(Law, item, f"{path}: laws[{i}]") for i, item in enumerate(data.get("laws") or [])]
        return cls(_unique(actors, path, "actor"), _unique(laws, path, "law"))

    def with_actors(self, extra: tuple[Actor, ...]) -> Registry:
        """The registry plus actors an article introduces (registry entries win on a clash)."""
        merged = {a.id: a for a in extra}
        merged.update(self.actors)
        return Registry(merged, self.laws)


def _unique(items: list, path: Path, what: str) -> dict:
    out: dict = {}
    for item in items:
        if item.id in out:
            raise MappingError(f"{path}: {what} id {item.id!r} is defined twice")
        out[item.id] = item
    return out
