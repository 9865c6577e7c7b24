"""A sentence as the rule engine sees it: mentions as single items, the other words as tokens."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.sentences import Sentence
from .doc import Document, Mention
from .tokens import tokenize


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    norm: str  # the token, folded and lower-cased; "" for a mention
    mention: Mention | None = None

    @property
    def is_word(self) -> bool:
        return self.mention is None


def sentence_items(doc: Document, sentence: Sentence) -> list[Item]:
    mentions = doc.in_sentence(sentence)
    items = [Item(m.start, m.end, "", m) for m in mentions]
    position = sentence.start
    for mention in [*mentions, None]:  # the words between mentions, tokenised gap by gap
        stop = mention.start if mention else sentence.end
        if stop > position:
            items += [Item(t.start, t.end, t.norm) for t in tokenize(doc.text, position, stop)]
        position = max(position, mention.end) if mention else position
    items.sort(key=lambda item: item.start)
    return items
