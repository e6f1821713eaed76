"""Run-level reading of a DOCX: visible text in a view, tracked changes,
note and comment anchors, text boxes.

* :class:`RunWalker` reads the runs of one paragraph in the "accepted" or
  "original" view into a :class:`TextBuilder`, recording in a
  :class:`Found` every tracked change (with the text it concerns, visible
  or not), footnote/endnote references, comment anchors and text boxes;
* :class:`TextBuilder` keeps each piece of text tagged with the changes it
  belongs to and normalises it exactly as
  :func:`auditor.ingest.normalize.normalize_text` does while tracking
  where every change ends up, so change offsets stay exact;
* :func:`tracked_changes` turns the changes of one block into
  :class:`~auditor.model.TrackedChange` records relative to the block;
* :func:`note_elements` / :func:`comment_elements` index the footnotes,
  endnotes and comments parts;
* :func:`attach_annotations` moves the changes and comments drafts carry
  onto the assembled blocks, shifting offsets into document coordinates.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from lxml import etree

from auditor.model import Block, TrackedChange

from .blocks import Draft
from .docx_numbering import to_int, wattr, wname
from .normalize import normalize_cells, normalize_text

Owners = tuple[int, ...]  # indices of the tracked changes a character belongs to
CHANGES_KEY = "changes"  # Draft.extra key: list[TrackedChange], block-relative
COMMENTS_KEY = "comments"  # Draft.extra key: list[str]
_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    """What the shared normaliser turns one (NFC) character into, in
    context: " " for any space, "" for removed characters, letters for
    ligatures."""
    return normalize_text("|" + ch + "|")[1:-1]


@dataclass
class Normalized:
    """Normalised block text with, per character, the changes it belongs
    to, and for every change the position where it starts (or would)."""

    text: str
    owners: list[Owners]
    marks: dict[int, int]

    @staticmethod
    def join(parts: list[Normalized], sep: str) -> Normalized:
        """Concatenate already-normalised parts with ``sep`` (table cells)."""
        text: list[str] = []
        owners: list[Owners] = []
        marks: dict[int, int] = {}
        pos = 0
        for n, part in enumerate(parts):
            if n:
                text.append(sep)
                owners.extend([()] * len(sep))
                pos += len(sep)
            for k, at in part.marks.items():
                marks.setdefault(k, pos + at)
            text.append(part.text)
            owners.extend(part.owners)
            pos += len(part.text)
        return Normalized("".join(text), owners, marks)


@dataclass
class TextBuilder:
    """Visible text of one block, piece by piece, with change ownership."""

    items: list[tuple[str, Owners] | int] = field(default_factory=list)

    def add(self, text: str, owners: Owners = ()) -> None:
        """Append visible ``text`` belonging to changes ``owners``."""
        if text:
            self.items.append((text, owners))

    def mark(self, change: int) -> None:
        """Record that change ``change`` starts here."""
        self.items.append(change)

    def extend(self, other: TextBuilder, sep: str = " ") -> None:
        """Append ``other``'s pieces after a separator."""
        if other.items:
            self.add(sep)
            self.items.extend(other.items)

    def normalized(self) -> Normalized:
        """The text as ``normalize_text`` gives it, with change positions."""
        if all(not isinstance(item, int) and not item[1] for item in self.items):  # no changes: fast path
            plain = normalize_text("".join(item[0] for item in self.items))  # type: ignore[index]
            return Normalized(plain, [()] * len(plain), {})
        chars: list[str] = []
        owners: list[Owners] = []
        marks: dict[int, int] = {}
        space: Owners | None = None  # a pending (collapsed) space
        for item in self.items:
            if isinstance(item, int):
                marks.setdefault(item, len(chars) + (1 if space is not None and chars else 0))
                continue
            piece, own = item
            for ch in unicodedata.normalize("NFC", piece):
                for c in _char(ch):
                    if c == " ":
                        space = own if space is None else space
                        continue
                    if space is not None and chars:
                        chars.append(" ")
                        owners.append(space)
                    space = None
                    chars.append(c)
                    owners.append(own)
        text = "".join(chars)
        marks = {k: min(v, len(text)) for k, v in marks.items()}
        again = normalize_text(text)
        if again != text:  # composition across pieces: keep the text exact, lose positions
            owners = owners if len(again) == len(text) else [()] * len(again)
            marks = {k: min(v, len(again)) for k, v in marks.items()}
            text = again
        return Normalized(text, owners, marks)


@dataclass
class RawChange:
    """A tracked change as read: its kind, metadata and every piece of its text."""

    kind: str  # insertion | deletion
    author: str
    date: str
    parts: list[str] = field(default_factory=list)


