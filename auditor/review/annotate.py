"""Word comments on a copy of a DOCX draft, one per finding, at the XML level.

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
"""

from __future__ import annotations

import os
import posixpath
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from auditor.model import COVERED, MISSING, DocumentReport, Finding
from auditor.report.common import clean, status_label
from auditor.rules import RuleSet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DOCUMENT = "word/document.xml"
DOC_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
MAX_TOTAL = 256 * 1024 * 1024  # uncompressed bytes we are willing to copy

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
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


def comment_paragraphs(finding: Finding) -> list[str]:
    """The comment's text, one string per paragraph."""
    head = f"auditor: {clean(finding.title) or finding.topic}: {status_label(finding.status).upper()} ({finding.id})"
    parts = [head, clean(finding.explanation)]
    if finding.status == MISSING and finding.searched:
        parts.append("Searched: " + clean(finding.searched))
    if finding.remediation and finding.status != COVERED:
        parts.append("Suggested remediation: " + clean(finding.remediation))
    return [p for p in parts if p]


def _comment(cid: int, finding: Finding, author: str, initials: str, date: str | None) -> etree._Element:
    el = etree.Element(qn("comment"), nsmap={"w": W})
    el.set(qn("id"), str(cid))
    el.set(qn("author"), author)
    if date:
        el.set(qn("date"), date)
    el.set(qn("initials"), initials)
    for n, text in enumerate(comment_paragraphs(finding)):
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


def _serialise(root: etree._Element, original: bytes) -> bytes:
    """The part as Word writes it: a double-quoted XML declaration, then the tree."""
    head = original[:200]
    standalone = ' standalone="yes"' if re.search(rb"standalone\s*=\s*[\"']yes", head) else ""
    return (f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\r\n'.encode()
            + etree.tostring(root, encoding="UTF-8"))


def _comments_target(rels: etree._Element) -> str | None:
    for rel in rels.findall(f"{{{PKG_REL}}}Relationship"):
        if rel.get("Type") == COMMENTS_REL and rel.get("TargetMode") != "External":
            return posixpath.normpath(posixpath.join("word", rel.get("Target", "").lstrip("/")))
    return None


def _add_relationship(rels: etree._Element) -> str:
    ids = {r.get("Id") for r in rels.findall(f"{{{PKG_REL}}}Relationship")}
    n = len(ids) + 1
    while f"rId{n}" in ids:
        n += 1
    rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", COMMENTS_REL)
    rel.set("Target", "comments.xml")
    return "word/comments.xml"


def _ensure_content_type(types: etree._Element, part: str) -> bool:
    name = "/" + part
    for override in types.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lower() == name.lower():
            return False
    el = etree.SubElement(types, f"{{{CT_NS}}}Override")
    el.set("PartName", name)
    el.set("ContentType", COMMENTS_TYPE)
    return True


def _read_package(src: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    if src.suffix.lower() != ".docx":
        raise AnnotateError(f"{src}: annotate works on Word .docx files only (got '{src.suffix or 'no extension'}')")
    try:
        with zipfile.ZipFile(src) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_TOTAL:
                raise AnnotateError(f"{src}: too large to annotate")
            names = [i.filename for i in infos]
            if DOCUMENT not in names:
                raise AnnotateError(f"{src}: not a Word document (no {DOCUMENT})")
            if len(set(names)) != len(names) or any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise AnnotateError(f"{src}: unsafe or duplicated part names; not annotated")
            return infos, {i.filename: z.read(i) for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise AnnotateError(f"{src}: not a readable .docx file ({exc})") from None


def annotate_docx(src: str | os.PathLike[str], dst: str | os.PathLike[str], report: DocumentReport,
                  ruleset: RuleSet | None = None, *, include_covered: bool = False, author: str = "auditor",
                  initials: str = "AU", date: str | None = None) -> list[Placement]:
    """Write a copy of ``src`` to ``dst`` with one comment per finding; return where they went."""
    src_p, dst_p = Path(src), Path(dst)
    if dst_p.exists() and dst_p.resolve() == src_p.resolve():
        raise AnnotateError(f"{dst_p}: the output must not be the input file")
    infos, parts = _read_package(src_p)
    try:
        doc_root = etree.fromstring(parts[DOCUMENT], _PARSER)
        rels_root = etree.fromstring(parts[DOC_RELS], _PARSER) if DOC_RELS in parts else etree.Element(
            f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        types_root = etree.fromstring(parts[CONTENT_TYPES], _PARSER)
        target = _comments_target(rels_root)
        comments_root = etree.fromstring(parts[target], _PARSER) if target and target in parts else None
        index = _Index(doc_root, _heading_styles(parts.get("word/styles.xml")))
    except (etree.XMLSyntaxError, KeyError) as exc:
        raise AnnotateError(f"{src_p}: damaged Word XML ({exc})") from None
    findings = [f for f in report.findings if include_covered or f.status != COVERED]
    new_parts: dict[str, bytes] = {}
    if target is None:
        target = _add_relationship(rels_root)
        new_parts[DOC_RELS] = _serialise(rels_root, parts.get(DOC_RELS, b'standalone="yes"'))
    if comments_root is None:
        comments_root = etree.Element(qn("comments"), nsmap={"w": W})
    used = [int(c.get(qn("id"), "-1")) for c in comments_root.findall(qn("comment")) if c.get(qn("id"), "").isdigit()]
    next_id = max(used, default=-1) + 1
    if findings and not index.paragraphs:
        raise AnnotateError(f"{src_p}: the document body has no paragraph to comment on")
    placements: list[Placement] = []
    for finding in findings:
        where, how = _place(index, finding, ruleset)
        _anchor(index.paragraphs[where], next_id)
        comments_root.append(_comment(next_id, finding, author, initials, date))
        placements.append(Placement(finding.id, next_id, where, how, clean(index.texts[where])[:120]))
        next_id += 1
    new_parts[DOCUMENT] = _serialise(doc_root, parts[DOCUMENT])
    new_parts[target] = _serialise(comments_root, parts.get(target, b'standalone="yes"'))
    if _ensure_content_type(types_root, target):
        new_parts[CONTENT_TYPES] = _serialise(types_root, parts[CONTENT_TYPES])
    _write_package(dst_p, infos, parts, new_parts)
    return placements


def _write_package(dst: Path, infos: list[zipfile.ZipInfo], parts: dict[str, bytes],
                   new_parts: dict[str, bytes]) -> None:
    """Write the copy atomically: unchanged parts byte for byte, changed ones replaced, new ones appended."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=str(dst.parent))
    os.close(fd)
    stamp = next((i.date_time for i in infos if i.filename == DOCUMENT), (1980, 1, 1, 0, 0, 0))
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for info in infos:
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                z.writestr(copy, new_parts.get(info.filename, parts[info.filename]))
            for name in sorted(set(new_parts) - set(parts)):
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, new_parts[name])
        os.replace(tmp, dst)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
