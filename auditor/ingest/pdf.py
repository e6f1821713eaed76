"""PDF reading: the shared records, the careful pdfplumber reader, and
:func:`read_pdf`, which picks a reader and applies the checks both share.

Two readers produce the same :class:`PageContent` records:

* ``engine="fast"`` (default): :mod:`auditor.ingest.pdf_fast`, PDFium via
  pypdfium2, with pdfplumber only for pages that may hold ruled tables;
* ``engine="careful"``: pdfplumber (pdfminer.six) for every page. Each page
  is reduced to text lines (with position, font size and weight) and ruled
  tables (``page.find_tables()``; their words are removed from the running
  text).

:mod:`auditor.ingest.pdf_layout` then removes running headers/footers and
page numbers, rebuilds paragraphs and headings, joins paragraphs split by a
page break, and emits ``table_row`` blocks.

Failures map to ``IngestError``: a password-protected file is ``encrypted``
(the empty user password is tried, so owner-only protection opens), a
damaged or truncated file is ``corrupt``, more than ``Limits.max_pages``
pages is ``too_large``, and a document without any text layer, or whose
text is mostly glyphs without a Unicode mapping, is ``no_text``. With
``ocr=True``, pages without a text layer are read by
:mod:`auditor.ingest.ocr` (``pdftoppm`` + ``tesseract``) when installed.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from auditor.model import IngestError

from .blocks import Draft
from .limits import Limits

# pdfminer logs recoverable oddities (missing CropBox, ...) as warnings; keep
# them off the terminal unless the application configures logging itself.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|demi\b", re.IGNORECASE)
_CID = re.compile(r"\(cid:\d+\)")
_MIN_TABLE_COLUMNS = 2
ENCRYPTED_MESSAGE = "PDF is encrypted and cannot be opened without a password"
NO_TEXT_MESSAGE = "no text layer (scanned?)"
ENGINES = ("fast", "careful")
# A document whose characters are mostly without a Unicode mapping is not read.
MAX_UNMAPPED_SHARE = 0.5


@dataclass
class Line:
    """One text line of a page, in PDF points from the page's top-left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Table:
    """A ruled table found on a page: its extent and cell texts."""

    top: float
    bottom: float
    rows: list[list[str]]
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class PageContent:
    """Everything the layout stage needs from one page."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_images: bool = False
    undecodable: int = 0  # (cid:N) glyphs without a Unicode mapping
    gutter: float | None = None  # x of the gap between two text columns
    ocr: bool = False  # lines came from OCR


def read_pdf(
    data: bytes, limits: Limits, *, engine: str = "fast", ocr: bool = False
) -> tuple[list[Draft], list[str], int]:
    """Read a PDF into block drafts, warnings and its page count.

    ``engine`` is "fast" (PDFium) or "careful" (pdfplumber); ``ocr`` reads
    pages without a text layer with tesseract when it is installed.
    """
    from .pdf_layout import layout_document

    if engine not in ENGINES:
        raise ValueError(f"pdf_engine must be one of {ENGINES}, got {engine!r}")
    if b"%%EOF" not in data[-1024 * 1024 :]:
        raise IngestError("corrupt", "PDF is truncated or damaged (no end-of-file marker)")
    if engine == "fast":
        from .pdf_fast import extract_pages

        pages = extract_pages(data, limits)
    else:
        pages = _extract_pages(data, limits)
    warnings: list[str] = []
    if ocr:
        from .ocr import ocr_pages

        warnings += ocr_pages(data, pages)
    _check_unmapped(pages)
    if not any(p.lines or p.tables for p in pages):
        raise IngestError("no_text", NO_TEXT_MESSAGE)
    drafts, more = layout_document(pages)
    if not drafts:
        raise IngestError("no_text", NO_TEXT_MESSAGE)
    return drafts, more + warnings, len(pages)


def _check_unmapped(pages: list[PageContent]) -> None:
    """``no_text`` when most characters had no Unicode mapping (garbage)."""
    lost = sum(p.undecodable for p in pages)
    if not lost:
        return
    kept = sum(len(ln.text) - ln.text.count(" ") for p in pages for ln in p.lines)
    kept += sum(len(c) for p in pages for t in p.tables for r in t.rows for c in r)
    share = lost / (lost + kept)
    if share > MAX_UNMAPPED_SHARE:
        raise IngestError(
            "no_text",
            f"text layer is mostly unreadable: {share:.0%} of characters have no Unicode mapping "
            "(fonts without a ToUnicode map, or a scan with a bad text layer)",
        )


def _extract_pages(data: bytes, limits: Limits) -> list[PageContent]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except Exception as exc:  # pdfplumber wraps every pdfminer failure
        raise _classify(exc) from None
    try:
        return _extract_open(pdf, limits)
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file re-raises its parse error
            pass


def _extract_open(pdf: Any, limits: Limits) -> list[PageContent]:
    try:
        pages = pdf.pages
        count = len(pages)
    except Exception as exc:
        raise _classify(exc) from None
    if count == 0:
        raise IngestError("corrupt", "PDF has no pages")
    if count > limits.max_pages:
        raise IngestError("too_large", f"PDF has {count:,} pages, over the limit of {limits.max_pages:,}")
    out: list[PageContent] = []
    for number, page in enumerate(pages, 1):
        try:
            out.append(_extract_page(page, number))
        except IngestError:
            raise
        except Exception as exc:
            err = _classify(exc)
            if err.code == "corrupt":
                err = IngestError("corrupt", f"PDF page {number} cannot be read ({reason(exc)})")
            raise err from None
        finally:
            try:
                page.close()
            except Exception:  # closing only frees caches
                pass
    return out


def _classify(exc: BaseException) -> IngestError:
    """Map a pdfplumber/pdfminer exception to an IngestError."""
    inner: BaseException = exc
    for _ in range(5):  # unwrap PdfminerException(original) chains
        if inner.args and isinstance(inner.args[0], BaseException):
            inner = inner.args[0]
        else:
            break
    names = {type(inner).__name__, type(exc).__name__}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return IngestError("encrypted", ENCRYPTED_MESSAGE)
    if "PDFTextExtractionNotAllowed" in names:
        return IngestError("encrypted", "PDF does not allow text extraction")
    if isinstance(inner, MemoryError):
        return IngestError("too_large", "PDF is too large to read in memory")
    if isinstance(inner, RecursionError):
        return IngestError("unsafe", "PDF object structure is nested too deeply")
    return IngestError("corrupt", f"PDF is damaged and cannot be read ({reason(inner)})")


def reason(exc: BaseException) -> str:
    """``"ExcType: message"`` on one line, at most 120 characters of message."""
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def find_tables(page: Any) -> list[Table]:
    """Ruled tables of a pdfplumber page with at least two filled columns."""
    out: list[Table] = []
    for found in page.find_tables():
        rows = [[cell_text(c) for c in row] for row in found.extract()]
        rows = [r for r in rows if any(r)]
        width = max((sum(1 for c in r if c) for r in rows), default=0)
        if not rows or width < _MIN_TABLE_COLUMNS:
            continue  # a ruled box around text, not a table
        x0, top, x1, bottom = (float(v) for v in found.bbox)
        out.append(Table(top=top, bottom=bottom, rows=rows, x0=x0, x1=x1))
    return out


def _extract_page(page: Any, number: int) -> PageContent:
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    content.has_images = bool(page.images)
    page = page.dedupe_chars()
    content.tables = find_tables(page)
    boxes = [(t.x0 - 1, t.top - 1, t.x1 + 1, t.bottom + 1) for t in content.tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char" or not boxes:
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    running = page.filter(outside_tables) if boxes else page
    for raw in running.extract_text_lines(return_chars=True, strip=True):
        text = raw.get("text") or ""
        cids = len(_CID.findall(text)) + text.count("\ufffd")
        if cids:
            content.undecodable += cids
            text = _CID.sub("", text).replace("\ufffd", "")
        if not text.strip():
            continue
        chars = [c for c in raw.get("chars", []) if str(c.get("text", "")).strip()]
        sizes = [float(c.get("size", 0.0)) for c in chars] or [0.0]
        bold = bool(chars) and all(BOLD_FONT.search(str(c.get("fontname", ""))) for c in chars)
        content.lines.append(
            Line(
                text=text,
                x0=float(raw["x0"]),
                x1=float(raw["x1"]),
                top=float(raw["top"]),
                bottom=float(raw["bottom"]),
                size=round(median(sizes), 1),
                bold=bold,
            )
        )
    return content


def cell_text(cell: str | None) -> str:
    """A table cell's lines joined the same way as paragraph lines."""
    from .pdf_layout import join_lines

    if not cell:
        return ""
    return join_lines([part.strip() for part in _CID.sub("", cell).split("\n") if part.strip()])


