"""The register: each agreement's current result, and the history of every run.

::

    with Register.open("register.sqlite") as register:
        run = register.begin_run(started_at, auditor_version, context)
        report = register.lookup(inputs)            # the stored result, or None
        if report is None:
            report = audit(...)                     # anywhere: this process or a worker
        register.store(run, inputs, report, decisions, reused=...)
        register.finish_run(run, finished_at)

Results are stored as the report's JSON (:meth:`DocumentReport.to_dict`) and
read back with :meth:`DocumentReport.from_dict`, so a stored result renders
byte for byte as the fresh one did. Each :meth:`Register.store` is one
transaction: an interrupted run keeps every agreement it finished.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields, replace

from auditor.model import COVERED, DocumentReport, Finding
from auditor.model import SCHEMA_VERSION as REPORT_SCHEMA

from .keys import AgreementInputs, FileDigest, canonical, more_generous
from .records import (STATE_COVERED, STATE_OPEN, DecisionsRead, RulesetContext, StoredAgreement, TopicDecision,
                      TopicEntry)
from .schema import RegisterError, as_register_error, connect

#: topic_history's columns of a TopicDecision, in the order of its fields.
_DECISION_FIELDS = tuple(f.name for f in fields(TopicDecision))


@dataclass(frozen=True)
class RunRecord:
    """One ``auditor audit --db`` run."""

    id: int
    started_at: str
    finished_at: str | None
    auditor_version: str
    ruleset_sha256: str
    audited: int
    reused: int


def topic_section(finding: Finding | None) -> str:
    """The section a topic's finding rests on: that of its first quote ("" when it quotes nothing)."""
    if finding is None:
        return ""
    for evidence in finding.evidence:
        if evidence.section:
            return evidence.section
    return ""


def topic_entries(run_id: int, report: DocumentReport, decisions: DecisionsRead) -> tuple[TopicEntry, ...]:
    """Each topic of ``report`` with its section and the decision state ``decisions`` gives it."""
    findings: dict[str, Finding] = {}
    for f in report.findings:
        findings.setdefault(f.topic, f)
    states = {d.topic: d for d in decisions.topics}
    entries = []
    for topic, status in report.topics.items():
        finding = findings.get(topic)
        decision = states.get(topic) or TopicDecision(topic, STATE_COVERED if status == COVERED else STATE_OPEN,
                                                      decisions.error or "no decision recorded")
        if finding is not None and not decision.finding_id:
            decision = replace(decision, finding_id=finding.id)
        entries.append(TopicEntry(run_id, status, topic_section(finding), decision))
    return tuple(entries)


