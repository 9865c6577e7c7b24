"""`privacy-kg synth`: a synthetic graph of about N triples for benchmarks, optionally bulk-loaded."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...compile import load_vocabulary
from ...errors import InputError
from ...settings import Settings
from ...store import EmbeddedStore
from ...synth import SynthStats, generate
from ..output import progress

PROGRESS_EVERY_S = 0.5


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth",
        help="write a synthetic graph shaped like the real one (for benchmarks)",
        description="Generate about N triples of invented articles, actors and facts through the project's "
        "emitter (so they conform to the shapes) as N-Quads; the same seed gives the same bytes. With --store, "
        "bulk-load the file into a new embedded store. See docs/synthetic-data.md.",
    )
    p.add_argument("--triples", type=_count, required=True, metavar="N", help="about how many quads to write, e.g. 1e6")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.nq", help="N-Quads file to write")
    p.add_argument("--store", dest="target_store", type=Path, metavar="DIR",
                   help="also bulk-load the output into a NEW embedded store at DIR (must be absent or empty)")
    p.set_defaults(func=run_synth)


def run_synth(args: argparse.Namespace, settings: Settings) -> int:
    say = progress(args.quiet)
    if args.target_store is not None:
        _check_new_store(args.target_store)
    if args.output.is_dir():
        raise InputError(f"-o {args.output} is a folder; give a file, e.g. {args.output / 'synth.nq'}")
    vocab = load_vocabulary(settings)
    last = [-1.0]

    def report(stats: SynthStats) -> None:
        if stats.seconds - last[0] >= PROGRESS_EVERY_S:
            last[0] = stats.seconds
            say(f"  {stats.articles:,} articles, {stats.triples:,} / {args.triples:,} triples, {stats.seconds:.1f} s")

    partial = args.output.with_name(args.output.name + ".part")  # no half-written file under the real name
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            stats = generate(vocab, args.triples, args.seed, out, report)
        partial.replace(args.output)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise InputError(f"-o {args.output}: cannot write ({where}{exc.strerror or exc})") from None
    finally:
        if partial.exists():  # False too when its folder cannot exist (a file on the path)
            partial.unlink()
    loaded = ""
    if args.target_store is not None:
        say(f"bulk-loading {args.output} into {args.target_store}")
        store = EmbeddedStore(args.target_store)
        try:
            store.bulk_load_file(args.output)
            loaded = f"; loaded into {args.target_store} ({store.quad_count():,} quads)"
        finally:
            store.close()
    print(f"wrote {args.output}: {stats.triples:,} triples in {stats.graphs:,} graphs ({stats.articles:,} articles, "
          f"{stats.facts:,} facts, {stats.actors:,} actors), {stats.bytes / 1e6:.1f} MB in {stats.seconds:.1f} s "
          f"(seed {args.seed}){loaded}")
    return 0


def _count(text: str) -> int:
    """A positive count; accepts 1e6 and 1_000_000 for convenience."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"must be a positive whole number: {text!r}")
    return int(value)


def _check_new_store(path: Path) -> None:
    """Bulk loading bypasses transactions: only ever into a store nobody uses yet."""
    if path.exists() and not path.is_dir():
        raise InputError(f"--store {path} is a file, not a store folder")
    if path.is_dir() and any(path.iterdir()):
        raise InputError(f"--store {path} is not empty; synth only bulk-loads into a new store "
                         "(pick a new folder or delete this one)")
