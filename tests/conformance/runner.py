"""Run the W3C SPARQL 1.1 test suites over HTTP against the service and say what failed and why.

    python -m tests.conformance.runner [--backend embedded|remote|both] [--folders a,b] [--cache DIR]

The service is started as users start it (`privacy-kg serve --no-seed`, a bearer token) on an
empty store. Each manifest test that fails over HTTP is run again on pyoxigraph in-process
(`targets.DirectTarget`): failing there too makes it the engine's deviation, not the service's.
Refusals by design (SERVICE, LOAD: 403 before evaluation; entailment regimes other than simple;
multipart Graph Store bodies) are counted apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .evaluation import Outcome, run_case
from .graph_store import run_graph_store
from .protocol import DEFECT, ENGINE, PROTOCOL, load_data
from .service import BACKENDS, Client, start_service
from .service_description import SERVICE_DESCRIPTION
from .suite import W3C_BASE, Case, fetch_suite, load_cases
from .targets import DirectTarget, HttpTarget

__all__ = ["CATEGORIES", "VERDICTS", "Report", "Result", "category", "run_suite", "summary_lines"]

CATEGORIES = (
    "Query evaluation",
    "Result formats",
    "Query syntax",
    "Update evaluation",
    "Update syntax",
    "Protocol",
    "Graph Store Protocol",
    "Service description",
    "Federated query (SERVICE)",
    "Entailment regimes",
)
VERDICTS = ("pass", "service", "engine", "design", "defect")
RESULT_FOLDERS = frozenset({"csv-tsv-res", "json-res"})
# Graph Store steps that fail by this service's choice (explained in notes.DESIGN_NOTES).
BY_DESIGN_GSP = frozenset(
    {"put-default-graph", "post-multipart-form-data", "get-of-post-multipart-form-data"}
)


@dataclass(frozen=True)
class Result:
    """An outcome with its verdict: pass, service (ours), engine (pyoxigraph's), design, defect."""

    outcome: Outcome
    verdict: str
    category: str

    @property
    def passed(self) -> bool:
        return self.outcome.passed


@dataclass
class Report:
    backend: str
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, Counter]:
        """Per category: how many of each verdict."""
        table: dict[str, Counter] = {name: Counter() for name in CATEGORIES}
        for result in self.results:
            table[result.category][result.verdict] += 1
        return {name: counter for name, counter in table.items() if counter}

    def failures(self, verdict: str) -> list[Result]:
        return [r for r in self.results if r.verdict == verdict]


def category(case: Case) -> str:
    if "service" in case.features or case.folder == "service" or case.folder == "syntax-fed":
        return "Federated query (SERVICE)"
    if "entailment" in case.features or case.folder == "entailment":
        return "Entailment regimes"
    kinds = {
        "protocol": "Protocol",
        "graph-store": "Graph Store Protocol",
        "service-description": "Service description",
        "update": "Update evaluation",
    }
    if case.kind in kinds:
        return kinds[case.kind]
    if case.kind in ("syntax+", "syntax-", "update-syntax+", "update-syntax-"):
        update = case.kind.startswith("update") or (
            case.query is not None and case.query.suffix == ".ru"
        )
        return "Update syntax" if update else "Query syntax"
    return "Result formats" if case.folder in RESULT_FOLDERS else "Query evaluation"


def _refused_by_design(reason: str, case: Case) -> bool:
    return "forbidden-operation" in reason or "entailment" in case.features


def _judge(outcome: Outcome, direct: DirectTarget | None) -> str:
    if outcome.passed:
        return "pass"
    case = outcome.case
    if outcome.reason.startswith(DEFECT):
        return "defect"
    if outcome.reason.startswith(ENGINE):
        return "engine"
    if case.kind == "graph-store" and case.name in BY_DESIGN_GSP:
        return "design"
    if _refused_by_design(outcome.reason, case):
        return "design"
    manifest_driven = case.kind not in ("protocol", "service-description", "graph-store")
    if direct is not None and manifest_driven and not run_case(case, direct).passed:
        return "engine"
    return "service"


def _pseudo_case(folder: str, name: str, kind: str) -> Case:
    return Case(
        iri=f"{W3C_BASE}{folder}/manifest#{name}",
        name=name,
        folder=folder,
        kind=kind,
        approved=False,
    )


def run_suite(
    backend: str,
    cases: Iterable[Case],
    workdir: Path,
    *,
    graph_store: bool = True,
    progress: Callable[[Result], None] | None = None,
) -> Report:
    """Start the service over `backend`, run `cases` (and the Graph Store steps), stop it."""
    started = time.monotonic()
    report = Report(backend)
    service = start_service(backend, workdir / backend)
    client = service.client()
    http, direct = HttpTarget(client), DirectTarget()

    def record(outcome: Outcome) -> None:
        verdict = _judge(outcome, direct)
        report.results.append(Result(outcome, verdict, category(outcome.case)))
        if progress:
            progress(report.results[-1])

    try:
        for case in cases:
            local = case.iri.rsplit("#", 1)[-1]
            if case.kind in ("protocol", "service-description"):
                checks = PROTOCOL if case.kind == "protocol" else SERVICE_DESCRIPTION
                check = checks.get(local)
                if check is None:
                    record(Outcome(case, False, "no request is defined for this test"))
                    continue
                http.reset()
                if check.needs_data:
                    load_data(client)
                record(_checked(case, check.run, client))
            else:
                record(run_case(case, http))
        if graph_store:
            http.reset()
            for name, reason in run_graph_store(client):
                record(
                    Outcome(
                        _pseudo_case("http-rdf-update", name, "graph-store"), not reason, reason
                    )
                )
    finally:
        client.close()
        service.close()
    report.seconds = time.monotonic() - started
    return report


def _checked(case: Case, check: Callable[[Client], str], client: Client) -> Outcome:
    try:
        reason = check(client)
    except (RuntimeError, ValueError, SyntaxError, OSError, KeyError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    return Outcome(case, not reason, reason)


# -- command line ----------------------------------------------------------------------------
def summary_lines(report: Report) -> list[str]:
    lines = [f"backend: {report.backend} ({len(report.results)} tests, {report.seconds:.0f} s)"]
    width = max(len(name) for name in CATEGORIES)
    for name, counter in report.counts().items():
        total = sum(counter.values())
        rest = ", ".join(f"{counter[v]} {v}" for v in VERDICTS[1:] if counter[v])
        lines.append(
            f"  {name:<{width}}  {counter['pass']:>3}/{total:<3} passed"
            + (f"  (failed: {rest})" if rest else "")
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="embedded")
    parser.add_argument("--folders", help="comma-separated manifest folders (default: all)")
    parser.add_argument("--cache", type=Path, help="where the suite is kept")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args(argv)
    folders = tuple(args.folders.split(",")) if args.folders else None
    cases = load_cases(fetch_suite(args.cache), folders)
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory(prefix="w3c-conformance-") as tmp:
        for backend in backends:
            report = run_suite(backend, cases, Path(tmp), graph_store=folders is None)
            print("\n".join(summary_lines(report)))
            if args.verbose:
                for result in report.results:
                    if not result.passed:
                        print(
                            f"    [{result.verdict}] {result.outcome.case.short}: {result.outcome.reason[:200]}"
                        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
