"""Evaluate a QueryRequest on a pyoxigraph store and let the engine render the result.

Shared by the query worker processes and the CLI, so both answer byte for byte alike.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import InputError, QuerySyntaxError, StoreError
from ..namespaces import PREFIXES
from ..sparql import formats
from ..sparql.dataset import BASE_IRI
from ..sparql.results import Rendered, render_boolean, render_solutions, render_triples
from .base import QueryRequest, Term


def to_oxigraph(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


def dataset_options(request: QueryRequest) -> dict:
    options: dict = {"base_iri": BASE_IRI}  # relative IRIs resolve as in updates (writes.py)
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    if request.bindings:
        options["substitutions"] = {ox.Variable(name): to_oxigraph(term) for name, term in request.bindings}
    return options


def execute(store: ox.Store, request: QueryRequest) -> Rendered:
    try:
        result = store.query(request.text, **dataset_options(request))
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (ValueError, RuntimeError) as exc:  # valid SPARQL the engine cannot run, e.g. a custom function
        raise InputError(f"the query cannot be evaluated: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the store could not be read: {exc}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            return render_boolean(bool(result), formats.RESULT_FORMATS[request.format])
        if isinstance(result, ox.QuerySolutions):
            return render_solutions(result, formats.RESULT_FORMATS[request.format], request.cap)
        return render_triples(result, formats.GRAPH_FORMATS[request.format], request.cap, prefixes=PREFIXES)
    except OSError as exc:  # evaluation is lazy: errors surface while rendering
        raise StoreError(f"query evaluation failed: {exc}") from None
