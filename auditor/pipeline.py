"""Wiring the stages: file -> Document -> Segmentation -> DocumentReport."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .model import Block, Document, DocumentReport, IngestError
from .rules import RuleSet

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".text")


def audit_document(document: Document, ruleset: RuleSet) -> DocumentReport:
    from .engine import audit_segmentation
    from .segment import segment

    return audit_segmentation(segment(document), ruleset)


def audit_path(path: str | os.PathLike[str], ruleset: RuleSet, **load_options: object) -> DocumentReport:
    """Audit one file; an unreadable file becomes a not-assessable report, never an exception."""
    from .engine import not_assessable
    from .ingest import load_document

    try:
        document = load_document(path, **load_options)  # type: ignore[arg-type]
    except IngestError as exc:
        sha = None
        try:  # only regular files: reading a FIFO or device would block
            if stat.S_ISREG(os.stat(path).st_mode) and exc.code not in ("too_large", "unsafe"):
                sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except (OSError, ValueError, TypeError):
            pass
        return not_assessable(str(path), exc, sha256=sha)
    return audit_document(document, ruleset)


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
    """Files named, and supported files found under directories named, in a stable order."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for f in sorted(files):
                    if f.lower().endswith(SUPPORTED_SUFFIXES) and not f.startswith((".", "~$")):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return out
