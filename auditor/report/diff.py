"""The draft comparison (:class:`~auditor.review.diff.DraftDiff`) as text, Markdown or JSON."""

from __future__ import annotations

import json
import os

from auditor.report.common import clean
from auditor.report.markdown import md_escape
from auditor.english import count
from auditor.review.diff import EVIDENCE_CHANGED, GAP_CLOSED, KINDS, NEW_GAP, DraftDiff, FilePair


def _name(path: str | None) -> str:
    """A file or bundle as named in the comparison: file names only, " + " between a bundle's files."""
    if not path:
        return "—"
    return " + ".join(os.path.basename(p) for p in path.split(" + "))


def _pair(pair: FilePair) -> str:
    if pair.change == "added":
        return f"{_name(pair.new_path)}: added"
    if pair.change == "removed":
        return f"{_name(pair.old_path)}: removed"
    names = _name(pair.old_path) if _name(pair.old_path) == _name(pair.new_path) else \
        f"{_name(pair.old_path)} -> {_name(pair.new_path)} (paired by {pair.paired_by})"
    return f"{names}: {pair.change}"


# How a count of each kind reads: "2 gaps closed", "1 new gap", "3 unchanged".
_KIND_WORDS = {GAP_CLOSED: ("gap closed", "gaps closed"), NEW_GAP: ("new gap", "new gaps"),
               EVIDENCE_CHANGED: ("with changed evidence", "with changed evidence")}


def _summary(diff: DraftDiff) -> str:
    counts = {k: sum(c.kind == k for c in diff.changes) for k in KINDS}
    parts = [count(n, *_KIND_WORDS[k]) if k in _KIND_WORDS else f"{n} {k}" for k, n in counts.items() if n]
    return ", ".join(parts) or "no topics"


def render_text(diff: DraftDiff) -> str:
    """Terminal table: topic, old → new, classification, decision."""
    lines = [f"old: {clean(diff.old_path)} (sha256 {(diff.old_sha256 or '?')[:12]})",
             f"new: {clean(diff.new_path)} (sha256 {(diff.new_sha256 or '?')[:12]})", ""]
    if diff.files:
        lines += [f"  file {clean(_pair(p))}" for p in diff.files] + [""]
    for c in diff.changes:
        move = f"{c.old_status} -> {c.new_status}"
        line = f"  {c.topic:<19} {move:<24} {c.kind}"
        if c.decision:
            line += f"  [decision {c.decision}]"
        lines.append(line.rstrip())
        if c.decision_note and c.decision not in ("", "no decision"):
            lines.append(f"      {clean(c.decision_note)}")
    lines += ["", _summary(diff) + ("; NEW GAP" if diff.new_gap else "")]
    return "\n".join(lines) + "\n"


def render_md(diff: DraftDiff) -> str:
    """Markdown table of the comparison (all text escaped)."""
    lines = ["# Draft comparison", "",
             f"- **Old:** {md_escape(_name(diff.old_path))} (SHA-256 `{diff.old_sha256 or '—'}`)",
             f"- **New:** {md_escape(_name(diff.new_path))} (SHA-256 `{diff.new_sha256 or '—'}`)", ""]
    lines += [f"- File {md_escape(clean(_pair(p)))}" for p in diff.files] + ([""] if diff.files else [])
    lines += ["| Topic | Old | New | Change | Decision |", "|---|---|---|---|---|"]
    for c in diff.changes:
        decision = md_escape(clean(c.decision + (f": {c.decision_note}" if c.decision_note else ""))) or "—"
        lines.append(f"| {md_escape(c.topic)} | {md_escape(c.old_status)} | {md_escape(c.new_status)} | "
                     f"**{md_escape(c.kind)}** | {decision} |")
    lines += ["", f"*{md_escape(_summary(diff))}.*"]
    return "\n".join(lines) + "\n"


def render_json(diff: DraftDiff) -> str:
    """JSON of :meth:`DraftDiff.to_dict`."""
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "md": render_md, "json": render_json}

__all__ = ["RENDERERS", "render_json", "render_md", "render_text"]
