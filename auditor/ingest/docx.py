"""DOCX reader working directly on the WordprocessingML XML.

python-docx's ``paragraph.text`` drops tracked insertions and the text of
content controls, so the body is walked here instead, in document order:

* ``w:p`` paragraphs, ``w:tbl`` tables (one ``table_row`` block per
  ``w:tr``; nested tables are flattened into the cell text), block-level
  ``w:sdt`` / ``w:customXml`` wrappers and ``mc:AlternateContent`` (only
  the first ``mc:Choice``, or else the ``mc:Fallback``, never both);
* run text inside ``w:hyperlink``, ``w:smartTag``, inline ``w:sdt``,
  ``w:fldSimple``, ``w:customXml``; ``w:tab``/``w:br``/``w:cr`` become
  spaces and ``w:noBreakHyphen`` a hyphen; of complex fields only the
  result is read (not ``w:instrText`` or anything before ``separate``);
* tracked changes in the chosen view: ``"accepted"`` keeps ``w:ins`` and
  ``w:moveTo`` and drops ``w:del``/``w:moveFrom``; ``"original"`` does the
  reverse (``w:delText`` is then read). Every change is recorded with its
  author, date and document offsets (see :mod:`.docx_notes`);
* automatic numbering rendered as Word shows it into ``Block.numbering``
  (see :mod:`.docx_numbering`);
* footnotes and endnotes become ``footnote``/``endnote`` blocks right after
  the block that references them; text boxes (``w:txbxContent``) become
  paragraphs right after their anchor paragraph; comments are attached to
  the block where their range starts (``Block.comments``), never to text.

Headers and footers are not read. Headings come from the paragraph style
(``Heading N``/``Title`` by name, or an outline level in the style or its
ancestors) or a direct ``w:outlineLvl``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import replace
from typing import cast

from lxml import etree

from auditor.english import count
from auditor.model import IngestError, TrackedChange

from .blocks import Draft, table_drafts
from .docx_notes import (CHANGES_KEY, COMMENTS_KEY, Found, Normalized, RunWalker, TextBuilder, attach_annotations,
                         comment_elements, is_mc, mc_branch, note_elements, tracked_changes)
from .docx_numbering import Numbering, Styles, to_int, wattr, wchild, wname, wval
from .safezip import SafeZip, parse_xml

__all__ = ["read_docx", "attach_annotations", "is_word_package", "main_part_name", "VIEWS"]

VIEWS = ("accepted", "original")
DEFAULT_MAIN_PART = "word/document.xml"
WORD_MAIN_CONTENT_TYPE = "wordprocessingml.document.main+xml"

# Block-level wrappers whose children are paragraphs and tables.
_BLOCK_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml"})


# --------------------------------------------------------------------------- package parts


def main_part_name(z: SafeZip) -> str | None:
    """The main document part, from ``_rels/.rels`` or the usual name."""
    for rel in _rels(z, "_rels/.rels"):
        if str(rel.get("Type", "")).endswith("/officeDocument") and rel.get("TargetMode") != "External":
            target = posixpath.normpath("/" + (rel.get("Target") or "")).lstrip("/")
            if z.has(target):
                return target
    return DEFAULT_MAIN_PART if z.has(DEFAULT_MAIN_PART) else None


def _rels(z: SafeZip, name: str) -> list[etree._Element]:
    data = z.read(name)
    if not data:
        return []
    try:
        return list(parse_xml(data, name))
    except IngestError as exc:
        if exc.code == "unsafe":
            raise
        return []


def _related_part(z: SafeZip, main: str, kind: str, default: str) -> str | None:
    folder, name = posixpath.split(main)
    for rel in _rels(z, posixpath.join(folder, "_rels", name + ".rels")):
        if str(rel.get("Type", "")).endswith("/" + kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            path = posixpath.normpath(path)
            if z.has(path):
                return path
    return default if z.has(default) else None


# --------------------------------------------------------------------------- structure


def _block_items(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs, tables and comment-range starts under ``container`` in
    document order, through block-level content controls, custom XML and
    one branch of ``mc:AlternateContent``; ``w:altChunk`` is yielded too."""
    for child in container:
        name = wname(child)
        if name in ("p", "tbl", "commentRangeStart", "altChunk"):
            yield child
        elif name in _BLOCK_CONTAINERS:
            yield from _block_items(child)
        elif is_mc(child, "AlternateContent"):
            branch = mc_branch(child)
            if branch is not None:
                yield from _block_items(branch)


