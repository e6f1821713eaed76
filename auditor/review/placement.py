"""Which file of a bundle each finding is commented in.

A bundle's evidence names its file: the audit prefixes every section with the
file name ("dpa.pdf, 5.2", or "dpa.pdf" alone). A finding is commented in the
Word file that holds its first quote; a finding whose quotes are all in
files that are not Word documents (a PDF DPA), or that has none (a missing
commitment), is commented in the first Word file, with a note saying where
its evidence is. A single-file agreement keeps every finding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from auditor.model import COVERED, DocumentReport, Evidence, Finding, Part


@dataclass(frozen=True)
class Share:
    """The findings commented in one file, and a note for those whose evidence is elsewhere."""

    findings: tuple[Finding, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


def part_of(evidence: Evidence, parts: tuple[Part, ...]) -> Part | None:
    """The file of a bundle that ``evidence`` quotes: its section or source starts with the file name."""
    for part in parts:
        label = os.path.basename(part.path)
        for where in (evidence.section or "", evidence.source or ""):
            if where == label or where.startswith(label + ", "):
                return part
    return None


def findings_by_file(report: DocumentReport, drafts: list[str], include_covered: bool = False) -> dict[str, Share]:
    """The :class:`Share` of every file in ``drafts`` (the Word files of the agreement, in order)."""
    wanted = [f for f in report.findings if include_covered or f.status != COVERED]
    if not report.parts:
        return {d: Share(tuple(wanted)) for d in drafts}
    names = {os.path.basename(d): d for d in drafts}
    chosen: dict[str, list[Finding]] = {d: [] for d in drafts}
    notes: dict[str, dict[str, str]] = {d: {} for d in drafts}
    for finding in wanted:
        home = None
        for e in finding.evidence:
            part = part_of(e, report.parts)
            if part is not None and os.path.basename(part.path) in names:
                home = names[os.path.basename(part.path)]
                break
        if home is None:
            home = drafts[0]
            if finding.evidence:
                e = finding.evidence[0]
                notes[home][finding.id] = f"Evidence in {e.section or e.source}: \u201c{e.text}\u201d"
        chosen[home].append(finding)
    return {d: Share(tuple(chosen[d]), notes[d]) for d in drafts}


__all__ = ["Share", "findings_by_file", "part_of"]
