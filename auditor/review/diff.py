"""Comparing two drafts of an agreement, topic by topic.

Each topic is classified as one of:

* ``gap closed``       — it was not covered and now is;
* ``new gap``          — it was covered and is not any more, or its status got worse;
* ``improved``         — a better status that is still not covered;
* ``evidence changed`` — same status, but the clause text it rests on changed
  (different fingerprint);
* ``unchanged``        — same status and fingerprint.

With a decisions file, every topic still open in the new draft also says
whether its decision is carried over or reopened (see
:mod:`auditor.review.carry`). Two versions of a bundle are compared as two
agreements; :func:`pair_files` says which file became which (same name, else
same place in the bundle) and whether it changed. The text, Markdown and JSON
renderers are in :mod:`auditor.report.diff`.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from auditor.model import (COVERED, EXCLUDED, IMPLIED, MISSING, NOT_ASSESSED, PARTIAL, DocumentReport,
                           Finding, Part)

from .carry import resolve
from .decisions import DecisionsFile

GAP_CLOSED = "gap closed"
NEW_GAP = "new gap"
IMPROVED = "improved"
EVIDENCE_CHANGED = "evidence changed"
UNCHANGED = "unchanged"
KINDS: tuple[str, ...] = (GAP_CLOSED, NEW_GAP, IMPROVED, EVIDENCE_CHANGED, UNCHANGED)

#: Statuses from best to worst.
RANK: dict[str, int] = {COVERED: 0, IMPLIED: 1, PARTIAL: 2, EXCLUDED: 3, MISSING: 4, NOT_ASSESSED: 5}


@dataclass(frozen=True)
class TopicChange:
    """How one topic moved between the old and the new draft."""

    topic: str
    old_status: str
    new_status: str
    kind: str
    old_fingerprint: str
    new_fingerprint: str
    new_finding_id: str
    decision: str  # "" | carried over | reopened | decided on this draft | no decision | no longer needed
    decision_note: str


@dataclass(frozen=True)
class FilePair:
    """One file of the old version and the file of the new version it became."""

    old_path: str | None  # None: added in the new version
    new_path: str | None  # None: removed from it
    old_sha256: str | None
    new_sha256: str | None
    paired_by: str  # name | order | "" (added or removed)

    @property
    def change(self) -> str:
        """unchanged | changed | added | removed."""
        if self.old_path is None:
            return "added"
        if self.new_path is None:
            return "removed"
        return "unchanged" if self.old_sha256 == self.new_sha256 else "changed"


def pair_files(old: tuple[Part, ...], new: tuple[Part, ...]) -> tuple[FilePair, ...]:
    """Pair the files of two versions: by file name first, then the rest by their order in the bundle."""
    name = os.path.basename
    new_by_name = {name(p.path): p for p in new}
    pairs: dict[int, FilePair] = {}
    used: set[str] = set()
    for n, o in enumerate(old):
        match = new_by_name.get(name(o.path))
        if match is not None and match.path not in used:
            pairs[n] = FilePair(o.path, match.path, o.sha256, match.sha256, "name")
            used.add(match.path)
    rest = [p for p in new if p.path not in used]
    for n, o in enumerate(old):
        if n not in pairs and rest:
            match = rest.pop(0)
            pairs[n] = FilePair(o.path, match.path, o.sha256, match.sha256, "order")
    out = [pairs.get(n, FilePair(o.path, None, o.sha256, None, "")) for n, o in enumerate(old)]
    out += [FilePair(None, p.path, None, p.sha256, "") for p in rest]
    return tuple(out)


@dataclass(frozen=True)
class DraftDiff:
    """The comparison of two drafts."""

    old_path: str
    new_path: str
    old_sha256: str | None
    new_sha256: str | None
    changes: tuple[TopicChange, ...]
    decisions_path: str | None = None
    files: tuple[FilePair, ...] = ()

    @property
    def new_gap(self) -> bool:
        """True when any topic got worse (exit code 1)."""
        return any(c.kind == NEW_GAP for c in self.changes)

    def to_dict(self) -> dict[str, object]:
        """Builtins only."""
        return {"old": {"path": self.old_path, "sha256": self.old_sha256},
                "new": {"path": self.new_path, "sha256": self.new_sha256},
                "decisions_file": self.decisions_path, "new_gap": self.new_gap,
                "files": [{**asdict(f), "change": f.change} for f in self.files],
                "topics": [asdict(c) for c in self.changes]}


def _classify(old: str, new: str, old_fp: str, new_fp: str) -> str:
    if old == new:
        return UNCHANGED if old_fp == new_fp else EVIDENCE_CHANGED
    if new == COVERED:
        return GAP_CLOSED
    if old == COVERED or RANK.get(new, 5) > RANK.get(old, 5):
        return NEW_GAP
    return IMPROVED


def _decision(old_f: Finding | None, new_f: Finding | None, new_status: str, dfile: DecisionsFile | None,
              old_sha: str | None, new_sha: str | None) -> tuple[str, str]:
    if dfile is None:
        return "", ""
    if new_status == COVERED or new_f is None:
        had = old_f is not None and resolve(old_f, dfile, old_sha).applies
        return ("no longer needed", "the topic is covered now") if had else ("", "")
    res = resolve(new_f, dfile, new_sha)
    if res.applies:
        kind = "carried over" if res.carried_over else "decided on this draft"
        return kind, res.note
    if res.reopened:
        return "reopened", res.note
    return "no decision", res.note


def compare(old: DocumentReport, new: DocumentReport, dfile: DecisionsFile | None = None) -> DraftDiff:
    """Compare two audited drafts or bundles (both assessable), topic by topic, in the new one's topic order."""
    old_f = {f.topic: f for f in old.findings}
    new_f = {f.topic: f for f in new.findings}
    keys = list(new.topics) + [t for t in old.topics if t not in new.topics]
    changes: list[TopicChange] = []
    for key in dict.fromkeys(keys):
        o_status = old.topics.get(key, NOT_ASSESSED)
        n_status = new.topics.get(key, NOT_ASSESSED)
        of, nf = old_f.get(key), new_f.get(key)
        o_fp, n_fp = (of.fingerprint if of else ""), (nf.fingerprint if nf else "")
        kind = _classify(o_status, n_status, o_fp, n_fp)
        decision, note = _decision(of, nf, n_status, dfile, old.sha256, new.sha256)
        changes.append(TopicChange(key, o_status, n_status, kind, o_fp, n_fp, nf.id if nf else "",
                                   decision, note))
    return DraftDiff(old.path, new.path, old.sha256, new.sha256, tuple(changes),
                     dfile.path if dfile is not None and dfile.exists else None,
                     pair_files(old.files, new.files) if old.parts or new.parts else ())
