"""Which recorded decision applies to a finding, and keeping the file current.

The carry-over rule: a decision applies to a finding when the finding id
matches **and** the fingerprint of the clause text it rested on is unchanged.
A decision made on another version of the document (different
``document_sha256``) is then *carried over*; otherwise it is *reopened*
("reopened: the clause it rested on changed"). A decision recorded for the
same topic under a different finding id (the status changed) is reopened too.

:func:`update_for_report` is what ``auditor review`` does to the file: add a
blank entry for every open finding, refresh the recorded context of blank
entries, leave every decision that still applies untouched, and move a
reopened decision under ``previous`` so it is kept but asked again.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from auditor.model import COVERED, DocumentReport, Finding

from .decisions import CONTEXT_FIELDS, Decision, DecisionsFile

NO_DECISION = "no decision recorded"
REOPENED_CLAUSE = "reopened: the clause it rested on changed"
REOPENED_EVIDENCE = "reopened: the evidence it rested on changed (different rule set?)"


@dataclass(frozen=True)
class Resolution:
    """How a finding stands against the decisions file.

    ``entry`` is the decision that applies (``applies``), or the stale one
    that was reopened, or ``None``. ``note`` is one sentence for the report.
    """

    entry: Decision | None
    applies: bool
    carried_over: bool = False
    reopened: bool = False
    note: str = NO_DECISION


def _who(entry: Decision) -> str:
    who = entry.reviewer or "an unnamed reviewer"
    when = f" on {entry.date}" if entry.date else ""
    return f"{entry.decision or 'no decision'} by {who}{when}"


def resolve(finding: Finding, dfile: DecisionsFile | None, document_sha256: str | None) -> Resolution:
    """The decision that applies to ``finding`` in the document ``document_sha256``."""
    if dfile is None:
        return Resolution(None, False)
    entry = dfile.entries.get(finding.id)
    if entry is None or not entry.decided:
        if entry is not None and entry.previous:
            prev = entry.previous[0]
            return Resolution(prev, False, reopened=True,
                              note=f"{REOPENED_CLAUSE}; the earlier decision ({_who(prev)}) needs a new decision")
        others = [e for e in dfile.entries.values()
                  if e.decided and e.topic == finding.topic and e.finding_id != finding.id]
        if others:
            other = others[0]
            return Resolution(other, False, reopened=True,
                              note=(f"reopened: the finding changed from {other.status or other.finding_id} to "
                                    f"{finding.status}; the decision ({_who(other)}) was for '{other.finding_id}'"))
        return Resolution(entry, False)
    if not entry.fingerprint:
        return Resolution(entry, False, reopened=True,
                          note="reopened: the decision does not record the fingerprint of the clause it rested on")
    if entry.fingerprint != finding.fingerprint:
        same_doc = bool(document_sha256) and entry.document_sha256 == document_sha256
        return Resolution(entry, False, reopened=True, note=REOPENED_EVIDENCE if same_doc else REOPENED_CLAUSE)
    carried = bool(entry.document_sha256) and entry.document_sha256 != document_sha256
    note = ("carried over from an earlier version of the document: the clause it rested on is unchanged"
            if carried else "decided on this version of the document")
    return Resolution(entry, True, carried_over=carried, note=note)


def open_findings(report: DocumentReport) -> list[Finding]:
    """Findings that need a decision (status other than covered), in the report's (the rule set's) topic order."""
    return [f for f in report.findings if f.status != COVERED]


def context_for(finding: Finding, document_sha256: str | None) -> dict[str, Any]:
    """The recorded context fields of an entry for ``finding``."""
    return {"status": finding.status, "topic": finding.topic, "fingerprint": finding.fingerprint,
            "document_sha256": document_sha256, "explanation": finding.explanation}


@dataclass(frozen=True)
class ReviewChange:
    """One thing ``auditor review`` did to the file, for the terminal."""

    finding_id: str
    action: str  # added | refreshed | kept | reopened | recorded
    note: str = ""


def _strip_previous(entry: Decision) -> Decision:
    return dataclasses.replace(entry, previous=(), line=0)


def update_for_report(dfile: DecisionsFile, report: DocumentReport,
                      document_name: str | None = None) -> tuple[DecisionsFile, list[ReviewChange]]:
    """Bring ``dfile`` up to date with the open findings of ``report``.

    Returns the new file contents (not yet written) and what changed. Entries
    for findings not in ``report`` are kept as they are.
    """
    sha = report.sha256
    entries = dict(dfile.entries)
    changes: list[ReviewChange] = []
    for finding in open_findings(report):
        context = context_for(finding, sha)
        entry = entries.get(finding.id)
        if entry is None:
            entries[finding.id] = Decision(finding.id, **context)
            changes.append(ReviewChange(finding.id, "added"))
        elif not entry.decided:
            refreshed = dataclasses.replace(entry, **context)
            if refreshed != entry:
                entries[finding.id] = refreshed
                changes.append(ReviewChange(finding.id, "refreshed", "recorded context updated"))
        elif not entry.fingerprint and not entry.document_sha256:
            # Written by hand for this document: record what it rests on.
            missing = {k: v for k, v in context.items() if getattr(entry, k) in (None, "")}
            entries[finding.id] = dataclasses.replace(entry, **missing)
            changes.append(ReviewChange(finding.id, "recorded", "context recorded for a hand-written decision"))
        else:
            res = resolve(finding, dfile, sha)
            if res.applies:
                changes.append(ReviewChange(finding.id, "kept", res.note))
            else:
                entries[finding.id] = Decision(finding.id, previous=(_strip_previous(entry),) + entry.previous,
                                               **context)
                changes.append(ReviewChange(finding.id, "reopened",
                                            f"{res.note.removeprefix('reopened: ')}; the earlier decision is kept under 'previous'"))
    name = document_name or (os.path.basename(report.path) if report.path else dfile.document)
    updated = dataclasses.replace(dfile, document=name, document_sha256=sha, entries=entries)
    return updated, changes


def record_decision(dfile: DecisionsFile, finding: Finding, document_sha256: str | None, *,
                    decision: str, reviewer: str, role: str | None, date: str,
                    rationale: str | None) -> DecisionsFile:
    """A copy of ``dfile`` with a decision recorded for ``finding`` (earlier one kept in ``previous``)."""
    entries = dict(dfile.entries)
    old = entries.get(finding.id)
    previous: tuple[Decision, ...] = ()
    if old is not None:
        previous = ((_strip_previous(old),) if old.decided else ()) + old.previous
    entries[finding.id] = Decision(finding.id, decision=decision, reviewer=reviewer, role=role or None,
                                   date=date, rationale=rationale or None, previous=previous,
                                   **context_for(finding, document_sha256))
    return dataclasses.replace(dfile, entries=entries)


def needs_decision(finding: Finding, dfile: DecisionsFile, document_sha256: str | None) -> bool:
    """True for an open finding with no decision that applies."""
    return finding.status != COVERED and not resolve(finding, dfile, document_sha256).applies


__all__ = ["CONTEXT_FIELDS", "Resolution", "ReviewChange", "context_for", "needs_decision", "open_findings",
           "record_decision", "resolve", "update_for_report"]
