"""What archives hold: .doc, .rtf and .odt through LibreOffice, scanned PDFs through real
tesseract, folder walks that say what they leave out, --exclude.

The LibreOffice and tesseract tests skip on a machine without the program,
unless ``CI`` is set: then they fail, so CI cannot pass without running them
(``.ci/run`` installs both where missing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.ingest import load_document
from auditor.model import IngestError
from auditor.walk import find_documents

from conftest import ROOT, cli
from test_cli import COVERED_ALL

sys.path.insert(0, str(ROOT / "scripts"))

from make_bad_fixtures import scanned_copy  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# Every commitment covered but retention, where zero data retention is carved out for batch.
AGREEMENT = COVERED_ALL.replace("thirty (30) days.", "thirty (30) days. Zero data retention is not available "
                                "for batch requests.")
EXPECTED_TOPICS = {"data_protection": "covered", "residency": "covered", "retention": "excluded",
                   "training_exclusion": "covered", "deletion": "covered", "audit": "covered"}


def need(program: str | None, what: str) -> None:
    if program is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not installed, and CI is set: these tests must run in CI")
        pytest.skip(f"{what} is not installed")


def docx_of(text: str, path: Path) -> Path:
    import docx

    doc = docx.Document()
    for para in text.split("\n\n"):
        doc.add_paragraph(para.strip())
    doc.save(str(path))
    return path


def text_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in text.split("\n\n"):
        pdf.multi_cell(0, 6, para.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The agreement as DOCX, and as .doc, .rtf and .odt written by LibreOffice from it."""
    need(SOFFICE, "LibreOffice")
    folder = tmp_path_factory.mktemp("formats")
    source = docx_of(AGREEMENT, folder / "agreement.docx")
    out = {"docx": source}
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", fmt,
                        "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
        out[fmt] = folder / f"agreement.{fmt}"
    return out


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_older_formats_read_through_libreoffice_like_the_docx(converted: dict[str, Path], fmt: str) -> None:
    original = load_document(converted["docx"])
    doc = load_document(converted[fmt])
    assert doc.format == fmt
    assert [b.text for b in doc.blocks] == [b.text for b in original.blocks]
    assert doc.warnings[0].endswith("converted to DOCX with LibreOffice before reading")
    result = cli("audit", "-q", "--format", "json", converted[fmt])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["documents"][0]["topics"] == EXPECTED_TOPICS


def test_without_libreoffice_they_are_not_assessable_never_skipped(converted: dict[str, Path], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for fmt in ("doc", "rtf", "odt"):
        shutil.copy(converted[fmt], tmp_path / f"agreement.{fmt}")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # reaches the worker processes too
    result = cli("audit", "--format", "json", tmp_path)
    assert result.exit_code == 2
    docs = json.loads(result.stdout)["documents"]
    assert sorted(Path(d["path"]).name for d in docs) == ["agreement.doc", "agreement.odt", "agreement.rtf"]
    for d in docs:
        assert d["verdict"] == "not_assessable"
        assert d["errors"][0]["code"] == "needs_libreoffice"
        assert d["errors"][0]["message"].startswith("needs LibreOffice")
    assert "[3/3]" in result.stderr and "needs LibreOffice" in result.stderr


def test_a_file_that_only_looks_like_a_doc_is_corrupt(tmp_path: Path) -> None:
    need(SOFFICE, "LibreOffice")
    fake = tmp_path / "fake.doc"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(IngestError) as info:
        load_document(fake)
    assert info.value.code == "corrupt" and "LibreOffice could not convert" in info.value.message


def test_ocr_with_real_tesseract_gives_the_text_pdfs_verdict(tmp_path: Path) -> None:
    need(shutil.which("tesseract"), "tesseract (Debian's tesseract-ocr)")
    need(shutil.which("pdftoppm"), "pdftoppm (Debian's poppler-utils)")
    text = tmp_path / "text.pdf"
    text.write_bytes(text_pdf(AGREEMENT))
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_copy(text.read_bytes(), dpi=300))
    with pytest.raises(IngestError) as info:
        load_document(scan)
    assert info.value.code == "no_text"  # an image only: nothing to read without OCR

    plain = json.loads(cli("audit", "-q", "--format", "json", text).stdout)["documents"][0]
    result = cli("audit", "-q", "--format", "json", "--ocr", scan)
    assert result.exit_code == 1, result.output
    ocr = json.loads(result.stdout)["documents"][0]
    assert plain["topics"] == EXPECTED_TOPICS
    assert (ocr["verdict"], ocr["topics"]) == (plain["verdict"], plain["topics"])
    assert ocr["warnings"] == ["page 1 has no text layer; its text was read by OCR (check it)"]
    retention = next(f for f in ocr["findings"] if f["topic"] == "retention")
    assert any("Zero data retention is not available for batch" in e["text"] for e in retention["evidence"])


