"""The three ways the REST layer reshapes a `queries/rest/*.rq` text, all on tokens and trusted files.

Request values never enter a query text here: filters are bound as terms through the store
(`QueryRequest.bindings`). What is written into the text is either an integer the API validated
(LIMIT/OFFSET), variable names declared in the file's own header, or IRIs serialised by pyoxigraph
(the same escaping the remote store uses for its VALUES bindings):

* `paged`: the list query with `LIMIT n OFFSET m`;
* `counted`: the list query's WHERE group under `SELECT (COUNT(DISTINCT ?item) AS ?total)`.
  Not a subquery: the remote store binds parameters in the outermost WHERE group, which a
  subquery would not see;
* `with_items`: every empty `VALUES ?item { }` block filled with the IRIs of a page. The
  describe query holds one per UNION branch because engines do not push a VALUES join into a
  nested group: one block at the top made a 50-item page take 40 s on 300k triples, one per
  branch 0.09 s.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from privacy_kg.errors import MappingError
from privacy_kg.sparql.lexer import Token, decode_escapes, tokenize


@dataclass(frozen=True)
class QueryShape:
    """Where the parts of a query are: the form keyword, and the braces of its WHERE group."""

    text: str
    form_at: int
    group_open: int  # offset of the `{` opening the outermost WHERE group
    group_close: int  # offset just after its `}`

    @property
    def prologue(self) -> str:
        return self.text[: self.form_at]

    @property
    def group(self) -> str:
        return self.text[self.group_open : self.group_close]


def shape(text: str, source: str = "query") -> QueryShape:
    """Locate the form and the WHERE group, or raise MappingError naming the file."""
    text = decode_escapes(text)
    tokens = tokenize(text)
    form = next((i for i, t in enumerate(tokens) if t.keyword in ("SELECT", "CONSTRUCT")), None)
    if form is None:
        raise MappingError(f"{source}: a REST query is a SELECT or a CONSTRUCT")
    index = form + 1
    if tokens[form].keyword == "CONSTRUCT":
        index = _after_group(tokens, index, source)  # skip the template
    parens = 0
    for i in range(index, len(tokens)):
        token = tokens[i]
        if token.kind == "PUNCT" and token.value in "()":
            parens += 1 if token.value == "(" else -1
        elif token.kind == "PUNCT" and token.value == "{" and parens == 0:
            close = _after_group(tokens, i, source)
            return QueryShape(text, tokens[form].start, token.start, tokens[close - 1].end)
    raise MappingError(f"{source}: no WHERE group found")


def _after_group(tokens: list[Token], open_index: int, source: str) -> int:
    """Index of the token after the `}` that closes the group opened at `open_index`."""
    if open_index >= len(tokens) or tokens[open_index].value != "{":
        raise MappingError(f"{source}: expected '{{'")
    depth = 0
    for i in range(open_index, len(tokens)):
        if tokens[i].kind == "PUNCT" and tokens[i].value in "{}":
            depth += 1 if tokens[i].value == "{" else -1
            if depth == 0:
                return i + 1
    raise MappingError(f"{source}: unbalanced braces")


def paged(text: str, limit: int, offset: int) -> str:
    return f"{text}\nLIMIT {int(limit)} OFFSET {int(offset)}\n"


def counted(query: QueryShape, variables: tuple[str, ...]) -> str:
    """The total of a list query; the bound parameter variables are projected (pyoxigraph binds
    only projected variables) and grouped on, which keeps one group."""
    names = " ".join(f"?{name}" for name in variables)
    group_by = f"\nGROUP BY {names}" if names else ""
    return f"{query.prologue}SELECT (COUNT(DISTINCT ?item) AS ?total) {names}\nWHERE {query.group}{group_by}\n"


def values_block(iris: list[str]) -> str:
    """IRIs in SPARQL syntax, each validated and escaped by pyoxigraph."""
    try:
        return " ".join(str(ox.NamedNode(iri)) for iri in iris)
    except ValueError as exc:
        raise MappingError(f"not an IRI: {exc}") from None


def with_items(text: str, iris: list[str], variable: str = "item", source: str = "query") -> str:
    """Fill every empty `VALUES ?<variable> { }` block of the text with the given IRIs."""
    text = decode_escapes(text)
    tokens = tokenize(text)
    block = values_block(iris)
    out: list[str] = []
    at = 0
    for i in range(len(tokens) - 3):
        window = tokens[i : i + 4]
        if (
            window[0].keyword == "VALUES"
            and window[1].value in (f"?{variable}", f"${variable}")
            and window[2].value == "{"
            and window[3].value == "}"
        ):
            out.append(text[at : window[2].end])
            out.append(f" {block} ")
            at = window[3].start
    if not out:
        raise MappingError(f"{source}: no empty `VALUES ?{variable} {{ }}` block to fill")
    out.append(text[at:])
    return "".join(out)