def tracked_changes(norm: Normalized, changes: list[RawChange]) -> list[TrackedChange]:
    """Changes of one block with offsets relative to ``norm.text``: the span
    of their visible characters (surrounding spaces trimmed), or an empty
    span where they would be. Changes without any text are dropped."""
    if not changes:
        return []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, own in enumerate(norm.owners):
        if norm.text[i] == " ":
            continue
        for k in own:
            first.setdefault(k, i)
            last[k] = i
    out: list[TrackedChange] = []
    for k, raw in enumerate(changes):
        if k in first:
            start, end = first[k], last[k] + 1
            text = norm.text[start:end]
        else:
            start = end = min(norm.marks.get(k, 0), len(norm.text))
            text = normalize_text("".join(raw.parts))
        if text:
            out.append(TrackedChange(kind=raw.kind, author=raw.author, date=raw.date, text=text, start=start, end=end))
    out.sort(key=lambda c: (c.start, c.end))
    return out


# --------------------------------------------------------------------------- drawings


MATH_NAMESPACES = frozenset(
    {"http://schemas.openxmlformats.org/officeDocument/2006/math", "http://purl.oclc.org/ooxml/officeDocument/math"}
)
MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Inline wrappers whose content is visible text.
_INLINE_CONTAINERS = frozenset({"r", "hyperlink", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "dir", "bdo"})
# Tracked-change wrappers: (kind, shown in the accepted view).
_CHANGES = {"ins": ("insertion", True), "moveTo": ("insertion", True),
            "del": ("deletion", False), "moveFrom": ("deletion", False)}


def is_mc(el: etree._Element, local: str) -> bool:
    """True if ``el`` is the markup-compatibility element ``mc:local``."""
    return el.tag == f"{{{MC_NAMESPACE}}}{local}"


def mc_branch(alt: etree._Element) -> etree._Element | None:
    """The one branch of ``mc:AlternateContent`` to read: the first
    ``mc:Choice``, or the ``mc:Fallback`` when there is no choice."""
    choice = next((c for c in alt if is_mc(c, "Choice")), None)
    return choice if choice is not None else next((c for c in alt if is_mc(c, "Fallback")), None)


def text_boxes(el: etree._Element) -> Iterator[etree._Element]:
    """``w:txbxContent`` elements inside a drawing, one branch of each
    ``mc:AlternateContent``; text boxes nested in a text box are found when
    that box is read."""
    for child in el:
        if is_mc(child, "AlternateContent"):
            branch = mc_branch(child)
            if branch is not None:
                yield from text_boxes(branch)
        elif wname(child) == "txbxContent":
            yield child
        elif isinstance(child.tag, str):
            yield from text_boxes(child)


# --------------------------------------------------------------------------- run text


@dataclass
class Found:
    """What the walk of one block found besides its text."""

    changes: list[RawChange] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (footnote|endnote, id)
    comments: list[str] = field(default_factory=list)  # comment ids anchored here
    boxes: list[etree._Element] = field(default_factory=list)  # w:txbxContent anchored here
    last: int | None = None  # the change just closed, if nothing visible followed it

    def open_change(self, el: etree._Element, kind: str) -> int:
        """Index of the change ``el`` opens; continues the change just
        closed when it has the same kind, author and date."""
        author, date = wattr(el, "author") or "", wattr(el, "date") or ""
        if self.last is not None:
            prev = self.changes[self.last]
            if (prev.kind, prev.author, prev.date) == (kind, author, date):
                return self.last
        self.changes.append(RawChange(kind, author, date))
        return len(self.changes) - 1


