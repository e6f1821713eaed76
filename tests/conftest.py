from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.rules import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "draft-ai-services-agreement.docx"
EPOCH = "1742515200"  # 2025-03-21


@pytest.fixture(scope="session")
def ruleset():
    return load_ruleset()


def cli(*args: object, input: str | None = None):
    """Run ``auditor`` in-process with a fixed clock (SOURCE_DATE_EPOCH)."""
    from auditor.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], input=input, env={"SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    """A copy of the sample draft in tmp_path, named draft.docx."""
    target = tmp_path / "draft.docx"
    shutil.copy(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def report(ruleset):
    """The audit of the sample draft."""
    from auditor.pipeline import audit_path

    return audit_path(SAMPLE, ruleset)


@pytest.fixture(scope="session")
def open_ids(report) -> list[str]:
    """The sample draft's open findings (at least three), in report order."""
    ids = [f.id for f in report.findings if f.status != "covered"]
    assert len(ids) >= 3, "the sample draft is expected to have at least three open findings"
    return ids
