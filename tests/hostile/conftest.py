"""The service as its own process (`privacy-kg serve` on 127.0.0.1) over a private copy of the seed.

A separate process, not a thread of the test run: the point of these tests is what hostile input
does to a server, and a parser that overflows its stack kills the whole process, which must not be
pytest's. `Service` also reads the server's memory and the whole dataset (a dump) so tests can
assert that a burst left the server up and the store unchanged. The fixtures here serve the
hostile HTTP modules (`test_hostile_*.py`): one server per module, a client on it, and the check
after each test that it is still up and its dataset unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from testkit.live import WRITE_TOKEN, client_fixture, copy_seed, free_port, stop

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
CLI = [sys.executable, "-c", "import sys; from privacy_kg.cli import main; sys.exit(main())"]
START_TIMEOUT_S = 90
# Small enough to reach in a test, large enough for the nested bodies to reach the parsers.
LIMITS = {
    "PRIVACY_KG_QUERY_TIMEOUT_S": "2",
    "PRIVACY_KG_MAX_CONCURRENT_QUERIES": "2",
    "PRIVACY_KG_MAX_BODY_BYTES": str(1024 * 1024),
}


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without PRIVACY_KG_* settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_KG_")}
    return {**env, "PYTHONUNBUFFERED": "1", **settings}


@dataclass
class Service:
    base_url: str
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_mb(self) -> float:
        """Resident memory of the server process (Linux /proc), in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS in /proc")

    def dump(self) -> set[str]:
        """Every quad, as N-Quads lines (IRIs are stable: dumps compare line for line)."""
        response = httpx.get(f"{self.base_url}/dumps/privacy-kg.nq", timeout=60)
        assert response.status_code == 200, response.text
        return set(response.text.splitlines())

    def answers(self, within_s: float = 10.0) -> bool:
        """`ASK {}` answers 200 in time (polling through 503s while a worker is replaced)."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline and self.alive():
            try:
                response = httpx.get(
                    f"{self.base_url}/sparql", params={"query": "ASK {}"}, timeout=5
                )
                if response.status_code == 200 and response.json()["boolean"] is True:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        return False


@contextmanager
def serve(seed_store_dir: Path, workdir: Path, **settings: str) -> Iterator[Service]:
    """`privacy-kg serve` with the write token over a copy of the seed store; stopped afterwards."""
    store = copy_seed(seed_store_dir, workdir / "store")
    port = free_port()
    log = workdir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                *CLI,
                "--store",
                str(store),
                "serve",
                "--port",
                str(port),
                "--token",
                WRITE_TOKEN,
                "--log-level",
                "warning",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=environment(**{**LIMITS, **settings}),
        )
    service = Service(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not service.answers(within_s=0.5):
            if not service.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"privacy-kg serve did not start:\n{log.read_text()[-3000:]}")
        yield service
    finally:
        stop(process, timeout=15)


@pytest.fixture(scope="module")
def server(seed_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One server per module of hostile HTTP tests (a runaway query in one leaves no trace in the
    next), under the limits of `LIMITS`."""
    with serve(seed_store_dir, tmp_path_factory.mktemp("hostile")) as service:
        yield service


@pytest.fixture(scope="module")
def baseline(server: Service) -> set[str]:
    """The dataset before the module's first burst, to compare with after each test."""
    return server.dump()


http = client_fixture("server", timeout=60, scope="function")


@pytest.fixture()
def still_serving_and_unchanged(server: Service, baseline: set[str]) -> Iterator[None]:
    """After each test: the server is up, `ASK {}` answers and the dataset is as it was (none of
    these requests may write). Not autouse, or every module here would start a server: the hostile
    HTTP modules name it in their `pytestmark`."""
    yield
    assert server.alive(), f"the server died:\n{server.log.read_text()[-2000:]}"
    assert server.answers(within_s=20), "ASK {} got no answer after the burst"
    assert server.dump() == baseline, "the burst changed the store"
