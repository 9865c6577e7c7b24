"""`privacy-kg serve`, the README's run command, as a real process: on a fresh empty store it seeds the
graph from the hand mappings, answers on loopback, and stops cleanly on SIGINT or SIGTERM."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from privacy_kg import __version__
from privacy_kg.store import EmbeddedStore

START_TIMEOUT_S = 120  # the first start builds the seed graph (SHACL included)
ASK_ALL = "ASK { GRAPH ?g { ?s ?p ?o } }"
# After a graceful shutdown uvicorn re-raises the signal it caught: SIGINT becomes KeyboardInterrupt
# (exit 130 from the CLI, or 0), SIGTERM ends the process by its default action.
CLEAN_EXIT = {signal.SIGINT: (0, 130), signal.SIGTERM: (0, 143, -signal.SIGTERM)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command() -> list[str]:
    """The installed console script, or the same entry point through this interpreter."""
    script = shutil.which("privacy-kg")
    return (
        [script] if script else [sys.executable, "-c", "import sys; from privacy_kg.cli import main; sys.exit(main())"]
    )


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_KG_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), *args], check=False, capture_output=True, text=True, timeout=60, env=environment()
    )


def get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sparql_ask(base: str, query: str) -> bool | None:
    status, body = get(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", "application/sparql-results+json")
    return json.loads(body)["boolean"] if status == 200 else None


def wait_until_serving(process: subprocess.Popen, base: str) -> None:
    """Poll /health (or, while that route is missing, a SPARQL ASK) until the service answers."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"privacy-kg serve exited with {process.returncode}")
        try:
            status, _ = get(f"{base}/health")
            if status == 200 or (status == 404 and sparql_ask(base, "ASK {}") is True):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"privacy-kg serve did not answer within {START_TIMEOUT_S} s")


@contextmanager
def serving(log: Path, *args: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """The service in a subprocess on a free port, its output in `log` (a file: a pipe could fill up)."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command(), *args, "--port", str(port)], stdout=output, stderr=subprocess.STDOUT, env=environment()
        )
        try:
            yield process, f"http://127.0.0.1:{port}"
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def stop_with(process: subprocess.Popen, sig: signal.Signals, log: Path) -> str:
    process.send_signal(sig)
    process.wait(30)  # bounded: a hang fails the test
    return log.read_text()


def test_version_and_help() -> None:
    version = run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"privacy-kg {__version__}")
    top = run("--help")
    assert top.returncode == 0 and "serve" in top.stdout
    serve = run("serve", "--help")
    assert serve.returncode == 0 and all(option in serve.stdout for option in ("--host", "--port", "--token"))


@pytest.mark.parametrize(
    "order",
    ["global-option", "after-command"],
)
def test_serve_seeds_a_fresh_store_and_stops_cleanly(tmp_path: Path, order: str) -> None:
    store = tmp_path / "store"
    args = ("--store", str(store), "serve") if order == "global-option" else ("serve", "--store", str(store))
    log = tmp_path / "serve.log"
    with serving(log, *args) as (process, base):
        wait_until_serving(process, base)
        assert sparql_ask(base, "ASK {}") is True
        assert sparql_ask(base, ASK_ALL) is True  # seeded from the hand mappings
        output = stop_with(process, signal.SIGINT, log)
    assert process.returncode in CLEAN_EXIT[signal.SIGINT], output[-2000:]
    assert "empty: building the seed graph" in output and "Application shutdown complete" in output
    seeded = EmbeddedStore(store)  # opening for writing proves the server let go of the store
    try:
        graphs = seeded.named_graphs()
        assert len(graphs) >= 3 and seeded.quad_count() > 1000
    finally:
        seeded.close()
    # Started again on the seeded store: no rebuild, same graphs; SIGTERM stops it too.
    with serving(log, "--store", str(store), "serve") as (process, base):
        wait_until_serving(process, base)
        assert sparql_ask(base, ASK_ALL) is True
        output = stop_with(process, signal.SIGTERM, log)
    assert process.returncode in CLEAN_EXIT[signal.SIGTERM], output[-2000:]
    assert "Application shutdown complete" in output and "building the seed graph" not in output
    reopened = EmbeddedStore(store, read_only=True)
    try:
        assert reopened.named_graphs() == graphs
    finally:
        reopened.close()
