"""Legal sentence boundaries.

Contract prose defeats general-purpose sentence splitters: "Sec. 5.2",
"e.g.", "U.S.", "No. 7", "(a)" enumerations and "Inc." are not sentence
ends. Abbreviations are single tokens (see ``pipeline.ABBREVIATIONS``), so a
boundary is only placed after a bare ".", "?" or "!" (plus any closing quotes
or brackets) when the next token can begin a sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

_TERMINAL = {".", "?", "!"}
# Parts of a document named by a letter: "Exhibit B." ends a sentence, "J." does not.
_LETTERED = {"exhibit", "schedule", "annex", "appendix", "attachment", "part", "section", "clause", "article",
             "table", "item", "addendum", "rider", "tier", "option", "plan", "party", "lot", "zone", "class", "type"}
# Clauses numbered by an ordinal and their paragraphs by a cardinal ("Sixth.Two.", "Ninth. One.").
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
             "twentieth", "thirtieth"}
_CARDINALS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
_CLOSERS = {'"', "'", ")", "]", "\u201d", "\u2019"}
_OPENERS = {'"', "(", "[", "\u201c", "\u2018", "'"}


# Ordinal and cardinal words that number clauses and paragraphs ("Ninth. Two."): their dots end nothing.
SPELLED_NUMBERS = frozenset(_ORDINALS | _CARDINALS)
_CARDINAL_DOT = re.compile(r"\s?(?:" + "|".join(sorted(_CARDINALS, key=len, reverse=True)) + r")\.", re.I)


def spelled_paragraph(before: str, rest: str) -> bool:
    """Is a stop after ``before`` the dot of a clause numbered by an ordinal, ``rest`` (the text after
    the stop) giving its paragraph as a cardinal ("Ninth. One.", "Sixth.Two.")?"""
    return before.lower() in _ORDINALS and _CARDINAL_DOT.match(rest) is not None


def _can_start(text: str) -> bool:
    ch = text[0]
    # "... (batch). § 12 does not.": a sentence may open with a section sign
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or text[:1] in {"\u2022", "-", "\u00a7"}


_STOP_CHARS = re.compile(r"[.?!]")
# A paragraph label in lower case that opens a sentence: "... within 24 hours. lit. b For incidents
# ...", "... on site. para. 3 The Provider ...". German and Swiss drafting number letters and
# paragraphs so ("lit." litera, "let." lettera, "para.", "subpara.", "sent." sentence).
# ("cl. 10.1 The Vendor must ...": a clause as Australian drafting abbreviates it)
_LOWER_LABELS = frozenset(("lit.", "let.", "para.", "subpara.", "sent.", "cl."))
LOWER_LABEL_START = re.compile(r"[.?!]['\")\]\u201d\u2019]*\s+(?:lit|let|para|subpara|sent|cl)\.\s+[a-z0-9]{1,3}(?:\.\d{1,3}){0,3}"
                               r"(?:\([a-z0-9]{1,4}\)){0,3}\)?\s+[A-Z]")


def may_break(text: str) -> bool:
    """False when ``text`` certainly holds one sentence, so it need not be
    tokenised to find out. A boundary needs a ".", "?" or "!" followed, past
    any closing quotes, brackets and spaces, by something that can start a
    sentence; every character in that run is tested, since quotes both
    close and open."""
    if LOWER_LABEL_START.search(text):
        return True
    n = len(text)
    for m in _STOP_CHARS.finditer(text):
        j = m.end()
        while j < n:
            ch = text[j]
            if _can_start(ch):
                return True
            if not (ch.isspace() or ch in _CLOSERS):
                break
            j += 1
    return False


def sentence_starts(texts: list[str], spaces: list[bool]) -> list[int]:
    """Indexes of the tokens that start a sentence, from token texts and
    whether each is followed by whitespace."""
    if not texts:
        return []
    starts = [0]
    for i, text in enumerate(texts):
        if text[-1:] in _TERMINAL:  # the quick test for most tokens
            j = break_after(texts, spaces, i)
            if j is not None:
                starts.append(j)
    return starts


def break_after(texts: list[str], spaces: list[bool], i: int) -> int | None:
    """The token that starts a new sentence after token ``i``, if ``i`` ends one.

    Only a bare ".", "?" or "!" (or an ellipsis) ends a sentence; closing
    quotes and brackets glued to it belong to it; the next token must be able
    to start a sentence. Initials ("J. Smith") are not sentence ends.
    """
    text = texts[i]
    if text in ("No.", "no.") and (i == 0 or texts[i - 1] in _TERMINAL or texts[i - 1].strip() == "") and i + 1 < len(texts) \
            and texts[i + 1][:1].isupper() and not texts[i + 1][:1].isdigit():
        return i + 1  # "No. No processing mode ... is excluded": the answer to a question, not "No. 7"
    lettered = len(text) == 2 and text[0].isupper() and text[1] == "." and i > 0 and texts[i - 1].lower() in _LETTERED
    if not (text in _TERMINAL or text.endswith("...") or lettered):
        return None  # an abbreviation kept as one token: "Inc.", "e.g."; but "listed in Exhibit B." ends one
    if (text == "." and i > 0 and len(texts[i - 1]) == 1 and texts[i - 1].isupper()
            and not (i > 1 and texts[i - 2].lower() in _LETTERED)):
        return None  # initials ("J. Smith"), but not a lettered part ("listed in Exhibit B. The ...")
    n = len(texts)
    if (text == "." and i > 0 and texts[i - 1].lower() in _ORDINALS and i + 2 < n
            and texts[i + 1].lower() in _CARDINALS and texts[i + 2] == "."):
        return None  # "paragraph Sixth.Two. of the Contract", "Ninth. One.": a paragraph's number, spelled
    j = i + 1
    while j < n and texts[j] in _CLOSERS and not spaces[j - 1]:
        j += 1
    # "... within 24 hours. lit. b For incidents ...": a paragraph label opens the next sentence
    k = j + 2 if j + 1 < n and texts[j + 1] == "." and texts[j] + "." in _LOWER_LABELS else j + 1 if j < n and texts[j] in _LOWER_LABELS else None
    if k is not None and k + 1 < n and re.fullmatch(r"[a-z0-9]{1,3}(?:\.\d{1,3}){0,3}\)?", texts[k]):
        k += 1
        while k + 2 < n and texts[k] == "(" and texts[k + 1].isalnum() and len(texts[k + 1]) <= 4 and texts[k + 2] == ")":
            k += 3  # "cl. 9.3(a) The Vendor ..."
        if k < n and texts[k][:1].isupper():
            return j
    return j if j < n and _can_start(texts[j]) else None


def legal_sentence_boundaries(doc: "Doc") -> "Doc":
    """The pipeline component: sets ``is_sent_start`` from :func:`sentence_starts`."""
    import numpy
    from spacy.attrs import SENT_START

    starts = set(sentence_starts([t.text for t in doc], [bool(t.whitespace_) for t in doc]))
    # spaCy's arrays are uint64; -1 ("not a start") is stored wrapped around, as to_array gives it.
    values = numpy.array([[1 if k in starts else -1] for k in range(len(doc))], dtype="int64").astype("uint64")
    if len(doc):
        doc.from_array([SENT_START], values)
    return doc
