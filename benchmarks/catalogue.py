#!/usr/bin/env python3
"""Write a back catalogue of agreements, as an archive holds them (not run by pytest).

    .venv/bin/python benchmarks/catalogue.py --n 1000 --seed 7 --out out/catalogue

writes ``OUT/agreements/<id>/...`` and ``OUT/portfolio.yaml``, a manifest
listing every agreement (id, files, counterparty, notes), so the catalogue
can be audited with ``auditor audit --manifest OUT/portfolio.yaml`` or
``auditor audit --bundle-dirs OUT/agreements``. Everything follows from the
seed: the same ``--n`` and ``--seed`` give the same files, byte for byte.

* Agreements are DOCX (python-docx, as ``benchmarks/corpus.py`` writes them)
  or PDF (fpdf2, core Helvetica), half and half, 5 to 60 pages, in the
  typical profile of ``benchmarks/corpus.py`` (a third of the sections data
  commitments, the rest commercial prose);
* about one in eight is a bundle: an MSA with a DPA, and sometimes an order
  form, in the same folder, listed together in the manifest;
* broken files, one each, each in an agreement of its own:
  ``legacy-doc`` (Word 97-2003, written by LibreOffice from a DOCX),
  ``legacy-rtf`` (RTF, likewise), ``scanned`` (an image-only PDF, as a
  scanner gives: not assessable without ``--ocr``), ``zip-bomb`` (a DOCX
  with a 40 MB entry compressed ~1000:1, refused as unsafe) and
  ``exploding`` (a 600 KB PDF whose one page holds twenty million text
  operators: PDFium needs several GB and about a minute for it, so it is
  stopped by the memory cap or the time limit of ``auditor audit``) and
  ``hanging`` (a 50 KB PDF of 1,500 pages that each cost PDFium a third
  of a second at little memory: within every size and memory limit, it is
  stopped only by the time limit).

Without LibreOffice the ``.doc`` is only an OLE header (still reported, as
corrupt or "needs LibreOffice") and the RTF is written by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Python puts a script's folder first on sys.path, where this file would hide the PyPI package
# `catalogue` that spaCy imports: that folder is searched last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE), str(ROOT / "scripts")]

import corpus  # noqa: E402
from make_bad_fixtures import (AGREEMENT, build as bad_fixtures, hanging_pdf, operator_bomb_pdf,  # noqa: E402
                               scanned_copy, zip_bytes)

COUNTERPARTIES = ("Nimbus AI Ltd", "Acme Models Inc", "Halcyon Cloud GmbH", "Tamarack Labs LLC", "Orbit AI SAS",
                  "Quill Analytics Pty Ltd", "Zephyr Systems BV", "Kestrel Intelligence plc")
NOTES = ("", "", "renewal due next year", "pilot terms", "signed copy on file", "vendor paper")
_LATIN1 = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})  # core fonts only
BROKEN = ("legacy-doc", "legacy-rtf", "scanned", "zip-bomb", "exploding", "hanging")
#: Text operators in the exploding PDF: PDFium needs ~350 MB and ~2.5 s per million.
EXPLODING_OPERATORS = 20_000_000


def fixed_zip(path: Path) -> None:
    """Rewrite a ZIP (DOCX) with fixed entry dates, so the same content gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    path.write_bytes(zip_bytes(entries))


def write_docx(path: Path, pages: int, seed: int) -> Path:
    corpus.build_docx(path, pages, seed=seed)
    fixed_zip(path)
    return path


def write_pdf(path: Path, pages: int, seed: int) -> Path:
    """About ``pages`` pages of the typical agreement, with fpdf2 (fixed dates)."""
    import datetime as dt

    from fpdf import FPDF

    rng = random.Random(seed * 1000 + pages)
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_producer("auditor catalogue benchmark")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, "MASTER AI SERVICES AGREEMENT", new_x="LMARGIN", new_y="NEXT")
    section = 0
    while pdf.page_no() < pages:
        section += 1
        topic = corpus._topic(section, "typical")
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, f"{section}. {topic.upper()}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for sub in range(1, rng.randint(3, 6)):
            text = f"{section}.{sub} {corpus._paragraph(rng, rng.randint(2, 5), topic, 'typical')}"
            if rng.random() < 0.15:
                text = f"{text} {corpus._extra(rng, topic, 'typical')}".rstrip()
            pdf.multi_cell(0, 5, text.translate(_LATIN1), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
    pdf.output(str(path))
    return path


def write_document(path_stem: Path, fmt: str, pages: int, seed: int) -> Path:
    return (write_docx if fmt == "docx" else write_pdf)(path_stem.with_suffix(f".{fmt}"), pages, seed)


def _convert(source: Path, fmt: str, out_dir: Path) -> Path | None:
    exe = corpus.soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=600)
    return out_dir / f"{source.stem}.{fmt}"


