"""`build`, `validate` and `export`: the maintainer's commands over the project's data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

from ...build import build, validate_compiled
from ...compile import compile_project, load_vocabulary
from ...emit import entity_graph
from ...errors import InputError
from ...rdfio import read_rdf_file, to_rdflib
from ...registry import Registry
from ...settings import Settings
from ...store import EmbeddedStore, QueryRequest
from ...validate import Report, load_shapes, validate_graph
from ..output import progress

EXPORT_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="compile the hand mappings, validate them and load the store",
                       description="Hand mappings -> RDF -> SHACL -> store, in one transaction. Idempotent.")
    p.add_argument("--clean", action="store_true", help="drop every graph first (also ingested articles)")
    p.set_defaults(func=run_build)

    p = sub.add_parser("validate", help="SHACL-validate the project's data or the given files",
                       description="Without FILES: compile every hand mapping and validate the whole graph. "
                       "FILES may be hand mappings (.yaml) or RDF (.ttl .trig .nt .nq .jsonld .rdf); RDF files "
                       "are validated together with the project's entities. Exit 1 on violations.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--format", choices=["text", "json", "turtle"], default="text", help="report format")
    p.set_defaults(func=run_validate)

    p = sub.add_parser("export", help="write the whole graph as N-Quads, TriG, Turtle or JSON-LD")
    p.add_argument("--format", choices=["nquads", "trig", "turtle", "jsonld"], default="nquads")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    p.set_defaults(func=run_export)


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    say = progress(args.quiet)
    store = EmbeddedStore(settings.store)
    try:
        result = build(settings, store, clean=args.clean, progress=say)
        total = store.quad_count()
    finally:
        store.close()
    for warning in result.compiled.warnings:
        say(f"warning: {warning}")
    warnings = len(result.report.warnings)
    print(f"built {settings.store}: {result.graphs_written} graphs, {result.triples_written:,} triples written "
          f"({total:,} quads in the store); SHACL conforms ({warnings} warning(s))")
    return 0


def run_validate(args: argparse.Namespace, settings: Settings) -> int:
    say = progress(args.quiet or args.format != "text")
    if not args.files:
        compiled = compile_project(settings, say)
        for warning in compiled.warnings:
            say(f"warning: {warning}")
        report = validate_compiled(settings, compiled)
    else:
        report = _validate_files(args.files, settings, say)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "turtle":
        print(report.graph.serialize(format="turtle"))
    else:
        print(report.text())
    return 0 if report.conforms else 1


def _validate_files(files: list[Path], settings: Settings, say) -> Report:
    for path in files:  # before compiling the project: a typo fails at once, as one line
        if not path.is_file():
            raise InputError(f"{path}: cannot read ({'a directory' if path.is_dir() else 'no such file'})")
    vocab = load_vocabulary(settings)
    registry = Registry.load(settings.data_dir / "entities.yaml")
    data = Graph()
    yaml_files = [f for f in files if f.suffix.lower() in (".yaml", ".yml")]
    if yaml_files:
        compiled = compile_project(settings, say)
        wanted = {f.stem for f in yaml_files}
        missing = wanted - set(compiled.mappings)
        if missing:
            raise InputError(f"not hand mappings of this project (data/articles/): {', '.join(sorted(missing))}")
        for name, graph in compiled.graphs.items():
            if str(name).rsplit("/", 1)[-1] in wanted:
                data += graph
    for path in files:
        if path not in yaml_files:
            data += to_rdflib(read_rdf_file(path))
            say(f"read {path}")
    data += entity_graph(vocab, registry.actors.values(), registry.laws.values())
    data += vocab.vocab
    return validate_graph(data, load_shapes(settings.shapes_dir), vocab.ontology)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    store = EmbeddedStore(settings.store, read_only=True)
    try:
        out = _open_output(args.output) if args.output else sys.stdout.buffer
        try:
            if args.format == "turtle":  # Turtle has no graphs: the union of all of them
                out.write(store.query(QueryRequest(EXPORT_UNION, format="turtle", cap=2**62)).body)
            else:
                store.dump(out, args.format)
        finally:
            if args.output:
                out.close()
    finally:
        store.close()
    return 0


def _open_output(path: Path) -> BinaryIO:
    try:
        return path.open("wb")
    except OSError as exc:
        raise InputError(f"-o {path}: cannot write ({exc.strerror or exc})") from None
