"""`privacy-kg serve`: the HTTP service (SPARQL, REST, named queries) on the configured store."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ...settings import Settings
from ...store import open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the HTTP service (SPARQL 1.1, REST, named queries, validation)",
        description="Serve the store over HTTP. On first start an empty embedded store is built from the hand "
        "mappings. Reads are open; writes need a bearer token (--token or PRIVACY_KG_WRITE_TOKEN).",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    p.add_argument("--store", type=Path, default=argparse.SUPPRESS, help="embedded store folder")
    p.add_argument("--token", help="bearer token that allows writes (default: read-only)")
    p.add_argument("--timeout", type=float, help="query timeout in seconds (default: 10)")
    p.add_argument("--backend", choices=["embedded", "remote"], help="store backend (default: embedded)")
    p.add_argument("--remote-query-url", help="SPARQL query endpoint of a remote store")
    p.add_argument("--remote-update-url", help="SPARQL update endpoint of a remote store")
    p.add_argument("--remote-store-url", help="Graph Store Protocol endpoint of a remote store, if it has one")
    p.add_argument("--no-seed", action="store_true",
                   help="start on an empty store as it is: do not build the seed graph into it")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api import create_app

    overrides = {
        "write_token": args.token,
        "query_timeout_s": args.timeout,
        "backend": args.backend,
        "remote_query_url": args.remote_query_url,
        "remote_update_url": args.remote_update_url,
        "remote_store_url": args.remote_store_url,
        "seed": False if args.no_seed else None,
    }
    given = {k: v for k, v in overrides.items() if v is not None}
    settings = Settings(**{**settings.model_dump(), **given})  # validated again: the token becomes a secret
    if settings.backend == "embedded":  # a store another process holds: one line now, not a traceback
        open_store(settings).close()  # from the app's start-up
    logging.getLogger("privacy_kg").setLevel(args.log_level.upper())
    mode = "read-write (token)" if settings.write_token else "read-only"
    logging.getLogger("privacy_kg").info(
        "privacy-kg on http://%s:%s/ (%s store, %s); docs at /docs, SPARQL at /sparql",
        args.host, args.port, settings.backend, mode,
    )
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {port}")
    return port
