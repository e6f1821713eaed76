"""``--cluster``: the same audit on a Dask ``LocalCluster`` of two worker processes.

Skipped when Dask distributed (``auditor[cluster]``) is not installed, unless
``CI`` is set: ``make test`` installs it, so CI always runs these.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cli

if os.environ.get("CI"):
    import distributed  # noqa: F401  - CI must run these tests
else:
    distributed = pytest.importorskip("distributed")

sys.path.insert(0, str(ROOT / "scripts"))

from make_bad_fixtures import hanging_pdf  # noqa: E402

CORPUS = ROOT / "fixtures" / "corpus"
BAD = ROOT / "fixtures" / "bad"


@pytest.fixture(scope="module")
def scheduler() -> str:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve agreements: plain files, two bundles, a manifest, a hostile and a broken file."""
    root = tmp_path_factory.mktemp("catalogue")
    names = sorted(p.name for p in CORPUS.iterdir() if p.is_file())[:8]
    for name in names:
        shutil.copy(CORPUS / name, root / name)
    # Minutes of PDFium work at little memory: stopped by the three-second limit however fast the machine.
    (root / "exploding.pdf").write_bytes(hanging_pdf())
    shutil.copy(BAD / "zip-bomb.docx", root / "zip-bomb.docx")
    (root / "portfolio.yaml").write_text(
        "agreements:\n"
        + "".join(f"  - id: agreement-{i}\n    files: [{name}]\n" for i, name in enumerate(names[:4]))
        + f"  - id: bundle\n    files: [{names[4]}, {names[5]}]\n    counterparty: Acme AI Ltd\n"
        + "  - id: exploding\n    files: [exploding.pdf]\n"
        + "  - id: bomb\n    files: [zip-bomb.docx]\n"
        + "  - id: missing\n    files: [nowhere.docx]\n", encoding="utf-8")
    return root


def test_cluster_output_equals_one_job(scheduler: str, catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalogue)  # relative paths, read by the workers from the same folder
    common = ("audit", "-q", "--format", "json", "--timeout-s", "3", "--manifest", "portfolio.yaml")
    one = cli(*common, "--jobs", "1")
    on_cluster = cli(*common, "--cluster", scheduler)
    assert on_cluster.exit_code == one.exit_code == 2, on_cluster.output
    assert on_cluster.stdout == one.stdout
    docs = {d["agreement"]["id"]: d for d in json.loads(on_cluster.stdout)["documents"]}
    assert list(docs) == ["agreement-0", "agreement-1", "agreement-2", "agreement-3", "bundle", "exploding", "bomb",
                          "missing"]
    assert docs["bundle"]["agreement"]["counterparty"] == "Acme AI Ltd" and len(docs["bundle"]["parts"]) == 2
    assert docs["exploding"]["errors"][0]["code"] == "timeout"
    assert docs["bomb"]["errors"][0]["code"] == "unsafe"
    assert docs["missing"]["errors"][0]["code"] == "not_found"
    assert all(docs[f"agreement-{i}"]["verdict"] != "not_assessable" for i in range(4))


def test_cluster_md_report_equals_one_job(scheduler: str, catalogue: Path) -> None:
    files = sorted(str(p) for p in catalogue.glob("*.txt")) + sorted(str(p) for p in catalogue.glob("*.docx"))
    one = cli("audit", "-q", "--no-timestamp", "--format", "md", "--jobs", "1", *files)
    on_cluster = cli("audit", "-q", "--no-timestamp", "--format", "md", "--cluster", scheduler, *files)
    assert on_cluster.stdout == one.stdout and on_cluster.exit_code == one.exit_code


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = cli("audit", "--cluster", "tcp://127.0.0.1:9", CORPUS / "dpa-aurora.txt")
    assert result.exit_code == 2
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output
    result = cli("audit", "--cluster", "127.0.0.1", CORPUS / "dpa-aurora.txt")
    assert result.exit_code == 2 and result.stderr.startswith("error: --cluster takes a Dask scheduler's address")
