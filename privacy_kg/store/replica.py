"""A query worker process: an in-memory replica of the store that answers queries and applies writes.

Started by `QueryWorkers` as `python -m privacy_kg.store.replica FD SNAPSHOT THREADS`; FD is its end
of a socket pair. It loads the N-Quads snapshot, says "ready", then handles messages in order:
updates synchronously (so a later query sees them), queries in a thread pool.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import PrivacyKGError, StoreError
from .base import QueryRequest
from .engine import execute


def serve(conn: Any, snapshot: str, threads: int) -> None:
    """Load the snapshot, then serve messages in order until the parent goes away."""
    store = ox.Store()
    try:
        store.bulk_load(path=snapshot, format=ox.RdfFormat.N_QUADS)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which gives up on this worker
        conn.send(("failed", 0, f"{type(exc).__name__}: {exc}"))
        return
    finally:
        Path(snapshot).unlink(missing_ok=True)
    send_lock = threading.Lock()

    def reply(*message: Any) -> None:
        with send_lock:
            conn.send(message)

    def run(request_id: int, request: QueryRequest) -> None:
        try:
            reply("ok", request_id, execute(store, request))
        except PrivacyKGError as exc:
            reply("error", request_id, exc)
        except Exception as exc:  # noqa: BLE001 - an engine failure must not kill the worker
            reply("error", request_id, StoreError(f"query evaluation failed: {type(exc).__name__}: {exc}"))

    reply("ready", 0, len(store))
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="query")
    while True:
        try:
            kind, request_id, payload = conn.recv()
        except (EOFError, OSError):
            break
        if kind == "query":
            pool.submit(run, request_id, payload)
        elif kind == "update":  # applied in order, before any later query is dispatched
            try:
                store.update(payload)
                reply("ok", request_id, None)
            except Exception as exc:  # noqa: BLE001
                reply("error", request_id, StoreError(f"replica update failed: {exc}"))
        elif kind == "stop":
            break
    os._exit(0)  # do not wait for runaway query threads


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
