"""Sign-off: one agreement's findings combined with the reviewer's decisions.

An agreement (one file or a bundle) is **signed off** only when it was
assessed and every topic is either ``covered`` or carries a decision other
than ``amendment_requested`` from a named reviewer that still applies (see
:mod:`auditor.review.carry`); ``risk_accepted`` and ``false_positive`` count
only with a rationale. Anything else leaves it **not signed off**, with the
list of what remains open. A not-assessable agreement is never signed off.

:func:`build_signoff` computes the state; the renderers in ``auditor/report/``
(``signoff_view`` and the ``signoff_*`` formats) lay it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from auditor.model import COVERED, NOT_ASSESSABLE, NOT_ASSESSED, AuditRun, DocumentReport, Finding, Part, RulesetInfo

from .carry import Resolution, resolve
from .decisions import AMENDMENT_REQUESTED, DECISION_HELP, NEEDS_RATIONALE, Decision, DecisionsFile

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
    topic_items: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def files(self) -> tuple[Part, ...]:
        """Every file the sign-off rests on, each with its SHA-256."""
        return self.report.files

    @property
    def state(self) -> str:
        """``"signed off"`` or ``"not signed off"``."""
        return SIGNED_OFF if self.signed_off else NOT_SIGNED_OFF

    def to_dict(self) -> dict[str, Any]:
        """Builtins only: the machine-readable sign-off (see ``signoff_json``)."""
        def decision(entry: Decision | None) -> dict[str, Any] | None:
            return None if entry is None else {"finding_id": entry.finding_id, **entry.to_dict()}

        return {
            "schema_version": "1",
            "state": self.state,
            "signed_off": self.signed_off,
            "document": {"name": self.document_name, "path": self.report.path, "sha256": self.report.sha256,
                         "format": self.report.format, "verdict": self.report.verdict,
                         "errors": [dict(e) for e in self.report.errors]},
            "files": [p.to_dict() for p in self.files],
            "ruleset": self.ruleset.to_dict(),
            "auditor_version": self.auditor_version,
            "generated_at": self.generated_at,
            "decisions_file": self.decisions_path,
            "checklist": [{"item": n, "text": t} for n, t in self.checklist],
            "topics": [{
                "topic": t.topic,
                "title": self.topic_titles.get(t.topic) or t.topic.replace("_", " ").capitalize(),
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
        return AuditRun(self.auditor_version, self.ruleset, (self.report,), self.checklist, self.topic_titles,
                        self.topic_items)


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
    if entry.decision in NEEDS_RATIONALE and not (entry.rationale or "").strip():
        return TopicSignoff(topic, status, finding, res, STATE_OPEN,
                            f"decision {entry.decision} by {entry.reviewer} gives no rationale")
    label = DECISION_LABELS.get(entry.decision or "", entry.decision or "")
    return TopicSignoff(topic, status, finding, res, STATE_DECIDED, f"{label.lower()} by {entry.reviewer}")


def build_signoff(report: DocumentReport, dfile: DecisionsFile | None, *, ruleset: RulesetInfo,
                  auditor_version: str, checklist: tuple[tuple[int, str], ...] = (),
                  topic_titles: dict[str, str] | None = None, generated_at: str | None = None,
                  topic_items: dict[str, tuple[int, ...]] | None = None) -> Signoff:
    """Combine ``report`` with the decisions in ``dfile`` into a :class:`Signoff`.

    Topics come in the order of ``topic_titles`` (the rule set's order).
    """
    topic_order = tuple(topic_titles or ())
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
            remaining.append(f"{titles.get(t.topic) or t.topic}{fid}: {t.status}; {t.reason}")
    if not assessable:
        reason = "; ".join(e.get("message", "") for e in report.errors) or "no usable text"
        remaining.append(f"the document could not be assessed ({reason}); it cannot be signed off")
    elif not topics:
        remaining.append("no topic was assessed")
    signed = assessable and bool(topics) and not remaining
    name = " + ".join(os.path.basename(p.path) or p.path for p in report.files)
    return Signoff(report=report, document_name=name,
                   decisions_path=dfile.path if dfile is not None and dfile.exists else None,
                   ruleset=ruleset, auditor_version=auditor_version, generated_at=generated_at,
                   checklist=checklist, topic_titles=dict(titles), topics=tuple(topics),
                   signed_off=signed, remaining=tuple(remaining), topic_items=dict(topic_items or {}))


__all__ = ["DECISION_LABELS", "NOT_SIGNED_OFF", "SIGNED_OFF", "STATE_COVERED", "STATE_DECIDED", "STATE_OPEN",
           "Signoff", "TopicSignoff", "build_signoff"]
