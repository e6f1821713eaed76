"""What a worker is given and what it gives back, and the audit of one job in this process.

A :class:`Job` is everything needed to audit one agreement anywhere: the
agreement, the rule set (its folder, or None for the bundled one, and the
SHA-256 the run expects), the reading options, the working directory its
relative paths are read from, and the version of auditor that planned it.
:func:`execute` audits it in the current process and never raises: a bad
file, a rule set or version that differs from the run's, or a failure of
auditor itself becomes a ``not_assessable`` report with its reason.
Rule sets are loaded once per process and kept (:func:`ruleset_for`).
"""

from __future__ import annotations

import os
import resource
import socket
import time
from dataclasses import dataclass, field, replace
from typing import Any

from auditor import __version__
from auditor.model import Agreement, DocumentReport, IngestError
from auditor.rules import RuleSet

_RULESETS: dict[str | None, RuleSet] = {}


@dataclass(frozen=True)
class Job:
    """One agreement to audit, with everything a worker needs."""

    index: int
    agreement: Agreement
    rules_dir: str | None
    rules_sha256: str
    load_options: dict[str, Any] = field(default_factory=dict)
    cwd: str = ""
    version: str = __version__


@dataclass(frozen=True)
class Outcome:
    """A job's report, how long it took, which worker ran it and that worker's peak memory."""

    index: int
    report: DocumentReport
    seconds: float = 0.0
    worker: str = ""  # host:pid
    peak_rss_mb: float = 0.0


def ruleset_for(rules_dir: str | None, expected_sha256: str | None = None) -> RuleSet:
    """The rule set in ``rules_dir`` (None: the bundled one), loaded once per process, and
    again when the run expects another one (its files changed since this process read them)."""
    from auditor.rules import load_ruleset

    got = _RULESETS.get(rules_dir)
    if got is None or (expected_sha256 is not None and got.sha256 != expected_sha256):
        got = _RULESETS[rules_dir] = load_ruleset(rules_dir)
    return got


#: Error codes of an agreement stopped by a limit of the run (``--timeout-s``, ``--max-memory-mb``),
#: not by what it holds: with more time or memory it might be read.
STOPPED_AT_LIMIT = frozenset({"timeout", "worker_died", "out_of_memory"})


def stopped_at_limit(report: DocumentReport) -> bool:
    """True when ``report`` is an agreement that a run limit stopped (see :data:`STOPPED_AT_LIMIT`)."""
    return any(e.get("code") in STOPPED_AT_LIMIT for e in report.errors)


def failed(job: Job, code: str, message: str, **extra: Any) -> Outcome:
    """An outcome for a job that could not be audited: not assessable, with the reason."""
    from auditor.engine import not_assessable

    report = replace(not_assessable(" + ".join(job.agreement.files) or job.agreement.id,
                                    IngestError(code, message)), agreement=job.agreement)
    return Outcome(job.index, report, **extra)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def execute(job: Job) -> Outcome:
    """Audit ``job`` in this process; any failure is a not-assessable outcome, never an exception."""
    from auditor.catalogue import audit_agreement

    start = time.perf_counter()
    where = {"worker": worker_name()}
    if job.version != __version__:
        return failed(job, "worker_mismatch", f"the worker runs auditor {__version__}, this run {job.version}", **where)
    try:
        ruleset = ruleset_for(job.rules_dir, job.rules_sha256)
    except Exception as exc:  # RuleError, or the folder missing where the worker runs
        return failed(job, "worker_mismatch", f"the worker cannot load the rules ({' '.join(str(exc).split())[:200]})",
                      **where)
    if ruleset.sha256 != job.rules_sha256:
        return failed(job, "worker_mismatch", "the worker's rule set differs from this run's "
                                              f"(sha256 {ruleset.sha256[:12]}, expected {job.rules_sha256[:12]})", **where)
    try:
        report = audit_agreement(job.agreement, ruleset, **job.load_options)
    except MemoryError:
        return failed(job, "out_of_memory", "reading it ran out of memory (the cap is --max-memory-mb)", **where)
    except RecursionError:
        return failed(job, "unsafe", "its structure is nested too deeply to read", **where)
    except Exception as exc:  # a failure of auditor itself: reported for this agreement only
        return failed(job, "internal_error", f"auditor failed on this agreement ({type(exc).__name__}: "
                                             f"{' '.join(str(exc).split())[:200]})", **where)
    return Outcome(job.index, report, time.perf_counter() - start, where["worker"], peak_rss_mb())
