"""What an agreement's result depends on, and the key that stands for all of it.

A stored result is reused only when every input is unchanged:

* the agreement's files, each by path (as the report names it) and SHA-256;
* the rule set's SHA-256 (of its YAML files' contents);
* the tool version, and a digest of the code and libraries that read
  agreements (:func:`build_digest`), so an upgraded install never serves a
  result another build produced;
* the reading options (``--view``, ``--ocr``, ``--careful-pdf``, the limits).

:meth:`AgreementInputs.key` is the SHA-256 of all of it, written as canonical
JSON. The agreement's *id* (what the register files the result under) is not
the key: the same agreement audited again with one file changed keeps its id
and gets a new key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from collections.abc import Mapping
from typing import Any

#: Parts of the ``auditor`` package that never change an agreement's result (what is done with it).
_NOT_READING = ("cli", "register", "report", "review")
#: Libraries whose version can change how an agreement is read.
_LIBRARIES = ("spacy", "pypdfium2", "pdfplumber", "pdfminer.six", "python-docx", "lxml", "charset-normalizer",
              "PyYAML")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileDigest:
    """One file of an agreement: its path as the report names it and its SHA-256 (or why there is none)."""

    path: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "sha256": self.sha256}


@dataclass(frozen=True)
class AgreementInputs:
    """Everything an agreement's result depends on."""

    agreement_id: str
    label: str
    files: tuple[FileDigest, ...]
    ruleset_sha256: str
    auditor_version: str
    build: str
    options: str  # canonical JSON of the reading options

    def key(self) -> str:
        """SHA-256 of every input, as canonical JSON."""
        data = {"id": self.agreement_id, "label": self.label, "files": [f.to_dict() for f in self.files],
                "ruleset": self.ruleset_sha256, "auditor": self.auditor_version, "build": self.build,
                "options": self.options}
        return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def canonical(data: Any) -> str:
    """``data`` as compact JSON with sorted keys (the same data always gives the same text)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def more_generous(limits: Mapping[str, float], stopped_under: Mapping[str, float]) -> bool:
    """True when ``limits`` give more of something than ``stopped_under`` did: more seconds, or
    more memory (0 is no limit). A result stopped at a run limit is audited again only then; the
    same or lower limits would stop it again."""
    for name, now in limits.items():
        then = stopped_under.get(name, 0)
        if then and (not now or now > then):
            return True
    return False


def options_json(options: dict[str, Any]) -> str:
    """Reading options (dataclass values, such as limits, as their fields) as canonical JSON."""
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {"type": type(value).__name__, **dataclasses.asdict(value)}
        return value

    return canonical({k: plain(v) for k, v in sorted(options.items())})


def file_digest(path: str | os.PathLike[str], max_bytes: int | None = None) -> str:
    """The SHA-256 of a regular file; for anything else a marker that says what it is.

    A file larger than ``max_bytes`` is not read (the audit refuses it
    unread too): it is named by its size and modification time instead.
    A missing file, a folder, a FIFO or a device is never read.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    if not stat.S_ISREG(info.st_mode):
        return "not-a-file"
    if max_bytes is not None and info.st_size > max_bytes:
        return f"too-large:{info.st_size}:{info.st_mtime_ns}"
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        return f"unreadable:{exc.errno}"
    return digest.hexdigest()


@lru_cache(maxsize=1)
def build_digest() -> str:
    """SHA-256 of the source of the code that reads agreements and of the libraries' versions.

    Every module of the ``auditor`` package counts except those that only
    present, review or store results (``cli``, ``register``, ``report``,
    ``review``).
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in _NOT_READING:
            continue
        digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()


def agreement_id(files: list[str] | tuple[str, ...], root: str | os.PathLike[str]) -> str:
    """The register's id of an agreement of ``files``: each path relative to ``root``, joined by " + ".

    Paths outside ``root`` stay absolute. Separators are "/" on every system.
    """
    base = Path(os.path.abspath(root))
    names = []
    for f in files:
        path = Path(os.path.abspath(f))
        try:
            names.append(path.relative_to(base).as_posix())
        except ValueError:
            names.append(path.as_posix())
    return " + ".join(names)


__all__ = ["AgreementInputs", "FileDigest", "agreement_id", "build_digest", "canonical", "file_digest", "more_generous",
           "options_json"]