# --------------------------------------------------------------------------- folder walks


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A folder as archives hold them: documents, and files that are not agreements."""
    root = tmp_path / "archive"
    for rel in ("acme/msa.docx", "acme/dpa.pdf", "acme/old/msa-v1.docx", "nimbus/terms.txt", "nimbus/scan.tiff",
                "nimbus/~$terms.docx", "nimbus/.DS_Store", "nimbus/terms.reviewed.docx", "notes.xlsx",
                ".git/config", "_drafts/x.txt", "legacy/contract.doc", "legacy/contract.rtf", "legacy/c.odt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    return root


def test_a_folder_walk_reads_every_document_and_says_why_it_left_others_out(archive: Path) -> None:
    found = find_documents([str(archive)])
    rel = [os.path.relpath(f, archive) for f in found.files]
    assert rel == ["acme/dpa.pdf", "acme/msa.docx", "acme/old/msa-v1.docx", "legacy/c.odt", "legacy/contract.doc",
                   "legacy/contract.rtf", "nimbus/terms.txt"]
    reasons = {os.path.relpath(s.path, archive): s.reason for s in found.skipped}
    assert reasons == {
        ".git": "hidden folder",
        "_drafts": "folder name starts with '_'",
        "notes.xlsx": "not a document format auditor reads (.xlsx)",
        "nimbus/.DS_Store": "hidden file",
        "nimbus/scan.tiff": "not a document format auditor reads (.tiff)",
        "nimbus/terms.reviewed.docx": "reviewed copy written by auditor annotate",
        "nimbus/~$terms.docx": "Word lock file",
    }


def test_exclude_globs_match_paths_below_the_folder_and_names(archive: Path) -> None:
    found = find_documents([str(archive)], exclude=("acme/old", "*.rtf", "legacy/c.*"))
    rel = [os.path.relpath(f, archive) for f in found.files]
    assert rel == ["acme/dpa.pdf", "acme/msa.docx", "legacy/contract.doc", "nimbus/terms.txt"]
    excluded = sorted(os.path.relpath(s.path, archive) for s in found.skipped if s.excluded)
    assert excluded == ["acme/old", "legacy/c.odt", "legacy/contract.rtf"]


def test_audit_lists_skipped_files_and_counts_excluded_ones(archive: Path) -> None:
    for name in ("msa.docx", "dpa.pdf", "old/msa-v1.docx"):
        (archive / "acme" / name).unlink()
    shutil.rmtree(archive / "legacy")
    (archive / "acme" / "msa.txt").write_text(AGREEMENT)
    result = cli("audit", "-q", "--format", "json", "--exclude", "nimbus", archive)
    assert result.exit_code == 1, result.output
    assert [Path(d["path"]).name for d in json.loads(result.stdout)["documents"]] == ["msa.txt"]
    lines = result.stderr.splitlines()
    assert f"skipped: {archive / 'notes.xlsx'}: not a document format auditor reads (.xlsx)" in lines
    assert f"skipped: {archive / '.git'}{os.sep}: hidden folder" in lines
    assert "1 file or folder left out by --exclude" in lines
