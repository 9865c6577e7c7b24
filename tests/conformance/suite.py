"""The W3C SPARQL 1.1 test suite: fetched once into a cache folder, its manifests read into `Case`s.

The suite is not kept in the repository: it ships in the rdflib source distribution on PyPI, so
`fetch_suite` asks pip (the ordinary client of that registry) for `rdflib==RDFLIB_VERSION` and
keeps only `test/data/suites/w3c/sparql11/`. Without network access it raises `SuiteUnavailable`,
and the tests that need the suite are skipped.

Test files are named by their W3C URLs (`W3C_BASE` + folder/file), never by local paths: queries
get those URLs as their BASE, data files are parsed with them, graphs are named after them, so the
expected results (written against those URLs) hold whatever folder the cache lives in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

__all__ = [
    "RDFLIB_VERSION",
    "W3C_BASE",
    "Case",
    "GraphFile",
    "SuiteUnavailable",
    "cache_dir",
    "fetch_suite",
    "load_cases",
]

RDFLIB_VERSION = "7.6.0"
W3C_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
SUITE_IN_SDIST = "test/data/suites/w3c/sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
# Manifest test types -> the kind of check the runner makes.
KINDS = {
    MF.QueryEvaluationTest: "query",
    MF.CSVResultFormatTest: "query",
    MF.UpdateEvaluationTest: "update",
    MF.PositiveSyntaxTest11: "syntax+",
    MF.NegativeSyntaxTest11: "syntax-",
    MF.PositiveUpdateSyntaxTest11: "update-syntax+",
    MF.NegativeUpdateSyntaxTest11: "update-syntax-",
    MF.ProtocolTest: "protocol",
    MF.ServiceDescriptionTest: "service-description",
}


class SuiteUnavailable(RuntimeError):
    """The suite is not in the cache and could not be fetched (no network, no pip)."""


@dataclass(frozen=True)
class GraphFile:
    """A data file and the graph it goes to (`name` None: the default graph)."""

    path: Path
    url: str
    name: str | None


@dataclass(frozen=True)
class Case:
    """One manifest entry, reduced to what the runner needs."""

    iri: str
    name: str
    folder: str
    kind: str
    approved: bool
    query: Path | None = None  # qt:query or ut:request
    query_url: str = ""
    data: tuple[GraphFile, ...] = ()  # the dataset before the operation
    result: Path | None = None  # expected results (query tests)
    result_graphs: tuple[GraphFile, ...] | None = None  # expected store after an update
    features: frozenset[str] = field(default_factory=frozenset)

    @property
    def short(self) -> str:
        """`folder/local-name`: how reports name a test."""
        return f"{self.folder}/{self.iri.rsplit('#', 1)[-1]}"


def cache_dir() -> Path:
    """`$PRIVACY_KG_CACHE/w3c-sparql11`, else `~/.cache/privacy-kg/w3c-sparql11`."""
    root = os.environ.get("PRIVACY_KG_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "privacy-kg"
    return base / f"w3c-sparql11-rdflib-{RDFLIB_VERSION}"


def fetch_suite(cache: Path | None = None, *, timeout_s: float = 120.0) -> Path:
    """The suite's root folder (holding `manifest-all.ttl`), downloaded on first use."""
    target = cache or cache_dir()
    if (target / "manifest-all.ttl").is_file():
        return target
    with tempfile.TemporaryDirectory(prefix="w3c-sparql11-") as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        quiet = ["--disable-pip-version-check", "--quiet", "--timeout", "15", "--retries", "1"]
        command = [*pip, *quiet, f"rdflib=={RDFLIB_VERSION}", "-d", tmp]
        try:
            done = subprocess.run(
                command, check=False, capture_output=True, text=True, timeout=timeout_s
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SuiteUnavailable(f"pip could not run: {exc}") from None
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise SuiteUnavailable(f"pip download rdflib=={RDFLIB_VERSION} failed: {last[:200]}")
        archives = list(Path(tmp).glob("rdflib-*.tar.gz"))
        if not archives:
            raise SuiteUnavailable("pip saved no rdflib source archive")
        staging = Path(tmp) / "suite"
        _extract(archives[0], staging)
        if not (staging / "manifest-all.ttl").is_file():
            raise SuiteUnavailable(f"the rdflib archive holds no {SUITE_IN_SDIST}/manifest-all.ttl")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(staging), str(target))
    return target


