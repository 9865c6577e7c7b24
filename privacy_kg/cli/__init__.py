"""The `privacy-kg` command line."""

from .app import main

__all__ = ["main"]
