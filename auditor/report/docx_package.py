"""Reading and rewriting a DOCX package at the XML level, part by part.

Only the parts a caller changes are re-serialised; every other part is
copied byte for byte, so tracked changes, numbering, styles and formatting
stay as they were. Used by :mod:`auditor.report.annotate_docx` (comments and
tracked insertions on a reviewed copy).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DOCUMENT = "word/document.xml"
DOC_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
MAX_TOTAL = 256 * 1024 * 1024  # uncompressed bytes we are willing to copy

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


class PackageError(Exception):
    """A file that cannot be read as a Word package (not a DOCX, unreadable, unsafe)."""


def serialise(root: etree._Element, original: bytes) -> bytes:
    """The part as Word writes it: a double-quoted XML declaration, then the tree."""
    head = original[:200]
    standalone = ' standalone="yes"' if re.search(rb"standalone\s*=\s*[\"']yes", head) else ""
    return (f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\r\n'.encode()
            + etree.tostring(root, encoding="UTF-8"))


def comments_target(rels: etree._Element) -> str | None:
    for rel in rels.findall(f"{{{PKG_REL}}}Relationship"):
        if rel.get("Type") == COMMENTS_REL and rel.get("TargetMode") != "External":
            return posixpath.normpath(posixpath.join("word", rel.get("Target", "").lstrip("/")))
    return None


def add_comments_relationship(rels: etree._Element) -> str:
    ids = {r.get("Id") for r in rels.findall(f"{{{PKG_REL}}}Relationship")}
    n = len(ids) + 1
    while f"rId{n}" in ids:
        n += 1
    rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", COMMENTS_REL)
    rel.set("Target", "comments.xml")
    return "word/comments.xml"


def ensure_content_type(types: etree._Element, part: str, content_type: str = COMMENTS_TYPE) -> bool:
    name = "/" + part
    for override in types.findall(f"{{{CT_NS}}}Override"):
        if override.get("PartName", "").lower() == name.lower():
            return False
    el = etree.SubElement(types, f"{{{CT_NS}}}Override")
    el.set("PartName", name)
    el.set("ContentType", content_type)
    return True


def read_package(src: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    if src.suffix.lower() != ".docx":
        raise PackageError(f"{src}: annotate works on Word .docx files only (got '{src.suffix or 'no extension'}')")
    try:
        with zipfile.ZipFile(src) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_TOTAL:
                raise PackageError(f"{src}: too large to annotate")
            names = [i.filename for i in infos]
            if DOCUMENT not in names:
                raise PackageError(f"{src}: not a Word document (no {DOCUMENT})")
            if len(set(names)) != len(names) or any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise PackageError(f"{src}: unsafe or duplicated part names; not annotated")
            return infos, {i.filename: z.read(i) for i in infos}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(f"{src}: not a readable .docx file ({exc})") from None


def package_bytes(infos: list[zipfile.ZipInfo], parts: dict[str, bytes], new_parts: dict[str, bytes]) -> bytes:
    """The package with unchanged parts byte for byte, changed ones replaced and new ones appended."""
    stamp = next((i.date_time for i in infos if i.filename == DOCUMENT), (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            z.writestr(copy, new_parts.get(info.filename, parts[info.filename]))
        for name in sorted(set(new_parts) - set(parts)):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, new_parts[name])
    return out.getvalue()
