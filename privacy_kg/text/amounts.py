"""Counts and sums of money in article text: "about 440,000 items", "$8.5 billion", "約44万件".

A number is reported when something marks it as a quantity: a unit noun, a currency, a scale word,
a qualifier ("more than", "約"), or a value of 1,000 or more that cannot be a year. Years and other
dates, percentages (skipped, not flagged), durations, ordinals, times, phone numbers and references
("Article 58", "第3条") are never amounts. Word lists live in ``data/text/amounts.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from privacy_kg.text.dates import date_spans
from privacy_kg.text.tables import load_table

_NUMBER = re.compile(r"(?<![A-Za-z\d.,_/:-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_PHONE = re.compile(
    r"(?<![\d.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}[\s.-]\d{2,4}[\s.-]\d{3,4}(?!\d)"
)
_NOT_AFTER_NUMBER = re.compile(r"[-/:]\d|\.\d|,\d")


@dataclass(frozen=True)
class Amount:
    """A quantity in ``text[start:end]`` (the span covers qualifier, number, currency and unit)."""

    start: int
    end: int
    text: str
    value: int | Decimal
    qualifier: str  # "exact" | "about" | "more_than" | "at_least" | "up_to" | "less_than"
    unit: str | None
    currency: str | None
    is_money: bool


def _words(words: list[str], boundary: bool = True) -> str:
    """Alternation of literal phrases, longest first; ``\\b`` guards only ASCII word edges."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        body = r"\s+".join(re.escape(part) for part in word.split())
        left = r"\b" if boundary and word[0].isascii() and word[0].isalnum() else ""
        right = r"\b" if boundary and word[-1].isascii() and word[-1].isalnum() else ""
        parts.append(f"{left}{body}{right}")
    return "|".join(parts)


def _inverse(table: dict[str, list[str]]) -> dict[str, str]:
    return {" ".join(w.lower().split()): key for key, words in table.items() for w in words}


@functools.cache
def _rules() -> dict[str, Any]:
    t = load_table("amounts")
    qualifiers_before = {**t["qualifiers_before"]}
    for key, words in t["ja_qualifiers_before"].items():
        qualifiers_before[key] = [*qualifiers_before.get(key, []), *words]
    qualifiers_after = {**t["qualifiers_after"]}
    for key, words in t["ja_qualifiers_after"].items():
        qualifiers_after[key] = [*qualifiers_after.get(key, []), *words]
    codes = {code: code for code in t["currency_codes"]} | {"RMB": "CNY"}
    symbols = t["currency_before"] | codes
    cjk = sorted(t["cjk_scales"], key=len, reverse=True)
    cjk_number = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    return {
        "q_before": re.compile(rf"(?i:(?P<q>{_words(_flatten(qualifiers_before))}))\s*$"),
        "q_before_map": _inverse(qualifiers_before),
        "q_after": re.compile(rf"\s*(?i:(?P<q>{_words(_flatten(qualifiers_after))}))"),
        "q_after_map": _inverse(qualifiers_after),
        "cur_before": re.compile(
            rf"(?<![A-Za-z])(?P<c>{_words(list(symbols), boundary=False)})\s?$"
        ),
        "cur_before_map": symbols,
        "cur_after": re.compile(rf"\s*(?i:(?P<c>{_words(_flatten(t['currency_after']))}))"),
        "cur_after_map": _inverse(t["currency_after"]),
        "scale": re.compile(rf"\s+(?i:(?P<s>{_words(list(t['scales']))}))"),
        "scale_map": {k.lower(): v for k, v in t["scales"].items()},
        "suffix": re.compile(
            rf"(?P<s>{'|'.join(sorted(t['scale_suffixes'], key=len, reverse=True))})(?![A-Za-z])"
        ),
        "suffix_map": t["scale_suffixes"],
        "cjk_chain": re.compile(rf"(?:{cjk_number}(?:{'|'.join(cjk)}))+(?:\d+)?"),
        "cjk_part": re.compile(rf"({cjk_number})({'|'.join(cjk)})?"),
        "cjk_map": t["cjk_scales"],
        "unit": re.compile(
            rf"(?:\s+(?!(?i:{_words(t['not_between'])}))[A-Za-z][\w'’-]*){{0,3}}?\s+"
            rf"(?i:(?P<u>{_words(_flatten(t['units']))}))(?!\w)"
        ),
        "unit_map": _inverse(t["units"]),
        "ja_unit": re.compile(rf"(?P<u>{_words(_flatten(t['ja_units']))})"),
        "ja_unit_map": _inverse(t["ja_units"]),
        "reference": re.compile(rf"(?i:{_words(t['reference_before'])})\s*$"),
        "not_after": re.compile(rf"\s*(?i:{_words(t['not_amount_after'])})(?![A-Za-z])"),
    }


