"""Term matching: phrases from rule files matched on folded tokens.

Rule authors write plain phrases ("zero data retention", "Batch API",
"right, title and interest"); each is tokenised with the same pipeline as
the contract and matched on folded norms (see ``stem``) with spaCy's
``PhraseMatcher``, so case and regular inflections never matter.
"""

from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple

import numpy

from spacy.attrs import IDX, NORM, ORTH, SPACY

from .pipeline import get_nlp, norm_doc, set_norms, tokenize_many

_new = tuple.__new__  # builds a Token from a row without a Python-level __new__ call
_STRINGS: dict[int, str] = {}  # string id -> string, for the words and norms already seen


class Token(NamedTuple):
    """One token: a tuple, because documents have hundreds of thousands."""

    text: str
    norm: str
    idx: int  # character offset within the sentence
    ws: bool  # followed by whitespace


class _Columns:
    """The tokens of one tokenised batch, column by column: token texts and
    norms are the shared string objects, so a token costs a few pointers."""

    __slots__ = ("words", "norms", "idx", "spaces")

    def __init__(self, words: list[str], norms: list[str], idx: "numpy.ndarray", spaces: list[int]) -> None:
        self.words, self.norms, self.idx, self.spaces = words, norms, idx, spaces


class Annotated:
    """A sentence, its tokens and the term labels found in it.

    Tokens are built on first use: most sentences of a long agreement are
    decided from their matches alone, and building a Python tuple per token
    of every sentence would cost more than tokenising them.
    """

    __slots__ = ("text", "matches", "_tokens", "_cols", "_lo", "_hi", "_off")

    def __init__(self, text: str, tokens: tuple[Token, ...] | None = None,
                 matches: Mapping[str, tuple[tuple[int, int], ...]] | None = None,
                 cols: _Columns | None = None, lo: int = 0, hi: int = 0, off: int = 0) -> None:
        """``cols`` of a tokenised batch hold this text's tokens from ``lo``
        to ``hi``, its first character at offset ``off``."""
        self.text = text
        self.matches: Mapping[str, tuple[tuple[int, int], ...]] = matches or {}
        self._tokens = tokens
        self._cols, self._lo, self._hi, self._off = cols, lo, hi, off

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            off, lo, hi, c = self._off, self._lo, self._hi, self._cols
            if c is None:
                self._tokens = ()
            else:
                self._tokens = tuple([_new(Token, (w, n, x - off, sp == 1)) for w, n, x, sp in
                                      zip(c.words[lo:hi], c.norms[lo:hi], c.idx[lo:hi].tolist(), c.spaces[lo:hi])])
            self._cols = None
        return self._tokens

    def word(self, i: int) -> str:
        """The text of token ``i`` (without building the others)."""
        return self._word(i)[0]

    def norm(self, i: int) -> str:
        """The folded norm of token ``i`` (without building the others)."""
        return self._word(i)[1]

    def _word(self, i: int) -> tuple[str, str]:
        c = self._cols
        if self._tokens is not None or c is None:
            t = self.tokens[i]
            return t.text, t.norm
        if not 0 <= i < self._hi - self._lo:
            raise IndexError(i)
        return c.words[self._lo + i], c.norms[self._lo + i]

    def __len__(self) -> int:
        """The number of tokens (without building them)."""
        return len(self._tokens) if self._tokens is not None else self._hi - self._lo

    def has(self, label: str) -> bool:
        return bool(self.matches.get(label))

    def spans(self, label: str) -> tuple[tuple[int, int], ...]:
        return self.matches.get(label, ())

    def norms(self) -> list[str]:
        return [t.norm for t in self.tokens]


