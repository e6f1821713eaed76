"""The worker process: ``python -m auditor.runner.worker JOB_FD RESULT_FD MAX_MEMORY_MB [RULES_DIR]``.

Started by :class:`auditor.runner.sandbox.Sandbox`, it loads the rule set
and the spaCy pipeline once (by auditing a one-line agreement), caps its own
address space at ``MAX_MEMORY_MB`` (``resource.setrlimit(RLIMIT_AS)``; 0
for no cap), says it is ready, then audits the jobs it is sent one at a time
(:func:`auditor.runner.jobs.execute`) and sends back each outcome. It reads
jobs from one pipe and writes outcomes to another
(``multiprocessing.connection.Connection`` objects on the two descriptors),
so its standard output is never used: anything printed there goes to
standard error. It ends when the job pipe closes. A worker that ran out of
memory, or came near its cap, sends its outcome and ends, so the next job
starts in a fresh one.
"""

from __future__ import annotations

import os
import resource
import sys
from multiprocessing.connection import Connection

MB = 1024 * 1024
RENEW_SHARE = 0.8  # a worker whose address space passes this share of its cap is replaced
WARM_UP = "1. The Provider shall delete batch outputs within thirty (30) days."


def _address_space_mb() -> float:
    """This process's mapped address space (VmSize), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str]) -> int:
    os.dup2(2, 1)  # stray prints must never reach the report on the parent's standard output
    jobs, results = Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False)
    max_memory_mb = int(argv[2])
    rules_dir = argv[3] if len(argv) > 3 else None

    from auditor.pipeline import audit_text

    from .jobs import execute, ruleset_for, worker_name

    audit_text(WARM_UP, ruleset_for(rules_dir))  # rules, cues and the spaCy pipeline, once
    if max_memory_mb:
        used = _address_space_mb()
        if used >= max_memory_mb:
            results.send(("error", f"a worker needs {used:,.0f} MB of address space to start, "
                                   f"more than the limit of {max_memory_mb:,} MB"))
            return 1
        limit = max_memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    results.send(("ready", worker_name()))
    while True:
        try:
            job = jobs.recv()
        except EOFError:
            return 0
        if job.cwd and job.cwd != os.getcwd() and os.path.isdir(job.cwd):
            os.chdir(job.cwd)  # relative paths read as the run that planned the job reads them
        outcome = execute(job)
        # Grown near its cap (or hit it): say so with the outcome and end; the next job gets a fresh worker.
        retiring = bool(max_memory_mb) and _address_space_mb() > RENEW_SHARE * max_memory_mb
        results.send(("done", outcome, retiring))
        if retiring:
            return 0


if __name__ == "__main__":  # pragma: no cover - run as a child process
    sys.exit(main(sys.argv[1:]))
