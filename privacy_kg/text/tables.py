"""Loads the text layer's word lists from ``data/text/*.yaml``.

Word lists (furniture markers, month names, units, currencies) are data a maintainer edits
without touching Python; each module reads its table once through this cached loader.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

TABLES_DIR = Path(__file__).resolve().parents[2] / "data" / "text"


@functools.cache
def load_table(name: str) -> dict[str, Any]:
    """Return the parsed mapping in ``data/text/<name>.yaml`` (cached: tables never change at run time)."""
    with (TABLES_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        table = yaml.safe_load(handle)
    if not isinstance(table, dict):
        raise TypeError(f"data/text/{name}.yaml must hold a mapping")
    return table
