"""The format-neutral view of a sign-off, shared by the Markdown, HTML and DOCX renderers.

:func:`signoff_view` turns a :class:`~auditor.review.signoff.Signoff` (the
state computed in ``review/``) into cleaned strings: the audit's topic views
from :mod:`auditor.report.views`, plus per topic its decision, sign-off state
and any carry-over or reopening note, and every file of the agreement with
its SHA-256. Nothing here escapes; each format does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from auditor.report.common import clean
from auditor.report.views import DocView, SectionView, TopicView, build_run_view
from auditor.review.decisions import Decision
from auditor.review.signoff import (DECISION_LABELS, STATE_COVERED, STATE_DECIDED, STATE_OPEN, Signoff,
                                    TopicSignoff)

TITLE = "Batch-processing coverage: lawyer sign-off"


@dataclass(frozen=True)
class FileView:
    """One file the sign-off rests on."""

    name: str
    sha256: str
    format: str


@dataclass(frozen=True)
class DecisionView:
    """A decision as shown in a report (cleaned, not escaped)."""

    finding_id: str
    decision: str
    label: str
    reviewer: str
    role: str
    date: str
    rationale: str
    document_sha256: str


@dataclass(frozen=True)
class TopicSignoffView:
    """A topic of the sign-off: the audit view plus decision and state."""

    topic: TopicView
    finding_id: str
    state: str  # covered | decided | open
    state_label: str
    reason: str
    decision: DecisionView | None  # the decision that applies
    reopened: DecisionView | None  # a decision that no longer applies
    carried_over: bool
    note: str  # carry-over / reopened sentence ("" when nothing to say)


@dataclass(frozen=True)
class ItemView:
    """One checklist item: its topics; details for those whose primary item it is."""

    number: int | None
    heading: str
    topics: tuple[TopicSignoffView, ...]
    detailed: tuple[TopicSignoffView, ...]
    elsewhere: tuple[TopicSignoffView, ...]


@dataclass(frozen=True)
class SignoffView:
    """Everything a sign-off renderer lays out; strings cleaned, never escaped."""

    title: str
    document_name: str
    document_path: str
    sha256: str
    format: str
    ruleset_version: str
    ruleset_sha256: str
    auditor_version: str
    generated_at: str
    decisions_path: str
    assessable: bool
    reason: str
    signed_off: bool
    state: str
    state_label: str
    remaining: tuple[str, ...]
    items: tuple[ItemView, ...]
    warnings: tuple[str, ...]
    files: tuple[FileView, ...] = ()

    @property
    def bundle(self) -> bool:
        """True when the agreement is several files."""
        return len(self.files) > 1


def _decision_view(entry: Decision | None) -> DecisionView | None:
    if entry is None:
        return None
    return DecisionView(
        finding_id=clean(entry.finding_id), decision=clean(entry.decision),
        label=DECISION_LABELS.get(entry.decision or "", clean(entry.decision) or "No decision"),
        reviewer=clean(entry.reviewer), role=clean(entry.role), date=clean(entry.date),
        rationale=clean(entry.rationale), document_sha256=clean(entry.document_sha256))


def _topic_view(topic: TopicView, ts: TopicSignoff | None) -> TopicSignoffView:
    if ts is None:
        return TopicSignoffView(topic, "", STATE_OPEN, "Open", "not assessed", None, None, False, "")
    res = ts.resolution
    applies = _decision_view(res.entry) if res and res.applies else None
    reopened = _decision_view(res.entry) if res and res.reopened else None
    note = clean(res.note) if res and (res.reopened or res.carried_over) else ""
    if note == clean(ts.reason):
        note = ""  # already said as the reason the topic is open
    label = {STATE_COVERED: "Covered", STATE_DECIDED: "Decided", STATE_OPEN: "Open"}[ts.state]
    if ts.state == STATE_DECIDED and applies:
        label = f"Decided: {applies.label.lower()}"
    return TopicSignoffView(topic=topic, finding_id=clean(ts.finding.id if ts.finding else ""), state=ts.state,
                            state_label=label, reason=clean(ts.reason), decision=applies, reopened=reopened,
                            carried_over=bool(res and res.carried_over), note=note)


def _items(doc: DocView, states: dict[str, TopicSignoff]) -> tuple[ItemView, ...]:
    views = {t.key: _topic_view(t, states.get(t.key)) for t in doc.topics}

    def pick(ts: tuple[TopicView, ...]) -> tuple[TopicSignoffView, ...]:
        return tuple(views[t.key] for t in ts)

    out: list[ItemView] = []
    for s in doc.sections:
        sec: SectionView = s
        out.append(ItemView(sec.number, sec.heading, pick(sec.topics), pick(sec.detailed), pick(sec.elsewhere)))
    return tuple(out)


def signoff_view(signoff: Signoff) -> SignoffView:
    """Build the format-neutral view of ``signoff``."""
    run = build_run_view(signoff.as_run(), signoff.generated_at)
    doc = run.documents[0]
    states = {t.topic: t for t in signoff.topics}
    return SignoffView(
        title=TITLE, document_name=clean(signoff.document_name), document_path=doc.path, sha256=doc.sha256,
        format=doc.format, ruleset_version=run.ruleset_version, ruleset_sha256=run.ruleset_sha256,
        auditor_version=run.auditor_version, generated_at=run.generated_at,
        decisions_path=clean(signoff.decisions_path), assessable=doc.assessable, reason=doc.reason,
        signed_off=signoff.signed_off, state=signoff.state, state_label=signoff.state.upper(),
        remaining=tuple(clean(r) for r in signoff.remaining),
        items=_items(doc, states) if doc.assessable else (), warnings=doc.warnings,
        files=tuple(FileView(clean(os.path.basename(p.path)), clean(p.sha256), clean(p.format))
                    for p in signoff.files))



__all__ = ["FileView", "SignoffView", "TITLE", "signoff_view"]
