"""The HTML sign-off as a reader sees it: rendered by headless Chromium.

Each report is loaded from a file:// URL with networking features off, then
checked three ways: the DOM Chromium built (``--dump-dom``), the printed PDF
(``--print-to-pdf``, text extracted with pdfplumber) and a screenshot. Every
topic, its status and evidence must be visible, contract text containing
``<script>`` must show as text and never become an element, and the overall
state must be stated.

Chromium is Debian's ``chromium`` package. Without it these tests are
skipped, unless ``CI`` is set: then they fail, so CI cannot pass silently
without the browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import main
from auditor.model import COVERED
from auditor.pipeline import audit_path
from auditor.report.common import status_label
from auditor.rules import load_ruleset

from browser import chromium, render_in_chromium as _render, visible_text as _visible  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "draft-ai-services-agreement.docx"
HOSTILE = """SERVICES AGREEMENT

4.1 Provider shall protect Customer Data with appropriate security measures.

4.2 Provider retains prompts and outputs for 30 days. Zero data retention is not available for batch requests & <script>alert(1)</script> <img src=x onerror=alert(2)>.
"""


def _signoff(tmp: Path, contract: Path, *extra: str) -> Path:
    out = tmp / "signoff.html"
    result = CliRunner().invoke(main, ["signoff", str(contract), "-o", str(out), *extra],
                                env={"SOURCE_DATE_EPOCH": "1742515200"})
    assert result.exit_code in (0, 1), result.output
    return out


def test_signed_off_report_as_rendered(chromium: str, tmp_path: Path, ruleset) -> None:
    draft = tmp_path / "draft.docx"
    shutil.copy(SAMPLE, draft)
    assert CliRunner().invoke(main, ["review", str(draft)]).exit_code == 0
    decisions = draft.with_name("draft.decisions.yaml")
    report = audit_path(draft, ruleset)
    text = decisions.read_text().replace(
        "    decision:\n    reviewer:\n    role:\n    date:\n    rationale:\n",
        "    decision: risk_accepted\n    reviewer: Priya Raman\n    role: Senior Counsel\n    date: 2025-03-20\n"
        "    rationale: Within the outsourcing policy.\n")
    decisions.write_text(text)
    root, printed, _ = _render(chromium, _signoff(tmp_path, draft))
    seen = _visible(root)
    assert root.xpath("//script") == []
    for phrase in ("Overall state: SIGNED OFF", "Priya Raman (Senior Counsel), 2025-03-20"):
        assert phrase in seen
    assert "OVERALL STATE: SIGNED OFF" in printed.upper()
    for finding in report.findings:
        title = " ".join(finding.title.split())
        assert title in seen and title in printed, title
        assert status_label(finding.status) in seen
        if finding.evidence:
            quote = " ".join(finding.evidence[0].text.split())[:60]
            assert quote in seen and quote in printed, quote
    assert len(report.findings) == len(load_ruleset().topics)
    topics_table = root.xpath("//table[contains(@class, 'topics')]//tr/td[1]")
    assert {" ".join(td.text_content().split()) for td in topics_table} == {
        " ".join(f.title.split()) for f in report.findings}
    for finding in report.findings:
        if finding.status != COVERED:
            assert f"finding {finding.id}" in seen


def test_contract_markup_shows_as_text(chromium: str, tmp_path: Path) -> None:
    contract = tmp_path / "hostile.txt"
    contract.write_text(HOSTILE)
    root, printed, _ = _render(chromium, _signoff(tmp_path, contract))
    seen = _visible(root)
    assert root.xpath("//script") == [] and root.xpath("//img") == []
    assert "<script>alert(1)</script>" in seen and "<img src=x onerror=alert(2)>" in seen
    assert "<script>alert(1)</script>" in printed
    assert "Overall state: NOT SIGNED OFF" in seen and "OVERALL STATE: NOT SIGNED OFF" in printed.upper()
    assert "Remaining open:" in seen
