"""Blocks to clauses.

Each block of the document becomes one clause (headings and table rows
included, with their own ``kind``). The segmenter tracks the open section
context — annex ("Schedule 2"), numbered section ("7.2"), sub-clauses
("(b)(ii)") and the nearest heading — so every clause knows the section a
lawyer would cite, and splits the clause into sentences with the legal
sentence rules of ``auditor.nlp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Clause, Document, Segmentation, Sentence
from ..nlp import sentence_spans
from .labels import Label, read_label, sub_level

_STOP = {"and", "or", "of", "the", "to", "for", "in", "on", "a", "an", "with", "by", "&", "-"}
_RUN_IN = re.compile(r"^(?P<h>[A-Z][\w'’/&,-]*(?:\s+[\w'’/&,-]+){0,6})\.\s+(?=[A-Z(\"“])")


_PARAGRAPH = re.compile(r"^(.*?)(\(\d{1,2}[a-z]?\))?$")


@dataclass
class _Context:
    annex: str | None = None
    number: str | None = None
    subs: list[tuple[int, str]] = field(default_factory=list)  # (level, "(a)")
    heading: str | None = None

    def section(self) -> str | None:
        num = (self.number or "") + "".join(v for _, v in self.subs)
        if self.annex and num:
            return f"{self.annex}, {num}"
        return self.annex or (num or None)

    def apply(self, label: Label) -> None:
        if label.kind == "annex":
            self.annex, self.number, self.subs = label.value, None, []
        elif label.kind in ("number", "section"):
            self.number, self.subs = label.value, []
            head, para = _PARAGRAPH.match(label.value).groups()
            if para:  # "§ 7 (1)": paragraph (1) of section 7, so a later "(2)" is its sibling
                self.number, self.subs = head, [(sub_level(para, []), para)]
        elif label.kind == "sub":
            level = sub_level(label.value, [v for _, v in self.subs])
            self.subs = [(lv, v) for lv, v in self.subs if lv < level] + [(level, label.value)]


def looks_like_heading(text: str) -> bool:
    """A short title line: few words, no sentence punctuation, capitalised."""
    t = text.strip()
    if not t or len(t) > 90 or t.endswith((",", ";", ":")):
        return False
    if t.endswith("."):
        t = t[:-1]
        if len(t.split()) > 5:
            return False
    words = [w for w in re.split(r"\s+", t) if w]
    if not words or len(words) > 10 or re.search(r"[.;!?]\s", t):
        return False
    if t.isupper() and any(c.isalpha() for c in t):
        return True
    # Dashes and other marks between title words ("Service-Specific Terms - Harvest Run") are no words.
    content = [w for w in words if w.lower() not in _STOP and any(c.isalnum() for c in w)]
    caps = [w for w in content if w[:1].isupper() or w[:1].isdigit()]
    return bool(content) and len(caps) == len(content)


def _short_title(text: str) -> bool:
    t = text.strip().strip("\u2013\u2014-: ")
    return bool(t) and len(t.split()) <= 10 and not re.search(r"[.;:!?]\s*\S", t) and not t.endswith((",", ";"))


def _label_for(block: Block) -> Label | None:
    if block.numbering:
        found = read_label(block.numbering + " ")
        if found:
            if found.kind == "number" and found.depth == 1 and "list" in (block.style or "").lower():
                # A Word "List Number" item inside a clause is a sub-item, not Section 1.
                return Label("sub", f"({found.value})", block.text)
            return Label(found.kind, found.value, block.text, found.depth)
    return read_label(block.text)


NOTE_KINDS = ("footnote", "endnote")


def _body_offset(block: Block) -> int:
    if block.kind == "table_row" or block.numbering:
        return 0
    label = read_label(block.text)
    return len(block.text) - len(label.rest) if label else 0


def segment(document: Document) -> Segmentation:
    """Split ``document`` into clauses with section, heading, page and sentences."""
    ctx = _Context()
    pending: list[tuple[Block, str, str | None, str | None]] = []
    for block in document.blocks:
        if block.kind in NOTE_KINDS:
            # A footnote is read with the section of the clause that cites it.
            pending.append((block, block.kind, ctx.section(), ctx.heading))
            continue
        label = _label_for(block)
        body = label.rest if label else block.text
        if block.kind == "table_row":
            pending.append((block, "table_row", ctx.section(), ctx.heading))
            continue
        is_heading = block.kind == "heading" or (looks_like_heading(body) if body else label is not None)
        if label and label.kind == "annex" and _short_title(body):
            is_heading = True  # "Annex II – Technical and organisational measures"
        if label:
            ctx.apply(label)
        if is_heading:
            ctx.heading = body.strip().rstrip(".") or (label.value if label else None)
            pending.append((block, "heading", ctx.section(), ctx.heading))
            continue
        heading = ctx.heading
        run_in = _RUN_IN.match(body)
        if run_in and looks_like_heading(run_in.group("h")):
            heading = run_in.group("h")
        pending.append((block, "clause", ctx.section(), heading))

    # Sentences are split on the clause body, after its label ("5.2", "(a)").
    offsets = [_body_offset(b) for b, _, _, _ in pending]
    spans = sentence_spans([b.text[o:] for (b, _, _, _), o in zip(pending, offsets)])
    clauses: list[Clause] = []
    for n, ((block, kind, section, heading), off, sent_spans) in enumerate(
        zip(pending, offsets, spans), start=1
    ):
        sentences = tuple(
            Sentence(block.text[off + s:off + e], block.start + off + s, block.start + off + e)
            for s, e in sent_spans
        )
        clauses.append(
            Clause(
                id=f"c{n:04d}",
                text=block.text,
                start=block.start,
                end=block.end,
                section=section,
                heading=heading,
                page=block.page,
                page_end=block.page_end,
                kind=kind,
                source=block.source,
                sentences=sentences,
                cells=block.cells,
                header=block.header,
                changes=block.changes,
                comments=block.comments,
            )
        )
    return Segmentation(document=document, clauses=tuple(clauses))
