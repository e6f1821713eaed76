"""The bad-input corpus (fixtures/bad/, built by scripts/make_bad_fixtures.py)
through the real command line: every broken file is reported, never crashes
the run, and never stops the other files from being audited."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor.cli import main
from auditor.ingest import Limits, load_document
from auditor.model import GAPS, NOT_ASSESSABLE, IngestError

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
GOOD = ROOT / "fixtures" / "corpus" / "us-msa-nimbus.txt"
sys.path.insert(0, str(ROOT / "scripts"))

from make_bad_fixtures import EXPECTED, LIBRARY_DEPENDENT, build  # noqa: E402

BROKEN = sorted(n for n, code in EXPECTED.items() if code != "audits")
READABLE = sorted(n for n, code in EXPECTED.items() if code == "audits")


def audit(*args: str) -> Result:
    return CliRunner().invoke(main, ["audit", "-q", "--format", "json", *args], catch_exceptions=False)


def documents(result: Result) -> dict[str, dict]:
    return {d["path"]: d for d in json.loads(result.stdout)["documents"]}


def test_committed_corpus_is_current_and_small() -> None:
    built = build()
    assert built == build()  # deterministic
    assert sorted(p.name for p in BAD.iterdir()) == sorted(built)
    for name, data in built.items():
        if name not in LIBRARY_DEPENDENT:
            assert (BAD / name).read_bytes() == data, f"{name} is stale: run scripts/make_bad_fixtures.py"
    committed = {p.name: p.stat().st_size for p in BAD.iterdir()}
    assert sum(committed.values()) < 200_000 and committed["zip-bomb.docx"] < 100_000


@pytest.mark.parametrize("name", BROKEN)
def test_broken_file_exits_2_with_one_line_reason(name: str) -> None:
    path = str(BAD / name)
    result = audit(path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and path in lines[0] and f"[{EXPECTED[name]}]" in lines[0]
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    doc = documents(result)[path]
    assert doc["verdict"] == NOT_ASSESSABLE
    assert [e["code"] for e in doc["errors"]] == [EXPECTED[name]]
    assert doc["errors"][0]["message"] in lines[0]


@pytest.mark.parametrize("name", READABLE)
def test_mislabelled_or_oddly_encoded_file_is_audited_with_a_warning(name: str) -> None:
    path = str(BAD / name)
    result = audit(path)
    assert result.exit_code in (0, 1), result.output
    doc = documents(result)[path]
    assert doc["verdict"] != NOT_ASSESSABLE and doc["errors"] == []
    assert doc["warnings"], "a mislabelled or non-UTF-8 file must carry a warning"
    assert result.stderr == ""


def test_mixed_run_still_audits_the_good_file() -> None:
    paths = [str(BAD / n) for n in BROKEN] + [str(GOOD)]
    result = audit(*paths)
    assert result.exit_code == 2
    docs = documents(result)
    assert docs[str(GOOD)]["verdict"] == GAPS
    assert all(docs[str(BAD / n)]["verdict"] == NOT_ASSESSABLE for n in BROKEN)
    assert len(result.stderr.splitlines()) == len(BROKEN)
    assert "Traceback" not in result.stderr


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which ignores ``chmod 000``. The ingest-level cases
    use things root cannot read as files either: a directory named x.pdf
    and a FIFO named pipe.pdf. Through the CLI, a permission error is
    simulated on open(). (A FIFO given to ``auditor audit`` blocks in
    auditor/pipeline.py, which reads the file to hash it after the ingest
    error, so the CLI case does not use one.)"""
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    with pytest.raises(IngestError) as info:
        load_document(folder)
    assert info.value.code == "unreadable"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.pdf"
        os.mkfifo(fifo)
        with pytest.raises(IngestError) as info:
            load_document(fifo)
        assert info.value.code == "unreadable"

    import auditor.ingest as ingest

    locked = tmp_path / "locked.pdf"
    locked.write_bytes((BAD / "pdf-named.docx").read_bytes())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    # In this process (one job, no limits), where the patch applies: the tests run as root.
    result = audit("--jobs", "1", "--timeout-s", "0", "--max-memory-mb", "0", str(locked))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {locked}: permission denied: {locked} [unreadable]"]
    assert documents(result)[str(locked)]["verdict"] == NOT_ASSESSABLE


# --------------------------------------------------------------------------- 1,000 pages


@pytest.fixture(scope="module")
def thousand_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(1, 1001):
        pdf.add_page()
        pdf.set_y(90)  # below the running-header zone
        pdf.multi_cell(0, 6, f"{n}. The Supplier shall delete batch job outputs within {n % 90 + 1} days "
                             f"of completion, and shall keep audit logs of job {n} for twelve months.")
    path = tmp_path_factory.mktemp("big") / "thousand.pdf"
    pdf.output(str(path))
    return path


def test_thousand_page_pdf_refused_by_page_limit(thousand_pages: Path) -> None:
    from auditor.pipeline import audit_path
    from auditor.rules import load_ruleset

    started = time.perf_counter()
    report = audit_path(thousand_pages, load_ruleset(), limits=Limits(max_pages=500))
    assert report.verdict == NOT_ASSESSABLE
    assert report.errors[0]["code"] == "too_large" and "1,000 pages" in report.errors[0]["message"]
    assert time.perf_counter() - started < 5  # refused before any page is read


def test_thousand_page_pdf_audited_in_bounded_time_and_memory(thousand_pages: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "audit", "-q", "--format", "json", str(thousand_pages)],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)["documents"][0]
    assert doc["pages"] == 1000 and doc["verdict"] != NOT_ASSESSABLE
    assert elapsed < 120, f"1,000 pages took {elapsed:.0f} s"
    if peak_kb > before:  # the child set a new high-water mark: it is the child's peak
        assert peak_kb < 1_000_000, f"peak RSS {peak_kb / 1024:.0f} MB"
