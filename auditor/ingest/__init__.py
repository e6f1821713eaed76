"""Ingest: turn a contract draft file into a :class:`~auditor.model.Document`.

    from auditor.ingest import load_document, Limits

    doc = load_document("draft.docx")                    # default limits
    doc = load_document("draft.pdf", limits=Limits(max_pages=50))
    doc = load_document("draft.docx", view="original")   # tracked changes rejected

The format is detected from the content, not the extension: ``%PDF-`` in
the first 1024 bytes is a PDF; a ZIP holding a WordprocessingML document is
a DOCX (other ZIPs are ``unsupported_format``); anything else must decode
as text (``.md`` files are read as Markdown). A file whose extension says
otherwise is still read, with a warning. Word 97-2003 (``.doc``), RTF and
OpenDocument text (``.odt``) files are converted to DOCX with LibreOffice
when it is installed (:mod:`.convert`), and are ``needs_libreoffice``
otherwise.

Every unusable file raises :class:`~auditor.model.IngestError` with one of
these codes, and never any other exception:

``not_found``, ``unreadable`` (permissions, not a regular file), ``empty``,
``unsupported_format``, ``corrupt``, ``encrypted``, ``no_text``,
``too_large``, ``unsafe`` (zip bomb, XML entity declarations),
``needs_libreoffice``, ``timeout`` (a LibreOffice conversion that did not end).
"""

from __future__ import annotations

import hashlib
import os
import stat

from auditor.model import Document, IngestError

from .blocks import Draft, assemble
from .limits import DEFAULT_LIMITS, Limits
from .safezip import SafeZip

__all__ = ["load_document", "Limits", "IngestError", "detect_format"]

_EXTENSION_FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".dotm": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
}
_FORMAT_NAMES = {"pdf": "PDF", "docx": "DOCX", "txt": "text", "md": "text", "doc": "Word 97-2003", "rtf": "RTF",
                 "odt": "OpenDocument text"}
_MARKDOWN_EXTENSIONS = frozenset(ext for ext, fmt in _EXTENSION_FORMATS.items() if fmt == "md")

