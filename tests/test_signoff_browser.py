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

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.model import COVERED
from auditor.pipeline import audit_path
from auditor.report.common import status_label
from auditor.rules import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "draft-ai-services-agreement.docx"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = """SERVICES AGREEMENT

4.1 Provider shall protect Customer Data with appropriate security measures.

4.2 Provider retains prompts and outputs for 30 days. Zero data retention is not available for batch requests & <script>alert(1)</script> <img src=x onerror=alert(2)>.
"""


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _chromium()
    if path is None:
        reason = "chromium is not installed (Debian: apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set: the browser tests must run in CI")
        pytest.skip(reason)
    return path


def _run(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=180, env={**os.environ, "HOME": str(tmp)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _render(chromium: str, html: Path) -> tuple[lxml.html.HtmlElement, str, Path]:
    """The DOM as Chromium built it, the printed text, and a screenshot path."""
    tmp = html.parent
    dom = _run(chromium, tmp, "--dump-dom", html.as_uri()).stdout
    pdf, png = tmp / "print.pdf", tmp / "shot.png"
    _run(chromium, tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    _run(chromium, tmp, f"--screenshot={png}", "--window-size=1200,1600", html.as_uri())
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 1
        printed = " ".join(" ".join((page.extract_text() or "").split()) for page in doc.pages)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    return lxml.html.fromstring(dom), printed, png


def _visible(root: lxml.html.HtmlElement) -> str:
    body = root.find("body")
    assert body is not None
    return " ".join(body.text_content().split())


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
