"""Word comments (and tracked suggestions) on a copy of a DOCX draft, one per finding, at the XML level.

Each comment is anchored on the paragraph holding the finding's primary
evidence: the first body or table-cell paragraph whose normalised text
contains the normalised quote (quotes tried in evidence order; a table-row
quote "A | B | C" is also matched cell by cell). A ``missing`` finding (or
one whose quote cannot be found) is anchored on the first heading that names
the topic ("Retention", "Deletion", ...), else on the first paragraph.

Only three parts change: ``word/document.xml`` (``w:commentRangeStart``,
``w:commentRangeEnd`` and a ``w:commentReference`` run added around the
paragraph's runs), ``word/comments.xml`` (created or extended) and, when
needed, ``word/_rels/document.xml.rels`` and ``[Content_Types].xml``. Every
other part is copied byte for byte, so tracked changes, numbering, styles and
formatting are preserved. python-docx's comments API is not used because
saving through python-docx re-serialises every XML part it loads.

Each comment names its finding id ("retention/excluded") and says how to
answer it in Word ("Decision: risk accepted. Rationale: ..."), which
``auditor review --from-docx`` reads back. With ``redline`` the rule's
suggested remediation is also inserted as a tracked change by "auditor"
(see :mod:`auditor.report.redline`): after the clause the finding rests on,
or at the end of the section where a missing clause belongs.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from auditor.model import COVERED, MISSING, Finding
from auditor.report.common import clean, status_label, trim
from auditor.report.docx_package import (CONTENT_TYPES, DOC_RELS, DOCUMENT, PARSER, PKG_REL, W, PackageError,
                                         add_comments_relationship, comments_target, ensure_content_type,
                                         package_bytes, read_package, serialise)
from auditor.report.redline import Revisions
from auditor.rules import RuleSet

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PARSER = PARSER
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-",
                         "‑": "-", "‐": "-", "\u00a0": " ", "\u00ad": None, "\u200b": None, "\ufeff": None})
_WS = re.compile(r"\s+")


def qn(tag: str) -> str:
    """Clark name of a ``w:`` tag."""
    return f"{{{W}}}{tag}"


class AnnotateError(Exception):
    """A file that cannot be annotated (not a DOCX, unreadable, unsafe)."""


@dataclass(frozen=True)
class Placement:
    """Where one finding's comment went."""

    finding_id: str
    comment_id: int
    paragraph: int  # index among the paragraphs searched (document order)
    anchor: str  # evidence | heading | first paragraph
    text: str  # the anchored paragraph's text (cleaned, trimmed)
    suggested: bool = False  # the remediation was inserted as a tracked change


def normalise(text: str) -> str:
    """Text for matching: NFKC, straight quotes and hyphens, one space, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub(" ", text).strip().casefold()


def _owner(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None and node.tag != qn("p"):
        node = node.getparent()
    return node


def paragraph_text(p: etree._Element) -> str:
    """The paragraph's text as read in the accepted view (deletions and moved-from text left out)."""
    out: list[str] = []
    for el in p.iter(qn("t"), qn("tab"), qn("br"), qn("cr"), qn("noBreakHyphen")):
        if _owner(el) is not p:
            continue  # a nested text-box paragraph has its own turn
        if any(a.tag in (qn("del"), qn("moveFrom")) for a in el.iterancestors()):
            continue
        out.append(el.text or "" if el.tag == qn("t") else ("-" if el.tag == qn("noBreakHyphen") else " "))
    return "".join(out)


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    """Paragraphs of the body and its table cells, in order (fallback copies of shapes skipped)."""
    body = root.find(qn("body"))
    if body is None:
        return []
    return [p for p in body.iter(qn("p")) if not any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors())]


def _heading_styles(styles_xml: bytes | None) -> set[str]:
    ids = {"Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6", "Title"}
    if not styles_xml:
        return ids
    root = etree.fromstring(styles_xml, _PARSER)
    for style in root.iter(qn("style")):
        sid = style.get(qn("styleId")) or ""
        name = style.find(qn("name"))
        label = (name.get(qn("val")) if name is not None else "") or ""
        outline = style.find(f"{qn('pPr')}/{qn('outlineLvl')}")
        if re.match(r"(?i)^heading\s*\d", label) or (outline is not None and outline.get(qn("val")) != "9"):
            ids.add(sid)
    return ids


