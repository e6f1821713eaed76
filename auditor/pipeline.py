"""Wiring the stages: file -> Document -> Segmentation -> DocumentReport."""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .model import Block, Document, DocumentReport, IngestError, Part
from .rules import RuleSet


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one document is read.

    Reading allocates hundreds of thousands of small, acyclic objects that
    all stay alive until the report is written; each time the collector runs
    it walks every one of them again, which measured at a third of the
    engine's time on a 100-page agreement. Reference counting still frees
    everything that is not in a cycle, and the collector resumes (and finds
    any cycles) as soon as the document is done.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def audit_document(document: Document, ruleset: RuleSet) -> DocumentReport:
    from .engine import audit_segmentation
    from .segment import segment

    with collector_paused():
        return audit_segmentation(segment(document), ruleset)


def audit_path(path: str | os.PathLike[str], ruleset: RuleSet, **load_options: object) -> DocumentReport:
    """Audit one file; an unreadable file becomes a not-assessable report, never an exception."""
    from .ingest import load_document

    def read() -> DocumentReport:
        try:
            document = load_document(path, **load_options)  # type: ignore[arg-type]
        except IngestError as exc:
            return _unreadable(path, exc)
        return audit_document(document, ruleset)

    # One pause for every stage, resumed once the document itself is freed:
    # a collection while it is alive would walk every object read from it.
    with collector_paused():
        report = read()
    return report


def _unreadable(path: str | os.PathLike[str], exc: IngestError) -> DocumentReport:
    from .engine import not_assessable

    sha = None
    try:  # only regular files: reading a FIFO or device would block
        if stat.S_ISREG(os.stat(path).st_mode) and exc.code not in ("too_large", "unsafe"):
            sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, ValueError, TypeError):
        pass
    return not_assessable(str(path), exc, sha256=sha)


def audit_bundle(paths: list[str], ruleset: RuleSet, **load_options: object) -> DocumentReport:
    """Audit several files as one agreement (an MSA, its DPA, an order form).

    Each file is segmented on its own; its clauses are then read together,
    so a definition in the MSA reaches a commitment in the DPA. Sections are
    prefixed with the file name ("dpa.pdf, 5.2"), which keeps section
    references ("Sections 5 to 8") inside the file that makes them. If any
    part cannot be read, the bundle is not assessable: never a pass.
    Evidence names the file and the clause's cite ("dpa.pdf, ¶ 3" where the
    file has no numbering).
    """
    with collector_paused():
        return _audit_bundle(paths, ruleset, **load_options)


def _audit_bundle(paths: list[str], ruleset: RuleSet, **load_options: object) -> DocumentReport:
    from .engine import audit_segmentation, not_assessable

    from dataclasses import replace

    try:
        seg = bundle_segmentation(paths, **load_options)
    except IngestError as exc:
        return not_assessable(" + ".join(str(p) for p in paths), exc)
    return replace(audit_segmentation(seg, ruleset), parts=seg.document.parts)


def bundle_segmentation(paths: list[str], **load_options: object) -> "Segmentation":
    """Several files as one segmented agreement; raises ``IngestError``
    ("bundle_part_unreadable") when any part cannot be read."""
    from dataclasses import replace

    from .ingest import load_document
    from .model import Segmentation
    from .segment import segment

    docs: list[Document] = []
    errors: list[str] = []
    for path in paths:
        try:
            docs.append(load_document(path, **load_options))  # type: ignore[arg-type]
        except IngestError as exc:
            errors.append(f"{path}: {exc.message}")
    name = " + ".join(str(p) for p in paths)
    if errors or not docs:
        raise IngestError("bundle_part_unreadable", "; ".join(errors) or "no documents")
    clauses = []
    texts: list[str] = []
    offset = 0
    for doc in docs:
        label = Path(doc.path).name

        def shift(x, _o=offset):
            return replace(x, start=x.start + _o, end=x.end + _o)

        for c in segment(doc).clauses:
            clauses.append(replace(
                c, id=f"c{len(clauses) + 1:04d}", start=c.start + offset, end=c.end + offset,
                section=f"{label}, {c.section}" if c.section else label,
                source=f"{label}, {c.source}" if c.source else label,
                cite=f"{label}, {c.cite}" if c.cite else label,
                sentences=tuple(shift(x) for x in c.sentences), changes=tuple(shift(x) for x in c.changes),
            ))
        texts.append(doc.text)
        offset += len(doc.text) + 2
    digest = hashlib.sha256("\n".join(d.sha256 for d in docs).encode()).hexdigest()
    pages = [d.pages for d in docs if d.pages]
    combined = Document(path=name, format="bundle", sha256=digest, text="\n\n".join(texts), blocks=(),
                        pages=sum(pages) if pages else None,
                        warnings=tuple(f"{Path(d.path).name}: {w}" for d in docs for w in d.warnings),
                        parts=tuple(Part(str(d.path), d.sha256, d.format) for d in docs))
    return Segmentation(combined, tuple(clauses))


def explain_path(path: str, ruleset: RuleSet, **load_options: object):
    """Statements and decision traces of one file (raises ``IngestError``)."""
    from .engine import explain_segmentation
    from .ingest import load_document
    from .segment import segment

    with collector_paused():
        return explain_segmentation(segment(load_document(path, **load_options)), ruleset)  # type: ignore[arg-type]


def explain_bundle(paths: list[str], ruleset: RuleSet, **load_options: object):
    from .engine import explain_segmentation

    with collector_paused():
        return explain_segmentation(bundle_segmentation(paths, **load_options), ruleset)


def explain_string(text: str, ruleset: RuleSet):
    """Statements and traces of a passage read as a ``.txt`` file would be."""
    from .engine import explain_segmentation
    from .ingest import document_from_string
    from .segment import segment

    return explain_segmentation(segment(document_from_string(text)), ruleset)


def document_from_text(text: str, path: str = "<text>") -> Document:
    """A Document from a string: one block per blank-line-separated paragraph."""
    blocks: list[Block] = []
    parts: list[str] = []
    pos = 0
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        if not para:
            continue
        if parts:
            pos += 2
        blocks.append(Block(para, pos, pos + len(para), source=f"paragraph {len(blocks) + 1}"))
        parts.append(para)
        pos += len(para)
    joined = "\n\n".join(parts)
    return Document(path=path, format="txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                    text=joined, blocks=tuple(blocks))


def audit_text(text: str, ruleset: RuleSet, path: str = "<text>") -> DocumentReport:
    return audit_document(document_from_text(text, path), ruleset)


def expand_paths(paths: list[str]) -> list[str]:
    """Files named, and document files found under directories named, in a stable order
    (:func:`auditor.walk.find_documents`, which also says what it left out and why)."""
    from .walk import find_documents

    return list(find_documents(paths).files)
