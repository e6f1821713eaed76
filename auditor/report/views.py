"""Format-neutral view model shared by the text, Markdown and HTML reports.

The renderers never walk the model dataclasses themselves for layout
decisions; they walk the small frozen views built here.  Every string in a
view is *cleaned* (control and bidi-override characters removed, whitespace
collapsed, see :func:`auditor.report.common.clean`) but **not escaped** —
escaping is each format's job (Markdown escaping in ``markdown.py``, Jinja2
autoescaping in ``html.py``).

Everything here is deterministic: ordering follows the rule set's topic order
(``ruleset.yaml`` ``order``, carried by the run), then the input's own order; no sets are iterated unsorted and no clock is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.model import (
    COVERED,
    GAPS,
    MISSING,
    NOT_ASSESSABLE,
    NOT_ASSESSED,
    READY,
    STATUSES,
    AuditRun,
    DocumentReport,
    Evidence,
    Finding,
    TrackedChange,
)
from auditor.report.common import (
    WHERE_LIMIT,
    clean,
    first_sentence,
    location,
    plural,
    status_label,
    topic_title,
    trim,
    verdict_label,
)


@dataclass(frozen=True)
class EvidenceView:
    """One quote: full text, a trimmed copy, its role and rendered location."""

    text: str
    short: str
    role: str
    location: str
    pending: tuple[str, ...] = ()  # pending tracked changes in the quote: "insertion by Jane Doe on 2026-11-02: “…”"


@dataclass(frozen=True)
class FindingView:
    """One finding, with cleaned strings and evidence views."""

    rule: str
    title: str
    status: str
    status_label: str
    severity: str
    explanation: str
    remediation: str
    remediation_first: str
    searched: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class TopicView:
    """A topic of one document: status, checklist items, locations, findings."""

    key: str
    title: str
    status: str
    status_label: str
    status_class: str  # a known status or "unknown"; safe as a CSS class
    items: tuple[int, ...]
    primary: int | None
    where: str
    findings: tuple[FindingView, ...]

    @property
    def items_label(self) -> str:
        """Checklist items as "1, 2" (or "—" when unmapped)."""
        return ", ".join(str(n) for n in self.items) or "—"


@dataclass(frozen=True)
class SectionView:
    """One checklist item and the topics listed under it.

    ``detailed`` are the topics whose primary item this is (their full
    findings go here); ``elsewhere`` are listed in the table but detailed
    under their primary item.
    """

    number: int | None
    heading: str
    topics: tuple[TopicView, ...]
    detailed: tuple[TopicView, ...]
    elsewhere: tuple[TopicView, ...]


@dataclass(frozen=True)
class DocView:
    """One audited document, ready to lay out."""

    index: int
    anchor: str
    path: str
    format: str
    pages: int | None
    pages_label: str
    sha256: str
    verdict: str
    verdict_label: str
    verdict_class: str  # "clear" | "gaps" | "na" | "unknown"
    assessable: bool
    reason: str  # why the document is not assessable ("" otherwise)
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    topics: tuple[TopicView, ...]
    sections: tuple[SectionView, ...]
    view: str = ""  # a DOCX with pending tracked changes: read "accepted" or "original"
    agreement: str = ""  # the catalogue agreement's id, when it is not just the file's path
    counterparty: str = ""
    notes: str = ""

    @property
    def title(self) -> str:
        """How the document is headed: its agreement's id, else its path."""
        return self.agreement or self.path or "(no path)"

    @property
    def agreement_rows(self) -> tuple[tuple[str, str], ...]:
        """The agreement's id, counterparty and notes, those that are set, as (label, value)."""
        rows = (("Agreement", self.agreement), ("Counterparty", self.counterparty), ("Notes", self.notes))
        return tuple((label, value) for label, value in rows if value)


@dataclass(frozen=True)
class RunView:
    """A whole run: provenance, documents and the closing summary line."""

    auditor_version: str
    ruleset_version: str
    ruleset_sha256: str
    generated_at: str
    documents: tuple[DocView, ...]
    summary: str


