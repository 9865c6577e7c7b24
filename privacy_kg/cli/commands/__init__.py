"""One module per group of commands; each has `add_parser(subparsers)`."""

from . import bench, data, mapping, query, serve, synth

MODULES = [data, query, serve, synth, mapping, bench]
