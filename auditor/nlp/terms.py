"""Term matching: phrases from rule files matched on folded tokens.

Rule authors write plain phrases ("zero data retention", "Batch API",
"right, title and interest"); each is tokenised with the same pipeline as
the contract and matched on folded norms (see ``stem``) with spaCy's
``PhraseMatcher``, so case and regular inflections never matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

from spacy.attrs import IDX, NORM, ORTH, SPACY

from .pipeline import get_nlp, norm_doc


class Token(NamedTuple):
    """One token: a tuple, because documents have hundreds of thousands."""

    text: str
    norm: str
    idx: int  # character offset within the sentence
    ws: bool  # followed by whitespace


@dataclass(frozen=True)
class Annotated:
    """A sentence, its tokens and the term labels found in it."""

    text: str
    tokens: tuple[Token, ...]
    matches: Mapping[str, tuple[tuple[int, int], ...]]  # label -> token spans

    def has(self, label: str) -> bool:
        return bool(self.matches.get(label))

    def spans(self, label: str) -> tuple[tuple[int, int], ...]:
        return self.matches.get(label, ())

    def norms(self) -> list[str]:
        return [t.norm for t in self.tokens]


class TermMatcher:
    """Many labelled phrase lists compiled into one ``PhraseMatcher``."""

    def __init__(self, vocab: Mapping[str, Iterable[str]]):
        from spacy.matcher import PhraseMatcher

        nlp = get_nlp()
        self._matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.labels: tuple[str, ...] = tuple(sorted(vocab))
        for label in self.labels:
            docs = [norm_doc(p) for p in sorted(set(vocab[label])) if p.strip()]
            if docs:
                self._matcher.add(label, docs)

    def annotate_many(self, texts: list[str]) -> list[Annotated]:
        nlp = get_nlp()
        out: list[Annotated] = []
        strings = nlp.vocab.strings
        with nlp.select_pipes(enable=["auditor_norms"]):
            docs = nlp.pipe(texts, batch_size=512)
            for text, doc in zip(texts, docs):
                found: dict[str, list[tuple[int, int]]] = {}
                for match_id, start, end in self._matcher(doc):  # sorted by start, no duplicates
                    found.setdefault(strings[match_id], []).append((start, end))
                rows = doc.to_array([ORTH, NORM, IDX, SPACY]).tolist() if len(doc) else []
                tokens = tuple([Token(strings[o], strings[nm], i, sp == 1) for o, nm, i, sp in rows])
                out.append(Annotated(text, tokens, {k: tuple(v) for k, v in found.items()}))
        return out

    def annotate(self, text: str) -> Annotated:
        return self.annotate_many([text])[0]