def _change_line(change: TrackedChange) -> str:
    who = clean(change.author) or "an unnamed author"
    when = f" on {clean(change.date)[:10]}" if clean(change.date) else ""
    return f"{clean(change.kind)} by {who}{when}: \u201c{trim(change.text, 80)}\u201d"


def _evidence_view(evidence: Evidence) -> EvidenceView:
    return EvidenceView(
        text=clean(evidence.text),
        short=trim(evidence.text),
        role=clean(evidence.role),
        location=location(evidence),
        pending=tuple(dict.fromkeys(_change_line(c) for c in evidence.changes)),
    )


def _finding_view(finding: Finding) -> FindingView:
    return FindingView(
        rule=clean(finding.rule),
        title=clean(finding.title),
        status=clean(finding.status),
        status_label=status_label(finding.status),
        severity=clean(finding.severity),
        explanation=clean(finding.explanation),
        remediation=clean(finding.remediation),
        remediation_first=first_sentence(finding.remediation),
        searched=clean(finding.searched),
        evidence=tuple(_evidence_view(e) for e in finding.evidence),
    )


def _topic_items(run: AuditRun, key: str, findings: list[Finding]) -> tuple[tuple[int, ...], int | None]:
    """All checklist items of a topic and its primary item (the rule set's, when no finding says)."""
    if not findings:
        items = tuple(run.topic_items.get(key, ()))
        return items, (items[0] if items else None)
    numbers: set[int] = set()
    for finding in findings:
        numbers.update(finding.checklist_items or ())
        numbers.add(finding.checklist_item)
    return tuple(sorted(numbers)), findings[0].checklist_item


def _where(status: str, findings: tuple[FindingView, ...]) -> str:
    seen: list[str] = []
    for finding in findings:
        for evidence in finding.evidence:
            if evidence.location not in seen:
                seen.append(evidence.location)
    if not seen:
        return "not found" if status == MISSING else "—"
    shown = "; ".join(seen[:WHERE_LIMIT])
    return shown + ("; …" if len(seen) > WHERE_LIMIT else "")


def _topic_views(run: AuditRun, doc: DocumentReport) -> tuple[TopicView, ...]:
    by_topic: dict[str, list[Finding]] = {}
    for finding in doc.findings:
        by_topic.setdefault(finding.topic, []).append(finding)
    keys = list(run.topic_order)
    keys += [k for k in doc.topics if k not in keys]
    keys += [k for k in by_topic if k not in keys]
    views: list[TopicView] = []
    for key in keys:
        findings = by_topic.get(key, [])
        if key in doc.topics:
            status = doc.topics[key]
        else:
            status = findings[0].status if findings else NOT_ASSESSED
        items, primary = _topic_items(run, key, findings)
        finding_views = tuple(_finding_view(f) for f in findings)
        views.append(
            TopicView(
                key=key,
                title=topic_title(run, key),
                status=clean(status),
                status_label=status_label(status),
                status_class=status if status in STATUSES else "unknown",
                items=items,
                primary=primary,
                where=_where(status, finding_views),
                findings=finding_views,
            )
        )
    return tuple(views)


def _section_views(run: AuditRun, topics: tuple[TopicView, ...]) -> tuple[SectionView, ...]:
    texts = {number: clean(text) for number, text in run.checklist}
    numbers = [number for number, _ in run.checklist]
    numbers += sorted({n for t in topics for n in t.items if n not in texts})
    sections: list[SectionView] = []
    for number in numbers:
        listed = tuple(t for t in topics if number in t.items)
        if not listed and number not in texts:
            continue
        heading = f"Checklist item {number}"
        if texts.get(number):
            heading += f": {texts[number]}"
        sections.append(
            SectionView(
                number=number,
                heading=heading,
                topics=listed,
                detailed=tuple(t for t in listed if t.primary == number),
                elsewhere=tuple(t for t in listed if t.primary != number),
            )
        )
    unmapped = tuple(t for t in topics if not t.items)
    if unmapped:
        sections.append(
            SectionView(None, "Topics not mapped to a checklist item", unmapped, unmapped, ())
        )
    return tuple(sections)


