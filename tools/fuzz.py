"""Fuzz the service's OpenAPI for longer than `make test` does.

    python tools/fuzz.py                          # 300 examples per operation, at most an hour
    python tools/fuzz.py --examples 2000 --budget 14400
    python tools/fuzz.py --seed 7                 # other examples than the suite's fixed ones

It runs tests/hostile/test_fuzz_openapi.py, the suite's own fuzz test, with more examples: the same
server (`privacy-kg serve` on 127.0.0.1 over a copy of the seed graph, with a write token, so
ingest, the Graph Store, SPARQL Update and /validate are fuzzed too), the same SPARQL body samples
and the same checks: no 5xx other than a documented 503 (timeout, overload), status codes, content
types, headers and JSON bodies as documented, and `{type, message}` on every 4xx. The suite runs
12 examples per operation with a fixed seed; `--seed` explores others (Hypothesis prints the
seed of a failing run so it can be replayed).

Each operation is a subtest: a failure names the operation and prints the request as a curl line.
Exit code: pytest's (0: nothing found). Needs the test extras: pip install -e '.[test]'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = ROOT / "tests" / "hostile" / "test_fuzz_openapi.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--examples", type=int, default=300, help="examples per operation (default: 300)"
    )
    parser.add_argument(
        "--budget", type=float, default=3600, help="seconds for the whole run (default: 3600)"
    )
    parser.add_argument(
        "--seed", type=int, help="a Hypothesis seed instead of the suite's fixed examples"
    )
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments, e.g. -x")
    args = parser.parse_args()
    env = {
        **os.environ,
        "PRIVACY_KG_FUZZ_EXAMPLES": str(args.examples),
        "PRIVACY_KG_FUZZ_BUDGET_S": str(args.budget),
    }
    if args.seed is not None:
        env["PRIVACY_KG_FUZZ_SEED"] = str(args.seed)
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(TEST),
        "-p",
        "no:cacheprovider",
        "-o",
        f"timeout={int(args.budget) + 600}",
        "-q",
        *args.pytest_args,
    ]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
