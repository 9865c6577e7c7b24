"""Date mentions in article text, resolved against the article's date at the precision written.

A mention keeps the precision the text gives ("October 2018" is a month, never a made-up day) and
a role read from the word before it ("by" -> deadline, "until", "since") or, in Japanese, the
particle after it ("までに"). Names and cue words live in ``data/text/dates.yaml``.

Resolution of dates written without a year or relative to the article (documented choices):

* month + day / bare month ("March 26", "in September", "3月19日"): deadline and until take the
  first occurrence on or after the article date (month), "since"/"以来" the last on or before it,
  and any other mention (also "from June", "4月から", role since) the nearest one, a tie going to
  the past.
* weekday and day of month ("on Friday", "the 19th", "19日"): the most recent on or before the
  article date (the same day counts); the first on or after it for deadline/until.
* "last November": the most recent November strictly before the article's month; "next" the
  first strictly after; "last Monday" / "next Monday" likewise relative to the article day.
* weeks ("last week", "this week", "earlier this week", "先週"): a week is Monday-Sunday; the
  value is the month holding the whole span, else the year of the span's Thursday.
* seasons ("this spring") and "earlier this year" resolve to a year.

Absolute dates are parsed by these patterns rather than dateparser: the text must say where a
date starts and ends and how precise it is, and dateparser's search API reports neither reliably.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from privacy_kg.text.tables import load_table

_ORD = r"(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class DateMention:
    """A date in ``text[start:end]``; ``value`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    start: int
    end: int
    text: str
    value: str
    precision: str  # "year" | "month" | "day"
    role: str  # "point" | "deadline" | "since" | "until"


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    kind: str
    fields: dict[str, str]
    role: str
    direction: str  # "future" | "past" | "plain": where an incomplete date is looked for


def _alternation(words: list[str]) -> str:
    """Regex alternation of literal phrases, longest first, any whitespace run between words."""
    escaped = (r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


@functools.cache
def _tables() -> dict[str, Any]:
    table = load_table("dates")
    months = {name: int(n) for n, names in table["months"].items() for name in names}
    weekdays = {name: int(n) for n, names in table["weekdays"].items() for name in names[:1]}
    abbreviations = [rf"{re.escape(a)}\.?" for names in table["months"].values() for a in names[1:]]
    full_names = [re.escape(names[0]) for names in table["months"].values()]
    mon = rf"(?P<month>{'|'.join(sorted(abbreviations + full_names, key=len, reverse=True))})"
    day = rf"(?P<day>\d{{1,2}}){_ORD}"
    year = r"(?P<year>\d{4})"
    rel = "this|last|next"
    cues = _alternation(table["year_cues"])
    month_cues = _alternation(table["month_cues"])
    lo, hi = table["year_range"]
    # A pattern's span is its "core" group when it has one (cue words stay outside the mention).
    en = [
        (
            "ymd",
            r"(?<![\d/-])(?P<year>\d{4})[-/](?P<mnum>\d{1,2})[-/](?P<day>\d{1,2})(?![\d/-])",
        ),
        ("mdy", rf"\b{mon}\s+{day},?\s+{year}\b"),
        ("dmy", rf"\b{day}\s+(?:of\s+)?{mon},?\s+{year}\b"),
        ("my", rf"\b{mon},?\s+(?:of\s+)?{year}\b"),
        ("md", rf"\b{mon}\s+{day}\b(?!,?\s*\d)"),
        ("dm", rf"\b{day}\s+(?:of\s+)?{mon}(?![\w-])"),
        ("mon", rf"\b(?P<core>(?i:(?P<rel>{rel}))\s+{mon})(?![\w-])"),
        ("mon", rf"(?:\b(?i:{month_cues})\s+|mid-)(?P<core>{mon})(?![\w-])"),
        ("wd", rf"\b(?:(?i:(?P<rel>{rel}))\s+)?(?P<weekday>{_alternation(list(weekdays))})\b"),
        ("nth", r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b"),
        ("rel", rf"\b(?i:(?P<phrase>{_alternation(list(table['relative']))}))\b"),
        (
            "season",
            (
                r"\b(?i:(?P<rel>this|last|next|earlier\s+this|later\s+this)\s+"
                rf"(?P<season>{_alternation(list(table['seasons']))}))\b"
            ),
        ),
        (
            "year",
            rf"(?:\b(?i:{cues})\s+(?:the\s+)?|\bmid-)(?P<core>(?P<year>\d{{4}}))\b(?![%,.]?\d|-\d|\s*%)",
        ),
    ]
    ja_years = _alternation(list(table["ja_years"]))
    not_date = _alternation(table["ja_day_not_date_after"])
    ja = [
        ("ymd", r"(?<!\d)(?P<year>\d{4})年(?P<mnum>\d{1,2})月(?P<day>\d{1,2})日"),
        ("my", r"(?<!\d)(?P<year>\d{4})年(?P<mnum>\d{1,2})月(?!\d*日)"),
        ("year", r"(?<!\d)(?P<year>\d{4})年(?!間)"),
        ("ja_rel_ym", rf"(?P<ja_year>{ja_years})(?P<mnum>\d{{1,2}})月(?:(?P<day>\d{{1,2}})日)?"),
        ("ja_rel_y", rf"(?P<ja_year>{ja_years})(?!\d{{1,2}}月)"),
        ("md", r"(?<![\d年])(?P<mnum>\d{1,2})月(?P<day>\d{1,2})日"),
        ("mon", r"(?<![\d年])(?P<mnum>\d{1,2})月(?!\d*日)"),
        ("nth", rf"(?<![\d月])(?P<day>\d{{1,2}})(?P<ja>日)(?!{not_date})"),
        ("wd", rf"(?P<ja_weekday>[{''.join(table['ja_weekdays'])}])曜日?"),
        ("rel", rf"(?P<ja_phrase>{_alternation(list(table['ja_relative']))})"),
    ]
    role_words = {w: role for role, words in table["roles_before"].items() for w in words}
    modifiers = _alternation(table["modifiers"])
    role_before = re.compile(
        rf"(?i)\b(?P<word>{_alternation(list(role_words))})\s+"
        rf"(?:(?:{modifiers})[\s-]*)?(?:on\s+|the\s+)?$"
    )
    roles_after = {w: role for role, words in table["roles_after_ja"].items() for w in words}
    return {
        "months": months,
        "weekdays": weekdays,
        "year_range": (lo, hi),
        "en": [(kind, re.compile(p)) for kind, p in en],
        "ja": [(kind, re.compile(p)) for kind, p in ja],
        "role_words": {" ".join(k.lower().split()): v for k, v in role_words.items()},
        "role_before": role_before,
        "roles_after": sorted(roles_after.items(), key=lambda kv: -len(kv[0])),
        "relative": {k.lower(): v for k, v in table["relative"].items()},
        "ja_relative": table["ja_relative"],
        "ja_years": table["ja_years"],
        "ja_weekdays": table["ja_weekdays"],
        "seasons": table["seasons"],
        "nth_followers": frozenset(table["nth_followers"]),
        "backward_since": frozenset(table["backward_since"]),
    }


def _role(text: str, start: int, end: int, family: str) -> tuple[str, str]:
    """The mention's role and the direction in which an incomplete date is resolved."""
    tables = _tables()
    word = None
    if family == "ja":
        following = text[end : end + 4]
        word = next((w for w, _ in tables["roles_after"] if following.startswith(w)), None)
        role = dict(tables["roles_after"]).get(word, "point") if word else "point"
    elif match := tables["role_before"].search(text, max(0, start - 40), start):
        word = " ".join(match.group("word").lower().split())
        role = tables["role_words"][word]
    else:
        role = "point"
    if role in ("deadline", "until"):
        return role, "future"
    return role, "past" if role == "since" and word in tables["backward_since"] else "plain"


def _scan(text: str, lang: str) -> list[_Raw]:
    tables = _tables()
    families = {"en": ("en",), "ja": ("ja",), "zh": ("ja",)}.get(lang, ("en", "ja"))
    found: list[_Raw] = []
    for family in families:
        for kind, pattern in tables[family]:
            for match in pattern.finditer(text):
                fields = {k: v for k, v in match.groupdict().items() if v is not None}
                start, end = match.span("core") if "core" in fields else match.span()
                if not _plausible(kind, fields, text, end):
                    continue
                found.append(_Raw(start, end, kind, fields, *_role(text, start, end, family)))
    kept: list[_Raw] = []
    for raw in sorted(found, key=lambda r: (r.start - r.end, r.start)):
        if all(raw.end <= k.start or raw.start >= k.end for k in kept):
            kept.append(raw)
    return sorted(kept, key=lambda r: r.start)


def _plausible(kind: str, fields: dict[str, str], text: str, end: int) -> bool:
    """Drop years out of range and "the 19th" followed by a noun ("the 19th century")."""
    tables = _tables()
    if kind == "year":
        lo, hi = tables["year_range"]
        return lo <= int(fields["year"]) <= hi
    if kind == "nth" and "day" in fields and "mnum" not in fields and not fields.get("ja"):
        following = re.match(r"\s+([a-z]+)", text[end : end + 30])
        return following is None or following.group(1) in tables["nth_followers"]
    return True


def date_spans(text: str, lang: str = "auto") -> list[tuple[int, int]]:
    """Offsets of every date expression, unresolved (lets the amount finder skip them)."""
    return [(raw.start, raw.end) for raw in _scan(text, lang)]


# --- resolution ----------------------------------------------------------------------------------


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _from_index(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _choose(candidates: list[Any], anchor: Any, direction: str, plain: str, distance: Any) -> Any:
    """Pick the candidate on or after ``anchor`` (future), on or before it (past), or for a plain
    mention per ``plain``: "past", or "nearest" with a tie going to the past."""
    if direction == "future":
        options = [c for c in candidates if c >= anchor]
        return min(options) if options else None
    if direction == "past" or plain == "past":
        options = [c for c in candidates if c <= anchor]
        return max(options) if options else None
    return min(candidates, key=lambda c: (distance(c, anchor), c > anchor)) if candidates else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _week(article: dt.date, offset: int, before_only: bool) -> tuple[str, str]:
    monday = article - dt.timedelta(days=article.weekday()) + dt.timedelta(weeks=offset)
    last = (
        max(monday, article - dt.timedelta(days=1))
        if before_only
        else monday + dt.timedelta(days=6)
    )
    if (monday.year, monday.month) == (last.year, last.month):
        return f"{monday.year:04d}-{monday.month:02d}", "month"
    return f"{(monday + dt.timedelta(days=3)).year:04d}", "year"


def _relative(spec: dict[str, Any], article: dt.date) -> tuple[str, str]:
    unit, offset = spec["unit"], int(spec["offset"])
    if unit == "day":
        return (article + dt.timedelta(days=offset)).isoformat(), "day"
    if unit in ("week", "week_before"):
        return _week(article, offset, unit == "week_before")
    if unit == "month":
        year, month = _from_index(_month_index(article.year, article.month) + offset)
        return f"{year:04d}-{month:02d}", "month"
    return f"{article.year + offset:04d}", "year"


def _day_of_month(day: int, article: dt.date, direction: str) -> dt.date | None:
    base = _month_index(article.year, article.month)
    candidates = [d for k in (-1, 0, 1) if (d := _safe_date(*_from_index(base + k), day))]
    return _choose(candidates, article, direction, "past", lambda a, b: abs((a - b).days))


def _weekday(weekday: int, article: dt.date, direction: str, rel: str) -> dt.date:
    back = article - dt.timedelta(days=(article.weekday() - weekday) % 7)
    ahead = article + dt.timedelta(days=(weekday - article.weekday()) % 7)
    if rel == "last":
        return back if back < article else back - dt.timedelta(days=7)
    if rel == "next":
        return ahead if ahead > article else ahead + dt.timedelta(days=7)
    return ahead if direction == "future" else back


def _month_only(month: int, article: dt.date, direction: str, rel: str) -> int | None:
    now = _month_index(article.year, article.month)
    candidates = [_month_index(article.year + k, month) for k in (-1, 0, 1)]
    if rel == "last":
        return max(c for c in candidates if c < now)
    if rel == "next":
        return min(c for c in candidates if c > now)
    if rel == "this":
        return _month_index(article.year, month)
    return _choose(candidates, now, direction, "nearest", lambda a, b: abs(a - b))


def _season(name: str, rel: str, article: dt.date) -> str:
    """This/earlier this: the article's year; last: the latest such season that ended before the
    article's month; next: the first that starts after it. A season is named by its start's year."""
    start = _tables()["seasons"][name.lower()][0]
    now = _month_index(article.year, article.month)
    starts = [_month_index(article.year + k, start) for k in (-2, -1, 0, 1)]
    if rel == "last":
        return f"{_from_index(max(s for s in starts if s + 2 < now))[0]:04d}"
    if rel == "next":
        return f"{_from_index(min(s for s in starts if s > now))[0]:04d}"
    return f"{article.year:04d}"


def _resolve(raw: _Raw, article: dt.date) -> tuple[str, str] | None:
    tables, f = _tables(), raw.fields
    month = tables["months"].get(
        f.get("month", "").rstrip("."), int(f["mnum"]) if "mnum" in f else 0
    )
    rel = f.get("rel", "").lower()
    if raw.kind in ("ymd", "mdy", "dmy"):
        date = _safe_date(int(f["year"]), month, int(f["day"]))
        return (date.isoformat(), "day") if date else None
    if raw.kind == "my":
        return (f"{int(f['year']):04d}-{month:02d}", "month") if 1 <= month <= 12 else None
    if raw.kind == "year":
        return f"{int(f['year']):04d}", "year"
    if raw.kind in ("md", "dm"):
        candidates = [
            d for k in (-1, 0, 1) if (d := _safe_date(article.year + k, month, int(f["day"])))
        ]
        date = _choose(
            candidates, article, raw.direction, "nearest", lambda a, b: abs((a - b).days)
        )
        return (date.isoformat(), "day") if date else None
    if raw.kind == "mon":
        index = _month_only(month, article, raw.direction, rel) if 1 <= month <= 12 else None
        return (
            (f"{_from_index(index)[0]:04d}-{_from_index(index)[1]:02d}", "month") if index else None
        )
    if raw.kind == "nth":
        date = _day_of_month(int(f["day"]), article, raw.direction)
        return (date.isoformat(), "day") if date else None
    if raw.kind == "wd":
        weekday = tables["weekdays"].get(
            f.get("weekday", ""), tables["ja_weekdays"].get(f.get("ja_weekday"))
        )
        return _weekday(weekday, article, raw.direction, rel).isoformat(), "day"
    if raw.kind == "rel":
        spec = tables["relative"].get(" ".join(f.get("phrase", "").lower().split()))
        return _relative(spec or tables["ja_relative"][f["ja_phrase"]], article)
    if raw.kind == "season":
        return _season(f["season"], " ".join(rel.split()), article), "year"
    year = article.year + int(tables["ja_years"][f["ja_year"]])
    if raw.kind == "ja_rel_y":
        return f"{year:04d}", "year"
    if "day" in f:
        date = _safe_date(year, month, int(f["day"]))
        return (date.isoformat(), "day") if date else None
    return (f"{year:04d}-{month:02d}", "month") if 1 <= month <= 12 else None


def find_dates(text: str, article_date: dt.date, lang: str = "en") -> list[DateMention]:
    """Find date mentions in ``text`` and resolve them against ``article_date``.

    ``lang`` picks the rule family: "en", "ja" (also used for "zh"), or "auto" for both (for
    mixed text). Mentions are returned in text order and never overlap.
    """
    mentions = []
    for raw in _scan(text, lang):
        resolved = _resolve(raw, article_date)
        if resolved:
            value, precision = resolved
            mentions.append(
                DateMention(
                    raw.start, raw.end, text[raw.start : raw.end], value, precision, raw.role
                )
            )
    return mentions


def parse_date(value: str) -> dt.date | None:
    """Parse the first full date written with its year ("March 5, 2024", "2024/03/06 06:30")."""
    for raw in _scan(value, "auto"):
        if raw.kind in ("ymd", "mdy", "dmy"):
            resolved = _resolve(raw, dt.date.min)
            if resolved:
                return dt.date.fromisoformat(resolved[0])
    return None
