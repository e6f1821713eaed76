"""Older word-processor formats read through LibreOffice: ``.doc``, ``.rtf``, ``.odt``.

Archives hold Word 97-2003 documents, RTF exports and OpenDocument text as
well as DOCX and PDF. When LibreOffice is installed (``soffice``, Debian's
``libreoffice-writer``), such a file is converted to DOCX with

    soffice -env:UserInstallation=file:///<private temp dir>/profile --headless
            --convert-to docx --outdir <private temp dir> in.<ext>

and the DOCX is read as any other. Every conversion runs in its own
temporary directory with its own LibreOffice profile, so conversions can run
side by side and never touch the user's profile, and it is stopped after
``Limits.convert_timeout_s`` seconds (``timeout``). Without LibreOffice the
file is ``needs_libreoffice``: reported, never skipped and never a pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.model import IngestError

from .limits import Limits

#: What each convertible format is called in messages.
KINDS = {
    "doc": "a Word 97-2003 (.doc) document",
    "rtf": "an RTF document",
    "odt": "an OpenDocument text (.odt) document",
}
NEEDS_LIBREOFFICE = "needs LibreOffice"


def soffice() -> str | None:
    """The LibreOffice program, when installed (looked up on ``PATH``)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, kind: str, limits: Limits) -> bytes:
    """The bytes of ``data`` (a ``kind`` file, see :data:`KINDS`) converted to DOCX.

    Raises ``IngestError``: ``needs_libreoffice`` when LibreOffice is not
    installed, ``timeout`` when the conversion takes longer than
    ``limits.convert_timeout_s``, ``corrupt`` when LibreOffice writes no DOCX,
    ``too_large`` when the DOCX is over ``limits.max_file_bytes``.
    """
    what = KINDS[kind]
    exe = soffice()
    if exe is None:
        raise IngestError("needs_libreoffice", f"{NEEDS_LIBREOFFICE} to read {what} (install it, e.g. Debian's "
                                               "libreoffice-writer, or save the file as DOCX or PDF)")
    with tempfile.TemporaryDirectory(prefix="auditor-convert-") as tmp:
        work = Path(tmp)
        source = work / f"in.{kind}"
        source.write_bytes(data)
        command = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=limits.convert_timeout_s,
                           env={**os.environ, "HOME": tmp}, check=False)
        except subprocess.TimeoutExpired:
            raise IngestError("timeout", f"LibreOffice took longer than {limits.convert_timeout_s} s to convert "
                                         f"{what}; stopped") from None
        except OSError as exc:
            raise IngestError("needs_libreoffice", f"{NEEDS_LIBREOFFICE} to read {what}; {exe} could not be "
                                                   f"started ({exc.strerror or exc})") from None
        result = work / "out" / "in.docx"
        if not result.is_file():
            raise IngestError("corrupt", f"LibreOffice could not convert {what} (damaged or not really {kind})")
        if result.stat().st_size > limits.max_file_bytes:
            raise IngestError("too_large", f"{what} converts to a DOCX over the limit of "
                                           f"{limits.max_file_bytes:,} bytes")
        return result.read_bytes()
