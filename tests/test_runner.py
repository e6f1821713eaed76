"""Audits on every core: the same output as one job, each document within its limits.

A hostile PDF (:func:`make_bad_fixtures.operator_bomb_pdf`: a few dozen KB
whose one page holds two million text operators) costs PDFium seconds and
hundreds of MB; it stands for the file that hangs or explodes a reader.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from auditor.catalogue import from_paths
from auditor.cli.progress import Progress
from auditor.runner import LocalPool, RunLimits, plan, run_jobs

from conftest import ROOT, cli

sys.path.insert(0, str(ROOT / "scripts"))

from make_bad_fixtures import operator_bomb_pdf  # noqa: E402

CORPUS = ROOT / "fixtures" / "corpus"
BAD = ROOT / "fixtures" / "bad"
IN_PROCESS = ("--jobs", "1", "--timeout-s", "0", "--max-memory-mb", "0")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Agreements in every format, with broken files among them."""
    folder = tmp_path_factory.mktemp("mixed")
    for f in sorted(CORPUS.iterdir()):
        if f.is_file():
            shutil.copy(f, folder / f.name)
    for name in ("zip-bomb.docx", "encrypted.pdf", "truncated.pdf", "scanned.pdf"):
        shutil.copy(BAD / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "exploding.pdf"
    path.write_bytes(operator_bomb_pdf(2_000_000))
    return path


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_two_jobs_give_byte_identical_output_in_the_same_order(mixed: Path, fmt: str) -> None:
    one = cli("audit", "-q", "--no-timestamp", "--format", fmt, *IN_PROCESS, mixed)
    one_limited = cli("audit", "-q", "--no-timestamp", "--format", fmt, "--jobs", "1", mixed)
    two = cli("audit", "-q", "--no-timestamp", "--format", fmt, "--jobs", "2", mixed)
    assert one.exit_code == one_limited.exit_code == two.exit_code == 2  # the broken files
    assert one.stdout == one_limited.stdout == two.stdout
    if fmt == "json":
        docs = json.loads(two.stdout)["documents"]
        assert [Path(d["path"]).name for d in docs] == sorted(p.name for p in mixed.iterdir())
        verdicts = {Path(d["path"]).name: d["verdict"] for d in docs}
        assert verdicts["zip-bomb.docx"] == verdicts["encrypted.pdf"] == "not_assessable"
        assert sum(v != "not_assessable" for v in verdicts.values()) == 36


def test_eval_with_two_jobs_prints_what_one_job_prints() -> None:
    one = cli("eval", "-q", *IN_PROCESS, ROOT / "fixtures" / "holdout")
    two = cli("eval", "-q", "--jobs", "2", ROOT / "fixtures" / "holdout")
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout and "accuracy: 100.0%" in two.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_limit_is_stopped_and_the_others_go_on(bomb: Path, jobs: str) -> None:
    good = CORPUS / "us-msa-nimbus.txt"
    result = cli("audit", "--format", "json", "--jobs", jobs, "--timeout-s", "1.5", good, bomb, CORPUS / "dpa-aurora.txt")
    assert result.exit_code == 2, result.output
    docs = json.loads(result.stdout)["documents"]
    assert [Path(d["path"]).name for d in docs] == ["us-msa-nimbus.txt", "exploding.pdf", "dpa-aurora.txt"]
    assert docs[0]["verdict"] == docs[2]["verdict"] == "gaps_found"
    assert docs[1]["verdict"] == "not_assessable" and docs[1]["topics"] == {}
    assert docs[1]["errors"] == [{"code": "timeout", "message": "reading it took longer than 1.5 s; stopped "
                                                                "(the limit is --timeout-s)"}]
    assert f"error: {bomb}: reading it took longer than 1.5 s" in result.stderr
    assert "Traceback" not in result.output


def test_a_file_over_its_memory_cap_is_stopped_and_the_worker_replaced(bomb: Path) -> None:
    good = CORPUS / "us-msa-nimbus.txt"
    agreements = from_paths([str(bomb), str(good), str(bomb), str(good)]).agreements
    from auditor.rules import load_ruleset

    jobs = plan(agreements, load_ruleset(), None, {})
    with LocalPool(1, RunLimits(timeout_s=60, max_memory_mb=700)) as pool:
        outcomes = run_jobs(jobs, pool=pool)
        started = pool.processes_started
    reports = [o.report for o in outcomes]
    assert [r.verdict for r in reports] == ["not_assessable", "gaps_found", "not_assessable", "gaps_found"]
    for r in (reports[0], reports[2]):
        code, message = r.errors[0]["code"], r.errors[0]["message"]
        assert (code, "700 MB" in message) in {("worker_died", True), ("out_of_memory", False)}, r.errors
    assert started >= 3  # each explosion cost its worker; the next agreement got a fresh one
    assert reports[1].to_dict() == reports[3].to_dict()


def test_limits_hold_with_one_job(bomb: Path) -> None:
    """One job with limits still reads in a child process: the file cannot take the run down."""
    result = cli("audit", "-q", "--format", "json", "--jobs", "1", "--max-memory-mb", "700", bomb,
                 CORPUS / "dpa-aurora.txt")
    docs = json.loads(result.stdout)["documents"]
    assert [d["verdict"] for d in docs] == ["not_assessable", "gaps_found"]
    assert docs[0]["errors"][0]["code"] in ("worker_died", "out_of_memory")


def test_a_cap_too_low_for_a_worker_to_start_is_a_clear_error() -> None:
    result = cli("audit", "--max-memory-mb", "64", CORPUS / "dpa-aurora.txt")
    assert result.exit_code == 2
    assert "error: a worker needs" in result.stderr and "more than the limit of 64 MB" in result.stderr
    assert "Traceback" not in result.output


def test_progress_lines_off_a_terminal_and_none_with_quiet(mixed: Path) -> None:
    files = [CORPUS / "us-msa-nimbus.txt", CORPUS / "dpa-aurora.txt", BAD / "encrypted.pdf"]
    result = cli("audit", "--jobs", "2", "--format", "json", *files)
    lines = result.stderr.splitlines()
    progress = [line.split("] ", 1) for line in lines if line.startswith("[")]
    assert [n for n, _ in progress] == ["[1/3", "[2/3", "[3/3"]  # counted as they finish, in any order
    assert sorted(label for _, label in progress) == sorted(str(f) for f in files)
    assert any(line.startswith(f"error: {BAD / 'encrypted.pdf'}: ") for line in lines)
    assert lines[-1].startswith("3 documents: 2 with gaps, 1 not assessable")
    quiet = cli("audit", "-q", "--jobs", "2", "--format", "json", *files)
    assert quiet.stderr.splitlines() == [line for line in lines if line.startswith("error:")]


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import auditor.cli.progress as progress

    monkeypatch.setattr(progress, "_stderr_is_terminal", lambda: True)
    with Progress(2) as bar:
        assert bar._bar is not None  # rich's bar, not lines
        bar.advance("a.docx")
        bar.message("error: b.pdf: damaged [corrupt]")
        bar.advance("b.pdf")
    err = capsys.readouterr().err
    assert "error: b.pdf: damaged [corrupt]" in err and "[1/2]" not in err
