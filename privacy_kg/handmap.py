"""Hand mappings (`data/articles/*.yaml`): load them and locate their evidence in the article text.

A mapping stores short anchor phrases, never the article's sentences. When the article text is at
hand, each anchor is found in the cleaned text and replaced by the offsets and exact quote of the
sentence that contains it, so hand-made and rule-made evidence look alike in the graph.
"""

from __future__ import annotations

from pathlib import Path

from .articles import read_article
from .errors import MappingError
from .model import FACT_GROUPS, ArticleFacts, Derivation, Evidence, Fact, Incident
from .text.clean import clean_article
from .text.sentences import Sentence, find_anchor, sentence_at, split_sentences
from .yamlfiles import read_yaml, validate_model


def load_mapping(path: Path) -> ArticleFacts:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise MappingError(f"{path}: expected a mapping with an 'article' block and fact lists")
    facts = validate_model(ArticleFacts, data, str(path))
    if facts.article.id != path.stem:
        raise MappingError(f"{path}: article.id {facts.article.id!r} must equal the file name {path.stem!r}")
    return facts


def load_mappings(folder: Path) -> list[ArticleFacts]:
    return [load_mapping(path) for path in sorted(folder.glob("*.yaml"))]


def locate_evidence(facts: ArticleFacts, cleaned_text: str, where: str) -> ArticleFacts:
    """Anchors -> sentence offsets and quotes in `cleaned_text`; an anchor that is not there is an error."""
    sentences = split_sentences(cleaned_text)

    def locate(evidence: Evidence, fact: Fact) -> Evidence:
        if evidence.anchor is None:
            return evidence
        found = find_anchor(cleaned_text, evidence.anchor)
        if found is None:
            raise MappingError(f"{where}: fact {fact.id!r}: anchor {evidence.anchor!r} is not in the article text")
        sentence: Sentence = sentence_at(sentences, found[0])
        return evidence.model_copy(update={"start": sentence.start, "end": sentence.end, "quote": sentence.text})

    def fix(fact: Fact) -> Fact:
        derivations = tuple(
            Derivation(method=d.method, confidence=d.confidence, evidence=tuple(locate(e, fact) for e in d.evidence))
            for d in fact.derivations
        )
        update: dict = {"derivations": derivations}
        if isinstance(fact, Incident):
            update["figures"] = tuple(fix(figure) for figure in fact.figures)
        return fact.model_copy(update=update)

    groups = {name: tuple(fix(f) for f in getattr(facts, name)) for name in FACT_GROUPS}
    return facts.model_copy(update=groups)


def cleaned_text_for(facts: ArticleFacts, articles_dir: Path) -> str | None:
    """The cleaned text of the mapping's source file, or None when the articles folder is absent."""
    if not facts.article.file:
        return None
    path = articles_dir / facts.article.file
    if not path.is_file():
        return None
    return clean_article(read_article(path)).text

