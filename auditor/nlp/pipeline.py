"""The spaCy pipeline: ``spacy.blank("en")`` plus auditor's own components.

No model is downloaded or needed. An installed spaCy model can be opted into
with the ``AUDITOR_SPACY_MODEL`` environment variable; its tokenizer is then
used, our components still run on top.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from typing import TYPE_CHECKING, Iterable, Iterator

from .stem import stem

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# Abbreviations that end in a full stop but do not end a sentence. Kept as
# single tokens so the sentence splitter never sees a bare ".".
ABBREVIATIONS = (
    "Sec.", "Secs.", "sec.", "s.", "ss.", "e.g.", "i.e.", "E.g.", "I.e.", "U.S.", "U.K.", "E.U.", "U.S.A.",
    "No.", "Nos.", "no.", "nos.", "Inc.", "Ltd.", "Co.", "Corp.", "L.L.C.", "LLC.", "plc.", "cf.", "etc.",
    "para.", "paras.", "Para.", "Paras.", "par.", "Par.", "Art.", "Arts.", "art.", "arts.", "Cl.", "cl.", "Cls.", "cls.", "lit.", "Sch.", "Sched.", "App.",
    "Ex.", "Exh.", "viz.", "approx.", "incl.", "excl.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.",
    "vs.", "v.", "et al.", "p.", "pp.", "Pty.", "Pte.", "Bhd.", "Sdn.", "S.A.", "N.V.", "B.V.", "GmbH.", "Jan.", "Feb.",
    "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "min.", "max.",
)

_lock = threading.Lock()
_NLP: "Language | None" = None


_NORMED: set[int] = set()


def set_norms(vocab, orths: "set[int] | Iterable[int]") -> None:
    """Set the folded norm of each word (by orth id) on the shared vocabulary,
    once per word: tokens read their norm from the lexeme."""
    for orth in set(orths) - _NORMED:
        lex = vocab[orth]
        lex.norm_ = stem(lex.orth_)
        _NORMED.add(orth)


def _set_norms(doc: "Doc") -> "Doc":
    """The pipeline component: folded norms for every word of ``doc``."""
    from spacy.attrs import ORTH

    set_norms(doc.vocab, doc.to_array([ORTH]).tolist())
    return doc


def build_nlp() -> "Language":
    import spacy
    from spacy.attrs import ORTH
    from spacy.language import Language

    from .sentences import legal_sentence_boundaries

    model = os.environ.get("AUDITOR_SPACY_MODEL", "").strip()
    nlp = spacy.load(model, exclude=["parser", "senter", "sentencizer"]) if model else spacy.blank("en")
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])

    if not Language.has_factory("auditor_norms"):
        Language.component("auditor_norms")(_set_norms)
    if not Language.has_factory("auditor_sentences"):
        Language.component("auditor_sentences")(legal_sentence_boundaries)
    nlp.add_pipe("auditor_norms")
    nlp.add_pipe("auditor_sentences")
    return nlp


_SEPARATOR = "\n"  # between texts tokenised together: its own token, so no phrase or token spans two texts
_BATCH_CHARS = 4000  # measured: per-Doc costs dominate below, the tokenizer's special-case pass above


def tokenize_many(texts: list[str]) -> "Iterator[tuple[Doc, list[tuple[int, int, int, int]]]]":
    """Tokenise many short texts as few ``Doc`` objects.

    A ``Doc`` has a fixed cost (its construction, a matcher call, an array
    read) that dominates for sentence-sized texts, so texts are joined with a
    newline, which the tokenizer always makes a token of its own (it splits
    on whitespace first), and tokenised together. Yields each ``Doc`` with one
    ``(text index, character offset, first token, end token)`` per text in it;
    the tokens of a text are exactly those it gets when tokenised alone. A
    text with leading or trailing whitespace is tokenised alone, since its
    edge whitespace would merge with the separator.
    """
    from spacy.attrs import IDX

    tokenizer = get_nlp().tokenizer
    parts: list[tuple[int, str]] = []
    size = 0

    def flush() -> "tuple[Doc, list[tuple[int, int, int, int]]]":
        joined = _SEPARATOR.join(t for _, t in parts)
        doc = tokenizer(joined)
        starts = doc.to_array([IDX]).tolist() if len(doc) else []
        out = []
        off = 0
        for i, t in parts:
            lo = bisect_left(starts, off)
            hi = bisect_left(starts, off + len(t), lo)
            out.append((i, off, lo, hi))
            off += len(t) + len(_SEPARATOR)
        return doc, out

    for i, text in enumerate(texts):
        if text != text.strip():
            if parts:
                yield flush()
                parts, size = [], 0
            doc = tokenizer(text)
            yield doc, [(i, 0, 0, len(doc))]
            continue
        parts.append((i, text))
        size += len(text) + 1
        if size >= _BATCH_CHARS:
            yield flush()
            parts, size = [], 0
    if parts:
        yield flush()


def get_nlp() -> "Language":
    """The shared pipeline, built once per process on first use."""
    global _NLP
    if _NLP is None:
        with _lock:
            if _NLP is None:
                _NLP = build_nlp()
    return _NLP


def norm_doc(text: str) -> "Doc":
    """Tokenise ``text`` and set folded norms (no sentence splitting)."""
    nlp = get_nlp()
    return _set_norms(nlp.make_doc(text))
