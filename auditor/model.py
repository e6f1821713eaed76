"""Core records passed between pipeline stages.

Every stage takes and returns plain, frozen data:

    ingest  -> Document (text with offsets, Blocks with provenance)
    segment -> Segmentation (Clauses with section, heading, page, span, Sentences)
    engine  -> DocumentReport (Findings with Evidence)
    report  -> bytes/str

``to_dict()`` methods return builtins only so reports never reach into the
dataclasses themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1"

# Topic statuses, from best to worst for a risk reader.
COVERED = "covered"
IMPLIED = "implied"
PARTIAL = "partial"
EXCLUDED = "excluded"
MISSING = "missing"
NOT_ASSESSED = "not_assessed"
STATUSES = (COVERED, IMPLIED, PARTIAL, EXCLUDED, MISSING, NOT_ASSESSED)

# Document verdicts.
READY = "ready_for_signoff"
GAPS = "gaps_found"
NOT_ASSESSABLE = "not_assessable"

# Evidence roles.
ROLE_COMMITMENT = "commitment"
ROLE_DEFINITION = "definition"
ROLE_UMBRELLA = "umbrella"
ROLE_CARVE_OUT = "carve-out"
ROLE_LIMITATION = "limitation"
ROLE_SCHEDULE = "schedule"
ROLES = (ROLE_COMMITMENT, ROLE_DEFINITION, ROLE_UMBRELLA, ROLE_CARVE_OUT, ROLE_LIMITATION, ROLE_SCHEDULE)


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class TrackedChange:
    """A pending (not yet accepted) revision in a DOCX draft.

    ``start``/``end`` are offsets into ``Document.text`` of the text the
    change concerns as it appears in the chosen view: an insertion's text in
    the "accepted" view, a deletion's text in the "original" view. A change
    invisible in the view (a deletion in the accepted view) has
    ``start == end`` at the place it was, and its words in ``text``.
    """

    kind: str  # insertion | deletion
    author: str
    date: str  # as written in the file (ISO 8601), "" if absent
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "author": self.author, "date": self.date, "text": self.text,
                "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrackedChange:
        """The change :meth:`to_dict` gave."""
        return cls(data["kind"], data["author"], data["date"], data["text"], data["start"], data["end"])


@dataclass(frozen=True)
class Block:
    """One unit of text as the source file presents it.

    A paragraph (DOCX, text, PDF), a heading, or one table row. ``start`` and
    ``end`` are offsets into ``Document.text``. ``page`` is 1-based (PDF only);
    ``page_end`` differs from ``page`` when a paragraph crosses a page break.
    ``source`` is human-readable provenance: "line 12", "paragraph 40",
    "table 2, row 3", "page 4".
    """

    text: str
    start: int
    end: int
    kind: str = "paragraph"  # paragraph | heading | table_row
    source: str = ""
    page: int | None = None
    page_end: int | None = None
    style: str | None = None  # e.g. DOCX style name "Heading 1"
    level: int | None = None  # heading or list level when known
    numbering: str | None = None  # rendered automatic number, e.g. "7.2(b)"
    cells: tuple[str, ...] = ()  # table rows: cell texts
    header: tuple[str, ...] = ()  # table rows: the table's header cells
    changes: tuple[TrackedChange, ...] = ()  # pending revisions touching this block
    comments: tuple[str, ...] = ()  # reviewer comments anchored here ("Author: text"); never change a verdict
    # kind may also be "footnote" / "endnote": note text placed right after the
    # block that references it, so it is read with that clause's section.


@dataclass(frozen=True)
class Part:
    """One file of an agreement read as a bundle (an MSA, its DPA, an order form)."""

    path: str
    sha256: str
    format: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "format": self.format}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        """The part :meth:`to_dict` gave."""
        return cls(data["path"], data["sha256"], data["format"])


@dataclass(frozen=True)
class Agreement:
    """One agreement of a catalogue: an id, its files (read as one bundle when
    there are several), the counterparty and free notes. Files are paths as
    given (relative to the working directory, or absolute)."""

    id: str
    files: tuple[str, ...]
    counterparty: str = ""
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "files": list(self.files), "counterparty": self.counterparty, "notes": self.notes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agreement:
        return cls(data["id"], tuple(data["files"]), data.get("counterparty", ""), data.get("notes", ""))


@dataclass(frozen=True)
class Document:
    """A readable document: its text and where each piece came from."""

    path: str
    format: str  # txt | md | docx | pdf
    sha256: str
    text: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    view: str = "accepted"  # DOCX with tracked changes: "accepted" or "original"
    parts: tuple[Part, ...] = ()  # a bundle: its files, in reading order


class IngestError(Exception):
    """A file that cannot be turned into a usable Document.

    ``code`` is stable and machine-readable (e.g. "encrypted", "corrupt",
    "no_text", "unsupported_format"); ``message`` is one line a user reads.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


# --------------------------------------------------------------------------- segment


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    """The smallest numbered or paragraph-level unit of the agreement."""

    id: str  # stable within a document: "c0001"
    text: str
    start: int
    end: int
    section: str | None = None  # "5.2(a)", "Schedule 2", "Annex II"
    heading: str | None = None  # nearest heading text
    page: int | None = None
    page_end: int | None = None
    kind: str = "clause"  # clause | heading | table_row
    source: str = ""
    sentences: tuple[Sentence, ...] = ()
    # What a lawyer cites to find the clause: its section ("11.3(b)"); with no numbering above it,
    # the nearest heading and the paragraph's place under it ('"Data Commitments" ¶ 2'), a table row
    # ("table 2, row 3"), or its paragraph counted from the start of the file ("¶ 12"), or of its
    # page in a PDF; a text file adds the line ("¶ 12 (line 22)"). In a bundle it starts with the file.
    cite: str = ""
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    changes: tuple[TrackedChange, ...] = ()
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segmentation:
    document: Document
    clauses: tuple[Clause, ...]


