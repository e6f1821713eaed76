"""Deterministic synthetic agreements for the benchmarks.

:func:`build_docx` writes an AI-services agreement of about ``pages`` pages
with python-docx: numbered clauses ("7.", "7.2", "(a)"), real Word headings,
a retention table every few sections, clauses that mention batch
processing, a running header and a "Page N of M" footer. :func:`to_pdf`
prints it with LibreOffice (``soffice --headless --convert-to pdf``);
:func:`fpdf_pdf` is the fallback when LibreOffice is not installed.

Two profiles:

* ``typical``: a master agreement with its data terms, as agreements are
  drafted: definitions, services, fees, liability, termination, notices and
  the like in commercial prose, and about a third of the sections (data
  protection, retention, deletion, security, audit, sub-processors,
  residency, training, logging) in data commitments;
* ``dense``: every sentence of every section is a data commitment (the
  engine's worst case: each sentence is read for every topic).

The text comes from a seeded ``random.Random``, so the same ``pages`` gives
the same document every run.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

# Roughly how many body paragraphs LibreOffice fits on one A4 page with the
# styles below (measured; the benchmark reports the real page count).
PARAGRAPHS_PER_PAGE = 6.1

_TOPICS = (
    "Data Protection", "Retention", "Deletion", "Security", "Audit Rights", "Sub-processors",
    "Confidentiality", "Service Levels", "Fees and Payment", "Intellectual Property", "Warranties",
    "Limitation of Liability", "Term and Termination", "Data Residency", "Model Training", "Logging",
)
_SUBJECTS = ("The Supplier", "The Provider", "Each party", "The Customer", "Supplier personnel")
_VERBS = (
    "shall process", "shall retain", "shall not use", "shall delete", "shall encrypt", "shall log",
    "may disclose", "shall store", "shall make available", "shall protect",
)
_OBJECTS = (
    "Customer Data", "Inputs and Outputs", "all prompts and completions", "Personal Data",
    "the audit records", "batch job input files", "batch job output files", "Confidential Information",
    "usage metadata", "fine-tuning datasets",
)
_QUALIFIERS = (
    "only on the documented instructions of the Customer",
    "in accordance with the Data Processing Addendum",
    "within the European Economic Area",
    "for no longer than thirty (30) days after the end of the relevant request",
    "using industry-standard measures appropriate to the risk",
    "subject to the limitations in Section 12",
    "as reasonably required to provide the Services",
    "for the duration of the Term and any transition period",
)
_BATCH = (
    "These commitments apply to all processing modes, including batch processing through the Batch API "
    "and asynchronous jobs.",
    "Batch job inputs and outputs are retained on the same schedule as synchronous requests.",
    "Audit logs shall record every batch job, including its submission, completion and deletion.",
)


# The typical profile's sections, in a master agreement's order; those in
# _DATA_TOPICS are written in data commitments, the others in commercial prose.
_TYPICAL_TOPICS = (
    "Definitions", "Services", "Service Levels", "Fees and Payment", "Data Protection", "Retention", "Deletion",
    "Security", "Confidentiality", "Intellectual Property", "Warranties", "Indemnities", "Limitation of Liability",
    "Audit Rights", "Sub-processors", "Data Residency", "Model Training", "Logging", "Insurance",
    "Term and Termination", "Force Majeure", "Assignment", "Notices", "Dispute Resolution", "Governing Law", "General",
)
_DATA_TOPICS = {"Data Protection", "Retention", "Deletion", "Security", "Audit Rights", "Sub-processors",
                "Data Residency", "Model Training", "Logging"}
_DEFINITIONS = (
    ("Business Day", "a day other than a Saturday, Sunday or public holiday in England"),
    ("Charges", "the amounts payable by the Customer for the Services as set out in the Order Form"),
    ("Contract Year", "each period of twelve (12) months beginning on the Effective Date or an anniversary of it"),
    ("Deliverables", "all documents, reports and materials provided by the Supplier in the course of the Services"),
    ("Documentation", "the user guides and specifications for the Services that the Supplier makes available"),
    ("Force Majeure Event", "an event beyond the reasonable control of the affected party, including fire and flood"),
    ("Good Industry Practice", "the skill, care and foresight expected of a leading supplier of similar services"),
    ("Intellectual Property Rights", "patents, copyright, database rights, trade marks and all similar rights"),
)
_PARTIES = ("The Customer", "The Supplier", "Each party", "Neither party", "Either party")
_COMMERCIAL = (
    "shall pay each undisputed invoice", "may terminate this Agreement", "shall give written notice of any claim",
    "shall maintain professional indemnity insurance", "shall not assign or transfer any of its rights",
    "shall own all Intellectual Property Rights in the Deliverables", "warrants that the Services will be performed",
    "shall use reasonable endeavours to meet the Service Levels", "shall indemnify the other party against losses",
    "shall not be liable for any indirect or consequential loss", "may suspend the Services",
    "shall keep accurate records of the Charges", "shall refer any dispute to the steering committee",
    "shall provide the Services", "shall remain responsible for the acts and omissions of its subcontractors",
)
_CONDITIONS = (
    "within thirty (30) days of the date of the invoice", "with reasonable skill and care",
    "by giving not less than ninety (90) days' written notice", "save as set out in Clause 14",
    "to the extent permitted by applicable law", "in accordance with Good Industry Practice",
    "without the prior written consent of the other party", "in each Contract Year",
    "if the other party commits a material breach that is not remedied within twenty (20) Business Days",
    "for so long as the Force Majeure Event continues", "as described in the Documentation",
    "subject to the payment of the Charges",
)
_UNRELATED_BATCH = "Invoices for usage-based Charges are issued monthly in a single batch."


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_QUALIFIERS)}, and {rng.choice(_QUALIFIERS)}.")


def _commercial(rng: random.Random, topic: str) -> str:
    if topic == "Definitions":
        term, meaning = rng.choice(_DEFINITIONS)
        return f"\u201c{term}\u201d means {meaning}."
    return f"{rng.choice(_PARTIES)} {rng.choice(_COMMERCIAL)} {rng.choice(_CONDITIONS)}, and {rng.choice(_CONDITIONS)}."


def _sentence_for(rng: random.Random, topic: str, profile: str) -> str:
    return _sentence(rng) if profile == "dense" or topic in _DATA_TOPICS else _commercial(rng, topic)


def _paragraph(rng: random.Random, n: int, topic: str = "", profile: str = "dense") -> str:
    return " ".join(_sentence_for(rng, topic, profile) for _ in range(n))


def _topic(section_no: int, profile: str) -> str:
    topics = _TOPICS if profile == "dense" else _TYPICAL_TOPICS
    return topics[(section_no - 1) % len(topics)]


def _extra(rng: random.Random, topic: str, profile: str) -> str:
    """A batch sentence (data sections), or "batch" in its billing sense."""
    if profile == "dense" or topic in _DATA_TOPICS:
        return rng.choice(_BATCH)
    return _UNRELATED_BATCH if topic == "Fees and Payment" else ""


def _page_field(run: object, instr: str) -> None:
    """Append a Word field (PAGE / NUMPAGES) to a python-docx run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = run._r  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        r.append(el)


