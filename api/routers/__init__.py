"""One router per resource; `ROUTERS` is the list the app includes, in order.

Each module exports `router`. `pages` comes last: it holds the catch-all IRI dereferencing routes.
"""

from fastapi import APIRouter

from . import (
    actors,
    articles,
    data_flows,
    dumps,
    graph_store,
    health,
    incidents,
    legal_actions,
    maintenance,
    named_queries,
    pages,
    sparql,
)

ROUTERS: list[APIRouter] = [
    m.router
    for m in (
        health,
        sparql,
        graph_store,
        actors,
        incidents,
        data_flows,
        legal_actions,
        articles,
        named_queries,
        maintenance,
        dumps,
        pages,
    )
]