def _extract(archive: Path, into: Path) -> None:
    """Only the suite's files, each checked to stay inside `into`."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            _, _, inner = member.name.partition("/")
            if not member.isfile() or not inner.startswith(SUITE_IN_SDIST + "/"):
                continue
            relative = Path(inner[len(SUITE_IN_SDIST) + 1 :])
            if relative.is_absolute() or ".." in relative.parts:
                continue
            source = tar.extractfile(member)
            if source is None:
                continue
            destination = into / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)


# -- manifests -------------------------------------------------------------------------------
def load_cases(root: Path, folders: tuple[str, ...] | None = None) -> list[Case]:
    """Every entry of every folder manifest listed by `manifest-all.ttl`, in manifest order."""
    cases: list[Case] = []
    for folder in _folders(root):
        if folders is None or folder in folders:
            cases += _manifest_cases(root, folder)
    return cases


def _folders(root: Path) -> list[str]:
    graph = Graph().parse(root / "manifest-all.ttl", format="turtle", publicID=W3C_BASE)
    folders = []
    for includes in graph.objects(None, MF.include):
        for item in Collection(graph, includes):
            folders.append(str(item)[len(W3C_BASE) :].split("/")[0])
    return folders


def _manifest_cases(root: Path, folder: str) -> list[Case]:
    base = f"{W3C_BASE}{folder}/"
    graph = Graph().parse(root / folder / "manifest.ttl", format="turtle", publicID=base)

    def local(node: object) -> tuple[Path, str]:
        url = str(node)
        return root / url[len(W3C_BASE) :], url

    cases = []
    for entries in graph.objects(None, MF.entries):
        for test in Collection(graph, entries):
            kind = KINDS.get(graph.value(test, RDF.type))
            if kind is None:
                continue
            action = graph.value(test, MF.action)
            result = graph.value(test, MF.result)
            query = None
            if action is not None and (test_query := _first(graph, action, QT.query, UT.request)):
                query = test_query
            elif action is not None and kind not in ("protocol", "service-description"):
                query = action  # syntax tests name the file directly
            features = {str(f) for f in graph.objects(test, MF.feature)}
            if action is not None and graph.value(action, SD.entailmentRegime) is not None:
                features.add("entailment")
            if action is not None and graph.value(action, QT.serviceData) is not None:
                features.add("service")
            query_path, query_url = local(query) if query is not None else (None, "")
            data = _graphs(graph, action, local) if action is not None else ()
            expected, expected_graphs = None, None
            if kind == "update":
                expected_graphs = _graphs(graph, result, local) if result is not None else ()
            elif result is not None:
                expected = local(result)[0]
            cases.append(
                Case(
                    iri=str(test),
                    name=str(graph.value(test, MF.name) or test),
                    folder=folder,
                    kind=kind,
                    approved=graph.value(test, DAWGT.approval) == DAWGT.Approved,
                    query=query_path,
                    query_url=query_url,
                    data=data,
                    result=expected,
                    result_graphs=expected_graphs,
                    features=frozenset(features),
                )
            )
    return cases


def _first(graph: Graph, node: object, *predicates: URIRef) -> object | None:
    for predicate in predicates:
        value = graph.value(node, predicate)
        if value is not None:
            return value
    return None


def _graphs(graph: Graph, node: object, local) -> tuple[GraphFile, ...]:
    """qt:data / ut:data (default graph), qt:graphData (named by its URL), ut:graphData (by label)."""
    files = []
    for predicate in (QT.data, UT.data):
        for item in graph.objects(node, predicate):
            files.append(GraphFile(*local(item), None))
    for predicate in (QT.graphData, UT.graphData):
        for item in graph.objects(node, predicate):
            source = graph.value(item, UT.graph)
            if source is None:  # qt:graphData <file>: the graph is named after the file
                files.append(GraphFile(*local(item), str(item)))
            else:
                label = graph.value(item, RDFS.label)
                files.append(GraphFile(*local(source), str(label or source)))
    return tuple(files)
