"""Tests for auditor.ingest: real files built in tmp_path, real assertions."""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.ingest import Limits, load_document
from auditor.ingest.normalize import normalize_text
from auditor.model import Document, IngestError

# --------------------------------------------------------------------------- helpers


def check_invariants(doc: Document) -> None:
    """The Document contract every reader must honour."""
    assert doc.text == "\n\n".join(b.text for b in doc.blocks)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        assert b.text.strip() and "\n" not in b.text
        assert b.kind in ("heading", "paragraph", "table_row")
        if b.kind == "table_row":
            # Exactly the joined cells (an empty edge cell leaves " | " at an end).
            assert b.text == " | ".join(b.cells)
            assert b.header and all(c == c.strip() for c in b.cells)
        else:
            assert b.text == b.text.strip() and "  " not in b.text
    assert len(doc.sha256) == 64


def load(path: Path, **kw: object) -> Document:
    doc = load_document(path, **kw)  # type: ignore[arg-type]
    check_invariants(doc)
    return doc


def error_of(path: Path | str, **kw: object) -> IngestError:
    with pytest.raises(IngestError) as info:
        load_document(path, **kw)  # type: ignore[arg-type]
    assert "\n" not in info.value.message and info.value.message
    return info.value


def texts(doc: Document, kind: str | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def block_with(doc: Document, needle: str):
    found = [b for b in doc.blocks if needle in b.text]
    assert len(found) == 1, (needle, [b.text for b in doc.blocks])
    return found[0]


# --------------------------------------------------------------------------- normaliser


def test_normalize_text_rules() -> None:
    raw = "  \u201cCustomer\u00a0Data\u201d  means\tda\u00adta \ufb01les,\u200b \ufb02ows\n and \ufb03 \ufb00 \ufb04 "
    assert normalize_text(raw) == "\u201cCustomer Data\u201d means data files, flows and ffi ff ffl"
    assert normalize_text("it\u2019s 'quoted'") == "it\u2019s 'quoted'"  # quotes are kept
    assert normalize_text(" \u00a0\t\u200b ") == ""


# --------------------------------------------------------------------------- text


CONTRACT_TXT = """\
MASTER AI SERVICES AGREEMENT

1. DEFINITIONS
1.1 "Customer Data" means all data provided by
the Customer, including prompts and batch
inputs.
1.2 "Batch Processing" means asynchronous processing
of requests submitted through the Batch API.

Data Protection

5.2 The Supplier shall:
(a) process Customer Data only on documented
instructions, as described in
Section 7 of this Agreement; and
(b) not use Customer Data to train models.
a) lettered item
(iv) roman item
- dash bullet
\u2022 round bullet
Clause 9 Security
ARTICLE III

Schedule 2 - Data Processing Details
Annex II
Appendix A
Exhibit B
"""


def test_text_hard_wrapped_paragraphs_and_clause_starts(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT_TXT, encoding="utf-8")
    doc = load(path)
    assert doc.format == "txt" and doc.pages is None and doc.warnings == ()
    assert texts(doc) == [
        "MASTER AI SERVICES AGREEMENT",
        "1. DEFINITIONS",
        '1.1 "Customer Data" means all data provided by the Customer, including prompts and batch inputs.',
        '1.2 "Batch Processing" means asynchronous processing of requests submitted through the Batch API.',
        "Data Protection",
        "5.2 The Supplier shall:",
        "(a) process Customer Data only on documented instructions, as described in "
        "Section 7 of this Agreement; and",
        "(b) not use Customer Data to train models.",
        "a) lettered item",
        "(iv) roman item",
        "- dash bullet",
        "\u2022 round bullet",
        "Clause 9 Security",
        "ARTICLE III",
        "Schedule 2 - Data Processing Details",
        "Annex II",
        "Appendix A",
        "Exhibit B",
    ]
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["MASTER AI SERVICES AGREEMENT"] == "heading"
    assert kinds["1. DEFINITIONS"] == "heading"
    assert kinds["Data Protection"] == "heading"
    assert kinds["5.2 The Supplier shall:"] == "paragraph"
    assert kinds["Schedule 2 - Data Processing Details"] == "heading"
    wrapped = block_with(doc, "1.1")
    assert wrapped.source == "lines 4-6"
    assert block_with(doc, "Data Protection").source == "line 10"


def test_text_offsets_crlf_and_wrapped_cross_references(tmp_path: Path) -> None:
    body = (
        "The Supplier may suspend batch jobs under\r\n"
        "Clause 5.2, subject to the notice in\r\n"
        "1.5 million requests per day.\r\n"
    )
    path = tmp_path / "crlf.txt"
    path.write_bytes(body.encode())
    doc = load(path)
    assert texts(doc) == [
        "The Supplier may suspend batch jobs under Clause 5.2, subject to the notice in 1.5 million requests per day."
    ]
    assert doc.blocks[0].source == "lines 1-3"


def test_text_all_caps_heading_and_caps_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "caps.txt"
    path.write_text(
        "LIMITATION OF LIABILITY\n"
        "IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY\n"
        "INDIRECT OR CONSEQUENTIAL LOSS ARISING FROM THE\n"
        "SERVICES.\n",
        encoding="utf-8",
    )
    doc = load(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "LIMITATION OF LIABILITY"),
        (
            "paragraph",
            "IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT OR CONSEQUENTIAL LOSS ARISING FROM THE SERVICES.",
        ),
    ]


def test_text_pipe_table(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text(
        "Retention of data:\n\nData | Purpose | Retention\nPrompts | Batch inference | 30 days\n"
        "Outputs | Delivery | 90 days\n\nEnd.\n",
        encoding="utf-8",
    )
    doc = load(path)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ("Data", "Purpose", "Retention"),
        ("Prompts", "Batch inference", "30 days"),
        ("Outputs", "Delivery", "90 days"),
    ]
    assert all(r.header == ("Data", "Purpose", "Retention") for r in rows)
    assert rows[1].text == "Prompts | Batch inference | 30 days" and rows[1].source == "line 4"
    assert texts(doc)[0] == "Retention of data:" and texts(doc)[-1] == "End."


def test_text_key_value_particulars_with_wrapped_keys_and_values(tmp_path: Path) -> None:
    """An order form's particulars laid out as a key column and a value column: a key wrapped over
    two lines and a value wrapped in its column are one "Key: value" block each, not one paragraph."""
    path = tmp_path / "particulars.txt"
    path.write_text(
        "SECTION C - DATA PARTICULARS\n\n"
        "Hosting location:          Hong Kong (storage and\n"
        "                           processing)\n"
        "Data retention (Batch\n"
        "input files):              30 days\n"
        "Data retention (Batch\n"
        "result files):             To be agreed\n\n"
        "End.\n",
        encoding="utf-8",
    )
    doc = load(path)
    assert texts(doc)[1:4] == ["Hosting location: Hong Kong (storage and processing)",
                               "Data retention (Batch input files): 30 days",
                               "Data retention (Batch result files): To be agreed"]
    assert [b.source for b in doc.blocks[1:4]] == ["line 3", "line 5", "line 7"]


MARKDOWN = """\
# AI Services Agreement

## 2. Data *Processing*

The Supplier shall process **Customer Data** as described in the
[Data Processing Addendum](https://example.com/dpa).

| Data | Purpose | Retention |
|------|:-------:|----------:|
| Prompts | Batch inference | 30 days |
| Outputs | Delivery | 90 days |

- first list item
- second list item
  wrapped onto a second line
1. numbered item

Security Measures
-----------------
> Quoted note.
"""


def test_markdown_headings_tables_lists(tmp_path: Path) -> None:
    path = tmp_path / "agreement.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load(path)
    assert doc.format == "md"
    assert [(b.kind, b.level, b.text) for b in doc.blocks if b.kind == "heading"] == [
        ("heading", 1, "AI Services Agreement"),
        ("heading", 2, "2. Data Processing"),
        ("heading", 2, "Security Measures"),
    ]
    assert (
        "The Supplier shall process Customer Data as described in the Data Processing Addendum." in texts(doc)
    )
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ("Data", "Purpose", "Retention"),
        ("Prompts", "Batch inference", "30 days"),
        ("Outputs", "Delivery", "90 days"),
    ]
    assert all(r.header == ("Data", "Purpose", "Retention") for r in rows)
    assert "first list item" in texts(doc, "paragraph")
    assert "second list item wrapped onto a second line" in texts(doc, "paragraph")
    assert "1. numbered item" in texts(doc, "paragraph")
    assert "Quoted note." in texts(doc)
    assert "---" not in doc.text and "|---" not in doc.text


def test_same_markdown_content_as_txt_is_not_markdown(tmp_path: Path) -> None:
    path = tmp_path / "agreement.txt"
    path.write_text("# Heading\n\nBody text.\n", encoding="utf-8")
    doc = load(path)
    assert doc.format == "txt"
    assert texts(doc) == ["# Heading", "Body text."]


def test_cp1252_decoded_with_warning(tmp_path: Path) -> None:
    text = "The Supplier\u2019s \u201cBatch Services\u201d \u2013 caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u20ac 500.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = load(path)
    assert doc.text == text.strip()
    assert any("cp1252" in w for w in doc.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_bom_encodings(tmp_path: Path, encoding: str) -> None:
    text = "1. Definitions\n1.1 \u201cBatch\u201d means caf\u00e9 jobs.\n"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "bom.txt"
    path.write_bytes(raw)
    doc = load(path)
    assert texts(doc) == ["1. Definitions", "1.1 \u201cBatch\u201d means caf\u00e9 jobs."]
    assert doc.warnings == ()


def test_utf16_without_bom_is_decoded_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "nobom.txt"
    path.write_bytes("1. Batch jobs are covered.\n".encode("utf-16-le"))
    doc = load(path)
    assert texts(doc) == ["1. Batch jobs are covered."]
    assert doc.warnings == ("decoded as utf-16-le (no byte-order mark)",)


def test_sha256_of_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    raw = b"Clause text.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    assert load(path).sha256 == hashlib.sha256(raw).hexdigest()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_text_property_offsets_or_ingest_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.md"
        path.write_bytes(text.encode("utf-8"))
        try:
            doc = load_document(path)
        except IngestError as exc:
            assert exc.code in ("empty", "unsupported_format", "corrupt")
            return
        check_invariants(doc)


# --------------------------------------------------------------------------- DOCX

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(fragment)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def build_docx(path: Path) -> Path:
    """A DOCX with tracked changes, content controls, a hyperlink, a field,
    a table with a nested table, and headings of several kinds."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "RUNNING HEADER NOT BODY"
    doc.sections[0].footer.paragraphs[0].text = "RUNNING FOOTER NOT BODY"
    doc.add_heading("AI Services Agreement", 0)
    doc.add_heading("1. Data Processing", 1)

    p = doc.add_paragraph("The Supplier shall ")
    rid = doc.part.relate_to("https://example.com/policy", RT.HYPERLINK, is_external=True)
    r_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    for fragment in (
        f'<w:ins {W_NS} w:id="1" w:author="Counsel" w:date="2024-01-01T00:00:00Z">{_run("not ")}</w:ins>',
        f'<w:del {W_NS} w:id="2" w:author="Counsel" w:date="2024-01-01T00:00:00Z">'
        '<w:r><w:delText xml:space="preserve">never </w:delText></w:r></w:del>',
        f"<w:r {W_NS}><w:t xml:space=\"preserve\">retain batch inputs longer than</w:t></w:r>",
        f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Period"/></w:sdtPr><w:sdtContent>{_run(" 30 days")}'
        "</w:sdtContent></w:sdt>",
        f"<w:r {W_NS}><w:t xml:space=\"preserve\"> under the</w:t></w:r>",
        f'<w:hyperlink {W_NS} {r_ns} r:id="{rid}">{_run(" retention policy")}</w:hyperlink>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W_NS}><w:instrText xml:space="preserve"> REF period \\h </w:instrText></w:r>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {W_NS}><w:t>.</w:t></w:r>',
        f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:moveFrom {W_NS} w:id="3" w:author="Counsel">{_run(" MOVED AWAY")}</w:moveFrom>',
    ):
        p._p.append(_xml(fragment))

    p2 = doc.add_paragraph("Covers real")
    for fragment in (
        f"<w:r {W_NS}><w:noBreakHyphen/><w:t>time</w:t><w:tab/><w:t>and</w:t><w:br/><w:t>batch</w:t></w:r>",
        f'<w:smartTag {W_NS} w:uri="urn:x" w:element="place">{_run(" jobs")}</w:smartTag>',
        f'<w:fldSimple {W_NS} w:instr=" DOCPROPERTY Scope ">{_run(" everywhere")}</w:fldSimple>',
        f'<w:customXml {W_NS} w:element="scope">{_run(".")}</w:customXml>',
    ):
        p2._p.append(_xml(fragment))

    deleted = doc.add_paragraph()
    deleted._p.append(
        _xml(
            f'<w:del {W_NS} w:id="4" w:author="Counsel">'
            '<w:r><w:delText>Deleted clause about training.</w:delText></w:r></w:del>'
        )
    )
    doc.add_paragraph("")  # empty paragraph: skipped

    table = doc.add_table(rows=3, cols=3)
    for r, values in enumerate(
        [("Data", "Purpose", "Retention"), ("Prompts", "Batch inference", "30 days"), ("Outputs", "", "90 days")]
    ):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    nested = table.cell(2, 1).add_table(1, 2)
    nested.cell(0, 0).text = "Inner A"
    nested.cell(0, 1).text = "Inner B"

    holder = doc.add_paragraph()
    holder._p.addprevious(
        _xml(
            f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="Batch clause"/></w:sdtPr><w:sdtContent>'
            f"<w:p>{_run('Batch jobs are covered by this clause.')}</w:p></w:sdtContent></w:sdt>"
        )
    )
    holder._p.getparent().remove(holder._p)

    style = doc.styles.add_style("Contract Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Heading 2"]
    doc.add_paragraph("2. Security", style="Contract Heading")
    outlined = doc.add_paragraph("Schedule 1 Processing Details")
    outlined._p.get_or_add_pPr().append(_xml(f'<w:outlineLvl {W_NS} w:val="2"/>'))
    doc.add_paragraph("The Supplier shall encrypt Customer Data.")
    numbered = doc.add_paragraph("Keys are rotated yearly.")
    numbered._p.get_or_add_pPr().append(
        _xml(f'<w:numPr {W_NS}><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
    )
    doc.save(str(path))
    return path


def test_docx_full_walk(tmp_path: Path) -> None:
    doc = load(build_docx(tmp_path / "agreement.docx"))
    assert doc.format == "docx" and doc.pages is None and doc.warnings == ()
    assert texts(doc) == [
        "AI Services Agreement",
        "1. Data Processing",
        "The Supplier shall not retain batch inputs longer than 30 days under the retention policy.",
        "Covers real-time and batch jobs everywhere.",
        "Data | Purpose | Retention",
        "Prompts | Batch inference | 30 days",
        "Outputs | Inner A Inner B | 90 days",
        "Batch jobs are covered by this clause.",
        "2. Security",
        "Schedule 1 Processing Details",
        "The Supplier shall encrypt Customer Data.",
        "Keys are rotated yearly.",
    ]
    assert "never" not in doc.text and "MOVED" not in doc.text and "REF" not in doc.text
    assert "Deleted clause" not in doc.text and "RUNNING" not in doc.text

    title, h1 = doc.blocks[0], doc.blocks[1]
    assert (title.kind, title.level, title.style) == ("heading", 0, "Title")
    assert (h1.kind, h1.level, h1.style) == ("heading", 1, "Heading 1")
    custom = block_with(doc, "2. Security")
    assert (custom.kind, custom.level, custom.style) == ("heading", 2, "Contract Heading")
    outlined = block_with(doc, "Schedule 1")
    assert (outlined.kind, outlined.level) == ("heading", 3)
    assert block_with(doc, "shall not retain").kind == "paragraph"
    assert block_with(doc, "shall not retain").source == "paragraph 3"

    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.source for r in rows] == ["table 1, row 1", "table 1, row 2", "table 1, row 3"]
    assert all(r.header == ("Data", "Purpose", "Retention") for r in rows)
    assert rows[2].cells == ("Outputs", "Inner A Inner B", "90 days")
    assert all(b.numbering is None and b.page is None for b in doc.blocks)
    listed = block_with(doc, "Keys are rotated")
    assert (listed.kind, listed.level) == ("paragraph", 2)  # list level from w:ilvl; number not rendered


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes | None] | None = None, add: dict | None = None) -> Path:
    """Copy a ZIP, replacing (or with None removing) entries and adding new ones."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    zout.writestr(info.filename, replace[info.filename])
                continue
            zout.writestr(info, zin.read(info.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def test_docx_entity_declaration_is_unsafe(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "ok.docx")
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    bad = rewrite_zip(src, tmp_path / "evil.docx", {"word/document.xml": evil})
    assert error_of(bad).code == "unsafe"


def test_docx_zip_bomb_declared_size_and_ratio(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "ok.docx")
    # An entry that declares more than a small limit allows.
    big = rewrite_zip(src, tmp_path / "big.docx", add={"word/media/blob.bin": os.urandom(300_000)})
    err = error_of(big, limits=Limits(max_uncompressed_bytes=250_000))
    assert err.code == "unsafe" and "zip bomb" in err.message
    # A highly compressible entry trips the default ratio check.
    bomb = rewrite_zip(src, tmp_path / "bomb.docx", add={"word/media/zeros.bin": b"\0" * (4 * 1024 * 1024)})
    err = error_of(bomb)
    assert err.code == "unsafe" and "ratio" in err.message


def test_docx_missing_or_broken_document_part(tmp_path: Path) -> None:
    src = build_docx(tmp_path / "ok.docx")
    missing = rewrite_zip(src, tmp_path / "missing.docx", {"word/document.xml": None})
    err = error_of(missing)
    assert err.code == "corrupt" and "word/document.xml" in err.message
    broken = rewrite_zip(src, tmp_path / "broken.docx", {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert error_of(broken).code == "corrupt"
    no_body = rewrite_zip(
        src,
        tmp_path / "nobody.docx",
        {"word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'},
    )
    assert error_of(no_body).code == "corrupt"


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert error_of(path).code == "empty"


def test_corrupt_and_foreign_zips(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(range(200)) * 3)
    assert error_of(corrupt).code == "corrupt"

    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(build_docx(tmp_path / "ok.docx").read_bytes()[:3000])
    assert error_of(truncated).code == "corrupt"

    xlsx = tmp_path / "sheet.docx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    err = error_of(xlsx)
    assert err.code == "unsupported_format" and "Excel" in err.message

    plain = tmp_path / "archive.zip"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("notes.txt", "hello")
    assert error_of(plain).code == "unsupported_format"


# --------------------------------------------------------------------------- PDF


def _contract_pdf_bytes(pages_with_text: bool = True) -> bytes:
    from fpdf import FPDF

    class ContractPDF(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 9)
            self.cell(0, 8, "ACME AI Services Agreement - Draft v3 - Confidential", align="C")
            self.ln(14)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 9)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    def line(text: str, gap: float = 0) -> None:
        pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    def heading(text: str) -> None:
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Helvetica", "", 11)

    pdf = ContractPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    heading("1. Data Processing")
    line("1.1 The Supplier shall process Customer Data only on the documented")
    line("instructions of the Customer, including for batch processing.", gap=5)
    line("1.2 The Supplier shall apply the data reten-")
    line("tion policy in Schedule 2 to every batch job.", gap=5)
    pdf.set_y(255)
    line("1.3 The Supplier shall ensure that all batch processing jobs submitted")
    line("through the Batch API and all related output files")
    pdf.add_page()
    line("are processed and stored within the European Economic Area.", gap=5)
    heading("2. Retention")
    with pdf.table(col_widths=(40, 60, 40)) as table:
        for values in [
            ("Data", "Purpose", "Retention"),
            ("Prompts", "Batch inference", "30 days"),
            ("Outputs", "Delivery to Customer", "90 days"),
        ]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(5)
    line("2.1 Retention periods in the table above apply to batch and real-time")
    line("requests alike.")
    pdf.add_page()
    heading("3. Security")
    line("3.1 The Supplier shall encrypt Customer Data at rest and in transit.")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def contract_pdf_bytes() -> bytes:
    return _contract_pdf_bytes()


def test_pdf_layout(tmp_path: Path, contract_pdf_bytes: bytes) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(contract_pdf_bytes)
    doc = load(path)
    assert doc.format == "pdf" and doc.pages == 3 and doc.warnings == ()
    assert "ACME AI Services Agreement" not in doc.text  # running header
    assert "Page 1 of 3" not in doc.text and "of 3" not in doc.text  # footer
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "table_row"] == [
        ("heading", "1. Data Processing"),
        (
            "paragraph",
            "1.1 The Supplier shall process Customer Data only on the documented instructions of the "
            "Customer, including for batch processing.",
        ),
        ("paragraph", "1.2 The Supplier shall apply the data retention policy in Schedule 2 to every batch job."),
        (
            "paragraph",
            "1.3 The Supplier shall ensure that all batch processing jobs submitted through the Batch API and "
            "all related output files are processed and stored within the European Economic Area.",
        ),
        ("heading", "2. Retention"),
        ("paragraph", "2.1 Retention periods in the table above apply to batch and real-time requests alike."),
        ("heading", "3. Security"),
        ("paragraph", "3.1 The Supplier shall encrypt Customer Data at rest and in transit."),
    ]
    crossing = block_with(doc, "1.3 The Supplier")
    assert (crossing.page, crossing.page_end, crossing.source) == (1, 2, "pages 1-2")
    assert block_with(doc, "1.1 The Supplier").page == 1
    assert block_with(doc, "3.1").page == 3 and block_with(doc, "3.1").page_end == 3
    assert block_with(doc, "1. Data Processing").level == 1

    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ("Data", "Purpose", "Retention"),
        ("Prompts", "Batch inference", "30 days"),
        ("Outputs", "Delivery to Customer", "90 days"),
    ]
    assert all(r.header == ("Data", "Purpose", "Retention") and r.page == 2 for r in rows)
    assert rows[1].source == "page 2, table 1, row 2"
    # The table sits between the heading and 2.1, and its words are not running text.
    order = texts(doc)
    assert order.index("2. Retention") < order.index("Data | Purpose | Retention") < order.index(
        "2.1 Retention periods in the table above apply to batch and real-time requests alike."
    )
    assert doc.text.count("Batch inference") == 1


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (180, 40, 40)).save(buf, "PNG")
    return buf.getvalue()


def test_pdf_order_form_label_lines_are_statements_apart(tmp_path: Path) -> None:
    """Short "Label: value" lines under each other in a PDF, with no full stops and no gaps, are
    read one by one, as in a text file: the batch product in "Services:" does not reach the
    hosting line under it."""
    from fpdf import FPDF

    from auditor.pipeline import audit_path
    from auditor.rules import load_ruleset

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "1. Data\n1.1 We will store Customer Content only in the hosting region selected in your Order, "
                         "and we will keep it confidential.")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Order summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in ("Services: Responses API; Batch API", "Hosting region: Canada", "Zero data retention: Enabled",
                 "Term: 12 months"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "order.pdf"
    pdf.output(str(path))
    texts = [b.text for b in load_document(path).blocks]
    assert "Services: Responses API; Batch API" in texts and "Hosting region: Canada" in texts
    report = audit_path(str(path), load_ruleset())
    assert report.topics["residency"] == "implied"


def test_pdf_image_only_page_warns_and_image_only_document_has_no_text(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "1. The Supplier shall process batch jobs.")
    pdf.add_page()
    pdf.image(io.BytesIO(_png_bytes()), x=20, y=20, w=120)
    mixed = tmp_path / "mixed.pdf"
    mixed.write_bytes(bytes(pdf.output()))
    doc = load(mixed)
    assert doc.pages == 2
    assert doc.warnings == ("page 2 has images but no text layer (scanned?)",)
    assert texts(doc) == ["1. The Supplier shall process batch jobs."]

    scan = FPDF()
    for _ in range(2):
        scan.add_page()
        scan.image(io.BytesIO(_png_bytes()), x=10, y=10, w=150)
    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(bytes(scan.output()))
    err = error_of(scanned)
    assert (err.code, err.message) == ("no_text", "no text layer (scanned?)")

    drawn = FPDF()
    drawn.add_page()
    drawn.rect(20, 20, 100, 60, style="F")
    vector = tmp_path / "vector.pdf"
    vector.write_bytes(bytes(drawn.output()))
    assert error_of(vector).code == "no_text"


def test_pdf_encryption(tmp_path: Path) -> None:
    from fpdf import FPDF

    def make(**kw: str) -> bytes:
        pdf = FPDF()
        pdf.set_encryption(**kw)
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(0, 10, "Batch processing is covered.")
        return bytes(pdf.output())

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(make(owner_password="owner", user_password="secret"))
    err = error_of(locked)
    assert err.code == "encrypted" and "password" in err.message

    owner_only = tmp_path / "owner-only.pdf"
    owner_only.write_bytes(make(owner_password="owner"))
    assert texts(load(owner_only)) == ["Batch processing is covered."]


def test_pdf_truncated_and_garbage(tmp_path: Path, contract_pdf_bytes: bytes) -> None:
    for cut in (len(contract_pdf_bytes) // 2, len(contract_pdf_bytes) - 30, 200):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(contract_pdf_bytes[:cut])
        assert error_of(path).code == "corrupt"
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + random.Random(3).randbytes(2000) + b"\n%%EOF\n")
    assert error_of(garbage).code == "corrupt"


def test_pdf_page_limit(tmp_path: Path, contract_pdf_bytes: bytes) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(contract_pdf_bytes)
    assert error_of(path, limits=Limits(max_pages=2)).code == "too_large"


def _line(text: str, top: float, *, x0: float = 72.0, full: bool = True, size: float = 11.0, bold: bool = False):
    from auditor.ingest.pdf import Line

    x1 = 540.0 if full else x0 + 5.5 * len(text)
    return Line(text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size, bold=bold)


def test_pdf_layout_rules_on_synthetic_pages() -> None:
    """Header/footer removal, headings, gaps and page joins without a PDF."""
    from auditor.ingest.pdf import PageContent
    from auditor.ingest.pdf_layout import is_page_number, join_lines, layout_document

    footers = ["Page 1", "- 2 -", "3 | Confidential", "Page 4 of 4"]
    pages = []
    for n in range(1, 5):
        page = PageContent(number=n, width=612.0, height=792.0)
        page.lines.append(_line(f"Draft {n + 6} printed 2024-05-0{n}", 30.0, full=False))
        if n == 1:
            page.lines.append(_line("ORDER FORM 7", 50.0, full=False))  # top zone, not repeated: kept
        page.lines.append(_line(footers[n - 1], 760.0, x0=290.0, full=False))
        pages.append(page)
    body = pages[0].lines
    body[1:1] = [
        _line("The Supplier shall comply with the data protection laws, including", 100.0),
        _line("the GDPR", 114.0, full=False),
        _line("and all guidance of the competent supervisory authorities in force.", 128.0, full=False),
        _line("A second paragraph after a clear gap, processed by the", 170.0),
    ]
    pages[1].lines[1:1] = [
        _line("Supplier in its batch processing facilities.", 100.0, full=False),
        _line("DATA SECURITY", 140.0, full=False),
        _line("Encryption applies.", 160.0, full=False),
    ]
    pages[2].lines[1:1] = [_line("The first paragraph of page three ends here.", 100.0, full=False)]
    pages[3].lines[1:1] = [_line("The Supplier starts a new paragraph on page four.", 100.0, full=False)]

    drafts, warnings = layout_document(pages)
    assert warnings == []
    assert [(d.kind, d.text, d.page, d.page_end) for d in drafts] == [
        ("heading", "ORDER FORM 7", 1, 1),
        (
            "paragraph",
            "The Supplier shall comply with the data protection laws, including the GDPR and all guidance of the "
            "competent supervisory authorities in force.",
            1,
            1,
        ),
        ("paragraph", "A second paragraph after a clear gap, processed by the Supplier in its batch processing facilities.", 1, 2),
        ("heading", "DATA SECURITY", 2, 2),
        ("paragraph", "Encryption applies.", 2, 2),
        ("paragraph", "The first paragraph of page three ends here.", 3, 3),
        ("paragraph", "The Supplier starts a new paragraph on page four.", 4, 4),
    ]
    assert all(is_page_number(f) for f in footers + ["iv", "(3)", "Page 3 / 12"])
    assert not is_page_number("3. Fees") and not is_page_number("Schedule 3")
    assert join_lines(["data reten-", "tion and COVID-", "19 and long-", "Term"]) == "data retention and COVID-19 and long-Term"


# --------------------------------------------------------------------------- detection


def test_detection_by_content_not_extension(tmp_path: Path, contract_pdf_bytes: bytes) -> None:
    docx_bytes = build_docx(tmp_path / "real.docx").read_bytes()
    fake_pdf = tmp_path / "agreement.pdf"
    fake_pdf.write_bytes(docx_bytes)
    doc = load(fake_pdf)
    assert doc.format == "docx" and doc.pages is None
    assert any(".pdf" in w and "DOCX" in w for w in doc.warnings)

    fake_docx = tmp_path / "agreement.docx"
    fake_docx.write_bytes(contract_pdf_bytes)
    doc = load(fake_docx)
    assert doc.format == "pdf" and doc.pages == 3
    assert any(".docx" in w and "PDF" in w for w in doc.warnings)

    unnamed = tmp_path / "agreement"
    unnamed.write_bytes(b"1. Plain text agreement.\n")
    doc = load(unnamed)
    assert doc.format == "txt" and doc.warnings == ()

    prefixed = tmp_path / "prefixed.bin"
    prefixed.write_bytes(b"\r\n" * 10 + contract_pdf_bytes)  # %PDF- within the first 1024 bytes
    assert load(prefixed).format == "pdf"


# --------------------------------------------------------------------------- bad input


def test_missing_empty_and_whitespace(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.pdf").code == "not_found"
    assert error_of(str(tmp_path / "nope" / "deeper.txt")).code == "not_found"
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert error_of(empty).code == "empty"
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\n\u00a0\u200b\n", encoding="utf-8")
    assert error_of(blank).code == "empty"
    assert error_of(tmp_path).code == "unreadable"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    try:
        assert error_of(path).code == "unreadable"
    finally:
        path.chmod(0o644)


def test_permission_error_maps_to_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too: the OS error itself is simulated."""
    import auditor.ingest as ingest

    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    err = error_of(path)
    assert err.code == "unreadable" and "permission denied" in err.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_unreadable(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert error_of(fifo).code == "unreadable"


def test_binary_and_foreign_formats(tmp_path: Path) -> None:
    noise = tmp_path / "noise.txt"
    noise.write_bytes(random.Random(7).randbytes(4096))
    err = error_of(noise)
    assert (err.code, err.message) == ("unsupported_format", "binary data, not a document")

    controls = tmp_path / "controls.txt"
    controls.write_bytes(b"text \x01\x02\x03\x04\x05\x06\x07\x08 more " * 20)
    assert error_of(controls).code == "unsupported_format"

    png = tmp_path / "scan.pdf.png"
    png.write_bytes(_png_bytes())
    assert error_of(png).code == "unsupported_format"

    ole = tmp_path / "legacy.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le"))
    err = error_of(ole)  # converted with LibreOffice when installed: only a header, so not convertible
    has_libreoffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert err.code == ("corrupt" if has_libreoffice else "needs_libreoffice") and ".doc" in err.message

    encrypted_office = tmp_path / "locked.docx"
    encrypted_office.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    )
    assert error_of(encrypted_office).code == "encrypted"


def test_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("1. Batch processing clause.\n" * 50, encoding="utf-8")
    assert error_of(path, limits=Limits(max_file_bytes=100)).code == "too_large"
    assert error_of(path, limits=Limits(max_chars=200)).code == "too_large"
    assert len(load(path).blocks) == 50


def test_limits_validation() -> None:
    assert Limits().max_file_bytes == 200 * 1024 * 1024
    assert Limits().max_pages == 2000 and Limits().max_ratio == 200 and Limits().max_chars == 20_000_000
    with pytest.raises(ValueError):
        Limits(max_pages=0)
    with pytest.raises(Exception):
        Limits().max_pages = 5  # type: ignore[misc]


def test_mutated_files_never_raise_anything_but_ingest_error(tmp_path: Path, contract_pdf_bytes: bytes) -> None:
    """Truncations and byte flips of real PDF and DOCX files either load or
    fail with IngestError: never another exception."""
    docx_bytes = build_docx(tmp_path / "seed.docx").read_bytes()
    rng = random.Random(1234)
    codes: set[str] = set()
    for name, seed in (("m.pdf", contract_pdf_bytes), ("m.docx", docx_bytes)):
        for i in range(25):
            data = bytearray(seed)
            if i % 3 == 0:
                data = data[: rng.randrange(1, len(data))]
            else:
                for _ in range(rng.randrange(1, 20)):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            path = tmp_path / f"{i}-{name}"
            path.write_bytes(bytes(data))
            try:
                check_invariants(load_document(path))
            except IngestError as exc:
                codes.add(exc.code)
    assert codes <= {"corrupt", "unsupported_format", "empty", "no_text", "unsafe", "encrypted"}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0"]),
    st.binary(max_size=600),
)
def test_arbitrary_bytes_only_ingest_errors(prefix: bytes, payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.docx"
        path.write_bytes(prefix + payload)
        try:
            check_invariants(load_document(path))
        except IngestError as exc:
            assert exc.code in {"corrupt", "unsupported_format", "empty", "no_text", "unsafe", "encrypted"}


def test_text_in_an_ascii_frame_is_prose_with_its_wrapped_lines_joined(tmp_path):
    """A one-column "| ... |" box with "+----+" borders is a framed passage, not a table: its
    lines are read as paragraphs, a numbered item starting each, nothing dropped."""
    path = tmp_path / "order.txt"
    path.write_text(
        "4. SPECIAL TERMS\n\n"
        "+----------------------------------------------------------+\n"
        "| SPECIAL TERMS - these prevail over the Key Terms          |\n"
        "|                                                          |\n"
        "| 1. Zero data retention applies to the Messages API.      |\n"
        "| 2. Batch jobs: zero data retention is not available.     |\n"
        "|    Result files are held for 29 days from job creation.  |\n"
        "+----------------------------------------------------------+\n", encoding="utf-8")
    doc = load_document(str(path))
    texts = [b.text for b in doc.blocks]
    assert not any(b.kind == "table_row" for b in doc.blocks)
    assert "SPECIAL TERMS - these prevail over the Key Terms" in texts
    assert "1. Zero data retention applies to the Messages API." in texts
    assert ("2. Batch jobs: zero data retention is not available. Result files are held for 29 days from job creation."
            in texts)
    assert not any("|" in t or "+--" in t for t in texts)


def test_a_table_laid_out_with_spaces_is_read_as_rows():
    """An order table in a plain-text file, its columns aligned with spaces: each line is a row with
    the header's cells, so "Item 2" can be told to be the batch line; label lines ("Customer:   Fundy")
    and two-column signature blocks stay prose."""
    from auditor.ingest import document_from_string
    text = ("Customer:          Fundy Coastal\n\n"
            "Item  Deployment Type      Monthly commitment\n"
            "1     Regional Standard    2,000,000 tokens\n"
            "2     Data Zone Batch      50,000,000 tokens\n\n"
            "FUNDY COASTAL          MARITIME CLOUD\n")
    blocks = document_from_string(text).blocks
    rows = [b for b in blocks if b.kind == "table_row"]
    assert [b.cells for b in rows] == [("Item", "Deployment Type", "Monthly commitment"),
                                       ("1", "Regional Standard", "2,000,000 tokens"),
                                       ("2", "Data Zone Batch", "50,000,000 tokens")]
    assert all(b.header == rows[0].cells for b in rows)
    prose = [b.text for b in blocks if b.kind != "table_row"]
    assert "Customer: Fundy Coastal" in prose and "FUNDY COASTAL MARITIME CLOUD" in prose


_RULED = ("Conditions by modality:\n\n"
          "  Modality        | Retention period      | Place of processing\n"
          "  ----------------+-----------------------+---------------------\n"
          "  Live API        | Not stored            | Lisbon region\n"
          "  Lot API         | Input and result      | Stored in Lisbon;\n"
          "                  | files: 21 days        | run in any EU region\n\n"
          "End.\n")
_GRID_WRAPPED = ("+--------------------+--------------+---------------+\n"
                 "| Deployment Type    | Storage and  | Retention     |\n"
                 "|                    | processing   |               |\n"
                 "+--------------------+--------------+---------------+\n"
                 "| Data Zone Standard | US only      | Prompts: 30   |\n"
                 "| (US)               |              | days          |\n"
                 "+--------------------+--------------+---------------+\n"
                 "| Data Zone Batch    | US only      | Input files:  |\n"
                 "| (US)               |              | 30 days       |\n"
                 "+--------------------+--------------+---------------+\n")


@pytest.mark.parametrize("text, cells, last_source", [
    # a header ruled off by "----+----", long cells wrapped onto lines whose first cell is empty
    (_RULED, [("Modality", "Retention period", "Place of processing"), ("Live API", "Not stored", "Lisbon region"),
              ("Lot API", "Input and result files: 21 days", "Stored in Lisbon; run in any EU region")], "lines 6-7"),
    # "+----+----+" rules between records, each record's cells wrapped over two lines
    (_GRID_WRAPPED, [("Deployment Type", "Storage and processing", "Retention"),
                     ("Data Zone Standard (US)", "US only", "Prompts: 30 days"),
                     ("Data Zone Batch (US)", "US only", "Input files: 30 days")], None),
], ids=["ruled-header", "grid-rows"])
def test_plain_text_tables_with_wrapped_cells_are_read_as_whole_rows(text, cells, last_source):
    """A table whose records wrap over several lines is read one row per record, the wrapped
    words joined to their cells (and, where a rule only sits under the header, the source naming
    every line of the row)."""
    from auditor.ingest import document_from_string
    rows = [b for b in document_from_string(text).blocks if b.kind == "table_row"]
    assert [b.cells for b in rows] == cells
    if last_source:
        assert rows[-1].source == last_source


def test_plain_text_footnotes_follow_the_clause_that_cites_them():
    """"... for 30 days.[1]" and, lower down, "[1] For batch jobs ...": the note becomes a footnote
    block right after the paragraph citing it (as a Word footnote does), its mark taken out of the
    cited text; a bracketed number nobody cites stays an ordinary line."""
    from auditor.ingest import document_from_string
    text = ("9(1) The Provider retains Inputs and Outputs for 30 days.[1]\n"
            "9(2) The Provider keeps invoices for six years.[2]\n\n"
            "[1] For asynchronous batch jobs, result files are retained for 60 days.\n"
            "[2] As tax law requires.\n"
            "[3] An uncited line.\n")
    blocks = document_from_string(text).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "9(1) The Provider retains Inputs and Outputs for 30 days."),
        ("footnote", "For asynchronous batch jobs, result files are retained for 60 days."),
        ("paragraph", "9(2) The Provider keeps invoices for six years."),
        ("footnote", "As tax law requires."),
        ("paragraph", "[3] An uncited line."),
    ]
    assert blocks[1].source == "footnote 1 (line 4)"
