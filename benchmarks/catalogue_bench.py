#!/usr/bin/env python3
"""Back-catalogue throughput: agreements per minute on one core, two cores and a Dask cluster.

    .venv/bin/python benchmarks/catalogue_bench.py --n 1000          # writes benchmarks/catalogue-results.md
    .venv/bin/python benchmarks/catalogue_bench.py --n 30 --md out/catalogue-30.md

Writes the catalogue with ``benchmarks/catalogue.py`` (or reuses it with
``--reuse``), then audits every agreement of its manifest three times, with
2,048 MB per worker (the default) and ``--timeout-s`` seconds per document
(30 by default: ten times what the longest good agreement takes; the
catalogue's hanging file needs minutes, and at the default 300 s it would
hold one worker for the length of a whole run):

* ``--jobs 1``: one sandboxed worker process;
* ``--jobs 2``: two;
* a Dask ``LocalCluster`` of two worker processes (one thread each), through
  the same path as ``auditor audit --cluster``.

Each run goes through :func:`auditor.runner.run_jobs`, the call behind
``auditor audit --manifest``, and its JSON report is compared byte for byte
with the ``--jobs 1`` report. For each run: wall time, agreements per minute,
the speed-up over ``--jobs 1``, the peak resident memory of each worker
process that audited (``ru_maxrss``), and what became of the broken files.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This folder's catalogue.py would hide the PyPI package `catalogue` that spaCy imports: it is
# loaded by its path under another name, and the folder is searched last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
_spec = importlib.util.spec_from_file_location("catalogue_generator", HERE / "catalogue.py")
catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogue)


@dataclass
class Measured:
    name: str
    seconds: float
    output: str
    workers: dict[str, float] = field(default_factory=dict)  # worker -> peak RSS MB
    reports: list = field(default_factory=list)


def measure(name: str, jobs: list, run) -> Measured:
    """Run ``jobs`` with ``run(jobs) -> outcomes``; time it and render its JSON report."""
    from auditor.cli.common import audit_run
    from auditor.report import render
    from auditor.runner.jobs import ruleset_for

    start = time.perf_counter()
    outcomes = run(jobs)
    seconds = time.perf_counter() - start
    workers: dict[str, float] = {}  # a worker stopped at its limit reports nothing: 0
    for o in outcomes:
        if o.worker:
            workers[o.worker] = max(workers.get(o.worker, 0.0), o.peak_rss_mb)
    reports = [o.report for o in outcomes]
    output = render(audit_run(ruleset_for(None), reports), "json")
    return Measured(name, seconds, output, workers, reports)


def local_cluster_run(limits):
    """A ``run(jobs)`` on a fresh Dask LocalCluster of two worker processes."""
    from distributed import LocalCluster

    from auditor.runner import run_jobs

    def run(jobs):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster:
            return run_jobs(jobs, limits=limits, cluster=cluster.scheduler_address)

    return run


def rerun_rows(manifest: Path, first: Measured, timeout_s: float) -> list[str]:
    """The register (``auditor audit --manifest ... --db``): a first run into a new register,
    then a re-run with nothing changed, timed as whole commands (start-up included), with the
    re-run's time as a share of the first's."""
    from rerun import measure_rerun  # benchmarks/rerun.py

    got = measure_rerun(["--manifest", manifest.name], ["--jobs", "2", "--timeout-s", f"{timeout_s:g}"],
                        cwd=manifest.parent)
    return ["", "Register, `--jobs 2` (`auditor audit --manifest ... --db`, whole commands):", "",
            got.markdown().rstrip("\n")]


def render_table(n: int, seed: int, runs: list[Measured], broken: list[tuple[str, str, str]], extra: list[str],
                 manifest: Path, timeout_s: float) -> str:
    base = runs[0]
    lines = [
        f"# Back catalogue: {n} agreements",
        "",
        f"`benchmarks/catalogue_bench.py --n {n} --seed {seed} --timeout-s {timeout_s:g}` on {os.cpu_count()} "
        f"cores, Python {platform.python_version()}; manifest `{manifest.name}` (DOCX and PDF, 5 to 60 pages, "
        f"bundles, broken files); limits {timeout_s:g} s per document (`--timeout-s`), 2,048 MB per worker "
        "(the default).",
        "",
        "| run | wall | agreements/min | speed-up | peak RSS per worker | output as `--jobs 1` |",
        "|---|---|---|---|---|---|",
    ]
    for m in runs:
        known = sorted((v for v in m.workers.values() if v), reverse=True)
        peaks = ", ".join(f"{v:,.0f} MB" for v in known[:4]) + (f" (+{len(known) - 4} more)" if len(known) > 4 else "")
        stopped = len(m.workers) - len(known)
        more = f"; {stopped} stopped at a limit" if stopped else ""
        lines.append(f"| {m.name} | {m.seconds:,.1f} s | {n / m.seconds * 60:,.1f} | "
                     f"{base.seconds / m.seconds:.2f}x | {peaks}{more} | "
                     f"{'identical' if m.output == base.output else 'DIFFERS'} |")
    lines += extra
    lines += ["", "Peak RSS is per worker process; a worker stopped at its limit (its peak unknown) is replaced "
              "by a new one.", "", "| broken file | verdict | reason, or what was read |", "|---|---|---|"]
    lines += [f"| {ident} | {verdict} | {reason} |" for ident, verdict, reason in broken]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "catalogue")
    parser.add_argument("--reuse", action="store_true", help="reuse the catalogue already in --out")
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask LocalCluster run")
    parser.add_argument("--md", type=Path, default=HERE / "catalogue-results.md")
    parser.add_argument("--timeout-s", type=float, default=30.0, help="each document's time limit (default 30)")
    args = parser.parse_args(argv)

    from auditor.catalogue import load_manifest
    from auditor.runner import RunLimits, plan, run_jobs
    from auditor.runner.jobs import ruleset_for

    out = args.out.resolve()
    manifest = out / "portfolio.yaml"
    if not (args.reuse and manifest.is_file()):
        start = time.perf_counter()
        catalogue.build(out, args.n, args.seed)
        print(f"catalogue: {args.n} agreements in {time.perf_counter() - start:,.0f} s", file=sys.stderr)
    agreements = load_manifest(manifest).agreements
    jobs = plan(agreements, ruleset_for(None), None, {})
    limits = RunLimits(timeout_s=args.timeout_s)
    runs = []
    for name, workers in (("`--jobs 1`", 1), ("`--jobs 2`", 2)):
        runs.append(measure(name, jobs, lambda js, w=workers: run_jobs(js, workers=w, limits=limits)))
        print(f"{name}: {runs[-1].seconds:,.1f} s", file=sys.stderr)
    if not args.no_cluster:
        runs.append(measure("Dask `LocalCluster`, 2 workers", jobs, local_cluster_run(limits)))
        print(f"cluster: {runs[-1].seconds:,.1f} s", file=sys.stderr)
    broken = [(r.agreement.id, r.verdict,
               "; ".join(f"{e['message']} ({e['code']})" for e in r.errors) or (r.warnings[:1] or [""])[0])
              for r in runs[0].reports if r.agreement.id.endswith(catalogue.BROKEN)]
    table = render_table(len(agreements), args.seed, runs, broken, rerun_rows(manifest, runs[0], args.timeout_s),
                         manifest, args.timeout_s)
    args.md.parent.mkdir(parents=True, exist_ok=True)
    args.md.write_text(table, encoding="utf-8")
    print(table)
    return 0 if all(m.output == runs[0].output for m in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
