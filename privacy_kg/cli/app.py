"""Argument parsing, logging and the one place where errors become a line on stderr and an exit code.

Exit codes: 0 success, 1 the data does not conform (or a check failed), 2 bad input or usage,
3 the store or a limit stopped the command, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError
from pydantic_settings import SettingsError

from .. import __version__
from ..errors import PrivacyKGError
from ..settings import Settings
from . import commands

log = logging.getLogger("privacy_kg")


class Parser(argparse.ArgumentParser):
    """Usage mistakes are one line on stderr, like every other error (exit 2); --help has the rest."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="privacy-kg",
        description="Build, validate, query and serve the privacy-kg knowledge graph of personal-data incidents.",
        epilog="Exit codes: 0 ok, 1 data does not conform, 2 bad input, 3 store or limit error. "
        "Settings also come from PRIVACY_KG_* environment variables (see README).",
    )
    parser.add_argument("--version", action="version", version=f"privacy-kg {__version__}")
    parser.add_argument("--home", type=Path, help="project folder with ontology/, shapes/, data/, queries/")
    parser.add_argument("--store", type=Path, help="embedded store folder (default: <home>/var/store)")
    parser.add_argument("--articles", type=Path, help="folder of source article texts (default: ../shared/articles)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="log details")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print results only, no progress")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in commands.MODULES:
        module.add_parser(sub)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {}
    if args.home:
        overrides["home"] = args.home.resolve()
    if args.store:
        overrides["store_path"] = args.store.resolve()
    if args.articles:
        overrides["articles_dir"] = args.articles.resolve()
    return Settings(**overrides)


def _setting(location: tuple) -> str:
    """`query_timeout_s (PRIVACY_KG_QUERY_TIMEOUT_S)`: the field and where a user may have set it."""
    name = ".".join(str(part) for part in location)
    return f"{name} (PRIVACY_KG_{str(location[0]).upper()})" if location else "(settings)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.error("choose a command")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s" if args.verbose else "%(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args, settings_from(args)) or 0)
    except PrivacyKGError as exc:
        print(f"privacy-kg {args.command}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except ValidationError as exc:  # settings from options or PRIVACY_KG_* variables
        problems = "; ".join(
            f"setting {_setting(error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        print(f"privacy-kg {args.command}: {problems}", file=sys.stderr)
        return 2
    except SettingsError as exc:  # a PRIVACY_KG_* value that cannot even be read (a list not in JSON)
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        print(f"privacy-kg {args.command}: {exc}{cause}; see the README's settings", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("privacy-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