def _error_line(error: dict[str, str]) -> str:
    message = clean(error.get("message", "")) or "no message"
    code = clean(error.get("code", ""))
    return f"{message} ({code})" if code else message


def _doc_view(run: AuditRun, doc: DocumentReport, index: int) -> DocView:
    assessable = doc.verdict != NOT_ASSESSABLE
    errors = tuple(_error_line(e) for e in doc.errors)
    topics = _topic_views(run, doc) if assessable else ()
    verdict_class = {READY: "clear", GAPS: "gaps", NOT_ASSESSABLE: "na"}.get(doc.verdict, "unknown")
    agreement = doc.agreement
    return DocView(
        index=index,
        anchor=f"doc-{index}",
        path=clean(doc.path),
        format=clean(doc.format),
        pages=doc.pages,
        pages_label=plural(doc.pages, "page") if doc.pages is not None else "",
        sha256=clean(doc.sha256),
        verdict=clean(doc.verdict),
        verdict_label=verdict_label(doc.verdict),
        verdict_class=verdict_class,
        assessable=assessable,
        reason="" if assessable else ("; ".join(errors) or "no reason given"),
        errors=errors if assessable else (),
        warnings=tuple(clean(w) for w in doc.warnings),
        topics=topics,
        sections=_section_views(run, topics) if assessable else (),
        view=clean(doc.view),
        agreement=clean(agreement.id) if agreement is not None and agreement.id != doc.path else "",
        counterparty=clean(agreement.counterparty) if agreement is not None else "",
        notes=clean(agreement.notes) if agreement is not None else "",
    )


def summary_line(run: AuditRun) -> str:
    """The closing count in plain English.

    One document: "1 document: 3 gaps found" (a gap is a topic that is not
    covered), "1 document: ready for sign-off" or "1 document: not
    assessable". Several: "3 documents: 1 ready for sign-off, 1 with gaps,
    1 not assessable; 4 gaps found". Verdicts with no document are left out,
    so a run of unreadable documents never mentions a passing verdict.
    """
    head = plural(len(run.documents), "document")
    gaps = sum(1 for d in run.documents if d.verdict != NOT_ASSESSABLE
               for status in d.topics.values() if status != COVERED)
    gap_count = f"{plural(gaps, 'gap')} found"
    if len(run.documents) == 1:
        doc = run.documents[0]
        return f"{head}: {gap_count if doc.verdict == GAPS else verdict_label(doc.verdict).lower()}"
    labels = {READY: "ready for sign-off", GAPS: "with gaps", NOT_ASSESSABLE: "not assessable"}
    counts = {v: sum(d.verdict == v for d in run.documents) for v in labels}
    counts.update({d.verdict: 0 for d in run.documents if d.verdict not in labels})
    for d in run.documents:
        if d.verdict not in labels:
            counts[d.verdict] += 1
    parts = [f"{n} {labels.get(v) or verdict_label(v).lower()}" for v, n in counts.items() if n]
    text = f"{head}: {', '.join(parts)}" if parts else head
    return text + (f"; {gap_count}" if counts.get(GAPS) else "")


def build_run_view(run: AuditRun, generated_at: str | None = None) -> RunView:
    """Build the view of a whole run (``generated_at`` is shown only when given)."""
    return RunView(
        auditor_version=clean(run.auditor_version),
        ruleset_version=clean(run.ruleset.version),
        ruleset_sha256=clean(run.ruleset.sha256),
        generated_at=clean(generated_at),
        documents=tuple(_doc_view(run, d, i) for i, d in enumerate(run.documents, start=1)),
        summary=summary_line(run),
    )
