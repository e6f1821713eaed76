"""What the commands that audit many agreements share (``audit``, ``eval``).

* :func:`run_options`: ``--jobs``, ``--timeout-s``, ``--max-memory-mb`` and
  ``--cluster``, received as one :class:`Run`;
* :func:`source_options`: ``--manifest``, ``--bundle-dirs`` and
  ``--exclude``, received as one :class:`Sources`;
* :func:`collect`: the agreements a command line names (:mod:`auditor.catalogue`),
  with the files a folder walk left out said on standard error;
* :func:`audit_agreements`: their reports, in order, on every core or on a
  cluster (:mod:`auditor.runner`), with progress on standard error.

An option left out takes its value from the configuration file
(:mod:`.config`), else the built-in default.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, ContextManager

import click

from .common import EXIT_ERROR, config, err, fail

if TYPE_CHECKING:  # pragma: no cover
    from auditor.catalogue import Catalogue
    from auditor.model import Agreement, DocumentReport
    from auditor.rules import RuleSet
    from auditor.runner import LocalPool, RunLimits
    from .register_hook import Ledger

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_MEMORY_MB = 2048


@dataclass(frozen=True)
class Run:
    """Where and within which limits agreements are audited."""

    jobs: int
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    cluster: str | None = None

    @property
    def limits(self) -> RunLimits:
        from auditor.runner import RunLimits

        return RunLimits(timeout_s=self.timeout_s, max_memory_mb=self.max_memory_mb)


@dataclass(frozen=True)
class Sources:
    """Which agreements a command line names besides its paths."""

    manifest: str | None = None
    bundle_dirs: bool = False
    exclude: tuple[str, ...] = ()


def _first(*values: Any) -> Any:
    return next(v for v in values if v is not None)


def run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--jobs``, ``--timeout-s``, ``--max-memory-mb`` and ``--cluster``; the command gets ``run``."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from auditor.runner import cpu_count

        conf = config()
        kwargs["run"] = Run(
            jobs=_first(kwargs.pop("jobs"), conf.jobs, cpu_count()),
            timeout_s=_first(kwargs.pop("timeout_s"), conf.timeout_s, DEFAULT_TIMEOUT_S),
            max_memory_mb=_first(kwargs.pop("max_memory_mb"), conf.max_memory_mb, DEFAULT_MAX_MEMORY_MB),
            cluster=kwargs.pop("cluster"),
        )
        return command(*args, **kwargs)

    for option in reversed((
        click.option("-j", "--jobs", type=click.IntRange(1), default=None,
                     help="Worker processes [default: the number of cores, or the configuration's]."),
        click.option("--timeout-s", type=click.FloatRange(0), default=None,
                     help=f"Stop reading an agreement after this many seconds; it is then not assessable "
                          f"[default: {DEFAULT_TIMEOUT_S:g}; 0: no limit]."),
        click.option("--max-memory-mb", type=click.IntRange(0), default=None,
                     help=f"Cap each worker's memory (address space) in MB; an agreement that needs more is "
                          f"not assessable [default: {DEFAULT_MAX_MEMORY_MB}; 0: no cap]."),
        click.option("--cluster", metavar="tcp://HOST:PORT", default=None,
                     help="Run on this Dask scheduler's workers (needs auditor[cluster]) instead of local cores."),
    )):
        wrapper = option(wrapper)
    return wrapper


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--manifest``, ``--bundle-dirs`` and ``--exclude``; the command gets ``sources``."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        exclude = kwargs.pop("exclude")
        kwargs["sources"] = Sources(kwargs.pop("manifest"), kwargs.pop("bundle_dirs"),
                                    tuple(exclude) if exclude else (config().exclude or ()))
        return command(*args, **kwargs)

    for option in reversed((
        click.option("--manifest", type=click.Path(dir_okay=False), default=None,
                     help="A portfolio manifest (.yaml or .csv) listing the agreements: id, files, counterparty, notes."),
        click.option("--bundle-dirs", is_flag=True,
                     help="Each sub-folder of the folders given is one agreement (its files read as one bundle)."),
        click.option("--exclude", metavar="GLOB", multiple=True,
                     help="Leave out files and folders matching GLOB in folder walks (repeatable)."),
    )):
        wrapper = option(wrapper)
    return wrapper


def collect(paths: tuple[str, ...], sources: Sources, bundle: bool) -> Catalogue:
    """The agreements to audit; exit 2 on a usage or manifest error. What a folder walk left
    out is listed on standard error (files excluded by ``--exclude`` as a count; auditor's own
    decisions files and reviewed copies, which sit beside the agreements, not at all)."""
    from auditor.catalogue import ManifestError, from_bundle_dirs, from_paths, load_manifest

    if sources.manifest is not None:
        if paths or sources.bundle_dirs or bundle:
            fail("error: --manifest lists the agreements; give no paths, --bundle or --bundle-dirs with it")
        try:
            catalogue = load_manifest(sources.manifest)
        except ManifestError as exc:
            fail("\n".join(f"manifest error: {p}" for p in exc.problems))
    elif not paths:
        fail("error: give files or folders to audit, or --manifest FILE")
    elif sources.bundle_dirs:
        if bundle:
            fail("error: --bundle-dirs already reads each sub-folder as one bundle; leave out --bundle")
        catalogue = from_bundle_dirs(paths, exclude=sources.exclude)
    else:
        catalogue = from_paths(paths, bundle=bundle, exclude=sources.exclude)
    from auditor.walk import OWN_FILES

    for s in catalogue.skipped:
        if not s.excluded and s.reason not in OWN_FILES:
            err(f"skipped: {s.path}: {s.reason}")
    excluded = sum(s.excluded for s in catalogue.skipped)
    if excluded:
        err(f"{excluded} file{'s' if excluded != 1 else ''} or folder{'s' if excluded != 1 else ''} "
            "left out by --exclude")
    if not catalogue.agreements:
        fail("error: no documents found in the paths given")
    return catalogue


def start_workers(run: Run, rules_dir: str | None, agreements: int) -> ContextManager[LocalPool | None]:
    """Start the local worker processes now, so they load while this process loads the rules
    (pass the pool to :func:`audit_agreements`); nothing to start in-process or on a cluster."""
    from auditor.runner import LocalPool

    if run.cluster or agreements == 0 or (run.jobs == 1 and not run.limits.enforced):
        return contextlib.nullcontext()
    return LocalPool(min(run.jobs, agreements), run.limits, rules_dir)


def audit_agreements(agreements: tuple[Agreement, ...] | list[Agreement], ruleset: RuleSet, rules_dir: str | None,
                     load_options: dict[str, Any], run: Run, quiet: bool = False,
                     pool: LocalPool | None = None, ledger: Ledger | None = None) -> list[DocumentReport]:
    """Every agreement's report, in order; progress and each agreement's errors on standard error.

    With a register (``ledger``, from ``--db``), an agreement whose files, rule set and
    options are unchanged gets its stored result; only the others are audited, and
    every result is stored. Lookups and stores happen here, in the parent process.
    Exit 2 when no worker can start or the cluster cannot be used.
    """
    if ledger is None:
        return _audit_all(list(agreements), ruleset, rules_dir, load_options, run, quiet, pool)
    inputs = [ledger.inputs(_label(a), list(a.files), None if a.id == _label(a) else a.id) for a in agreements]
    stored = [ledger.lookup(i) for i in inputs]
    todo = [a for a, got in zip(agreements, stored) if got is None]
    fresh = iter(_audit_all(todo, ruleset, rules_dir, load_options, run, quiet, pool) if todo else [])
    reports = []
    for a, i, got in zip(agreements, inputs, stored):
        # A stored result is the agreement's as this run names it (its counterparty and notes may have changed).
        report = replace(got, agreement=a) if got is not None else next(fresh)
        ledger.store(i, list(a.files), report, reused=got is not None)
        reports.append(report)
    return reports


def _label(agreement: Agreement) -> str:
    return " + ".join(agreement.files)


def _audit_all(agreements: list[Agreement], ruleset: RuleSet, rules_dir: str | None, load_options: dict[str, Any],
               run: Run, quiet: bool, pool: LocalPool | None) -> list[DocumentReport]:
    from auditor.runner import ClusterError, WorkerError, plan, run_jobs

    from .progress import Progress

    jobs = plan(agreements, ruleset, rules_dir, load_options)
    with Progress(len(jobs), quiet) as progress:
        def done(outcome: Any) -> None:
            report = outcome.report
            label = report.agreement.id if report.agreement is not None else report.path
            progress.advance(label)
            for e in report.errors:
                progress.message(f"error: {label}: {e.get('message')} [{e.get('code')}]")

        try:
            outcomes = run_jobs(jobs, workers=run.jobs, limits=run.limits, cluster=run.cluster, on_done=done,
                                pool=pool)
        except (WorkerError, ClusterError) as exc:
            fail(f"error: {exc}", EXIT_ERROR)
    return [o.report for o in outcomes]