# --------------------------------------------------------------------------- ruled grids

# An edge: [orientation "h"/"v", x0, top, x1, bottom] in points from the top-left.
Edge = list
Cell = tuple[float, float, float, float]  # x0, top, x1, bottom
_SNAP = _JOIN = _INTERSECT = 3.0  # pdfplumber's default table tolerances
_MIN_EDGE = 3.0


def grid_tables(edges: list[Edge]) -> list[list[list[Cell | None]]]:
    """Ruled tables from ruling edges, as rows of cell boxes (None where a
    merged cell covers the column), top to bottom.

    This is pdfplumber's "lines" table finder (``Page.find_tables()`` with
    default settings) applied to edges from any source: edges are snapped
    and joined within 3 points, their crossings found, each crossing's
    smallest enclosed rectangle becomes a cell, and cells sharing a corner
    form a table of at least two cells.
    """
    edges = [e for e in edges if _length(e) >= 1.0]
    edges = [e for e in _merge_edges(edges) if _length(e) >= _MIN_EDGE]
    cells = _cells(_intersections(edges))
    return [_rows(group) for group in _groups(cells)]


def _length(e: Edge) -> float:
    return e[3] - e[1] if e[0] == "h" else e[4] - e[2]


def _merge_edges(edges: list[Edge]) -> list[Edge]:
    out: list[Edge] = []
    for orient, pos, lo, hi in (("h", 2, 1, 3), ("v", 1, 2, 4)):
        group = sorted((list(e) for e in edges if e[0] == orient), key=lambda e: e[pos])
        clusters: list[list[Edge]] = []
        for e in group:  # snap: chained clusters within the tolerance move to their mean
            if clusters and e[pos] <= clusters[-1][-1][pos] + _SNAP:
                clusters[-1].append(e)
            else:
                clusters.append([e])
        for cluster in clusters:
            mean = sum(e[pos] for e in cluster) / len(cluster)
            for e in cluster:
                e[pos] = e[pos + 2] = mean
            joined: list[Edge] = []
            for e in sorted(cluster, key=lambda e: e[lo]):  # join collinear pieces
                if joined and e[lo] <= joined[-1][hi] + _JOIN:
                    joined[-1][hi] = max(joined[-1][hi], e[hi])
                else:
                    joined.append(e)
            out += joined
    return out


