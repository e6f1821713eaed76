"""Legal sentence boundaries.

Contract prose defeats general-purpose sentence splitters: "Sec. 5.2",
"e.g.", "U.S.", "No. 7", "(a)" enumerations and "Inc." are not sentence
ends. Abbreviations are single tokens (see ``pipeline.ABBREVIATIONS``), so a
boundary is only placed after a bare ".", "?" or "!" (plus any closing quotes
or brackets) when the next token can begin a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

_TERMINAL = {".", "?", "!"}
_CLOSERS = {'"', "'", ")", "]", "\u201d", "\u2019"}
_OPENERS = {'"', "(", "[", "\u201c", "\u2018", "'"}


def _can_start(text: str) -> bool:
    ch = text[0]
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or text[:1] in {"\u2022", "-"}


def legal_sentence_boundaries(doc: "Doc") -> "Doc":
    n = len(doc)
    if n == 0:
        return doc
    starts = [False] * n
    starts[0] = True
    i = 0
    while i < n:
        tok = doc[i]
        if tok.text in _TERMINAL or (tok.text.endswith("...")):
            prev = doc[i - 1].text if i > 0 else ""
            # Initials ("J. Smith") are not sentence ends.
            if tok.text == "." and len(prev) == 1 and prev.isupper():
                i += 1
                continue
            j = i + 1
            # Closing quotes/brackets glued to the stop belong to this sentence.
            while j < n and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            if j < n and _can_start(doc[j].text):
                starts[j] = True
            i = j
            continue
        i += 1
    for k, tok in enumerate(doc):
        tok.is_sent_start = starts[k]
    return doc
