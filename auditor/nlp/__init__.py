"""The NLP layer: spaCy pipeline, legal sentences, term matching, definitions, scope."""

from __future__ import annotations

import re

from .stem import stem


_ORTH_TEXT: dict[int, str] = {}  # orth id -> token text, for words already seen
_CHUNK_WITH_STOP = re.compile(r"(?<!\S)\S*[.?!]\S*")  # a whitespace-free run holding ".", "?" or "!"
_STOP = re.compile(r"[.?!]")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_CHUNKS: dict[str, tuple[list[str], list[int]]] = {}  # run -> its token texts and offsets
_SPACED: list[tuple[str, ...]] = []  # special cases that span whitespace ("et al."), once known


def sentence_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Sentence character spans for each text, using the legal sentence rules.

    Only the tokenizer runs: boundaries come from token texts and offsets.
    spaCy tokenises each whitespace-free run of characters on its own, so a
    text's boundaries are found from the runs that hold a ".", "?" or "!"
    (tokenised once each and remembered) and the whitespace around them;
    a text holding a special case that spans whitespace ("et al.") is
    tokenised whole.
    """
    from .sentences import may_break

    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    whole: list[int] = []
    for i, text in enumerate(texts):
        starts = _run_starts(text) if may_break(text) else [0]
        if starts is None:
            whole.append(i)
        else:
            _add_spans(out[i], text, starts)
    if whole:
        for i, starts in zip(whole, _token_starts([texts[i] for i in whole])):
            _add_spans(out[i], texts[i], starts)
    return out


def _add_spans(spans: list[tuple[int, int]], text: str, starts: list[int]) -> None:
    """Sentences between character offsets ``starts``, without edge whitespace."""
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))


def _token_starts(texts: list[str]) -> list[list[int]]:
    """Sentence start offsets of each text, from its whole tokenisation."""
    from spacy.attrs import IDX, ORTH, SPACY

    from .pipeline import get_nlp, tokenize_many
    from .sentences import sentence_starts

    strings = get_nlp().vocab.strings
    words = _ORTH_TEXT
    out: list[list[int]] = [[] for _ in texts]
    for doc, parts in tokenize_many(texts):
        rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
        for o in {o for o, _, _ in rows} - words.keys():
            words[o] = strings[o]
        for k, off, lo, hi in parts:
            part = rows[lo:hi]
            idx = [x - off for _, x, _ in part]
            out[k] = [idx[t] for t in sentence_starts([words[o] for o, _, _ in part], [sp == 1 for _, _, sp in part])]
    return out


def _spaced_specials() -> tuple[str, ...]:
    if not _SPACED:
        from .pipeline import get_nlp

        rules = get_nlp().tokenizer.rules or {}
        _SPACED.append(tuple(k for k in rules if k.strip() and any(c.isspace() for c in k)))
    return _SPACED[0]


def _tokens_of(run: str) -> tuple[list[str], list[int]]:
    got = _CHUNKS.get(run)
    if got is None:
        from .pipeline import get_nlp

        doc = get_nlp().tokenizer(run)
        got = ([t.text for t in doc], [t.idx for t in doc])
        if len(_CHUNKS) >= 50_000:
            _CHUNKS.clear()
        _CHUNKS[run] = got
    return got


def _run_starts(text: str) -> list[int] | None:
    """Sentence start offsets, read from the runs holding a stop (None: tokenise whole).

    Around a stop token the rules need the token before it (for initials),
    the glued closers after it, and the first character of the token after
    them: within the run, or past the run's end, where only a single space
    followed by a character leads to a token (other whitespace is a token of
    its own, which cannot start a sentence).
    """
    from .sentences import LOWER_LABEL_START, break_after, spelled_paragraph

    if any(sp in text for sp in _spaced_specials()) or LOWER_LABEL_START.search(text):
        return None  # (a lower-case label opening a sentence, "hours. lit. b For", needs the tokens past the run)
    starts = [0]
    n = len(text)
    for cs, ce in _runs_with_stop(text):
        words, offsets = _tokens_of(text[cs:ce])
        spaced = text[ce:ce + 1] == " "
        after = text[ce + 1] if spaced and ce + 1 < n and not text[ce + 1].isspace() else "\n" if ce < n else None
        for k, word in enumerate(words):
            if word[-1:] not in ".?!":
                continue
            before = words[k - 1] if k else _token_before(text, cs)
            local = [before, *words[k:]] + ([after] if after is not None else [])
            spaces = [False] * (len(words) - k) + [spaced, False]
            j = break_after(local, spaces, 1)
            if j is not None and word == "." and k + 1 == len(words) and spelled_paragraph(before, text[ce:ce + 8]):
                j = None  # "The period in Ninth. One. applies": the paragraph's number, spelled, goes on
            if j is not None:
                j += k - 1  # back to an index in words (len(words) is the token after the run)
                starts.append(cs + offsets[j] if j < len(words) else ce + 1)
    return starts


def _runs_with_stop(text: str) -> "list[tuple[int, int]]":
    """Spans of the whitespace-free runs that hold a ".", "?" or "!"."""
    if _OTHER_SPACE.search(text) is not None:
        return [m.span() for m in _CHUNK_WITH_STOP.finditer(text)]
    # Only plain spaces separate runs (as in every normalised block): find the
    # stops, then the spaces around them.
    out: list[tuple[int, int]] = []
    n = len(text)
    end = -1
    for m in _STOP.finditer(text):
        p = m.start()
        if p < end:
            continue  # in the run of the stop before
        end = text.find(" ", p)
        if end < 0:
            end = n
        out.append((text.rfind(" ", 0, p) + 1, end))
    return out


def _token_before(text: str, cs: int) -> str:
    """The token before the run starting at ``cs``: the previous run's last
    token after a single space, else whitespace or nothing (neither is an initial)."""
    if cs >= 2 and text[cs - 1] == " " and not text[cs - 2].isspace():
        ps = cs - 2
        while ps > 0 and not text[ps - 1].isspace():
            ps -= 1
        return _tokens_of(text[ps:cs - 1])[0][-1]
    return " "
