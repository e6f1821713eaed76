"""The register's records: frozen, built from builtins, imported by nothing of the engine.

* :class:`RulesetContext` what a report needs of the rule set besides its
  hash (version, checklist, topic titles and items), kept so reports can be
  rebuilt from the register alone;
* :class:`TopicDecision`  how one topic stands against the decisions file
  (computed by the caller, who reads decisions files);
* :class:`DecisionsRead`  the decisions file read for an agreement;
* :class:`TopicEntry`     one topic of one agreement in one run: status,
  section, and its :class:`TopicDecision`;
* :class:`StoredAgreement` an agreement as the register holds it now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from auditor.model import AuditRun, DocumentReport, RulesetInfo

from .keys import FileDigest

# Decision states of a topic (as the sign-off computes them).
STATE_COVERED = "covered"
STATE_DECIDED = "decided"
STATE_OPEN = "open"


@dataclass(frozen=True)
class RulesetContext:
    """The rule set as reports show it: version, checklist, topic titles and checklist items, in topic order."""

    sha256: str
    version: str
    checklist: tuple[tuple[int, str], ...] = ()
    topic_titles: dict[str, str] = field(default_factory=dict)
    topic_items: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of_run(cls, run: AuditRun) -> RulesetContext:
        """The context of an audit run (its rule set)."""
        return cls(run.ruleset.sha256, run.ruleset.version, tuple(run.checklist), dict(run.topic_titles),
                   {k: tuple(v) for k, v in run.topic_items.items()})

    def to_json(self) -> str:
        return json.dumps({"checklist": [list(c) for c in self.checklist], "topic_titles": self.topic_titles,
                           "topic_items": {k: list(v) for k, v in self.topic_items.items()}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, sha256: str, version: str, text: str) -> RulesetContext:
        data = json.loads(text)
        return cls(sha256, version, tuple((int(n), str(t)) for n, t in data["checklist"]),
                   dict(data["topic_titles"]), {k: tuple(v) for k, v in data["topic_items"].items()})

    @property
    def topic_order(self) -> tuple[str, ...]:
        return tuple(self.topic_titles) or tuple(self.topic_items)

    def run(self, auditor_version: str, reports: tuple[DocumentReport, ...]) -> AuditRun:
        """An audit run of ``reports`` under this rule set, as ``auditor audit`` builds one."""
        return AuditRun(auditor_version, RulesetInfo(self.version, self.sha256), reports, self.checklist,
                        dict(self.topic_titles), dict(self.topic_items))


@dataclass(frozen=True)
class TopicDecision:
    """How one topic stands against the agreement's decisions file."""

    topic: str
    state: str  # covered | decided | open
    reason: str = ""
    finding_id: str = ""
    decision: str = ""
    reviewer: str = ""
    role: str = ""
    date: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class DecisionsRead:
    """The decisions file read for an agreement: where, its SHA-256, each topic's state, or why it failed."""

    path: str | None = None  # None: no decisions file
    sha256: str | None = None
    topics: tuple[TopicDecision, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class TopicEntry:
    """One topic of one agreement as a run saw it: its status, the section it rests on, its decision state."""

    run_id: int
    status: str
    section: str
    decision: TopicDecision

    @property
    def topic(self) -> str:
        return self.decision.topic

    @property
    def state(self) -> str:
        return self.decision.state

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        return {"status": self.status, "section": self.section, "finding": d.finding_id, "state": d.state,
                "decision": d.decision, "reviewer": d.reviewer, "role": d.role, "date": d.date,
                "rationale": d.rationale, "reason": d.reason}


@dataclass(frozen=True)
class StoredAgreement:
    """An agreement's current entry: its result, inputs, and the topics of the last run that saw it."""

    agreement_id: str
    label: str
    files: tuple[FileDigest, ...]
    report: DocumentReport
    ruleset: RulesetContext
    auditor_version: str
    audited_run: int
    last_run: int
    topics: tuple[TopicEntry, ...]
    decisions_file: str | None = None
    decisions_error: str = ""


__all__ = ["DecisionsRead", "RulesetContext", "STATE_COVERED", "STATE_DECIDED", "STATE_OPEN", "StoredAgreement",
           "TopicDecision", "TopicEntry"]
