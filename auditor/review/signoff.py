"""Sign-off: one document's findings combined with the reviewer's decisions.

A document is **signed off** only when it was assessed and every topic is
either ``covered`` or carries a decision other than ``amendment_requested``
from a named reviewer that still applies (see :mod:`auditor.review.carry`).
Anything else leaves it **not signed off**, with the list of what remains
open. A not-assessable document is never signed off.

:func:`build_signoff` computes the state; :func:`signoff_view` turns it into
cleaned, format-neutral strings for the renderers in ``auditor/report/``
(``signoff_md``, ``signoff_html``, ``signoff_json``, ``signoff_docx``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from auditor.model import COVERED, NOT_ASSESSABLE, NOT_ASSESSED, AuditRun, DocumentReport, Finding, RulesetInfo
from auditor.report.common import clean, topic_title
from auditor.report.views import DocView, SectionView, TopicView, build_run_view

from .carry import Resolution, resolve
from .decisions import AMENDMENT_REQUESTED, DECISION_HELP, Decision, DecisionsFile

SIGNED_OFF = "signed off"
NOT_SIGNED_OFF = "not signed off"
TITLE = "Batch-processing coverage: lawyer sign-off"

# Per-topic states.
STATE_COVERED = "covered"
STATE_DECIDED = "decided"
STATE_OPEN = "open"

DECISION_LABELS: dict[str, str] = {d: d.replace("_", " ").capitalize() for d in DECISION_HELP}


@dataclass(frozen=True)
class TopicSignoff:
    """One topic: its status, finding, the decision that applies and the resulting state."""

    topic: str
    status: str
    finding: Finding | None
    resolution: Resolution | None
    state: str  # covered | decided | open
    reason: str  # why it is open, or what closed it


@dataclass(frozen=True)
class Signoff:
    """The sign-off of one document."""

    report: DocumentReport
    document_name: str
    decisions_path: str | None
    ruleset: RulesetInfo
    auditor_version: str
    generated_at: str | None
    checklist: tuple[tuple[int, str], ...]
    topic_titles: dict[str, str]
    topics: tuple[TopicSignoff, ...]
    signed_off: bool
    remaining: tuple[str, ...]

    @property
    def state(self) -> str:
        """``"signed off"`` or ``"not signed off"``."""
        return SIGNED_OFF if self.signed_off else NOT_SIGNED_OFF

    def to_dict(self) -> dict[str, Any]:
        """Builtins only: the machine-readable sign-off (see ``signoff_json``)."""
        def decision(entry: Decision | None) -> dict[str, Any] | None:
            return None if entry is None else {"finding_id": entry.finding_id, **entry.to_dict()}

        run = self.as_run()
        return {
            "schema_version": "1",
            "state": self.state,
            "signed_off": self.signed_off,
            "document": {"name": self.document_name, "path": self.report.path, "sha256": self.report.sha256,
                         "format": self.report.format, "verdict": self.report.verdict,
                         "errors": [dict(e) for e in self.report.errors]},
            "ruleset": self.ruleset.to_dict(),
            "auditor_version": self.auditor_version,
            "generated_at": self.generated_at,
            "decisions_file": self.decisions_path,
            "checklist": [{"item": n, "text": t} for n, t in self.checklist],
            "topics": [{
                "topic": t.topic,
                "title": topic_title(run, t.topic),
                "status": t.status,
                "state": t.state,
                "reason": t.reason,
                "finding": t.finding.to_dict() if t.finding else None,
                "decision": decision(t.resolution.entry) if t.resolution and t.resolution.applies else None,
                "carried_over": bool(t.resolution and t.resolution.carried_over),
                "reopened": bool(t.resolution and t.resolution.reopened),
                "reopened_decision": (decision(t.resolution.entry)
                                      if t.resolution and t.resolution.reopened else None),
            } for t in self.topics],
            "remaining": list(self.remaining),
        }

    def as_run(self) -> AuditRun:
        """The audit run this sign-off rests on (one document), for the shared report views."""
        return AuditRun(self.auditor_version, self.ruleset, (self.report,), self.checklist, self.topic_titles)


def _topic_state(topic: str, status: str, finding: Finding | None, dfile: DecisionsFile | None,
                 sha: str | None) -> TopicSignoff:
    if status == COVERED:
        return TopicSignoff(topic, status, finding, None, STATE_COVERED, "covered")
    if finding is None:
        return TopicSignoff(topic, status, None, None, STATE_OPEN, f"{status}: no finding to decide on")
    res = resolve(finding, dfile, sha)
    if not res.applies or res.entry is None:
        return TopicSignoff(topic, status, finding, res, STATE_OPEN, res.note)
    entry = res.entry
    if entry.decision == AMENDMENT_REQUESTED:
        who = f" by {entry.reviewer}" if entry.named else ""
        return TopicSignoff(topic, status, finding, res, STATE_OPEN, f"amendment requested{who}")
    if not entry.named:
        return TopicSignoff(topic, status, finding, res, STATE_OPEN,
                            f"decision {entry.decision} has no named reviewer")
    label = DECISION_LABELS.get(entry.decision or "", entry.decision or "")
    return TopicSignoff(topic, status, finding, res, STATE_DECIDED, f"{label.lower()} by {entry.reviewer}")


def build_signoff(report: DocumentReport, dfile: DecisionsFile | None, *, ruleset: RulesetInfo,
                  auditor_version: str, checklist: tuple[tuple[int, str], ...] = (),
                  topic_titles: dict[str, str] | None = None, generated_at: str | None = None,
                  topic_order: tuple[str, ...] = ()) -> Signoff:
    """Combine ``report`` with the decisions in ``dfile`` into a :class:`Signoff`."""
    by_topic: dict[str, Finding] = {}
    for f in report.findings:
        by_topic.setdefault(f.topic, f)
    keys = [t for t in topic_order if t in report.topics or t in by_topic]
    keys += [t for t in report.topics if t not in keys]
    keys += [t for t in by_topic if t not in keys]
    topics: list[TopicSignoff] = []
    remaining: list[str] = []
    assessable = report.verdict != NOT_ASSESSABLE
    if assessable:
        for key in keys:
            status = report.topics.get(key) or (by_topic[key].status if key in by_topic else NOT_ASSESSED)
            topics.append(_topic_state(key, status, by_topic.get(key), dfile, report.sha256))
    titles = topic_titles or {}
    for t in topics:
        if t.state == STATE_OPEN:
            fid = f" ({t.finding.id})" if t.finding else ""
            remaining.append(f"{clean(titles.get(t.topic) or t.topic)}{fid}: {t.status}; {t.reason}")
    if not assessable:
        reason = "; ".join(clean(e.get("message", "")) for e in report.errors) or "no usable text"
        remaining.append(f"the document could not be assessed ({reason}); it cannot be signed off")
    elif not topics:
        remaining.append("no topic was assessed")
    signed = assessable and bool(topics) and not remaining
    return Signoff(report=report, document_name=os.path.basename(report.path) or report.path,
                   decisions_path=dfile.path if dfile is not None and dfile.exists else None,
                   ruleset=ruleset, auditor_version=auditor_version, generated_at=generated_at,
                   checklist=checklist, topic_titles=dict(titles), topics=tuple(topics),
                   signed_off=signed, remaining=tuple(remaining))


# --------------------------------------------------------------------------- views


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
        items=_items(doc, states) if doc.assessable else (), warnings=doc.warnings)


__all__ = ["NOT_SIGNED_OFF", "SIGNED_OFF", "Signoff", "SignoffView", "TopicSignoff", "build_signoff",
           "signoff_view"]