class RunWalker:
    """Collects the text of runs in one view, with the changes it belongs to."""

    def __init__(self, view: str) -> None:
        self.accepted = view == "accepted"

    def inline(self, el: etree._Element, out: TextBuilder, found: Found) -> None:
        """Append the text of paragraph (or other inline container) ``el``."""
        self._inline(el, out, found, [], (), True)

    def _emit(self, text: str, out: TextBuilder, found: Found, stack: tuple[int, ...], shown: bool) -> None:
        for k in stack:
            found.changes[k].parts.append(text)
        if shown:
            out.add(text, stack)
            if not stack and text.strip():
                found.last = None

    def _inline(self, el: etree._Element, out: TextBuilder, found: Found, fields: list[bool],
                stack: tuple[int, ...], shown: bool) -> None:
        """``fields`` is a stack of open complex fields, True while inside a
        field's code part; ``stack`` the changes being read; ``shown``
        whether that text is visible in the view."""
        for child in el:
            name = wname(child)
            if name is None:
                tag = child.tag
                if is_mc(child, "AlternateContent"):
                    branch = mc_branch(child)
                    if branch is not None:
                        self._inline(branch, out, found, fields, stack, shown)
                elif isinstance(tag, str) and tag.startswith("{") and tag[1:].partition("}")[0] in MATH_NAMESPACES:
                    text = " ".join(t.text or "" for t in child.iter() if str(t.tag).endswith("}t"))
                    self._emit(text, out, found, stack, shown)
                continue
            if name in ("t", "delText"):
                deleted = any(found.changes[k].kind == "deletion" for k in stack)
                if not any(fields) and (name == "t" or deleted):
                    self._emit(child.text or "", out, found, stack, shown)
            elif name in ("tab", "ptab", "br", "cr"):
                if not any(fields):
                    self._emit(" ", out, found, stack, shown)
            elif name == "noBreakHyphen":
                self._emit("-", out, found, stack, shown)
            elif name == "fldChar":
                kind = wattr(child, "fldCharType")
                if kind == "begin":
                    fields.append(True)
                elif kind == "separate" and fields:
                    fields[-1] = False
                elif kind == "end" and fields:
                    fields.pop()
            elif name in _CHANGES:
                kind, in_accepted = _CHANGES[name]
                k = found.open_change(child, kind)
                out.mark(k)
                found.last = None
                self._inline(child, out, found, fields, stack + (k,), shown and in_accepted == self.accepted)
                found.last = k
            elif name in _INLINE_CONTAINERS:
                self._inline(child, out, found, fields, stack, shown)
            elif name in ("footnoteReference", "endnoteReference"):
                if shown and wattr(child, "id") is not None:
                    found.notes.append((name[:-9], wattr(child, "id") or ""))
            elif name in ("commentRangeStart", "commentReference"):
                found.comments.append(wattr(child, "id") or "")
            elif name in ("drawing", "pict", "object"):
                if shown:
                    found.boxes.extend(text_boxes(child))
            # w:delInstrText, w:instrText, w:pPr, w:rPr, range marks ... are skipped.


# --------------------------------------------------------------------------- parts


def note_elements(root: etree._Element | None, kind: str) -> dict[str, etree._Element]:
    """``w:footnote``/``w:endnote`` elements by id, separators left out
    (``w:type`` separator/continuationSeparator/continuationNotice, and ids
    -1 and 0 unless explicitly typed as normal notes)."""
    out: dict[str, etree._Element] = {}
    for el in root if root is not None else ():
        if wname(el) != kind:
            continue
        nid, ntype = wattr(el, "id"), wattr(el, "type")
        if nid is None or ntype in _SEPARATOR_TYPES:
            continue
        if to_int(nid) in (-1, 0) and ntype != "normal":
            continue
        out.setdefault(nid, el)
    return out


def comment_elements(root: etree._Element | None) -> dict[str, tuple[str, etree._Element]]:
    """``w:comment`` elements by id, with their author."""
    out: dict[str, tuple[str, etree._Element]] = {}
    for el in root if root is not None else ():
        if wname(el) == "comment":
            cid = wattr(el, "id")
            if cid is not None:
                out.setdefault(cid, (wattr(el, "author") or "", el))
    return out


# --------------------------------------------------------------------------- blocks


def _kept(d: Draft) -> bool:
    """True if :func:`auditor.ingest.blocks.assemble` keeps draft ``d``."""
    if d.kind == "table_row":
        return any(normalize_cells(d.cells))
    return bool(normalize_text(d.text))


def attach_annotations(drafts: list[Draft], blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Copy the tracked changes and comments the drafts carry in ``extra``
    onto the blocks ``assemble`` made of them, offsets shifted by each
    block's start."""
    kept = [d for d in drafts if _kept(d)]
    if len(kept) != len(blocks):
        return blocks
    out: list[Block] = []
    for d, b in zip(kept, blocks):
        changes: list[TrackedChange] = list(d.extra.get(CHANGES_KEY, ()))  # type: ignore[call-overload]
        comments: list[str] = list(d.extra.get(COMMENTS_KEY, ()))  # type: ignore[call-overload]
        if not changes and not comments:
            out.append(b)
            continue
        moved: list[TrackedChange] = []
        for c in changes:
            start, end = min(c.start, len(b.text)), min(c.end, len(b.text))
            if b.text[start:end] != (c.text if end > start else ""):  # defensive: text differs
                found = b.text.find(c.text) if end > start else -1
                start, end = (found, found + len(c.text)) if found >= 0 else (start, start)
            moved.append(replace(c, start=b.start + start, end=b.start + end))
        out.append(replace(b, changes=tuple(moved), comments=tuple(comments)))
    return tuple(out)