def _is_heading(p: etree._Element, heading_ids: set[str]) -> bool:
    ppr = p.find(qn("pPr"))
    if ppr is None:
        return False
    style = ppr.find(qn("pStyle"))
    if style is not None and style.get(qn("val")) in heading_ids:
        return True
    outline = ppr.find(qn("outlineLvl"))
    return outline is not None and outline.get(qn("val")) != "9"


class _Index:
    """The searchable paragraphs of one document."""

    def __init__(self, root: etree._Element, heading_ids: set[str]):
        self.paragraphs = body_paragraphs(root)
        self.texts = [paragraph_text(p) for p in self.paragraphs]
        self.norm = [normalise(t) for t in self.texts]
        self.compact = [n.replace(" ", "") for n in self.norm]
        self.headings = [i for i, p in enumerate(self.paragraphs) if self.norm[i] and _is_heading(p, heading_ids)]

    def find(self, quote: str) -> int | None:
        """Index of the first paragraph containing ``quote`` (normalised), or None."""
        target = normalise(quote)
        if not target:
            return None
        for i, text in enumerate(self.norm):
            if target in text:
                return i
        compact = target.replace(" ", "")
        for i, text in enumerate(self.compact):
            if compact in text:
                return i
        if " | " in quote:  # a table row: match its longest cell
            cells = sorted((c for c in quote.split(" | ") if c.strip()), key=len, reverse=True)
            return self.find(cells[0]) if cells else None
        return None

    def heading_for(self, words: list[str]) -> int | None:
        """The first heading naming one of ``words`` (earlier words are preferred)."""
        for word in words:
            pattern = re.compile(r"\b" + re.escape(normalise(word)))
            for i in self.headings:
                if pattern.search(self.norm[i]):
                    return i
        return None

    def first(self) -> int:
        """The first non-empty paragraph (0 when all are empty)."""
        return next((i for i, t in enumerate(self.norm) if t), 0)

    def section_end(self, where: int, how: str) -> etree._Element:
        """Where a missing clause belongs: the last paragraph before the heading after ``where``
        (a heading anchor), or the last paragraph of the body."""
        if how == "heading":
            later = [h for h in self.headings if h > where]
            end = (later[0] - 1) if later else len(self.paragraphs) - 1
        else:
            end = len(self.paragraphs) - 1
        while end > where and not self.norm[end]:
            end -= 1
        return self.paragraphs[end]


def topic_words(topic: str, ruleset: RuleSet | None) -> list[str]:
    """Words a heading for ``topic`` would use: the topic's own name, then its rule's topic terms."""
    words = [topic.replace("_", " ")]
    if ruleset is not None:
        try:
            words += list(ruleset.rule_for(topic).topic_terms)
        except KeyError:
            pass
    return list(dict.fromkeys(w for w in words if w.strip()))


def _place(index: _Index, finding: Finding, ruleset: RuleSet | None) -> tuple[int, str]:
    if finding.status != MISSING:
        for evidence in finding.evidence:
            found = index.find(evidence.text)
            if found is not None:
                return found, "evidence"
    heading = index.heading_for(topic_words(finding.topic, ruleset))
    if heading is not None:
        return heading, "heading"
    return index.first(), "first paragraph"


REPLY_HINT = ("To decide, reply to this comment: \u201cDecision: risk accepted. Rationale: ...\u201d "
              "(or amendment requested, false positive, resolved in draft); "
              "`auditor review --from-docx` records it.")


def comment_paragraphs(finding: Finding, note: str = "") -> list[str]:
    """The comment's text, one string per paragraph; the first names the finding id."""
    head = f"auditor: {clean(finding.title) or finding.topic}: {status_label(finding.status).upper()} ({finding.id})"
    parts = [head, clean(finding.explanation), clean(note)]
    if finding.status == MISSING and finding.searched:
        parts.append("Searched: " + clean(finding.searched))
    if finding.remediation and finding.status != COVERED:
        parts.append("Suggested remediation: " + clean(finding.remediation))
    if finding.status != COVERED:
        parts.append(REPLY_HINT)
    return [p for p in parts if p]