def _intersections(edges: list[Edge]) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    found: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    verticals = sorted((e for e in edges if e[0] == "v"), key=lambda e: (e[1], e[2]))
    horizontals = sorted((e for e in edges if e[0] == "h"), key=lambda e: (e[2], e[1]))
    for v in verticals:
        for h in horizontals:
            if v[2] <= h[2] + _INTERSECT and v[4] >= h[2] - _INTERSECT and h[1] - _INTERSECT <= v[1] <= h[3] + _INTERSECT:
                vs, hs = found.setdefault((v[1], h[2]), (set(), set()))
                vs.add(id(v))
                hs.add(id(h))
    return found


def _cells(found: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Cell]:
    points = sorted(found)

    def connects(p: tuple[float, float], q: tuple[float, float]) -> bool:
        if p[0] == q[0] and found[p][0] & found[q][0]:
            return True
        return p[1] == q[1] and bool(found[p][1] & found[q][1])

    cells: list[Cell] = []
    for i, pt in enumerate(points):
        rest = points[i + 1 :]
        below = [q for q in rest if q[0] == pt[0]]
        right = [q for q in rest if q[1] == pt[1]]
        cell = next(
            (
                (pt[0], pt[1], r[0], b[1])
                for b in below
                if connects(pt, b)
                for r in right
                if connects(pt, r)
                and (r[0], b[1]) in found
                and connects((r[0], b[1]), r)
                and connects((r[0], b[1]), b)
            ),
            None,
        )
        if cell is not None:
            cells.append(cell)
    return cells


def _groups(cells: list[Cell]) -> list[list[Cell]]:
    remaining = list(cells)
    tables: list[list[Cell]] = []
    while remaining:
        group = [remaining.pop(0)]
        corners = set(_corners(group[0]))
        grew = True
        while grew:
            grew = False
            for cell in list(remaining):
                if any(c in corners for c in _corners(cell)):
                    corners |= set(_corners(cell))
                    group.append(cell)
                    remaining.remove(cell)
                    grew = True
        tables.append(group)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _corners(c: Cell) -> tuple[tuple[float, float], ...]:
    return ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3]))


def _rows(cells: list[Cell]) -> list[list[Cell | None]]:
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Cell]] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(c[1], {})[c[0]] = c
    return [[row.get(x) for x in xs] for _, row in sorted(rows.items())]
