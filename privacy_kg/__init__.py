"""privacy-kg: a knowledge graph of personal-data incidents, regulators' actions and data flows."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("privacy-kg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
