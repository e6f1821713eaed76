"""Which document of a bundle prevails: order-of-precedence clauses and
"notwithstanding" openers, read into a ranking of the bundle's files.

"If there is any conflict, these Special Conditions prevail, then the DPA,
then the Product Terms" ranks the Special Conditions above the DPA and the
DPA above the Product Terms. "Notwithstanding the Deployment Table in the
Product Terms, the Supplier shall store Member Data, Global Batch included,
only in the EU" ranks that one commitment above what the Product Terms say.
A commitment that names batch expressly, in a file that outranks the file of
a carve-out, settles the conflict: the carve-out gives way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp.stem import stem
from .records import SentenceReading

# A bundle file's name, as the first part of its clauses' sections ("dpa.pdf, 5.2").
FILE_NAME = re.compile(r"^[^\s,]*[A-Za-z][^\s,]*\.(?:txt|md|markdown|docx|pdf|doc|rtf|odt|html?)$", re.I)
# A document named in the text: "the Product Terms", "this Order Form", "these Special Conditions", "the DPA".
_MENTION = re.compile(r"\b(?P<det>the|this|these|that|such|each)\s+(?P<name>(?:[A-Z][\w-]*\s+){0,4}[A-Z][\w-]*)")
_ACRONYM = re.compile(r"\b(?P<name>DPA|MSA|SOW|BAA|DPD)\b")
# The verb that ranks: the document named just before it prevails.
_RANKS = re.compile(r"\b(?:prevails?|prevailing|overrides?|supersedes?|takes?\s+(?:precedence|priority)|shall\s+govern|governs)\b",
                    re.I)
_NOTWITHSTANDING = re.compile(r"^\s*(?:[\w.()]+\s+)?(?:notwithstanding|despite|in\s+derogation\s+(?:from|of))\b(?P<phrase>[^,;]*)", re.I)


def file_of(r: SentenceReading) -> str | None:
    """The bundle file a statement sits in, or None outside a bundle."""
    own = (r.clause.section or "").split(", ")[0]
    return own if FILE_NAME.match(own) else None


def file_named(name: str, files: list[str]) -> str | None:
    """The file whose name holds every word of ``name`` ("Product Terms" ->
    "cairnlight-product-terms.md"; "Master Agreement" also names an "msa" file)."""
    words = [stem(w) for w in re.findall(r"[A-Za-z]+", name.lower()) if w not in ("the", "of", "and")]
    if not words:
        return None
    for f in files:
        parts = {stem(w) for w in re.findall(r"[a-z]+", f.lower())}
        if all(w in parts or (w == "msa" and "master" in parts) or (w == "master" and "msa" in parts)
               or (w == "agreement" and "msa" in parts) for w in words):
            return f
    return None


def _named_files(text: str, own: str, files: list[str]) -> list[tuple[int, str]]:
    """The bundle files ``text`` names, with where; "this"/"these" before a name
    that is no other file's name is the statement's own file."""
    found: list[tuple[int, str]] = []
    for m in _MENTION.finditer(text):
        f = file_named(m.group("name"), files)
        if f is None and m.group("det").lower() in ("this", "these"):
            f = own
        if f is not None:
            found.append((m.start(), f))
    for m in _ACRONYM.finditer(text):
        f = file_named(m.group("name"), files)
        if f is not None and not any(abs(at - m.start()) < 12 and g == f for at, g in found):
            found.append((m.start(), f))
    return sorted(found)


@dataclass(frozen=True)
class Ranking:
    """Pairs (higher file, lower file) the bundle's precedence clauses state."""

    above: frozenset[tuple[str, str]] = frozenset()

    def outranks(self, high: str | None, low: str | None) -> bool:
        return bool(high and low and high != low and (high, low) in self.above)


def ranking(sentences: list[SentenceReading]) -> Ranking:
    """The order of precedence between the files of a bundle."""
    files = sorted({f for r in sentences for f in [file_of(r)] if f})
    if len(files) < 2:
        return Ranking()
    pairs: set[tuple[str, str]] = set()
    for r in sentences:
        if r.function != "precedence" and not _RANKS.search(r.text):
            continue
        own = file_of(r)
        if own is None:
            continue
        named = _named_files(r.text, own, files)
        if len({f for _, f in named}) < 2:
            continue
        verb = _RANKS.search(r.text)
        if verb is not None and any(at < verb.start() for at, _ in named):
            # "... conflicts with the Master Agreement, this Order Form prevails, then the DPA"
            winner = [f for at, f in named if at < verb.start()][-1]
            order = [winner] + [f for at, f in named if at > verb.start() and f != winner]
            rest = [f for at, f in named if at < verb.start() and f not in order]
            order += rest
        else:
            order = [f for _, f in named]  # "apply in this order: the Order Form; the DPA; the MSA"
        order = list(dict.fromkeys(order))
        pairs.update((hi, lo) for i, hi in enumerate(order) for lo in order[i + 1:])
    # Transitively: Special Conditions > DPA > Product Terms.
    changed = True
    while changed:
        changed = False
        for a, b in list(pairs):
            for c, d in list(pairs):
                if b == c and a != d and (a, d) not in pairs:
                    pairs.add((a, d))
                    changed = True
    contested = {(a, b) for a, b in pairs if (b, a) in pairs}  # clauses that disagree settle nothing
    return Ranking(frozenset(pairs - contested))


def set_aside(r: SentenceReading, files: list[str]) -> tuple[list[str], list[str]]:
    """What a statement opening "Notwithstanding ..." sets aside: the bundle
    files and the sections its opening phrase names."""
    m = _NOTWITHSTANDING.match(r.text)
    if not m:
        return [], []
    phrase = m.group("phrase")
    own = file_of(r) or ""
    named = [f for _, f in _named_files(phrase, own, files) if f != own]
    sections = [ref for ref in r.refs if ref in phrase or ref.split(".")[0] in phrase]
    return named, sections


__all__ = ["FILE_NAME", "Ranking", "file_of", "ranking", "set_aside"]
