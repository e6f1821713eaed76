"""Markdown audit report (not a sign-off: that is ``auditor signoff``).

Layout per document: a metadata table, the verdict in bold, one section per
checklist item (a topic table, then a subsection per topic whose primary item
it is: status, explanation, evidence blockquotes, remediation, "Searched:").
The report opens by saying it is not a sign-off; it has no space to sign.  A not-assessable document gets a warning
blockquote with the reason instead of any topic status.

Every string that comes from a contract, a rule set or the caller goes
through :func:`md_escape`, so contract text can neither break a table, start
a heading or list, nor inject raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.model import AuditRun
from auditor.report.common import NOT_A_SIGNOFF, SIGNOFF_HOW
from auditor.report.views import DocView, FindingView, RunView, SectionView, TopicView, build_run_view

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING_LIST = re.compile(r"^(\d+)([.)])(\s|$)")
_LEADING_MARK = re.compile(r"^([>+=-])")

TITLE = "Batch-processing coverage audit"


def md_escape(text: str) -> str:
    """Escape one line of untrusted text for Markdown (tables, headings, quotes).

    ``<``/``>`` become entities (no raw HTML or autolinks), ``&`` only where it
    would start an entity, inline markup characters, ``#`` and ``|`` are
    backslash-escaped, and a leading ``-``, ``+``, ``=`` or ``1.`` cannot
    start a block.  Whitespace is collapsed first (views already are), so a
    newline cannot end a table row and leading spaces cannot open a code block.
    """
    text = " ".join(text.split())
    text = _ENTITY_START.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LEADING_LIST.sub(r"\1\\\2\3", text)
    return _LEADING_MARK.sub(r"\\\1", text)


def _cell(text: str) -> str:
    """A table cell: escaped, never empty."""
    return md_escape(text) if text else "—"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A GitHub-style table; ``rows`` must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _metadata(view: RunView, doc: DocView) -> list[str]:
    rows = [
        *((label, _cell(value)) for label, value in doc.agreement_rows),
        ("Document", _cell(doc.path)),
        ("Format", _cell(doc.format)),
        ("Pages", str(doc.pages) if doc.pages is not None else "—"),
        ("SHA-256", _cell(doc.sha256)),
        ("Rule set version", _cell(view.ruleset_version)),
        ("Rule set SHA-256", _cell(view.ruleset_sha256)),
        ("Auditor version", _cell(view.auditor_version)),
    ]
    if view.generated_at:
        rows.append(("Generated at", _cell(view.generated_at)))
    return _table(("Field", "Value"), rows)


def _finding(finding: FindingView, many: bool) -> list[str]:
    lines: list[str] = []
    if many and finding.title:
        lines += [f"**Finding:** {md_escape(finding.title)}", ""]
    meta = [f"**Status:** {md_escape(finding.status_label)}"]
    if finding.severity:
        meta.append(f"severity {md_escape(finding.severity)}")
    if finding.rule:
        meta.append(f"rule {md_escape(finding.rule)}")
    lines += [" · ".join(meta), ""]
    if finding.explanation:
        lines += [md_escape(finding.explanation), ""]
    if finding.evidence:
        lines += ["**Evidence:**", ""]
        for evidence in finding.evidence:
            role = md_escape(evidence.role or "evidence")
            lines += [
                f"> {md_escape(evidence.text)}",
                ">",
                f"> — *{role}*, {md_escape(evidence.location)}",
                "",
            ]
    if finding.searched:
        lines += [f"**Searched:** {md_escape(finding.searched)}", ""]
    if finding.remediation:
        lines += ["**Remediation:**", "", f"> {md_escape(finding.remediation)}", ""]
    return lines


def _topic(topic: TopicView) -> list[str]:
    lines = [f"#### {md_escape(topic.title)}", ""]
    if not topic.findings:
        lines += [f"**Status:** {md_escape(topic.status_label)} — no finding reported.", ""]
        return lines
    for finding in topic.findings:
        lines += _finding(finding, many=len(topic.findings) > 1)
    return lines


def _section(section: SectionView) -> list[str]:
    lines = [f"### {md_escape(section.heading)}", ""]
    if not section.topics:
        return lines + ["No topic is mapped to this item.", ""]
    rows = [(md_escape(t.title), f"**{md_escape(t.status_label)}**", _cell(t.where)) for t in section.topics]
    lines += _table(("Topic", "Status", "Where"), rows) + [""]
    for topic in section.detailed:
        lines += _topic(topic)
    for topic in section.elsewhere:
        lines += [f"*{md_escape(topic.title)}* is detailed under checklist item {topic.primary}.", ""]
    return lines


def _document(view: RunView, doc: DocView) -> list[str]:
    lines = [f"## Document {doc.index}: {md_escape(doc.title)}", ""]
    lines += _metadata(view, doc) + [""]
    if not doc.assessable:
        lines += [
            f"> **NOT ASSESSABLE:** {md_escape(doc.reason)}",
            ">",
            "> No topic was assessed. Audit a copy with a usable text layer.",
            "",
        ]
    else:
        lines += [f"**Verdict: {md_escape(doc.verdict_label.upper())}**", ""]
        lines += [f"- **Error:** {md_escape(e)}" for e in doc.errors]
    lines += [f"- **Warning:** {md_escape(w)}" for w in doc.warnings]
    if doc.errors or doc.warnings:
        lines.append("")
    for section in doc.sections:
        lines += _section(section)
    return lines


def render(run: AuditRun, generated_at: str | None = None) -> str:
    """Render ``run`` as a Markdown audit report."""
    view = build_run_view(run, generated_at)
    lines = [f"# {TITLE}", "", f"> **{md_escape(NOT_A_SIGNOFF)}** {md_escape(SIGNOFF_HOW)}", ""]
    if len(view.documents) > 1:
        lines += ["## Documents", ""]
        rows = [(str(d.index), _cell(d.title), md_escape(d.verdict_label)) for d in view.documents]
        lines += _table(("#", "Document", "Verdict"), rows) + [""]
    for doc in view.documents:
        lines += _document(view, doc)
    lines += [f"*{md_escape(view.summary)}*"]
    return "\n".join(lines) + "\n"
