"""Topic verdicts with evidence: the engine works on plain data and can be tested on a string."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..english import a, count
from ..model import (COVERED, GAPS, MISSING, NOT_ASSESSABLE, READY, Document, DocumentReport, Evidence,
                     Finding, IngestError, Segmentation)
from ..rules import Rule, RuleSet
from ..statements import Statement, TopicTrace
from .explain import explain
from .names import data_words
from .document import read_document
from .records import DocumentReading
from .topic import Cited, TopicResult, decide

MAX_EVIDENCE = 6


def _evidence(cited: list[Cited]) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    seen: set[tuple[int, int, str]] = set()
    for c in cited:
        r = c.reading
        key = (r.start, r.end, c.role)
        if key in seen:
            continue
        seen.add(key)
        cl = r.clause
        changes = tuple(ch for ch in cl.changes if r.start <= ch.start <= r.end and ch.end <= r.end)
        out.append(Evidence(text=r.text, role=c.role, section=cl.cite or cl.section, page=cl.page, start=r.start,
                            end=r.end, heading=cl.heading, page_end=cl.page_end, clause_id=cl.id,
                            source=cl.source, changes=changes))
        if len(out) >= MAX_EVIDENCE:
            break
    return tuple(out)


def _searched(doc: DocumentReading, rule: Rule) -> str:
    files = {Path(p.path).name for p in doc.segmentation.document.parts}
    sections = [c.section for c in doc.segmentation.clauses if c.section and c.section not in files]
    span = f"sections {sections[0]} to {sections[-1]}" if sections else "all paragraphs"
    if len(files) > 1:
        span = f"{count(len(files), 'file')}; {span}"
    terms = ", ".join(rule.require[0][:8])
    read = count(len(doc.sentences), "sentence or table cell", "sentences and table cells")
    return (f"Read {read} in {count(len(doc.segmentation.clauses), 'clause')} ({span}) for "
            f"{a(rule.topic.replace('_', ' ') + ' commitment')}: words such as {terms}.")


def _pending_note(evidence: tuple[Evidence, ...]) -> str:
    """Say so when a finding rests on a change not yet accepted."""
    notes = []
    for e in evidence:
        for ch in e.changes:
            who = ch.author or "an unnamed author"
            when = f" on {ch.date[:10]}" if ch.date else ""
            notes.append(f'pending {ch.kind} by {who}{when} in {e.section or e.source or "the quoted clause"} ("{" ".join(ch.text.split())[:80]}")')
    if not notes:
        return ""
    return " This finding depends on a " + "; a ".join(dict.fromkeys(notes)) + "."


def fingerprint(rule_id: str, status: str, evidence: tuple[Evidence, ...]) -> str:
    """A short hash of what a finding rests on: its rule, status and the
    normalised text of each quoted clause with its role. Offsets, pages and
    section numbers are left out, so renumbering or moving a clause keeps
    the fingerprint while any change to its words changes it."""
    h = hashlib.sha256(f"{rule_id}\0{status}".encode())
    for part in sorted(f"{e.role}\0{' '.join(e.text.split()).lower()}" for e in evidence):
        h.update(b"\0" + part.encode())
    return h.hexdigest()[:16]


def finding_for(doc: DocumentReading, rule: Rule, result: TopicResult) -> Finding:
    evidence = _evidence(result.cited)
    return Finding(
        id=f"{rule.id}/{result.status}",
        fingerprint=fingerprint(rule.id, result.status, evidence),
        rule=rule.id, topic=rule.topic, status=result.status, severity=rule.severity,
        checklist_item=rule.checklist_item, checklist_items=rule.checklist_items, title=rule.title,
        explanation=explain(rule, result, len(doc.sentences)) + _pending_note(evidence),
        remediation="" if result.status == COVERED else rule.remediation_for(result.status),
        evidence=evidence,
        searched=_searched(doc, rule) if result.status == MISSING else "",
    )


def audit_segmentation(seg: Segmentation, ruleset: RuleSet) -> DocumentReport:
    """Verdicts for every topic of ``ruleset`` on one segmented document."""
    document = seg.document
    if not any(c.text.strip() for c in seg.clauses):
        return not_assessable(document.path, IngestError("no_text", "no usable text in the document"),
                              sha256=document.sha256, fmt=document.format, pages=document.pages)
    reading = read_document(seg, ruleset)
    depth = int(ruleset.settings.get("definition_depth", 3))
    words = data_words(ruleset)
    findings = [finding_for(reading, rule, decide(reading, rule, depth, words)) for rule in ruleset.rules]
    reading.cache.clear()  # shared work refers back to the reading: frees it without a collection
    topics = {f.topic: f.status for f in findings}
    verdict = READY if all(s == COVERED for s in topics.values()) else GAPS
    return DocumentReport(path=document.path, sha256=document.sha256, format=document.format,
                          pages=document.pages, verdict=verdict, topics=topics, findings=tuple(findings),
                          warnings=document.warnings,
                          view=document.view if any(b.changes for b in document.blocks) else None)


def not_assessable(path: str, error: IngestError, *, sha256: str | None = None, fmt: str | None = None,
                   pages: int | None = None) -> DocumentReport:
    """A document that could not be read: never a pass."""
    return DocumentReport(path=path, sha256=sha256, format=fmt, pages=pages, verdict=NOT_ASSESSABLE,
                          topics={}, findings=(), errors=(error.to_dict(),))


def explain_segmentation(seg: Segmentation, ruleset: RuleSet) -> tuple[tuple[Statement, ...], tuple[TopicTrace, ...]]:
    """Every statement as read, and the decision trace of every topic."""
    from .statements import statements, trace

    if not any(c.text.strip() for c in seg.clauses):
        return (), ()
    reading = read_document(seg, ruleset)
    depth = int(ruleset.settings.get("definition_depth", 3))
    words = data_words(ruleset)
    traces = []
    for rule in ruleset.rules:
        result = decide(reading, rule, depth, words)
        traces.append(trace(rule.topic, result, explain(rule, result, len(reading.sentences))))
    out = statements(reading)
    reading.cache.clear()
    return out, tuple(traces)


__all__ = ["audit_segmentation", "explain_segmentation", "not_assessable", "Document"]
