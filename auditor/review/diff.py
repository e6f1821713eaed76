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
:mod:`auditor.review.carry`). Renderers for text, Markdown and JSON are here.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

from auditor.model import (COVERED, EXCLUDED, IMPLIED, MISSING, NOT_ASSESSED, PARTIAL, DocumentReport,
                           Finding)
from auditor.report.common import TOPIC_ORDER, clean
from auditor.report.markdown import md_escape

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
class DraftDiff:
    """The comparison of two drafts."""

    old_path: str
    new_path: str
    old_sha256: str | None
    new_sha256: str | None
    changes: tuple[TopicChange, ...]
    decisions_path: str | None = None

    @property
    def new_gap(self) -> bool:
        """True when any topic got worse (exit code 1)."""
        return any(c.kind == NEW_GAP for c in self.changes)

    def to_dict(self) -> dict[str, object]:
        """Builtins only."""
        return {"old": {"path": self.old_path, "sha256": self.old_sha256},
                "new": {"path": self.new_path, "sha256": self.new_sha256},
                "decisions_file": self.decisions_path, "new_gap": self.new_gap,
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
        return kind, clean(res.note)
    if res.reopened:
        return "reopened", clean(res.note)
    return "no decision", clean(res.note)


def compare(old: DocumentReport, new: DocumentReport, dfile: DecisionsFile | None = None) -> DraftDiff:
    """Compare two audited drafts (both assessable), topic by topic."""
    old_f = {f.topic: f for f in old.findings}
    new_f = {f.topic: f for f in new.findings}
    keys = [t for t in TOPIC_ORDER if t in old.topics or t in new.topics]
    keys += [t for t in list(old.topics) + list(new.topics) if t not in keys]
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
                     dfile.path if dfile is not None and dfile.exists else None)


def _summary(diff: DraftDiff) -> str:
    counts = {k: sum(c.kind == k for c in diff.changes) for k in KINDS}
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    return ", ".join(parts) or "no topics"


def render_text(diff: DraftDiff) -> str:
    """Terminal table: topic, old → new, classification, decision."""
    lines = [f"old: {clean(diff.old_path)} (sha256 {(diff.old_sha256 or '?')[:12]})",
             f"new: {clean(diff.new_path)} (sha256 {(diff.new_sha256 or '?')[:12]})", ""]
    for c in diff.changes:
        move = f"{c.old_status} -> {c.new_status}"
        line = f"  {c.topic:<19} {move:<24} {c.kind}"
        if c.decision:
            line += f"  [decision {c.decision}]"
        lines.append(line.rstrip())
        if c.decision_note and c.decision not in ("", "no decision"):
            lines.append(f"      {c.decision_note}")
    lines += ["", _summary(diff) + ("; NEW GAP" if diff.new_gap else "")]
    return "\n".join(lines) + "\n"


def render_md(diff: DraftDiff) -> str:
    """Markdown table of the comparison (all text escaped)."""
    lines = ["# Draft comparison", "",
             f"- **Old:** {md_escape(os.path.basename(diff.old_path))} (SHA-256 `{diff.old_sha256 or '—'}`)",
             f"- **New:** {md_escape(os.path.basename(diff.new_path))} (SHA-256 `{diff.new_sha256 or '—'}`)", "",
             "| Topic | Old | New | Change | Decision |", "|---|---|---|---|---|"]
    for c in diff.changes:
        decision = md_escape(c.decision + (f": {c.decision_note}" if c.decision_note else "")) or "—"
        lines.append(f"| {md_escape(c.topic)} | {md_escape(c.old_status)} | {md_escape(c.new_status)} | "
                     f"**{md_escape(c.kind)}** | {decision} |")
    lines += ["", f"*{md_escape(_summary(diff))}.*"]
    return "\n".join(lines) + "\n"


def render_json(diff: DraftDiff) -> str:
    """JSON of :meth:`DraftDiff.to_dict`."""
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "md": render_md, "json": render_json}
