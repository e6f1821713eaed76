"""Tracked insertions in a Word document's XML, as Word itself writes them.

A suggestion is a new paragraph placed after an existing one. Word records an
inserted paragraph in two places: its runs sit inside ``w:ins`` and its
paragraph mark carries ``w:rPr/w:ins`` (ECMA-376 Part 1, 17.13.5.16 and
17.13.5.18), each with ``w:id``, ``w:author`` and ``w:date``. Word then shows
it as a change to accept or reject. Revision ids continue after the largest
id already in the document, so earlier revisions keep theirs; the new
paragraph takes the style of the one it follows but not its list numbering,
so no existing clause is renumbered.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _qn(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Revisions:
    """Adds tracked insertions to one ``word/document.xml`` tree."""

    def __init__(self, root: etree._Element, author: str, date: str | None):
        self.author = author
        self.date = date
        ids = [int(v) for el in root.iter() if (v := el.get(_qn("id"))) is not None and v.isdigit()]
        self.next_id = max(ids, default=0) + 1
        self._last: dict[etree._Element, etree._Element] = {}  # several suggestions after one paragraph keep their order

    def _mark(self, tag: str) -> etree._Element:
        el = etree.Element(_qn(tag))
        el.set(_qn("id"), str(self.next_id))
        el.set(_qn("author"), self.author)
        if self.date:
            el.set(_qn("date"), self.date)
        self.next_id += 1
        return el

    def insert_after(self, paragraph: etree._Element, text: str) -> etree._Element:
        """Insert ``text`` as a tracked new paragraph right after ``paragraph``; return it."""
        new = etree.Element(_qn("p"))
        ppr = etree.SubElement(new, _qn("pPr"))
        old_ppr = paragraph.find(_qn("pPr"))
        style = old_ppr.find(_qn("pStyle")) if old_ppr is not None else None
        if style is not None and style.get(_qn("val")) and not style.get(_qn("val"), "").startswith(("Heading", "Title")):
            etree.SubElement(ppr, _qn("pStyle")).set(_qn("val"), style.get(_qn("val")))
        etree.SubElement(ppr, _qn("rPr")).append(self._mark("ins"))
        ins = self._mark("ins")
        run = etree.SubElement(ins, _qn("r"))
        t = etree.SubElement(run, _qn("t"))
        t.text = text
        t.set(_XML_SPACE, "preserve")
        new.append(ins)
        self._last.get(paragraph, paragraph).addnext(new)
        self._last[paragraph] = new
        return new


__all__ = ["Revisions"]
