"""``annotate --redline``: each suggested remediation as a tracked insertion by "auditor".

The insertion follows the clause the finding rests on (or ends the section
where a missing clause belongs); earlier revisions, numbering and every
original paragraph stay as they were, and the copy opens in python-docx and
LibreOffice with the suggestion as a tracked change.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from auditor.model import COVERED
from auditor.pipeline import audit_path
from auditor.report.annotate_docx import normalise, paragraph_text

from conftest import SAMPLE, cli
from test_review import add_tracked_changes, strip_comments, w

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def strip_suggestions(xml: bytes) -> bytes:
    """The document without comments and without the paragraphs auditor inserted."""
    root = etree.fromstring(strip_comments(xml))
    for ins in list(root.iter(w("ins"))):
        if ins.get(w("author")) == "auditor" and ins.getparent().tag == w("p"):
            p = ins.getparent()
            p.getparent().remove(p)
    return etree.tostring(root, method="c14n")


@pytest.fixture()
def redlined(tmp_path: Path) -> tuple[Path, Path]:
    tracked = tmp_path / "tracked.docx"
    add_tracked_changes(SAMPLE, tracked)
    out = tmp_path / "tracked.reviewed.docx"
    result = cli("annotate", str(tracked), "--redline", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "[suggestion tracked]" in result.output
    return tracked, out


def test_redline_inserts_each_remediation_after_its_clause(redlined: tuple[Path, Path], ruleset) -> None:
    tracked, out = redlined
    report = audit_path(tracked, ruleset)
    open_findings = [f for f in report.findings if f.status != COVERED and f.remediation]
    assert open_findings
    document = docx.Document(str(out))  # python-docx opens it
    assert len(list(document.comments)) == len(open_findings)
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    ours = [ins for ins in root.iter(w("ins")) if ins.get(w("author")) == "auditor" and ins.getparent().tag == w("p")]
    assert len(ours) == len(open_findings)
    for finding in open_findings:
        ins = next(i for i in ours if f"({finding.id})" in "".join(i.itertext()))
        p = ins.getparent()
        assert normalise(finding.remediation) in normalise(paragraph_text(p))
        # The paragraph mark is tracked as inserted too, so rejecting the change removes the whole paragraph.
        assert p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}").get(w("author")) == "auditor"
        assert p.find(f"{w('pPr')}/{w('numPr')}") is None  # no clause is renumbered
        if finding.status != "missing":
            before = p.getprevious()
            while before is not None and before.tag == w("p") and before.find(f".//{w('ins')}[@{w('author')}='auditor']") is not None:
                before = before.getprevious()
            assert normalise(finding.evidence[0].text) in normalise(paragraph_text(before)), finding.id
    ids = [el.get(w("id")) for el in root.iter(w("ins"), w("del"))]
    assert len(ids) == len(set(ids)), "revision ids stay unique"


def test_redline_keeps_earlier_revisions_numbering_and_parts(redlined: tuple[Path, Path]) -> None:
    tracked, out = redlined
    with zipfile.ZipFile(tracked) as a, zipfile.ZipFile(out) as b:
        changed = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in a.namelist():
            if name not in changed:
                assert a.read(name) == b.read(name), name
        new_doc = b.read("word/document.xml").decode()
        assert 'w:author="Bob"' in new_doc and 'w:author="Alice"' in new_doc and "(old text)" in new_doc
        assert 'w:id="9001"' in new_doc and 'w:id="9002"' in new_doc
        assert strip_suggestions(a.read("word/document.xml")) == strip_suggestions(b.read("word/document.xml"))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed on this machine")
def test_libreoffice_shows_the_suggestion_as_a_tracked_change(redlined: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = redlined
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / "tracked.reviewed.odt").read("content.xml").decode()
    changes = content.split("<text:tracked-changes", 1)[1].split("</text:tracked-changes>", 1)[0]
    insertions = [c for c in changes.split("<text:changed-region")[1:] if "<text:insertion>" in c]
    assert any("<dc:creator>auditor</dc:creator>" in c for c in insertions)
    assert "<dc:creator>Bob</dc:creator>" in changes and "<dc:creator>Alice</dc:creator>" in changes
    assert "Suggested by auditor" in content
