"""Tests for the report stage (auditor.report): text, json, md and html."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from auditor.model import (
    COVERED,
    EXCLUDED,
    GAPS,
    IMPLIED,
    MISSING,
    NOT_ASSESSABLE,
    PARTIAL,
    READY,
    AuditRun,
    DocumentReport,
    Evidence,
    Finding,
    RulesetInfo,
)
from auditor.report import FORMATS, render
from auditor.report import html as html_report
from auditor.report import markdown, text

TOPICS = ("data_protection", "residency", "retention", "training_exclusion", "deletion", "audit")
TITLES = {
    "data_protection": "Data protection",
    "residency": "Data residency",
    "retention": "Retention",
    "training_exclusion": "Training exclusion",
    "deletion": "Deletion",
    "audit": "Audit and logging",
}
ITEMS = {
    "data_protection": (1,),
    "residency": (1,),
    "retention": (1, 2),
    "training_exclusion": (1,),
    "deletion": (2,),
    "audit": (3,),
}
CHECKLIST = (
    (1, "Data protection, residency, retention and training exclusion apply to all processing modes including batch."),
    (2, "Retention and deletion cover batch input and output artifacts on the same schedule."),
    (3, "Audit, logging and access commitments extend to batch jobs."),
)
HOSTILE = 'Batch jobs <script>alert(1)</script> & "priority" | # not a heading'
CARVE_OUT = "Notwithstanding clause 5.2, Batch Jobs are processed in any region where capacity exists. " * 4
SEARCHED = "all clauses mentioning delete, erase or destroy near batch or asynchronous"


def _covered(topic: str, section: str, page: int) -> Finding:
    ev = Evidence(
        text=f"The {topic.replace('_', ' ')} commitments apply to all Services, including the Batch API.",
        role="commitment",
        section=section,
        page=page,
        start=100,
        end=180,
    )
    return Finding(
        rule=f"{topic}.covered",
        topic=topic,
        status=COVERED,
        severity="info",
        checklist_item=ITEMS[topic][-1],
        checklist_items=ITEMS[topic],
        title=f"{TITLES[topic]} covers batch",
        explanation="The commitment names batch processing explicitly.",
        remediation="",
        evidence=(ev,),
    )


def _run(*docs: DocumentReport) -> AuditRun:
    return AuditRun(
        auditor_version="0.1.0",
        ruleset=RulesetInfo(version="2025.1", sha256="ab" * 32, path="rules/default.yaml"),
        documents=docs,
        checklist=CHECKLIST,
        topic_titles=TITLES,
    )


def ready_doc() -> DocumentReport:
    findings = tuple(_covered(t, f"{i + 3}.1", i + 1) for i, t in enumerate(TOPICS))
    return DocumentReport(
        path="contracts/ready.docx",
        sha256="11" * 32,
        format="docx",
        pages=6,
        verdict=READY,
        topics={t: COVERED for t in TOPICS},
        findings=findings,
    )


def gaps_doc() -> DocumentReport:
    excluded = Finding(
        rule="residency.batch_outside_region",
        topic="residency",
        status=EXCLUDED,
        severity="high",
        checklist_item=1,
        checklist_items=(1,),
        title="Batch data may leave the region",
        explanation="The residency commitment is carved out for batch jobs.",
        remediation=(
            "Delete the carve-out in clause 9.4. Suggested: 'Customer Data processed through "
            "the Batch API is stored and processed only in the Region.'"
        ),
        evidence=(
            Evidence(HOSTILE, "commitment", "5.2(a)", 3, 1200, 1290),
            Evidence(CARVE_OUT, "carve-out", "9.4", 3, 4000, 4380, page_end=4),
        ),
    )
    missing = Finding(
        rule="deletion.missing",
        topic="deletion",
        status=MISSING,
        severity="high",
        checklist_item=2,
        checklist_items=(2,),
        title="No deletion commitment",
        explanation="No clause commits to deleting batch inputs or outputs.",
        remediation="Add a deletion clause. It should cover batch input files and result files.",
        searched=SEARCHED,
    )
    implied = Finding(
        rule="retention.silent",
        topic="retention",
        status=IMPLIED,
        severity="medium",
        checklist_item=2,
        checklist_items=(1, 2),
        title="Retention silent about batch",
        explanation="Retention applies to Customer Data but does not mention batch artifacts.",
        remediation="State that batch inputs and outputs follow the same 30-day schedule.",
        evidence=(Evidence("Customer Data is retained for 30 days.", "commitment", "Schedule 2", None, 50, 90),),
    )
    partial = Finding(
        rule="training.partial",
        topic="training_exclusion",
        status=PARTIAL,
        severity="medium",
        checklist_item=1,
        checklist_items=(1,),
        title="Training exclusion covers batch inputs only",
        explanation="Batch inputs are excluded from training; outputs are not mentioned.",
        remediation="Extend the exclusion to batch outputs.",
        evidence=(Evidence("Batch inputs are never used for training.", "commitment", None, 7, 10, 40),),
    )
    return DocumentReport(
        path="contracts/draft|v2.pdf",
        sha256="22" * 32,
        format="pdf",
        pages=12,
        verdict=GAPS,
        topics={
            "data_protection": COVERED,
            "residency": EXCLUDED,
            "retention": IMPLIED,
            "training_exclusion": PARTIAL,
            "deletion": MISSING,
            "audit": COVERED,
        },
        findings=(
            _covered("data_protection", "4.1", 2),
            excluded,
            implied,
            partial,
            missing,
            _covered("audit", "11", 9),
        ),
        warnings=("2 pages had little text — OCR’d?",),
    )


def na_doc() -> DocumentReport:
    return DocumentReport(
        path="contracts/scan.pdf",
        sha256="33" * 32,
        format="pdf",
        pages=4,
        verdict=NOT_ASSESSABLE,
        topics={},
        errors=({"code": "no_text", "message": "no text layer (scanned?)"},),
    )


@pytest.fixture
def run() -> AuditRun:
    return _run(ready_doc(), gaps_doc(), na_doc())


# --------------------------------------------------------------------------- interface


def test_formats_and_dispatch(run: AuditRun) -> None:
    assert FORMATS == ("text", "json", "md", "html")
    assert render(run, "md") == markdown.render(run)
    assert render(run, "text", generated_at="T") == text.render(run, generated_at="T")
    with pytest.raises(ValueError, match="unknown report format"):
        render(run, "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_and_timestamp_only_when_given(run: AuditRun, fmt: str) -> None:
    assert render(run, fmt) == render(_run(ready_doc(), gaps_doc(), na_doc()), fmt)
    stamp = "2025-01-02T03:04:05Z"
    assert stamp not in render(run, fmt)
    assert stamp in render(run, fmt, generated_at=stamp)


@pytest.mark.parametrize("fmt", ("text", "md", "html"))
def test_every_topic_and_status_appears(run: AuditRun, fmt: str) -> None:
    out = render(run, fmt)
    for title in TITLES.values():
        assert title in out
    for status in (COVERED, EXCLUDED, IMPLIED, PARTIAL, MISSING):
        assert status in out.lower()
    for path in ("contracts/ready.docx", "contracts/scan.pdf"):
        assert path in out


@pytest.mark.parametrize("fmt", ("text", "md", "html"))
def test_evidence_locations_and_searched(run: AuditRun, fmt: str) -> None:
    out = render(run, fmt)
    if fmt == "text":
        out = " ".join(out.split())  # wrapped to 80 columns
    assert "§5.2(a), p. 3" in out
    assert "§9.4, pp. 3–4" in out
    assert "Schedule 2" in out and "§Schedule" not in out
    assert "p. 7" in out  # page without section
    assert SEARCHED in out
    assert "Batch Jobs are processed in any region" in out
    assert "no text layer (scanned?)" in out


# --------------------------------------------------------------------------- json


def test_json_round_trip_and_names(run: AuditRun) -> None:
    out = render(run, "json")
    assert out.endswith("}\n")
    data = json.loads(out)
    assert data == run.to_dict()
    assert "generated_at" not in data
    assert data["auditor_version"] == "0.1.0"
    assert data["ruleset"] == {"version": "2025.1", "sha256": "ab" * 32}
    doc = data["documents"][1]
    for key in ("path", "sha256", "format", "pages", "verdict", "topics", "findings", "errors"):
        assert key in doc
    finding = doc["findings"][1]
    for key in ("rule", "topic", "status", "severity", "checklist_item", "explanation", "remediation"):
        assert key in finding
    assert finding["status"] == EXCLUDED
    ev = finding["evidence"][0]
    assert ev["text"] == HOSTILE
    for key in ("text", "section", "page", "start", "end", "role"):
        assert key in ev
    assert data["documents"][2]["errors"] == [{"code": "no_text", "message": "no text layer (scanned?)"}]
    assert '"2 pages had little text — OCR’d?"' in out  # ensure_ascii=False
    assert "\\u" not in out


def test_json_generated_at(run: AuditRun) -> None:
    data = json.loads(render(run, "json", generated_at="2025-01-02T03:04:05Z"))
    assert data["generated_at"] == "2025-01-02T03:04:05Z"
    assert list(data)[:3] == ["schema_version", "auditor_version", "generated_at"]


# --------------------------------------------------------------------------- text


def test_text_layout(run: AuditRun) -> None:
    out = render(run, "text")
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert "\x1b" not in out
    assert any(l.startswith("contracts/draft|v2.pdf · pdf · 12 pages · GAPS FOUND") for l in lines)
    assert any(l.startswith("contracts/ready.docx · docx · 6 pages · READY FOR SIGN-OFF") for l in lines)
    assert "  NOT ASSESSABLE: no text layer (scanned?) (no_text)" in lines
    # topic table: retention is listed under items 1 and 2
    assert re.search(r"^  Retention +implied +1, 2$", out, re.M)
    assert re.search(r"^  Deletion +missing +2$", out, re.M)
    # evidence quote trimmed with an ellipsis, first remediation sentence only
    assert "…" in out
    assert "Fix: Delete the carve-out in clause 9.4." in out
    assert "Suggested:" not in out
    assert "Fix: Add a deletion clause." in out
    # covered findings: one line with their location
    assert "  Data protection: covered — §4.1, p. 2" in lines
    assert lines[-1] == "3 documents: 1 ready for sign-off, 1 with gaps, 1 not assessable; 4 gaps found"


def test_text_strips_control_codes() -> None:
    doc = gaps_doc()
    bad = Evidence("Batch \x1b[31mRED\x1b[0m text\u202e", "commitment", "1", 1, 0, 5)
    finding = Finding("r", "residency", EXCLUDED, "high", 1, "t", "x", "y", evidence=(bad,))
    doc = DocumentReport(doc.path, doc.sha256, doc.format, doc.pages, GAPS, doc.topics, (finding,))
    out = render(_run(doc), "text")
    assert "\x1b" not in out and "\u202e" not in out
    assert "Batch [31mRED[0m text" in out


# --------------------------------------------------------------------------- not assessable


@pytest.mark.parametrize("fmt", ("text", "md", "html"))
def test_not_assessable_never_looks_like_a_pass(fmt: str) -> None:
    out = render(_run(na_doc()), fmt)
    low = out.lower()
    assert "not assessable" in low
    assert "no text layer (scanned?)" in out
    assert "ready" not in low
    assert "signed" not in low
    visible = re.sub(r"<style>.*?</style>", "", low, flags=re.S)  # CSS names every status class
    assert "covered" not in visible
    for title in TITLES.values():
        if title != "Data protection":  # checklist text mentions "data protection"
            assert title not in out


def test_not_assessable_html_banner() -> None:
    out = render(_run(na_doc()), "html")
    assert '<div class="banner" role="alert">' in out
    assert "Not assessable" in out
    assert "Reviewed by" not in out


# --------------------------------------------------------------------------- markdown


def test_markdown_structure(run: AuditRun) -> None:
    out = render(run, "md", generated_at="2025-01-02")
    assert out.startswith("# Batch-processing coverage audit\n\n> **This is an audit report, not a sign-off.** "
                          "Record a decision on each open finding with \\`auditor review\\`; the sign-off "
                          "report comes from \\`auditor signoff\\`.\n")
    for n in (1, 2, 3):
        assert f"### Checklist item {n}: " in out
    assert "**Verdict: GAPS FOUND**" in out
    assert "**Verdict: READY FOR SIGN\\-OFF**" not in out  # '-' only escaped at line start
    assert "**Verdict: READY FOR SIGN-OFF**" in out
    assert "| SHA-256 | " + "22" * 32 + " |" in out
    assert "| Rule set SHA-256 | " + "ab" * 32 + " |" in out
    assert "| Generated at | 2025-01-02 |" in out
    assert "| Auditor version | 0.1.0 |" in out
    assert "> — *carve\\-out*, §9.4, pp. 3–4" not in out
    assert "> — *carve-out*, §9.4, pp. 3–4" in out
    assert "**Searched:** " in out
    for label in ("Reviewed by", "Decision |"):  # no blank box to sign: that is the sign-off's job
        assert label not in out
    # retention appears in the tables of items 1 and 2, detailed once under 2
    section1 = out.split("### Checklist item 1")[2].split("### Checklist item 2")[0]
    assert "| Retention | **Implied** |" in section1
    assert "*Retention* is detailed under checklist item 2." in section1
    assert out.count("#### Retention") == 2  # ready doc + gaps doc
    assert "> NOT ASSESSABLE" not in out and "> **NOT ASSESSABLE:** no text layer" in out


def test_markdown_escaping(run: AuditRun) -> None:
    out = render(run, "md")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\\| \\# not a heading" in out
    assert "contracts/draft\\|v2.pdf" in out
    for line in out.splitlines():
        if line.startswith("|"):
            assert "contracts/draft|v2" not in line
    assert markdown.md_escape("# Heading") == "\\# Heading"
    assert markdown.md_escape("1. Definitions") == "1\\. Definitions"
    assert markdown.md_escape("- item") == "\\- item"
    assert markdown.md_escape("a | b") == "a \\| b"
    assert markdown.md_escape("<b>&amp; AT&T</b>") == "&lt;b&gt;&amp;amp; AT&T&lt;/b&gt;"
    assert markdown.md_escape("[x](javascript:1)") == "\\[x\\](javascript:1)"


# --------------------------------------------------------------------------- html


class _Collector(HTMLParser):
    """Collects tags and the external references an HTML page would load."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)


