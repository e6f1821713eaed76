"""Fast PDF reader built on pypdfium2 (PDFium).

PDFium extracts a page's text in one call, with its own line breaks
(``\\r\\n``) and hyphen marks (``\\ufffe`` where a word is broken over two
lines). Each such line is located with two character-box calls, its font
size and weight are sampled from a few characters, and lines that share a
baseline are merged, giving the same :class:`~auditor.ingest.pdf.Line`
records the careful pdfplumber reader produces (``top``/``bottom`` follow
pdfminer's convention: the glyph descent plus one font size). The layout
stage (:mod:`auditor.ingest.pdf_layout`) is shared by both readers.

Ruled tables are found without pdfplumber, whose per-page character
parsing and de-duplication cost 100-500 ms a page (measured on the corpus):
when a page's vector paths hold at least two horizontal and two vertical
edges, the exact edges are read from the path segments and turned into
cells by pdfplumber's own algorithm (:func:`auditor.ingest.pdf.grid_tables`:
snap, join, intersect, smallest cells, contiguous groups), and each cell's
text is PDFium's text inside it. A page whose text sits in two columns (a
vertical gutter no line crosses) is read left column first, then right.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from auditor.model import IngestError

from .limits import Limits
from .pdf import BOLD_FONT, ENCRYPTED_MESSAGE, Edge, Line, PageContent, Table, cell_text, grid_tables, reason
from .pdf_layout import find_gutter

_SEGMENT = re.compile(r"[^\r\n\ufffe]+")
_EDGE = 3.0  # a path thinner than this (points) is a ruling line
_BOLD_NAMES: dict[bytes, bool] = {}  # font name -> bold, for names already seen


def extract_pages(data: bytes, limits: Limits) -> list[PageContent]:
    """Read every page of a PDF into :class:`PageContent` with PDFium."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=None)
    except pdfium.PdfiumError as exc:
        raise _classify(exc, data) from None
    try:
        count = len(pdf)
        if count == 0:
            raise IngestError("corrupt", "PDF has no pages")
        if count > limits.max_pages:
            raise IngestError("too_large", f"PDF has {count:,} pages, over the limit of {limits.max_pages:,}")
        out = []
        for number in range(1, count + 1):
            try:
                page = pdf[number - 1]
            except Exception as exc:
                raise IngestError("corrupt", f"PDF page {number} cannot be read ({reason(exc)})") from None
            try:
                out.append(_read_page(page, number))
            finally:
                page.close()
        return out
    finally:
        pdf.close()


_PDFIUM_ERRORS = {1: "unknown error", 2: "file error", 3: "not a PDF or damaged", 6: "page error"}
_NO_PAGES = re.compile(rb"/Count\s+0\b")


def _classify(exc: Exception, data: bytes) -> IngestError:
    """Map a failed PDFium load to an IngestError. PDFium's error code is
    global and is not reset by every failure, so it is checked against the
    file itself (an ``/Encrypt`` dictionary, ``/Count 0``)."""
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
        if code == raw.FPDF_ERR_SECURITY:
            return IngestError("encrypted", "PDF uses an unsupported security handler and cannot be opened")
        return IngestError("encrypted", ENCRYPTED_MESSAGE)
    if _NO_PAGES.search(data):
        return IngestError("corrupt", "PDF has no pages")
    detail = _PDFIUM_ERRORS.get(code or 0, "it could not be loaded") if code not in (4, 5) else "it could not be loaded"
    return IngestError("corrupt", f"PDF is damaged and cannot be read (PDFium: {detail})")