def write_broken(kind: str, folder: Path, seed: int) -> list[Path]:
    """The one broken file of ``kind`` (see :data:`BROKEN`) in ``folder``."""
    if kind in ("legacy-doc", "legacy-rtf"):
        fmt = kind.split("-")[1]
        with tempfile.TemporaryDirectory() as tmp:
            source = write_docx(Path(tmp) / "agreement.docx", 6, seed)
            converted = _convert(source, fmt, folder)
        if converted is not None:
            return [converted]
        path = folder / f"agreement.{fmt}"
        if fmt == "rtf":
            body = "".join(f"{{\\pard {line}\\par}}\n" for line in AGREEMENT)
            path.write_text("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Helvetica;}}\n" + body + "}\n", encoding="ascii")
        else:
            path.write_bytes(bad_fixtures()["legacy-word.doc"])
        return [path]
    if kind == "scanned":
        with tempfile.TemporaryDirectory() as tmp:
            text = write_pdf(Path(tmp) / "agreement.pdf", 5, seed)
            path = folder / "scanned.pdf"
            path.write_bytes(scanned_copy(text.read_bytes(), dpi=150))
        return [path]
    if kind == "zip-bomb":
        path = folder / "agreement.docx"
        path.write_bytes(bad_fixtures()["zip-bomb.docx"])
        return [path]
    path = folder / "agreement.pdf"
    path.write_bytes(hanging_pdf() if kind == "hanging" else operator_bomb_pdf(EXPLODING_OPERATORS))
    return [path]


def build(out: Path, n: int = 1000, seed: int = 7) -> Path:
    """Write the catalogue of ``n`` agreements under ``out``; returns its manifest."""
    rng = random.Random(seed)
    agreements_dir = out / "agreements"
    if agreements_dir.exists():
        shutil.rmtree(agreements_dir)
    agreements_dir.mkdir(parents=True)
    broken_at = dict(zip(rng.sample(range(n), min(len(BROKEN), n)), BROKEN))
    lines = ["# Back catalogue for benchmarks/catalogue_bench.py (benchmarks/catalogue.py "
             f"--n {n} --seed {seed})", "agreements:"]
    for i in range(n):
        ident = f"agreement-{i + 1:04d}"
        folder = agreements_dir / ident
        folder.mkdir()
        doc_seed = seed * 100_000 + i
        if i in broken_at:
            ident = f"{ident}-{broken_at[i]}"
            folder = folder.rename(agreements_dir / ident)
            files = write_broken(broken_at[i], folder, doc_seed)
        elif rng.random() < 0.125:  # a bundle: MSA + DPA (+ order form)
            pages = rng.randint(5, 40)
            files = [write_document(folder / "msa", rng.choice(("docx", "pdf")), pages, doc_seed),
                     write_document(folder / "dpa", rng.choice(("docx", "pdf")), rng.randint(5, 15), doc_seed + 1)]
            if rng.random() < 0.5:
                files.append(write_document(folder / "order-form", "docx", 5, doc_seed + 2))
        else:
            files = [write_document(folder / "agreement", rng.choice(("docx", "pdf")), rng.randint(5, 60), doc_seed)]
        rel = ", ".join(str(f.relative_to(out)) for f in files)
        lines += [f"  - id: {ident}", f"    files: [{rel}]", f"    counterparty: {rng.choice(COUNTERPARTIES)}"]
        note = rng.choice(NOTES)
        if note:
            lines.append(f"    notes: {note}")
    manifest = out / "portfolio.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="agreements (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "catalogue")
    args = parser.parse_args(argv)
    manifest = build(args.out, args.n, args.seed)
    files = sum(1 for p in (args.out / "agreements").rglob("*") if p.is_file())
    print(f"wrote {args.n} agreements ({files} files) and {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
