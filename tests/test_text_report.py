"""The text report on a terminal: fits the width (the terminal's, 80 when not a
terminal, or --width), wraps quotes at word boundaries with hanging indents,
shows pending tracked changes, and counts in plain English."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from auditor.english import a, count, plural
from auditor.model import COVERED, EXCLUDED, GAPS, AuditRun, DocumentReport, Finding, RulesetInfo
from auditor.pipeline import audit_text
from auditor.report import render

from conftest import ROOT, cli
from test_docx_fidelity import dele, ins, para

VENDOR = ROOT / "fixtures" / "vendor-terms"
BUNDLE = (VENDOR / "halden-services-agreement.md", VENDOR / "halden-product-terms.pdf")


def _text(*args: object) -> str:
    result = cli("audit", "-q", *args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _quotes(out: str) -> list[str]:
    """Each quote of the report, its wrapped lines joined again."""
    quotes, current = [], None
    for line in out.splitlines():
        if line.startswith("      \u201c"):
            current = [line.strip()]
        elif current is not None and line.startswith("       ") and not line.startswith("        "):
            current.append(line.strip())
        elif current is not None:
            quotes.append(" ".join(current))
            current = None
    return quotes


@pytest.mark.parametrize("width", [40, 60, 100, 160])
def test_every_line_fits_the_width_and_quotes_wrap_at_word_boundaries(width):
    out = _text("--bundle", *BUNDLE, "--width", width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    quotes = _quotes(out)
    assert quotes
    full = {" ".join(q.split()) for q in ("Halden may store prompts and completions for up to 30 days to detect abuse.",)}
    joined = [q.strip("\u201c\u201d") for q in quotes]
    assert full & set(joined), joined  # no word was cut to fit: the lines join back into the sentence
    if width < 100:
        assert any(line.startswith("       ") and not line.startswith("        ") for line in lines)  # hanging indent


def test_eighty_columns_when_not_a_terminal():
    lines = _text("--bundle", *BUNDLE).splitlines()
    assert max(len(line) for line in lines) <= 80
    assert max(len(line) for line in lines) > 70


def test_the_terminal_width_is_used_on_a_terminal(monkeypatch):
    import shutil
    import sys

    from auditor.cli.common import terminal_width

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): SimpleNamespace(columns=123, lines=40))
    assert terminal_width(None) == 123
    assert terminal_width(90) == 90
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert terminal_width(None) == 80


def test_a_number_stays_with_its_unit():
    out = _text("--bundle", *BUNDLE, "--width", "40")
    assert not re.search(r"(?:p\.|\u00b6|row|table)$", out, re.M)


def test_width_is_refused_below_forty():
    result = cli("audit", "-q", BUNDLE[0], "--width", "20")
    assert result.exit_code == 2 and "--width" in result.output


# --------------------------------------------------------------------------- tracked changes


def _tracked(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Data Retention", 1)
    para(d, "7.1 Provider will retain Inputs and Outputs for no longer than thirty (30) days, whether they are "
            "submitted synchronously or through the Batch API.",
         ins(" Zero data retention does not apply to batch requests.", author="Vendor Counsel", cid=11))
    para(d, "7.2 Provider shall not train any model on inputs or outputs of batch jobs",
         dele(" or of pilot requests", author="Bank Counsel", cid=12), ".")
    path = tmp_path / "tracked.docx"
    d.save(str(path))
    return path


def test_text_shows_pending_tracked_changes_as_md_and_json_do(tmp_path: Path):
    import json

    path = _tracked(tmp_path)
    out = " ".join(_text(path, "--width", "100").split())
    assert "Tracked changes: read with every pending tracked change accepted" in out
    # Under the carve-out it rests on, and under a covered finding too.
    assert ("carve-out \u00b7 \u00a77.1: \u201cZero data retention does not apply to batch requests.\u201d "
            "pending insertion by Vendor Counsel on 2024-05-01: \u201cZero data retention does not apply to "
            "batch requests.\u201d") in out
    assert ("No training on batch data: covered \u2014 \u00a77.2 pending deletion by Bank Counsel on 2024-05-01: "
            "\u201cor of pilot requests\u201d") in out
    data = json.loads(_text(path, "--format", "json"))
    changes = [c for f in data["documents"][0]["findings"] for e in f["evidence"] for c in e["pending_changes"]]
    assert {(c["kind"], c["author"]) for c in changes} == {("insertion", "Vendor Counsel"), ("deletion", "Bank Counsel")}
    md = _text(path, "--format", "md")
    assert "pending insertion by Vendor Counsel on 2024-05-01" in md
    assert "pending deletion by Bank Counsel on 2024-05-01" in md
    original = " ".join(_text(path, "--view", "original", "--width", "100").split())
    assert "Tracked changes: read as before its pending tracked changes" in original


# --------------------------------------------------------------------------- English


def test_english_counts_and_articles():
    assert count(1, "gap") == "1 gap" and count(2, "gap") == "2 gaps" and count(0, "sentence") == "0 sentences"
    assert count(1, "sentence or table cell", "sentences and table cells") == "1 sentence or table cell"
    assert count(3, "open finding") == "3 open findings" and plural("policy") == "policies"
    assert plural("batch") == "batches" and plural("day") == "days"
    assert a("audit commitment") == "an audit commitment" and a("retention commitment") == "a retention commitment"
    assert a("user") == "a user" and a("hour") == "an hour"


def test_finding_messages_count_in_english(ruleset):
    report = audit_text("Provider keeps invoices.", ruleset)
    audit = next(f for f in report.findings if f.topic == "audit")
    assert audit.explanation == "No audit commitment was found in the 1 sentence read."
    assert audit.searched.startswith("Read 1 sentence or table cell in 1 clause (all paragraphs) for an audit commitment")
    retention = next(f for f in report.findings if f.topic == "retention")
    assert "for a retention commitment" in retention.searched
    two = audit_text("Provider keeps invoices. Customer pays fees.", ruleset)
    assert "in the 2 sentences read" in two.findings[0].explanation
    for finding in report.findings + two.findings:
        assert not re.search(r"\b1 (sentences|clauses|cells)\b|\ba (audit|[aeiou])", finding.explanation + finding.searched)


def test_one_gap_found():
    finding = Finding("retention", "retention", EXCLUDED, "high", 2, "Retention", "Differs.", "Fix it.")
    doc = DocumentReport("a.txt", "0" * 64, "txt", None, GAPS, {"retention": EXCLUDED, "audit": COVERED}, (finding,))
    out = render(AuditRun("0.1.0", RulesetInfo("v", "s"), (doc,)), "text")
    assert out.splitlines()[-1] == "1 document: 1 gap found"


def test_draft_comparison_counts_in_english():
    from auditor.report.diff import _summary

    kinds = ["gap closed", "gap closed", "new gap", "evidence changed", "unchanged"]
    diff = SimpleNamespace(changes=[SimpleNamespace(kind=k) for k in kinds])
    assert _summary(diff) == "2 gaps closed, 1 new gap, 1 with changed evidence, 1 unchanged"


def test_rules_messages_count_in_english():
    assert re.match(r"ok: 6 rules, \d+ examples, version ", cli("rules", "check").output)
    assert re.search(r"\(\d+ rule examples, \d+ cue cases\)", cli("rules", "test").output)
