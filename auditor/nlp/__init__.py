"""The NLP layer: spaCy pipeline, legal sentences, term matching, definitions, scope."""

from __future__ import annotations

from .stem import stem


_ORTH_TEXT: dict[int, str] = {}  # orth id -> token text, for words already seen


def sentence_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence character spans for each text, using the legal sentence rules.

    Only the tokenizer runs: boundaries come from token texts and offsets.
    """
    from spacy.attrs import IDX, ORTH, SPACY

    from .pipeline import get_nlp, tokenize_many
    from .sentences import may_break, sentence_starts

    strings = get_nlp().vocab.strings
    words = _ORTH_TEXT
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    todo: list[int] = []
    for i, text in enumerate(texts):
        if may_break(text):
            todo.append(i)
            continue
        s, e = 0, len(text)  # one sentence: the whole text, trimmed
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out[i].append((s, e))
    for doc, parts in tokenize_many([texts[i] for i in todo]):
        rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
        for o in {o for o, _, _ in rows} - words.keys():
            words[o] = strings[o]
        for k, off, lo, hi in parts:
            i = todo[k]
            text = texts[i]
            part = rows[lo:hi]
            idx = [x - off for _, x, _ in part]
            starts = sentence_starts([words[o] for o, _, _ in part], [sp == 1 for _, _, sp in part])
            spans = out[i]
            for k, s_tok in enumerate(starts):
                s = idx[s_tok]
                e = idx[starts[k + 1]] if k + 1 < len(starts) else len(text)
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    spans.append((s, e))
    return out


__all__ = ["sentence_spans", "stem"]
