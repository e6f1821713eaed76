"""Plain-text terminal report.

No colour or other control codes (contract text is stripped of them too);
every line fits in the width given (the terminal's, or 80 columns when the
output is not a terminal: see ``auditor audit --width``), wrapped at word
boundaries with hanging indents.  Per document: a header line, a topic
table, a short block for each finding that is not ``covered`` and one line
for each covered finding; a quote that holds a pending tracked change is
followed by the change (insertion or deletion, author, date), and a draft
read with its changes accepted (or rejected) says so.  A not-assessable
document shows only its reason, never topic statuses.  The report ends with
a verdict count in plain English ("1 document: 1 gap found").
"""

from __future__ import annotations

import re
import textwrap

from auditor.model import COVERED, AuditRun
from auditor.report.views import DocView, EvidenceView, FindingView, RunView, TopicView, build_run_view

WIDTH = 80  # when no width is given
MIN_WIDTH = 40
_TITLE_MAX = 36
_STATUS_MAX = 16

_VIEWS = {
    "accepted": "read with every pending tracked change accepted (--view original reads the draft before them)",
    "original": "read as before its pending tracked changes (--view accepted reads them in)",
}


_GLUE = re.compile(r"(\bpp?\.|\u00b6|\u00a7|\btable|\brow|\bline|\blines) (?=\d)")


class _Layout:
    """Wrapping and clipping to one width."""

    def __init__(self, width: int) -> None:
        self.width = max(MIN_WIDTH, width)

    def wrap(self, text: str, indent: str = "", hanging: str | None = None) -> list[str]:
        """Wrap ``text`` at word boundaries, breaking only words longer than a line (paths,
        hashes); a number stays with its unit ("p. 3", "¶ 12", "row 3")."""
        lines = textwrap.wrap(
            _GLUE.sub("\\1\u00a0", text),
            width=self.width,
            initial_indent=indent,
            subsequent_indent=indent if hanging is None else hanging,
            break_long_words=True,
            break_on_hyphens=False,
        )
        return [line.replace("\u00a0", " ") for line in lines] or [indent.rstrip()]

    @staticmethod
    def clip(text: str, width: int) -> str:
        """Cut ``text`` to ``width`` columns, marking the cut with "…"."""
        return text if len(text) <= width else text[: width - 1] + "…"


def _header(view: RunView, lay: _Layout) -> list[str]:
    sha = view.ruleset_sha256[:12] or "unknown"
    line = (
        f"Batch-processing coverage audit — auditor {view.auditor_version or 'unknown'}, "
        f"rule set {view.ruleset_version or 'unknown'} (sha256 {sha})"
    )
    lines = lay.wrap(line)
    if view.generated_at:
        lines += lay.wrap(f"Generated at {view.generated_at}")
    return lines


def _doc_header(doc: DocView, lay: _Layout) -> list[str]:
    parts = [doc.title]
    parts += [p for p in (doc.format, doc.pages_label) if p]
    parts.append(doc.verdict_label.upper())
    return lay.wrap(" · ".join(parts), "", "    ")


def _table(topics: tuple[TopicView, ...], lay: _Layout) -> list[str]:
    # The title column gives way first on a narrow terminal.
    title_max = max(12, min(_TITLE_MAX, lay.width - 2 - 2 - _STATUS_MAX - 2 - 6))
    title_w = min(max([len("Topic")] + [len(t.title) for t in topics]), title_max)
    status_w = min(max([len("Status")] + [len(t.status) for t in topics]), _STATUS_MAX)
    rows = [("Topic", "Status", "Checklist")]
    rows += [(t.title, t.status, t.items_label) for t in topics]
    lines = []
    for title, status, items in rows:
        line = f"  {lay.clip(title, title_w):<{title_w}}  {lay.clip(status, status_w):<{status_w}}  {items}"
        lines.append(lay.clip(line.rstrip(), lay.width))
    return lines


def _pending(evidence: EvidenceView, lay: _Layout, indent: str) -> list[str]:
    lines: list[str] = []
    for change in evidence.pending:
        lines += lay.wrap(f"pending {change}", indent, indent + "  ")
    return lines


def _covered_line(topic: TopicView, finding: FindingView, lay: _Layout) -> list[str]:
    places = "; ".join(dict.fromkeys(e.location for e in finding.evidence)) or "no location given"
    lines = lay.wrap(f"  {topic.title}: covered — {places}", "", "      ")
    for evidence in finding.evidence:
        lines += _pending(evidence, lay, "      ")
    return lines


def _finding_block(topic: TopicView, finding: FindingView, lay: _Layout) -> list[str]:
    meta = [m for m in (finding.rule, f"severity {finding.severity}" if finding.severity else "") if m]
    meta.append(("items " if len(topic.items) > 1 else "item ") + topic.items_label)
    lines = lay.wrap(f"  {topic.title} — {finding.status.upper()} [{', '.join(meta)}]", "", "      ")
    if finding.explanation:
        lines += lay.wrap(finding.explanation, "    ")
    for evidence in finding.evidence:
        lines += lay.wrap(f"{evidence.role or 'evidence'} · {evidence.location}:", "    ", "      ")
        lines += lay.wrap(f"“{evidence.short}”", "      ", "       ")
        lines += _pending(evidence, lay, "      ")
    if finding.searched:
        lines += lay.wrap(f"Searched: {finding.searched}", "    ", "      ")
    if finding.remediation_first:
        lines += lay.wrap(f"Fix: {finding.remediation_first}", "    ", "      ")
    return lines


def _findings(topics: tuple[TopicView, ...], lay: _Layout) -> list[str]:
    lines: list[str] = []
    for topic in topics:
        if not topic.findings:
            if topic.status != COVERED:
                lines += lay.wrap(f"  {topic.title}: {topic.status} — no finding reported", "", "      ")
                lines.append("")
            continue
        for finding in topic.findings:
            if finding.status == COVERED:
                lines += _covered_line(topic, finding, lay)
            else:
                lines += _finding_block(topic, finding, lay)
                lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _document(doc: DocView, lay: _Layout) -> list[str]:
    lines = _doc_header(doc, lay)
    if not doc.assessable:
        lines += lay.wrap(f"NOT ASSESSABLE: {doc.reason}", "  ", "      ")
        lines += lay.wrap("No topic was assessed; audit a copy with a usable text layer.", "  ")
        for warning in doc.warnings:
            lines += lay.wrap(f"warning: {warning}", "  ", "      ")
        return lines
    for error in doc.errors:
        lines += lay.wrap(f"ERROR: {error}", "  ", "      ")
    for warning in doc.warnings:
        lines += lay.wrap(f"warning: {warning}", "  ", "      ")
    if doc.view in _VIEWS:
        lines += lay.wrap(f"Tracked changes: {_VIEWS[doc.view]}.", "  ", "    ")
    lines += _table(doc.topics, lay)
    body = _findings(doc.topics, lay)
    if body:
        lines.append("")
        lines += body
    return lines


def render(run: AuditRun, generated_at: str | None = None, width: int = WIDTH) -> str:
    """Render ``run`` as plain text for a terminal ``width`` columns wide (at least 40)."""
    lay = _Layout(width)
    view = build_run_view(run, generated_at)
    lines = _header(view, lay)
    for doc in view.documents:
        lines.append("")
        lines += _document(doc, lay)
    lines.append("")
    lines += lay.wrap(view.summary)
    return "\n".join(lines) + "\n"