def test_html_escaping(run: AuditRun) -> None:
    out = render(run, "html")
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp; &#34;priority&#34;" in out
    parser = _Collector()
    parser.feed(out)
    assert "script" not in parser.tags
    assert parser.external == []


def test_html_self_contained_and_printable(run: AuditRun) -> None:
    out = render(run, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert out.count("<html") == 1
    assert "<style>" in out and "@media print" in out
    assert "break-inside: avoid" in out
    assert "<link" not in out and "@import" not in out and "url(" not in out
    assert "Content-Security-Policy" in out


def test_html_structure(run: AuditRun) -> None:
    out = render(run, "html", generated_at="2025-01-02")
    # index at the top linking the three documents
    index = out.split('<nav class="index"')[1].split("</nav>")[0]
    for n in (1, 2, 3):
        assert f'href="#doc-{n}"' in index and f'id="doc-{n}"' in out
    assert "contracts/draft|v2.pdf" in index
    for n in (1, 2, 3):
        assert f"<h3>Checklist item {n}: " in out
    # badges carry a text label, not colour alone
    assert re.search(r'class="badge status-excluded">.*?Excluded</span>', out)
    assert re.search(r'class="badge status-missing">.*?Missing</span>', out)
    assert "GAPS FOUND" in out and "READY FOR SIGN-OFF" in out
    assert "§9.4, pp. 3–4" in out and "<em>carve-out</em>" in out
    assert '<blockquote class="remedy">Delete the carve-out in clause 9.4.' in out
    assert "Reviewed by" not in out  # no blank box to sign: that is the sign-off's job
    assert out.count("This is an audit report, not a sign-off.") == 1 and "auditor signoff" in out
    assert "Not assessable" in out and "no text layer (scanned?) (no_text)" in out
    assert out.count("<section class=\"document\"") == 3


def test_html_template_autoescape_is_on() -> None:
    env = html_report._environment()
    assert env.autoescape is True


_VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}


