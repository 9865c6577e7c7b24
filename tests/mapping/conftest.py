"""Fixtures for the rule mapper's tests: the resources (built once) and a mapping helper."""

from __future__ import annotations

import datetime as dt

import pytest

from privacy_kg.mapping.mapper import CitationOptions, MapResult, map_text
from privacy_kg.mapping.resources import Resources, default_resources


@pytest.fixture(scope="session")
def res() -> Resources:
    return default_resources()


@pytest.fixture(scope="session")
def mapit(res: Resources):
    """Map a short text of the test's own writing, dated so relative dates are checkable."""

    def run(
        text: str, date: dt.date = dt.date(2024, 5, 22), article_id: str = "test-article"
    ) -> MapResult:
        return map_text(
            text, CitationOptions(article_id=article_id, date=date, publisher="tests"), res
        )

    return run