class _Text:
    """One page's PDFium text page with the few per-character calls we use."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.page = textpage
        self.handle = textpage.raw
        self.count = textpage.count_chars()
        text = textpage.get_text_range() if self.count > 0 else ""
        if len(text) != self.count:  # never seen; keeps indices aligned if it happens
            text = "".join(chr(raw.FPDFText_GetUnicode(self.handle, i) or 32) for i in range(self.count))
        self.text = text
        self._rect = raw.FS_RECTF()
        self._flags = ctypes.c_int()
        self._name = ctypes.create_string_buffer(128)
        self._cell = (ctypes.c_ushort * 2048)()

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Loose box (left, bottom, right, top) of a character, PDF space."""
        r = self._rect
        self.raw.FPDFText_GetLooseCharBox(self.handle, index, r)
        return r.left, r.bottom, r.right, r.top

    def size(self, index: int) -> float:
        """Font size of a character in points (scaled by the text matrix)."""
        return float(self.raw.FPDFText_GetFontSize(self.handle, index))

    def bold(self, index: int) -> bool:
        """True if the character's font name says bold (as pdfplumber's reader checks)."""
        n = self.raw.FPDFText_GetFontInfo(self.handle, index, self._name, len(self._name), self._flags)
        name = self._name.value if n else b""
        got = _BOLD_NAMES.get(name)
        if got is None:
            got = _BOLD_NAMES[name] = bool(BOLD_FONT.search(name.decode("latin-1")))
        return got

    def unmapped(self, index: int) -> bool:
        """True if PDFium found no Unicode mapping for the character's glyph."""
        return bool(self.raw.FPDFText_HasUnicodeMapError(self.handle, index))

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> str:
        """PDFium's text of the characters touching a box (PDF space): one
        call into a buffer, a second only when the text does not fit."""
        size = len(self._cell)
        n = self.raw.FPDFText_GetBoundedText(self.handle, x0, y1, x1, y0, self._cell, size)
        if n < size:
            got = ctypes.string_at(self._cell, max(n, 0) * 2).decode("utf-16-le", errors="ignore")
            return got[:-1] if got.endswith("\x00") else got  # the count includes the terminating NUL
        return str(self.page.get_text_bounded(x0, y0, x1, y1))


def _read_page(page: Any, number: int) -> PageContent:
    width, height = page.get_size()
    content = PageContent(number=number, width=float(width), height=float(height))
    graphics = _Graphics(page, content.height)
    textpage = page.get_textpage()
    try:
        text = _Text(textpage)
        content.gutter = find_gutter(_rects(textpage, content.height), content.width)
        lines = _lines(text, content)
        if graphics.ruled:
            content.tables = _tables(text, graphics.edges(), content.height)
    finally:
        textpage.close()
    if content.tables:
        lines = [ln for ln in lines if not any(_inside(ln, t) for t in content.tables)]
    content.lines = _merge_baselines(sorted(lines, key=lambda ln: (ln.top, ln.x0)), content.gutter)
    content.has_images = graphics.images > 0
    return content


def _tables(text: _Text, edges: list[Edge], height: float) -> list[Table]:
    """Ruled tables with at least two filled columns, cells read by PDFium."""
    out: list[Table] = []
    for grid in grid_tables(edges):
        rows = []
        for row in grid:
            cells = []
            for c in row:
                raw = "" if c is None else text.inside(c[0] + 0.5, height - c[3] + 0.5, c[2] - 0.5, height - c[1] - 0.5)
                cells.append(cell_text(raw.replace("\ufffe", "-\n").replace("\r\n", "\n").replace("\r", "\n")))
            rows.append(cells)
        rows = [r for r in rows if any(r)]
        if not rows or max(sum(1 for c in r if c) for r in rows) < 2:
            continue  # a ruled box around text, not a table
        found = [c for row in grid for c in row if c is not None]
        out.append(
            Table(
                top=min(c[1] for c in found), bottom=max(c[3] for c in found), rows=rows,
                x0=min(c[0] for c in found), x1=max(c[2] for c in found),
            )
        )
    return out


def _inside(line: Line, table: Table) -> bool:
    """True if the line's centre lies in the table (the careful reader drops
    each character whose centre does)."""
    cx = (line.x0 + line.x1) / 2
    cy = (line.top + line.bottom) / 2
    return table.x0 - 1 <= cx <= table.x1 + 1 and table.top - 1 <= cy <= table.bottom + 1


