"""Shared constants and string helpers for every report format.

Labels and the small text functions (cleaning,
trimming, first sentence, evidence location) used by the view builder and
the renderers.  Topic order, titles and checklist items are not here: they
come from the rule set, through the run.  Nothing here escapes: escaping
belongs to each format.
"""

from __future__ import annotations

import re

from auditor.english import count
from auditor.model import (
    COVERED,
    EXCLUDED,
    GAPS,
    IMPLIED,
    MISSING,
    NOT_ASSESSABLE,
    NOT_ASSESSED,
    PARTIAL,
    READY,
    AuditRun,
    Evidence,
)

STATUS_LABELS: dict[str, str] = {
    COVERED: "Covered",
    IMPLIED: "Implied",
    PARTIAL: "Partial",
    EXCLUDED: "Excluded",
    MISSING: "Missing",
    NOT_ASSESSED: "Not assessed",
}

VERDICT_LABELS: dict[str, str] = {
    READY: "Ready for sign-off",
    GAPS: "Gaps found",
    NOT_ASSESSABLE: "Not assessable",
}

#: Said plainly at the top of every audit report (Markdown, HTML): the audit is not the sign-off.
NOT_A_SIGNOFF = "This is an audit report, not a sign-off."
SIGNOFF_HOW = ("Record a decision on each open finding with `auditor review`; "
               "the sign-off report comes from `auditor signoff`.")

QUOTE_LIMIT = 200
WHERE_LIMIT = 3

# C0/C1 controls (whitespace is collapsed separately) and bidi embedding /
# override / isolate characters, which could disguise quoted contract text.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "etc.", "cf.", "no.", "nos.", "art.", "sec.", "cl.", "para.", "vs.", "incl."}
)


# --------------------------------------------------------------------------- text helpers


def clean(text: object) -> str:
    """Return ``text`` as one display-safe line.

    Control characters (including ANSI escape introducers) and bidi overrides
    are dropped; runs of whitespace, newlines included, become one space.
    ``None`` becomes the empty string.
    """
    if text is None:
        return ""
    return " ".join(_UNSAFE_CHARS.sub("", str(text)).split())


def trim(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Shorten cleaned ``text`` to at most ``limit`` characters, ending in "…"."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text`` (all of it if there is no break).

    Common legal abbreviations ("e.g.", "cl.", "no.") do not end a sentence.
    """
    text = clean(text)
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.start()]
        last_word = head.rsplit(" ", 1)[-1].lower().lstrip("(")
        if last_word in _ABBREVIATIONS:
            continue
        return head
    return text


def location(evidence: Evidence) -> str:
    """Render where a quote sits, e.g. ``§5.2(a), p. 3``, ``Schedule 2, pp. 3–4``,
    ``“Data Commitments” ¶ 2`` or ``¶ 3, p. 4``.

    Numeric section labels get a "§" prefix; named ones ("Schedule 2",
    "Annex II") and the engine's citations of unnumbered clauses (heading and
    paragraph, table row, "¶ 12") are shown as they are.  Missing parts are
    omitted.  Evidence built elsewhere with neither section nor page falls
    back to its provenance ("line 12"), then its heading; character offsets
    only when there is nothing else.
    """
    parts: list[str] = []
    section = clean(evidence.section)
    if section:
        parts.append("§" + section if section[0].isdigit() else section)
    if evidence.page is not None:
        if evidence.page_end is not None and evidence.page_end != evidence.page:
            parts.append(f"pp. {evidence.page}–{evidence.page_end}")
        else:
            parts.append(f"p. {evidence.page}")
    if not parts:
        where = clean(evidence.source) or (f"under “{clean(evidence.heading)}”" if clean(evidence.heading) else "")
        parts.append(where or f"chars {evidence.start}–{evidence.end}")
    return ", ".join(parts)


def topic_title(run: AuditRun, key: str) -> str:
    """Human title for a topic key, from ``run.topic_titles`` or derived from the key."""
    title = clean(run.topic_titles.get(key, ""))
    return title or clean(key.replace("_", " ")).capitalize()


def status_label(status: str) -> str:
    """Human label for a topic status ("Not assessed" for ``not_assessed``)."""
    return STATUS_LABELS.get(status, clean(status).replace("_", " ").capitalize())


def verdict_label(verdict: str) -> str:
    """Human label for a document verdict."""
    return VERDICT_LABELS.get(verdict, clean(verdict).replace("_", " ").capitalize())


def plural(n: int, word: str) -> str:
    """``"1 page"`` / ``"3 pages"`` (see :func:`auditor.english.count`)."""
    return count(n, word)
