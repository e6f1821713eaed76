#!/usr/bin/env python3
"""Write the bad-input corpus to ``fixtures/bad/`` (deterministic).

Usage:
    .venv/bin/python scripts/make_bad_fixtures.py           # (re)write fixtures/bad/
    .venv/bin/python scripts/make_bad_fixtures.py --check   # exit 1 if a file differs

Every file is built from fixed bytes, fixed dates and fixed random seeds, so
re-running the script gives byte-identical files (with the same fpdf2,
Pillow and zlib; ``LIBRARY_DEPENDENT`` lists the files those shape). ``EXPECTED`` below is the
manifest the tests read: each file's expected outcome when audited, either an
``IngestError`` code (``auditor audit`` exits 2, verdict ``not_assessable``)
or ``"audits"`` for files that are mislabelled or oddly encoded but readable
(audited with a warning).

Not committed, because they cannot be (or should not be) files in a
repository; ``tests/test_bad_inputs.py`` creates them in a temporary
directory instead:

* an unreadable file: the tests run as root in CI, and root ignores
  ``chmod 000``, so it is simulated with a directory named ``x.pdf`` and a
  FIFO named ``pipe.pdf`` (both ``unreadable``);
* a 1,000-page PDF (generated with fpdf2 at test time; audited in bounded
  time, or refused with ``too_large`` under ``Limits(max_pages=...)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "bad"
ZIP_DATE = (2024, 3, 1, 9, 0, 0)
PDF_DATE = dt.datetime(2024, 3, 1, 9, 0, 0, tzinfo=dt.timezone.utc)

# file name -> IngestError code, or "audits" (read with a warning).
EXPECTED: dict[str, str] = {
    "empty.pdf": "empty",
    "zero-pages.pdf": "corrupt",
    "truncated.pdf": "corrupt",
    "corrupt-zip.docx": "corrupt",
    "zip-bomb.docx": "unsafe",
    "billion-laughs.docx": "unsafe",
    "binary-noise.txt": "unsupported_format",
    "png-named.pdf": "unsupported_format",
    # Word 97-2003 is converted with LibreOffice; this file is only an OLE header, so the conversion fails.
    "legacy-word.doc": "corrupt" if shutil.which("soffice") or shutil.which("libreoffice") else "needs_libreoffice",
    "encrypted.pdf": "encrypted",
    "scanned.pdf": "no_text",
    "unmapped-glyphs.pdf": "no_text",
    "docx-named.pdf": "audits",
    "pdf-named.docx": "audits",
    "cp1252.txt": "audits",
    "utf16-no-bom.txt": "audits",
}

# Files whose bytes depend on the installed fpdf2, Pillow or zlib version (the
# rest are written byte by byte here). ``--check`` and the tests compare these
# only by name: a newer library may lay out the same content differently.
LIBRARY_DEPENDENT = frozenset({
    "truncated.pdf", "encrypted.pdf", "scanned.pdf", "pdf-named.docx", "png-named.pdf",
    "zip-bomb.docx", "billion-laughs.docx", "docx-named.pdf",
})

AGREEMENT = [
    "MASTER AI SERVICES AGREEMENT",
    "1. Data Protection",
    "1.1 The Provider shall process Customer Data only on the documented instructions of the Customer.",
    "1.2 The Provider shall not use Customer Data to train any model.",
    "2. Retention",
    "2.1 The Provider shall delete prompts and outputs within thirty (30) days after the request.",
    "3. Audit",
    "3.1 The Customer may audit the Provider's compliance with this Agreement once a year.",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of ``entries`` with fixed dates and modes: the same entries give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def document_xml(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def docx_bytes(document: bytes, extra: list[tuple[str, bytes]] | None = None) -> bytes:
    """A minimal WordprocessingML package (no dates, so deterministic)."""
    return zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", RELS.encode()),
         ("word/document.xml", document)] + (extra or [])
    )


def _fpdf() -> object:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(PDF_DATE)
    pdf.set_producer("auditor bad-fixture script")
    return pdf


def agreement_pdf(**encryption: str) -> bytes:
    pdf = _fpdf()
    if encryption:
        pdf.set_encryption(**encryption)  # type: ignore[attr-defined]
    pdf.add_page()  # type: ignore[attr-defined]
    for line in AGREEMENT:
        pdf.set_font("Helvetica", "B" if len(line) < 40 else "", 11)  # type: ignore[attr-defined]
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
        pdf.ln(2)  # type: ignore[attr-defined]
    return bytes(pdf.output())  # type: ignore[attr-defined]


def png_bytes(seed: int = 5) -> bytes:
    """A small noisy greyscale PNG (a stand-in for a scanned page)."""
    from PIL import Image

    rng = random.Random(seed)
    img = Image.new("L", (120, 160), 255)
    img.putdata([255 if rng.random() > 0.08 else 0 for _ in range(120 * 160)])
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def scanned_pdf() -> bytes:
    pdf = _fpdf()
    for _ in range(2):
        pdf.add_page()  # type: ignore[attr-defined]
        pdf.image(io.BytesIO(png_bytes()), x=10, y=10, w=180)  # type: ignore[attr-defined]
    return bytes(pdf.output())  # type: ignore[attr-defined]


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def operator_bomb_pdf(operators: int = 2_000_000) -> bytes:
    """A one-page PDF whose compressed content stream holds ``operators`` text operators.

    About 30 bytes on disk per thousand operators, it costs a PDF reader
    (PDFium) about 2.5 s and 350 MB per million: a file that exhausts the
    time or memory a document is given. Not committed to fixtures/bad/
    (reading it is slow by design); the runner tests and the catalogue
    benchmark make it to see a document stopped by its limits.
    """
    import zlib

    stream = zlib.compress(b"BT /F1 9 Tf 20 20 Td " + b"(ab) Tj 1 0 Td " * operators + b"ET\n", 9)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def hanging_pdf(pages: int = 1500, operators: int = 100_000) -> bytes:
    """A PDF of ``pages`` pages that all draw one shared content stream of ``operators`` path
    operators and one line of text.

    Some 50 KB on disk, it costs a reader (PDFium) about a third of a second per page at little
    memory (~70 MB): nine minutes for the whole file, within every size, page and memory limit.
    It stands for the file that hangs a reader, and is stopped only by the time limit of
    ``auditor audit`` (``--timeout-s``). Not committed to fixtures/bad/, like the operator bomb.
    """
    import zlib

    stream = zlib.compress(b"q " + b"0 0 m 1 1 l S " * operators + b"Q\n"
                           b"BT /F1 11 Tf 72 720 Td (A page of an archived agreement.) Tj ET\n", 9)
    kids = " ".join(f"{number} 0 R" for number in range(6, 6 + pages))
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Font << /F1 4 0 R >> >>",
        *([b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 5 0 R /Contents 3 0 R >>"] * pages),
    ])


def scanned_copy(pdf: bytes, dpi: int = 200) -> bytes:
    """An image-only copy of ``pdf``, as a scanner makes it: each page rendered by PDFium
    at ``dpi`` and placed as a greyscale picture filling an A4 page; no text layer."""
    import pypdfium2 as pdfium

    out = _fpdf()
    source = pdfium.PdfDocument(pdf)
    try:
        for page in source:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            buf = io.BytesIO()
            image.save(buf, "PNG")
            out.add_page()  # type: ignore[attr-defined]
            out.image(buf, x=0, y=0, w=210, h=297)  # type: ignore[attr-defined]
            page.close()
    finally:
        source.close()
    return bytes(out.output())  # type: ignore[attr-defined]


def zero_page_pdf() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def unmapped_pdf() -> bytes:
    """Text drawn with a CID font that has no ToUnicode map: the glyphs
    cannot be turned into characters (pdfminer prints "(cid:N)")."""
    rows = []
    for i in range(30):
        codes = "".join(f"{36 + (i * 7 + k) % 60:04X}" for k in range(60))
        rows.append(f"BT /F1 10 Tf 50 {760 - 22 * i} Td <{codes}> Tj ET")
    stream = "\n".join(rows).encode()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 500 >>",
        b"<< /Type /FontDescriptor /FontName /Unmapped /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ])


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    return docx_bytes(doc.encode())


def build() -> dict[str, bytes]:
    """Every committed bad file, by name."""
    good_pdf = agreement_pdf()
    good_docx = docx_bytes(document_xml(AGREEMENT))
    text = "\n\n".join(AGREEMENT).replace("Provider's", "Provider\u2019s") + "\n"
    files = {
        "empty.pdf": b"",
        "zero-pages.pdf": zero_page_pdf(),
        "truncated.pdf": good_pdf[: len(good_pdf) // 2],
        "corrupt-zip.docx": b"PK\x03\x04" + random.Random(11).randbytes(1500),
        # 40 MB of zeros deflate to ~40 KB: ratio ~1000:1, over Limits.max_ratio.
        "zip-bomb.docx": docx_bytes(document_xml(AGREEMENT), [("word/media/image1.bin", b"\0" * (40 * 1024 * 1024))]),
        "billion-laughs.docx": billion_laughs(),
        "binary-noise.txt": random.Random(7).randbytes(4096),
        "png-named.pdf": png_bytes(),
        "legacy-word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 120 + "WordDocument".encode("utf-16-le"),
        "encrypted.pdf": agreement_pdf(owner_password="owner-secret", user_password="user-secret"),
        "scanned.pdf": scanned_pdf(),
        "unmapped-glyphs.pdf": unmapped_pdf(),
        "docx-named.pdf": good_docx,
        "pdf-named.docx": good_pdf,
        "cp1252.txt": text.replace("thirty", "thirty\u2013day").encode("cp1252"),
        "utf16-no-bom.txt": text.encode("utf-16-le"),
    }
    assert set(files) == set(EXPECTED), set(files) ^ set(EXPECTED)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if fixtures/bad/ differs from a rebuild")
    args = parser.parse_args(argv)
    files = build()
    stale = [
        n for n, data in files.items()
        if not (OUT / n).is_file() or (n not in LIBRARY_DEPENDENT and (OUT / n).read_bytes() != data)
    ]
    if args.check:
        for n in stale:
            print(f"stale: fixtures/bad/{n}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (OUT / name).write_bytes(data)
    total = sum(len(d) for d in files.values())
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)} ({total:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
