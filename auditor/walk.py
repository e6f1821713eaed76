"""Which files of a folder are agreements, and why the others are left out.

:func:`find_documents` walks the paths given: a file named is always read
(its format is told from its content); in a folder, every file with a
document suffix (:data:`DOCUMENT_SUFFIXES`: text, Markdown, DOCX, PDF, and the
``.doc``, ``.rtf`` and ``.odt`` files read through LibreOffice) is read, in
a stable order, and every other file or folder left out is listed with its
reason (:class:`Skipped`): hidden files and folders, Word lock files
(``~$draft.docx``), the reviewed copies ``auditor annotate`` writes
(``*.reviewed.docx``), files of other formats, and whatever an ``exclude``
glob matches. An archive run therefore never drops a file silently.

``exclude`` globs (``fnmatch``, ``*`` crossing folders) are matched against
the path below the folder walked (``drafts/old/msa.docx``) and against the
bare name; a folder they match is not entered. Standard library only.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass

#: Suffixes read from a folder; the rest are listed as skipped.
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf", ".doc", ".rtf", ".odt")
#: ``auditor annotate``'s reviewed copies: not part of the agreement.
REVIEWED_SUFFIX = ".reviewed.docx"


@dataclass(frozen=True)
class Skipped:
    """A file or folder a walk left out, and why."""

    path: str
    reason: str
    excluded: bool = False  # left out by an ``exclude`` glob (asked for), not by its kind


@dataclass(frozen=True)
class Found:
    """What a walk found: the documents, in order, and what it left out."""

    files: tuple[str, ...]
    skipped: tuple[Skipped, ...] = ()


def find_documents(paths: list[str] | tuple[str, ...], exclude: tuple[str, ...] | list[str] = ()) -> Found:
    """Files named, and document files found under folders named, in a stable order."""
    files: list[str] = []
    skipped: list[Skipped] = []
    for p in paths:
        if os.path.isdir(p):
            found = walk_folder(p, tuple(exclude))
            files += found.files
            skipped += found.skipped
        else:
            files.append(p)
    return Found(tuple(files), tuple(skipped))


def walk_folder(folder: str, exclude: tuple[str, ...] = (), prefix: str = "") -> Found:
    """The documents under ``folder`` and what was left out; ``exclude`` globs are matched
    against ``prefix`` + the path below ``folder`` (``prefix`` is "" or ends with "/")."""
    files: list[str] = []
    skipped: list[Skipped] = []
    for root, dirs, names in os.walk(folder):
        below = os.path.relpath(root, folder).replace(os.sep, "/")
        rel_root = prefix + ("" if below == "." else below + "/")
        keep = []
        for d in sorted(dirs):
            why = left_out(rel_root + d, True, exclude)
            if why is None:
                keep.append(d)
            else:
                skipped.append(Skipped(os.path.join(root, d) + os.sep, *why))
        dirs[:] = keep
        for name in sorted(names):
            why = left_out(rel_root + name, False, exclude)
            if why is None:
                files.append(os.path.join(root, name))
            else:
                skipped.append(Skipped(os.path.join(root, name), *why))
    return Found(tuple(files), tuple(skipped))


REVIEWED_COPY = "reviewed copy written by auditor annotate"
DECISIONS_FILE = "decisions file of auditor review"
DECISIONS_SUFFIXES = (".decisions.yaml", ".decisions.yaml.bak")
OWN_FILES = frozenset({REVIEWED_COPY, DECISIONS_FILE})  # auditor's own files: counted, not listed


def left_out(relative: str, is_dir: bool, exclude: tuple[str, ...] = ()) -> tuple[str, bool] | None:
    """Why a folder walk leaves out the file or folder at ``relative`` (a ``/``-separated
    path below the folder walked), and whether an ``exclude`` glob did it; None to keep it."""
    name = relative.rsplit("/", 1)[-1]
    for pattern in exclude:
        if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern):
            return f"excluded by '{pattern}'", True
    if is_dir:
        if name.startswith("."):
            return "hidden folder", False
        return ("folder name starts with '_'", False) if name.startswith("_") else None
    lower = name.lower()
    if name.startswith("~$"):
        return "Word lock file", False
    if name.startswith("."):
        return "hidden file", False
    if lower.endswith(REVIEWED_SUFFIX):
        return REVIEWED_COPY, False
    if lower.endswith(DECISIONS_SUFFIXES):
        return DECISIONS_FILE, False
    if not lower.endswith(DOCUMENT_SUFFIXES):
        return f"not a document format auditor reads ({os.path.splitext(name)[1] or 'no suffix'})", False
    return None