class Register:
    """An open register (see :mod:`auditor.register.schema` for the file, this module for its use)."""

    def __init__(self, path: str, conn: sqlite3.Connection):
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Register:
        """Open the register at ``path`` (made when missing and ``create``); raises :class:`RegisterError`."""
        return cls(str(path), connect(path, create=create))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conn
        except sqlite3.Error as exc:
            raise as_register_error(self.path, exc) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._guard() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------------ runs

    def begin_run(self, started_at: str, auditor_version: str, ruleset: RulesetContext) -> int:
        """Record a run's start; returns its id."""
        with self._transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO rulesets (sha256, version, context) VALUES (?, ?, ?)",
                         (ruleset.sha256, ruleset.version, ruleset.to_json()))
            cur = conn.execute("INSERT INTO runs (started_at, auditor_version, ruleset_sha256) VALUES (?, ?, ?)",
                               (started_at, auditor_version, ruleset.sha256))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, finished_at: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (finished_at, run_id))

    def runs(self) -> tuple[RunRecord, ...]:
        """Every run, oldest first."""
        with self._guard() as conn:
            rows = conn.execute("SELECT id, started_at, finished_at, auditor_version, ruleset_sha256, audited, "
                                "reused FROM runs ORDER BY id").fetchall()
        return tuple(RunRecord(*row) for row in rows)

    # ------------------------------------------------------------------ results

    def lookup(self, inputs: AgreementInputs, limits: Mapping[str, float] | None = None) -> DocumentReport | None:
        """The stored result of the agreement when every input is unchanged, else None.

        A result that a run limit stopped is None too when ``limits`` (this run's) give more
        time or memory than the run that stopped it had.
        """
        with self._guard() as conn:
            row = conn.execute("SELECT report, report_schema, stopped_under FROM agreements WHERE id = ? "
                               "AND input_key = ?", (inputs.agreement_id, inputs.key())).fetchone()
        if row is None or row[1] != REPORT_SCHEMA:
            return None
        if row[2] is not None and limits is not None and more_generous(limits, json.loads(row[2])):
            return None
        try:
            return DocumentReport.from_dict(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None  # a result of another shape: audited again, and replaced

    def store(self, run_id: int, inputs: AgreementInputs, report: DocumentReport, decisions: DecisionsRead, *,
              reused: bool, stopped_under: Mapping[str, float] | None = None) -> None:
        """Record ``report`` as the agreement's result in run ``run_id``, in one transaction;
        ``stopped_under``: the run limits that stopped it, when one did."""
        key = inputs.key()
        entries = topic_entries(run_id, report, decisions)
        decided = (decisions.path, decisions.sha256, decisions.error or None)
        with self._transaction() as conn:
            updated = 0
            if reused:
                updated = conn.execute(
                    "UPDATE agreements SET last_run = ?, decisions_file = ?, decisions_sha256 = ?, "
                    "decisions_error = ? WHERE id = ? AND input_key = ?",
                    (run_id, *decided, inputs.agreement_id, key)).rowcount
            if not updated:
                conn.execute(
                    "INSERT INTO agreements (id, label, input_key, files, ruleset_sha256, auditor_version, build, "
                    "options, report_schema, report, verdict, audited_run, last_run, decisions_file, "
                    "decisions_sha256, decisions_error, stopped_under) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET label = excluded.label, input_key = excluded.input_key, "
                    "files = excluded.files, ruleset_sha256 = excluded.ruleset_sha256, "
                    "auditor_version = excluded.auditor_version, build = excluded.build, options = excluded.options, "
                    "report_schema = excluded.report_schema, report = excluded.report, verdict = excluded.verdict, "
                    "audited_run = excluded.audited_run, last_run = excluded.last_run, "
                    "decisions_file = excluded.decisions_file, decisions_sha256 = excluded.decisions_sha256, "
                    "decisions_error = excluded.decisions_error, stopped_under = excluded.stopped_under",
                    (inputs.agreement_id, inputs.label, key, json.dumps([f.to_dict() for f in inputs.files]),
                     inputs.ruleset_sha256, inputs.auditor_version, inputs.build, inputs.options, REPORT_SCHEMA,
                     json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")), report.verdict,
                     run_id, run_id, *decided, None if stopped_under is None else canonical(dict(stopped_under))))
            conn.execute("INSERT OR REPLACE INTO agreement_history (run_id, agreement_id, input_key, verdict, "
                         "reused) VALUES (?, ?, ?, ?, ?)", (run_id, inputs.agreement_id, key, report.verdict,
                                                            int(reused)))
            conn.execute("DELETE FROM topic_history WHERE run_id = ? AND agreement_id = ?",
                         (run_id, inputs.agreement_id))
            conn.executemany(
                f"INSERT INTO topic_history (run_id, agreement_id, position, status, section, "
                f"{', '.join(_DECISION_FIELDS)}) VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(_DECISION_FIELDS))})",
                [(run_id, inputs.agreement_id, n, e.status, e.section, *astuple(e.decision))
                 for n, e in enumerate(entries)])
            column = "reused" if reused else "audited"
            conn.execute(f"UPDATE runs SET {column} = {column} + 1 WHERE id = ?", (run_id,))

    # ------------------------------------------------------------------ reading back

    def _topics(self, conn: sqlite3.Connection, agreement_id: str, run_id: int | None = None) -> tuple[TopicEntry, ...]:
        where = "agreement_id = ?" + (" AND run_id = ?" if run_id is not None else "")
        args: tuple[object, ...] = (agreement_id,) if run_id is None else (agreement_id, run_id)
        rows = conn.execute(f"SELECT run_id, status, section, {', '.join(_DECISION_FIELDS)} FROM topic_history "
                            f"WHERE {where} ORDER BY run_id, position", args).fetchall()
        return tuple(TopicEntry(run_id, status, section, TopicDecision(*rest)) for run_id, status, section, *rest in rows)

    def agreements(self) -> tuple[StoredAgreement, ...]:
        """Every agreement with its current result, ordered by id."""
        with self._guard() as conn:
            rulesets = {sha: RulesetContext.from_json(sha, version, context) for sha, version, context
                        in conn.execute("SELECT sha256, version, context FROM rulesets")}
            rows = conn.execute("SELECT id, label, files, report, ruleset_sha256, auditor_version, audited_run, "
                                "last_run, decisions_file, decisions_error FROM agreements ORDER BY id").fetchall()
            out = []
            for (aid, label, files, report, ruleset, version, audited, last, dfile, derror) in rows:
                try:
                    loaded = DocumentReport.from_dict(json.loads(report))
                    digests = tuple(FileDigest(f["path"], f["sha256"]) for f in json.loads(files))
                except (ValueError, KeyError, TypeError) as exc:
                    raise RegisterError(f"{self.path}: the stored result of '{aid}' cannot be read ({exc}); "
                                        "audit it again") from None
                out.append(StoredAgreement(aid, label, digests, loaded, rulesets[ruleset], version, audited, last,
                                           self._topics(conn, aid, last), dfile, derror or ""))
        return tuple(out)

    def history(self, agreement_id: str) -> tuple[TopicEntry, ...]:
        """Every topic entry of an agreement across runs, oldest run first, topics in order."""
        with self._guard() as conn:
            return self._topics(conn, agreement_id)


__all__ = ["Register", "RegisterError", "RunRecord", "topic_entries", "topic_section"]
