"""`privacy-kg query`: run SPARQL (text, a file, a named query or stdin) against the embedded store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...errors import InputError
from ...queries import NamedQueries
from ...settings import Settings
from ...sparql import guard
from ...sparql.dataset import query_dataset
from ...store import EmbeddedStore, QueryRequest
from ..output import table

GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query",
        help="run a SPARQL query against the store",
        description="QUERY_OR_FILE is SPARQL text, a .rq file, the name of a query in queries/ "
        "(e.g. regulatory-actions), or - for stdin. The default graph is the union of all graphs.",
    )
    p.add_argument("query", metavar="QUERY_OR_FILE")
    p.add_argument("--format", choices=("table", *RESULT_FORMATS, *GRAPH_FORMATS), default="table",
                   help="output format (default: a table for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE)")
    p.add_argument("--limit", type=_positive, default=None, help="maximum rows (default: the service's row cap)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter of a named query, bound as a typed RDF term (repeatable)")
    p.set_defaults(func=run_query)


def read_query(arg: str, params: list[str], settings: Settings) -> tuple[str, tuple]:
    """The query text and its bindings: from stdin, a file, a named query (with --param) or the argument."""
    values = dict(_split_param(p) for p in params)
    named = NamedQueries.load(settings.queries_dir) if len(arg) < 200 else {}
    if arg in named:
        return named[arg].text, named[arg].bindings(values)
    if values:
        raise InputError(f"--param applies to named queries only; {arg!r} is not one of: {', '.join(named)}")
    if arg == "-":
        return sys.stdin.read(), ()
    path = Path(arg)
    if path.suffix == ".rq" or (len(arg) < 512 and "\n" not in arg and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), ()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read query file {arg}: {exc}") from None
    return arg, ()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise InputError(f"--param {text!r}: write NAME=VALUE")
    return name.strip(), value


def run_query(args: argparse.Namespace, settings: Settings) -> int:
    text, bindings = read_query(args.query, args.param, settings)
    info = guard.check_query(text, allow_service=settings.allow_service, max_length=settings.max_query_chars)
    default_graphs, named_graphs = query_dataset(info)
    is_graph = info.form in ("CONSTRUCT", "DESCRIBE")
    fmt = args.format
    if fmt == "table":
        fmt = "turtle" if is_graph else "json"
    if is_graph and fmt not in GRAPH_FORMATS:
        raise InputError(f"{info.form} returns a graph: use --format {', '.join(GRAPH_FORMATS)}")
    if not is_graph and fmt not in RESULT_FORMATS:
        raise InputError(f"{info.form} returns results: use --format table, {', '.join(RESULT_FORMATS)}")
    store = EmbeddedStore(settings.store, read_only=True)
    try:
        rendered = store.query(
            QueryRequest(text, format=fmt, cap=args.limit or settings.max_rows, bindings=bindings,
                         default_graphs=default_graphs, named_graphs=named_graphs)
        )
    finally:
        store.close()
    if args.format == "table" and not is_graph:
        print(table(rendered.body))
    else:
        sys.stdout.buffer.write(rendered.body)
        if not rendered.body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
    if rendered.truncated:
        print(f"warning: results truncated at {rendered.rows} rows (use --limit)", file=sys.stderr)
    return 0
