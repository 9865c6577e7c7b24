"""Tests of the store backends; small helpers shared by the modules here."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
REPLICA_MODULE = "privacy_kg.store.replica"
BULK = EX + "graph/bulk"
BULK_SIZE = 1500
# A cross product of the bulk graph with itself, three times: a query that runs past any deadline.
RUNAWAY = (
    f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BULK}> {{ ?a ?b ?c }} GRAPH <{BULK}> {{ ?d ?e ?f }} "
    f"GRAPH <{BULK}> {{ ?g ?h ?i }} }}"
)


def ntriples(triples: Iterable[tuple[str, str, ox.NamedNode | ox.Literal]]) -> bytes:
    """N-Triples for (subject IRI, predicate IRI, object term), written by pyoxigraph (escaped)."""
    data = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o) for s, p, o in triples]
    return ox.serialize(data, format=ox.RdfFormat.N_TRIPLES) or b""


def bulk_ntriples(size: int = BULK_SIZE) -> bytes:
    """`size` subjects with an xsd:integer value each: the graph `RUNAWAY` multiplies."""
    integer = ox.NamedNode(XSD + "integer")
    return ntriples((f"{EX}n{i}", EX + "value", ox.Literal(str(i), datatype=integer)) for i in range(size))


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
