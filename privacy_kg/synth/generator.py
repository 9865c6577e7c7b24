"""The synthetic graph generator: about N triples shaped like the real graph, the same for a seed.

Everything goes through the project's own path: a `World` of registry actors and laws, stories
written as `ArticleFacts`, and the one `Emitter`, so the output has the real graph's layout (the
ontology graph, the entities graph, one graph per article) and conforms to the SHACL shapes by
construction. All randomness comes from one `random.Random(seed)`; nothing iterates a set or
reads the clock, so the same seed gives byte-identical N-Quads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from ..emit import Emitter, References, entity_graph
from ..errors import InputError
from ..model import ArticleFacts
from ..namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, article_graph
from ..vocab import Vocabulary
from .drafts import FIRST_DAY, LAST_DAY
from .sink import QuadSink
from .stories import StoryWriter
from .world import build_world

# Stories start over this span; their later articles run on for months or years after.
STORY_SPAN_DAYS = (LAST_DAY - FIRST_DAY).days - 365
PROGRESS_STEPS = 20


@dataclass(frozen=True)
class SynthStats:
    """What a run wrote: `triples` counts N-Quads lines (a triple stated by two articles counts twice)."""

    triples: int
    articles: int
    facts: int
    actors: int
    laws: int
    bytes: int
    seconds: float

    @property
    def graphs(self) -> int:
        return self.articles + 2  # the ontology and entities graphs


Progress = Callable[[SynthStats], None]


def generate(vocab: Vocabulary, triples: int, seed: int, out: BinaryIO, progress: Progress | None = None) -> SynthStats:
    """Write about `triples` N-Quads lines to `out` (within one article of the target)."""
    began = time.perf_counter()
    rng = random.Random(seed)
    world = build_world(rng, vocab, triples)
    fixed = _fixed_graphs(vocab, world.actors.values(), world.laws.values())
    written = sum(len(sink) for sink in fixed)
    if written > triples:
        raise InputError(f"--triples must be at least {written:,}: the ontology, vocabularies and the smallest "
                         "world of actors alone take that many")
    size = 0
    for sink in fixed:
        data = sink.encode(sort=True)
        out.write(data)
        size += len(data)
    index: dict[str, str] = {}
    emitter = Emitter(vocab, References(frozenset(world.actors), frozenset(world.laws), index))
    writer = StoryWriter(rng, world, index)
    articles = facts_written = 0
    fixed_lines, budget, next_report = written, triples - written, written
    shared_seen: set[bytes] = set()  # publishers and rules: written once to the entities graph

    def stats() -> SynthStats:
        return SynthStats(written, articles, facts_written, len(world.actors), len(world.laws), size,
                          time.perf_counter() - began)

    while written < triples:
        start = FIRST_DAY + dt.timedelta(days=_story_day(rng, written - fixed_lines, budget))
        for facts in writer.story(start):
            sink, shared = QuadSink(article_graph(facts.article.id)), QuadSink(ENTITIES_GRAPH)
            emitter.article_graph(facts, _content_hash(facts), graph=sink, shared=shared)
            new_shared = [line for line in shared.encode().splitlines(keepends=True) if line not in shared_seen]
            count = len(sink) + len(new_shared)
            over, under = written + count - triples, triples - written
            if over > 0 and over > under:  # closer to the target without this article
                return stats()
            shared_seen.update(new_shared)
            data = sink.encode() + b"".join(new_shared)
            out.write(data)
            size += len(data)
            written += count
            articles += 1
            facts_written += len(facts.facts())
            if progress and written >= next_report:
                progress(stats())
                next_report = written + max(budget // PROGRESS_STEPS, 1)
            if written >= triples:
                break
    return stats()


def _story_day(rng: random.Random, done: int, budget: int) -> int:
    """Days after FIRST_DAY for the next story: time moves on with the output, with some jitter."""
    base = STORY_SPAN_DAYS * done // max(budget, 1)
    return min(max(base + rng.randint(-90, 90), 0), STORY_SPAN_DAYS)


def _fixed_graphs(vocab: Vocabulary, actors, laws) -> list[QuadSink]:
    """The ontology graph and the entities graph (registry actors and laws plus the vocabularies)."""
    ontology = QuadSink(ONTOLOGY_GRAPH)
    ontology.add_all(vocab.ontology)
    entities = QuadSink(ENTITIES_GRAPH)
    entities.add_all(entity_graph(vocab, actors, laws))
    entities.add_all(vocab.vocab)
    return [ontology, entities]


def _content_hash(facts: ArticleFacts) -> str:
    """Stands in for the SHA-256 of the article's cleaned text, which a synthetic article lacks."""
    cite = facts.article
    return hashlib.sha256(f"{cite.id}\n{cite.headline}".encode()).hexdigest()
