# The two commands of the README: `make serve` and `make test`. Both install what they need first.
PYTHON ?= python3
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: install install-test serve test build bench conformance

install:
	$(PYTHON) -m pip install $(PIP_FLAGS) -e .

install-test:
	$(PYTHON) -m pip install $(PIP_FLAGS) -e '.[test]'

serve: install
	privacy-kg serve

test: install-test
	$(PYTHON) -m pytest

build: install
	privacy-kg build

bench: install-test
	privacy-kg bench

conformance: install-test
	$(PYTHON) tools/conformance.py
