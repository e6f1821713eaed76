"""``audit --db``: keep every agreement's result in a register and audit only what changed.

The hook wraps "audit one agreement": :meth:`Ledger.lookup` (is the stored
result still good?), the audit when it is not, :meth:`Ledger.store`. Lookup
and store run in the process that holds the register; the audit itself can
run anywhere (this process or a worker), so the same hook serves serial and
parallel runs::

    ledger = open_ledger(register, ruleset, reading, run.limits)   # None without --db
    stored = ledger.lookup(ledger.inputs(label, files))           # None: audit it
    ledger.store(inputs, files, report, reused=stored is not None)
    ...
    if ledger: ledger.finish(quiet)

A result that a run limit stopped (``timeout``, ``worker_died``,
``out_of_memory``) is kept with those limits, and audited again only by a
run that gives more time or memory.

Each agreement's decisions file is read on every run (next to its first file,
or under ``--decisions-dir``), never written; its open and decided findings
go into the register with the topic statuses.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from .common import Reading, err, fail, timestamp

if TYPE_CHECKING:  # pragma: no cover
    from auditor.model import DocumentReport
    from auditor.register import AgreementInputs, DecisionsRead, Register
    from auditor.rules import RuleSet
    from auditor.runner import RunLimits


@dataclass(frozen=True)
class RegisterOptions:
    """``--db`` and ``--decisions-dir``."""

    db: str | None = None
    decisions_dir: str | None = None


def register_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db`` and ``--decisions-dir``; the command receives them as one ``register`` argument."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["register"] = RegisterOptions(kwargs.pop("db"), kwargs.pop("decisions_dir"))
        return command(*args, **kwargs)

    wrapper = click.option(
        "--decisions-dir", type=click.Path(file_okay=False), default=None,
        help="With --db: read each agreement's decisions file here, at its path relative to the working "
             "directory (default: next to the agreement).")(wrapper)
    return click.option(
        "--db", type=click.Path(dir_okay=False), default=None,
        help="Register (SQLite): keep every agreement's result and audit only what changed since.")(wrapper)


class Ledger:
    """One audit run's use of the register."""

    def __init__(self, register: Register, run_id: int, ruleset: RuleSet, reading: Reading, root: str,
                 decisions_dir: str | None, limits: RunLimits | None = None):
        from auditor import __version__
        from auditor.model import RulesetInfo
        from auditor.register import build_digest, options_json

        self.register = register
        self.run_id = run_id
        self.ruleset = ruleset
        self.reading = reading
        self.root = root
        self.decisions_dir = decisions_dir
        # The run's limits, as a stopped result is kept with them (None: results are never stopped).
        self.limits = None if limits is None else {"timeout_s": limits.timeout_s,
                                                   "max_memory_mb": limits.max_memory_mb}
        self.version = __version__
        self.info = RulesetInfo(ruleset.version, ruleset.sha256, ruleset.path)
        self.build = build_digest()
        self.options = options_json(reading.load_options())
        self.audited = 0
        self.reused = 0

    def inputs(self, label: str, files: list[str], agreement_id: str | None = None) -> AgreementInputs:
        """What the agreement's result depends on (its files are hashed now)."""
        from auditor.register import AgreementInputs, FileDigest, agreement_id as id_of, file_digest

        limit = self.reading.max_mb * 1024 * 1024
        return AgreementInputs(agreement_id or id_of(files, self.root), label,
                               tuple(FileDigest(f, file_digest(f, limit)) for f in files),
                               self.ruleset.sha256, self.version, self.build, self.options)

    def lookup(self, inputs: AgreementInputs) -> DocumentReport | None:
        """The stored result when nothing it depends on changed."""
        from auditor.register import RegisterError

        try:
            return self.register.lookup(inputs, self.limits)
        except RegisterError as exc:
            fail(f"error: {exc}")

    def store(self, inputs: AgreementInputs, files: list[str], report: DocumentReport, *, reused: bool) -> None:
        """Record the result, with the agreement's decisions as they stand now."""
        from auditor.register import RegisterError
        from auditor.runner import stopped_at_limit

        stopped = self.limits if stopped_at_limit(report) else None
        try:
            self.register.store(self.run_id, inputs, report, self._decisions(files, report), reused=reused,
                                stopped_under=stopped)
        except RegisterError as exc:
            fail(f"error: {exc}")
        if reused:
            self.reused += 1
        else:
            self.audited += 1

    def finish(self, quiet: bool = False) -> None:
        """Mark the run finished and close the register."""
        from auditor.register import RegisterError

        try:
            self.register.finish_run(self.run_id, timestamp())
        except RegisterError as exc:
            fail(f"error: {exc}")
        finally:
            self.register.close()
        if not quiet:
            err(f"register {self.register.path}: {self.audited} audited, {self.reused} unchanged (stored result used)")

    def _decisions_path(self, files: list[str]) -> Path:
        from auditor.review.decisions import agreement_decisions_path

        beside = agreement_decisions_path(files)
        if self.decisions_dir is None:
            return beside
        absolute = Path(os.path.abspath(beside))
        try:
            relative = absolute.relative_to(os.path.abspath(self.root))
        except ValueError:
            relative = Path(absolute.name)
        return Path(self.decisions_dir) / relative

    def _decisions(self, files: list[str], report: DocumentReport) -> DecisionsRead:
        from auditor.model import NOT_ASSESSABLE
        from auditor.register import DecisionsRead, TopicDecision
        from auditor.review.decisions import DecisionsError, load_decisions
        from auditor.review.signoff import build_signoff

        path = self._decisions_path(files)
        try:
            dfile = load_decisions(path)
        except DecisionsError as exc:
            message = "; ".join(exc.lines())
            err(f"error: {message} (its decisions are counted as open)")
            return DecisionsRead(str(path), None, (), f"the decisions file could not be read: {message}")
        if report.verdict == NOT_ASSESSABLE:
            return DecisionsRead(str(path) if dfile.exists else None, dfile.loaded_sha256)
        signoff = build_signoff(report, dfile, ruleset=self.info, auditor_version=self.version,
                                topic_titles={r.topic: r.title for r in self.ruleset.rules})
        topics = []
        for t in signoff.topics:
            entry = t.resolution.entry if t.resolution is not None and t.resolution.applies else None
            topics.append(TopicDecision(
                t.topic, t.state, t.reason, t.finding.id if t.finding else "",
                *((entry.decision or "", entry.reviewer or "", entry.role or "", entry.date or "",
                   entry.rationale or "") if entry is not None else ())))
        return DecisionsRead(str(path) if dfile.exists else None, dfile.loaded_sha256, tuple(topics))


def open_ledger(options: RegisterOptions, ruleset: RuleSet, reading: Reading,
                limits: RunLimits | None = None) -> Ledger | None:
    """The run's ledger when ``--db`` is given (exit 2 when the register cannot be used), else None."""
    if options.db is None:
        if options.decisions_dir is not None:
            fail("error: --decisions-dir is read only with --db")
        return None
    from auditor import __version__
    from auditor.register import Register, RegisterError, RulesetContext

    from .common import audit_run

    context = RulesetContext.of_run(audit_run(ruleset, []))
    try:
        register = Register.open(options.db)
        run_id = register.begin_run(timestamp(), __version__, context)
    except RegisterError as exc:
        fail(f"error: {exc}")
    return Ledger(register, run_id, ruleset, reading, os.getcwd(), options.decisions_dir, limits)


__all__ = ["Ledger", "RegisterOptions", "open_ledger", "register_options"]
