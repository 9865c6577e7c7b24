"""Tests of the store backends; small helpers shared by the modules here."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
REPLICA_MODULE = "privacy_kg.store.replica"


def ntriples(triples: Iterable[tuple[str, str, ox.NamedNode | ox.Literal]]) -> bytes:
    """N-Triples for (subject IRI, predicate IRI, object term), written by pyoxigraph (escaped)."""
    data = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o) for s, p, o in triples]
    return ox.serialize(data, format=ox.RdfFormat.N_TRIPLES) or b""


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.1) -> object:
    """Poll `condition` until it is truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


def replica_pids(parent: int | None = None) -> set[int]:
    """PIDs of live query-worker processes started by `parent` (this process by default), from /proc."""
    parent = os.getpid() if parent is None else parent
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # state, ppid, ...
        if fields[0] != "Z" and int(fields[1]) == parent and REPLICA_MODULE.encode() in cmdline:
            pids.add(int(entry.name))
    return pids


def root_conftest() -> ModuleType:
    """The helpers of tests/conftest.py (`start_oxigraph`, `stop`, `open_backend`), imported from its file.

    `from conftest import ...` is ambiguous: other folders have a conftest.py too, and whichever pytest
    imported last owns the name `conftest`. This copy registers no fixtures; it only lends functions."""
    name = "_privacy_kg_tests_root_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / "conftest.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
