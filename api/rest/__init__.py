"""The REST layer shared by the resource routers: queries, paging, items, formats, models.

Routers stay thin: they declare parameters and response models and call `list_items` /
`get_item`; everything that touches SPARQL goes through `queries/rest/*.rq`.
"""

from .models import errors
from .resources import (
    ACTORS,
    ARTICLES,
    DATA_FLOWS,
    INCIDENTS,
    LEGAL_ACTIONS,
    Resource,
    get_item,
    list_items,
)

__all__ = [
    "ACTORS",
    "ARTICLES",
    "DATA_FLOWS",
    "INCIDENTS",
    "LEGAL_ACTIONS",
    "Resource",
    "errors",
    "get_item",
    "list_items",
]
