"""The engine on hand-built documents: footnotes, pending tracked changes, tables, page provenance."""

from __future__ import annotations

import hashlib

from auditor.model import Block, Document, TrackedChange
from auditor.pipeline import audit_document


def _doc(*blocks: tuple[str, dict]) -> Document:
    built, pos, parts = [], 0, []
    for text, extra in blocks:
        if parts:
            pos += 2
        changes = tuple(
            TrackedChange(c["kind"], c["author"], c["date"], c["text"], pos + text.index(c["text"]),
                          pos + text.index(c["text"]) + len(c["text"]))
            for c in extra.pop("changes", ())
        )
        built.append(Block(text, pos, pos + len(text), changes=changes, **extra))
        parts.append(text)
        pos += len(text)
    text = "\n\n".join(parts)
    return Document("draft.docx", "docx", hashlib.sha256(text.encode()).hexdigest(), text, tuple(built))


def test_footnote_carve_out_is_read_with_the_citing_clause(ruleset):
    doc = _doc(
        ("5. RETENTION", {"kind": "heading"}),
        ("5.1 Provider retains inputs and outputs for 30 days, including batch requests.", {"source": "paragraph 2"}),
        ("Zero data retention and the limit in this clause do not apply to batch requests.",
         {"kind": "footnote", "source": "footnote 1 (paragraph 2)"}),
    )
    report = audit_document(doc, ruleset.only({"retention"}))
    assert report.topics["retention"] == "excluded"
    carve = next(e for e in report.findings[0].evidence if e.role == "carve-out")
    assert carve.section == "5.1" and carve.source == "footnote 1 (paragraph 2)"


def test_finding_that_rests_on_a_pending_insertion_says_so(ruleset):
    inserted = "Zero data retention does not apply to batch requests."
    doc = _doc(
        ("5.1 Provider retains inputs and outputs for 30 days.", {}),
        (f"5.2 {inserted}", {"changes": [{"kind": "insertion", "author": "Vendor Counsel",
                                          "date": "2026-11-02T10:00:00Z", "text": inserted}]}),
    )
    finding = audit_document(doc, ruleset.only({"retention"})).findings[0]
    assert finding.status == "excluded"
    assert "pending insertion by Vendor Counsel on 2026-11-02" in finding.explanation
    carve = next(e for e in finding.evidence if e.role == "carve-out")
    assert carve.changes and carve.changes[0].author == "Vendor Counsel"
    assert carve.to_dict()["pending_changes"][0]["kind"] == "insertion"


def test_endpoint_table_rows_are_read_per_row(ruleset):
    header = ("Endpoint", "Retention", "Zero data retention eligible", "Used for model training")
    rows = [("Messages API (real-time)", "30 days", "Yes", "No"), ("Message Batches API", "29 days", "No", "No")]
    blocks = [("Order Form", {"kind": "heading"}),
              (" | ".join(header), {"kind": "table_row", "cells": header, "header": header, "page": 2})]
    blocks += [(" | ".join(r), {"kind": "table_row", "cells": r, "header": header, "page": 2, "source": f"table 1, row {i}"})
               for i, r in enumerate(rows, start=2)]
    report = audit_document(_doc(*blocks), ruleset.only({"retention", "training_exclusion"}))
    assert report.topics == {"retention": "excluded", "training_exclusion": "covered"}
    retention = report.findings[0]
    row = retention.evidence[0]
    assert row.page == 2 and "Message Batches API" in row.text and row.source == "table 1, row 3"
    assert "table row" in retention.explanation


def test_pages_and_spans_point_into_the_text(ruleset):
    doc = _doc(("7.1 Provider shall not use inputs or outputs of batch jobs to train any model.",
                {"page": 3, "page_end": 4, "source": "page 3"}))
    report = audit_document(doc, ruleset.only({"training_exclusion"}))
    ev = report.findings[0].evidence[0]
    assert report.topics["training_exclusion"] == "covered"
    assert (ev.page, ev.page_end, ev.section) == (3, 4, "7.1")
    assert doc.text[ev.start:ev.end] == ev.text


