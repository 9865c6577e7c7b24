"""`map`, `ingest` and `evaluate`: the rule mapper from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ...errors import InputError
from ...ingest import ingest_mapped
from ...mapping.evaluate import evaluate
from ...mapping.facts_json import to_json
from ...mapping.mapper import CitationOptions, map_file, require_facts
from ...mapping.rdf import load_vocab, serialize
from ...mapping.resources import default_resources
from ...settings import Settings
from ...store import EmbeddedStore
from ..output import progress

FORMATS = ("facts-json", "turtle", "trig", "jsonld")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map",
        help="print the facts the rules read from an article (the store is not touched)",
        description="Clean the article, find mentions, run the rules of data/rules/ and print the "
        "facts. Exit 2 when the file is not a readable article or no rule finds anything.",
    )
    _citation_options(p)
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="facts-json",
        help="output format (default: facts-json)",
    )
    p.set_defaults(func=run_map)

    p = sub.add_parser(
        "ingest",
        help="map an article, validate it with SHACL and commit its graph",
        description="Map, validate (the article graph, the entities it references and the "
        "ontology) and write the article's named graph in one transaction. On a violation nothing "
        "is written (exit 1). Re-ingesting the same article replaces its graph.",
    )
    _citation_options(p)
    p.set_defaults(func=run_ingest)

    p = sub.add_parser(
        "evaluate",
        help="compare the rules with the hand mappings, fact by fact",
        description="Run the rules alone on the articles that have hand mappings and print "
        "precision, recall and F1 per fact type, then every miss and false fact.",
    )
    p.add_argument(
        "folder",
        nargs="?",
        type=Path,
        metavar="FOLDER",
        help="folder of article texts (default: ../shared/articles)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_evaluate)


def _citation_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("article", type=Path, metavar="ARTICLE.txt")
    p.add_argument("--url", help="the article's URL (default: read from the page, if it gives one)")
    p.add_argument(
        "--date",
        type=_date,
        help="publication date YYYY-MM-DD: relative dates resolve against it "
        "(default: read from the page, else today with a warning)",
    )
    p.add_argument("--publisher", help="the outlet (default: the URL's host)")
    p.add_argument("--headline", help="the headline (default: read from the page)")
    p.add_argument("--id", dest="article_id", help="article id (default: the file name, slugified)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _options(args: argparse.Namespace) -> CitationOptions:
    if args.article_id is not None and not args.article_id.strip():
        raise InputError("--id must not be empty")
    return CitationOptions(
        article_id=args.article_id,
        url=args.url,
        date=args.date,
        publisher=args.publisher,
        headline=args.headline,
    )


def run_map(args: argparse.Namespace, settings: Settings) -> int:
    res = default_resources(settings)
    result = map_file(args.article, _options(args), res)
    require_facts(result)
    if args.format == "facts-json":
        text = json.dumps(to_json(result.facts, res, result.sha256), ensure_ascii=False, indent=2)
    else:
        vocab = load_vocab(settings.ontology_dir, settings.data_dir / "vocab")
        text = serialize(result.facts, res, vocab, args.format, result.sha256)
    sys.stdout.write(text.rstrip("\n") + "\n")
    return 0


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    say = progress(args.quiet)
    res = default_resources(settings)
    mapped = map_file(
        args.article, _options(args), res
    )  # map first: bad input never opens the store
    require_facts(mapped)
    store = EmbeddedStore(settings.store)
    try:
        result = ingest_mapped(mapped, settings, store, res)
    finally:
        store.close()
    facts = result.facts or result.mapped.facts
    warnings = len(result.report.warnings) if result.report else 0
    say(f"validated against the shapes: conforms ({warnings} warning(s))")
    actors = (
        f", {len(result.new_actors)} new actor(s): {', '.join(result.new_actors)}"
        if result.new_actors
        else ""
    )
    print(f"ingested {result.graph}: {len(facts.facts())} facts, {result.triples} triples{actors}")
    return 0


def run_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    folder = args.folder or settings.articles
    if not folder.is_dir():
        raise InputError(f"no article folder at {folder}; give one: privacy-kg evaluate FOLDER")
    result = evaluate(folder, settings.data_dir / "articles", default_resources(settings))
    if not result.articles:
        raise InputError(f"none of the hand-mapped articles' files is in {folder}")
    if args.format == "json":
        scores = {
            name: {
                "hand": s.tp + s.fn,
                "rules": s.tp + s.fp,
                "matched": s.tp,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
            }
            for name, s in [*result.scores.items(), ("overall", result.overall)]
        }
        findings = [f.__dict__ for f in result.findings]
        print(
            json.dumps(
                {"articles": result.articles, "scores": scores, "findings": findings},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(f"rules vs hand mappings on {len(result.articles)} article(s) in {folder}\n")
        print(result.report(), end="")
    return 0