# --------------------------------------------------------------------------- engine


@dataclass(frozen=True)
class Evidence:
    text: str
    role: str
    section: str | None
    page: int | None
    start: int
    end: int
    heading: str | None = None
    page_end: int | None = None
    clause_id: str | None = None
    source: str = ""  # ingest provenance: "table 2, row 3", "lines 40-42"
    changes: tuple[TrackedChange, ...] = ()  # pending revisions inside this quote

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "section": self.section,
            "heading": self.heading,
            "page": self.page,
            "page_end": self.page_end,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "clause_id": self.clause_id,
            "source": self.source,
            "pending_changes": [c.to_dict() for c in self.changes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """The evidence :meth:`to_dict` gave."""
        return cls(text=data["text"], role=data["role"], section=data["section"], page=data["page"],
                   start=data["start"], end=data["end"], heading=data["heading"], page_end=data["page_end"],
                   clause_id=data["clause_id"], source=data["source"],
                   changes=tuple(TrackedChange.from_dict(c) for c in data["pending_changes"]))


@dataclass(frozen=True)
class Finding:
    rule: str
    topic: str
    status: str
    severity: str
    checklist_item: int  # primary checklist item (1, 2 or 3)
    title: str
    explanation: str
    remediation: str
    evidence: tuple[Evidence, ...] = ()
    searched: str = ""  # for missing findings: where and for what we looked
    checklist_items: tuple[int, ...] = ()  # every item the topic belongs to
    id: str = ""  # stable across runs and drafts: "<rule>/<status>"
    fingerprint: str = ""  # hash of the clause text the finding rests on (changes when that text changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "topic": self.topic,
            "title": self.title,
            "status": self.status,
            "severity": self.severity,
            "checklist_item": self.checklist_item,
            "checklist_items": list(self.checklist_items or (self.checklist_item,)),
            "explanation": self.explanation,
            "remediation": self.remediation,
            "searched": self.searched,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The finding :meth:`to_dict` gave (``checklist_items`` as written: never empty)."""
        return cls(rule=data["rule"], topic=data["topic"], status=data["status"], severity=data["severity"],
                   checklist_item=data["checklist_item"], title=data["title"], explanation=data["explanation"],
                   remediation=data["remediation"],
                   evidence=tuple(Evidence.from_dict(e) for e in data["evidence"]), searched=data["searched"],
                   checklist_items=tuple(data["checklist_items"]), id=data["id"], fingerprint=data["fingerprint"])


@dataclass(frozen=True)
class DocumentReport:
    path: str
    sha256: str | None
    format: str | None
    pages: int | None
    verdict: str
    topics: dict[str, str]
    findings: tuple[Finding, ...] = ()
    errors: tuple[dict[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    view: str | None = None  # DOCX tracked changes: "accepted" or "original"
    parts: tuple[Part, ...] = ()  # a bundle: every file with its SHA-256 (``sha256`` is then of them all)
    agreement: Agreement | None = None  # the catalogue agreement this report is of (manifest, bundle folder)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "view": self.view,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "verdict": self.verdict,
            "topics": dict(self.topics),
            "findings": [f.to_dict() for f in self.findings],
            "errors": [dict(e) for e in self.errors],
            "warnings": list(self.warnings),
        }
        if self.parts:
            data["parts"] = [p.to_dict() for p in self.parts]
        if self.agreement is not None:
            data["agreement"] = self.agreement.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentReport:
        """The report :meth:`to_dict` gave: ``DocumentReport.from_dict(r.to_dict()).to_dict() == r.to_dict()``.

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` on data of another shape.
        """
        return cls(path=data["path"], sha256=data["sha256"], format=data["format"], pages=data["pages"],
                   verdict=data["verdict"], topics=dict(data["topics"]),
                   findings=tuple(Finding.from_dict(f) for f in data["findings"]),
                   errors=tuple(dict(e) for e in data["errors"]), warnings=tuple(data["warnings"]),
                   view=data["view"], parts=tuple(Part.from_dict(p) for p in data.get("parts", ())),
                   agreement=Agreement.from_dict(data["agreement"]) if data.get("agreement") else None)

    @property
    def files(self) -> tuple[Part, ...]:
        """Every file read: the bundle's parts, or the document itself."""
        if self.parts:
            return self.parts
        return (Part(self.path, self.sha256 or "", self.format or ""),)


@dataclass(frozen=True)
class RulesetInfo:
    version: str
    sha256: str
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class AuditRun:
    """Everything one ``auditor audit`` run produced."""

    auditor_version: str
    ruleset: RulesetInfo
    documents: tuple[DocumentReport, ...]
    checklist: tuple[tuple[int, str], ...] = field(default=())
    topic_titles: dict[str, str] = field(default_factory=dict)  # in the rule set's topic order
    topic_items: dict[str, tuple[int, ...]] = field(default_factory=dict)  # checklist items per topic

    @property
    def topic_order(self) -> tuple[str, ...]:
        """Topics in the rule set's order (``ruleset.yaml`` ``order``)."""
        return tuple(self.topic_titles) or tuple(self.topic_items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "auditor_version": self.auditor_version,
            "ruleset": self.ruleset.to_dict(),
            "checklist": [{"item": n, "text": t} for n, t in self.checklist],
            "documents": [d.to_dict() for d in self.documents],
        }