def _comment(cid: int, finding: Finding, author: str, initials: str, date: str | None,
             note: str = "") -> etree._Element:
    el = etree.Element(qn("comment"), nsmap={"w": W})
    el.set(qn("id"), str(cid))
    el.set(qn("author"), author)
    if date:
        el.set(qn("date"), date)
    el.set(qn("initials"), initials)
    for n, text in enumerate(comment_paragraphs(finding, note)):
        p = etree.SubElement(el, qn("p"))
        if n == 0:
            etree.SubElement(etree.SubElement(p, qn("r")), qn("annotationRef"))
        t = etree.SubElement(etree.SubElement(p, qn("r")), qn("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _anchor(p: etree._Element, cid: int) -> None:
    start = etree.Element(qn("commentRangeStart"))
    start.set(qn("id"), str(cid))
    ppr = p.find(qn("pPr"))
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    end = etree.SubElement(p, qn("commentRangeEnd"))
    end.set(qn("id"), str(cid))
    ref = etree.SubElement(etree.SubElement(p, qn("r")), qn("commentReference"))
    ref.set(qn("id"), str(cid))


def annotate_docx(src: str | os.PathLike[str], findings: Sequence[Finding], ruleset: RuleSet | None = None, *,
                  notes: Mapping[str, str] | None = None, redline: bool = False, author: str = "auditor",
                  initials: str = "AU", date: str | None = None) -> tuple[bytes, list[Placement]]:
    """A copy of ``src`` with one comment per finding (and, with ``redline``, the suggested
    remediation as a tracked insertion); returns the package bytes and where each comment went.

    ``notes`` adds a paragraph to a finding's comment (a bundle: "Evidence in dpa.pdf, 5.2").
    """
    src_p = Path(src)
    try:
        infos, parts = read_package(src_p)
    except PackageError as exc:
        raise AnnotateError(str(exc)) from None
    try:
        doc_root = etree.fromstring(parts[DOCUMENT], PARSER)
        rels_root = etree.fromstring(parts[DOC_RELS], PARSER) if DOC_RELS in parts else etree.Element(
            f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        types_root = etree.fromstring(parts[CONTENT_TYPES], PARSER)
        target = comments_target(rels_root)
        comments_root = etree.fromstring(parts[target], PARSER) if target and target in parts else None
        index = _Index(doc_root, _heading_styles(parts.get("word/styles.xml")))
    except (etree.XMLSyntaxError, KeyError) as exc:
        raise AnnotateError(f"{src_p}: damaged Word XML ({exc})") from None
    new_parts: dict[str, bytes] = {}
    if target is None:
        target = add_comments_relationship(rels_root)
        new_parts[DOC_RELS] = serialise(rels_root, parts.get(DOC_RELS, b'standalone="yes"'))
    if comments_root is None:
        comments_root = etree.Element(qn("comments"), nsmap={"w": W})
    used = [int(c.get(qn("id"), "-1")) for c in comments_root.findall(qn("comment")) if c.get(qn("id"), "").isdigit()]
    next_id = max(used, default=-1) + 1
    if findings and not index.paragraphs:
        raise AnnotateError(f"{src_p}: the document body has no paragraph to comment on")
    revisions = Revisions(doc_root, author, date)
    placements: list[Placement] = []
    for finding in findings:
        where, how = _place(index, finding, ruleset)
        _anchor(index.paragraphs[where], next_id)
        extra = (notes or {}).get(finding.id, "")
        comments_root.append(_comment(next_id, finding, author, initials, date, extra))
        inserted = False
        if redline and finding.status != COVERED and finding.remediation.strip():
            after = index.paragraphs[where] if how == "evidence" else index.section_end(where, how)
            revisions.insert_after(after, "Suggested by auditor (" + finding.id + "): " + clean(finding.remediation))
            inserted = True
        placements.append(Placement(finding.id, next_id, where, how, trim(index.texts[where], 120), inserted))
        next_id += 1
    new_parts[DOCUMENT] = serialise(doc_root, parts[DOCUMENT])
    new_parts[target] = serialise(comments_root, parts.get(target, b'standalone="yes"'))
    if ensure_content_type(types_root, target):
        new_parts[CONTENT_TYPES] = serialise(types_root, parts[CONTENT_TYPES])
    return package_bytes(infos, parts, new_parts), placements
