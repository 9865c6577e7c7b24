"""The privacy-kg HTTP service: SPARQL 1.1 endpoint, REST resources, named queries, validation."""

from .main import create_app

__all__ = ["create_app"]
