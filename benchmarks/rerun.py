#!/usr/bin/env python3
"""Re-run measurement: ``auditor audit --db`` run twice, the second time with nothing changed.

    .venv/bin/python benchmarks/rerun.py                    # a generated catalogue of 12 agreements
    .venv/bin/python benchmarks/rerun.py --agreements 40    # a larger one
    .venv/bin/python benchmarks/rerun.py --paths DIR [--audit-args "--jobs 2"]   # an existing catalogue

Each run is a whole ``python -m auditor audit PATHS --db REGISTER --format
json -o OUT -q`` in a fresh process, timed from start to exit, so the re-run
includes everything a user waits for: start-up (interpreter, imports, rules),
hashing every file, reading every stored result back, and writing the
report. The share is the re-run's time over the first run's (the target is at
most 5% on a back catalogue); the two reports must be byte-identical.

:func:`measure_rerun` is what other benchmarks call (the catalogue
benchmark passes its own catalogue and ``--jobs``); it returns a
:class:`RerunResult`. Generated agreements are the typical ones of
:mod:`corpus`: DOCX of 5 to 60 pages, every other one printed to PDF
(LibreOffice, else fpdf2).
"""

from __future__ import annotations

import argparse
import random
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


@dataclass(frozen=True)
class RerunResult:
    """A first run and a re-run with nothing changed."""

    agreements: int
    first_s: float
    rerun_s: float
    identical: bool  # the two reports are byte-identical

    @property
    def share(self) -> float:
        """The re-run's time as a share of the first run's."""
        return self.rerun_s / self.first_s if self.first_s else float("nan")

    def markdown(self, target: float = 0.05) -> str:
        met = "yes" if self.share <= target else "no"
        return ("| agreements | first run | re-run, nothing changed | share | target | met | output identical |\n"
                "|---|---|---|---|---|---|---|\n"
                f"| {self.agreements} | {self.first_s:.2f} s | {self.rerun_s:.2f} s | {self.share:.1%} | "
                f"<= {target:.0%} | {met} | {'yes' if self.identical else 'NO'} |\n")


def _timed_audit(paths: list[str], register: Path, out: Path, audit_args: list[str], cwd: Path) -> float:
    command = [sys.executable, "-m", "auditor", "audit", *paths, "--db", str(register), "--format", "json",
               "-o", str(out), "-q", *audit_args]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1, 2) or not out.exists():
        raise RuntimeError(f"audit failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def measure_rerun(paths: list[str], audit_args: list[str] | None = None, cwd: str | Path | None = None,
                  workdir: str | Path | None = None) -> RerunResult:
    """Audit ``paths`` into a new register, then again with nothing changed; time both.

    ``cwd`` is where ``auditor`` runs (the run root); ``workdir`` receives
    the register and the two reports (a temporary folder by default).
    """
    args = list(audit_args or [])
    root = Path(cwd or ".").resolve()
    with tempfile.TemporaryDirectory(prefix="auditor-rerun-") as tmp:
        work = Path(workdir) if workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        register = work / "register.sqlite"
        if register.exists():
            register.unlink()
        first = _timed_audit(paths, register, work / "first.json", args, root)
        rerun = _timed_audit(paths, register, work / "rerun.json", args, root)
        identical = (work / "first.json").read_bytes() == (work / "rerun.json").read_bytes()
        import json

        count = len(json.loads((work / "first.json").read_text())["documents"])
    return RerunResult(count, first, rerun, identical)


def generate(folder: Path, agreements: int, seed: int = 11) -> Path:
    """A catalogue of ``agreements`` typical agreements (5 to 60 pages), half of them as PDF."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    have_soffice = corpus.soffice() is not None
    for n in range(agreements):
        pages = rng.randint(5, 60)
        docx = folder / f"agreement-{n:04d}.docx"
        corpus.build_docx(docx, pages, seed=seed + n)
        if n % 2:
            if have_soffice:
                corpus.to_pdf(docx, folder)
            else:
                corpus.fpdf_pdf(folder / f"agreement-{n:04d}.pdf", pages, seed=seed + n)
            docx.unlink()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paths", nargs="*", help="Audit these files or folders instead of a generated catalogue.")
    parser.add_argument("--agreements", type=int, default=12, help="Size of the generated catalogue.")
    parser.add_argument("--audit-args", default="", help="Further arguments for `auditor audit` (e.g. \"--jobs 2\").")
    options = parser.parse_args()
    args = shlex.split(options.audit_args)
    if options.paths:
        result = measure_rerun(options.paths, args)
    else:
        with tempfile.TemporaryDirectory(prefix="auditor-catalogue-") as tmp:
            generate(Path(tmp) / "catalogue", options.agreements)
            result = measure_rerun(["catalogue"], args, cwd=tmp)
    sys.stdout.write(result.markdown())


if __name__ == "__main__":
    main()
