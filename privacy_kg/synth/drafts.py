"""One synthetic article in the making: its citation, its facts and their provenance.

A `Draft` hands out evidence with offsets that move forward through a notional article text, and
derivations that are sometimes by hand, sometimes by a rule and sometimes both, so provenance
queries over the synthetic graph see the same mix as over real ingested articles.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..model import HAND, ArticleFacts, Citation, Derivation, Evidence, Fact
from ..slugs import slugify
from . import names

FIRST_DAY = dt.date(2012, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)

# Invented rule ids, one per fact type (what `data/rules/` would hold).
RULES: dict[str, tuple[str, ...]] = {
    "incident": ("incident.leak-verb", "incident.attack-verb"),
    "figure": ("figure.count-phrase",),
    "data-flow": ("flow.transfer-verb", "flow.storage-place"),
    "legal-action": ("action.authority-verb", "action.fine-amount"),
    "post": ("post.title-name",),
    "commitment": ("commitment.vow-verb", "commitment.apology-verb"),
    "relation": ("relation.owner-noun",),
    "law-reference": ("law.act-name",),
}


def clamp(day: dt.date) -> dt.date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def partial_date(rng: random.Random, day: dt.date, p_day: float = 0.6, p_month: float = 0.3) -> str:
    """The date at day, month or year precision, as articles give them."""
    roll = rng.random()
    if roll < p_day:
        return day.isoformat()
    if roll < p_day + p_month:
        return day.isoformat()[:7]
    return str(day.year)


@dataclass
class Draft:
    """Facts of one article, added in reading order."""

    rng: random.Random
    citation: Citation
    day: dt.date
    cursor: int = 0
    groups: dict[str, list[Fact]] = field(default_factory=dict)

    @property
    def japanese(self) -> bool:
        return self.citation.language[0] == "ja"

    def add(self, group: str, fact: Fact) -> None:
        self.groups.setdefault(group, []).append(fact)

    def derivations(self, segment: str, subject: str, what: str) -> tuple[Derivation, ...]:
        """Hand (45%), rule (45%) or both (10%), each with one or two pieces of evidence."""
        roll = self.rng.random()
        methods = [HAND] if roll < 0.45 else [self.rng.choice(RULES[segment])]
        if roll >= 0.9:
            methods = [HAND, self.rng.choice(RULES[segment])]
        out = []
        for method in methods:
            confidence = 1.0 if method == HAND else round(self.rng.uniform(0.55, 0.95), 2)
            evidence = tuple(self._evidence(subject, what) for _ in range(self.rng.choice((1, 1, 2))))
            out.append(Derivation(method=method, confidence=confidence, evidence=evidence))
        return tuple(out)

    def _evidence(self, subject: str, what: str) -> Evidence:
        text = names.quote(self.rng, subject, what)
        if self.rng.random() < 0.15:  # text not at hand: an anchor phrase only, as for unread articles
            return Evidence(anchor=text[:200])
        start = self.cursor + self.rng.randint(20, 600)
        self.cursor = start + len(text)
        return Evidence(start=start, end=self.cursor, quote=text)

    def build(self) -> ArticleFacts:
        return ArticleFacts(article=self.citation, **{k: tuple(v) for k, v in self.groups.items()})


def citation(rng: random.Random, day: dt.date, topic: str, serial: int, headline: tuple[str, str]) -> Citation:
    """A citation from an invented outlet; `headline` is (English, Japanese)."""
    name, domain, language = rng.choice(names.PUBLISHERS)
    languages = (language,) if rng.random() < 0.95 else (language, "en" if language == "ja" else "ja")
    article_id = f"{day.isoformat()}-{domain}-{slugify(topic, 40)}-{serial}"
    return Citation(
        id=article_id,
        file=f"{article_id}.txt",
        headline=headline[1] if language == "ja" else headline[0],
        publisher=name,
        date_published=day.isoformat(),
        url=f"https://{domain}.example/{day.year}/{day.month:02d}/{slugify(topic, 40)}-{serial}",
        language=languages,
    )
