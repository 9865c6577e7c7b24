"""Run the W3C SPARQL 1.1 test suites over HTTP against the service and write docs/conformance.md.

    python tools/conformance.py                      # both backends, writes docs/conformance.md
    python tools/conformance.py --backend embedded   # one backend
    python tools/conformance.py --no-write -v        # print only, with every failure

The suite comes from the rdflib source distribution on PyPI (fetched once with pip, kept in
`$PRIVACY_KG_CACHE` or `~/.cache/privacy-kg`). For each backend the service is started as
`privacy-kg serve --no-seed` on an empty store with a write token; the remote backend is a real
`oxigraph serve --union-default-graph` process behind it. Needs the test extras (`oxigraph`).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import textwrap
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph

from tests.conformance.notes import DEFECT_NOTES, DESIGN_NOTES, ENGINE_NOTES, REMOTE_NOTES
from tests.conformance.runner import CATEGORIES, VERDICTS, Report, run_suite, summary_lines
from tests.conformance.service import BACKENDS
from tests.conformance.suite import RDFLIB_VERSION, fetch_suite, load_cases

OUTPUT = ROOT / "docs" / "conformance.md"
COMMAND = "python tools/conformance.py"
WIDTH = 100


def _table(reports: list[Report]) -> list[str]:
    """Per category and backend: passed/total, then why the others failed."""
    lines = [
        "| category | " + " | ".join(r.backend for r in reports) + " |",
        "|---|" + "---|" * len(reports),
    ]
    counts = [r.counts() for r in reports]
    totals = [[0, 0] for _ in reports]
    for name in CATEGORIES:
        cells = []
        for index, table in enumerate(counts):
            counter = table.get(name)
            if not counter:
                cells.append("-")
                continue
            total = sum(counter.values())
            totals[index][0] += counter["pass"]
            totals[index][1] += total
            why = ", ".join(f"{counter[v]} {v}" for v in VERDICTS[1:] if counter[v])
            cells.append(f"{counter['pass']}/{total}" + (f" ({why})" if why else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(f"**{p}/{t}**" for p, t in totals) + " |")
    return lines


def _wrap(text: str, bullet: bool = False) -> str:
    if bullet:
        return textwrap.fill(
            text, WIDTH, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False
        )
    return textwrap.fill(text, WIDTH, break_on_hyphens=False)


def _listed(report: Report, verdict: str) -> list[str]:
    return sorted({r.outcome.case.short for r in report.failures(verdict)})


HOW = [
    (
        f"**Suite**: `test/data/suites/w3c/sparql11/` of the rdflib {RDFLIB_VERSION} source "
        "distribution (PyPI), fetched once with pip into `$PRIVACY_KG_CACHE` or `~/.cache/privacy-kg`; "
        "never kept in this repository. Every manifest entry counts, approved or not. The protocol "
        "manifest there names its tests only: their requests are the W3C protocol suite's, written in "
        "`tests/conformance/protocol.py` (updates carry the bearer token). Their datasets name remote "
        "files (`http://kasei.us/.../data1.rdf`), which the service never fetches: the runner loads "
        "small stand-ins under those names (`data0.rdf` stays absent: its tests ask `ASK {}`), so no "
        "protocol test depends on the network. The Graph Store tests are the steps of "
        "`http-rdf-update/tests.txt`, sent with indirect identification (`/graph-store?graph=`)."
    ),
    (
        "**Service**: `privacy-kg serve --no-seed` on an empty store with a write token, over the "
        "embedded store and over a real `oxigraph serve --union-default-graph` (remote backend). Every "
        "request is HTTP on 127.0.0.1; nothing is fetched from anywhere else."
    ),
    (
        "**Each test**: the store is emptied (`DROP ALL`); data files are parsed with their W3C URL as "
        "base and PUT through the Graph Store Protocol; the query or update is POSTed with `BASE <its "
        "W3C URL>`. When a test has named graphs, its dataset is sent as `default-graph-uri` / "
        "`named-graph-uri` (the service's default graph is otherwise the union of all graphs); graphs "
        "a query names with FROM are loaded under those names."
    ),
    (
        "**Comparison**: result sets up to blank-node renaming, in order only when the query sorts "
        "(rows with equal sort keys in any order); numeric literals of one datatype by value. Graphs "
        "by isomorphism (`rdflib.compare.isomorphic`). Syntax: a valid text must not be refused as a "
        "syntax error (an evaluation error on the empty store, such as a custom function, is not one); "
        "an invalid one must get 400 with a syntax error."
    ),
    (
        "**Verdicts**: a failing manifest test is run again on pyoxigraph in-process; failing there "
        "too makes it the engine's (*engine*), else the service's (*service*). *design*: refused on "
        "purpose. *defect*: the test itself is wrong. Each is explained below."
    ),
]


def render(reports: list[Report]) -> str:
    backends = ", ".join(r.backend for r in reports)
    intro = (
        f"Generated by `{COMMAND}` on {date.today().isoformat()} ({backends}; pyoxigraph "
        f"{pyoxigraph.__version__}, Python {platform.python_version()}). On every `make test`, "
        "`tests/conformance/test_w3c_sparql11.py` runs the syntax, protocol, Graph Store and "
        "service description tests and a representative half of the evaluation tests (skipped "
        "when the suite cannot be fetched)."
    )
    out = [
        "# SPARQL 1.1 conformance (W3C test suites over HTTP)",
        "",
        _wrap(intro),
        "",
        "## How it runs",
        "",
        *(_wrap(item, bullet=True) for item in HOW),
        "",
        "## Results",
        "",
        *_table(reports),
        "",
    ]
    out += [
        _wrap(
            ", ".join(
                f"`{r.backend}`: {len(r.results)} tests in {r.seconds:.0f} s" for r in reports
            )
            + "."
        ),
        "",
    ]
    out += ["## Failures of the engine (pyoxigraph), not of the service", ""]
    engine = sorted({s for r in reports for s in _listed(r, "engine")})
    out += [_wrap(f"`{n}`: {ENGINE_NOTES.get(n, 'not explained yet')}", True) for n in engine] or [
        "None."
    ]
    out += ["", "## Refused or unsupported by design", ""]
    out += [_wrap(f"**{name}**: {note}", True) for name, note in DESIGN_NOTES.items()]
    out += ["", "## Defects of the tests", ""]
    defects = sorted({s for r in reports for s in _listed(r, "defect")})
    out += [_wrap(f"`{n}`: {DEFECT_NOTES.get(n, 'not explained yet')}", True) for n in defects] or [
        "None."
    ]
    out += ["", "## Failures of the service", ""]
    service = []
    for report in reports:
        for name in _listed(report, "service"):
            note = REMOTE_NOTES.get(name, "") if report.backend == "remote" else ""
            reason = next(r.outcome.reason for r in report.results if r.outcome.case.short == name)
            service.append(_wrap(f"`{report.backend}` `{name}`: {note or reason[:300]}", True))
    out += service or ["None."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--cache", type=Path, help="where the suite is kept")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {OUTPUT.name}")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args(argv)
    cases = load_cases(fetch_suite(args.cache))
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    reports = []
    with tempfile.TemporaryDirectory(prefix="w3c-conformance-") as tmp:
        for backend in backends:
            report = run_suite(backend, cases, Path(tmp))
            reports.append(report)
            print("\n".join(summary_lines(report)))
            for result in report.results if args.verbose else ():
                if not result.passed:
                    print(
                        f"    [{result.verdict}] {result.outcome.case.short}: {result.outcome.reason[:200]}"
                    )
    if not args.no_write:
        OUTPUT.write_text(render(reports), encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
