"""Fast PDF reader built on pypdfium2 (PDFium).

PDFium extracts a page's text in one call, with its own line breaks
(``\\r\\n``) and hyphen marks (``\\ufffe`` where a word is broken over two
lines). Each such line is located with two character-box calls, its font
size and weight are sampled from a few characters, and lines that share a
baseline are merged, giving the same :class:`~auditor.ingest.pdf.Line`
records the careful pdfplumber reader produces (``top``/``bottom`` follow
pdfminer's convention: the glyph descent plus one font size). The layout
stage (:mod:`auditor.ingest.pdf_layout`) is shared by both readers.

pdfplumber is used only where it earns its cost: a page whose vector
graphics could form a ruled table (at least two horizontal and two
vertical edges) is also opened with pdfplumber, its tables are read exactly
as the careful reader reads them, and PDFium's lines inside them are
dropped. A page whose text sits in two columns (a vertical gutter no line
crosses) is read left column first, then right.
"""

from __future__ import annotations

import ctypes
import io
import re
from statistics import median
from typing import Any

from auditor.model import IngestError

from .limits import Limits
from .pdf import _BOLD, ENCRYPTED_MESSAGE, Line, PageContent, Table, find_tables, reason
from .pdf_layout import assign_columns

_SEGMENT = re.compile(r"[^\r\n\ufffe]+")
_SAMPLES = 5  # characters sampled per line for font size, weight and mapping errors
_EDGE = 3.0  # a path thinner than this (points) is a ruling line


def extract_pages(data: bytes, limits: Limits) -> list[PageContent]:
    """Read every page of a PDF into :class:`PageContent` with PDFium."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=None)
    except pdfium.PdfiumError as exc:
        raise _classify(exc) from None
    tables = _TableReader(data)
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
                out.append(_read_page(page, number, tables))
            finally:
                page.close()
        return out
    finally:
        tables.close()
        pdf.close()


def _classify(exc: Exception) -> IngestError:
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return IngestError("encrypted", ENCRYPTED_MESSAGE)
    if code == raw.FPDF_ERR_SECURITY:
        return IngestError("encrypted", "PDF uses an unsupported security handler and cannot be opened")
    return IngestError("corrupt", f"PDF is damaged and cannot be read ({reason(exc)})")


class _TableReader:
    """Opens the document with pdfplumber on first use, for ruled tables."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None

    def tables(self, number: int) -> list[Table]:
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data), password="")
        page = self.pdf.pages[number - 1]
        try:
            return find_tables(page.dedupe_chars())
        finally:
            page.close()

    def close(self) -> None:
        if self.pdf is not None:
            try:
                self.pdf.close()
            except Exception:  # closing only frees caches
                pass


class _Text:
    """One page's PDFium text page with the few per-character calls we use."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.handle = textpage.raw
        self.count = textpage.count_chars()
        text = textpage.get_text_range() if self.count > 0 else ""
        if len(text) != self.count:  # never seen; keeps indices aligned if it happens
            text = "".join(chr(raw.FPDFText_GetUnicode(self.handle, i) or 32) for i in range(self.count))
        self.text = text
        self._rect = raw.FS_RECTF()
        self._flags = ctypes.c_int()
        self._name = ctypes.create_string_buffer(128)

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Loose box (left, bottom, right, top) of a character, PDF space."""
        r = self._rect
        self.raw.FPDFText_GetLooseCharBox(self.handle, index, r)
        return r.left, r.bottom, r.right, r.top

    def size(self, index: int) -> float:
        return float(self.raw.FPDFText_GetFontSize(self.handle, index))

    def bold(self, index: int) -> bool:
        n = self.raw.FPDFText_GetFontInfo(self.handle, index, self._name, len(self._name), self._flags)
        name = self._name.value.decode("latin-1") if n else ""
        return bool(_BOLD.search(name))

    def unmapped(self, index: int) -> bool:
        return bool(self.raw.FPDFText_HasUnicodeMapError(self.handle, index))


