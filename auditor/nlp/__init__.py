"""The NLP layer: spaCy pipeline, legal sentences, term matching, definitions, scope."""

from __future__ import annotations

from .stem import stem


def sentence_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence character spans for each text, using the legal sentence rules.

    Only the tokenizer runs: boundaries come from token texts and offsets.
    """
    from .pipeline import get_nlp
    from .sentences import sentence_starts

    from spacy.attrs import IDX, ORTH, SPACY

    nlp = get_nlp()
    strings = nlp.vocab.strings
    out: list[list[tuple[int, int]]] = []
    for text, doc in zip(texts, nlp.tokenizer.pipe(texts, batch_size=256)):
        rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
        words = [strings[o] for o, _, _ in rows]
        idx = [i for _, i, _ in rows]
        starts = sentence_starts(words, [bool(sp) for _, _, sp in rows])
        spans = []
        for k, s_tok in enumerate(starts):
            s = idx[s_tok]
            e = idx[starts[k + 1]] if k + 1 < len(starts) else len(text)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                spans.append((s, e))
        out.append(spans)
    return out


__all__ = ["sentence_spans", "stem"]