def _lines(text: _Text, page: PageContent) -> list[Line]:
    """PDFium's lines of one page as :class:`Line` records (split at the
    gutter of a two-column page)."""
    s = text.text
    out: list[Line] = []
    for m in _SEGMENT.finditer(s):
        a, b = m.span()
        hyphen = b if b < len(s) and s[b] == "\ufffe" else None
        while a < b and s[a].isspace():
            a += 1
        end = b
        while end > a and s[end - 1].isspace():
            end -= 1
        if a >= end:
            continue
        if page.gutter is not None:
            cut = _cut_at(text, a, end, page.gutter)
            if cut is not None:
                out += [ln for ln in (_line(text, page, a, cut, None), _line(text, page, cut, end, hyphen)) if ln]
                continue
        line = _line(text, page, a, end, hyphen)
        if line is not None:
            out.append(line)
    return out


def _cut_at(text: _Text, a: int, end: int, gutter: float) -> int | None:
    """Index of the first character right of the gutter when the line
    crosses it with a gap (two columns drawn as one PDFium line)."""
    if not (text.box(a)[0] < gutter < text.box(end - 1)[2]):
        return None
    for i in range(a, end):
        left, _, right, _ = text.box(i)
        if text.text[i].isspace():
            continue
        if left >= gutter:
            while i > a and text.text[i - 1].isspace():
                i -= 1
            return i if i > a else None
        if right > gutter:
            return None  # a character sits on the gutter: a full-width line
    return None


def _line(text: _Text, page: PageContent, a: int, end: int, hyphen: int | None) -> Line | None:
    """A :class:`Line` for characters ``a .. end-1``, plus "-" when PDFium
    marked a broken word at index ``hyphen``."""
    s = text.text
    while a < end and s[a].isspace():
        a += 1
    while end > a and s[end - 1].isspace():
        end -= 1
    if a >= end:
        return None
    last = hyphen if hyphen is not None else end - 1
    raw, handle = text.raw, text.handle
    # Three characters (first, middle, last) are sampled for mapping errors, size and weight.
    mid = (a + last) // 2
    unmapped = raw.FPDFText_HasUnicodeMapError
    body = s[a:end] + ("-" if hyphen is not None else "")
    if unmapped(handle, a) or unmapped(handle, mid) or unmapped(handle, last):
        body, lost = _drop_unmapped(text, a, end, hyphen)
        page.undecodable += lost
    if "\ufffd" in body:
        page.undecodable += body.count("\ufffd")
        body = body.replace("\ufffd", "")
    if not body.strip():
        return None
    left, descent, _, _ = text.box(a)
    right = text.box(last)[2]
    font_size = raw.FPDFText_GetFontSize  # returns a float
    if last - a == 1:  # two characters: their mean, as a median of two
        size = round((font_size(handle, a) + font_size(handle, last)) / 2, 1)
    else:
        x, y, z = font_size(handle, a), font_size(handle, mid), font_size(handle, last)
        size = round(max(min(x, y), min(max(x, y), z)), 1)  # the median of three
    height = page.height
    bold = text.bold
    return Line(body, min(left, right), max(left, right), height - (descent + size),
                height - descent, size, bold(a) and bold(mid) and bold(last))


def _drop_unmapped(text: _Text, a: int, end: int, hyphen: int | None) -> tuple[str, int]:
    """The line's text without characters PDFium could not map to Unicode."""
    kept: list[str] = []
    lost = 0
    for i in range(a, end):
        if text.unmapped(i):
            lost += 1
        else:
            kept.append(text.text[i])
    return "".join(kept).strip() + ("-" if hyphen is not None else ""), lost