def _flatten(table: dict[str, list[str]]) -> list[str]:
    return [word for words in table.values() for word in words]


def _number(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    return date_spans(text) + [m.span() for m in _PHONE.finditer(text)]


def _scaled(text: str, match: re.Match[str]) -> tuple[Decimal, int, bool]:
    """Value and end offset of the number at ``match`` with its scale ("8.5 billion", "44万")."""
    rules = _rules()
    chain = rules["cjk_chain"].match(text, match.start())
    if chain and chain.end() > match.end():
        total = Decimal(0)
        for number, scale in rules["cjk_part"].findall(chain.group()):
            total += _number(number) * rules["cjk_map"].get(scale, 1)
        return total, chain.end(), True
    value, end = _number(match.group()), match.end()
    if scale := rules["scale"].match(text, end):
        return (
            value * rules["scale_map"][" ".join(scale.group("s").lower().split())],
            scale.end(),
            True,
        )
    if suffix := rules["suffix"].match(text, end):
        return value * rules["suffix_map"][suffix.group("s")], suffix.end(), True
    return value, end, False


def _unit(text: str, end: int) -> tuple[str | None, int]:
    """The unit noun after a count ("items", "Facebook users", "件") and where it ends."""
    rules = _rules()
    if found := rules["ja_unit"].match(text, end):
        return rules["ja_unit_map"][found.group("u")], found.end()
    if found := rules["unit"].match(text, end):
        return rules["unit_map"][" ".join(found.group("u").lower().split())], found.end()
    return None, end


def _amount(text: str, match: re.Match[str], lang: str) -> Amount | None:
    rules = _rules()
    start, digits = match.start(), match.group()
    window = max(0, start - 30)
    if _NOT_AFTER_NUMBER.match(text, match.end()) or rules["reference"].search(text, window, start):
        return None
    if re.match(r"[A-Za-z]", text[match.end() : match.end() + 1]) and not rules["suffix"].match(
        text, match.end()
    ):
        return None  # an ordinal or a model name: "19th", "5G"
    value, end, scaled = _scaled(text, match)
    if rules["not_after"].match(text, end):
        return None
    currency = None
    if cur := rules["cur_before"].search(text, window, start):
        currency, start = rules["cur_before_map"][cur.group("c")], cur.start()
        if lang == "zh" and cur.group("c") in ("¥", "￥"):
            currency = "CNY"
    elif cur := rules["cur_after"].match(text, end):
        currency, end = rules["cur_after_map"][" ".join(cur.group("c").lower().split())], cur.end()
    unit, qualifier = None, "exact"
    if currency is None:
        unit, end = _unit(text, end)
    if q := rules["q_before"].search(text, max(0, start - 30), start):
        qualifier, start = rules["q_before_map"][" ".join(q.group("q").lower().split())], q.start()
    elif q := rules["q_after"].match(text, end):
        qualifier, end = rules["q_after_map"][" ".join(q.group("q").lower().split())], q.end()
        if unit is None and currency is None:
            unit, end = _unit(text, end)
    year_like = digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2099
    if not (
        unit or currency or scaled or qualifier != "exact" or (value >= 1000 and not year_like)
    ):
        return None
    final = int(value) if value == value.to_integral_value() else value.normalize()
    return Amount(
        start, end, text[start:end], final, qualifier, unit, currency, currency is not None
    )


def find_amounts(text: str, lang: str = "en") -> list[Amount]:
    """Find counts and sums of money in ``text``, in order and without overlaps.

    English and CJK rules both run whatever ``lang`` says; ``lang="zh"`` only reads a bare "¥" as
    renminbi instead of yen.
    """
    excluded = _excluded_spans(text)
    amounts: list[Amount] = []
    for match in _NUMBER.finditer(text):
        if any(low < match.end() and match.start() < high for low, high in excluded):
            continue
        if amounts and match.start() < amounts[-1].end:
            continue
        amount = _amount(text, match, lang)
        if amount:
            amounts.append(amount)
    return amounts
