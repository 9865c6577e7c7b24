"""W3C SPARQL 1.1 conformance over HTTP: the suites, the service under test, the runner.

Also run outside pytest (`python -m tests.conformance.runner`, `tools/conformance.py`), where
`tests/` is not on sys.path as it is under pytest; it is appended here so that `testkit` imports
the same way in both.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.append(_TESTS)
