"""Auditing many agreements: on every core, or on a Dask cluster, each within its limits.

    from auditor.runner import RunLimits, plan, run_jobs

    jobs = plan(agreements, ruleset, rules_dir=None, load_options={})
    outcomes = run_jobs(jobs, workers=4, limits=RunLimits(timeout_s=300, max_memory_mb=2048))
    reports = [o.report for o in outcomes]       # in the agreements' order

Three ways to run the same jobs, with the same reports in the same order:

* in this process, one after the other: one worker and no limits;
* on this machine (:class:`LocalPool`): ``workers`` sandboxed worker
  processes (:class:`~auditor.runner.sandbox.Sandbox`), each loading the
  rule set and the spaCy pipeline once, driven by a
  ``concurrent.futures.ThreadPoolExecutor`` of as many threads. One worker
  with limits still runs in a child process, so a hanging or exploding
  file is stopped and reported;
* on a Dask cluster (``cluster="tcp://host:8786"``): through the
  ``concurrent.futures`` executor of a ``distributed.Client``; each task
  runs :func:`~auditor.runner.sandbox.run_on_worker`, the same sandbox
  with the same limits inside the Dask worker. The files and the rules
  folder must be reachable at the same paths on the workers (shared
  storage), with the same version of auditor installed; a worker that
  differs reports the agreement as not assessable rather than a different
  result.

Jobs are handed out largest files first, so one long agreement does not
finish last; the outcomes are put back in the agreements' order.
"""

from __future__ import annotations

import os
import queue
import re
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from auditor.model import Agreement
from auditor.rules import RuleSet

from .jobs import STOPPED_AT_LIMIT, Job, Outcome, execute, failed, stopped_at_limit
from .sandbox import RunLimits, Sandbox, WorkerError, run_on_worker

__all__ = ["STOPPED_AT_LIMIT", "ClusterError", "Job", "LocalPool", "Outcome", "RunLimits", "WorkerError", "cpu_count", "dask_executor", "plan",
           "run_jobs", "stopped_at_limit"]


_ADDRESS = re.compile(r"^[a-z][a-z0-9+]*://(\[[^\]\s]+\]|[^:/\s\[\]]+):\d+/?$")  # tcp://HOST:PORT, tls://[::1]:8786


class ClusterError(Exception):
    """The cluster cannot be used: the extra is not installed, or the scheduler cannot be reached."""


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def plan(agreements: list[Agreement] | tuple[Agreement, ...], ruleset: RuleSet, rules_dir: str | None,
         load_options: dict[str, Any]) -> list[Job]:
    """One job per agreement, in order, read from this working directory."""
    cwd = os.getcwd()
    return [Job(i, a, rules_dir, ruleset.sha256, dict(load_options), cwd) for i, a in enumerate(agreements)]


class LocalPool:
    """``workers`` sandboxed worker processes on this machine, as a job executor (use ``with``)."""

    def __init__(self, workers: int, limits: RunLimits, rules_dir: str | None = None) -> None:
        self._sandboxes = [Sandbox(limits, rules_dir) for _ in range(max(1, workers))]
        self._free: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
        for sandbox in self._sandboxes:
            sandbox.start()  # start-ups overlap with each other and with the caller's own work
            self._free.put(sandbox)
        self._threads = ThreadPoolExecutor(max_workers=len(self._sandboxes), thread_name_prefix="auditor-worker")

    def submit(self, job: Job) -> Future[Outcome]:
        return self._threads.submit(self._run, job)

    def _run(self, job: Job) -> Outcome:
        sandbox = self._free.get()
        try:
            return sandbox.run(job)
        finally:
            self._free.put(sandbox)

    @property
    def processes_started(self) -> int:
        """Worker processes started so far (more than ``workers`` when some were replaced)."""
        return sum(s.started for s in self._sandboxes)

    def close(self, now: bool = False) -> None:
        """Let the running jobs finish and end the workers; with ``now`` (an interrupted run),
        kill the workers at once instead."""
        if now:
            for sandbox in self._sandboxes:
                sandbox.kill()
        self._threads.shutdown(wait=not now, cancel_futures=True)
        for sandbox in self._sandboxes:
            sandbox.close()

    def __enter__(self) -> "LocalPool":
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(now=kind is not None and not issubclass(kind, SystemExit))


def run_jobs(jobs: list[Job], *, workers: int = 1, limits: RunLimits = RunLimits(), cluster: str | None = None,
             on_done: Callable[[Outcome], None] | None = None, pool: LocalPool | None = None) -> list[Outcome]:
    """Every job's outcome, in the jobs' order; ``on_done`` is called as each one finishes.

    Raises :class:`WorkerError` when no worker can start and :class:`ClusterError`
    when the cluster cannot be used; a bad file never raises.
    """
    done = on_done or (lambda outcome: None)
    if cluster:
        with dask_executor(cluster) as executor:
            return _collect(jobs, _submitted(lambda job: executor.submit(run_on_worker, job, limits), jobs), done)
    if pool is not None:
        return _collect(jobs, _submitted(pool.submit, jobs), done)
    if workers <= 1 and not limits.enforced:
        outcomes = []
        for job in jobs:
            outcomes.append(execute(job))
            done(outcomes[-1])
        return outcomes
    rules_dir = jobs[0].rules_dir if jobs else None
    with LocalPool(min(workers, len(jobs)) or 1, limits, rules_dir) as local:
        return _collect(jobs, _submitted(local.submit, jobs), done)


def _largest_first(jobs: list[Job]) -> list[Job]:
    def size(job: Job) -> int:
        total = 0
        for f in job.agreement.files:
            try:
                total += os.stat(os.path.join(job.cwd, f)).st_size
            except OSError:
                pass
        return total

    return sorted(jobs, key=lambda j: (-size(j), j.index))


def _submitted(submit: Callable[[Job], Future[Outcome]], jobs: list[Job]) -> dict[Future[Outcome], Job]:
    return {submit(job): job for job in _largest_first(jobs)}


def _collect(jobs: list[Job], futures: dict[Future[Outcome], Job], done: Callable[[Outcome], None]) -> list[Outcome]:
    results: dict[int, Outcome] = {}
    try:
        for future in as_completed(futures):
            job = futures[future]
            try:
                outcome = future.result()
            except WorkerError:
                raise
            except Exception as exc:  # the cluster lost the task's worker, or could not run it
                outcome = failed(job, "cluster_error", f"the cluster could not run it ({type(exc).__name__}: "
                                                       f"{' '.join(str(exc).split())[:200]})")
            results[job.index] = outcome
            done(outcome)
    finally:
        for future in futures:
            future.cancel()
    return [results[job.index] for job in jobs]


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """The ``concurrent.futures`` executor of a Dask cluster's client; the client is closed on exit."""
    if not _ADDRESS.match(address):
        raise ClusterError("--cluster takes a Dask scheduler's address, such as tcp://scheduler:8786, "
                           f"not {address!r}")
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask distributed: pip install 'auditor[cluster]'") from None
    try:
        client = Client(address, set_as_default=False)  # waits as Dask's distributed.comm.timeouts.connect says
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
