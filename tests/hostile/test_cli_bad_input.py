"""Every `privacy-kg` command with bad input: a non-zero exit, ONE line on stderr, no traceback.

Bad input here: missing files, folders given as files, binary, non-UTF-8, empty and oversized
articles, hostile RDF (nested, with a DOCTYPE), bad options, bad PRIVACY_KG_* settings, and a
store that a running `privacy-kg serve` holds. All cases run once per module while that server
holds its store; each test then checks one case's exit code and its one line. Most run through
`privacy_kg.cli.main` in this process with stdout, stderr, logging and PRIVACY_KG_* of their own
(an import of the package costs a second a process); those marked `process` run the real command
in a child, where a crash shows as a crash and a server that does start cannot block the run.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from testkit.live import copy_seed

from privacy_kg.cli import main
from privacy_kg.settings import PROJECT_ROOT

from .conftest import CLI, environment, serve

ARTICLE = PROJECT_ROOT / "tests" / "mapping" / "articles" / "korea-pipc-fine.txt"  # synthetic text
RUN_TIMEOUT_S = 120


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    code: int
    needle: str
    env: dict[str, str] = field(default_factory=dict)
    process: bool = False  # run the real command in a child process


def _files(folder: Path) -> None:
    folder.mkdir()
    (folder / "a-folder").mkdir()
    (folder / "a-folder.rq").mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    (folder / "latin1.txt").write_bytes(
        "Le r\u00e9gulateur a inflig\u00e9 une amende.".encode("latin-1")
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"The regulator fined a company. " * 40_000)  # 1.2 MB
    (folder / "binary.rq").write_bytes(b"\xff\xfeS\x00E\x00")
    (folder / "broken.ttl").write_text("<https://example.org/s> <https://example.org/p> .\n")
    nested = '{"https://example.org/p": ' * 5000 + '"x"' + "}" * 5000
    (folder / "nested.jsonld").write_text(
        f'{{"@id": "https://example.org/s", "https://example.org/p": {nested}}}'
    )
    (folder / "laughs.rdf").write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )


def cases(files: Path, store: Path, held: Path) -> list[Case]:
    s, h = ("--store", str(store)), ("--store", str(held))
    f = lambda name: str(files / name)
    date = ("--date", "2024-05-22")
    return [
        # usage
        Case("no-command", (), 2, "COMMAND", process=True),
        Case("unknown-command", ("frobnicate",), 2, "frobnicate"),
        Case("query-no-argument", (*s, "query"), 2, "QUERY_OR_FILE"),
        Case(
            "query-bad-format",
            (*s, "query", "ASK {}", "--format", "nope"),
            2,
            "--format",
            process=True,
        ),
        Case("query-negative-limit", (*s, "query", "ASK {}", "--limit", "-5"), 2, "--limit"),
        Case(
            "query-bad-param",
            (*s, "query", "regulatory-actions", "-p", "noequals"),
            2,
            "NAME=VALUE",
        ),
        Case("map-bad-date", ("map", str(ARTICLE), "--date", "2024-13-45"), 2, "2024-13-45"),
        Case("serve-bad-port", (*s, "serve", "--port", "99999"), 2, "65535", process=True),
        Case("synth-bad-count", ("synth", "--triples", "lots", "-o", f("x.nq")), 2, "lots"),
        # files
        Case("query-missing-file", (*s, "query", f("missing.rq")), 2, "cannot read"),
        Case("query-folder-file", (*s, "query", f("a-folder.rq")), 2, "cannot read"),
        Case("query-binary-file", (*s, "query", f("binary.rq")), 2, "cannot read"),
        Case("validate-missing", ("validate", f("missing.ttl")), 2, "cannot read"),
        Case("validate-missing-yaml", ("validate", f("missing.yaml")), 2, "cannot read"),
        Case("validate-folder", ("validate", f("a-folder")), 2, "cannot read"),
        Case("validate-binary", ("validate", f("binary.txt")), 2, "extension"),
        Case("validate-broken", ("validate", f("broken.ttl")), 2, "line 1"),
        Case("validate-nested", ("validate", f("nested.jsonld")), 2, "nested more than"),
        Case("validate-doctype", ("validate", f("laughs.rdf")), 2, "DOCTYPE"),
        Case("map-missing", ("map", f("missing.txt"), *date), 2, "cannot read"),
        Case("map-folder", ("map", f("a-folder"), *date), 2, "cannot read"),
        Case("map-binary", ("map", f("binary.txt"), *date), 2, "binary"),
        Case("map-latin1", ("map", f("latin1.txt"), *date), 2, "not UTF-8"),
        Case("map-empty", ("map", f("empty.txt"), *date), 2, "empty"),
        Case("map-huge", ("map", f("huge.txt"), *date), 2, "limit"),
        Case("ingest-binary", (*s, "ingest", f("binary.txt"), *date), 2, "binary"),
        Case("evaluate-missing", ("evaluate", f("missing-folder")), 2, "no article folder"),
        Case("export-to-folder", (*s, "export", "-o", f("a-folder")), 2, "cannot write"),
        Case("export-to-nowhere", (*s, "export", "-o", f("binary.txt/out.nq")), 2, "cannot write"),
        Case("synth-to-folder", ("synth", "--triples", "6000", "-o", f("a-folder")), 2, "folder"),
        Case("home-without-data", ("--home", f("a-folder"), "validate"), 2, "cannot read"),
        # stores
        Case(
            "query-no-store", ("--store", f("no-store"), "query", "ASK {}"), 3, "privacy-kg build"
        ),
        Case("build-held", (*h, "build"), 3, "in use"),
        Case("ingest-held", (*h, "ingest", str(ARTICLE), *date), 3, "in use"),
        Case("serve-held", (*h, "serve", "--port", "1"), 3, "in use", process=True),
        # settings
        Case(
            "env-not-a-number",
            (*s, "query", "ASK {}"),
            2,
            "PRIVACY_KG_QUERY_TIMEOUT_S",
            {"PRIVACY_KG_QUERY_TIMEOUT_S": "soon"},
        ),
        Case(
            "env-two-bad",
            (*s, "query", "ASK {}"),
            2,
            "PRIVACY_KG_MAX_ROWS",
            {"PRIVACY_KG_MAX_ROWS": "-1", "PRIVACY_KG_MAX_BODY_BYTES": "0"},
        ),
        Case(
            "env-bad-backend",
            (*s, "query", "ASK {}"),
            2,
            "backend",
            {"PRIVACY_KG_BACKEND": "cloud"},
        ),
        Case(
            "env-list-not-json",
            (*s, "query", "ASK {}"),
            2,
            "cors_origins",
            {"PRIVACY_KG_CORS_ORIGINS": "https://a.example"},
            process=True,
        ),
    ]


@dataclass(frozen=True)
class Outcome:
    code: int | None
    stderr: str


def run(case: Case) -> Outcome:
    return run_child(case) if case.process else run_here(case)


@contextmanager
def own_environment(settings: dict[str, str]) -> Iterator[None]:
    """os.environ without PRIVACY_KG_* but these settings, for the length of one command."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment(**settings))
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def own_logging() -> Iterator[None]:
    """No root handlers, so `main`'s logging.basicConfig writes to this command's stderr."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def run_here(case: Case) -> Outcome:
    stdout, stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with own_environment(case.env), redirect_stdout(stdout), redirect_stderr(stderr), own_logging():
        try:
            code = main(list(case.args))
        except SystemExit as exit_:  # argparse
            code = exit_.code if isinstance(exit_.code, int) else 1
        except Exception:  # noqa: BLE001 - what a person would see: the traceback
            stderr.write(traceback.format_exc())
            code = 1
    return Outcome(code, stderr.getvalue())


def run_child(case: Case) -> Outcome:
    try:
        result = subprocess.run(
            [*CLI, *case.args],
            check=False,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            env=environment(**case.env),
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Outcome(None, f"no exit after {RUN_TIMEOUT_S} s")
    return Outcome(result.returncode, result.stderr)


@pytest.fixture(scope="module")
def outcomes(
    seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Outcome]]:
    """Every case while a server holds a second copy of the store: the child processes in
    parallel, the in-process cases one after the other meanwhile."""
    work = tmp_path_factory.mktemp("cli")
    _files(work / "files")
    store = copy_seed(seed_store_dir, work / "store")
    with serve(seed_store_dir, work / "served") as server:
        held = Path(server.log.parent / "store")
        all_cases = cases(work / "files", store, held)
        with ThreadPoolExecutor(max_workers=3) as pool:
            children = {c.name: pool.submit(run_child, c) for c in all_cases if c.process}
            results = {c.name: run_here(c) for c in all_cases if not c.process}
            results.update({name: future.result() for name, future in children.items()})
        assert server.alive(), "a command against the held store stopped the server"
    yield results


CASES = cases(Path("files"), Path("store"), Path("held"))  # names and expectations, for the ids


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_and_an_exit_code(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert "Traceback" not in outcome.stderr, outcome.stderr
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, outcome.stderr
    assert outcome.code == case.code, (outcome.code, lines[0])
    assert lines[0].startswith("privacy-kg"), lines[0]
    assert case.needle in lines[0], lines[0]


def test_a_deeply_nested_query_is_refused_not_a_crash(seed_store_dir: Path) -> None:
    query = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    outcome = run(
        Case("nested", ("--store", str(seed_store_dir), "query", query), 2, "nest", process=True)
    )
    assert outcome.code == 2, (outcome.code, outcome.stderr)
    assert len(outcome.stderr.strip().splitlines()) == 1