def _children(el: etree._Element, want: str) -> Iterator[etree._Element]:
    """``w:tr`` of a table or ``w:tc`` of a row, through wrappers."""
    for child in el:
        name = wname(child)
        if name == want:
            yield child
        elif name in _BLOCK_CONTAINERS:
            yield from _children(child, want)


# --------------------------------------------------------------------------- reader


class _Reader:
    """One pass over the document in reading order, producing drafts."""

    def __init__(self, z: SafeZip, main: str, view: str) -> None:
        self.z, self.main = z, main
        self.warnings: list[str] = []
        self.walker = RunWalker(view)
        self.accepted = view == "accepted"
        self.styles = Styles(self._part("styles", required=True))
        self.numbering = Numbering(self._part("numbering"), self.styles)
        self.notes = {"footnote": note_elements(self._part("footnotes"), "footnote"),
                      "endnote": note_elements(self._part("endnotes"), "endnote")}
        self.comment_els = comment_elements(self._part("comments"))
        self.drafts: list[Draft] = []
        self.para_no = self.table_no = self.box_no = self.alt_chunks = self.missing_notes = 0
        self.note_no = {"footnote": 0, "endnote": 0}
        self.done: set[tuple[str, str]] = set()  # notes and comments already placed
        self.orphan_changes: list[TrackedChange] = []
        self.orphan_comments: list[str] = []

    def _part(self, kind: str, *, required: bool = False) -> etree._Element | None:
        name = _related_part(self.z, self.main, kind, f"word/{kind}.xml")
        if name is None:
            return None
        try:
            return parse_xml(self.z.read(name) or b"", name)
        except IngestError as exc:
            if required or exc.code == "unsafe":
                raise
            self.warnings.append(f"{name} could not be read ({exc.message}); its content is left out")
            return None

    # ------------------------------------------------------------------ structure

    def container(self, el: etree._Element, box: str = "", anchor: str = "") -> None:
        """Read the paragraphs and tables of the body, or of text box ``box``
        ("text box 1") anchored in block ``anchor`` ("paragraph 4")."""
        local_para = local_table = 0
        for item in _block_items(el):
            name = wname(item)
            if name == "commentRangeStart":
                self.orphan_comments.extend(self._comments([wattr(item, "id") or ""]))
            elif name == "altChunk":
                self.alt_chunks += 1
            elif name == "tbl":
                local_table += 1
                self.table_no += 0 if box else 1
                self.table(item, f"{box}, table {local_table}" if box else f"table {self.table_no}", anchor)
            else:
                local_para += 1
                self.para_no += 0 if box else 1
                where = f"{box}, paragraph {local_para} ({anchor})" if box else f"paragraph {self.para_no}"
                self.paragraph(item, where)

    def paragraph(self, p: etree._Element, source: str) -> None:
        out, found = TextBuilder(), Found()
        self.walker.inline(p, out, found)
        norm = out.normalized()
        label, list_level, style_id = self._number(p, bool(norm.text))
        style = self.styles.name(style_id) if style_id else None
        ppr = wchild(p, "pPr")
        outline = to_int(wval(ppr, "outlineLvl"))
        if outline is not None:
            level = outline + 1 if 0 <= outline < 9 else None
        else:
            level = self.styles.heading_level(style_id) if style_id else None
        if level is not None:
            draft = Draft(text=norm.text, kind="heading", source=source, style=style, level=level, numbering=label)
        else:
            draft = Draft(text=norm.text, source=source, style=style, level=list_level, numbering=label)
        self.emit(draft, norm, found, source)

    def _number(self, p: etree._Element, has_text: bool) -> tuple[str | None, int | None, str | None]:
        """(label, list level, style id) of a paragraph, advancing its list."""
        ppr = wchild(p, "pPr")
        style_id = wval(ppr, "pStyle")
        numpr = wchild(ppr, "numPr")
        direct = (wval(numpr, "numId"), to_int(wval(numpr, "ilvl"))) if numpr is not None else None
        list_level = None
        if direct is not None and direct[0] != "0":
            list_level = (direct[1] or 0) + 1
        item = self.numbering.resolve(direct, style_id)
        if item is None:
            return None, list_level, style_id
        mark = wchild(ppr, "rPr")
        gone = wchild(mark, "del" if self.accepted else "ins") is not None and not has_text
        label = None if gone else self.numbering.next_label(*item)
        return label, item[1] + 1, style_id

    def table(self, tbl: etree._Element, name: str, anchor: str = "") -> None:
        rows: list[tuple[list[str], str, Normalized, Found]] = []
        for r, tr in enumerate(_children(tbl, "tr"), 1):
            found = Found()
            cells = [self.cell(tc, found).normalized() for tc in _children(tr, "tc")]
            src = f"{name}, row {r} ({anchor})" if anchor else f"{name}, row {r}"
            rows.append(([c.text for c in cells], src, Normalized.join(cells, " | "), found))
        drafts = {d.source: d for d in table_drafts([(cells, src) for cells, src, _, _ in rows])}
        for _, src, norm, found in rows:
            self.emit(drafts.get(src), norm, found, src)

    def cell(self, tc: etree._Element, found: Found) -> TextBuilder:
        """Text of a table cell, nested tables flattened into it."""
        out = TextBuilder()
        for item in _block_items(tc):
            name = wname(item)
            part = TextBuilder()
            if name == "p":
                self.walker.inline(item, part, found)
                self._number(item, bool(part.items))
            elif name == "tbl":
                for tr in _children(item, "tr"):
                    for inner in _children(tr, "tc"):
                        part.extend(self.cell(inner, found))
            elif name == "commentRangeStart":
                found.comments.append(wattr(item, "id") or "")
            found.last = None
            out.extend(part)
        return out

    # ------------------------------------------------------------------ annotations

    def _comments(self, ids: list[str]) -> list[str]:
        """"Author: text" of the comments ``ids`` not placed yet."""
        out = []
        for cid in ids:
            if ("comment", cid) in self.done or cid not in self.comment_els:
                continue
            self.done.add(("comment", cid))
            author, el = self.comment_els[cid]
            text = TextBuilder()
            for item in _block_items(el):
                part = TextBuilder()
                RunWalker("accepted").inline(item, part, Found())
                text.extend(part)
            body = text.normalized().text
            if body:
                out.append(f"{author}: {body}" if author else body)
        return out

    def emit(self, draft: Draft | None, norm: Normalized, found: Found, source: str) -> None:
        """Place one block with its changes and comments, then the notes it
        references and the text boxes anchored in it."""
        changes = tracked_changes(norm, found.changes)
        comments = self._comments(found.comments)
        if draft is not None and draft.text.strip():
            _annotate(draft, self.orphan_changes + changes, self.orphan_comments + comments)
            self.orphan_changes, self.orphan_comments = [], []
            self.drafts.append(draft)
        else:  # a block absent from this view: its changes stay, empty, where it was
            self.orphan_comments.extend(comments)
            if self.drafts:
                _annotate(self.drafts[-1], changes, [], at_end=True)
            else:
                self.orphan_changes.extend(replace(c, start=0, end=0) for c in changes)
        for kind, nid in found.notes:
            self.note(kind, nid, source)
        for box in found.boxes:
            self.box_no += 1
            self.container(box, f"text box {self.box_no}", source)

    def note(self, kind: str, nid: str, anchor: str) -> None:
        """A footnote or endnote block right after the block citing it."""
        self.note_no[kind] += 1
        el = self.notes[kind].get(nid)
        if el is None:
            self.missing_notes += 1
            return
        if (kind, nid) in self.done:
            return
        self.done.add((kind, nid))
        out, found = TextBuilder(), Found()
        for item in _block_items(el):
            part = TextBuilder()
            if wname(item) == "p":
                self.walker.inline(item, part, found)
            elif wname(item) == "tbl":
                for tr in _children(item, "tr"):
                    for tc in _children(tr, "tc"):
                        part.extend(self.cell(tc, found))
            found.last = None
            out.extend(part)
        norm = out.normalized()
        source = f"{kind} {self.note_no[kind]} ({anchor})"
        self.emit(Draft(text=norm.text, kind=kind, source=source), norm, found, source)

    def finish(self) -> tuple[list[Draft], list[str]]:
        """The drafts, leftover comments placed on the last block, and warnings."""
        if self.drafts:
            _annotate(self.drafts[-1], self.orphan_changes, self.orphan_comments, at_end=True)
        if self.missing_notes:
            refs = count(self.missing_notes, "footnote or endnote reference")
            self.warnings.append(f"{refs} {'points to a note that is' if self.missing_notes == 1 else 'point to notes that are'} missing")
        if self.alt_chunks:
            chunks = count(self.alt_chunks, "embedded alternate-format chunk")
            self.warnings.append(f"{chunks} {'is' if self.alt_chunks == 1 else 'are'} not read")
        return self.drafts, self.warnings


