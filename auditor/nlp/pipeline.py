"""The spaCy pipeline: ``spacy.blank("en")`` plus auditor's own components.

No model is downloaded or needed. An installed spaCy model can be opted into
with the ``AUDITOR_SPACY_MODEL`` environment variable; its tokenizer is then
used, our components still run on top.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from .stem import stem

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# Abbreviations that end in a full stop but do not end a sentence. Kept as
# single tokens so the sentence splitter never sees a bare ".".
ABBREVIATIONS = (
    "Sec.", "Secs.", "sec.", "e.g.", "i.e.", "E.g.", "I.e.", "U.S.", "U.K.", "E.U.", "U.S.A.",
    "No.", "Nos.", "no.", "Inc.", "Ltd.", "Co.", "Corp.", "L.L.C.", "LLC.", "plc.", "cf.", "etc.",
    "para.", "paras.", "Para.", "Art.", "Arts.", "art.", "Cl.", "cl.", "Sch.", "Sched.", "App.",
    "Ex.", "Exh.", "viz.", "approx.", "incl.", "excl.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.",
    "vs.", "v.", "et al.", "p.", "pp.", "Pty.", "S.A.", "N.V.", "B.V.", "GmbH.", "Jan.", "Feb.",
    "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "min.", "max.",
)

_lock = threading.Lock()
_NLP: "Language | None" = None


_NORMED: set[int] = set()


def _set_norms(doc: "Doc") -> "Doc":
    """Folded norms, set once per word on the shared vocabulary (tokens read
    their norm from the lexeme), so the per-token cost is a set lookup."""
    from spacy.attrs import ORTH

    vocab = doc.vocab
    for orth in set(doc.to_array([ORTH]).tolist()) - _NORMED:
        lex = vocab[orth]
        lex.norm_ = stem(lex.orth_)
        _NORMED.add(orth)
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
