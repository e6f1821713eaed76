"""Writing files for every command: atomically, with the permissions the user's umask gives.

A report, a decisions file, a reviewed DOCX copy: each is written to a
temporary file in the target's directory and moved into place with
``os.replace``, so a reader never sees half a file. ``tempfile.mkstemp``
creates files readable by their owner only (0600); every file written here is
then given the mode an ordinary ``open(path, "w")`` would give (0666 less the
umask), or the mode of the file it replaces, so a colleague sharing the
folder can open it as they can open an audit report.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # pragma: no cover
    from auditor.review.decisions import DecisionsFile


def umask_mode() -> int:
    """0666 less the process umask: the mode ``open(path, "w")`` gives a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file; keep ``<path>.bak`` when asked.

    A file that already exists keeps its mode; a new one gets :func:`umask_mode`.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    existing = target.exists()
    mode = stat.S_IMODE(target.stat().st_mode) if existing else umask_mode()
    if existing and backup:
        shutil.copy2(target, target.with_name(target.name + ".bak"))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_output(output: str | None, content: str | bytes) -> None:
    """A command's result: standard output when ``output`` is None or "-", else the file."""
    if output in (None, "-"):
        if isinstance(content, bytes):
            click.get_binary_stream("stdout").write(content)
            return
        click.echo(content, nl=not content.endswith("\n"))
        return
    write_atomic(str(output), content)


def save_decisions(dfile: DecisionsFile, path: str | os.PathLike[str] | None = None) -> bool:
    """Write ``dfile`` atomically, keeping ``<file>.bak``; return False when nothing changed.

    Raises :class:`~auditor.review.decisions.DecisionsError` when the file on
    disk changed since it was loaded (someone else edited it), so no edit is
    ever silently lost.
    """
    from auditor.review.decisions import DecisionsError
    from auditor.review.writer import dump_decisions

    target = Path(path or dfile.path)
    text = dump_decisions(dfile)
    current: bytes | None = target.read_bytes() if target.exists() else None
    current_sha = hashlib.sha256(current).hexdigest() if current is not None else None
    if current_sha != dfile.loaded_sha256:
        raise DecisionsError(str(target), [(None, "changed on disk since it was read; not overwritten, run again")])
    if current is not None and current == text.encode("utf-8"):
        return False
    write_atomic(target, text, backup=current is not None)
    return True
