"""Session fixture for the shape tests; the helpers live in shacl_support.py."""

import pytest
from shacl_support import Shacl


@pytest.fixture(scope="session")
def shacl() -> Shacl:
    return Shacl()