# Recognisable non-document signatures: (magic, description).
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
_CONVERTED = ("doc", "rtf", "odt")  # read through a LibreOffice DOCX conversion
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_RTF_MAGIC = b"{\\rtf"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def detect_format(data: bytes) -> str:
    """Classify file bytes by signature: "pdf", "zip", "ole", "rtf" or "text"
    (text still has to decode; see :func:`auditor.ingest.text.decode_text`)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data[:64].lstrip().startswith(_RTF_MAGIC):
        return "rtf"
    return "text"


def load_document(
    path: str | os.PathLike[str],
    *,
    limits: Limits | None = None,
    view: str = "accepted",
    pdf_engine: str = "fast",
    ocr: bool = False,
) -> Document:
    """Read a contract draft (PDF, DOCX, plain text or Markdown).

    Returns a :class:`~auditor.model.Document` whose ``text`` is its blocks'
    texts joined with a blank line. Raises
    :class:`~auditor.model.IngestError` (and nothing else) when the file
    cannot be used; ``error.code`` says why and ``error.message`` is one
    line for the user.

    ``view`` chooses how a DOCX's tracked changes read: "accepted" (every
    change accepted, the default) or "original" (every change rejected);
    other formats have no tracked changes and read the same either way.
    An unknown ``view`` is a ``ValueError``.

    ``pdf_engine`` picks the PDF reader: "fast" (PDFium, the default) or
    "careful" (pdfplumber on every page; same blocks, much slower). With
    ``ocr=True``, PDF pages without a text layer are read with
    ``pdftoppm`` + ``tesseract`` when both are installed.
    """
    if pdf_engine not in ("fast", "careful"):
        raise ValueError(f"pdf_engine must be 'fast' or 'careful', got {pdf_engine!r}")
    if view not in ("accepted", "original"):
        raise ValueError(f"view must be 'accepted' or 'original', got {view!r}")
    try:
        return _load(path, limits if limits is not None else DEFAULT_LIMITS, view, pdf_engine=pdf_engine, ocr=ocr)
    except IngestError as exc:
        raise IngestError(exc.code, _one_line(exc.message)) from None
    except MemoryError:
        raise IngestError("too_large", "file is too large to read in memory") from None
    except RecursionError:
        raise IngestError("unsafe", "document structure is nested too deeply") from None
    except Exception as exc:  # a corrupt file must never produce a traceback
        raise IngestError("corrupt", _one_line(f"file could not be read ({type(exc).__name__}: {exc})")) from None


def _one_line(message: str) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _read_bytes(path: str | os.PathLike[str], limits: Limits) -> tuple[str, bytes]:
    try:
        name = os.fsdecode(path)
    except TypeError:
        raise IngestError("not_found", f"not a file path: {path!r}") from None
    try:
        st = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):
        raise IngestError("not_found", f"file not found: {name}") from None
    except PermissionError:
        raise IngestError("unreadable", f"permission denied: {name}") from None
    except (OSError, ValueError) as exc:
        raise IngestError("unreadable", f"cannot access {name}: {exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("unreadable", f"{name} is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("unreadable", f"{name} is not a regular file")
    if st.st_size > limits.max_file_bytes:
        raise IngestError("too_large", f"file is {st.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}")
    try:
        with open(name, "rb") as fh:
            data = fh.read(min(st.st_size, limits.max_file_bytes) + 1)
    except PermissionError:
        raise IngestError("unreadable", f"permission denied: {name}") from None
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise IngestError("too_large", f"file is over the limit of {limits.max_file_bytes:,} bytes")
    return name, data


def _load(
    path: str | os.PathLike[str], limits: Limits, view: str = "accepted", *, pdf_engine: str = "fast", ocr: bool = False
) -> Document:
    name, data = _read_bytes(path, limits)
    if not data.strip():
        raise IngestError("empty", "file is empty" if not data else "file contains only whitespace")
    ext = os.path.splitext(name)[1].lower()
    kind = detect_format(data)
    warnings: list[str] = []
    pages: int | None = None
    if kind == "pdf":
        from .pdf import read_pdf

        fmt = "pdf"
        drafts, more, pages = read_pdf(data, limits, engine=pdf_engine, ocr=ocr)
        warnings += more
    elif kind == "zip":
        fmt, drafts, more = _read_zip(data, limits, view)
        warnings += more
    elif kind == "ole":
        fmt, drafts, more = _read_ole(data, limits, view)
        warnings += more
    elif kind == "rtf":
        fmt, drafts, more = _read_converted(data, "rtf", limits, view)
        warnings += more
    else:
        fmt, drafts, more = _read_text(data, ext, limits)
        warnings += more

    expected = _EXTENSION_FORMATS.get(ext)
    if expected is not None and _FORMAT_NAMES[expected] != _FORMAT_NAMES[fmt]:
        warnings.insert(0, f"file extension {ext} does not match its content; read as {_FORMAT_NAMES[fmt]}")
    text, blocks = assemble(drafts, limits)
    if fmt in ("docx", *_CONVERTED):  # tracked changes and comments the drafts carry
        from .docx import attach_annotations

        blocks = attach_annotations(drafts, blocks)
    if not blocks:
        if fmt == "pdf":
            raise IngestError("no_text", "no text layer (scanned?)")
        raise IngestError("empty", "document contains no text")
    return Document(
        path=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        blocks=blocks,
        pages=pages,
        warnings=tuple(_one_line(w) for w in warnings),
        view=view,
    )


def _read_zip(data: bytes, limits: Limits, view: str = "accepted") -> tuple[str, list[Draft], list[str]]:
    from .docx import is_word_package, read_docx

    z = SafeZip(data, limits)
    if not is_word_package(z):
        if _mimetype(z).startswith(_ODT_MIME):
            z.check()
            return _read_converted(data, "odt", limits, view)
        raise IngestError("unsupported_format", f"{_describe_zip(z)}, not a Word document")
    z.check()
    return ("docx", *read_docx(z, view))


def _read_ole(data: bytes, limits: Limits, view: str) -> tuple[str, list[Draft], list[str]]:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise IngestError("encrypted", "Office document is encrypted and cannot be opened without a password")
    if "WordDocument".encode("utf-16-le") in data:
        return _read_converted(data, "doc", limits, view)
    raise IngestError("unsupported_format", "legacy Office (OLE) file, not a supported document")


def _read_converted(data: bytes, kind: str, limits: Limits, view: str) -> tuple[str, list[Draft], list[str]]:
    """A ``.doc``, ``.rtf`` or ``.odt`` file read through its LibreOffice DOCX conversion."""
    from .convert import to_docx
    from .docx import read_docx

    z = SafeZip(to_docx(data, kind, limits), limits)
    z.check()
    drafts, warnings = read_docx(z, view)
    return kind, drafts, [f"{_FORMAT_NAMES[kind]} file converted to DOCX with LibreOffice before reading", *warnings]


def _mimetype(z: SafeZip) -> bytes:
    """The ``mimetype`` entry of an OpenDocument (or EPUB) package, or b""."""
    return (z.read("mimetype", max_bytes=100) or b"") if "mimetype" in z.names else b""


def _describe_zip(z: SafeZip) -> str:
    names = z.names
    if "xl/workbook.xml" in names:
        return "an Excel workbook (XLSX)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (PPTX)"
    if "mimetype" in names:
        mime = _mimetype(z).decode("ascii", "replace")
        if mime.startswith("application/vnd.oasis.opendocument"):
            return "an OpenDocument file"
        if mime.startswith("application/epub"):
            return "an EPUB book"
    return "a ZIP archive"


def _read_text(data: bytes, ext: str, limits: Limits) -> tuple[str, list[Draft], list[str]]:
    from .text import decode_text, read_text

    for magic, what in _OTHER_MAGIC:
        if data.startswith(magic):
            raise IngestError("unsupported_format", f"file is {what}, not a supported document")
    text, warnings = decode_text(data)
    if not text.strip():
        raise IngestError("empty", "file contains only whitespace")
    visible = len(text) - sum(text.count(c) for c in " \t\r\n")
    if visible > limits.max_chars:
        raise IngestError("too_large", f"document text exceeds the limit of {limits.max_chars:,} characters")
    fmt = "md" if ext in _MARKDOWN_EXTENSIONS else "txt"
    return fmt, read_text(text, markdown=fmt == "md"), warnings


def document_from_string(text: str, path: str = "<text>", *, markdown: bool = False,
                         limits: Limits | None = None) -> Document:
    """A Document from a string, read exactly as a ``.txt`` (or ``.md``) file
    holding it would be: line-per-paragraph and hard-wrapped text, numbered
    lines, ``| a | b |`` tables. Raises :class:`IngestError` for empty text."""
    from .text import read_text

    if not text.strip():
        raise IngestError("empty", "text is empty")
    text_out, blocks = assemble(read_text(text, markdown=markdown), limits or DEFAULT_LIMITS)
    if not blocks:
        raise IngestError("empty", "text holds no readable paragraph")
    return Document(path=path, format="md" if markdown else "txt",
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text_out, blocks=blocks)
