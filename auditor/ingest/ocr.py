"""Optional OCR for PDF pages without a text layer.

``load_document(path, ocr=True)`` sends every page that has no text (a
scan) through ``pdftoppm`` (poppler, renders the page at 300 dpi) and
``tesseract`` (its TSV output gives each word's box), and turns the words
into :class:`~auditor.ingest.pdf.Line` records so the usual layout stage
rebuilds paragraphs. Both programs are looked up on ``PATH`` with
:func:`shutil.which` and never installed or downloaded. When they are
missing, a document without any text layer fails with
``IngestError("no_text", "OCR requested but tesseract/pdftoppm are not
installed ...")``; a document with some text gets a warning instead.

OCR output is never as reliable as a text layer, so each page read this
way is named in a warning.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.model import IngestError

from .pdf import Line, PageContent

DPI = 300
TIMEOUT_SECONDS = 120  # per page and program
MISSING_MESSAGE = "OCR requested but tesseract/pdftoppm are not installed"
_POINTS_PER_PIXEL = 72.0 / DPI


def tools() -> dict[str, str | None]:
    """Paths of the two programs OCR needs (None when not on PATH)."""
    return {name: shutil.which(name) for name in ("pdftoppm", "tesseract")}


def ocr_pages(data: bytes, pages: list[PageContent]) -> list[str]:
    """Fill the lines of text-less pages by OCR; returns warnings.

    Raises ``IngestError("no_text")`` when OCR is needed for a document
    with no text at all but the programs are missing or fail.
    """
    blank = [p for p in pages if not p.lines and not p.tables]
    if not blank:
        return []
    found = tools()
    missing = [name for name, where in found.items() if where is None]
    if missing:
        message = f"{MISSING_MESSAGE} (missing: {', '.join(missing)})"
        if len(blank) == len(pages):
            raise IngestError("no_text", message)
        return [f"{message}; pages without a text layer were not read"]
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="auditor-ocr-") as tmp:
        pdf_path = Path(tmp) / "in.pdf"
        pdf_path.write_bytes(data)
        for page in blank:
            try:
                page.lines = _ocr_page(pdf_path, page, found["pdftoppm"] or "", found["tesseract"] or "")
            except (OSError, subprocess.SubprocessError, ValueError) as exc:
                if len(blank) == len(pages):
                    raise IngestError("no_text", f"OCR of page {page.number} failed ({type(exc).__name__})") from None
                warnings.append(f"OCR of page {page.number} failed ({type(exc).__name__})")
                continue
            if page.lines:
                page.ocr = True
                warnings.append(f"page {page.number} has no text layer; its text was read by OCR (check it)")
    return warnings


def _ocr_page(pdf_path: Path, page: PageContent, pdftoppm: str, tesseract: str) -> list[Line]:
    prefix = pdf_path.parent / f"p{page.number}"
    n = str(page.number)
    subprocess.run(
        [pdftoppm, "-r", str(DPI), "-f", n, "-l", n, "-singlefile", "-png", str(pdf_path), str(prefix)],
        check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
    )
    image = prefix.with_suffix(".png")
    result = subprocess.run(
        [tesseract, str(image), "stdout", "tsv"],
        check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
    )
    return lines_from_tsv(result.stdout.decode("utf-8", "replace"))


def lines_from_tsv(tsv: str) -> list[Line]:
    """Tesseract TSV (level 5 rows are words) to lines in PDF points.

    Words are grouped by (block, paragraph, line); a line's font size is
    estimated from its height.
    """
    rows = [r.split("\t") for r in tsv.splitlines()]
    if not rows or rows[0][:1] != ["level"]:
        raise ValueError("not tesseract TSV output")
    head = {name: i for i, name in enumerate(rows[0])}
    groups: dict[tuple[str, str, str, str], list[tuple[float, float, float, float, str]]] = {}
    for r in rows[1:]:
        if len(r) < len(head) or r[head["level"]] != "5":
            continue
        word = r[head["text"]].strip()
        if not word or float(r[head["conf"]] or -1) < 0:
            continue
        left, top = float(r[head["left"]]), float(r[head["top"]])
        width, height = float(r[head["width"]]), float(r[head["height"]])
        key = (r[head["page_num"]], r[head["block_num"]], r[head["par_num"]], r[head["line_num"]])
        groups.setdefault(key, []).append((left, top, left + width, top + height, word))
    lines: list[Line] = []
    for words in groups.values():
        words.sort()
        x0 = min(w[0] for w in words) * _POINTS_PER_PIXEL
        x1 = max(w[2] for w in words) * _POINTS_PER_PIXEL
        top = min(w[1] for w in words) * _POINTS_PER_PIXEL
        bottom = max(w[3] for w in words) * _POINTS_PER_PIXEL
        lines.append(
            Line(
                text=" ".join(w[4] for w in words),
                x0=x0, x1=x1, top=top, bottom=bottom,
                size=round(bottom - top, 0),
                bold=False,
            )
        )
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines
