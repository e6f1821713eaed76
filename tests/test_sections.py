"""Evidence a lawyer can find: vendor numbering becomes sections, lettered
sub-clauses inside a paragraph are their own clauses, wrapped measures and
references start no section, and every quote in every report format carries
a section or a page (in a bundle, with its file)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from auditor.evaluate import evaluate, load_entries
from auditor.ingest import document_from_string, load_document
from auditor.pipeline import audit_text
from auditor.report import FORMATS
from auditor.segment import segment
from auditor.segment.inline import inline_items

from conftest import ROOT, cli

VENDOR = ROOT / "fixtures" / "vendor-terms"


def _clauses(text: str, *, markdown: bool = False):
    return segment(document_from_string(text, markdown=markdown)).clauses


def _sections(text: str, **kw: bool) -> list[tuple[str | None, str]]:
    return [(c.section, c.text[:24]) for c in _clauses(text, **kw)]


def _section_of(clauses, words: str) -> str | None:
    found = [c for c in clauses if words in c.text]
    assert found, words
    return found[0].section


# --------------------------------------------------------------------------- numbering styles


def test_lettered_vendor_sections():
    text = "\n\n".join([
        "A. SERVICES", "A.1 Access. Petrel will provide the Services.",
        "B. CUSTOMER CONTENT", "B.2 Use of Customer Content.",
        "B.2.a. Petrel will not train on Customer Content.", "B.2.b. Petrel may process Customer Content.",
        "H.1.b. On termination, Petrel will delete all Customer Content.",
    ])
    got = [c.section for c in _clauses(text)]
    assert got == ["A", "A.1", "B", "B.2", "B.2.a", "B.2.b", "H.1.b"]


def test_a_lettered_heading_numbers_the_clauses_under_it():
    text = "\n\n".join([
        "H. TERM AND TERMINATION", "1. Either party may terminate on notice.",
        "(b) Vendor will delete Customer Data.", "I. GENERAL", "1. These Terms are governed by Irish law.",
        "SIGNED", "J. Smith",
    ])
    clauses = _clauses(text)
    assert [c.section for c in clauses] == ["H", "H.1", "H.1(b)", "I", "I.1", "I.1", "I.1"]


def test_a_lettered_recital_opens_no_lettered_numbering():
    clauses = _clauses("A. The Provider offers AI services.\n\nB. The Customer wishes to use them.\n\n"
                       "1. DEFINITIONS\n\n1.1 Terms have these meanings.")
    assert [c.section for c in clauses] == ["A", "B", "1", "1.1"]


def test_an_initial_is_no_section():
    clauses = _clauses("1. Term\n\n1.1 This Agreement starts today.\n\nSigned for the Provider by\n\nK. Smith")
    assert [c.section for c in clauses][-1] == "1.1"


def test_markdown_list_numbering_and_escaped_dots():
    md = "\n".join([
        "## 1\\. Services.", "", "*   1.1. Services Term. Halden will provide the Services.",
        "    *   a. Priority. Real-time requests come first.", "    *   b. Limits. A file may hold 50,000 requests.",
        "", "12\\. Warranties", "", "Halden warrants the Services.", "", "1. Definitions", "2. Use of the Services",
    ])
    got = [c.section for c in _clauses(md, markdown=True)]
    assert got == ["1", "1.1", "1.1(a)", "1.1(b)", "12", "12", "1", "2"]
    # The same export saved as plain text keeps its marks, and is numbered the same way.
    txt = [c.section for c in _clauses(md.replace("## ", ""))]
    assert txt[:5] == ["1", "1.1", "1.1(a)", "1.1(b)", "12"]


def test_dotted_and_roman_sub_items():
    text = ("5.2 The Processor shall:\n"
            "a. keep Customer Data confidential;\n"
            "b. on termination:\n"
            "i. delete batch input files; and\n"
            "ii. delete batch output files.\n")
    got = [c.section for c in _clauses(text)]
    assert got == ["5.2", "5.2(a)", "5.2(b)", "5.2(b)(i)", "5.2(b)(ii)"]


def test_a_wrapped_case_name_or_page_reference_is_no_sub_item():
    text = "1.1 The parties rely on Smith\nv. Jones and the notes at\np. 4 of the Annex."
    assert [c.section for c in _clauses(text)] == ["1.1"]


# --------------------------------------------------------------------------- lettered sub-clauses inside a paragraph


ISSUE_CLAUSE = ("11.3 If this Agreement terminates: (a) Customer will stop using the Services and pay all fees "
                "due; and (b) Vendor will delete all Customer Content, including batch input and output files, "
                "within thirty days.")


def test_sub_clauses_inside_a_numbered_section_are_cited(ruleset):
    clauses = _clauses("11. TERM AND TERMINATION\n\n" + ISSUE_CLAUSE + "\n\nThe parties will cooperate.")
    assert [(c.section, c.text) for c in clauses[1:4]] == [
        ("11.3", "11.3 If this Agreement terminates:"),
        ("11.3(a)", "(a) Customer will stop using the Services and pay all fees due; and"),
        ("11.3(b)", "(b) Vendor will delete all Customer Content, including batch input and output files, "
                    "within thirty days."),
    ]
    assert clauses[4].section == "11.3"  # the next paragraph is no part of item (b)
    doc = document_from_string(ISSUE_CLAUSE)
    for c in segment(doc).clauses:
        assert doc.text[c.start:c.end] == c.text
        for s in c.sentences:
            assert doc.text[s.start:s.end] == s.text
    report = audit_text(ISSUE_CLAUSE, ruleset)
    deletion = next(f for f in report.findings if f.topic == "deletion")
    assert deletion.status == "covered"
    assert [(e.section, e.text[:19]) for e in deletion.evidence] == [("11.3(b)", "Vendor will delete ")]


def test_the_lead_in_governs_items_that_are_sentences(ruleset):
    text = ("3. Logging. For every batch prediction job: (i) Osprey will record which user submitted the job; "
            "and (ii) Osprey will make those records available to Customer in the audit log.")
    audit = next(f for f in audit_text(text, ruleset).findings if f.topic == "audit")
    assert audit.status == "covered"
    assert {e.section for e in audit.evidence} == {"3(ii)"}


def test_nested_items_inside_a_paragraph():
    text = ("On termination: (a) Customer will pay all fees; (b) Vendor will: (i) Vendor will delete inputs; "
            "and (ii) Vendor will delete outputs; and (c) Each party will return the other's property.")
    assert [labels for _, labels in inline_items(text)] == [
        ("(a)",), ("(b)",), ("(b)", "(i)"), ("(b)", "(ii)"), ("(c)",)]


@pytest.mark.parametrize("text", [
    "Vendor will: (a) encrypt Customer Data; and (b) delete it within 30 days.",  # items finish the lead-in
    '"Service Data" means: (a) Inputs; and (b) Outputs of batch jobs.',  # a definition's parts
    "Customer may: (a) Customer Data; and (b) Batch Outputs.",  # names, not sentences
    "The exception in clause 7.2(b) applies: see (a) and (b) of that clause.",  # references
    "Sub-clauses (a) and (b) of clause 7 do not apply to batch jobs: Vendor will keep them.",
    "If this Agreement terminates: (a) Customer will stop using the Services.",  # one item is no list
])
def test_no_split_where_the_paragraph_is_not_a_list_of_sentences(text):
    assert inline_items(text) == []
    assert len(_clauses("7.4 " + text)) == 1


# --------------------------------------------------------------------------- false sections


WRAPPED = """5. RECORDS

5.2 Provider shall keep the records that are required by
Schedule 4(2) of the Act. Provider keeps those records for
12 months after the end of the Term, and a fee of
$250,000 is payable for each extension; the batch rate is
2.50 USD per million tokens, and a notice period of ten
(10) business days applies.
"""


def test_wrapped_measures_and_references_start_no_section_in_text():
    clauses = _clauses(WRAPPED)
    assert [c.section for c in clauses] == ["5", "5.2"]
    assert clauses[1].text.endswith("(10) business days applies.")


def test_a_wrapped_letter_after_a_running_line_starts_nothing():
    text = ("5.1 The Provider shall apply the measures set out in Appendix\nB. The Provider shall also keep "
            "batch files in the EU.\n\nH.1 Termination\nH.1.a. Either party may terminate on notice.")
    assert [(c.section, c.text[:12]) for c in _clauses(text)] == [
        ("5.1", "5.1 The Prov"), ("H.1", "H.1 Terminat"), ("H.1.a", "H.1.a. Eithe")]


@pytest.mark.parametrize("opening", [
    "12 months after termination, Provider deletes all Customer Data.",
    "30 calendar days after each batch job, Provider deletes its input files.",
    "$250,000 is the minimum annual commitment.",
    "2.50 USD per million tokens is charged for batch jobs.",
    "Schedule 4(2) of the Act applies to the records.",
    "Schedule 2 applies to batch jobs.",
    "(10) business days' notice is needed for a change.",
])
def test_a_paragraph_opening_with_a_measure_or_reference_starts_no_section(opening):
    clauses = _clauses("7. DATA\n\n7.1 Provider keeps records.\n\n" + opening)
    assert clauses[-1].section == "7.1"


def test_false_sections_in_docx(tmp_path: Path):
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("7.1 Provider keeps the records of every batch job.")
    for line in ("12 months after termination, Provider deletes all Customer Data.",
                 "$250,000 is the minimum annual commitment.", "Schedule 4(2) of the Act applies to the records."):
        d.add_paragraph(line)
    d.save(tmp_path / "records.docx")
    clauses = segment(load_document(tmp_path / "records.docx")).clauses
    assert [c.section for c in clauses] == ["7.1"] * 4


def test_false_sections_in_pdf(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    for line in WRAPPED.splitlines():
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "records.pdf").write_bytes(bytes(pdf.output()))
    clauses = segment(load_document(tmp_path / "records.pdf")).clauses
    assert [c.section for c in clauses] == ["5", "5.2"]
    assert "Schedule 4(2) of the Act" in clauses[1].text and clauses[1].text.endswith("applies.")


# --------------------------------------------------------------------------- citing clauses with no number


def test_cites_of_unnumbered_text():
    text = ("MASTER AGREEMENT\n\nThis Agreement is made today.\n\nData Commitments\n\n"
            "Provider keeps Customer Data in Canada.\n\nProvider encrypts Customer Data.\n\n"
            "| Data | Retention |\n|---|---|\n| Batch files | 30 days |\n\n5. FEES\n\n5.1 Fees are due monthly.")
    cites = [(c.kind, c.cite) for c in _clauses(text)]
    assert cites == [
        ("heading", "\u201cMASTER AGREEMENT\u201d (line 1)"),
        ("clause", "\u201cMASTER AGREEMENT\u201d \u00b6 1 (line 3)"),
        ("heading", "\u201cData Commitments\u201d (line 5)"),
        ("clause", "\u201cData Commitments\u201d \u00b6 1 (line 7)"),
        ("clause", "\u201cData Commitments\u201d \u00b6 2 (line 9)"),
        ("table_row", "\u201cData Commitments\u201d, table 1, row 1 (line 11)"),
        ("table_row", "\u201cData Commitments\u201d, table 1, row 2 (line 13)"),
        ("heading", "5"),
        ("clause", "5.1"),
    ]


def test_a_file_with_no_heading_cites_paragraph_numbers():
    clauses = _clauses("Q: Where is my data?\n\nA: We store your data in the European Union.\n\n"
                       "Q: For how long?\n\nA: We keep it for thirty days after each request.")
    assert [c.cite for c in clauses] == ["\u00b6 1 (line 1)", "\u00b6 2 (line 3)", "\u00b6 3 (line 5)",
                                         "\u00b6 4 (line 7)"]


def test_an_unnumbered_word_heading_ends_a_section_for_citing(tmp_path: Path):
    from docx import Document as Docx

    d = Docx()
    d.add_heading("General Terms", level=2)
    d.add_paragraph("3. Logging. Osprey logs every batch job.")
    d.add_heading("Abuse Monitoring", level=2)
    d.add_paragraph("Osprey keeps prompts for 30 days.")
    d.add_heading("4. Records", level=1)
    d.add_heading("Retention", level=2)  # a sub-heading of a numbered heading keeps its number
    d.add_paragraph("Files are kept 30 days.")
    d.add_heading("Schedule of Fees", level=1)  # a heading of the same rank ends it
    d.add_paragraph("Fees are due monthly.")
    d.save(tmp_path / "terms.docx")
    clauses = segment(load_document(tmp_path / "terms.docx")).clauses
    cite = {c.text: c.cite for c in clauses}
    assert cite["3. Logging. Osprey logs every batch job."] == "3"
    assert cite["Osprey keeps prompts for 30 days."] == "\u201cAbuse Monitoring\u201d \u00b6 1"
    assert cite["Files are kept 30 days."] == "4"
    assert cite["Fees are due monthly."] == "\u201cSchedule of Fees\u201d \u00b6 1"


def test_pdf_paragraphs_are_cited_on_their_page():
    doc = load_document(VENDOR / "halden-product-terms.pdf")
    clauses = segment(doc).clauses
    by_text = {c.text[:30]: c for c in clauses}
    training = by_text["Halden does not use prompts, c"]
    assert (training.cite, training.page) == ("\u00b6 11", 1)
    row = next(c for c in clauses if c.text.startswith("Global Batch"))
    assert row.cite == "table 1, row 3"


# --------------------------------------------------------------------------- the vendor-terms fixtures, every format


def _agreements() -> list[tuple[str, tuple[str, ...]]]:
    return sorted((name, files) for name, (files, _) in load_entries(VENDOR).items())


AGREEMENTS = _agreements()


def _audit_json(files: tuple[str, ...]) -> dict:
    args = [VENDOR / f for f in files] + (["--bundle"] if len(files) > 1 else [])
    result = cli("audit", "-q", *args, "--format", "json", "--no-timestamp")
    assert result.exit_code in (0, 1), result.output
    (doc,) = json.loads(result.stdout)["documents"]
    return doc


def _location(e: dict) -> str:
    """The location the text, Markdown and HTML reports print for evidence ``e``."""
    from auditor.model import Evidence
    from auditor.report.common import location

    return location(Evidence(e["text"], e["role"], e["section"], e["page"], e["start"], e["end"],
                             e["heading"], e["page_end"], e["clause_id"], e["source"]))


@pytest.mark.parametrize("name,files", AGREEMENTS, ids=[n for n, _ in AGREEMENTS])
def test_every_quote_carries_a_section_or_page_in_every_format(name, files):
    doc = _audit_json(files)
    evidence = [e for f in doc["findings"] for e in f["evidence"]]
    assert evidence, name
    names = [Path(f).name for f in files]
    for e in evidence:
        assert e["section"] or e["page"] is not None, e
        if len(files) > 1:  # a bundle names the file and the section within it
            file, _, within = e["section"].partition(", ")
            assert file in names and within, e
    args = [VENDOR / f for f in files] + (["--bundle"] if len(files) > 1 else [])
    for fmt in FORMATS:
        if fmt == "json":
            continue
        out = cli("audit", "-q", *args, "--format", fmt, "--no-timestamp", "--width", "400").stdout
        assert not re.search(r"chars \d+", out), (fmt, name)
        shown = html.unescape(out) if fmt == "html" else out.replace("\\", "")
        for e in evidence:
            assert _location(e) in shown, (fmt, name, _location(e))


def _evidence(doc: dict, topic: str) -> list[tuple[str, int | None]]:
    finding = next(f for f in doc["findings"] if f["topic"] == topic)
    return [(e["section"], e["page"]) for e in finding["evidence"]]


def test_the_vendor_terms_are_cited_as_a_lawyer_would():
    petrel = _audit_json(("petrel-commercial-terms.txt",))
    assert _evidence(petrel, "training_exclusion") == [("B.2.a", None)]
    assert _evidence(petrel, "deletion") == [("H.1.b", None)]
    assert ("D.1", None) in _evidence(petrel, "residency")  # not "Schedule 4" from a wrapped line
    halden = _audit_json(("halden-services-agreement.md",))
    assert _evidence(halden, "deletion") == [("11.3(b)", None)]
    osprey = _audit_json(("osprey-service-terms.docx",))
    assert _evidence(osprey, "audit") == [("3(ii)", None)]
    assert _evidence(osprey, "retention")[0] == ("\u201cAbuse Monitoring\u201d \u00b6 1", None)
    product = _audit_json(("halden-product-terms.pdf",))
    assert _evidence(product, "retention")[0] == ("\u00b6 9", 1)
    bundle = _audit_json(("halden-services-agreement.md", "halden-product-terms.pdf"))
    assert _evidence(bundle, "deletion") == [("halden-services-agreement.md, 11.3(b)", None)]
    assert ("halden-product-terms.pdf, table 1, row 3", 1) in _evidence(bundle, "residency")


def test_explanations_cite_the_same_places():
    product = _audit_json(("halden-product-terms.pdf",))
    training = next(f for f in product["findings"] if f["topic"] == "training_exclusion")
    assert training["explanation"].startswith("\u00b6 11 on page 1 states the commitment")


def test_vendor_terms_labels(ruleset):
    result = evaluate(VENDOR, ruleset)
    assert result.documents == 5 and not result.unreadable
    assert result.false_covered == 0 and result.accuracy == 1.0, result.mismatches


def test_swiss_articles_with_titles_and_dotless_paragraphs():
    """"Art. 7 Incident notification" titles Article 7; its paragraphs "1 The Provider ..."
    and "2 Para. 1 does not apply ..." are 7(1) and 7(2); "Art. 1 para. 4" is 1(4). A wrapped
    measure ("30 Days ...") after a finished sentence starts nothing."""
    text = ('Art. 1 para. 4 "Bank Data" means all data that the Bank transmits to the Service.\n\n'
            "Art. 7 Incident notification\n"
            "1 The Provider shall notify the Bank of any breach of security affecting Bank Data.\n"
            "2 Para. 1 does not apply to requests processed through the Message Batches API.\n\n"
            "Art. 9 Deletion\n"
            "1 The Provider shall delete Bank Data within\n"
            "30 Days after termination.\n")
    sections = {c.section: c.text for c in _clauses(text) if c.kind != "heading"}
    assert '"Bank Data" means' in sections["Article 1(4)"]
    assert "The Provider shall notify" in sections["Article 7(1)"] and "Batches" not in sections["Article 7(1)"]
    assert "Para. 1 does not apply" in sections["Article 7(2)"]
    assert sections["Article 9(1)"].endswith("within 30 Days after termination.")
    assert not any(s.startswith("30") for s in sections)


def _assert_sections(clauses, expected: dict[str, str]) -> None:
    """Each clause holding the words given is numbered as given."""
    assert {words: _section_of(clauses, words) for words in expected} == expected


def test_paragraph_kinds_nest_in_the_order_they_open():
    """Canadian and German numbering: "(3)" then "(a)" is 7(3)(a), and a later "(4)" closes the lettered
    items; "(a)" then "(i)" then "(b)" keeps the usual order."""
    clauses = _clauses(
        "7. DATA LOCATION\n\n(3) Subject to subsection (4):\n\n(a) Data at rest is stored only in Canada; and\n\n"
        "(b) Data is processed only in Canada.\n\n(4) The Vendor gives ninety days' notice of a new region.\n\n"
        "8. SECURITY\n\n(a) The Vendor encrypts data;\n\n(i) at rest; and\n\n(b) The Vendor logs access.\n")
    _assert_sections(clauses, {"Data at rest": "7(3)(a)", "processed only in Canada": "7(3)(b)", "ninety days": "7(4)",
                               "at rest; and": "8(a)(i)", "logs access": "8(b)"})


def test_paragraphs_run_on_in_one_line_are_clauses_of_their_own():
    clauses = _clauses("§ 7 (1) Prompts are kept for 21 days. Batch files likewise. (2) Para. 1 does not apply to "
                       "result files; they are kept until deleted. (4) Not the next number, so no new paragraph.\n")
    assert _section_of(clauses, "Prompts are kept") == "7(1)"
    assert _section_of(clauses, "Para. 1 does not apply") == "7(2)"
    assert _section_of(clauses, "Not the next number") == "7(2)"  # "(4)" after "(2)" starts nothing


def test_items_numbered_no_are_sections_of_their_annex():
    clauses = _clauses("Annex 3 (TOMs)\n\nNo. 1: Data is encrypted at rest.\nNo. 2: Every access is logged.\n")
    assert _section_of(clauses, "encrypted at rest") == "Annex 3, 1"
    assert _section_of(clauses, "Every access") == "Annex 3, 2"


def test_the_letter_after_a_letter_is_its_sibling_even_when_it_reads_as_a_roman_numeral():
    """"(c)" after "(b)", "(d)" after "(c)": letters in sequence, not roman numerals nested under them;
    "(i)" after "(a)" is still a roman sub-item."""
    clauses = _clauses("1.1 The terms below mean:\n\n(a) \"Agreement\": this agreement;\n\n(b) \"Annex I\": the prices;\n\n"
                       "(c) \"Models\": the models;\n\n(d) \"Inputs\": the prompts;\n\n(i) in text; and\n\n(e) \"Outputs\": the results.\n")
    _assert_sections(clauses, {"the models": "1.1(c)", "the prompts": "1.1(d)", "in text": "1.1(d)(i)", "the results": "1.1(e)"})


def test_an_annex_named_in_a_wrapped_list_opens_no_annex():
    clauses = _clauses("3.1 The documents apply in this order: (i) the Amendment Terms; (ii)\n\nAnnex II; (iii) this Agreement.\n\n"
                       "5.2 Customer Data is stored in Brazil.\n")
    assert _section_of(clauses, "Customer Data is stored") == "5.2"


# --------------------------------------------------------------------------- a table typed on one line


def test_a_table_typed_on_one_line_is_one_row_per_offering():
    text = "\n\n".join([
        "4. ORDER DETAILS",
        "4.2 ZDR eligibility: Messages API - Yes; Message Batches API - No.",
        "4.3 Training use: Chat (No), Batch API (No)",
        # not tables: a clause, names with no values, periods (compared as prose), one item
        "4.4 Retention: the Provider will keep Inputs - see clause 9; Outputs - as agreed.",
        "4.5 Services: Responses API; Batch API",
        "4.6 Access logs: interactive API - 12 months; batch API - 3 months.",
        "4.7 Eligibility: Batch API - No",
    ])
    clauses = _clauses(text)
    rows = [(c.section, c.kind, c.header, c.cells, c.text) for c in clauses if c.kind == "table_row"]
    assert rows == [
        ("4.2", "table_row", ("Offering", "ZDR eligibility"), ("Messages API", "Yes"), "Messages API - Yes"),
        ("4.2", "table_row", ("Offering", "ZDR eligibility"), ("Message Batches API", "No"), "Message Batches API - No"),
        ("4.3", "table_row", ("Offering", "Training use"), ("Chat", "No"), "Chat (No)"),
        ("4.3", "table_row", ("Offering", "Training use"), ("Batch API", "No"), "Batch API (No)"),
    ]
    assert all(c.kind == "clause" for c in clauses if c.section in ("4.4", "4.5", "4.6", "4.7"))
    document = document_from_string(text)  # offsets point into the document text: the evidence quotes the row
    batch = next(c for c in segment(document).clauses if c.cells == ("Message Batches API", "No"))
    assert document.text[batch.start:batch.end] == "Message Batches API - No"


def test_an_annex_title_repeated_in_another_language_keeps_the_first():
    text = "\n\n".join([
        "EXHIBIT C - EMAIL EXCHANGE", "ANNEXE C - ÉCHANGE DE COURRIELS",
        "From: Nadia Comeau", "Subject: Item 2 questions",
        "ANNEXE D - PLAN D'ASSURANCE SÉCURITÉ", "1. The Contractor encrypts the Mutual's data at rest.",
    ])
    clauses = _clauses(text)
    got = [(c.kind, c.section, c.heading) for c in clauses]
    assert got[:4] == [("heading", "Exhibit C", "EMAIL EXCHANGE"), ("heading", "Exhibit C", "EMAIL EXCHANGE"),
                       ("clause", "Exhibit C", "EMAIL EXCHANGE"), ("clause", "Exhibit C", "EMAIL EXCHANGE")]
    assert got[4][:2] == ("heading", "Annexe D") and got[5][1] == "Annexe D, 1"
