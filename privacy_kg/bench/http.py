"""The service as users run it: `privacy-kg serve` in its own process, measured over loopback.

`Server` starts the command on 127.0.0.1 and a free port and waits for `/health`; `time_request`
times one case (a warm-up request, then a bounded number of requests); `throughput` runs a fixed
number of requests from N concurrent clients, stopped early by a time cap. Nothing here talks to
any host but 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from .machine import children, memory_mb
from .measure import Timing, percentile, run_loop

HOST = "127.0.0.1"
CLI = [sys.executable, "-m", "privacy_kg.cli"]  # the installed `privacy-kg`, from this interpreter


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`privacy-kg --store DIR serve` on loopback; the query timeout is raised to the budget."""

    def __init__(self, home: Path, store_dir: Path, log: Path, timeout_s: float, start_timeout_s: float = 900.0) -> None:
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self._log = log.open("wb")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [*CLI, "--home", str(home), "--store", str(store_dir), "-q", "serve",
             "--host", HOST, "--port", str(self.port), "--timeout", f"{timeout_s:g}", "--log-level", "warning"],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        try:
            self.health = self._wait_ready(start_timeout_s, log)
        except Exception:
            self.stop()
            raise
        self.start_s = time.perf_counter() - began

    def _wait_ready(self, timeout_s: float, log: Path) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"`privacy-kg serve` exited with {self.process.returncode}:\n{tail}")
            try:
                response = httpx.get(f"{self.base_url}/health", timeout=600)
                if response.status_code == 200:
                    return response.json()
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"`privacy-kg serve` did not answer /health within {timeout_s:g} s")

    def memory(self) -> dict[str, Any]:
        """The server process, its query worker(s), and their sum (resident now and peak)."""
        server = memory_mb(self.process.pid)
        workers = [memory_mb(pid) for pid in children(self.process.pid)]
        total = {key: round(sum(m[key] or 0 for m in [server, *workers]), 1) for key in ("rss_mb", "hwm_mb")}
        return {"server": server, "workers": workers, "total": total}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        self._log.close()


def time_request(client: httpx.Client, url: str, reps: int, case_s: float, warm_up: bool = True) -> Timing:
    """Median and p95 of GET `url` (after one warm-up); fails on any status but 200."""
    timing = Timing(budget_s=client.timeout.read)
    last: list[httpx.Response] = []

    def get() -> httpx.Response:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        return response

    try:
        timing.samples = run_loop(get, reps, case_s, lambda seconds, response: last.append(response), warm_up)
    except httpx.TimeoutException:
        timing.over_budget = True
    except (RuntimeError, httpx.HTTPError) as exc:
        timing.error = str(exc)
    if last:
        timing.bytes = len(last[-1].content)
        timing.rows = count_rows(last[-1])
    return timing


def count_rows(response: httpx.Response) -> int | None:
    """Solutions of a SPARQL JSON answer, items of a REST page, or None."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if isinstance(data, dict) and "results" in data:
        return len(data["results"]["bindings"])
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return len(data["items"])
    return None


def throughput(base_url: str, url: str, clients: int, total: int, cap_s: float, timeout_s: float) -> dict[str, Any]:
    """`total` requests from `clients` threads (one connection each), stopped at `cap_s`."""
    lock = threading.Lock()
    issued = [0]
    latencies: list[float] = []
    statuses: Counter = Counter()
    began = time.perf_counter()

    def worker() -> None:
        with httpx.Client(base_url=base_url, timeout=timeout_s) as client:
            while True:
                with lock:
                    if issued[0] >= total or time.perf_counter() - began > cap_s:
                        return
                    issued[0] += 1
                start = time.perf_counter()
                try:
                    status = client.get(url).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                took = time.perf_counter() - start
                with lock:
                    statuses[str(status)] += 1
                    if status == 200:
                        latencies.append(took)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(cap_s + timeout_s + 10)
    wall = time.perf_counter() - began
    done = len(latencies)
    return {
        "url": url,
        "clients": clients,
        "requested": total,
        "completed": done,
        "statuses": dict(statuses),
        "wall_s": round(wall, 3),
        "capped": sum(statuses.values()) < total,
        "requests_per_s": round(done / wall, 2) if wall else None,
        "median_ms": round(percentile(latencies, 50) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 2) if latencies else None,
    }
