"""The rule mapper: article text -> validated facts, with provenance (docs/rules.md).

`map_text` / `map_file` run the pipeline (clean, sentences, mentions, rules, facts); rules are data
in `data/rules/`; `evaluate` compares rules with the hand mappings; `merge_facts` joins hand and
rule facts of one article; `privacy_kg.ingest` commits an article's graph after the SHACL gate.
"""

from .mapper import CitationOptions, MapResult, map_file, map_text
from .resources import Resources, default_resources, load_resources

__all__ = [
    "CitationOptions",
    "MapResult",
    "Resources",
    "default_resources",
    "load_resources",
    "map_file",
    "map_text",
]