PROFILES = ("typical", "dense")


def build_docx(path: Path, pages: int, seed: int = 7, profile: str = "typical") -> Path:
    """Write an agreement of about ``pages`` A4 pages to ``path``."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rng = random.Random(seed * 1000 + pages)
    doc = docx.Document()
    doc.core_properties.author = "Benchmark"
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = "AI Services Agreement - Benchmark Draft - Confidential"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _page_field(footer.add_run(), "PAGE")
    footer.add_run(" of ")
    _page_field(footer.add_run(), "NUMPAGES")

    doc.add_heading("MASTER AI SERVICES AGREEMENT", 0)
    target = int(pages * PARAGRAPHS_PER_PAGE)
    written = 0.0
    section_no = 0
    while written < target:
        section_no += 1
        topic = _topic(section_no, profile)
        doc.add_heading(f"{section_no}. {topic.upper()}", 1)
        for sub in range(1, rng.randint(3, 6)):
            text = f"{section_no}.{sub} {_paragraph(rng, rng.randint(2, 5), topic, profile)}"
            if rng.random() < 0.15:
                text = f"{text} {_extra(rng, topic, profile)}".rstrip()
            doc.add_paragraph(text)
            written += 1
            if rng.random() < 0.3:
                for letter in "abc"[: rng.randint(1, 3)]:
                    item = doc.add_paragraph(f"({letter}) {_sentence_for(rng, topic, profile)}")
                    item.paragraph_format.left_indent = Pt(28)
                    written += 0.5
        if section_no % 6 == 3:
            table = doc.add_table(rows=4, cols=3)
            table.style = "Table Grid"
            for r, values in enumerate((
                ("Data category", "Processing mode", "Retention"),
                ("Prompts", "Batch API", f"{rng.choice((7, 14, 30))} days"),
                ("Outputs", "Real-time API", f"{rng.choice((30, 60, 90))} days"),
                ("Logs", "All modes", "12 months"),
            )):
                for c, value in enumerate(values):
                    table.cell(r, c).text = value
            written += 1
    doc.save(str(path))
    return path


def soffice() -> str | None:
    """The LibreOffice binary, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Print ``docx_path`` to PDF with LibreOffice; returns the PDF path."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=900,
        )
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf


def fpdf_pdf(path: Path, pages: int, seed: int = 7, profile: str = "typical") -> Path:
    """Fallback PDF (fpdf2, core Helvetica) of about ``pages`` pages."""
    from fpdf import FPDF

    rng = random.Random(seed * 1000 + pages)
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_font("Helvetica", size=11)
    section_no = 0
    while pdf.page_no() < pages or pdf.page_no() == 0:
        if pdf.page_no() == 0:
            pdf.add_page()
        section_no += 1
        pdf.set_font("Helvetica", "B", 13)
        topic = _topic(section_no, profile)
        pdf.multi_cell(0, 8, f"{section_no}. {topic.upper()}")
        pdf.set_font("Helvetica", size=11)
        for sub in range(1, rng.randint(3, 6)):
            pdf.multi_cell(0, 5.5, f"{section_no}.{sub} {_paragraph(rng, rng.randint(2, 5), topic, profile)}")
            pdf.ln(2)
    pdf.output(str(path))
    return path


def one_page_pdf(path: Path) -> Path:
    """A one-clause, one-page PDF: its whole audit is the PDF start-up."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "1. The Supplier shall delete batch outputs within 30 days.")
    pdf.output(str(path))
    return path
