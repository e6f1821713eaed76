"""Plain-text terminal report.

No colour or other control codes (contract text is stripped of them too);
every line fits in :data:`WIDTH` columns.  Per document: a header line, a
topic table, a short block for each finding that is not ``covered`` and one
line for each covered finding.  A not-assessable document shows only its
reason, never topic statuses.  The report ends with a verdict count.
"""

from __future__ import annotations

import textwrap

from auditor.model import COVERED, AuditRun
from auditor.report.views import DocView, FindingView, RunView, TopicView, build_run_view

WIDTH = 100
_TITLE_MAX = 36
_STATUS_MAX = 16


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap ``text`` to :data:`WIDTH`, breaking over-long words (paths, hashes)."""
    lines = textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=True,
        break_on_hyphens=False,
    )
    return lines or [indent.rstrip()]


def _clip(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns, marking the cut with "…"."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _header(view: RunView) -> list[str]:
    sha = view.ruleset_sha256[:12] or "unknown"
    line = (
        f"Batch-processing coverage audit — auditor {view.auditor_version or 'unknown'}, "
        f"rule set {view.ruleset_version or 'unknown'} (sha256 {sha})"
    )
    lines = _wrap(line)
    if view.generated_at:
        lines += _wrap(f"Generated at {view.generated_at}")
    return lines


def _doc_header(doc: DocView) -> list[str]:
    parts = [doc.title]
    parts += [p for p in (doc.format, doc.pages_label) if p]
    parts.append(doc.verdict_label.upper())
    return _wrap(" · ".join(parts), "", "    ")


def _table(topics: tuple[TopicView, ...]) -> list[str]:
    title_w = min(max([len("Topic")] + [len(t.title) for t in topics]), _TITLE_MAX)
    status_w = min(max([len("Status")] + [len(t.status) for t in topics]), _STATUS_MAX)
    rows = [("Topic", "Status", "Checklist")]
    rows += [(t.title, t.status, t.items_label) for t in topics]
    lines = []
    for title, status, items in rows:
        line = f"  {_clip(title, title_w):<{title_w}}  {_clip(status, status_w):<{status_w}}  {items}"
        lines.append(_clip(line.rstrip(), WIDTH))
    return lines


def _covered_line(topic: TopicView, finding: FindingView) -> list[str]:
    places = "; ".join(dict.fromkeys(e.location for e in finding.evidence)) or "no location given"
    return _wrap(f"  {topic.title}: covered — {places}", "", "      ")


def _finding_block(topic: TopicView, finding: FindingView) -> list[str]:
    meta = [m for m in (finding.rule, f"severity {finding.severity}" if finding.severity else "") if m]
    meta.append(("items " if len(topic.items) > 1 else "item ") + topic.items_label)
    lines = _wrap(f"  {topic.title} — {finding.status.upper()} [{', '.join(meta)}]", "", "      ")
    if finding.explanation:
        lines += _wrap(finding.explanation, "    ")
    for evidence in finding.evidence:
        lines += _wrap(f"{evidence.role or 'evidence'} · {evidence.location}:", "    ", "      ")
        lines += _wrap(f"“{evidence.short}”", "      ", "       ")
    if finding.searched:
        lines += _wrap(f"Searched: {finding.searched}", "    ", "      ")
    if finding.remediation_first:
        lines += _wrap(f"Fix: {finding.remediation_first}", "    ", "      ")
    return lines


def _findings(topics: tuple[TopicView, ...]) -> list[str]:
    lines: list[str] = []
    for topic in topics:
        if not topic.findings:
            if topic.status != COVERED:
                lines += _wrap(f"  {topic.title}: {topic.status} — no finding reported", "", "      ")
                lines.append("")
            continue
        for finding in topic.findings:
            if finding.status == COVERED:
                lines += _covered_line(topic, finding)
            else:
                lines += _finding_block(topic, finding)
                lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _document(doc: DocView) -> list[str]:
    lines = _doc_header(doc)
    if not doc.assessable:
        lines += _wrap(f"NOT ASSESSABLE: {doc.reason}", "  ", "      ")
        lines += _wrap("No topic was assessed; audit a copy with a usable text layer.", "  ")
        for warning in doc.warnings:
            lines += _wrap(f"warning: {warning}", "  ", "      ")
        return lines
    for error in doc.errors:
        lines += _wrap(f"ERROR: {error}", "  ", "      ")
    for warning in doc.warnings:
        lines += _wrap(f"warning: {warning}", "  ", "      ")
    lines += _table(doc.topics)
    body = _findings(doc.topics)
    if body:
        lines.append("")
        lines += body
    return lines


def render(run: AuditRun, generated_at: str | None = None) -> str:
    """Render ``run`` as plain text for a terminal."""
    view = build_run_view(run, generated_at)
    lines = _header(view)
    for doc in view.documents:
        lines.append("")
        lines += _document(doc)
    lines.append("")
    lines += _wrap(view.summary)
    return "\n".join(lines) + "\n"