def _annotate(draft: Draft, changes: list[TrackedChange], comments: list[str], *, at_end: bool = False) -> None:
    """Add tracked changes and comments to ``draft.extra``; with ``at_end``
    the changes become empty spans at the end of the draft's text."""
    if at_end:
        changes = [replace(c, start=len(draft.text), end=len(draft.text)) for c in changes]
    draft.extra[CHANGES_KEY] = cast("list[TrackedChange]", draft.extra.get(CHANGES_KEY, [])) + changes
    draft.extra[COMMENTS_KEY] = cast("list[str]", draft.extra.get(COMMENTS_KEY, [])) + comments


def read_docx(z: SafeZip, view: str = "accepted") -> tuple[list[Draft], list[str]]:
    """Read the body of a Word document into block drafts and warnings.

    ``view`` is "accepted" (every tracked change accepted) or "original"
    (every tracked change rejected). Drafts carry their tracked changes and
    comments in ``extra``; :func:`attach_annotations` moves them onto the
    assembled blocks.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}")
    main = main_part_name(z)
    if main is None:
        raise IngestError("corrupt", "Word document part (word/document.xml) is missing")
    root = parse_xml(z.read(main) or b"", main)
    if wname(root) != "document":
        raise IngestError("corrupt", f"{main} is not a WordprocessingML document")
    body = wchild(root, "body")
    if body is None:
        raise IngestError("corrupt", f"{main} has no document body")
    reader = _Reader(z, main, view)
    reader.container(body)
    return reader.finish()


def is_word_package(z: SafeZip) -> bool:
    """True if the ZIP is (or claims to be) a WordprocessingML package:
    it has ``word/document.xml``, other ``word/`` parts, or a Word main
    document content type. A package missing its main part is then
    reported as ``corrupt`` rather than as some other ZIP."""
    if z.has(DEFAULT_MAIN_PART) or any(name.startswith("word/") for name in z.names):
        return True
    types = z.read("[Content_Types].xml", max_bytes=1024 * 1024) or b""
    return WORD_MAIN_CONTENT_TYPE.encode() in types