def _read_page(page: Any, number: int, tables: _TableReader) -> PageContent:
    width, height = page.get_size()
    content = PageContent(number=number, width=float(width), height=float(height))
    graphics = _graphics(page)
    textpage = page.get_textpage()
    try:
        text = _Text(textpage)
        lines = _lines(text, content)
        spans = _rects(textpage, height)
    finally:
        textpage.close()
    if graphics.ruled:
        content.tables = tables.tables(number)
        if content.tables:
            boxes = [(-1.0, t.top - 1, content.width + 1, t.bottom + 1, t) for t in content.tables]
            lines = [ln for ln in lines if not _inside(ln, boxes)]
    content.lines = _merge_baselines(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
    assign_columns(content, spans)
    content.has_images = graphics.images > 0
    return content


def _inside(line: Line, boxes: list[tuple[float, float, float, float, Table]]) -> bool:
    cy = (line.top + line.bottom) / 2
    return any(b[1] <= cy <= b[3] and _in_x(line, b[4]) for b in boxes)


def _in_x(line: Line, table: Table) -> bool:
    x0, x1 = table.x0, table.x1
    cx = (line.x0 + line.x1) / 2
    return x0 - 1 <= cx <= x1 + 1


def _lines(text: _Text, page: PageContent) -> list[Line]:
    """PDFium's lines of one page as :class:`Line` records."""
    s = text.text
    out: list[Line] = []
    for m in _SEGMENT.finditer(s):
        a, b = m.span()
        hyphen = b < len(s) and s[b] == "\ufffe"
        while a < b and s[a].isspace():
            a += 1
        end = b
        while end > a and s[end - 1].isspace():
            end -= 1
        if a >= end and not hyphen:
            continue
        last = b if hyphen else end - 1
        indices = _samples(a, last)
        bad = [i for i in indices if text.unmapped(i)]
        body = s[a:end] + ("-" if hyphen else "")
        if bad:
            body, lost = _drop_unmapped(text, a, end, hyphen)
            page.undecodable += lost
            if not body.strip():
                continue
        elif "\ufffd" in body:
            page.undecodable += body.count("\ufffd")
            body = body.replace("\ufffd", "")
            if not body.strip():
                continue
        left, _, _, _ = text.box(a)
        _, _, right, _ = text.box(last)
        _, descent, _, _ = text.box(a)
        size = round(median(text.size(i) for i in indices), 1)
        y0 = descent
        y1 = descent + size
        out.append(
            Line(
                text=body,
                x0=float(min(left, right)),
                x1=float(max(left, right)),
                top=float(page.height - y1),
                bottom=float(page.height - y0),
                size=size,
                bold=all(text.bold(i) for i in indices),
            )
        )
    return out


def _samples(first: int, last: int) -> list[int]:
    """Up to ``_SAMPLES`` character indices spread over first..last."""
    n = last - first
    if n <= 0:
        return [first]
    k = min(_SAMPLES, n + 1)
    return sorted({first + round(j * n / (k - 1)) for j in range(k)})


def _drop_unmapped(text: _Text, a: int, end: int, hyphen: bool) -> tuple[str, int]:
    """The line's text without characters PDFium could not map to Unicode."""
    kept: list[str] = []
    lost = 0
    for i in range(a, end):
        if text.unmapped(i):
            lost += 1
        else:
            kept.append(text.text[i])
    return "".join(kept).strip() + ("-" if hyphen else ""), lost


def _merge_baselines(lines: list[Line]) -> list[Line]:
    """Join lines PDFium split because the content stream drew one visual
    line in pieces (a footer "Page" + "2" + "of 9"), left to right."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev.bottom - line.bottom) <= 1.5
            and abs(prev.top - line.top) <= 3.0
            and (line.x0 >= prev.x1 - 1 or line.x1 <= prev.x0 + 1)
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
    out = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        if right - left > 0.5:
            out.append((float(left), float(right), float(height - top), float(height - bottom)))
    return out


class _Graphics:
    """What a page draws besides text: images, and edges a table could use."""

    def __init__(self) -> None:
        self.images = 0
        self.horizontal = 0
        self.vertical = 0

    @property
    def ruled(self) -> bool:
        return self.horizontal >= 2 and self.vertical >= 2


def _graphics(page: Any) -> _Graphics:
    import pypdfium2.raw as raw

    found = _Graphics()
    box = [ctypes.c_float() for _ in range(4)]

    def walk(count: int, get: Any, depth: int) -> None:
        for j in range(count):
            obj = get(j)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                found.images += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                raw.FPDFPageObj_GetBounds(obj, *box)
                w = box[2].value - box[0].value
                h = box[3].value - box[1].value
                segments = raw.FPDFPath_CountSegments(obj)
                if w >= 5 and h >= 5:  # a rectangle, or a whole grid in one path
                    found.horizontal += max(2, segments // 2)
                    found.vertical += max(2, segments // 2)
                elif h < _EDGE and w >= 5:
                    found.horizontal += 1
                elif w < _EDGE and h >= 5:
                    found.vertical += 1
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
                walk(raw.FPDFFormObj_CountObjects(obj), lambda k, o=obj: raw.FPDFFormObj_GetObject(o, k), depth + 1)

    handle = page.raw
    walk(raw.FPDFPage_CountObjects(handle), lambda k: raw.FPDFPage_GetObject(handle, k), 0)
    return found