def _merge_baselines(lines: list[Line], gutter: float | None) -> list[Line]:
    """Join lines PDFium split because the content stream drew one visual
    line in pieces (a footer "Page" + "2" + "of 9"), left to right; never
    across a column gutter."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev.bottom - line.bottom) <= 1.5
            and abs(prev.top - line.top) <= 3.0
            and (line.x0 >= prev.x1 - 1 or line.x1 <= prev.x0 + 1)
            and not (gutter is not None and min(prev.x1, line.x1) <= gutter <= max(prev.x0, line.x0))
        ):
            first, second = (prev, line) if line.x0 >= prev.x1 - 1 else (line, prev)
            gap = second.x0 - first.x1
            joiner = " " if gap > 0.15 * max(first.size, second.size, 1.0) else ""
            out[-1] = Line(
                text=first.text.rstrip() + joiner + second.text.lstrip(),
                x0=first.x0,
                x1=second.x1,
                top=min(first.top, second.top),
                bottom=max(first.bottom, second.bottom),
                size=first.size if len(first.text) >= len(second.text) else second.size,
                bold=first.bold and second.bold,
            )
            continue
        out.append(line)
    return out


def _rects(textpage: Any, height: float) -> list[tuple[float, float, float, float]]:
    """Text runs (one per text object and line) as (x0, x1, top, bottom)."""
    import pypdfium2.raw as raw

    out = []
    box = [ctypes.c_double() for _ in range(4)]
    bl, bt, br, bb = box
    rl, rt, rr, rb = (ctypes.byref(b) for b in box)
    handle = textpage.raw
    get = raw.FPDFText_GetRect
    for i in range(raw.FPDFText_CountRects(handle, 0, -1)):
        get(handle, i, rl, rt, rr, rb)
        left, right = bl.value, br.value
        if right - left > 0.5:
            out.append((left, right, height - bt.value, height - bb.value))
    return out


class _Graphics:
    """What a page draws besides text: images, and paths a table could use.

    Counting edges from path bounds is cheap; the exact edges (path
    segments through the object's matrix) are computed only for a page
    that may hold a table (:attr:`ruled`).
    """

    def __init__(self, page: Any, height: float) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.height = height
        self.images = 0
        self.horizontal = 0
        self.vertical = 0
        self.paths: list[Any] = []
        self._box = [ctypes.c_float() for _ in range(4)]
        handle = page.raw
        self._walk(raw.FPDFPage_CountObjects(handle), lambda k: raw.FPDFPage_GetObject(handle, k), 0)

    @property
    def ruled(self) -> bool:
        return self.horizontal >= 2 and self.vertical >= 2

    def _walk(self, count: int, get: Any, depth: int) -> None:
        raw = self.raw
        for j in range(count):
            obj = get(j)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                self.paths.append(obj)
                raw.FPDFPageObj_GetBounds(obj, *self._box)
                w = self._box[2].value - self._box[0].value
                h = self._box[3].value - self._box[1].value
                if w >= 5 and h >= 5:  # a rectangle, or a whole grid in one path
                    n = max(2, raw.FPDFPath_CountSegments(obj) // 2)
                    self.horizontal += n
                    self.vertical += n
                elif h < _EDGE and w >= 1:
                    self.horizontal += 1
                elif w < _EDGE and h >= 1:
                    self.vertical += 1
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
                self._walk(raw.FPDFFormObj_CountObjects(obj), lambda k, o=obj: raw.FPDFFormObj_GetObject(o, k), depth + 1)

    def edges(self) -> list[Edge]:
        """Horizontal and vertical line segments of every path, top-left based."""
        raw, height = self.raw, self.height
        out: list[Edge] = []
        matrix = raw.FS_MATRIX()
        x, y = ctypes.c_float(), ctypes.c_float()

        def add(p: tuple[float, float], q: tuple[float, float]) -> None:
            if abs(p[1] - q[1]) < 0.01:
                out.append(["h", min(p[0], q[0]), height - p[1], max(p[0], q[0]), height - p[1]])
            elif abs(p[0] - q[0]) < 0.01:
                out.append(["v", p[0], height - max(p[1], q[1]), p[0], height - min(p[1], q[1])])

        for obj in self.paths:
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = matrix
            start = prev = (0.0, 0.0)
            for i in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, i)
                raw.FPDFPathSegment_GetPoint(seg, x, y)
                point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
                kind = raw.FPDFPathSegment_GetType(seg)
                if kind == raw.FPDF_SEGMENT_MOVETO:
                    start = point
                elif kind == raw.FPDF_SEGMENT_LINETO:
                    add(prev, point)
                prev = point
                if raw.FPDFPathSegment_GetClose(seg):
                    add(prev, start)
                    prev = start
        return out
