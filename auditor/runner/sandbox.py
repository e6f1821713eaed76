"""A worker process that audits one job at a time within a time and memory limit.

:class:`Sandbox` is the parent's side of one worker
(:mod:`auditor.runner.worker`). The worker is a child process started with
``subprocess`` (a fresh interpreter, as multiprocessing's "spawn" start
method gives, but also possible inside a Dask worker, whose daemonic
processes may not have multiprocessing children) in a session of its own.
It loads the rule set and the spaCy pipeline once, caps its own address
space, and then audits jobs until it is closed. For each job the parent
waits at most ``timeout_s`` seconds: past that, the worker's whole process
group (LibreOffice or tesseract included) is killed, the job is reported
``not_assessable`` ("timeout") and the next job starts a fresh worker. A
worker that dies while reading (a crash in a C library, the memory cap
reached outside Python) is reported the same way ("worker_died"); one that
ran out of memory inside Python reports ``out_of_memory`` itself.

:func:`run_on_worker` is what a Dask task runs: one sandbox per Dask
worker thread, kept between tasks.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from .jobs import Job, Outcome, failed


@dataclass(frozen=True)
class RunLimits:
    """Each document's limits: wall-clock seconds and the worker's address space in MB (0: none)."""

    timeout_s: float = 300.0
    max_memory_mb: int = 2048
    start_timeout_s: float = 120.0  # a worker's own start-up (imports, rules, spaCy)

    @property
    def enforced(self) -> bool:
        return bool(self.timeout_s or self.max_memory_mb)


class WorkerError(Exception):
    """A worker that cannot start: a limit too low to start with, a broken installation."""


def _package_root() -> str:
    """The folder holding the ``auditor`` package, so a worker imports this same copy."""
    import auditor

    return os.path.dirname(os.path.dirname(os.path.abspath(auditor.__file__)))


class Sandbox:
    """One worker process, started on :meth:`start` (or on the first job) and replaced when it must be."""

    def __init__(self, limits: RunLimits, rules_dir: str | None = None) -> None:
        self.limits = limits
        self.rules_dir = rules_dir
        self.name = ""
        self.started = 0  # how many worker processes this sandbox has started
        self._proc: subprocess.Popen[bytes] | None = None
        self._jobs: Connection | None = None
        self._results: Connection | None = None
        self._ready = False

    def start(self) -> None:
        """Start the worker process without waiting for it to be ready."""
        if self._proc is not None:
            return
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        argv = [sys.executable, "-m", "auditor.runner.worker", str(job_r), str(res_w),
                str(int(self.limits.max_memory_mb)), *([self.rules_dir] if self.rules_dir else [])]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_package_root(), env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(argv, pass_fds=(job_r, res_w), stdin=subprocess.DEVNULL, stdout=2,
                                          env=env, start_new_session=True)
        finally:
            os.close(job_r)
            os.close(res_w)
        self._jobs = Connection(job_w, readable=False)
        self._results = Connection(res_r, writable=False)
        self._ready = False
        self.started += 1

    def run(self, job: Job) -> Outcome:
        """Audit ``job`` in the worker within the limits; raises :class:`WorkerError` only when
        no worker can be started at all."""
        self._await_ready()
        try:
            self._jobs.send(job)  # type: ignore[union-attr]
        except OSError:  # the worker ended between jobs (killed from outside): a fresh one takes the job
            self._reap()
            self._await_ready()
            self._jobs.send(job)  # type: ignore[union-attr]
        assert self._results is not None
        began = time.perf_counter()
        if not self._results.poll(self.limits.timeout_s or None):
            self.kill()
            return failed(job, "timeout", f"reading it took longer than {self.limits.timeout_s:g} s; stopped "
                                          "(the limit is --timeout-s)", seconds=time.perf_counter() - began,
                          worker=self.name)
        try:
            _, outcome, retiring = self._results.recv()
        except EOFError:
            how = self._reap()
            cap = (f", most likely at the memory cap of {self.limits.max_memory_mb:,} MB (--max-memory-mb)"
                   if self.limits.max_memory_mb else "")
            return failed(job, "worker_died", f"the reader stopped ({how}) while reading it{cap}",
                          seconds=time.perf_counter() - began, worker=self.name)
        if retiring:
            self._reap()
        return outcome

    def _await_ready(self) -> None:
        if self._proc is None:
            self.start()
        if self._ready:
            return
        assert self._results is not None
        if not self._results.poll(self.limits.start_timeout_s):
            self.kill()
            raise WorkerError(f"a worker did not start within {self.limits.start_timeout_s:g} s")
        try:
            kind, payload = self._results.recv()
        except EOFError:
            how = self._reap()
            raise WorkerError(f"a worker stopped while starting ({how})") from None
        if kind != "ready":
            self.kill()
            raise WorkerError(str(payload))
        self.name, self._ready = str(payload), True

    def _reap(self) -> str:
        """Wait for a worker that ended; how it ended, in words."""
        proc = self._proc
        self._forget()
        if proc is None:
            return "no worker"
        code = proc.wait()
        if code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        return f"exit status {code}"

    def kill(self) -> None:
        """Kill the worker and every process it started (its whole session)."""
        proc = self._proc
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        self._reap()

    def close(self) -> None:
        """End the worker: it finishes when its job pipe closes; killed if it does not within 5 s."""
        proc = self._proc
        if proc is None:
            return
        assert self._jobs is not None
        self._jobs.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._forget()

    def _forget(self) -> None:
        for conn in (self._jobs, self._results):
            if conn is not None and not conn.closed:
                conn.close()
        self._proc, self._jobs, self._results, self._ready = None, None, None, False


# --------------------------------------------------------------------------- on a Dask worker

_LOCAL = threading.local()
_ALL: list[Sandbox] = []
_ALL_LOCK = threading.Lock()


def run_on_worker(job: Job, limits: RunLimits) -> Outcome:
    """Audit ``job`` in this thread's sandbox (started on first use, kept between tasks).

    This is the function a Dask cluster runs: the sandbox is a child of the
    Dask worker process, with the same limits as a local run.
    """
    sandbox: Sandbox | None = getattr(_LOCAL, "sandbox", None)
    if sandbox is None or sandbox.limits != limits or sandbox.rules_dir != job.rules_dir:
        if sandbox is not None:
            sandbox.close()
        sandbox = Sandbox(limits, job.rules_dir)
        _LOCAL.sandbox = sandbox
        with _ALL_LOCK:
            if not _ALL:
                atexit.register(_close_all)
            _ALL.append(sandbox)
    return sandbox.run(job)


def _close_all() -> None:
    with _ALL_LOCK:
        for sandbox in _ALL:
            sandbox.close()
        _ALL.clear()
