"""One module per group of commands; each has `add_parser(subparsers)`."""

from . import data, query, serve

MODULES = [data, query, serve]
