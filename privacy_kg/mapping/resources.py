"""Everything the mapper reads before it sees an article, built once per process.

The gazetteer, lexicon, rules and registry do not depend on the store, so mapping time does not
grow with the graph: ingest talks to the store only after mapping, and only about the entities
the article references.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..registry import Registry
from ..settings import Settings
from ..vocab import read_turtle_files
from .coref import Anaphors
from .describe import Describer
from .doc import ActorInfo
from .gazetteer import Gazetteer, build_gazetteer
from .lexicon import Lexicon, load_lexicon
from .special_names import NameFinder

if TYPE_CHECKING:
    from .rules import RuleSet


@dataclass(frozen=True)
class Resources:
    registry: Registry
    gaz: Gazetteer
    lexicon: Lexicon
    names: NameFinder
    anaphors: Anaphors
    describer: Describer
    desc_keys: dict[tuple[str, str], list[str]]
    base_actors: dict[str, ActorInfo]
    # privacy_kg.mapping.rules.RuleSet (imported lazily: rules import this module's users)
    rules: RuleSet
    data_dir: Path


@functools.cache
def load_resources(data_dir: Path) -> Resources:
    """Registry, vocabularies, lexicon, gazetteer and rules of a project `data/` folder (cached)."""
    from .rules import load_rules

    registry = Registry.load(data_dir / "entities.yaml")
    lexicon = load_lexicon(data_dir / "rules")
    gaz = build_gazetteer(registry, read_turtle_files(data_dir / "vocab"), lexicon)
    describer = Describer(lexicon, gaz, {a.id: a.kind for a in registry.actors.values()})
    base = {a.id: ActorInfo(a.id, a.label.en, a.kind, a.country) for a in registry.actors.values()}
    keys = describer.registry_keys(registry.actors.values())
    names = NameFinder(lexicon, gaz)
    return Resources(
        registry,
        gaz,
        lexicon,
        names,
        Anaphors(lexicon, names.place),
        describer,
        keys,
        base,
        load_rules(data_dir / "rules", lexicon),
        data_dir,
    )


def default_resources(settings: Settings | None = None) -> Resources:
    return load_resources((settings or Settings()).data_dir.resolve())
