"""DOCX reader working directly on the WordprocessingML XML.

python-docx's ``paragraph.text`` drops tracked insertions and the text of
content controls, so the body is walked here instead, in document order:

* ``w:p`` paragraphs, ``w:tbl`` tables (one ``table_row`` block per
  ``w:tr``; nested tables are flattened into the cell text) and block-level
  ``w:sdt`` / ``w:customXml`` wrappers;
* run text inside ``w:ins`` (tracked insertions, kept), ``w:moveTo``,
  ``w:hyperlink``, ``w:smartTag``, inline ``w:sdt``, ``w:fldSimple``,
  ``w:customXml``; ``w:tab``/``w:br``/``w:cr`` become spaces and
  ``w:noBreakHyphen`` a hyphen;
* excluded: ``w:del``/``w:delText`` (tracked deletions), ``w:moveFrom``,
  field codes (``w:instrText`` and anything between a field's begin and
  separate marks), drawings and text boxes, headers, footers, footnotes
  and comments.

Headings come from the paragraph style (``Heading N``/``Title`` by name, or
an outline level in the style or its ancestors) or a direct
``w:outlineLvl``. Automatic numbering is not rendered here (``numbering``
stays None); a numbered paragraph's list level is recorded in ``level``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from auditor.model import IngestError

from .blocks import Draft, table_drafts
from .safezip import SafeZip, parse_xml

# Transitional first: attribute look-ups try these in this order.
W_NAMESPACE_ORDER = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO "strict" OOXML
)
W_NAMESPACES = frozenset(W_NAMESPACE_ORDER)
MATH_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
        "http://purl.oclc.org/ooxml/officeDocument/math",
    }
)
DEFAULT_MAIN_PART = "word/document.xml"
WORD_MAIN_CONTENT_TYPE = "wordprocessingml.document.main+xml"

# Inline wrappers whose content is visible text.
_INLINE_CONTAINERS = frozenset(
    {"r", "ins", "moveTo", "hyperlink", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo"}
)
# Block-level wrappers whose children are paragraphs and tables.
_BLOCK_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml"})
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_HEADING_ID = re.compile(r"^heading([1-9])$", re.IGNORECASE)


def _wname(el: etree._Element) -> str | None:
    """Local name of a WordprocessingML element, None for anything else."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    ns, _, local = tag[1:].partition("}")
    return local if ns in W_NAMESPACES else None


def _wattr(el: etree._Element, name: str) -> str | None:
    for ns in W_NAMESPACE_ORDER:
        value = el.get(f"{{{ns}}}{name}")
        if value is not None:
            return value
    return None


