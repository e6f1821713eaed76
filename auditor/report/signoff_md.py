"""Markdown lawyer sign-off report.

Layout: provenance table (document name and SHA-256, rule set version and
SHA-256, tool version, date, decisions file), the overall state in bold with
what remains open, then one section per checklist item: a table of its topics
(status, sign-off state) and, for the topics whose primary item it is, the
status, explanation, evidence quotes with section and page, the decision
(reviewer, role, date, rationale) and any carry-over or reopening note.

All contract, rule-set and decisions text goes through
:func:`auditor.report.markdown.md_escape`.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.report.markdown import md_escape
from auditor.report.signoff_view import DecisionView, ItemView, SignoffView, TopicSignoffView, signoff_view
from auditor.review.signoff import Signoff


def _cell(text: str) -> str:
    return md_escape(text) if text else "—"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _decision(label: str, d: DecisionView) -> list[str]:
    who = _cell(d.reviewer) if d.reviewer else "*no named reviewer*"
    role = f" ({md_escape(d.role)})" if d.role else ""
    date = f", {md_escape(d.date)}" if d.date else ""
    lines = [f"**{label}:** {md_escape(d.label)} — {who}{role}{date}", ""]
    if d.rationale:
        lines += [f"> {md_escape(d.rationale)}", ""]
    return lines


def _topic(t: TopicSignoffView) -> list[str]:
    tv = t.topic
    lines = [f"#### {md_escape(tv.title)}", ""]
    meta = [f"**Status:** {md_escape(tv.status_label)}", f"**Sign-off:** {md_escape(t.state_label)}"]
    if t.finding_id:
        meta.append(f"finding `{t.finding_id.replace('`', '')}`")
    lines += [" · ".join(meta), ""]
    for f in tv.findings:
        if f.explanation:
            lines += [md_escape(f.explanation), ""]
        if f.evidence:
            lines += ["**Evidence:**", ""]
            for e in f.evidence:
                lines += [f"> {md_escape(e.text)}", ">", f"> — *{md_escape(e.role or 'evidence')}*, "
                          f"{md_escape(e.location)}", ""]
        if f.searched:
            lines += [f"**Searched:** {md_escape(f.searched)}", ""]
    if t.decision:
        lines += _decision("Decision", t.decision)
    elif t.state != "covered":
        lines += [f"**Decision:** none that applies — {md_escape(t.reason)}", ""]
    if t.note:
        lines += [f"*{md_escape(t.note[0].upper() + t.note[1:])}.*", ""]
    if t.reopened and not t.decision:
        lines += _decision("Reopened decision", t.reopened)
    for f in tv.findings:
        if f.remediation and t.state != "covered":
            lines += ["**Suggested remediation:**", "", f"> {md_escape(f.remediation)}", ""]
    return lines


def _item(item: ItemView) -> list[str]:
    lines = [f"### {md_escape(item.heading)}", ""]
    rows = [(md_escape(t.topic.title), f"**{md_escape(t.topic.status_label)}**", md_escape(t.state_label),
             _cell(t.topic.where)) for t in item.topics]
    lines += _table(("Topic", "Status", "Sign-off", "Where"), rows) + [""]
    for t in item.detailed:
        lines += _topic(t)
    for t in item.elsewhere:
        lines += [f"*{md_escape(t.topic.title)}* is detailed under checklist item {t.topic.primary}.", ""]
    return lines


def render_view(view: SignoffView) -> str:
    """Render a :class:`SignoffView` as Markdown."""
    rows = [
        ("Document", _cell(view.document_name)),
        ("Bundle SHA-256 (of the files' hashes)" if view.bundle else "Document SHA-256", _cell(view.sha256)),
        ("Format", _cell(view.format)),
        ("Rule set version", _cell(view.ruleset_version)),
        ("Rule set SHA-256", _cell(view.ruleset_sha256)),
        ("Auditor version", _cell(view.auditor_version)),
        ("Date", _cell(view.generated_at)),
        ("Decisions file", _cell(view.decisions_path) if view.decisions_path else "none"),
    ]
    lines = [f"# {md_escape(view.title)}", ""] + _table(("Field", "Value"), rows) + [""]
    if view.bundle:
        lines += _table(("File", "Format", "SHA-256"),
                        [(_cell(f.name), _cell(f.format), f"`{f.sha256}`" if f.sha256 else "—")
                         for f in view.files]) + [""]
    lines += [f"## Overall state: **{md_escape(view.state_label)}**", ""]
    if view.signed_off:
        lines += ["Every topic is covered or carries a decision from a named reviewer.", ""]
    else:
        lines += ["Remaining open:", ""] + [f"- {md_escape(r)}" for r in view.remaining] + [""]
    if not view.assessable:
        lines += [f"> **NOT ASSESSABLE:** {md_escape(view.reason)}", ""]
    lines += [f"- **Warning:** {md_escape(w)}" for w in view.warnings]
    if view.warnings:
        lines.append("")
    for item in view.items:
        lines += _item(item)
    lines += [f"*Overall state: {md_escape(view.state)}.*"]
    return "\n".join(lines) + "\n"


def render(signoff: Signoff) -> str:
    """Render a :class:`Signoff` as a Markdown sign-off report."""
    return render_view(signoff_view(signoff))
