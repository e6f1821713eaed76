#!/usr/bin/env python3
"""Build the binary fixtures (DOCX and PDF) from their plain-text sources.

Usage:
    .venv/bin/python scripts/build_fixtures.py            # corpus + vendor terms + demo sample
    .venv/bin/python scripts/build_fixtures.py corpus     # fixtures/corpus only
    .venv/bin/python scripts/build_fixtures.py vendor     # fixtures/vendor-terms only
    .venv/bin/python scripts/build_fixtures.py sample     # samples/ demo only
    .venv/bin/python scripts/build_fixtures.py --check    # rebuild in memory, fail if any file differs

Sources live in ``fixtures/corpus/_src/NAME.txt`` (corpus),
``fixtures/vendor-terms/_src/NAME.txt`` (vendor terms) and
``samples/draft-ai-services-agreement.txt`` (demo). The output format of each
source is fixed in ``TARGETS`` and ``VENDOR_TARGETS`` below. Output is deterministic: fixed document
metadata and dates, fixed ZIP entry timestamps, so re-running the script gives
byte-identical files.

Source markup (deliberately tiny):
    # Heading           -> heading level 1 (the first heading of a file is the document title)
    ## Heading          -> heading level 2
    | a | b | c |       -> table row; consecutive rows form one table, the first row is the header
                           (markdown separator rows such as |---|---| are ignored)
    - text              -> bulleted paragraph
    (a) text            -> indented sub-clause paragraph (any "(x)" opening)
    blank line          -> paragraph break; consecutive text lines are joined with a space
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"
SRC = CORPUS / "_src"
SAMPLES = ROOT / "samples"
VENDOR = ROOT / "fixtures" / "vendor-terms"

FIXED_DATE = dt.datetime(2024, 3, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2024, 3, 1, 9, 0, 0)


@dataclass(frozen=True)
class Target:
    fmt: str  # docx | pdf
    author: str
    page: str = "A4"  # pdf only: A4 | Letter
    header: str | None = None  # running header; None -> document title
    footer: str = "page_of"  # pdf: page_of -> "Page N of M"; confidential -> "Confidential - N"


TARGETS: dict[str, Target] = {
    # ---- DOCX
    "ai-services-agreement-halcyon": Target("docx", "Halcyon Models Legal"),
    "dpa-tessellate": Target("docx", "Tessellate Privacy Office"),
    "call-off-kingfisher": Target("docx", "Northfold Procurement"),
    "enterprise-terms-parallax": Target("docx", "Parallax AI"),
    "bank-msa-corvid": Target("docx", "Corvid Intelligence Legal"),
    "order-form-quarry": Target("docx", "Quarry Labs Sales Operations"),
    "uk-dpa-schedule-fenwick": Target("docx", "Fenwick AI Ltd"),
    "msa-ridgeline": Target("docx", "Ridgeline AI Contracts"),
    "uk-agreement-caldera": Target("docx", "Caldera Legal"),
    "amendment-arden": Target("docx", "Arden Neural Legal"),
    "clinical-ai-aster": Target("docx", "Aster Clinical AI"),
    # ---- PDF
    "api-commercial-terms-zephyr": Target("pdf", "Zephyr Compute", "Letter", footer="page_of"),
    "enterprise-ai-agreement-solace": Target("pdf", "Solace Intelligence", "A4", footer="confidential"),
    "dpa-cirrus": Target("pdf", "Cirrus Language Technologies", "A4", header="Data Processing Agreement - Cirrus / Banque Lemaire"),
    "order-form-beacon": Target("pdf", "Beacon ML", "Letter", header="Beacon ML - Order Form BML-2024-0117", footer="confidential"),
    "uk-msa-blackthorn": Target("pdf", "Blackthorn Cognitive", "A4"),
    "privacy-commitments-stratus": Target("pdf", "Stratus AI", "Letter", header="Stratus AI | Enterprise Privacy Commitments"),
    "dpa-kittiwake": Target("pdf", "Kittiwake AI", "A4", footer="confidential"),
    "baa-juniper": Target("pdf", "Juniper Clinical Language", "Letter"),
    "ai-msa-tamarack": Target("pdf", "Tamarack AI", "Letter", footer="confidential"),
    "service-schedule-wren": Target("pdf", "Wren Document Intelligence", "A4", header="Schedule 3 - Service Description (Claims Document Intelligence)"),
    "side-letter-marlin": Target("pdf", "Marlin Foundation Models", "Letter", header="Side Letter - Marlin / Union Quay Bank"),
}

# Public-vendor-terms styles (fixtures/vendor-terms): numbering a lawyer must be able to cite.
VENDOR_TARGETS: dict[str, Target] = {
    "osprey-service-terms": Target("docx", "Osprey Cloud Legal"),
    "halden-product-terms": Target("pdf", "Halden AI", "Letter", header="Halden AI Product Terms"),
}

SAMPLE_NAME = "draft-ai-services-agreement"
SAMPLE_TARGET = Target("docx", "Corvane AI Legal")


# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # title | h1 | h2 | para | bullet | sub | table
    text: str = ""
    rows: list[list[str]] | None = None


_SUB = re.compile(r"^\((?:[a-z]{1,4}|[ivx]+|\d{1,2})\)\s")


def parse(source: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []
    seen_title = False

    def flush_para() -> None:
        if para:
            text = " ".join(p.strip() for p in para)
            if text.startswith("- "):
                blocks.append(Block("bullet", text[2:].strip()))
            elif _SUB.match(text):
                blocks.append(Block("sub", text))
            else:
                blocks.append(Block("para", text))
            para.clear()

    def flush_table() -> None:
        if table:
            blocks.append(Block("table", rows=[r[:] for r in table]))
            table.clear()

    for raw in source.splitlines():
        line = raw.rstrip()
        if line.startswith("| "):
            flush_para()
            if set(line.strip()) <= set("|-: "):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            table.append(cells)
            continue
        flush_table()
        if not line.strip():
            flush_para()
        elif line.startswith("## "):
            flush_para()
            blocks.append(Block("h2", line[3:].strip()))
        elif line.startswith("# "):
            flush_para()
            blocks.append(Block("h1" if seen_title else "title", line[2:].strip()))
            seen_title = True
        elif line.startswith("- ") and para:
            flush_para()
            para.append(line)
        else:
            para.append(line)
    flush_para()
    flush_table()
    for b in blocks:
        if b.kind == "table":
            width = max(len(r) for r in b.rows or [])
            b.rows = [r + [""] * (width - len(r)) for r in b.rows or []]
    return blocks


def title_of(blocks: list[Block]) -> str:
    for b in blocks:
        if b.kind == "title":
            return b.text
    return "Agreement"


# --------------------------------------------------------------------------- DOCX


def build_docx(blocks: list[Block], target: Target) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, Inches

    doc = Document()
    title = title_of(blocks)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0

    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(1)
    hp = section.header.paragraphs[0]
    hp.text = target.header or title
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = section.footer.paragraphs[0]
    fp.text = "Confidential"
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for b in blocks:
        if b.kind == "title":
            doc.add_paragraph(b.text, style="Title")
        elif b.kind == "h1":
            doc.add_heading(b.text, level=1)
        elif b.kind == "h2":
            doc.add_heading(b.text, level=2)
        elif b.kind == "bullet":
            doc.add_paragraph(b.text, style="List Bullet")
        elif b.kind == "sub":
            p = doc.add_paragraph(b.text)
            p.paragraph_format.left_indent = Inches(0.4)
        elif b.kind == "para":
            doc.add_paragraph(b.text)
        elif b.kind == "table":
            rows = b.rows or []
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    cell = t.cell(i, j)
                    cell.text = value
                    cell.paragraphs[0].paragraph_format.space_after = Pt(2)
                    if i == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            doc.add_paragraph("")

    cp = doc.core_properties
    cp.title = title
    cp.author = target.author
    cp.last_modified_by = target.author
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_DATE.replace(tzinfo=None)
    cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.last_printed = FIXED_DATE.replace(tzinfo=None)

    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed entry timestamps and attributes (python-docx stamps the wall clock)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 3
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF

_PDF_CHARS = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ",
    "\u2022": "-", "\u00a7": "Section ", "\u2264": "<=", "\u2265": ">=",
    "\u00e9": "e", "\u00e8": "e", "\u00fc": "u", "\u00f6": "o", "\u00e4": "a",
    "\u20ac": "EUR ", "\u00a3": "GBP ",
}


def ascii_text(text: str) -> str:
    for k, v in _PDF_CHARS.items():
        text = text.replace(k, v)
    bad = sorted({c for c in text if ord(c) > 126})
    if bad:
        raise SystemExit(f"non-ASCII characters left for PDF output: {bad!r}")
    return text


def build_pdf(blocks: list[Block], target: Target) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    title = ascii_text(title_of(blocks))
    header_text = ascii_text(target.header or title)

    class Doc(FPDF):
        def header(self) -> None:  # noqa: D401 - fpdf hook
            self.set_font("Helvetica", "I", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, header_text, align="R", new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(160, 160, 160)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(4)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", "", 8)
            self.set_text_color(90, 90, 90)
            if target.footer == "confidential":
                text = f"Confidential - {self.page_no()}"
            else:
                text = f"Page {self.page_no()} of {{nb}}"
            self.cell(0, 6, text, align="C")
            self.set_text_color(0, 0, 0)

    pdf = Doc(orientation="P", unit="mm", format=target.page)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer("build_fixtures.py (fpdf2)")
    pdf.set_title(title)
    pdf.set_author(ascii_text(target.author))
    pdf.set_creator("build_fixtures.py")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    body_h = 4.8
    for b in blocks:
        if b.kind == "title":
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 7, ascii_text(b.text), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif b.kind in ("h1", "h2"):
            if pdf.get_y() > pdf.h - 40:  # keep headings with their text
                pdf.add_page()
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 11 if b.kind == "h1" else 10)
            pdf.multi_cell(0, 6, ascii_text(b.text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif b.kind in ("para", "sub", "bullet"):
            pdf.set_font("Helvetica", "", 10)
            indent = {"para": 0, "sub": 7, "bullet": 7}[b.kind]
            text = ascii_text(b.text)
            if b.kind == "bullet":
                text = "- " + text
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(pdf.epw - indent, body_h, text, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.6)
        elif b.kind == "table":
            rows = b.rows or []
            pdf.set_font("Helvetica", "", 8.5)
            pdf.ln(1)
            with pdf.table(
                text_align="LEFT",
                line_height=4.4,
                padding=1.5,
                headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
                repeat_headings=1,
            ) as table:
                for row in rows:
                    r = table.row()
                    for value in row:
                        r.cell(ascii_text(value))
            pdf.ln(3)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- main


def render(src: Path, target: Target) -> bytes:
    blocks = parse(src.read_text(encoding="utf-8"))
    if target.fmt == "docx":
        return build_docx(blocks, target)
    if target.fmt == "pdf":
        return build_pdf(blocks, target)
    raise ValueError(target.fmt)


def jobs(which: set[str]) -> list[tuple[Path, Path, Target]]:
    out: list[tuple[Path, Path, Target]] = []
    if "corpus" in which:
        names = {p.stem for p in SRC.glob("*.txt")}
        unknown = names - TARGETS.keys()
        missing = TARGETS.keys() - names
        if unknown or missing:
            raise SystemExit(f"sources without a target: {sorted(unknown)}; targets without a source: {sorted(missing)}")
        for name in sorted(TARGETS):
            t = TARGETS[name]
            out.append((SRC / f"{name}.txt", CORPUS / f"{name}.{t.fmt}", t))
    if "vendor" in which:
        names = {p.stem for p in (VENDOR / "_src").glob("*.txt")}
        if names != VENDOR_TARGETS.keys():
            raise SystemExit(f"vendor sources {sorted(names)} do not match VENDOR_TARGETS {sorted(VENDOR_TARGETS)}")
        for name in sorted(VENDOR_TARGETS):
            t = VENDOR_TARGETS[name]
            out.append((VENDOR / "_src" / f"{name}.txt", VENDOR / f"{name}.{t.fmt}", t))
    if "sample" in which:
        out.append((SAMPLES / f"{SAMPLE_NAME}.txt", SAMPLES / f"{SAMPLE_NAME}.docx", SAMPLE_TARGET))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    groups = {"corpus", "vendor", "sample"}
    ap.add_argument("what", nargs="*", metavar="{corpus,vendor,sample}", help="what to build (default: all)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if any output is stale")
    args = ap.parse_args(argv)
    which = set(args.what or groups)
    if which - groups:
        ap.error(f"unknown target(s): {sorted(which - groups)}")
    stale = 0
    for src, dst, target in jobs(which):
        data = render(src, target)
        rel = dst.relative_to(ROOT)
        if args.check:
            if not dst.exists() or dst.read_bytes() != data:
                print(f"stale: {rel}")
                stale += 1
            continue
        if dst.exists() and dst.read_bytes() == data:
            print(f"unchanged {rel}")
        else:
            dst.write_bytes(data)
            print(f"wrote     {rel} ({len(data)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
