"""Word (DOCX) lawyer sign-off report, built with python-docx.

The same content as the Markdown and HTML sign-off: provenance table,
overall state with what remains open, and per checklist item a topic table
and, for each topic detailed there, status, explanation, evidence quotes with
section and page, the decision with reviewer, role, date and rationale, and
carry-over or reopening notes. Text is cleaned of control characters (which
XML cannot hold); python-docx escapes the rest.

``python-docx`` is imported inside :func:`render` so importing this module
stays cheap.
"""

from __future__ import annotations

import io
from typing import Any

from auditor.report.signoff_view import DecisionView, ItemView, SignoffView, TopicSignoffView, signoff_view
from auditor.review.signoff import Signoff


def _table(doc: Any, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text or "—"


def _labelled(doc: Any, label: str, text: str, italic: bool = False) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}: ").bold = True
    run = p.add_run(text)
    run.italic = italic


def _quote(doc: Any, text: str, cite: str = "") -> None:
    p = doc.add_paragraph(style="Quote") if _has_style(doc, "Quote") else doc.add_paragraph()
    p.add_run(f"“{text}”")
    if cite:
        p.add_run(f" — {cite}").italic = True


def _has_style(doc: Any, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def _decision(doc: Any, label: str, d: DecisionView) -> None:
    who = d.reviewer or "no named reviewer"
    role = f" ({d.role})" if d.role else ""
    date = f", {d.date}" if d.date else ""
    _labelled(doc, label, f"{d.label} — {who}{role}{date}")
    if d.rationale:
        _quote(doc, d.rationale)


def _topic(doc: Any, t: TopicSignoffView) -> None:
    doc.add_heading(f"{t.topic.title} — {t.topic.status_label}", level=3)
    meta = f"{t.state_label}" + (f" (finding {t.finding_id})" if t.finding_id else "")
    _labelled(doc, "Sign-off", meta)
    for f in t.topic.findings:
        if f.explanation:
            doc.add_paragraph(f.explanation)
        for e in f.evidence:
            _quote(doc, e.text, f"{e.role or 'evidence'}, {e.location}")
        if f.searched:
            _labelled(doc, "Searched", f.searched)
    if t.decision:
        _decision(doc, "Decision", t.decision)
    elif t.state != "covered":
        _labelled(doc, "Decision", f"none that applies — {t.reason}")
    if t.note:
        p = doc.add_paragraph()
        p.add_run(t.note[:1].upper() + t.note[1:] + ".").italic = True
    if t.reopened and not t.decision:
        _decision(doc, "Reopened decision", t.reopened)
    if t.state != "covered":
        for f in t.topic.findings:
            if f.remediation:
                _labelled(doc, "Suggested remediation", f.remediation)


def _item(doc: Any, item: ItemView) -> None:
    doc.add_heading(item.heading, level=2)
    _table(doc, ("Topic", "Status", "Sign-off", "Where"),
           [(t.topic.title, t.topic.status_label, t.state_label, t.topic.where) for t in item.topics])
    for t in item.detailed:
        _topic(doc, t)
    for t in item.elsewhere:
        p = doc.add_paragraph()
        p.add_run(f"{t.topic.title} is detailed under checklist item {t.topic.primary}.").italic = True


def render_view(view: SignoffView) -> bytes:
    """Render a :class:`SignoffView` as the bytes of a .docx file."""
    import docx  # heavy: imported only when a DOCX is asked for
    from docx.shared import Pt

    doc = docx.Document()
    doc.core_properties.title = f"{view.title}: {view.document_name}"
    doc.core_properties.author = "auditor"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(view.title, level=1)
    _table(doc, ("Field", "Value"), [
        ("Document", view.document_name),
        ("Bundle SHA-256 (of the files' hashes)" if view.bundle else "Document SHA-256", view.sha256),
        ("Format", view.format),
        ("Rule set version", view.ruleset_version), ("Rule set SHA-256", view.ruleset_sha256),
        ("Auditor version", view.auditor_version), ("Date", view.generated_at),
        ("Decisions file", view.decisions_path or "none"),
    ])
    if view.bundle:
        _table(doc, ("File", "Format", "SHA-256"), [(f.name, f.format, f.sha256) for f in view.files])
    p = doc.add_paragraph()
    p.add_run("Overall state: ").bold = True
    state = p.add_run(view.state_label)
    state.bold = True
    state.font.size = Pt(14)
    if view.signed_off:
        doc.add_paragraph("Every topic is covered or carries a decision from a named reviewer.")
    else:
        doc.add_paragraph("Remaining open:")
        for r in view.remaining:
            doc.add_paragraph(r, style="List Bullet")
    if not view.assessable:
        _labelled(doc, "Not assessable", view.reason)
    for w in view.warnings:
        _labelled(doc, "Warning", w)
    for item in view.items:
        _item(doc, item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(signoff: Signoff) -> bytes:
    """Render a :class:`Signoff` as the bytes of a .docx file."""
    return render_view(signoff_view(signoff))
