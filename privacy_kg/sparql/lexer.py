"""A SPARQL 1.1 lexer and a light inspector that runs on every request.

Only a real tokenizer can tell the keyword ``SERVICE`` from the same letters in a
string, an IRI, a comment, a prefixed name or a variable, so the guard works on
tokens, never on raw text. The token rules follow the terminals of the SPARQL 1.1
grammar (section 19.8); every pattern is a compiled regular expression that cannot
backtrack badly, so a request is scanned in linear time.

The engines do not all read a text the same way: rdflib decodes ``\\uXXXX`` escapes in
the whole text first (as section 19.2 says), Oxigraph only inside strings and IRIs,
and both match keywords without a lexer (``SERVICEex:a {`` is a SERVICE clause to
Oxigraph). ``inspect`` therefore scans both readings and also flags token shapes that
such a parser may read as SERVICE or LOAD (``risky.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import urljoin

from privacy_kg.sparql.errors import SparqlSyntaxError
from privacy_kg.sparql.risky import earliest, risky_positions

__all__ = ["QueryInfo", "Token", "decode_escapes", "inspect", "tokenize"]

# Character classes of the grammar (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS).
_BASE = (
    r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    r"\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = rf"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"
_NUMBER = (
    rf"[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}"
    r"|[0-9]*\.[0-9]+|[0-9]+)"
)


def _master(echar: str, iri_char: str) -> re.Pattern[str]:
    """All terminals but prefixed names, in the order that gives the grammar's reading."""
    terminals = [
        ("IRIREF", rf"<(?:{iri_char})*>"),
        ("STRING_LITERAL_LONG1", rf"'''(?:(?:''|')?(?:[^'\\]|{echar}))*'''"),
        ("STRING_LITERAL_LONG2", rf'"""(?:(?:""|")?(?:[^"\\]|{echar}))*"""'),
        ("STRING_LITERAL1", rf"'(?:[^'\\\n\r]|{echar})*'"),
        ("STRING_LITERAL2", rf'"(?:[^"\\\n\r]|{echar})*"'),
        ("VAR1", rf"\?{_VARNAME}"),
        ("VAR2", rf"\${_VARNAME}"),
        ("LANGTAG", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
        ("NUMBER", _NUMBER),
        ("BLANK_NODE_LABEL", rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
        ("NIL", r"\([ \t\r\n]*\)"),
        ("ANON", r"\[[ \t\r\n]*\]"),
        ("NAME", r"[A-Za-z][A-Za-z0-9_]*"),
        ("PUNCT", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.=<>!^|/*+\-?]"),
    ]
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in terminals))


_IRI_CHAR = r'[^<>"{}|^`\\\x00-\x20]'
_ECHAR = r"""\\[tbnrf\\"']"""
# The grammar's reading, for text whose escapes were decoded beforehand.
_MASTER = _master(_ECHAR, _IRI_CHAR)
# Oxigraph's reading of undecoded text: \u escapes are allowed inside strings and IRIs.
_MASTER_RAW = _master(rf"""\\[tbnrf\\"']|{_UCHAR}""", rf"{_IRI_CHAR}|{_UCHAR}")
_PNAME = re.compile(rf"(?:{_PN_PREFIX})?:(?P<local>{_PN_LOCAL})?")
_PREFIX_RUN = re.compile(rf"[{_BASE}][{_CHARS}.]*+")
_SKIP = re.compile(r"(?:[ \t\r\n]++|#[^\r\n]*+)*+")
_OPEN_IRI = re.compile(rf"<{_IRI_CHAR}+")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[uU])")
_PN_LOCAL_ESC = re.compile(r"\\(.)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")

_QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_WORDS = frozenset({"NAME", "PNAME_NS", "PNAME_LN"})


class Token(NamedTuple):
    """One terminal: ``kind`` is the grammar's name (``NAME`` for keywords, ``PUNCT``
    for operators, ``INTEGER``/``DECIMAL``/``DOUBLE`` for numbers with their sign)."""

    kind: str
    value: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The keyword in upper case (keywords are case-insensitive, except ``a``)."""
        if self.kind != "NAME":
            return None
        return self.value if self.value == "a" else self.value.upper()


@dataclass(frozen=True)
class QueryInfo:
    """What the service must know about a request before it evaluates it.

    ``service_at``/``load_at`` are offsets in the original text of the first SERVICE or
    LOAD, including text that one of the engines could read as one.
    """

    form: str
    dataset_iris: tuple[str, ...] = ()
    from_graphs: tuple[str, ...] = ()  # FROM (queries) / USING (updates)
    from_named_graphs: tuple[str, ...] = ()  # FROM NAMED / USING NAMED
    limit: int | None = None
    offset: int | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    service_at: int | None = None
    load_at: int | None = None
    depth: int = 0  # deepest nesting of { ( [, and where it is first reached (original text)
    depth_at: int | None = None

    @property
    def uses_service(self) -> bool:
        return self.service_at is not None

    @property
    def uses_load(self) -> bool:
        return self.load_at is not None

    @property
    def has_limit(self) -> bool:
        return self.limit is not None

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"


class _Decoded(NamedTuple):
    text: str
    marks: tuple[int, ...]  # decoded offsets just after each decoded escape
    shifts: tuple[int, ...]  # characters removed up to that mark

    def original_position(self, position: int) -> int:
        index = bisect_right(self.marks, position) - 1
        return position + (self.shifts[index] if index >= 0 else 0)


def _syntax_error(original: str, position: int, message: str) -> SparqlSyntaxError:
    line = original.count("\n", 0, position) + 1
    column = position - (original.rfind("\n", 0, position) + 1) + 1
    return SparqlSyntaxError(f"{message} (line {line}, column {column})", position)


def _decode(text: str) -> _Decoded:
    if "\\u" not in text and "\\U" not in text:
        return _Decoded(text, (), ())
    parts: list[str] = []
    marks: list[int] = []
    shifts: list[int] = []
    last = shift = 0
    for match in _ESCAPE.finditer(text):
        body = match.group(1)
        code = int(body[1:], 16) if len(body) > 1 else -1
        if not (0 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
            hint = "write \\u and 4 or \\U and 8 hex digits naming a Unicode code point"
            raise _syntax_error(text, match.start(), f"invalid escape {match.group()!r}: {hint}")
        parts += (text[last : match.start()], chr(code))
        last = match.end()
        decoded_start = match.start() - shift
        shift += len(match.group()) - 1
        marks.append(decoded_start + 1)
        shifts.append(shift)
    parts.append(text[last:])
    return _Decoded("".join(parts), tuple(marks), tuple(shifts))


def decode_escapes(text: str) -> str:
    """Decode ``\\uXXXX`` and ``\\UXXXXXXXX`` over the whole text (SPARQL 1.1 section 19.2).

    >>> decode_escapes(r"\\u0053ERVICE")
    'SERVICE'
    """
    return _decode(text).text


def _unexpected(text: str, position: int) -> str:
    char = text[position]
    if char in "\"'":
        return "unterminated string literal (or a line break or invalid escape inside it)"
    if char == "\\":
        return "unexpected backslash outside a string, an IRI or a prefixed name"
    return f"unexpected character {char!r}"


def _scan(text: str, *, raw: bool) -> list[Token]:
    """Tokenize ``text``; ``raw`` reads it as Oxigraph does and skips what it cannot read."""
    master = _MASTER_RAW if raw else _MASTER
    tokens: list[Token] = []
    append = tokens.append
    length = len(text)
    position = 0
    # A failed prefixed-name attempt fails again anywhere in the same run of name
    # characters; remembering the run keeps "a.a.a.a..." linear.
    no_pname_before = 0
    while True:
        position = _SKIP.match(text, position).end()  # type: ignore[union-attr]
        if position >= length:
            return tokens
        if position >= no_pname_before:
            match = _PNAME.match(text, position)
            if match is not None:
                kind = "PNAME_LN" if match.group("local") else "PNAME_NS"
                append(Token(kind, match.group(), position, match.end()))
                position = match.end()
                continue
            run = _PREFIX_RUN.match(text, position)
            if run is not None:
                no_pname_before = run.end()
        match = master.match(text, position)
        if match is None:
            if raw:
                position += 1
                continue
            raise SparqlSyntaxError(_unexpected(text, position), position)
        kind, value = match.lastgroup or "", match.group()
        if kind == "NUMBER":
            kind = "DOUBLE" if "e" in value.lower() else "DECIMAL" if "." in value else "INTEGER"
        elif value == "<" and not raw:
            # An IRI left open at the end of the text; ")" there ends an expression
            # instead, as in "HAVING (?n<3)".
            opened = _OPEN_IRI.match(text, position)
            if opened is not None and opened.end() == length and text[-1] != ")":
                raise SparqlSyntaxError("unterminated IRI: '<' is never closed by '>'", position)
        append(Token(kind, value, position, match.end()))
        position = match.end()


def _tokenize(text: str) -> tuple[_Decoded, list[Token]]:
    decoded = _decode(text)
    try:
        return decoded, _scan(decoded.text, raw=False)
    except SparqlSyntaxError as error:
        position = decoded.original_position(error.position)
        raise _syntax_error(text, position, error.message) from None


def tokenize(text: str) -> list[Token]:
    """Decode escapes, then split into tokens; offsets refer to the decoded text."""
    return _tokenize(text)[1]


def _resolve(iri: str, base: str | None) -> str:
    if base is None or _SCHEME.match(iri):
        return iri
    return urljoin(base, iri)


def _expand(token: Token, prefixes: dict[str, str], base: str | None) -> str:
    if token.kind == "IRIREF":
        return _resolve(token.value[1:-1], base)
    prefix, local = token.value.split(":", 1)
    if prefix not in prefixes:
        return token.value
    return prefixes[prefix] + _PN_LOCAL_ESC.sub(r"\1", local)


def _prologue(
    tokens: list[Token], index: int, prefixes: dict[str, str], base: str | None
) -> tuple[int, str | None]:
    """Read BASE and PREFIX declarations from ``index``; return where they end."""
    while index < len(tokens) and tokens[index].keyword in ("BASE", "PREFIX"):
        head = tokens[index]
        kinds = tuple(t.kind for t in tokens[index + 1 : index + 3])
        if head.keyword == "BASE" and kinds[:1] == ("IRIREF",):
            base = _resolve(tokens[index + 1].value[1:-1], base)
            index += 2
        elif head.keyword == "PREFIX" and kinds == ("PNAME_NS", "IRIREF"):
            iri = _resolve(tokens[index + 2].value[1:-1], base)
            prefixes[tokens[index + 1].value[:-1]] = iri
            index += 3
        else:
            expected = "an <IRI>" if head.keyword == "BASE" else "a name like 'ex:' and an <IRI>"
            raise SparqlSyntaxError(f"{head.keyword} must be followed by {expected}", head.start)
    return index, base


def _structure(tokens: list[Token], empty_update: bool = False) -> QueryInfo:
    """Read the form, the prologues, the dataset clauses and the top-level LIMIT/OFFSET."""
    prefixes: dict[str, str] = {}
    index, base = _prologue(tokens, 0, prefixes, None)
    if index >= len(tokens) and empty_update:  # a valid update that does nothing
        return QueryInfo(form="UPDATE", prefixes=prefixes, base=base)
    if index >= len(tokens):
        end = tokens[-1].end if tokens else 0
        raise SparqlSyntaxError("no query or update found after the prologue", end)
    # Prefix match: parsers without a lexer read "LOADSILENT<x>" as LOAD SILENT <x>.
    first = tokens[index].value.upper() if tokens[index].kind in _WORDS else ""
    form = next((k for k in _QUERY_FORMS if first.startswith(k)), None)
    if form is None and any(first.startswith(k) for k in _UPDATE_OPERATIONS):
        form = "UPDATE"
    if form is None:
        raise SparqlSyntaxError(
            "expected SELECT, ASK, CONSTRUCT, DESCRIBE or an update operation "
            f"(INSERT, DELETE, LOAD, ...), found {tokens[index].value!r}",
            tokens[index].start,
        )
    dataset: list[str] = []
    default_part: list[str] = []
    named_part: list[str] = []
    limits: dict[str, int] = {}
    depth = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.kind == "PUNCT":
            depth += {"{": 1, "}": -1}.get(token.value, 0)
            if token.value == ";" and depth == 0 and form == "UPDATE":
                index, base = _prologue(tokens, index, prefixes, base)
            continue
        keyword = token.keyword
        if depth != 0 or keyword is None:
            continue
        if keyword in ("FROM", "USING"):
            named = index < len(tokens) and tokens[index].keyword == "NAMED"
            index += 1 if named else 0
            target = tokens[index] if index < len(tokens) else None
            if target is None or target.kind not in ("IRIREF", "PNAME_LN", "PNAME_NS"):
                raise SparqlSyntaxError(f"{keyword} must be followed by a graph IRI", token.start)
            iri = _expand(target, prefixes, base)
            dataset.append(iri)
            (named_part if named else default_part).append(iri)
            index += 1
        elif keyword in ("LIMIT", "OFFSET") and keyword not in limits:
            number = tokens[index] if index < len(tokens) else None
            if number is None or number.kind != "INTEGER" or number.value[0] in "+-":
                message = f"{keyword} must be followed by a whole number"
                raise SparqlSyntaxError(message, token.start)
            limits[keyword] = int(number.value)
            index += 1
    return QueryInfo(
        form=form,
        dataset_iris=tuple(dataset),
        from_graphs=tuple(default_part),
        from_named_graphs=tuple(named_part),
        limit=limits.get("LIMIT"),
        offset=limits.get("OFFSET"),
        prefixes=prefixes,
        base=base,
    )


def inspect(text: str, *, empty_update: bool = False) -> QueryInfo:
    """Tokenize a query or update and report its form, dataset, limit and risky parts.

    `empty_update`: the text is read as an update, for which a prologue alone (or nothing) is
    valid SPARQL (`Update ::= Prologue ( Update1 ( ';' Update )? )?`)."""
    decoded, tokens = _tokenize(text)
    try:
        info = _structure(tokens, empty_update)
    except SparqlSyntaxError as error:
        position = decoded.original_position(error.position)
        raise _syntax_error(text, position, error.message) from None
    service, load = (
        None if p is None else decoded.original_position(p) for p in risky_positions(tokens)
    )
    if "\\" in text:  # Oxigraph reads escapes only inside strings and IRIs
        raw_service, raw_load = risky_positions(_scan(text, raw=True))
        service, load = earliest(service, raw_service), earliest(load, raw_load)
    depth, deepest = _nesting(tokens)
    depth_at = None if deepest is None else decoded.original_position(deepest)
    return replace(info, service_at=service, load_at=load, depth=depth, depth_at=depth_at)


def _nesting(tokens: list[Token]) -> tuple[int, int | None]:
    """The deepest nesting of groups, parentheses and brackets, and where it is first reached."""
    depth = deepest = 0
    at = None
    for token in tokens:
        if token.kind == "PUNCT" and token.value in "{([":
            depth += 1
            if depth > deepest:
                deepest, at = depth, token.start
        elif token.kind == "PUNCT" and token.value in "})]":
            depth -= 1
    return deepest, at