def _wchild(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if _wname(child) == name:
            return child
    return None


# --------------------------------------------------------------------------- package parts


def main_part_name(z: SafeZip) -> str | None:
    """The main document part, from ``_rels/.rels`` or the usual name."""
    rels = z.read("_rels/.rels")
    if rels:
        try:
            root = parse_xml(rels, "_rels/.rels")
        except IngestError as exc:
            if exc.code == "unsafe":
                raise
            root = None
        for rel in root if root is not None else ():
            if str(rel.get("Type", "")).endswith("/officeDocument") and rel.get("TargetMode") != "External":
                target = posixpath.normpath("/" + (rel.get("Target") or "")).lstrip("/")
                if z.has(target):
                    return target
    return DEFAULT_MAIN_PART if z.has(DEFAULT_MAIN_PART) else None


def _related_part(z: SafeZip, main: str, kind: str, default: str) -> str | None:
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    rels = z.read(rels_name)
    if rels:
        try:
            root = parse_xml(rels, rels_name)
        except IngestError as exc:
            if exc.code == "unsafe":
                raise
            root = None
        for rel in root if root is not None else ():
            if str(rel.get("Type", "")).endswith("/" + kind) and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                path = posixpath.normpath(path)
                if z.has(path):
                    return path
    return default if z.has(default) else None


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 0-based outline level, 9 = body text


class Styles:
    """Paragraph styles of ``word/styles.xml``: display names and heading levels."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        for st in root.iter() if root is not None else ():
            if _wname(st) != "style" or _wattr(st, "type") not in (None, "paragraph"):
                continue
            sid = _wattr(st, "styleId")
            if not sid:
                continue
            name_el, based_el, ppr = _wchild(st, "name"), _wchild(st, "basedOn"), _wchild(st, "pPr")
            outline_el = _wchild(ppr, "outlineLvl") if ppr is not None else None
            self.styles[sid] = _Style(
                name=_display_name(_wattr(name_el, "val") if name_el is not None else None, sid),
                based_on=_wattr(based_el, "val") if based_el is not None else None,
                outline=_int(_wattr(outline_el, "val")) if outline_el is not None else None,
            )

    def name(self, style_id: str) -> str:
        """Display name ("Heading 1") of a style id, the id if unknown."""
        style = self.styles.get(style_id)
        return style.name if style else style_id

    def heading_level(self, style_id: str) -> int | None:
        """Heading level of a style: 0 for Title, N for Heading N or outline
        level N-1 (own or inherited through ``basedOn``); None for body text."""
        seen: set[str] = set()
        sid: str | None = style_id
        first = True
        while sid and sid not in seen and len(seen) < 32:
            seen.add(sid)
            style = self.styles.get(sid)
            name = style.name if style else sid
            m = _HEADING_NAME.match(name) or _HEADING_ID.match(sid)
            if m:
                return int(m.group(1))
            if first and name.lower() == "title":
                return 0
            if style is None:
                return None
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline < 9 else None
            sid, first = style.based_on, False
        return None


def _display_name(name: str | None, sid: str) -> str:
    if not name:
        return sid
    if _HEADING_NAME.match(name):
        return "Heading " + _HEADING_NAME.match(name).group(1)  # type: ignore[union-attr]
    if name in ("title", "caption", "header", "footer"):
        return name.capitalize()
    return name


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- text


class _Walker:
    """Collects visible text and keeps reader statistics for warnings."""

    def __init__(self) -> None:
        self.note_refs = 0
        self.text_boxes = 0
        self.alt_chunks = 0

    def paragraph_text(self, p: etree._Element) -> str:
        out: list[str] = []
        self._inline(p, out, [])
        return "".join(out)

    def _inline(self, el: etree._Element, out: list[str], fields: list[bool]) -> None:
        """Append the visible text of ``el``'s children. ``fields`` is a stack
        of open complex fields; True while inside a field's code part."""
        for child in el:
            name = _wname(child)
            if name is None:
                tag = child.tag
                if isinstance(tag, str) and tag.startswith("{") and tag[1:].partition("}")[0] in MATH_NAMESPACES:
                    out.append(" ".join(t.text or "" for t in child.iter() if str(t.tag).endswith("}t")))
                continue
            if name == "t":
                if not any(fields):
                    out.append(child.text or "")
            elif name in ("tab", "ptab", "br", "cr"):
                if not any(fields):
                    out.append(" ")
            elif name == "noBreakHyphen":
                out.append("-")
            elif name == "fldChar":
                kind = _wattr(child, "fldCharType")
                if kind == "begin":
                    fields.append(True)
                elif kind == "separate" and fields:
                    fields[-1] = False
                elif kind == "end" and fields:
                    fields.pop()
            elif name in _INLINE_CONTAINERS:
                self._inline(child, out, fields)
            elif name in ("footnoteReference", "endnoteReference"):
                self.note_refs += 1
            elif name in ("drawing", "pict", "object"):
                self.text_boxes += sum(1 for d in child.iter() if str(d.tag).endswith("}txbxContent"))
            # w:del, w:moveFrom, w:delText, w:instrText, w:pPr, w:rPr, ... are skipped.

    def cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for item in self.block_items(tc):
            if _wname(item) == "p":
                parts.append(self.paragraph_text(item))
            else:
                for row in self.rows(item):
                    parts.extend(self.cell_text(c) for c in self.cells(row))
        return " ".join(p for p in parts if p.strip())

    def block_items(self, container: etree._Element) -> Iterator[etree._Element]:
        """Paragraphs and tables under ``container`` in document order,
        descending into block-level content controls and custom XML."""
        for child in container:
            name = _wname(child)
            if name in ("p", "tbl"):
                yield child
            elif name in _BLOCK_CONTAINERS:
                yield from self.block_items(child)
            elif name == "altChunk":
                self.alt_chunks += 1

    def rows(self, tbl: etree._Element) -> Iterator[etree._Element]:
        for child in tbl:
            name = _wname(child)
            if name == "tr":
                yield child
            elif name in _BLOCK_CONTAINERS:
                yield from self.rows(child)

    def cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        for child in tr:
            name = _wname(child)
            if name == "tc":
                yield child
            elif name in _BLOCK_CONTAINERS:
                yield from self.cells(child)


# --------------------------------------------------------------------------- reader


def read_docx(z: SafeZip) -> tuple[list[Draft], list[str]]:
    """Read the body of a Word document into block drafts and warnings."""
    main = main_part_name(z)
    if main is None:
        raise IngestError("corrupt", "Word document part (word/document.xml) is missing")
    root = parse_xml(z.read(main) or b"", main)
    if _wname(root) != "document":
        raise IngestError("corrupt", f"{main} is not a WordprocessingML document")
    body = _wchild(root, "body")
    if body is None:
        raise IngestError("corrupt", f"{main} has no document body")
    styles_part = _related_part(z, main, "styles", "word/styles.xml")
    styles = Styles(parse_xml(z.read(styles_part) or b"", styles_part) if styles_part else None)

    walker = _Walker()
    drafts: list[Draft] = []
    para_no = table_no = 0
    for item in walker.block_items(body):
        if _wname(item) == "tbl":
            table_no += 1
            rows = [
                ([walker.cell_text(c) for c in walker.cells(tr)], f"table {table_no}, row {r}")
                for r, tr in enumerate(walker.rows(item), 1)
            ]
            drafts.extend(table_drafts(rows))
            continue
        para_no += 1
        text = walker.paragraph_text(item)
        if not text.strip():
            continue
        drafts.append(_paragraph_draft(item, text, styles, f"paragraph {para_no}"))

    warnings: list[str] = []
    if walker.note_refs:
        warnings.append(f"{walker.note_refs} footnote/endnote reference(s): note text is not read")
    if walker.text_boxes:
        warnings.append(f"{walker.text_boxes} text box(es) in drawings: their text is not read")
    if walker.alt_chunks:
        warnings.append(f"{walker.alt_chunks} embedded alternate-format chunk(s) are not read")
    return drafts, warnings


def _paragraph_draft(p: etree._Element, text: str, styles: Styles, source: str) -> Draft:
    ppr = _wchild(p, "pPr")
    style_id = None
    direct_outline = None
    list_level = None
    if ppr is not None:
        pstyle = _wchild(ppr, "pStyle")
        style_id = _wattr(pstyle, "val") if pstyle is not None else None
        outline = _wchild(ppr, "outlineLvl")
        direct_outline = _int(_wattr(outline, "val")) if outline is not None else None
        numpr = _wchild(ppr, "numPr")
        if numpr is not None:
            num_id, ilvl = _wchild(numpr, "numId"), _wchild(numpr, "ilvl")
            if num_id is None or _wattr(num_id, "val") != "0":
                list_level = (_int(_wattr(ilvl, "val")) or 0) + 1 if ilvl is not None else 1
    if direct_outline is not None:
        level = direct_outline + 1 if 0 <= direct_outline < 9 else None
    else:
        level = styles.heading_level(style_id) if style_id else None
    style = styles.name(style_id) if style_id else None
    if level is not None:
        return Draft(text=text, kind="heading", source=source, style=style, level=level)
    return Draft(text=text, kind="paragraph", source=source, style=style, level=list_level)


def is_word_package(z: SafeZip) -> bool:
    """True if the ZIP is (or claims to be) a WordprocessingML package:
    it has ``word/document.xml``, other ``word/`` parts, or a Word main
    document content type. A package missing its main part is then
    reported as ``corrupt`` rather than as some other ZIP."""
    if z.has(DEFAULT_MAIN_PART) or any(name.startswith("word/") for name in z.names):
        return True
    types = z.read("[Content_Types].xml", max_bytes=1024 * 1024) or b""
    return WORD_MAIN_CONTENT_TYPE.encode() in types
