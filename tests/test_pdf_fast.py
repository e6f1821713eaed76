"""The fast (PDFium) PDF reader: same blocks as the careful (pdfplumber)
reader, two-column pages, unmapped glyphs, ruled tables, and optional OCR."""

from __future__ import annotations

import io
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from auditor.ingest import Limits, load_document
from auditor.ingest.pdf import grid_tables
from auditor.ingest.pdf_layout import find_gutter
from auditor.model import Document, IngestError

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDFS = sorted((ROOT / "fixtures" / "corpus").glob("*.pdf"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_bad_fixtures import raw_pdf  # noqa: E402
from test_ingest import _contract_pdf_bytes, _png_bytes, check_invariants  # noqa: E402


def blocks(doc: Document) -> list[tuple[str, str, int | None, int | None]]:
    return [(b.text, b.kind, b.page, b.page_end) for b in doc.blocks]


def assert_same(path: Path) -> Document:
    fast = load_document(path, pdf_engine="fast")
    careful = load_document(path, pdf_engine="careful")
    check_invariants(fast)
    assert blocks(fast) == blocks(careful)
    assert [b.cells for b in fast.blocks] == [b.cells for b in careful.blocks]
    assert [b.header for b in fast.blocks] == [b.header for b in careful.blocks]
    assert [b.source for b in fast.blocks] == [b.source for b in careful.blocks]
    assert [b.level for b in fast.blocks] == [b.level for b in careful.blocks]
    assert fast.warnings == careful.warnings and fast.pages == careful.pages
    return fast


# --------------------------------------------------------------------------- fast == careful


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_fast_and_careful_agree_on_corpus(path: Path) -> None:
    assert_same(path)


def _rich_pdf() -> bytes:
    """Headings, bold run-in text, hyphenation, a table split over a page
    break, bullets, a running header/footer and a paragraph crossing pages."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            self.set_font("Times", "I", 8)
            self.cell(0, 6, "Northwind / Acme - Data Processing Addendum - Execution Version", align="R")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Times", "", 8)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Doc(format="Letter")
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("Times", "B", 16)
    pdf.multi_cell(0, 9, "DATA PROCESSING ADDENDUM", align="C", new_x="LMARGIN", new_y="NEXT")
    for n in range(1, 9):
        pdf.set_font("Times", "B", 12)
        pdf.multi_cell(0, 7, f"{n}. SECTION {n} OBLIGATIONS", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Times", "", 11)
        text = (
            f"{n}.1 The Processor shall process Personal Data, including batch inputs and batch outputs, only "
            "on documented instructions from the Controller, and shall ensure that persons authorised to "
            "process the Personal Data have committed themselves to confidentiality or are under an "
            "appropriate statutory obligation of confidentiality, including for asynchronous processing."
        )
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.multi_cell(0, 5.5, f"{n}.2 Retention. Batch job files are deleted within {n * 7} days.",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.multi_cell(0, 5.5, "- encryption at rest and in transit;", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5.5, "- access logging for every batch job.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        if n in (2, 5):
            pdf.set_font("Helvetica", "", 10)
            with pdf.table(col_widths=(50, 50, 40)) as table:
                for values in [("Data", "Mode", "Retention")] + [(f"Item {k}", "Batch API", f"{k} days") for k in range(1, 15)]:
                    row = table.row()
                    for value in values:
                        row.cell(value)
            pdf.ln(4)
    return bytes(pdf.output())


def test_fast_and_careful_agree_on_generated_pdfs(tmp_path: Path) -> None:
    rich = tmp_path / "rich.pdf"
    rich.write_bytes(_rich_pdf())
    doc = assert_same(rich)
    assert doc.pages and doc.pages >= 3
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert len(rows) == 2 * 15 and rows[0].cells == ("Data", "Mode", "Retention")
    assert all(r.header == ("Data", "Mode", "Retention") for r in rows)
    assert "Execution Version" not in doc.text and "- 2 -" not in doc.text

    contract = tmp_path / "contract.pdf"
    contract.write_bytes(_contract_pdf_bytes())
    assert_same(contract)

    path = _scanned(tmp_path, with_text_page=True)
    assert assert_same(path).warnings == ("page 2 has images but no text layer (scanned?)",)


def test_cell_text_in_one_call_is_pdfium_s_bounded_text() -> None:
    """Cell text is read into a fixed buffer in one call; pypdfium2 asks for
    the length first. Both give the same text, long or empty."""
    import pypdfium2 as pdfium

    from auditor.ingest.pdf_fast import _Text

    pdf = pdfium.PdfDocument(_rich_pdf())
    page = pdf[0]
    textpage = page.get_textpage()
    text = _Text(textpage)
    width, height = page.get_size()
    boxes = [(0, 0, width, height), (0, height / 2, width, height), (40, 300, 400, 420), (1, 1, 2, 2)]
    got = [text.inside(*box) for box in boxes]
    assert got == [textpage.get_text_bounded(*box) for box in boxes]
    assert len(got[0]) > 500 and got[3] == "" and not any("\x00" in g for g in got)
    text._cell = (text._cell._type_ * 64)()  # too small for the page: the two-call path
    assert text.inside(*boxes[0]) == got[0]
    textpage.close()
    page.close()
    pdf.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("profile", ["typical", "dense"])
def test_fast_and_careful_agree_on_libreoffice_pdf(tmp_path: Path, profile: str) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus  # benchmarks/corpus.py

    pdf = corpus.to_pdf(corpus.build_docx(tmp_path / f"{profile}.docx", 4, profile=profile), tmp_path)
    doc = assert_same(pdf)
    assert any(b.kind == "table_row" for b in doc.blocks)


# --------------------------------------------------------------------------- columns


def test_two_columns_are_read_left_then_right(tmp_path: Path) -> None:
    from fpdf import FPDF

    paras = [
        f"{i}. " + " ".join(f"The Supplier shall process clause {i} data part {j} within the agreed region." for j in range(4))
        for i in range(1, 9)
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "MASTER SERVICES AGREEMENT", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", size=10)
    with pdf.text_columns(ncols=2, gutter=12, balance=True) as cols:
        for p in paras:
            cols.write(p + "\n\n")
    path = tmp_path / "columns.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    assert [b.text for b in doc.blocks] == ["MASTER SERVICES AGREEMENT"] + paras


def test_interleaved_columns_are_split_at_the_gutter(tmp_path: Path) -> None:
    """Each row of both columns drawn together: PDFium makes one line of it."""
    import textwrap

    from fpdf import FPDF

    left = ("1. The Supplier shall retain batch inputs for no longer than thirty days after completion of each "
            "job and shall delete them afterwards without undue delay in all regions.")
    right = ("2. The Customer may audit the batch processing logs once a year on thirty days notice, and the "
             "Supplier shall cooperate with every such audit in good faith throughout the term.")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for i, (a, b) in enumerate(zip(textwrap.wrap(left, 42), textwrap.wrap(right, 42))):
        pdf.text(15, 30 + 5 * i, a)
        pdf.text(112, 30 + 5 * i, b)
    path = tmp_path / "interleaved.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert [b.text for b in load_document(path).blocks] == [left, right]


def test_find_gutter_needs_prose_on_both_sides() -> None:
    rows = [(72.0, 290.0, 100.0 + 14 * i, 110.0 + 14 * i) for i in range(12)]
    rows += [(320.0, 540.0, 100.0 + 14 * i, 110.0 + 14 * i) for i in range(12)]
    assert find_gutter(rows, 612.0) == pytest.approx(305.0)
    single = [(72.0, 540.0, 100.0 + 14 * i, 110.0 + 14 * i) for i in range(24)]
    assert find_gutter(single, 612.0) is None
    # An unruled two-column list (short labels, long values) is not two columns of prose.
    listing = [(72.0, 130.0, 100.0 + 14 * i, 110.0 + 14 * i) for i in range(12)]
    listing += [(320.0, 540.0, 100.0 + 14 * i, 110.0 + 14 * i) for i in range(12)]
    assert find_gutter(listing, 612.0) is None


def test_grid_tables_from_edges() -> None:
    h = [["h", 50.0, y, 350.0, y] for y in (100.0, 120.0, 140.5)]
    v = [["v", x, 100.0, x, 140.0] for x in (50.0, 150.0, 351.5)]
    (table,) = grid_tables(h + v)
    assert [[c is not None for c in row] for row in table] == [[True, True], [True, True]]
    assert table[0][0] == pytest.approx((50.0, 100.0, 150.0, 120.0))
    assert grid_tables([["h", 0.0, 10.0, 100.0, 10.0]]) == []


# --------------------------------------------------------------------------- unmapped glyphs


def _unmapped_pdf(unmapped_rows: int, text_rows: int) -> bytes:
    rows = []
    for i in range(unmapped_rows):
        codes = "".join(f"{36 + (i * 7 + k) % 60:04X}" for k in range(50))
        rows.append(f"BT /F1 10 Tf 50 {760 - 20 * i} Td <{codes}> Tj ET")
    for i in range(text_rows):
        rows.append(f"BT /F2 10 Tf 50 {400 - 20 * i} Td (The Supplier shall delete batch outputs, clause {i}.) Tj ET")
    stream = "\n".join(rows).encode()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


@pytest.mark.parametrize("engine", ["fast", "careful"])
def test_unmapped_glyphs_warn_or_fail(tmp_path: Path, engine: str) -> None:
    some = tmp_path / "some.pdf"
    some.write_bytes(_unmapped_pdf(1, 8))
    doc = load_document(some, pdf_engine=engine)
    assert doc.warnings == ("page 1 has 50 characters without a Unicode mapping; text may be incomplete",)
    assert doc.text.startswith("The Supplier shall delete batch outputs, clause 0.")
    assert "clause 7." in doc.text and "$" not in doc.text  # unmapped glyphs are dropped

    mostly = tmp_path / "mostly.pdf"
    mostly.write_bytes(_unmapped_pdf(12, 1))
    with pytest.raises(IngestError) as info:
        load_document(mostly, pdf_engine=engine)
    assert info.value.code == "no_text" and "no Unicode mapping" in info.value.message


# --------------------------------------------------------------------------- options and limits


def test_engine_option_and_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(_contract_pdf_bytes())
    with pytest.raises(ValueError):
        load_document(path, pdf_engine="quick")
    for engine in ("fast", "careful"):
        with pytest.raises(IngestError) as info:
            load_document(path, pdf_engine=engine, limits=Limits(max_pages=2))
        assert info.value.code == "too_large"


@pytest.mark.parametrize("engine", ["fast", "careful"])
def test_encrypted_and_owner_only(tmp_path: Path, engine: str) -> None:
    from fpdf import FPDF

    def make(owner: str, user: str | None = None) -> bytes:
        pdf = FPDF()
        pdf.set_encryption(owner_password=owner, user_password=user)
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 10, "Batch processing is covered.")
        return bytes(pdf.output())

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make("o", "u"))
    with pytest.raises(IngestError) as info:
        load_document(locked, pdf_engine=engine)
    assert info.value.code == "encrypted"
    owner = tmp_path / "owner.pdf"
    owner.write_bytes(make("o"))
    assert [b.text for b in load_document(owner, pdf_engine=engine).blocks] == ["Batch processing is covered."]


# --------------------------------------------------------------------------- OCR


def _scanned(tmp_path: Path, with_text_page: bool = False) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if with_text_page:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 8, "1. The Supplier shall process batch jobs.")
    pdf.add_page()
    pdf.image(io.BytesIO(_png_bytes()), x=10, y=10, w=150)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def test_ocr_requested_without_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(IngestError) as info:
        load_document(_scanned(tmp_path), ocr=True)
    assert info.value.code == "no_text"
    assert info.value.message.startswith("OCR requested but tesseract/pdftoppm are not installed")
    doc = load_document(_scanned(tmp_path, with_text_page=True), ocr=True)
    assert any(w.startswith("OCR requested but tesseract/pdftoppm") for w in doc.warnings)
    # Without ocr=True nothing is looked up and the usual reason is given.
    with pytest.raises(IngestError) as info:
        load_document(_scanned(tmp_path))
    assert (info.value.code, info.value.message) == ("no_text", "no text layer (scanned?)")


TSV = "\n".join([
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
    *[f"5\t1\t1\t1\t1\t{i}\t{300 + 120 * i}\t400\t100\t42\t95\t{w}" for i, w in enumerate("1. Batch inputs are".split())],
    *[f"5\t1\t1\t1\t2\t{i}\t{300 + 120 * i}\t450\t100\t42\t95\t{w}" for i, w in enumerate("deleted after thirty days.".split())],
]) + "\n"


def test_ocr_with_tools_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-in pdftoppm/tesseract scripts: the plumbing, not tesseract."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "tsv.txt").write_text(TSV, encoding="utf-8")
    scripts = {
        "pdftoppm": '#!/bin/sh\nfor last; do :; done\nprintf "PNG" > "$last.png"\n',
        "tesseract": f'#!/bin/sh\ncat "{bin_dir / "tsv.txt"}"\n',
    }
    for name, body in scripts.items():
        exe = bin_dir / name
        exe.write_text(body, encoding="utf-8")
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    doc = load_document(_scanned(tmp_path), ocr=True)
    assert [b.text for b in doc.blocks] == ["1. Batch inputs are deleted after thirty days."]
    assert doc.warnings == ("page 1 has no text layer; its text was read by OCR (check it)",)


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_coord = st.floats(min_value=0, max_value=600, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("hv"), _coord, _coord, _coord), max_size=24))
def test_grid_tables_property(raw: list[tuple[str, float, float, float]]) -> None:
    """Any edges give tables whose cells lie within the edges' extent, each
    row as wide as the table's column count."""
    edges = [[o, a, b, max(a, c), b] if o == "h" else [o, a, b, a, max(b, c)] for o, a, b, c in raw]
    for table in grid_tables(edges):
        widths = {len(row) for row in table}
        assert len(widths) == 1 and sum(c is not None for row in table for c in row) >= 2
        for row in table:
            for c in row:
                if c is not None:
                    assert c[0] < c[2] and c[1] < c[3]
                    assert -4 <= c[0] and c[2] <= 604 and -4 <= c[1] and c[3] <= 604


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_coord, _coord, _coord), max_size=40))
def test_find_gutter_property(raw: list[tuple[float, float, float]]) -> None:
    spans = [(min(a, b), max(a, b), t, t + 10) for a, b, t in raw]
    gutter = find_gutter(spans, 612.0)
    if gutter is not None:
        assert 0.3 * 612 <= gutter <= 0.7 * 612
        assert sum(1 for s in spans if s[0] < gutter < s[1]) <= 0.2 * len(spans)