class TermMatcher:
    """Many labelled phrase lists compiled into one ``PhraseMatcher``."""

    def __init__(self, vocab: Mapping[str, Iterable[str]], nouns: Iterable[str] = ()):
        """``nouns`` are the labels whose phrases name things: there a one-word match on a word
        in "-ing" ("batch scoring", "the extracting of") is the activity, not the thing ("scores"),
        unless the phrase itself is listed in that form ("audio recording")."""
        from spacy.matcher import PhraseMatcher

        nlp = get_nlp()
        self._matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.labels: tuple[str, ...] = tuple(sorted(vocab))
        self._names = {nlp.vocab.strings.add(label): label for label in self.labels}  # match id -> label
        # A one-word phrase listed in capitals ("US", "UK", "EEA") is an abbreviation: it matches
        # only in capitals (or as a region code's prefix, "us-east-1"), so the pronoun "us"
        # ("either of us") is no place.
        self._capitals: dict[int, frozenset[str]] = {}
        self._gerunds: dict[int, frozenset[str]] = {}  # noun labels -> their words listed in "-ing"
        for label in self.labels:
            if label in nouns:
                self._gerunds[nlp.vocab.strings.add(label)] = frozenset(
                    w for p in vocab[label] for w in p.lower().split() if w.endswith("ing"))
            docs = [norm_doc(p) for p in sorted(set(vocab[label])) if p.strip()]
            if docs:
                self._matcher.add(label, docs)
            caps = frozenset(p.strip().lower() for p in vocab[label]
                             if p.strip().isupper() and p.strip().isalpha() and len(p.split()) == 1)
            if caps:
                self._capitals[nlp.vocab.strings[label]] = caps

    def annotate_many(self, texts: list[str]) -> list[Annotated]:
        nlp = get_nlp()
        out: list[Annotated | None] = [None] * len(texts)
        known = _STRINGS
        strings = nlp.vocab.strings
        for doc, parts in tokenize_many(texts):
            # Norms first: the matcher reads them.
            if len(doc):
                set_norms(nlp.vocab, numpy.unique(doc.to_array(ORTH)).tolist())
            # Norms are read after they are set; a tokenizer exception keeps its
            # own ("n't" -> "not", "wo" -> "will").
            cols = None
            part_of: list[int] = []  # token -> the text it belongs to (-1: a separator)
            if len(doc):
                array = doc.to_array([ORTH, NORM, IDX, SPACY])
                for key in set(numpy.unique(array[:, :2]).tolist()) - known.keys():
                    known[key] = strings[key]
                get = known.__getitem__
                cols = _Columns(list(map(get, array[:, 0].tolist())), list(map(get, array[:, 1].tolist())),
                                array[:, 2].astype(numpy.int32), array[:, 3].tolist())
                part_of = [-1] * len(doc)
                for k, (_, _, lo, hi) in enumerate(parts):
                    part_of[lo:hi] = [k] * (hi - lo)
            found: list[dict[str, list[tuple[int, int]]]] = [{} for _ in parts]
            names = self._names
            ls = le = -1
            span = (-1, -1)
            capitals, gerunds = self._capitals, self._gerunds
            for match_id, start, end in self._matcher(doc):
                if match_id in capitals and end - start == 1:
                    word = doc[start].text
                    if not word.isupper() and word.lower() in capitals[match_id] and not (
                            end < len(doc) and doc[end].text == "-" and not doc[start].whitespace_):
                        continue  # ... but a region code ("us-texas-2", "eu-west-1") is a place
                if match_id in gerunds and end - start == 1:
                    word = doc[start].text.lower()
                    if word.endswith("ing") and word not in gerunds[match_id]:
                        continue
                k = part_of[start]
                if k >= 0:
                    _, _, lo, hi = parts[k]
                    if end <= hi:
                        if start != ls or end != le:  # one tuple for a span that several labels match
                            ls, le, span = start, end, (start - lo, end - lo)
                        found[k].setdefault(names[match_id], []).append(span)
            for (i, off, lo, hi), hits in zip(parts, found):
                out[i] = Annotated(texts[i], None, {k: tuple(v) for k, v in hits.items()}, cols, lo, hi, off)
        return out  # type: ignore[return-value]

    def annotate(self, text: str) -> Annotated:
        return self.annotate_many([text])[0]
