"""The annotated draft opens in LibreOffice with one comment per finding."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "draft-ai-services-agreement.docx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed on this machine")
def test_libreoffice_reads_one_comment_per_finding(tmp_path):
    out = tmp_path / "reviewed.docx"
    result = CliRunner().invoke(main, ["annotate", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    audit = CliRunner().invoke(main, ["audit", "-q", str(SAMPLE), "--format", "json"])
    import json

    open_findings = [f for f in json.loads(audit.stdout)["documents"][0]["findings"] if f["status"] != "covered"]
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / "reviewed.odt").read("content.xml").decode()
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == len(open_findings)
    for f in open_findings:
        assert f["id"] in content
