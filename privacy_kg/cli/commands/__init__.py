"""One module per group of commands; each has `add_parser(subparsers)`."""

from . import data, query

MODULES = [data, query]
