"""The NLP layer: spaCy pipeline, legal sentences, term matching, definitions, scope."""

from __future__ import annotations

from .stem import stem


def sentence_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence character spans for each text, using the legal sentence rules."""
    from .pipeline import get_nlp

    nlp = get_nlp()
    out: list[list[tuple[int, int]]] = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        spans = []
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
        out.append(spans)
    return out


__all__ = ["sentence_spans", "stem"]
