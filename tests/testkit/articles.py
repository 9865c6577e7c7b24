"""The five source articles, read from `../shared/articles` next to the repo; tests skip without them.

Article text never goes into the repo: tests that need it read it from there at run time.
"""

from __future__ import annotations

import pytest

from privacy_kg.settings import PROJECT_ROOT

ARTICLES = PROJECT_ROOT.parent / "shared" / "articles"


def needs_articles() -> None:
    """Skip a test that reads the source articles when ../shared/articles is absent."""
    if not ARTICLES.is_dir():
        pytest.skip("../shared/articles is not present")


def article_names() -> list[str]:
    """The article files' names, sorted (none without the folder: parametrized tests vanish)."""
    return sorted(p.name for p in ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []


def article_text(name: str) -> str:
    """One article's raw text, or a skip when the folder is absent."""
    needs_articles()
    return (ARTICLES / name).read_text(encoding="utf-8")
