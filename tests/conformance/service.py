"""The service under test, started as users start it (`privacy-kg serve --no-seed`), and a raw
HTTP client for it.

The client is `http.client`, not a convenience library, because protocol tests must send exactly
the request they describe: no Content-Type added to a body that has none, repeated parameters,
bodies in UTF-16, methods such as PUT on the query endpoint.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from testkit.live import free_port, start_oxigraph, stop, wait_for_port

from privacy_kg.settings import PROJECT_ROOT

__all__ = ["TOKEN", "Client", "Reply", "Service", "start_service"]

TOKEN = "w3c-conformance-token"
BACKENDS = ("embedded", "remote")
_SERVE = "import sys; from privacy_kg.cli import main; sys.exit(main())"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Client:
    """One keep-alive connection to the service; `request` reconnects once if it was dropped."""

    def __init__(self, base_url: str, token: str | None = TOKEN, timeout_s: float = 60.0) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.token = token
        self.timeout_s = timeout_s
        self._conn: http.client.HTTPConnection | None = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        params: list[tuple[str, str]] | None = None,
        *,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = False,
        raw_query: str | None = None,
    ) -> Reply:
        """`params` are URL-encoded; `raw_query` is sent as written (for malformed requests)."""
        target = path
        query = raw_query if raw_query is not None else (urlencode(params) if params else "")
        if query:
            target += "?" + query
        sent = dict(headers or {})
        if auth and self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        data = body.encode("utf-8") if isinstance(body, str) else body
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, target, body=data, headers=sent)
                response = conn.getresponse()
                payload = response.read()
                return Reply(
                    response.status, {k.lower(): v for k, v in response.getheaders()}, payload
                )
            except (http.client.HTTPException, ConnectionError) as exc:
                self.close()
                if attempt == 2:
                    raise ConnectionError(f"{method} {target}: {exc}") from None
        raise AssertionError("unreachable")

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@dataclass
class Service:
    """A running `privacy-kg serve` process (and, for the remote backend, its Oxigraph server)."""

    base_url: str
    backend: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    log: Path | None = None

    @property
    def sparql(self) -> str:
        return "/sparql"

    @property
    def graph_store(self) -> str:
        return "/graph-store"

    def client(self, token: str | None = TOKEN) -> Client:
        return Client(self.base_url, token)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                stop(process)
        self.processes.clear()


def start_service(
    backend: str, workdir: Path, *, token: str = TOKEN, timeout_s: float = 60.0
) -> Service:
    """`privacy-kg serve --no-seed` on a free loopback port, over an empty store of `backend`."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    workdir.mkdir(parents=True, exist_ok=True)
    service = Service("", backend, log=workdir / f"serve-{backend}.log")
    args = ["--store", str(workdir / "store"), "serve", "--no-seed", "--log-level", "warning"]
    if backend == "remote":
        oxigraph = start_oxigraph(workdir / "oxigraph", timeout_s=10.0)
        service.processes.append(oxigraph.process)
        args += [
            "--backend",
            "remote",
            "--remote-query-url",
            oxigraph.query_url,
            "--remote-update-url",
            oxigraph.update_url,
            "--remote-store-url",
            oxigraph.store_url,
        ]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_KG_")}
    env["PRIVACY_KG_WRITE_TOKEN"] = token
    with service.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, *args, "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
    service.processes.append(process)
    service.base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(service, process, port, timeout_s)
    except BaseException:
        service.close()
        raise
    return service


def _wait_healthy(service: Service, process: subprocess.Popen, port: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = service.log.read_text(errors="replace")[-2000:] if service.log else ""
            raise RuntimeError(f"privacy-kg serve exited with {process.returncode}:\n{log}")
        try:
            wait_for_port(port, timeout=0.5)
            client = service.client()
            try:
                if client.request("GET", "/health").status == 200:
                    return
            finally:
                client.close()
        except (RuntimeError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"privacy-kg serve did not answer /health within {timeout_s:g} s")
