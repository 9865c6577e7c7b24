"""Rules alone against the hand mappings, fact by fact: precision, recall and F1 per fact type.

Matching is on content, as issue 3 defines it, one rule fact for at most one hand fact:

* legal action: same authority, target, kind and date;
* incident: same subject and a shared figure (any figure value; both without figures also match);
* figure: same incident subject, value and qualifier;
* data flow: same jurisdictions and kind, and categories that overlap (a flow that only says
  "personal data" is compatible with any categories);
* post: same person, role and organisation;
* commitment: same actor and kind, and dates that agree (equal, one more precise, or one missing);
* relation: same kind, subject and object;
* law reference: same law.

Dates agree when equal or when one is a more precise form of the other (2021-03 / 2021-03-19);
a legal action's missing date only matches a missing date. Names are compared by registry id; an
actor the rules found is first looked up in the registry's names and aliases (name variants).
"Overall" is the micro-average over every type listed in OVERALL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..handmap import load_mappings
from ..model import ArticleFacts
from .mapper import CitationOptions, map_file
from .matching import MATCHERS, FigureOf, Names, facts_of
from .resources import Resources

TYPES = (
    "legal_actions",
    "incidents",
    "figures",
    "data_flows",
    "posts",
    "commitments",
    "relations",
    "law_references",
)
OVERALL = TYPES


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Finding:
    article: str
    type: str
    kind: str  # miss | false
    summary: str
    evidence: str


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    findings: list[Finding] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        total = Score()
        for name in OVERALL:
            total.add(self.scores[name])
        return total

    def table(self) -> str:
        lines = [
            f"{'fact type':<16} {'hand':>5} {'rules':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}"
        ]
        for name in TYPES:
            s = self.scores[name]
            lines.append(
                f"{name:<16} {s.tp + s.fn:>5} {s.tp + s.fp:>5} {s.tp:>5} {s.precision:>6.2f} "
                f"{s.recall:>6.2f} {s.f1:>6.2f}"
            )
        s = self.overall
        lines.append(
            f"{'overall (micro)':<16} {s.tp + s.fn:>5} {s.tp + s.fp:>5} {s.tp:>5} "
            f"{s.precision:>6.2f} "
            f"{s.recall:>6.2f} {s.f1:>6.2f}"
        )
        return "\n".join(lines)

    def report(self) -> str:
        out = [self.table(), ""]
        for kind, title in (
            ("miss", "Missed (in the hand mapping, not found by the rules)"),
            ("false", "False (found by the rules, not in the hand mapping)"),
        ):
            items = [f for f in self.findings if f.kind == kind]
            out.append(f"{title}: {len(items)}")
            for f in items:
                out.append(f"  [{f.article}] {f.type}: {f.summary}")
                if f.evidence:
                    out.append(f"      evidence: {f.evidence}")
            out.append("")
        return "\n".join(out).rstrip() + "\n"


def evaluate(articles_dir: Path, mappings_dir: Path, res: Resources) -> Evaluation:
    result = Evaluation()
    for hand in load_mappings(mappings_dir):
        if not hand.article.file or not (articles_dir / hand.article.file).is_file():
            continue
        cite = hand.article
        options = CitationOptions(
            cite.id,
            cite.url,
            dt.date.fromisoformat(cite.date_published) if len(cite.date_published) == 10 else None,
            cite.publisher,
            cite.headline,
            cite.file,
        )
        rules = map_file(articles_dir / cite.file, options, res).facts
        result.articles.append(cite.id)
        compare(hand, rules, res, result)
    return result


def compare(hand: ArticleFacts, rules: ArticleFacts, res: Resources, into: Evaluation) -> None:
    names = Names(res, rules)
    for name in TYPES:
        hand_facts, rule_facts = facts_of(hand, name), facts_of(rules, name)
        same = MATCHERS[name]
        unmatched = list(rule_facts)
        score = into.scores[name]
        for fact in hand_facts:
            found = next((r for r in unmatched if same(fact, r, names)), None)
            if found is None:
                score.fn += 1
                into.findings.append(
                    Finding(hand.article.id, name, "miss", _summary(fact, names), _anchors(fact))
                )
            else:
                score.tp += 1
                unmatched.remove(found)
        for fact in unmatched:
            score.fp += 1
            into.findings.append(
                Finding(hand.article.id, name, "false", _summary(fact, names), _quote(fact))
            )


def _summary(fact, n: Names) -> str:
    data = fact.figure if isinstance(fact, FigureOf) else fact
    fields = data.model_dump(
        exclude={
            "id",
            "label",
            "note",
            "derivations",
            "figures",
            "conditions",
            "concerns",
            "reported_as",
            "responds_to",
            "follows_up",
            "incident",
            "flow",
        },
        exclude_none=True,
        exclude_defaults=True,
    )
    if isinstance(fact, FigureOf):
        fields = {"subject": fact.subject, **fields}
    text = ", ".join(f"{k}={v}" for k, v in fields.items())
    return f"{data.id}: {text}"


def _anchors(fact) -> str:
    data = fact.figure if isinstance(fact, FigureOf) else fact
    anchors = [e.anchor or e.quote or "" for d in data.derivations for e in d.evidence]
    return " | ".join(a for a in anchors if a)[:200]


def _quote(fact) -> str:
    data = fact.figure if isinstance(fact, FigureOf) else fact
    d = data.derivations[0]
    quote = d.evidence[0].quote or ""
    return f"({d.method}) {quote[:160]}"
