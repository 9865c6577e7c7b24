"""Synthetic graphs shaped like the real one, for benchmarks: `generate(vocab, triples, seed, out)`."""

from .generator import SynthStats, generate

__all__ = ["SynthStats", "generate"]
