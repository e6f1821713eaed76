#!/usr/bin/env python3
"""Build the held-out evaluation binaries (DOCX and PDF) from plain-text sources.

Sources live in fixtures/holdout/_src/NAME.txt and use a tiny markup:

* a line starting with "# " is a heading (the first heading is the document title);
* consecutive lines starting with "| " form a table, the first row being the header;
* blank lines separate paragraphs (consecutive text lines are joined with a space).

Each source is rendered to exactly one format, chosen by the TARGETS table below.
Output is deterministic: fixed core-property / creation dates and fixed zip
timestamps, so re-running the script produces byte-identical files.

Usage:  .venv/bin/python scripts/build_holdout.py
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT = ROOT / "fixtures" / "holdout"
SRC = HOLDOUT / "_src"

FIXED_DT = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
FIXED_ZIP_DT = (2025, 1, 1, 0, 0, 0)

TARGETS = {
    "au-insurer-services-agreement": "docx",
    "credit-union-order-form": "docx",
    "pension-fund-services-agreement": "docx",
    "nhs-trust-master-agreement": "docx",
    "asset-manager-dpa-bulk-lane": "docx",
    "de-dpa-hospital": "pdf",
    "pharma-clinical-trial-addendum": "pdf",
    "credit-union-deferred-queue": "pdf",
    "uk-bank-platform-agreement": "pdf",
    "us-hospital-baa-ai-terms": "pdf",
}


# --------------------------------------------------------------------------- parsing

def parse(text: str) -> list[tuple[str, object]]:
    """Return a list of blocks: ("heading", str), ("para", str), ("table", [[str]])."""
    blocks: list[tuple[str, object]] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush_para() -> None:
        if para:
            blocks.append(("para", " ".join(s.strip() for s in para)))
            para.clear()

    def flush_table() -> None:
        if table:
            blocks.append(("table", [row[:] for row in table]))
            table.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush_para()
            flush_table()
        elif line.startswith("# "):
            flush_para()
            flush_table()
            blocks.append(("heading", line[2:].strip()))
        elif line.startswith("| "):
            flush_para()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            table.append(cells)
        else:
            flush_table()
            para.append(line)
    flush_para()
    flush_table()

    for kind, value in blocks:
        if kind == "table":
            widths = {len(r) for r in value}  # type: ignore[arg-type]
            if len(widths) != 1:
                raise ValueError(f"ragged table: {value!r}")
    return blocks


def title_of(blocks) -> str:
    for kind, value in blocks:
        if kind == "heading":
            return str(value)
    return "Agreement"


# --------------------------------------------------------------------------- DOCX

def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps and attributes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build_docx(blocks, dest: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    first_heading = True
    for kind, value in blocks:
        if kind == "heading":
            doc.add_heading(str(value), level=0 if first_heading else 1)
            first_heading = False
        elif kind == "para":
            doc.add_paragraph(str(value))
        elif kind == "table":
            rows = value  # type: ignore[assignment]
            tbl = doc.add_table(rows=len(rows), cols=len(rows[0]))
            tbl.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = tbl.cell(r, c)
                    cell.text = text
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")

    cp = doc.core_properties
    cp.title = title_of(blocks)
    cp.author = "Holdout corpus"
    cp.last_modified_by = "Holdout corpus"
    cp.subject = "Draft agreement"
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_DT.replace(tzinfo=None)
    cp.modified = FIXED_DT.replace(tzinfo=None)
    cp.last_printed = FIXED_DT.replace(tzinfo=None)

    buf = io.BytesIO()
    doc.save(buf)
    dest.write_bytes(_normalise_zip(buf.getvalue()))


# --------------------------------------------------------------------------- PDF

class _PDF(FPDF):
    running_header = ""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.running_header, align="L")
        self.cell(0, 5, "DRAFT - CONFIDENTIAL", align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _col_widths(rows: list[list[str]]) -> tuple[int, ...]:
    ncols = len(rows[0])
    longest = [max(len(r[c]) for r in rows) for c in range(ncols)]
    weights = [min(max(n, 8), 60) for n in longest]
    return tuple(weights)


def build_pdf(blocks, dest: Path) -> None:
    for kind, value in blocks:
        texts = [value] if isinstance(value, str) else [c for r in value for c in r]
        for t in texts:
            if not t.isascii():
                raise ValueError(f"non-ASCII text in PDF source: {t!r}")

    title = title_of(blocks)
    pdf = _PDF(orientation="P", unit="mm", format="A4")
    pdf.running_header = title if len(title) <= 70 else title[:67] + "..."
    pdf.set_creation_date(FIXED_DT)
    pdf.set_title(title)
    pdf.set_author("Holdout corpus")
    pdf.set_subject("Draft agreement")
    pdf.set_creator("scripts/build_holdout.py")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    first_heading = True
    for kind, value in blocks:
        if kind == "heading":
            if first_heading:
                pdf.set_font("Helvetica", "B", 14)
                pdf.multi_cell(0, 7, str(value), align="C", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
                first_heading = False
            else:
                pdf.ln(2)
                pdf.set_font("Helvetica", "B", 11)
                pdf.multi_cell(0, 6, str(value), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
        elif kind == "para":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, str(value), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "table":
            rows = value  # type: ignore[assignment]
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(
                col_widths=_col_widths(rows),
                first_row_as_headings=True,
                line_height=5,
                text_align="LEFT",
            ) as table:
                for row in rows:
                    tr = table.row()
                    for text in row:
                        tr.cell(text)
            pdf.ln(3)

    pdf.output(str(dest))


# --------------------------------------------------------------------------- main

def main() -> int:
    if not SRC.is_dir():
        print(f"missing source directory {SRC}", file=sys.stderr)
        return 1
    sources = sorted(SRC.glob("*.txt"))
    unknown = [p.stem for p in sources if p.stem not in TARGETS]
    missing = [name for name in TARGETS if not (SRC / f"{name}.txt").exists()]
    if unknown or missing:
        print(f"unknown sources: {unknown}; missing sources: {missing}", file=sys.stderr)
        return 1
    for path in sources:
        fmt = TARGETS[path.stem]
        blocks = parse(path.read_text(encoding="utf-8"))
        dest = HOLDOUT / f"{path.stem}.{fmt}"
        if fmt == "docx":
            build_docx(blocks, dest)
        else:
            build_pdf(blocks, dest)
        print(f"wrote {dest.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