def test_finding_ids_are_stable_and_fingerprints_follow_the_clause_text(ruleset):
    from auditor.pipeline import audit_text

    rules = ruleset.only({"retention"})
    first = audit_text("5.1 Provider retains inputs and outputs for 30 days.", rules).findings[0]
    renumbered = audit_text("Preamble.\n\n9.4 Provider retains inputs and outputs for 30 days.", rules).findings[0]
    reworded = audit_text("5.1 Provider retains inputs and outputs for 90 days.", rules).findings[0]
    assert first.id == renumbered.id == reworded.id == "retention/implied"
    assert first.fingerprint == renumbered.fingerprint
    assert first.fingerprint != reworded.fingerprint
    assert first.to_dict()["fingerprint"] == first.fingerprint


def test_coordinated_scope_statements_split_and_elided_predicates_restored():
    from auditor.engine.conjuncts import conjuncts
    from auditor.rules import load_ruleset

    vocab = load_ruleset().vocabulary
    verbs = tuple(vocab["umbrella_verbs"]) + tuple(vocab["applicability"])
    assert conjuncts("Clause 7.1 applies to batch jobs; clause 7.2 does not.", verbs) == [
        "Clause 7.1 applies to batch jobs", "clause 7.2 does not apply to batch jobs"]
    assert conjuncts("Clause 7.1 shall also apply to batch jobs, but not clause 7.2.", verbs) == [
        "Clause 7.1 shall also apply to batch jobs", "clause 7.2 shall not apply to batch jobs"]
    # The section contrasted is the object: it takes the first section's place.
    assert conjuncts("Batch jobs are subject to Section 5, whereas Section 6 is not.", verbs) == [
        "Batch jobs are subject to Section 5", "Batch jobs are not subject to Section 6"]
    assert conjuncts("Batch jobs shall be subject to clause 5; clause 6 shall not.", verbs) == [
        "Batch jobs shall be subject to clause 5", "Batch jobs shall not be subject to clause 6"]
    assert conjuncts("Clause 7.2 does not.", verbs, before="Clause 7.1 applies to batch jobs.") == [
        "Clause 7.2 does not apply to batch jobs"]
    # Not coordinated scope statements: read whole.
    assert conjuncts("Clauses 7.1 and 7.2 apply to batch jobs.", verbs) == []
    assert conjuncts("The Provider shall retain data; the Customer shall pay the fees.", verbs) == []
    assert conjuncts("Clause 7.1 applies to batch jobs; the Customer shall pay the fees.", verbs) == []
    assert conjuncts("Clause 7.2 does not.", verbs) == []


def test_engine_modules_import_one_way():
    """records <- reading <- passes <- document, tables and topic: no module of the
    engine imports, directly or through others, one that imports it back."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "auditor" / "engine"
    deps: dict[str, set[str]] = {}
    for path in root.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
        deps[path.stem] = found

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in deps.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert "records" in deps and not deps["records"] - {"durations"}
    cycles = sorted(m for m in deps if reaches(m, m, {m}))
    assert cycles == [], cycles


def test_a_letter_that_sets_a_limit_of_the_terms_aside_for_named_sections(ruleset, tmp_path):
    # "Notwithstanding Section 4.1 of the Master Terms, Sections 8 and 9 ... apply to batch jobs":
    # the sections named are the Master Terms' own, and the limit is lifted for them alone.
    from auditor.pipeline import audit_bundle

    terms = tmp_path / "master-terms.txt"
    terms.write_text("4.1 Sections 7 through 10 apply only to Live Requests.\n"
                     "8.2 Provider will keep Client Data confidential and protect it with appropriate technical and"
                     " organisational measures.\n"
                     "10.1 Client may audit Provider's handling of Client Data once a year.\n", encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text("LETTER AGREEMENT\n1. Notwithstanding Section 4.1 of the Master Terms, Sections 8 and 9 of the"
                      " Master Terms apply to batch jobs.\n", encoding="utf-8")
    report = audit_bundle([str(terms), str(letter)], ruleset.only({"data_protection", "audit"}))
    assert report.topics == {"data_protection": "covered", "audit": "excluded"}
    audit = next(f for f in report.findings if f.topic == "audit")
    assert [e.section for e in audit.evidence if e.role == "limitation"] == ["master-terms.txt, 4.1"]
