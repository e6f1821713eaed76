"""PDF reader built on pdfplumber (pdfminer.six).

Each page is reduced to text lines (with position, font size and weight)
and ruled tables (``page.find_tables()``; their words are removed from the
running text); :mod:`auditor.ingest.pdf_layout` then removes running
headers/footers and page numbers, rebuilds paragraphs and headings, joins
paragraphs split by a page break, and emits ``table_row`` blocks.

Failures map to ``IngestError``: a password-protected file is ``encrypted``
(the empty user password is tried, so owner-only protection opens), a
damaged or truncated file is ``corrupt``, more than ``Limits.max_pages``
pages is ``too_large``, and a document without any text layer is
``no_text``.
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

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|demi\b", re.IGNORECASE)
_CID = re.compile(r"\(cid:\d+\)")
_MIN_TABLE_COLUMNS = 2
ENCRYPTED_MESSAGE = "PDF is encrypted and cannot be opened without a password"
NO_TEXT_MESSAGE = "no text layer (scanned?)"


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
    """A ruled table found on a page: its vertical extent and cell texts."""

    top: float
    bottom: float
    rows: list[list[str]]


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


def read_pdf(data: bytes, limits: Limits) -> tuple[list[Draft], list[str], int]:
    """Read a PDF into block drafts, warnings and its page count."""
    from .pdf_layout import layout_document

    if b"%%EOF" not in data[-1024 * 1024 :]:
        raise IngestError("corrupt", "PDF is truncated or damaged (no end-of-file marker)")
    pages = _extract_pages(data, limits)
    if not any(p.lines or p.tables for p in pages):
        raise IngestError("no_text", NO_TEXT_MESSAGE)
    drafts, warnings = layout_document(pages)
    if not drafts:
        raise IngestError("no_text", NO_TEXT_MESSAGE)
    return drafts, warnings, len(pages)


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
                err = IngestError("corrupt", f"PDF page {number} cannot be read ({_reason(exc)})")
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
    return IngestError("corrupt", f"PDF is damaged and cannot be read ({_reason(inner)})")


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _extract_page(page: Any, number: int) -> PageContent:
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    content.has_images = bool(page.images)
    page = page.dedupe_chars()
    boxes: list[tuple[float, float, float, float]] = []
    for found in page.find_tables():
        rows = [[_cell_text(c) for c in row] for row in found.extract()]
        rows = [r for r in rows if any(r)]
        width = max((sum(1 for c in r if c) for r in rows), default=0)
        if not rows or width < _MIN_TABLE_COLUMNS:
            continue  # a ruled box around text, not a table
        x0, top, x1, bottom = (float(v) for v in found.bbox)
        boxes.append((x0 - 1, top - 1, x1 + 1, bottom + 1))
        content.tables.append(Table(top=top, bottom=bottom, rows=rows))

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char" or not boxes:
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    running = page.filter(outside_tables) if boxes else page
    for raw in running.extract_text_lines(return_chars=True, strip=True):
        text = raw.get("text") or ""
        cids = len(_CID.findall(text))
        if cids:
            content.undecodable += cids
            text = _CID.sub("", text)
        if not text.strip():
            continue
        chars = [c for c in raw.get("chars", []) if str(c.get("text", "")).strip()]
        sizes = [float(c.get("size", 0.0)) for c in chars] or [0.0]
        bold = bool(chars) and all(_BOLD.search(str(c.get("fontname", ""))) for c in chars)
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


def _cell_text(cell: str | None) -> str:
    """A table cell's lines joined the same way as paragraph lines."""
    from .pdf_layout import join_lines

    if not cell:
        return ""
    return join_lines([part.strip() for part in _CID.sub("", cell).split("\n") if part.strip()])