class _Balance(HTMLParser):
    """Checks that every non-void element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("docs", [(ready_doc(), gaps_doc(), na_doc()), (na_doc(),), ()])
def test_html_well_formed(docs: tuple[DocumentReport, ...]) -> None:
    checker = _Balance()
    checker.feed(render(_run(*docs), "html", generated_at="now"))
    assert checker.errors == [] and checker.stack == []


# --------------------------------------------------------------------------- fallbacks


def test_fallbacks_without_titles_checklist_or_topics() -> None:
    finding = Finding(
        rule="r1",
        topic="retention",
        status=EXCLUDED,
        severity="high",
        checklist_item=2,
        checklist_items=(1, 2),
        title="t",
        explanation="Retention differs for batch.",
        remediation="Align the schedules, e.g. 30 days. Then more.",
        evidence=(Evidence("Batch outputs are kept 90 days.", "schedule", None, None, 5, 9),),
    )
    doc = DocumentReport("x.txt", None, "txt", None, GAPS, {"retention": EXCLUDED}, (finding,))
    run = AuditRun("0.1.0", RulesetInfo("v", "s"), (doc,), topic_items=ITEMS)  # order and items, no titles
    out = render(run, "text")
    assert "Data protection" in out and "Training exclusion" in out  # titles from keys
    assert re.search(r"^  Data protection +not_assessed +1$", out, re.M)
    assert "schedule · chars 5–9:" in out
    assert "Fix: Align the schedules, e.g. 30 days." in out and "Then more" not in out
    assert "x.txt · txt · GAPS FOUND" in out
    md = render(run, "md")
    assert "### Checklist item 1\n" in md and "### Checklist item 3\n" in md
    assert "| Pages | — |" in md
    assert render(run, "html").count("Not assessed") >= 5


def test_empty_run() -> None:
    run = _run()
    assert render(run, "text").splitlines()[-1] == "0 documents"
    assert json.loads(render(run, "json"))["documents"] == []
    assert "Reviewed by" not in render(run, "md")


@pytest.mark.parametrize("raw", [
    "12\\. Warranties", "*   11.3. text", "a_b_c *x* `y` [z](u) <b>", "1. one", "2) two", "Batch | 30 days | No",
    "&copy; &amp; & x", "# head", "- item", "+ x", "> q", "~~~ fence", "    indented", "x\\y", "***",
    "line one\nline two | cell", "http://x.y/z_w", "a<br>b",
])
def test_md_escape_renders_the_text_as_written(raw: str) -> None:
    """A CommonMark renderer shows escaped text exactly as written, in a paragraph and in a table cell."""
    import html as html_lib

    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    expected = " ".join(raw.split())

    def shown(source: str) -> str:
        return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", md.render(source))).split())

    assert shown(markdown.md_escape(raw)) == expected
    assert shown(f"| a |\n|---|\n| {markdown.md_escape(raw)} |\n") == f"a {expected}"
